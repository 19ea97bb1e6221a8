// Sends mail from the outbox through SES. Two ways in: the send queue, fed by the table's stream
// with the tag of each new outbox message (mail goes out within seconds), and a schedule every
// ten minutes that sweeps what is left (retries due, lapsed claims). The queue's maximum
// concurrency and SES_MAX_SEND_RATE per instance keep the account's SES rate.

import { z } from 'zod';
import { loadConfig } from '#config';
import { createContext } from '#context';
import { parse } from '#domain';
import { sendPending, sendTags } from '#mail';
import { isSqsEvent } from '#queue';

const ctx = createContext(loadConfig());
const tagged = z.object({ tag: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) });

export const handler = async (event: unknown) => {
  const options = { maxPerSecond: ctx.config.mail.maxSendRate };
  const report = isSqsEvent(event)
    ? await sendTags(
        ctx,
        event.Records.map((r) => parse(tagged, JSON.parse(r.body)).tag),
        options,
      )
    : // About four minutes' worth at the configured rate: well inside the five-minute timeout.
      await sendPending(ctx, { ...options, maxMessages: Math.floor(ctx.config.mail.maxSendRate * 240) });
  ctx.log.info('send run done', { ...report });
  return report;
};
