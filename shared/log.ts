import { AsyncLocalStorage } from 'node:async_hooks';

// JSON-lines logs (CloudWatch-friendly). One line per event, never a stack trace in a response.
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/**
 * Errors go to console.error and warnings to console.warn: on Lambda those lines carry ERROR and
 * WARN in the log, which is what the stack's log metric filters count as trouble
 * (infra/constructs/observability.ts); locally they go to stderr.
 */
export function consoleLine(level: Exclude<LogLevel, 'silent'>, line: string): void {
  if (level === 'error') console.error(line);
  else if (level === 'warn') console.warn(line);
  else console.log(line);
}

/**
 * Fields every line carries while a piece of work runs, whichever layer writes it: an HTTP
 * request's id (shared/http/request-id.ts) reaches the lines of the store, batch and mail code it
 * calls without being passed down. Node's AsyncLocalStorage follows the work across awaits.
 */
const scope = new AsyncLocalStorage<Readonly<Record<string, unknown>>>();

/** Runs `work` with these fields (added to those of an enclosing scope) on every line it logs. */
export function withLogFields<T>(fields: Record<string, unknown>, work: () => T): T {
  return scope.run({ ...scope.getStore(), ...fields }, work);
}

/** The fields of the scope this code runs in (undefined outside any). */
export function logFields(): Readonly<Record<string, unknown>> | undefined {
  return scope.getStore();
}

export function createLogger(
  level: LogLevel,
  write: (line: string, level: Exclude<LogLevel, 'silent'>) => void = (line, lvl) => consoleLine(lvl, line),
): Logger {
  const at =
    (lvl: Exclude<LogLevel, 'silent'>) =>
    (msg: string, fields: Record<string, unknown> = {}) => {
      if (ORDER[lvl] < ORDER[level]) return;
      const scoped = scope.getStore();
      // The scope's fields come right after msg and win over a line's own field of the same name:
      // a line cannot claim another request's id.
      const line = {
        level: lvl,
        time: new Date().toISOString(),
        msg,
        ...scoped,
        ...serialise(fields),
        ...scoped,
      };
      write(JSON.stringify(line), lvl);
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

function serialise(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    out[k] = v instanceof Error ? { name: v.name, message: v.message, stack: v.stack } : v;
  }
  return out;
}
