import { describe, expect, it } from 'vitest';
import { type MatchingInput, proposeMatches, scorePair } from '#matching';
import { need, offer, TODAY, ulidOf } from './builders';

// What the bounds of candidate generation (candidates.ts, need-lists.ts) skip, by example: each
// bound at work with the round's counters saying what was read, skipped and refused, and the
// pairs near a bound that must still be read. The short lists against brute force:
// candidates.test.ts.

describe('what the bounds skip', () => {
  const npo = ulidOf('G', 1);
  const company = ulidOf('G', 2);
  const round = (offers: ReturnType<typeof offer>[], needOverrides = {}): MatchingInput => ({
    needs: [need(ulidOf('N', 1), npo, { onlineOk: true, ...needOverrides })],
    offers,
    approvedOrganizations: new Set([npo, company]),
    declinedPairs: new Set(),
    proposedPairs: new Set(),
    today: TODAY,
  });
  const online = (n: number, extra = {}) =>
    offer(ulidOf('F', n), company, { serviceArea: { online: true }, ...extra });

  it("an offer that shares only the last day of the need's period is read, and proposed at minScore exactly", () => {
    // Ten days, the last one shared: timing 1/10 of its weight. The offer's bound must count
    // that day, or it falls below a minScore the offer reaches.
    const input = round([online(1, { period: { start: '2026-06-10' } })], {
      period: { start: '2026-06-01', end: '2026-06-10' },
    });
    const scored = scorePair(input.needs[0]!, input.offers[0]!, TODAY);
    expect(scored).toMatchObject({ ok: true, breakdown: { timing: 0.1 } });
    const minScore = scored.ok ? scored.score : 1;
    const { proposals } = proposeMatches(input, { minScore });
    expect(proposals.map((p) => p.score)).toEqual([minScore]);
  });

  it('a list that cannot reach minScore is not read', () => {
    // Online support scores 0.79 here (region 0.3 of 1): with minScore 0.8 the online list is
    // skipped whole, though its bound is within 0.01 of it.
    const input = round([online(1), online(2)]);
    expect(scorePair(input.needs[0]!, input.offers[0]!, TODAY)).toMatchObject({ score: 0.79 });
    const { stats } = proposeMatches(input, { minScore: 0.8 });
    expect(stats).toMatchObject({ indexedPairs: 2, skippedLists: 1, candidatePairs: 0, proposals: 0 });
  });

  it('a list that cannot beat a full short list is not read', () => {
    const { stats } = proposeMatches(round([offer(ulidOf('F', 1), company), online(2), online(3)]), {
      candidatesPerNeed: 1,
      proposalsPerNeed: 1,
    });
    expect(stats).toMatchObject({ indexedPairs: 3, skippedLists: 1, candidatePairs: 1, scoredPairs: 1 });
  });

  it('a prefecture-wide offer fills a short list of one: the block-wide and nationwide lists are not read', () => {
    const [pref, block, nationwide] = [
      { prefectures: ['06'] },
      { blocks: ['tohoku'] },
      { nationwide: true },
    ].map((serviceArea, i) => offer(ulidOf('F', i + 1), company, { serviceArea }));
    const { stats } = proposeMatches(round([nationwide!, block!, pref!]), {
      candidatesPerNeed: 1,
      proposalsPerNeed: 1,
    });
    expect(stats).toMatchObject({ indexedPairs: 3, skippedLists: 2, candidatePairs: 1 });
  });

  it('an offer for a broader field fills a short list of one: the offers for any field are not read', () => {
    const broader = offer(ulidOf('F', 1), company, { fields: ['elderly'] });
    const any = offer(ulidOf('F', 2), company, { fields: 'any' });
    const { stats } = proposeMatches(round([any, broader], { fields: ['dementia'] }), {
      candidatesPerNeed: 1,
      proposalsPerNeed: 1,
      requireFieldRelation: true,
    });
    expect(stats).toMatchObject({ indexedPairs: 2, skippedLists: 1, candidatePairs: 1 });
  });

  it('after the first entry too stale to make the short list, the rest of the list is skipped', () => {
    // Entries are freshest first: once one cannot make it even with perfect capacity and timing,
    // neither can any after it.
    const posted = (n: number, day: string) =>
      online(n, { createdAt: `${day}T00:00:00.000Z`, updatedAt: `${day}T00:00:00.000Z` });
    const offers = [posted(4, '2026-01-10'), posted(3, '2026-02-10'), posted(2, '2026-03-10'), online(1)];
    const { stats } = proposeMatches(round(offers), {
      candidatesPerNeed: 1,
      proposalsPerNeed: 1,
      minScore: 0,
    });
    expect(stats).toMatchObject({ indexedPairs: 4, skippedEntries: 3, candidatePairs: 1, scoredPairs: 1 });
  });

  it('an entry whose timing or capacity alone keeps it out is skipped, and the next one read', () => {
    // All equally fresh, so read in id order: the fitting one first fills the short list of one.
    const fits = online(1);
    const late = online(2, { period: { start: '2027-03-01' } });
    const roomy = online(3, { capacity: { people: 300 } }); // ten times the group: a poor fit
    const also = online(4);
    // Late and too small: skipped for its timing before its capacity is looked at.
    const lateAndSmall = online(5, { period: { start: '2027-03-01' }, capacity: { people: 10 } });
    const { stats } = proposeMatches(round([also, roomy, late, fits, lateAndSmall]), {
      candidatesPerNeed: 1,
      proposalsPerNeed: 1,
      minScore: 0,
    });
    expect(stats).toMatchObject({ indexedPairs: 5, skippedEntries: 3, candidatePairs: 2, scoredPairs: 2 });
  });

  it("an entry that covers half of a ten-day need is skipped by its own timing, not its list's", () => {
    // Ten days, five covered: 0.95. With minScore 0.96 the list (perfect timing) is read, and
    // the entry's bound (its five days) leaves it out.
    const half = round([offer(ulidOf('F', 1), company, { period: { start: '2026-06-06' } })], {
      period: { start: '2026-06-01', end: '2026-06-10' },
    });
    expect(scorePair(half.needs[0]!, half.offers[0]!, TODAY)).toMatchObject({ score: 0.95 });
    const { stats } = proposeMatches(half, { minScore: 0.96 });
    expect(stats).toMatchObject({ indexedPairs: 1, skippedLists: 0, skippedEntries: 1, candidatePairs: 0 });
  });

  it('a pair with no day in common is refused for its period, not skipped by a lowered bound', () => {
    const input = round([offer(ulidOf('F', 1), company, { period: { start: '2026-07-01' } })], {
      period: { start: '2026-06-01', end: '2026-06-10' },
    });
    const { stats } = proposeMatches(input, { minScore: 0.85 });
    expect(stats).toMatchObject({ candidatePairs: 1, skippedEntries: 0, rejected: { period: 1 } });
  });

  it('a venue clearly too small is refused for its capacity, not skipped', () => {
    const input = round([offer(ulidOf('F', 1), company, { capacity: { people: 10 } })]);
    const { stats } = proposeMatches(input, { minScore: 0.9 });
    expect(stats).toMatchObject({ candidatePairs: 1, skippedEntries: 0, rejected: { capacity: 1 } });
  });

  it('a pair whose capacity fit is 0 by the config is scored and proposed, not refused', () => {
    const other = { kind: 'other', capacity: {} };
    const input = round([offer(ulidOf('F', 1), company, other)], other);
    const { stats, proposals } = proposeMatches(input, { capacity: { unknown: 0 } });
    expect(stats).toMatchObject({ candidatePairs: 1, rejected: { capacity: 0 } });
    expect(proposals).toHaveLength(1);
  });

  it('a pair scoring exactly 0 counts as below minScore', () => {
    const input = round([offer(ulidOf('F', 1), company, { fields: ['elderly'] })]);
    const config = {
      weights: { field: 1, region: 0, capacity: 0, timing: 0, freshness: 0 },
      requireFieldRelation: false,
      minScore: 0.1,
    };
    expect(scorePair(input.needs[0]!, input.offers[0]!, TODAY, config)).toMatchObject({ score: 0 });
    expect(proposeMatches(input, config).stats).toMatchObject({
      candidatePairs: 1,
      rejected: { belowMinScore: 1 },
    });
  });

  describe('for a kind with nothing to compare (その他), capacity counts as unknown in the bounds', () => {
    const other = { kind: 'other', capacity: {} };
    const posted = (day: string) => ({
      createdAt: `${day}T00:00:00.000Z`,
      updatedAt: `${day}T00:00:00.000Z`,
    });

    it('a list: online support scores 0.73, so with minScore 0.75 its list is not read', () => {
      const input = round([online(1, other)], other);
      expect(scorePair(input.needs[0]!, input.offers[0]!, TODAY)).toMatchObject({ score: 0.73 });
      expect(proposeMatches(input, { minScore: 0.75 }).stats).toMatchObject({
        skippedLists: 1,
        candidatePairs: 0,
      });
    });

    it('an entry: an offer posted 120 days ago scores 0.6925, under minScore 0.7, and is skipped', () => {
      const input = round([online(1, { ...other, ...posted('2026-02-01') })], other);
      const scored = scorePair(input.needs[0]!, input.offers[0]!, TODAY);
      expect(scored.ok && scored.score).toBeLessThan(0.7);
      expect(proposeMatches(input, { minScore: 0.7 }).stats).toMatchObject({
        skippedLists: 0,
        skippedEntries: 1,
        candidatePairs: 0,
      });
    });
  });
});
