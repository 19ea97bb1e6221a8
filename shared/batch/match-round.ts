import { createHash } from 'node:crypto';
import * as z from 'zod';
import type { AppContext } from '#context';
import {
  isPostingPair,
  type PostingMatch,
  type PostingPair,
  platformIdSchema,
  type Round,
  respondByOf,
  slotsLeft,
  tokyoDate,
} from '#domain';
import { type MatchingConfigInput, type Proposal, pairKey, proposeMatches } from '#matching';
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

/**
 * The fair inbox: walking the proposals best first, one is kept only while both organisations
 * have fewer than the cap of unanswered proposals on that side; the rest wait for a later round
 * (nothing is written for them, so they come back). Best first is greedy: an optimal assignment
 * under the cap would need the cap inside the engine (docs/matching.md).
 */
async function withinInboxCap(
  ctx: AppContext,
  platformId: string,
  proposals: readonly Proposal[],
  ourPairs: (pairs: readonly PostingPair[]) => Set<string>,
  pairsRead: readonly PostingPair[],
): Promise<{ kept: Proposal[]; deferred: number }> {
  const cap = ctx.config.introductions.inboxCap;
  const waiting = await ctx.store.matches.inboxWaiting(
    proposals.flatMap((p) => [p.needOrganizationId, p.offerOrganizationId]),
  );
  // A rerun (or a concurrent run) of this round: its proposals written so far are counted in
  // `waiting`, so they are read again after it, all of them and no other.
  let writtenBefore = ourPairs(pairsRead);
  if (writtenBefore.size > 0)
    writtenBefore = ourPairs((await ctx.store.matches.pairsOf(platformId)).filter(isPostingPair));
  const kept: Proposal[] = [];
  for (const p of [...proposals].sort((a, b) => b.score - a.score)) {
    if (writtenBefore.has(pairKey(p.needId, p.offerId))) {
      kept.push(p);
      continue;
    }
    const sides = [`${p.needOrganizationId}|need`, `${p.offerOrganizationId}|offer`];
    if (sides.some((k) => (waiting.get(k) ?? 0) >= cap)) continue;
    for (const k of sides) waiting.set(k, (waiting.get(k) ?? 0) + 1);
    kept.push(p);
  }
  return { kept, deferred: proposals.length - kept.length };
}

/** When each expired pair's match was proposed (older pair records do not keep it). */
async function expiredProposalTimes(
  ctx: AppContext,
  pairs: readonly PostingPair[],
): Promise<Map<string, string>> {
  const expired = pairs.filter((p) => p.status === 'expired');
  const times = new Map(expired.flatMap((p) => (p.proposedAt ? [[p.matchId, p.proposedAt] as const] : [])));
  const unknown = expired.filter((p) => !p.proposedAt).map((p) => p.matchId);
  if (unknown.length > 0) {
    for (const m of await ctx.store.matches.getMany(unknown)) times.set(m.id, m.createdAt);
  }
  return times;
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

  const [needs, offers, approved, allPairs, latest] = await Promise.all([
    ctx.store.needs.openOf(platformId),
    ctx.store.offers.openOf(platformId),
    ctx.store.memberships.organizationsWithStatus(platformId, 'approved'),
    ctx.store.matches.pairsOf(platformId),
    ctx.store.matches.latestRound(platformId),
  ]);

  // A 関心がある sent without a posting of one's own pairs an organisation with a posting: the
  // engine pairs postings only, so such pairs are not its business.
  const pairs = allPairs.filter(isPostingPair);
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

  const needsById = new Map(needs.map((n) => [n.id, n]));
  const offersById = new Map(offers.map((o) => [o.id, o]));

  // Pairs this very round wrote already (a run cut short, or a concurrent run of the same round)
  // are not "proposed before": the engine must see what the round's first run saw, so that a
  // rerun proposes the same set and only writes what is missing. Counting them as earlier
  // proposals would free their need's and offer's per-round caps for more proposals.
  const declinedPairs = new Set<string>();
  const proposedPairs = new Set<string>();
  const expiredAt = await expiredProposalTimes(ctx, pairs);
  const changedSince = (p: PostingPair) => {
    const at = expiredAt.get(p.matchId) ?? '';
    return (
      (needsById.get(p.needId)?.updatedAt ?? '') > at || (offersById.get(p.offerId)?.updatedAt ?? '') > at
    );
  };
  for (const p of pairs) {
    if (p.matchId === matchIdOf(platformId, roundId, p.needId, p.offerId)) continue;
    if (p.status === 'declined') declinedPairs.add(pairKey(p.needId, p.offerId));
    // An expired pair comes back only once one of its postings was edited since it was proposed.
    else if (p.status !== 'expired' || !changedSince(p)) proposedPairs.add(pairKey(p.needId, p.offerId));
  }

  // An offer whose slots are all taken gets no more proposals; one with few left gets at most those.
  // An open call (公募) is not proposed: members apply to it, and the digest announces it.
  const offering = offers.flatMap((o) => {
    if (o.openCall) return [];
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

  const ours = (read: readonly PostingPair[]) =>
    new Set(
      read
        .filter((p) => p.matchId === matchIdOf(platformId, roundId, p.needId, p.offerId))
        .map((p) => pairKey(p.needId, p.offerId)),
    );
  const proposals = await withinInboxCap(ctx, platformId, result.proposals, ours, pairs);
  const matches: PostingMatch[] = proposals.kept.map((p) => ({
    id: matchIdOf(platformId, roundId, p.needId, p.offerId),
    platformId,
    origin: 'round',
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
    inboxCounted: ['need', 'offer'],
    createdAt: startedAt,
    updatedAt: startedAt,
    version: 1,
  }));

  // Each proposal is written with its two mails in one transaction: a match exists exactly
  // when its proposal mails are in the outbox.
  const load = introductionLoader(ctx);
  const proposeWithMails = async (m: PostingMatch) => {
    const data = await load(m, { need: needsById.get(m.needId), offer: offersById.get(m.offerId) });
    return ctx.store.matches.propose(m, introductionMails(ctx, m, data, 'proposed', startedAt), {
      cap: ctx.config.introductions.inboxCap,
    });
  };
  const results = await inChunks(matches, WRITE_CONCURRENCY, proposeWithMails);
  const written = results.filter((r) => r === 'proposed').length;
  // An interest that filled an inbox between our read and our write: that proposal waits too.
  const deferred = proposals.deferred + results.filter((r) => r === 'inbox-full').length;
  const wroteMatches = matches.filter((_, i) => results[i] !== 'inbox-full');

  // The state this round leaves behind: the next round with nothing new is skipped.
  const statusAfter = new Map(pairs.map((p) => [pairKey(p.needId, p.offerId), p.status]));
  for (const m of wroteMatches) {
    const key = pairKey(m.needId, m.offerId);
    if (statusAfter.get(key) === undefined || statusAfter.get(key) === 'expired')
      statusAfter.set(key, m.status);
  }
  const after = [...statusAfter].map(([key, status]) => `${key}:${status}`);
  // A round that left proposals for later must not be skipped tomorrow for "nothing new": the
  // room that answers make is not in the fingerprint.
  const leaves = fingerprintOf(today, needs, offers, approved, after);
  const round: Round = {
    ...base,
    fingerprint: deferred > 0 ? `${leaves}~deferred` : leaves,
    durationMs: ctx.now().getTime() - started.getTime(),
    candidatePairs: result.stats.candidatePairs,
    proposals: wroteMatches.length,
    written,
    deferred,
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
