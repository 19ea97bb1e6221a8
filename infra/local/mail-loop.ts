import type { AppContext } from '#context';
import { sendPending } from '#mail';

// Locally nothing schedules the send function, so `npm start` drains the outbox every few
// seconds: mails written by answers and rounds show up in SES local's viewer.
export function startMailLoop(ctx: AppContext, everyMs = 3_000): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running
      .then(() => sendPending(ctx, { maxPerSecond: ctx.config.mail.maxSendRate }))
      .catch((error: unknown) => ctx.log.error('local mail loop failed', { error }));
  }, everyMs);
  return async () => {
    clearInterval(timer);
    await running;
  };
}
