import { describe, expect, it } from 'vitest';
import { type MatchingInput, pairKey, proposeMatches, proposeMatchesBruteForce, scorePair } from '#matching';
import type { MatchingConfigInput } from '../../../shared/matching/config';
import { rng } from '../../support/seeded';
import { need, offer, TODAY, ulidOf } from './builders';
import { crowdedPlatform, keyCount } from './crowded-platform';

// Candidate generation (candidates.ts): each need's short list of its L best pairs, found by
// scanning the index lists it can reach and skipping lists and entries whose score bound cannot
// make the short list. Checked against scoring every pair (the brute force), on platforms
// crowded with equal and nearly equal offers, where a bound one step too tight would drop one;
// and the round's counters against what they say they count.

/** Offers take every introduction they are given: each need is proposed its short list. */
const shortLists = (input: MatchingInput, config: MatchingConfigInput) =>
  JSON.stringify(proposeMatches(input, config).proposals);
const bruteForce = (input: MatchingInput, config: MatchingConfigInput) =>
  JSON.stringify(proposeMatchesBruteForce(input, config).proposals);

describe('the short list of each need', () => {
  it('holds the L best pairs, ties to the offer listed first, as scoring every pair would', () => {
    const next = rng(20);
    let pruned = 0;
    let proposals = 0;
    for (let run = 0; run < 150; run++) {
      const input = crowdedPlatform(next);
      const top = 1 + Math.floor(next() * 3);
      const scores = input.needs.flatMap((n) =>
        input.offers.map((o) => scorePair(n, o, input.today)).flatMap((s) => (s.ok ? [s.score] : [])),
      );
      // minScore: none, the default, or exactly a score some pair has (it must stay in).
      const minScore = [0, 0.35, scores[Math.floor(next() * scores.length)] ?? 0.5][Math.floor(next() * 3)]!;
      const config = {
        candidatesPerNeed: top,
        proposalsPerNeed: top,
        minScore,
        requireFieldRelation: next() < 0.8,
      };
      const result = proposeMatches(input, config);
      proposals += result.proposals.length;
      pruned += result.stats.skippedLists + result.stats.skippedEntries;
      expect(shortLists(input, config)).toBe(bruteForce(input, config));
    }
    // The bounds were at work, and the runs proposed something.
    expect(pruned).toBeGreaterThan(300);
    expect(proposals).toBeGreaterThan(300);
  });

  it('reads an equal offer of a later list with the same bound: the one listed first wins', () => {
    // A block-wide and a nationwide offer that both list 東京都, a neighbour of the need's
    // prefecture: both score the neighbour tier, the bound of both lists, in full. The later
    // offer (F2) is in the block's list, read first; with a short list of one, the nationwide
    // list must still be read, as F1 ties with F2 at the lists' exact bound.
    const npo = ulidOf('G', 1);
    const company = ulidOf('G', 2);
    const place = { location: { prefecture: '11', municipality: '11203' }, capacity: { people: 30 } };
    const alike = { fields: ['children_youth'], capacity: { people: 30 } };
    const input: MatchingInput = {
      needs: [need(ulidOf('N', 1), npo, place)],
      offers: [
        offer(ulidOf('F', 2), company, { ...alike, serviceArea: { blocks: ['kanto'], prefectures: ['13'] } }),
        offer(ulidOf('F', 1), company, { ...alike, serviceArea: { nationwide: true, prefectures: ['13'] } }),
      ],
      approvedOrganizations: new Set([npo, company]),
      declinedPairs: new Set(),
      proposedPairs: new Set(),
      today: TODAY,
    };
    const [a, b] = input.offers.map((o) => scorePair(input.needs[0]!, o, TODAY));
    expect(a).toMatchObject({ ok: true, breakdown: { region: 0.7 } });
    expect(b).toMatchObject({ ok: true, breakdown: { region: 0.7 } });
    const score = (s: typeof a) => (s?.ok ? s.score : undefined);
    expect(score(b)).toBe(score(a));
    const result = proposeMatches(input, { candidatesPerNeed: 1, proposalsPerNeed: 1 });
    expect(result.proposals.map((p) => p.offerId)).toEqual([ulidOf('F', 1)]);
  });
});

describe('the lists a need reads', () => {
  it('a need in 札幌市中央区 (北海道, the first prefecture and city) finds offers for its city, prefecture and block', () => {
    const npo = ulidOf('G', 1);
    const company = ulidOf('G', 2);
    const input: MatchingInput = {
      needs: [need(ulidOf('N', 1), npo, { location: { prefecture: '01', municipality: '01101' } })],
      offers: [{ municipalities: ['01100'] }, { prefectures: ['01'] }, { blocks: ['hokkaido'] }].map(
        (serviceArea, i) => offer(ulidOf('F', i + 1), company, { serviceArea }),
      ),
      approvedOrganizations: new Set([npo, company]),
      declinedPairs: new Set(),
      proposedPairs: new Set(),
      today: TODAY,
    };
    expect(proposeMatches(input).proposals.map((p) => p.offerId)).toEqual(
      [1, 2, 3].map((n) => ulidOf('F', n)),
    );
  });
});

describe('the counters of a round', () => {
  it('without a bound to apply, examine every pair that shares a list once and score those that pass', () => {
    const next = rng(21);
    for (let run = 0; run < 60; run++) {
      const input = crowdedPlatform(next);
      // Short lists long enough for every offer, no minimum: nothing can be skipped.
      // Every kind filtered by field, none, or the defaults (venues not: they read every field's list).
      const x = next();
      const requireFieldRelation = x < 0.4 ? true : x < 0.7 ? undefined : false;
      const config = {
        candidatesPerNeed: 100,
        proposalsPerNeed: 3,
        minScore: 0,
        ...(requireFieldRelation === undefined ? {} : { requireFieldRelation }),
      };
      const { stats } = proposeMatches(input, config);
      const { indexed, sharing, refused } = keyCount(input, requireFieldRelation);
      expect(stats.skippedLists).toBe(0);
      expect(stats.skippedEntries).toBe(0);
      expect(stats.indexedPairs).toBe(indexed);
      expect(stats.candidatePairs).toBe(sharing);
      expect(stats.scoredPairs).toBe(proposeMatchesBruteForce(input, config).pairs.q.length);
      const r = stats.rejected;
      expect(r.period + r.sameOrganization + r.capacity + r.type).toBe(refused);
      const passing = (pairs: ReadonlySet<string>) =>
        input.needs.flatMap((n) =>
          input.offers.filter(
            (o) => pairs.has(pairKey(n.id, o.id)) && scorePair(n, o, input.today, config).ok,
          ),
        ).length;
      expect([r.declined, r.alreadyProposed]).toEqual([
        passing(input.declinedPairs),
        passing(input.proposedPairs),
      ]);
    }
  });

  it('count every examined pair once: refused, below minScore, decided before, or scored', () => {
    const next = rng(22);
    let decided = 0;
    let types = 0;
    for (let run = 0; run < 60; run++) {
      const input = crowdedPlatform(next);
      const config = { candidatesPerNeed: 1 + Math.floor(next() * 4), proposalsPerNeed: 1, minScore: 0.5 };
      const { stats } = proposeMatches(input, config);
      const r = stats.rejected;
      decided += r.declined + r.alreadyProposed;
      types += r.type;
      expect(stats.candidatePairs).toBe(
        r.period +
          r.sameOrganization +
          r.capacity +
          r.type +
          r.belowMinScore +
          r.declined +
          r.alreadyProposed +
          stats.scoredPairs,
      );
      expect(stats.candidatePairs + stats.skippedEntries).toBeLessThanOrEqual(stats.indexedPairs);
    }
    expect(decided).toBeGreaterThan(20);
    expect(types).toBeGreaterThan(0);
  });
});
