import type { SendingContext } from '#context';
import { Pacer, sendPending } from '#mail';

export interface MailLoop {
  /** Sends now (a link mail was queued): starts a run, or another right after the one under way. */
  wake(): void;
  /** Stops the loop after the run under way. */
  stop(): Promise<void>;
}

// Locally nothing schedules the send function, so `npm start` drains the outbox every few
// seconds, and at once when a link mail (sign-in, invitation, contact confirmation) is queued
// (ctx.wakeSender): mails written by answers and rounds show up in SES local's viewer. Runs never
// overlap and share one pacer, so SES_MAX_SEND_RATE holds across them.
export function startMailLoop(ctx: SendingContext, everyMs = 3_000): MailLoop {
  const pacer = new Pacer(ctx.config.mail.maxSendRate);
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;

  const run = () => {
    running = sendPending(ctx, { maxPerSecond: ctx.config.mail.maxSendRate, pacer })
      .then(() => undefined)
      .catch((error: unknown) => ctx.log.error('local mail loop failed', { error }))
      .finally(() => {
        running = undefined;
        if (again && !stopped) {
          again = false;
          run();
        }
      });
  };
  const timer = setInterval(() => {
    if (!running && !stopped) run();
  }, everyMs);

  return {
    wake() {
      if (stopped) return;
      if (running) again = true;
      else run();
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      while (running) await running;
    },
  };
}
