import type { AppContext } from '#context';
import {
  acceptMatch,
  declineMatch,
  dueAction,
  expireMatch,
  type Match,
  NotFoundError,
  type Outcome,
  recordOutcome,
  type Side,
  StaleVersionError,
  type Transition,
} from '#domain';
import { introductionLoader, introductionMails } from './introduction-mails';

// Introductions (PRODUCT.md): the answers (through the API or a signed link), the outcome reports,
// and the daily sweep for reminders, expiry and follow-ups. Every mail is written to the outbox in
// the same transaction as the change that causes it (./introduction-mails.ts writes them).

export interface Answer {
  matchId: string;
  side: Side;
  decision: 'accept' | 'decline';
  reason?: string | undefined;
  personId?: string | undefined;
}

/**
 * One side answers a proposal. Retried when another answer to the same match landed between
 * our read and our write, so two answers at once both count; the offer's slot is taken in the
 * same transaction, so concurrent accepts can never overbook it.
 */
export async function answerIntroduction(ctx: AppContext, answer: Answer): Promise<Match> {
  const load = introductionLoader(ctx);
  for (let attempt = 1; ; attempt++) {
    const match = await requireMatch(ctx, answer.matchId);
    const now = ctx.now().toISOString();
    const t: Transition =
      answer.decision === 'accept'
        ? acceptMatch(match, answer.side, now, answer.personId)
        : declineMatch(match, answer.side, now, answer.reason, answer.personId);
    if (t.match === match) return match;
    const mails = t.connected
      ? introductionMails(ctx, t.match, await load(t.match), 'connected', now)
      : notSelected(t.match)
        ? introductionMails(ctx, t.match, await load(t.match), 'not-selected', now)
        : [];
    try {
      await ctx.store.matches.transition(t.match, { slot: t.slot, mails, inboxRelease: t.inboxRelease });
      ctx.log.info('introduction answered', { matchId: match.id, side: answer.side, status: t.match.status });
      return t.match;
    } catch (error) {
      if (!(error instanceof StaleVersionError) || attempt >= 5) throw error;
    }
  }
}

export async function reportOutcome(
  ctx: AppContext,
  report: { matchId: string; side: Side; outcome: Outcome; personId?: string | undefined },
): Promise<Match> {
  for (let attempt = 1; ; attempt++) {
    const match = await requireMatch(ctx, report.matchId);
    const next = recordOutcome(match, report.side, report.outcome, ctx.now().toISOString(), report.personId);
    try {
      const bothSaid = next.outcomes.need !== undefined && next.outcomes.offer !== undefined;
      await ctx.store.matches.transition(next, {
        slot: 'none',
        settled: match.followUpAt !== undefined || bothSaid,
      });
      return next;
    } catch (error) {
      if (!(error instanceof StaleVersionError) || attempt >= 5) throw error;
    }
  }
}

/**
 * An open call's application that ended without selection: the offerer passed on it, or the
 * selection period ended. Its applicant is told (once: one outbox key per match). An applicant
 * who withdrew (declined its own side) is not.
 */
const notSelected = (m: Match): boolean =>
  m.origin === 'open_call' &&
  (m.status === 'expired' || (m.status === 'declined' && m.responses.offer?.decision === 'declined'));

async function requireMatch(ctx: AppContext, id: string): Promise<Match> {
  const match = await ctx.store.matches.get(id);
  if (!match) throw new NotFoundError('match');
  return match;
}

export interface SweepReport {
  platformId: string;
  examined: number;
  reminded: number;
  expired: number;
  followedUp: number;
}

/** Reminders, expiries and follow-ups that time has made due on one platform. Rerunning is harmless. */
export async function sweepIntroductions(ctx: AppContext, platformId: string): Promise<SweepReport> {
  const settings = ctx.config.introductions;
  const pairs = await ctx.store.matches.unsettledPairs(platformId);
  const matches = await ctx.store.matches.getMany(pairs.map((p) => p.matchId));
  const load = introductionLoader(ctx);
  const report: SweepReport = {
    platformId,
    examined: matches.length,
    reminded: 0,
    expired: 0,
    followedUp: 0,
  };
  for (const match of matches) {
    const now = ctx.now().toISOString();
    const action = dueAction(match, now, settings);
    try {
      if (action === 'expire') {
        const t = expireMatch(match, now);
        // An open call's applicant not selected hears it once, politely (the outbox key is per match).
        const mails = notSelected(t.match)
          ? introductionMails(ctx, t.match, await load(t.match), 'not-selected', now)
          : [];
        await ctx.store.matches.transition(t.match, {
          slot: t.slot,
          settled: true,
          inboxRelease: t.inboxRelease,
          mails,
        });
        report.expired++;
      } else if (action === 'remind') {
        const next = { ...match, remindedAt: now, updatedAt: now, version: match.version + 1 };
        const mails = introductionMails(ctx, next, await load(next), 'reminder', now);
        await ctx.store.matches.transition(next, { slot: 'none', mails });
        report.reminded++;
      } else if (action === 'follow-up') {
        const next = { ...match, followUpAt: now, updatedAt: now, version: match.version + 1 };
        const mails = introductionMails(ctx, next, await load(next), 'follow-up', now);
        await ctx.store.matches.transition(next, { slot: 'none', mails, settled: true });
        report.followedUp++;
      }
    } catch (error) {
      // Someone answered meanwhile: the next sweep looks again.
      if (!(error instanceof StaleVersionError)) throw error;
    }
  }
  ctx.log.info('introduction sweep done', { ...report });
  return report;
}
