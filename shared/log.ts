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

export function createLogger(
  level: LogLevel,
  write: (line: string, level: Exclude<LogLevel, 'silent'>) => void = (line, lvl) => consoleLine(lvl, line),
): Logger {
  const at =
    (lvl: Exclude<LogLevel, 'silent'>) =>
    (msg: string, fields: Record<string, unknown> = {}) => {
      if (ORDER[lvl] < ORDER[level]) return;
      write(JSON.stringify({ level: lvl, time: new Date().toISOString(), msg, ...serialise(fields) }), lvl);
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
