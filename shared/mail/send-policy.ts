// How the sender treats SES: what an error means, how long to wait before trying again, and how
// fast to call (the pacer, and how many calls may be in flight at once).

export type Verdict =
  | { kind: 'retry'; throttled: boolean; reason: string }
  | { kind: 'permanent'; reason: string }
  | { kind: 'stop'; reason: string }
  | { kind: 'unknown'; reason: string };

/** What an SES error means for the message: try again, give up, stop the run, or unknown outcome. */
export function classifySesError(error: unknown): Verdict {
  const e = error as {
    name?: string;
    code?: string;
    message?: string;
    $metadata?: { httpStatusCode?: number };
  };
  const name = e?.name ?? 'Error';
  const reason = `${name}: ${String(e?.message ?? '').slice(0, 200)}`;
  const status = e?.$metadata?.httpStatusCode;
  if (name === 'TooManyRequestsException' || name === 'ThrottlingException' || status === 429) {
    return { kind: 'retry', throttled: true, reason };
  }
  if (name === 'LimitExceededException' && /daily|quota/i.test(e?.message ?? ''))
    return { kind: 'stop', reason };
  if (name === 'SendingPausedException' || name === 'AccountSuspendedException')
    return { kind: 'stop', reason };
  if (name === 'LimitExceededException') return { kind: 'retry', throttled: true, reason };
  if (status !== undefined && status >= 500) return { kind: 'retry', throttled: false, reason };
  if (status !== undefined && status >= 400) return { kind: 'permanent', reason };
  // No answer from SES. A refused connection never reached it; anything else may have.
  if (e?.code === 'ECONNREFUSED' || e?.code === 'ENOTFOUND' || /ECONNREFUSED/.test(e?.message ?? '')) {
    return { kind: 'retry', throttled: false, reason };
  }
  return { kind: 'unknown', reason };
}

/** Exponential backoff with full jitter (AWS Architecture Blog), in milliseconds. */
export function backoffMs(attempt: number, baseMs: number, capMs: number, random: () => number): number {
  return Math.floor(random() * Math.min(capMs, baseMs * 2 ** attempt));
}

/** Paces calls to `perSecond`: halves the pace when SES throttles, creeps back up on successes. */
export class Pacer {
  private next = 0;
  private perSecond: number;
  constructor(private readonly max: number) {
    this.perSecond = max;
  }
  /** Waits for the next free slot (each caller gets its own). */
  async take(sleep: (ms: number) => Promise<void>): Promise<void> {
    const now = Date.now();
    const at = Math.max(now, this.next);
    this.next = at + 1000 / this.perSecond;
    if (at > now) await sleep(at - now);
  }
  slowDown(): void {
    this.perSecond = Math.max(0.5, this.perSecond / 2);
  }
  speedUp(): void {
    this.perSecond = Math.min(this.max, this.perSecond + this.max / 20);
  }
}

/**
 * Calls in flight at once: enough to keep SES busy at the rate with calls of up to half a second.
 * Each worker waiting for the pacer holds a claimed message, and a link mail found meanwhile
 * queues behind them: more workers than the rate needs would only lengthen that line (at 1 mail/s,
 * one worker; at 10/s, four).
 */
export function workersFor(maxPerSecond: number, concurrency: number): number {
  return Math.max(1, Math.min(concurrency, Math.ceil(maxPerSecond / 2)));
}
