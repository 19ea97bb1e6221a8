import { randomUUID } from 'node:crypto';
import { type OutboxMessage, suppresses } from '#domain';
import type { SenderDeps } from './ports';
import { backoffMs, classifySesError, Pacer, type Verdict, workersFor } from './send-policy';

// Drains the outbox through SES at a bounded rate. Each message is claimed with a conditional
// write before SES is called and marked with SES's message id after, so two senders never send
// the same message. The one window left (docs/mail.md): a sender that stops after SES accepted a
// message but before marking it. Such a message is not sent again while SES's Send event (which
// carries our tag, see ses-events) can still confirm it; only if no confirmation comes within the
// grace period is it sent again. We lean to "at most once" for as long as SES can tell us, and to
// "at least once" after that: a lost introduction breaks the double opt-in silently, a duplicate
// is a visible nuisance.
//
// Link mails (sign-in, invitation, contact confirmation: someone is waiting for them) have a lane
// of their own in the pending index. Every run reads that lane first and again before its next
// message once half a second has passed (at 1 mail/s: before every mail), so a sign-in link never
// waits behind a digest of 10,000; all of it goes through the same pacer, within SES_MAX_SEND_RATE.
// What SES errors mean and how fast to call: send-policy.ts.

export interface SendOptions {
  /** Mails per second, below the account's SES sending rate. */
  maxPerSecond: number;
  /**
   * The pace shared by the runs of one process (the local loop, a warm Lambda instance), so one
   * run starting as another ends does not send two mails within one interval. A run without one
   * has its own.
   */
  pacer?: Pacer | undefined;
  /** How many SES calls may be in flight at once (fewer at low rates, see workersFor). */
  concurrency?: number;
  /** How often a run looks at the link-mail lane again while it sends other mail. */
  linkCheckMs?: number;
  /** How long a claim holds before another sender may take the message. */
  leaseMs?: number;
  /** How long after a lapsed claim SES's Send event is awaited before sending again. */
  confirmGraceMs?: number;
  /** Stop after looking at this many messages (one Lambda invocation's share). */
  maxMessages?: number;
  /** In-process tries per message on throttling or a transient error, before it is put back. */
  triesPerMessage?: number;
  /** After this many claims a message is given up as failed. */
  maxAttempts?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export interface SendReport {
  sent: number;
  skipped: number;
  failed: number;
  /** Put back for later (SES throttled or unavailable). */
  retryLater: number;
  /** Claimed by another sender, or waiting for SES to confirm a lapsed claim. */
  waiting: number;
  /** SES answered with throttling at least once. */
  throttled: number;
  /** Stopped early (daily quota, sending paused). */
  stoppedBecause?: string;
}

const DEFAULTS = {
  concurrency: 4,
  linkCheckMs: 500,
  leaseMs: 60_000,
  confirmGraceMs: 15 * 60_000,
  maxMessages: 5_000,
  triesPerMessage: 4,
  maxAttempts: 10,
};

/** One sender run: its pace, its report, and how it handles one message. */
function senderRun(ctx: SenderDeps, options: SendOptions) {
  const o = { ...DEFAULTS, ...options };
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const random = o.random ?? Math.random;
  const pacer = o.pacer ?? new Pacer(o.maxPerSecond);
  const report: SendReport = { sent: 0, skipped: 0, failed: 0, retryLater: 0, waiting: 0, throttled: 0 };
  let stop: string | undefined;
  /** Messages this run has taken up (a link mail can be both in a stream batch and in its lane). */
  const handled = new Set<string>();
  const links: OutboxMessage[] = [];
  let linksReadAt = Number.NEGATIVE_INFINITY;
  let reading: Promise<void> | undefined;

  /** The next link mail to handle: the lane is read at the start and again every linkCheckMs. */
  async function nextLink(): Promise<OutboxMessage | undefined> {
    if (links.length === 0 && Date.now() - linksReadAt >= o.linkCheckMs) {
      reading ??= (async () => {
        linksReadAt = Date.now();
        for (const m of await ctx.store.outbox.pendingLinks(25)) {
          if (!handled.has(m.tag) && !links.some((l) => l.tag === m.tag)) links.push(m);
        }
      })().finally(() => {
        reading = undefined;
      });
      await reading;
    }
    return links.shift();
  }

  /** Ends a claimed message without calling SES. */
  async function end(message: OutboxMessage, claim: string, status: 'skipped' | 'failed', reason: string) {
    await ctx.store.outbox.finish(message.tag, claim, status, reason, ctx.now().toISOString());
    report[status]++;
  }

  async function handle(message: OutboxMessage): Promise<void> {
    if (handled.has(message.tag)) return;
    handled.add(message.tag);
    const now = ctx.now();
    const nowIso = now.toISOString();
    if (message.status === 'pending' && message.notBefore && message.notBefore > nowIso) return;
    const reclaimBefore = new Date(now.getTime() - o.confirmGraceMs).toISOString();
    if (message.status === 'sending' && (message.leaseUntil ?? '') >= reclaimBefore) {
      report.waiting++;
      return;
    }
    const claim = randomUUID();
    const leaseUntil = new Date(now.getTime() + o.leaseMs).toISOString();
    if (!(await ctx.store.outbox.claim(message.tag, claim, nowIso, leaseUntil, reclaimBefore))) {
      report.waiting++;
      return;
    }
    if (message.validUntil && message.validUntil <= nowIso) {
      // Its link has stopped working (SES was down longer than a sign-in link lives): sending it
      // now would only disappoint. The person asks again.
      await end(message, claim, 'skipped', 'expired: the link stopped working before it could be sent');
      ctx.log.warn('link mail not sent: its link expired first', { tag: message.tag });
      return;
    }
    if (message.bodyGone) {
      await end(message, claim, 'failed', 'body unreadable (sealed under another TSUNAGU_SECRET)');
      ctx.log.error('mail failed: its body cannot be read', { tag: message.tag, category: message.category });
      return;
    }
    const suppression = await ctx.store.suppressions.get(message.to);
    if (suppresses(suppression, message.category)) {
      await end(message, claim, 'skipped', `suppressed: ${suppression?.reason}`);
      ctx.log.info('mail skipped: address suppressed', { tag: message.tag, reason: suppression?.reason });
      return;
    }
    const attempts = message.attempts + 1;
    let last: Verdict | undefined;
    let wasThrottled = false;
    for (let tryNo = 0; tryNo < o.triesPerMessage && !stop; tryNo++) {
      if (tryNo > 0) await sleep(backoffMs(tryNo, 100, 5_000, random));
      await pacer.take(sleep);
      try {
        const messageId = await ctx.mailer.send({
          to: message.to,
          subject: message.subject,
          text: message.text,
          html: message.html,
          headers: { ...message.headers, 'X-Tsunagu-Message': message.tag },
          fromName: message.fromName,
          replyTo: message.replyTo,
          tags: { outbox: message.tag, category: message.category },
        });
        pacer.speedUp();
        if (!(await ctx.store.outbox.markSent(message.tag, claim, messageId, ctx.now().toISOString()))) {
          ctx.log.warn('sent, but the claim had lapsed; SES events settle it', { tag: message.tag });
        }
        report.sent++;
        return;
      } catch (error) {
        last = classifySesError(error);
        if (last.kind === 'retry' && last.throttled) {
          if (!wasThrottled) report.throttled++;
          wasThrottled = true;
          pacer.slowDown();
        }
        if (last.kind !== 'retry') break;
      }
    }
    const at = ctx.now();
    if (!last) return;
    switch (last.kind) {
      case 'retry':
      case 'stop': {
        if (last.kind === 'stop') stop = last.reason;
        if (attempts >= o.maxAttempts) {
          await ctx.store.outbox.finish(message.tag, claim, 'failed', last.reason, at.toISOString());
          report.failed++;
          ctx.log.error('mail failed after retries', { tag: message.tag, reason: last.reason });
          return;
        }
        const notBefore = new Date(at.getTime() + 1000 + backoffMs(attempts, 2_000, 15 * 60_000, random));
        await ctx.store.outbox.release(
          message.tag,
          claim,
          notBefore.toISOString(),
          last.reason,
          at.toISOString(),
        );
        report.retryLater++;
        return;
      }
      case 'permanent':
        // Refused for good (e.g. MessageRejected: an unverified address in the SES sandbox). This
        // message ends here; the rest of the outbox goes on. The ERROR line raises Trouble.
        await ctx.store.outbox.finish(message.tag, claim, 'failed', last.reason, at.toISOString());
        report.failed++;
        ctx.log.error('mail refused by SES', {
          tag: message.tag,
          category: message.category,
          reason: last.reason,
        });
        return;
      case 'unknown':
        // SES may have accepted it: leave the claim to lapse and SES's Send event to settle it.
        report.waiting++;
        ctx.log.warn('mail outcome unknown; waiting for SES to confirm', {
          tag: message.tag,
          reason: last.reason,
        });
        return;
      default: {
        const never: never = last;
        return never;
      }
    }
  }

  return {
    handle,
    nextLink,
    stopped: () => stop,
    finish(): SendReport {
      if (stop) report.stoppedBecause = stop;
      return report;
    },
  };
}

/** Sends what the pending index holds (the periodic sweep, `npm run send`, the local loop). */
export async function sendPending(ctx: SenderDeps, options: SendOptions): Promise<SendReport> {
  const o = { ...DEFAULTS, ...options };
  const run = senderRun(ctx, options);
  let examined = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await ctx.store.outbox.pending(Math.min(100, o.maxMessages - examined), start);
    start = page.last;
    examined += page.items.length;
    await inParallel(page.items, workersFor(o.maxPerSecond, o.concurrency), run);
  } while (start && !run.stopped() && examined < o.maxMessages);
  return run.finish();
}

/** Sends the messages with these tags (one SQS batch fed by the table's stream); others are left alone. */
export async function sendTags(
  ctx: SenderDeps,
  tags: readonly string[],
  options: SendOptions,
): Promise<SendReport> {
  const o = { ...DEFAULTS, ...options };
  const run = senderRun(ctx, options);
  const found = await Promise.all([...new Set(tags)].map((tag) => ctx.store.outbox.get(tag)));
  const due = found.filter(
    (m): m is OutboxMessage => m !== undefined && (m.status === 'pending' || m.status === 'sending'),
  );
  await inParallel(due, workersFor(o.maxPerSecond, o.concurrency), run);
  return run.finish();
}

/** Handles the messages with `workers` at a time, each worker taking a waiting link mail first. */
async function inParallel(
  messages: OutboxMessage[],
  workers: number,
  run: {
    handle(m: OutboxMessage): Promise<void>;
    nextLink(): Promise<OutboxMessage | undefined>;
    stopped(): string | undefined;
  },
): Promise<void> {
  const queue = [...messages];
  const all = Array.from({ length: Math.max(1, workers) }, async () => {
    while (!run.stopped()) {
      const m = (await run.nextLink()) ?? queue.shift();
      if (!m) return;
      await run.handle(m);
    }
  });
  await Promise.all(all);
}
