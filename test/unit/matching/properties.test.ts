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

/**
 * How often each case a property quantifies over came up in its runs: a property whose runs met
 * none of them (every round proposing nothing, say) proved nothing, and fails.
 */
function cases(...names: string[]) {
  const counts = new Map<string, number>(names.map((n) => [n, 0]));
  return {
    hit(name: string, n = 1) {
      if (!counts.has(name)) throw new Error(`unknown case ${name}`);
      counts.set(name, counts.get(name)! + n);
    },
    expectAllSeen() {
      for (const [name, count] of counts) expect(count, `runs with ${name}`).toBeGreaterThan(0);
    },
  };
}

function byId<T extends { id: string }>(items: readonly T[]): Map<string, T> {
  return new Map(items.map((x) => [x.id, x]));
}

describe('proposeMatches (properties)', () => {
  it('proposes no pair that breaks a hard filter', () => {
    const seen = cases('a proposal');
    fc.assert(
      fc.property(roundArb, (input) => {
        const needs = byId(input.needs);
        const offers = byId(input.offers);
        for (const p of proposeMatches(input).proposals) {
          seen.hit('a proposal');
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
    seen.expectAllSeen();
  });

  it('never proposes a pair declined or proposed before', () => {
    // The case: a pair the engine would propose on its own (it passes the filters and minScore)
    // that was declined, or proposed, before.
    const seen = cases('a declined pair that would pass', 'a proposed pair that would pass');
    fc.assert(
      fc.property(roundArb, (input) => {
        const needs = byId(input.needs);
        const offers = byId(input.offers);
        const wouldPass = (key: string) => {
          const [needId, offerId] = key.split(':');
          const s = scorePair(needs.get(needId!)!, offers.get(offerId!)!, TODAY);
          return s.ok && !s.belowMinScore;
        };
        seen.hit('a declined pair that would pass', [...input.declinedPairs].filter(wouldPass).length);
        seen.hit('a proposed pair that would pass', [...input.proposedPairs].filter(wouldPass).length);
        for (const p of proposeMatches(input).proposals) {
          const key = pairKey(p.needId, p.offerId);
          expect(input.declinedPairs.has(key)).toBe(false);
          expect(input.proposedPairs.has(key)).toBe(false);
        }
      }),
      RUNS,
    );
    seen.expectAllSeen();
  });

  it('never exceeds K per need or introductionsPerRound per offer, and proposes a pair once', () => {
    const seen = cases('a need given K', 'an offer given all its introductionsPerRound');
    fc.assert(
      fc.property(roundArb, fc.integer({ min: 1, max: 3 }), (input, k) => {
        const { proposals } = proposeMatches(input, { proposalsPerNeed: k });
        const perNeed = new Map<string, number>();
        const perOffer = new Map<string, number>();
        for (const p of proposals) {
          perNeed.set(p.needId, (perNeed.get(p.needId) ?? 0) + 1);
          perOffer.set(p.offerId, (perOffer.get(p.offerId) ?? 0) + 1);
        }
        for (const count of perNeed.values()) {
          expect(count).toBeLessThanOrEqual(k);
          if (count === k) seen.hit('a need given K');
        }
        const offers = byId(input.offers);
        for (const [id, count] of perOffer) {
          expect(count).toBeLessThanOrEqual(offers.get(id)!.introductionsPerRound);
          if (count === offers.get(id)!.introductionsPerRound)
            seen.hit('an offer given all its introductionsPerRound');
        }
        const keys = proposals.map((p) => pairKey(p.needId, p.offerId));
        expect(new Set(keys).size).toBe(keys.length);
      }),
      RUNS,
    );
    seen.expectAllSeen();
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
    const seen = cases('a round with proposals');
    fc.assert(
      fc.property(shuffled, ([input, reordered]) => {
        const first = proposeMatches(input);
        if (first.proposals.length > 0) seen.hit('a round with proposals');
        const once = JSON.stringify(first);
        expect(JSON.stringify(proposeMatches(input))).toBe(once);
        expect(JSON.stringify(proposeMatches(reordered))).toBe(once);
      }),
      RUNS,
    );
    seen.expectAllSeen();
  });

  it('returns exactly what scoring every pair by brute force returns', () => {
    // Short lists of 1–3 make the engine skip lists and entries by their bounds.
    const config = fc.record({
      candidatesPerNeed: fc.constantFrom(1, 2, 3, 16),
      proposalsPerNeed: fc.integer({ min: 1, max: 3 }),
      minScore: fc.constantFrom(0, 0.35, 0.6),
    });
    const seen = cases('a round with proposals', 'a round with a short list shorter than the fitting offers');
    fc.assert(
      fc.property(roundArb, config, (input, cfg) => {
        const engine = proposeMatches(input, cfg).proposals;
        if (engine.length > 0) seen.hit('a round with proposals');
        if (cfg.candidatesPerNeed < input.offers.length && engine.length > 0)
          seen.hit('a round with a short list shorter than the fitting offers');
        expect(JSON.stringify(engine)).toBe(JSON.stringify(proposeMatchesBruteForce(input, cfg).proposals));
      }),
      { ...RUNS, numRuns: 400 },
    );
    seen.expectAllSeen();
  });

  it('maximises the total score under the caps', () => {
    // Fewer offers than the short-list length: the optimum over all pairs is reachable.
    const seen = cases('a round where the best first is not the best total');
    fc.assert(
      fc.property(roundArb, (input) => {
        const { stats } = proposeMatches(input);
        const pairs = allScoredPairs(input);
        if (optimalAssignment(pairs).total > greedyTotal(pairs))
          seen.hit('a round where the best first is not the best total');
        expect(Math.round(stats.totalScore * 10_000)).toBe(optimalAssignment(pairs).total);
        expect(Math.round(stats.totalScore * 10_000)).toBeGreaterThanOrEqual(greedyTotal(pairs));
      }),
      RUNS,
    );
    seen.expectAllSeen();
  });

  it('scores in [0, 1] with 4 decimals, at least minScore, sorted by need, then score, then offer', () => {
    const seen = cases('a need with two proposals or more');
    fc.assert(
      fc.property(roundArb, (input) => {
        const { proposals } = proposeMatches(input);
        if (new Set(proposals.map((p) => p.needId)).size < proposals.length)
          seen.hit('a need with two proposals or more');
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
    seen.expectAllSeen();
  });
});

describe('scorePair (properties)', () => {
  it('accepts exactly the pairs that pass the hard filters', () => {
    const seen = cases('an accepted pair', 'a refused pair');
    fc.assert(
      fc.property(pairArb, ([need, offer]) => {
        const ok = scorePair(need, offer, TODAY).ok;
        seen.hit(ok ? 'an accepted pair' : 'a refused pair');
        expect(ok).toBe(passesPairFilters(need, offer, TODAY));
      }),
      { ...RUNS, numRuns: 1000 },
    );
    seen.expectAllSeen();
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
    const seen = cases('an offer moved closer that scores higher');
    fc.assert(
      fc.property(pairArb, ([need, offer]) => {
        const before = scorePair(need, offer, TODAY);
        fc.pre(before.ok);
        for (const moved of closer(need, offer)) {
          const after = scorePair(need, moved, TODAY);
          expect(after.ok).toBe(true);
          if (before.ok && after.ok) {
            if (after.score > before.score) seen.hit('an offer moved closer that scores higher');
            expect(after.score).toBeGreaterThanOrEqual(before.score);
            expect(after.breakdown.region).toBeGreaterThanOrEqual(before.breakdown.region);
          }
        }
      }),
      { ...RUNS, numRuns: 500 },
    );
    seen.expectAllSeen();
  });

  it('ranks a municipality over its prefecture over its block over nationwide over online', () => {
    const seen = cases('a need with its municipality', 'a need by prefecture only', 'a need open to online');
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
        seen.hit(m === undefined ? 'a need by prefecture only' : 'a need with its municipality');
        if (need.onlineOk) seen.hit('a need open to online');
        for (let i = 1; i < scores.length; i++) {
          const [a, b] = [scores[i - 1]!, scores[i]!];
          if (a.ok && b.ok) expect(a.breakdown.region).toBeGreaterThan(b.breakdown.region);
        }
      }),
      { ...RUNS, numRuns: 500 },
    );
    seen.expectAllSeen();
  });
});
