import type { ReputationCounts } from '#domain';
import type { MailDeps, ReputationPort } from './ports';
import type { SesEvent } from './ses-events';

// Our sender reputation as SES would judge it, from the SES events we receive anyway: mails SES
// accepted (Send), hard bounces and complaints, counted per day. When a bounce or complaint takes
// a rate over half of SES's review threshold (5 % bounces, 0.1 % complaints: Amazon SES Developer
// Guide, https://docs.aws.amazon.com/ses/latest/dg/reputationdashboardmessages.html), this logs an ERROR
// line, which the stack's Trouble metric counts and its one alarm pages on
// (infra/constructs/observability.ts). SES's own Reputation.* metrics would need an alarm of their
// own each (US$0.10 a month per metric); `-c alarms=full` adds those as well.
//
// An approximation: SES does not publish the window it judges over (we take 14 days), a replayed
// event may be counted twice, and below 100 mails in the window a handful of bounces says little.

export const BOUNCE_RATE_LIMIT = 0.025;
export const COMPLAINT_RATE_LIMIT = 0.0005;
export const REPUTATION_WINDOW_DAYS = 14;
export const REPUTATION_MIN_SENDS = 100;
const KEEP_DAYS = 30;
const DAY_MS = 86_400_000;

export interface Reputation extends ReputationCounts {
  bounceRate: number;
  complaintRate: number;
}

/** The rates over these days (pure). */
export function reputationOf(days: readonly ReputationCounts[]): Reputation {
  const sum = (f: keyof ReputationCounts) => days.reduce((n, d) => n + (d[f] ?? 0), 0);
  const sends = sum('sends');
  const bounces = sum('bounces');
  const complaints = sum('complaints');
  return {
    sends,
    bounces,
    complaints,
    bounceRate: sends > 0 ? bounces / sends : 0,
    complaintRate: sends > 0 ? complaints / sends : 0,
  };
}

/** Which rates are over their limit (none below the minimum volume). */
export function overLimits(r: Reputation): ('bounce' | 'complaint')[] {
  if (r.sends < REPUTATION_MIN_SENDS) return [];
  return [
    ...(r.bounceRate > BOUNCE_RATE_LIMIT ? (['bounce'] as const) : []),
    ...(r.complaintRate > COMPLAINT_RATE_LIMIT ? (['complaint'] as const) : []),
  ];
}

/** What one event adds to its day: a Send per recipient, a hard bounce, a complaint. */
function countsOf(event: SesEvent): Partial<ReputationCounts> {
  const n = event.recipients.length;
  if (event.type === 'send') return { sends: n };
  if (event.type === 'bounce' && event.bounceType === 'Permanent') return { bounces: n };
  if (event.type === 'complaint') return { complaints: n };
  return {};
}

/**
 * Counts these events per day and, when a bounce or complaint was among them, reads the window
 * and logs an ERROR line for each rate over its limit. Returns the window's rates when it read them.
 */
export async function recordReputation(
  ctx: MailDeps & { store: { reputation: ReputationPort } },
  events: readonly SesEvent[],
): Promise<Reputation | undefined> {
  const byDay = new Map<string, ReputationCounts>();
  for (const event of events) {
    const counts = countsOf(event);
    const day = event.timestamp.slice(0, 10);
    const sum = byDay.get(day) ?? { sends: 0, bounces: 0, complaints: 0 };
    for (const [k, v] of Object.entries(counts) as [keyof ReputationCounts, number][]) sum[k] += v;
    byDay.set(day, sum);
  }
  let judged = false;
  for (const [day, counts] of byDay) {
    const expiresAt = Math.floor((Date.parse(`${day}T00:00:00Z`) + KEEP_DAYS * DAY_MS) / 1000);
    await ctx.store.reputation.add(day, counts, expiresAt);
    judged ||= counts.bounces > 0 || counts.complaints > 0;
  }
  if (!judged) return undefined;

  const today = ctx.now().getTime();
  const window = Array.from({ length: REPUTATION_WINDOW_DAYS }, (_, i) =>
    new Date(today - i * DAY_MS).toISOString().slice(0, 10),
  );
  const reputation = reputationOf(await ctx.store.reputation.days(window));
  const fields = { ...reputation, days: REPUTATION_WINDOW_DAYS };
  for (const over of overLimits(reputation)) {
    if (over === 'bounce') ctx.log.error(`SES bounce rate over ${BOUNCE_RATE_LIMIT * 100} %`, fields);
    else ctx.log.error(`SES complaint rate over ${COMPLAINT_RATE_LIMIT * 100} %`, fields);
  }
  return reputation;
}
