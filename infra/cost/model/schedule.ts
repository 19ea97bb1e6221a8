import { DAYS_PER_MONTH } from './traffic';

/** Invocations per month of an EventBridge Scheduler expression: rate(n unit) or a six-field cron. */
export function invocationsPerMonth(expression: string): number {
  const rate = /^rate\((\d+)\s+(minute|minutes|hour|hours|day|days)\)$/.exec(expression.trim());
  if (rate) {
    const n = Number(rate[1]);
    const unit = rate[2]!.replace(/s$/, '');
    const perDay = unit === 'minute' ? 1440 / n : unit === 'hour' ? 24 / n : 1 / n;
    return perDay * DAYS_PER_MONTH;
  }
  const cron = /^cron\((.+)\)$/.exec(expression.trim());
  if (!cron) throw new Error(`not a schedule expression: ${expression}`);
  const [minute, hour, dayOfMonth, , dayOfWeek] = cron[1]!.trim().split(/\s+/);
  const count = (field: string | undefined, all: number) => {
    if (field === undefined || field === '*' || field === '?') return all;
    const step = /^\*\/(\d+)$/.exec(field);
    if (step) return Math.ceil(all / Number(step[1]));
    return field.split(',').length;
  };
  const perDay = count(minute, 60) * count(hour, 24);
  const days =
    dayOfMonth !== '*' && dayOfMonth !== '?'
      ? count(dayOfMonth, 31)
      : dayOfWeek !== undefined && dayOfWeek !== '*' && dayOfWeek !== '?'
        ? (count(dayOfWeek, 7) * DAYS_PER_MONTH) / 7
        : DAYS_PER_MONTH;
  return perDay * days;
}
