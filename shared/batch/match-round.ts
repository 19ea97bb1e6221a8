import { createHash } from 'node:crypto';
import * as z from 'zod';
import type { AppContext } from '#context';
import { type Match, platformIdSchema, type Round, respondByOf, slotsLeft, tokyoDate } from '#domain';
import { type MatchingConfigInput, pairKey, proposeMatches } from '#matching';
import { inChunks } from './chunks';
import { introductionLoader, introductionMails } from './introduction-mails';
import { type SweepReport, sweepIntroductions } from './introductions';
import { allPlatforms, scheduledTimeSchema } from './platforms';

// One matching round of one platform: load by Query, run the pure engine, write proposals.
// Idempotent: match ids are derived from (round, need, offer) and every pair is written with a
// condition, so a rerun, a retry or a concurrent round adds nothing.

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const WRITE_CONCURRENCY = 8;

/** A ULID-shaped id that is the same for the same (round, need, offer). */
export function matchIdOf(platformId: string, roundId: string, needId: string, offerId: string): string {
  const digest = createHash('sha256').update(`${platformId}|${roundId}|${needId}|${offerId}`).digest();
  let id = '';
  for (let i = 0; i < 26; i++) id += CROCKFORD[digest[i]! & 31];
  return id;
}

/** What a round's outcome depends on; equal fingerprints mean a rerun would propose nothing. */
function fingerprintOf(
  today: string,
  needs: readonly { id: string; version: number }[],
  offers: readonly { id: string; version: number }[],
  approved: readonly string[],
  pairs: readonly string[],
): string {
  const versions = (xs: readonly { id: string; version: number }[]) =>
    xs.map((x) => `${x.id}:${x.version}`).sort();
  return createHash('sha256')
    .update(
      JSON.stringify([today, versions(needs), versions(offers), [...approved].sort(), [...pairs].sort()]),
    )
    .digest('base64url');
}

export interface RoundOptions {
  roundId?: string | undefined;
  config?: MatchingConfigInput | undefined;
}

export async function runMatchRound(
  ctx: AppContext,
  platformId: string,
  options: RoundOptions = {},
): Promise<Round> {
  const started = ctx.now();
  const startedAt = started.toISOString();
  const today = tokyoDate(started);
  const roundId = options.roundId ?? today;
  await ctx.store.platforms.require(platformId);

  const [needs, offers, approved, pairs, latest] = await Promise.all([
    ctx.store.needs.openOf(platformId),
    ctx.store.offers.openOf(platformId),
    ctx.store.memberships.organizationsWithStatus(platformId, 'approved'),
    ctx.store.matches.pairsOf(platformId),
    ctx.store.matches.latestRound(platformId),
  ]);

  const pairKeys = pairs.map((p) => `${pairKey(p.needId, p.offerId)}:${p.status}`);
  const fingerprint = fingerprintOf(today, needs, offers, approved, pairKeys);

  const base = { roundId, platformId, startedAt, needs: needs.length, offers: offers.length };
  if (latest?.fingerprint === fingerprint) {
    const round: Round = {
      ...base,
      fingerprint,
      durationMs: ctx.now().getTime() - started.getTime(),
      candidatePairs: 0,
      proposals: 0,
      written: 0,
      skipped: true,
    };
    await ctx.store.matches.recordRound(round);
    ctx.log.info('match round skipped: nothing new', { platformId, roundId });
    return round;
  }

  // Pairs this very round wrote already (a run cut short, or a concurrent run of the same round)
  // are not "proposed before": the engine must see what the round's first run saw, so that a
  // rerun proposes the same set and only writes what is missing. Counting them as earlier
  // proposals would free their need's and offer's per-round caps for more proposals.
  const declinedPairs = new Set<string>();
  const proposedPairs = new Set<string>();
  for (const p of pairs) {
    if (p.matchId === matchIdOf(platformId, roundId, p.needId, p.offerId)) continue;
    if (p.status === 'declined') declinedPairs.add(pairKey(p.needId, p.offerId));
    else if (p.status !== 'expired') proposedPairs.add(pairKey(p.needId, p.offerId));
  }

  // An offer whose slots are all taken gets no more proposals; one with few left gets at most those.
  const offering = offers.flatMap((o) => {
    const left = slotsLeft(o);
    if (left === undefined) return [o];
    return left === 0 ? [] : [{ ...o, introductionsPerRound: Math.min(o.introductionsPerRound, left) }];
  });
  const result = proposeMatches(
    {
      needs,
      offers: offering,
      approvedOrganizations: new Set(approved),
      declinedPairs,
      proposedPairs,
      today,
    },
    options.config,
  );

  const matches: Match[] = result.proposals.map((p) => ({
    id: matchIdOf(platformId, roundId, p.needId, p.offerId),
    platformId,
    roundId,
    needId: p.needId,
    offerId: p.offerId,
    needOrganizationId: p.needOrganizationId,
    offerOrganizationId: p.offerOrganizationId,
    kind: p.kind,
    score: p.score,
    breakdown: { ...p.breakdown },
    explanation: { ...p.explanation },
    status: 'proposed',
    respondBy: respondByOf(startedAt, ctx.config.introductions),
    responses: {},
    outcomes: {},
    createdAt: startedAt,
    updatedAt: startedAt,
    version: 1,
  }));

  // Each proposal is written with its two mails in one transaction: a match exists exactly
  // when its proposal mails are in the outbox.
  const needsById = new Map(needs.map((n) => [n.id, n]));
  const offersById = new Map(offers.map((o) => [o.id, o]));
  const load = introductionLoader(ctx);
  const proposeWithMails = async (m: Match) => {
    const data = await load(m, { need: needsById.get(m.needId), offer: offersById.get(m.offerId) });
    return ctx.store.matches.propose(m, introductionMails(ctx, m, data, 'proposed', startedAt));
  };
  const written = (await inChunks(matches, WRITE_CONCURRENCY, proposeWithMails)).filter(Boolean).length;

  // The state this round leaves behind: the next round with nothing new is skipped.
  const statusAfter = new Map(pairs.map((p) => [pairKey(p.needId, p.offerId), p.status]));
  for (const m of matches) {
    const key = pairKey(m.needId, m.offerId);
    if (statusAfter.get(key) === undefined || statusAfter.get(key) === 'expired')
      statusAfter.set(key, m.status);
  }
  const after = [...statusAfter].map(([key, status]) => `${key}:${status}`);
  const round: Round = {
    ...base,
    fingerprint: fingerprintOf(today, needs, offers, approved, after),
    durationMs: ctx.now().getTime() - started.getTime(),
    candidatePairs: result.stats.candidatePairs,
    proposals: matches.length,
    written,
    skipped: false,
  };
  await ctx.store.matches.recordRound(round);
  ctx.log.info('match round done', { ...round });
  return round;
}

export const matchEventSchema = z
  .object({
    platformId: platformIdSchema.optional(),
    roundId: z
      .string()
      .regex(/^[0-9A-Za-z-]{1,40}$/)
      .optional(),
    /** When the daily schedule fired: the round is that day's (Asia/Tokyo), however late it runs. */
    scheduledTime: scheduledTimeSchema.optional(),
  })
  .loose();
export type MatchEvent = z.infer<typeof matchEventSchema>;

/** The rounds of one platform, or of every platform one after another (a failing one does not stop the rest). */
export async function runMatchRounds(
  ctx: AppContext,
  event: MatchEvent,
): Promise<{ rounds: Round[]; sweeps: SweepReport[]; failed: { platformId: string; error: string }[] }> {
  const platformIds = event.platformId ? [event.platformId] : (await allPlatforms(ctx)).map((p) => p.id);
  const roundId =
    event.roundId ?? (event.scheduledTime ? tokyoDate(new Date(event.scheduledTime)) : undefined);
  const rounds: Round[] = [];
  const sweeps: SweepReport[] = [];
  const failed: { platformId: string; error: string }[] = [];
  for (const platformId of platformIds) {
    try {
      // Expiries first: an expired pair may be proposed again by the round.
      sweeps.push(await sweepIntroductions(ctx, platformId));
      rounds.push(await runMatchRound(ctx, platformId, { roundId }));
    } catch (error) {
      if (event.platformId) throw error;
      ctx.log.error('match round failed', { platformId, error });
      failed.push({ platformId, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return { rounds, sweeps, failed };
}
