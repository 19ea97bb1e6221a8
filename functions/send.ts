// Drains the outbox through SES. Run with reserved concurrency 1 (so the rate holds) every
// minute, and after the batches that write mail; each run stops well inside its timeout.
import { loadConfig } from '#config';
import { createContext } from '#context';
import { sendPending } from '#mail';

const ctx = createContext(loadConfig());

export const handler = async () => {
  const report = await sendPending(ctx, {
    maxPerSecond: ctx.config.mail.maxSendRate,
    // About four minutes' worth at the configured rate: well inside a five-minute timeout.
    maxMessages: Math.floor(ctx.config.mail.maxSendRate * 240),
  });
  ctx.log.info('send run done', { ...report });
  return report;
};
