// Sends mail from the outbox through SES. Two ways in: the table's stream, filtered to new
// outbox items (mail goes out within seconds; Lambda reads streams for free), and a schedule
// every ten minutes that sweeps what is left (retries due, lapsed claims). SES_MAX_SEND_RATE per
// instance, times the instances the stream can run at once, stays under the account's rate. Each
// run takes waiting link mails (sign-in, invitations, contact confirmations) first.
import { loadConfig } from '#config';
import { createContext } from '#context';
import { outboxTagsOf, Pacer, sendPending, sendTags, sesMailer } from '#mail';

// The one function that sends, so the one that builds the SES mailer.
const config = loadConfig();
const ctx = createContext(config, { mailer: sesMailer(config) });
// One pace for every invocation this instance serves: a batch that starts as the last one ends
// does not send two mails within one interval.
const pacer = new Pacer(ctx.config.mail.maxSendRate);

export const handler = async (event: unknown) => {
  const options = { maxPerSecond: ctx.config.mail.maxSendRate, pacer };
  const tags = outboxTagsOf(event);
  const report = tags
    ? await sendTags(ctx, tags, options)
    : // About four minutes' worth at the configured rate: well inside the five-minute timeout.
      await sendPending(ctx, { ...options, maxMessages: Math.floor(ctx.config.mail.maxSendRate * 240) });
  ctx.log.info('send run done', { ...report });
  return report;
};
