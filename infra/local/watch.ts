// Noticing that a stand-in went away while `npm start` relies on it: its process ending (one we
// started) or, for one we reused, a cheap periodic probe that stops getting an answer.

/** Stops watching; safe to call twice. */
export type Unwatch = () => void;

/** Called once, with a plain phrase saying what happened (e.g. "ended: killed by SIGKILL"). */
export type OnLoss = (what: string) => void;

export type ProbeOptions = {
  /** Time between probes. */
  everyMs?: number;
  /** Failed probes in a row that count as gone: one slow answer on a busy machine is not a death. */
  misses?: number;
};

export const PROBE_EVERY_MS = 5_000;
export const PROBE_MISSES = 2;

/** Runs `probe` every `everyMs` (never two at once) and calls onLoss after `misses` failures in a row. */
export function watchByProbe(
  probe: () => Promise<boolean>,
  onLoss: OnLoss,
  { everyMs = PROBE_EVERY_MS, misses = PROBE_MISSES }: ProbeOptions = {},
): Unwatch {
  let active = true;
  let failed = 0;
  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    timer = setTimeout(check, everyMs);
    // The watch alone must not keep a process alive.
    timer.unref();
  };
  const check = async () => {
    const answered = await probe().catch(() => false);
    if (!active) return;
    failed = answered ? 0 : failed + 1;
    if (failed >= misses) {
      active = false;
      onLoss(`stopped answering (${misses} probes ${everyMs / 1000} s apart got no answer)`);
      return;
    }
    schedule();
  };
  schedule();
  return () => {
    active = false;
    clearTimeout(timer);
  };
}

/** How a child process ended, in words: "exited with code 1", "killed by SIGKILL". */
export function endOf(code: number | null, signal: NodeJS.Signals | null): string {
  if (signal) return `killed by ${signal}`;
  return `exited with code ${code ?? 'unknown'}`;
}
