import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blockOf, type Need, type Offer, prefecture } from '#domain';
import {
  allScoredPairs,
  DEFAULT_MATCHING_CONFIG,
  greedyTotal,
  optimalAssignment,
  pairKey,
  proposeMatches,
  proposeMatchesBruteForce,
  scorePair,
} from '#matching';
import { pairArb, roundArb } from './arbitraries';
import { TODAY } from './builders';
import { passesPairFilters } from './oracle';

const RUNS = { seed: 42, numRuns: 200 };

function byId<T extends { id: string }>(items: readonly T[]): Map<string, T> {
  return new Map(items.map((x) => [x.id, x]));
}

describe('proposeMatches (properties)', () => {
  it('proposes no pair that breaks a hard filter', () => {
    fc.assert(
      fc.property(roundArb, (input) => {
        const needs = byId(input.needs);
        const offers = byId(input.offers);
        for (const p of proposeMatches(input).proposals) {
          const need = needs.get(p.needId)!;
          const offer = offers.get(p.offerId)!;
          expect(passesPairFilters(need, offer, TODAY)).toBe(true);
          expect(input.approvedOrganizations.has(need.organizationId)).toBe(true);
          expect(input.approvedOrganizations.has(offer.organizationId)).toBe(true);
          expect(p.needOrganizationId).toBe(need.organizationId);
          expect(p.offerOrganizationId).toBe(offer.organizationId);
        }
      }),
      RUNS,
    );
  });

  it('never proposes a pair declined or proposed before', () => {
    fc.assert(
      fc.property(roundArb, (input) => {
        for (const p of proposeMatches(input).proposals) {
          const key = pairKey(p.needId, p.offerId);
          expect(input.declinedPairs.has(key)).toBe(false);
          expect(input.proposedPairs.has(key)).toBe(false);
        }
      }),
      RUNS,
    );
  });

  it('never exceeds K per need or introductionsPerRound per offer, and proposes a pair once', () => {
    fc.assert(
      fc.property(roundArb, fc.integer({ min: 1, max: 3 }), (input, k) => {
        const { proposals } = proposeMatches(input, { proposalsPerNeed: k });
        const perNeed = new Map<string, number>();
        const perOffer = new Map<string, number>();
        for (const p of proposals) {
          perNeed.set(p.needId, (perNeed.get(p.needId) ?? 0) + 1);
          perOffer.set(p.offerId, (perOffer.get(p.offerId) ?? 0) + 1);
        }
        for (const count of perNeed.values()) expect(count).toBeLessThanOrEqual(k);
        const offers = byId(input.offers);
        for (const [id, count] of perOffer) {
          expect(count).toBeLessThanOrEqual(offers.get(id)!.introductionsPerRound);
        }
        const keys = proposals.map((p) => pairKey(p.needId, p.offerId));
        expect(new Set(keys).size).toBe(keys.length);
      }),
      RUNS,
    );
  });

  it('gives the same bytes for the same input, whatever the order of the postings', () => {
    const shuffled = roundArb.chain((input) =>
      fc
        .tuple(
          fc.shuffledSubarray([...input.needs], { minLength: input.needs.length }),
          fc.shuffledSubarray([...input.offers], { minLength: input.offers.length }),
        )
        .map(([needs, offers]) => [input, { ...input, needs, offers }] as const),
    );
    fc.assert(
      fc.property(shuffled, ([input, reordered]) => {
        const once = JSON.stringify(proposeMatches(input));
        expect(JSON.stringify(proposeMatches(input))).toBe(once);
        expect(JSON.stringify(proposeMatches(reordered))).toBe(once);
      }),
      RUNS,
    );
  });

  it('returns exactly what scoring every pair by brute force returns', () => {
    // Short lists of 1–3 make the engine skip lists and entries by their bounds.
    const config = fc.record({
      candidatesPerNeed: fc.constantFrom(1, 2, 3, 16),
      proposalsPerNeed: fc.integer({ min: 1, max: 3 }),
      minScore: fc.constantFrom(0, 0.35, 0.6),
    });
    fc.assert(
      fc.property(roundArb, config, (input, cfg) => {
        const engine = proposeMatches(input, cfg).proposals;
        expect(JSON.stringify(engine)).toBe(JSON.stringify(proposeMatchesBruteForce(input, cfg).proposals));
      }),
      { ...RUNS, numRuns: 400 },
    );
  });

  it('maximises the total score under the caps', () => {
    // Fewer offers than the short-list length: the optimum over all pairs is reachable.
    fc.assert(
      fc.property(roundArb, (input) => {
        const { stats } = proposeMatches(input);
        const pairs = allScoredPairs(input);
        expect(Math.round(stats.totalScore * 10_000)).toBe(optimalAssignment(pairs).total);
        expect(Math.round(stats.totalScore * 10_000)).toBeGreaterThanOrEqual(greedyTotal(pairs));
      }),
      RUNS,
    );
  });

  it('scores in [0, 1] with 4 decimals, at least minScore, sorted by need, then score, then offer', () => {
    fc.assert(
      fc.property(roundArb, (input) => {
        const { proposals } = proposeMatches(input);
        for (const p of proposals) {
          expect(p.score).toBeGreaterThanOrEqual(DEFAULT_MATCHING_CONFIG.minScore);
          expect(p.score).toBeLessThanOrEqual(1);
          expect(Math.round(p.score * 10_000) / 10_000).toBe(p.score);
          for (const v of Object.values(p.breakdown)) {
            expect(v).toBeGreaterThanOrEqual(0);
            expect(v).toBeLessThanOrEqual(1);
          }
        }
        const sorted = [...proposals].sort(
          (a, b) =>
            (a.needId < b.needId ? -1 : a.needId > b.needId ? 1 : 0) ||
            b.score - a.score ||
            (a.offerId < b.offerId ? -1 : 1),
        );
        expect(proposals).toEqual(sorted);
      }),
      RUNS,
    );
  });
});

describe('scorePair (properties)', () => {
  it('accepts exactly the pairs that pass the hard filters', () => {
    fc.assert(
      fc.property(pairArb, ([need, offer]) => {
        expect(scorePair(need, offer, TODAY).ok).toBe(passesPairFilters(need, offer, TODAY));
      }),
      { ...RUNS, numRuns: 1000 },
    );
  });

  it('never lowers the score of an offer moved closer to the need', () => {
    const closer = (need: Need, offer: Offer): Offer[] => {
      const area = offer.serviceArea;
      const p = need.location.prefecture;
      const variants = [
        { ...area, prefectures: [...new Set([...area.prefectures, p])] },
        { ...area, blocks: [...new Set([...area.blocks, blockOf(p)!])] },
        ...prefecture(p)!.adjacent.map((q) => ({
          ...area,
          prefectures: [...new Set([...area.prefectures, q])],
        })),
      ];
      const m = need.location.municipality;
      if (m !== undefined)
        variants.push({ ...area, municipalities: [...new Set([...area.municipalities, m])] });
      return variants.map((serviceArea) => ({ ...offer, serviceArea }));
    };
    fc.assert(
      fc.property(pairArb, ([need, offer]) => {
        const before = scorePair(need, offer, TODAY);
        fc.pre(before.ok);
        for (const moved of closer(need, offer)) {
          const after = scorePair(need, moved, TODAY);
          expect(after.ok).toBe(true);
          if (before.ok && after.ok) {
            expect(after.score).toBeGreaterThanOrEqual(before.score);
            expect(after.breakdown.region).toBeGreaterThanOrEqual(before.breakdown.region);
          }
        }
      }),
      { ...RUNS, numRuns: 500 },
    );
  });

  it('ranks a municipality over its prefecture over its block over nationwide over online', () => {
    fc.assert(
      fc.property(pairArb, ([need, offer]) => {
        const m = need.location.municipality;
        const p = need.location.prefecture;
        const areas = [
          ...(m === undefined ? [] : [{ municipalities: [m] }]),
          { prefectures: [p] },
          { blocks: [blockOf(p)!] },
          { nationwide: true },
          ...(need.onlineOk ? [{ online: true }] : []),
        ];
        const scores = areas.map((a) => {
          const serviceArea = {
            nationwide: false,
            blocks: [],
            prefectures: [],
            municipalities: [],
            online: false,
            ...a,
          };
          return scorePair(need, { ...offer, serviceArea }, TODAY);
        });
        fc.pre(scores.every((s) => s.ok));
        for (let i = 1; i < scores.length; i++) {
          const [a, b] = [scores[i - 1]!, scores[i]!];
          if (a.ok && b.ok) expect(a.breakdown.region).toBeGreaterThan(b.breakdown.region);
        }
      }),
      { ...RUNS, numRuns: 500 },
    );
  });
});
