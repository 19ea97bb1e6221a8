import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type MatchingConfig,
  type MatchingConfigInput,
  proposeMatches,
  REJECTIONS,
  resolveConfig,
  scorePair,
} from '#matching';
import {
  type CountryPlatform,
  countryPlatformArb,
  NEEDS_PER_PLATFORM,
  OFFERS_PER_PLATFORM,
} from './country-arbitraries';
import { Census } from './reference-census';
import { type RefBreakdown, referenceScore } from './reference-scorer';

// The kernel against an independent reference scorer (reference-scorer.ts, written from the
// docs and sharing no code with shared/matching): on random platforms over the whole country,
// every (need, offer) pair gets the same hard-filter verdict, the same score and the same
// breakdown from scorePair, and every proposal of proposeMatches carries the reference's
// numbers. The run must contain every case it speaks for (each refusal, each region tier, each
// kind accepted, …): a property that generated none of them would prove nothing.

const RUNS = 520; // × 4 needs × 5 offers = 10,400 pairs per run
const SEED = 27;

/** Ordered tiers, weights that need not sum to 1, the field filter off, other curves and floors. */
const configArb: fc.Arbitrary<MatchingConfigInput | undefined> = fc.oneof(
  { weight: 3, arbitrary: fc.constant(undefined) },
  {
    weight: 2,
    arbitrary: fc
      .record({
        w: fc.array(fc.constantFrom(0, 0.1, 0.35, 0.5, 1, 2), { minLength: 5, maxLength: 5 }),
        tiers: fc.array(fc.constantFrom(0, 0.2, 0.3, 0.45, 0.6, 0.7, 0.9, 1), { minLength: 6, maxLength: 6 }),
        rel: fc.array(fc.constantFrom(0, 0.25, 0.5, 0.6, 0.8), { minLength: 3, maxLength: 3 }),
        exact: fc.constantFrom(1, 0.9),
        breadth: fc.constantFrom(0, 0.15, 0.5, 1),
        cover: fc.array(fc.constantFrom(0, 0.25, 0.5, 1), { minLength: 7, maxLength: 7 }),
        oversizeRatio: fc.constantFrom(1, 2, 3, 5),
        oversizeExponent: fc.constantFrom(0.5, 1, 0.25, 0),
        partial: fc.constantFrom(0.6, 1, 0.3),
        unknown: fc.constantFrom(0.6, 0, 1),
        requireFieldRelation: fc.boolean(),
        openEndedHorizonDays: fc.constantFrom(1, 30, 180, 365),
        freshnessHalfLifeDays: fc.constantFrom(1, 7, 60, 365),
        minScore: fc.constantFrom(0, 0.35, 0.5, 0.8),
        types: fc.record({
          other: fc.constantFrom(0.7, 0, 1, 0.3),
          unknown: fc.constantFrom(0.85, 0, 1, 0.5),
        }),
      })
      .map((r): MatchingConfigInput => {
        const [field, region, capacity, timing, freshness] = r.w.some((x) => x > 0) ? r.w : [1, 0, 0, 0, 0];
        const t = [...r.tiers].sort((a, b) => b - a);
        const [pc, sib, any] = [...r.rel].sort((a, b) => b - a);
        const [venue, employment, volunteers, skills, goods, publicity, funding] = r.cover;
        return {
          weights: { field, region, capacity, timing, freshness },
          requireFieldRelation: r.requireFieldRelation,
          field: {
            exact: r.exact,
            parentChild: pc,
            siblings: sib,
            any: Math.min(any!, r.exact - 0.1),
            breadth: r.breadth,
          },
          region: {
            municipality: t[0],
            prefecture: t[1],
            neighbour: t[2],
            block: t[3],
            nationwide: t[4],
            online: t[5],
          },
          capacity: {
            minCoverage: { funding, venue, employment, volunteers, skills, goods, publicity },
            oversizeRatio: r.oversizeRatio,
            oversizeExponent: r.oversizeExponent,
            partial: r.partial,
            unknown: r.unknown,
          },
          openEndedHorizonDays: r.openEndedHorizonDays,
          freshnessHalfLifeDays: r.freshnessHalfLifeDays,
          minScore: r.minScore,
          types: r.types,
        };
      }),
  },
);

/**
 * The kernel publishes numbers rounded to 4 decimals: `published` must be `raw` rounded, exactly
 * (1e-9), except when `raw` sits within 1e-7 of a rounding tie, where float order (and the
 * kernel's float32 freshness) may round either way.
 */
function agrees(published: number, raw: number): boolean {
  const q = raw * 10_000;
  const frac = q - Math.floor(q);
  if (Math.abs(frac - 0.5) < 1e-3) return Math.abs(published * 10_000 - q) <= 0.5 + 1e-3;
  return Math.abs(published - Math.round(q) / 10_000) <= 1e-9;
}

const FACTORS = ['field', 'region', 'capacity', 'timing', 'freshness'] as const;

function sameNumbers(
  what: string,
  kernel: { score: number; breakdown: Readonly<RefBreakdown> },
  ref: { score: number; breakdown: RefBreakdown },
): void {
  for (const f of FACTORS) {
    if (!agrees(kernel.breakdown[f], ref.breakdown[f]))
      throw new Error(`${what}: ${f} kernel ${kernel.breakdown[f]} ≠ reference ${ref.breakdown[f]}`);
  }
  if (!agrees(kernel.score, ref.score))
    throw new Error(`${what}: score kernel ${kernel.score} ≠ reference ${ref.score}`);
}

describe('the kernel agrees with the independent reference scorer', () => {
  it(`on ≥ 10,000 random pairs over the whole country (seed ${SEED})`, () => {
    const census = new Census();
    let pairs = 0;
    const started = performance.now();

    const check = (platform: CountryPlatform, input: MatchingConfigInput | undefined) => {
      const config: MatchingConfig = resolveConfig(input);
      const { today, needs, offers } = platform;
      for (const need of needs) {
        for (const offer of offers) {
          const what = `need ${need.id} × offer ${offer.id} on ${today}`;
          const kernel = scorePair(need, offer, today, input);
          const ref = referenceScore(need, offer, today, config);
          pairs++;
          census.pair(need, offer, today, ref, input !== undefined);
          if (!ref.ok) {
            if (kernel.ok || kernel.reason !== ref.reason)
              throw new Error(
                `${what}: kernel ${kernel.ok ? 'accepts' : kernel.reason}, reference refuses: ${ref.reason}`,
              );
            continue;
          }
          if (!kernel.ok) throw new Error(`${what}: kernel refuses (${kernel.reason}), reference accepts`);
          sameNumbers(what, kernel, ref);
          const nearTie = Math.abs(ref.score * 10_000 - Math.round(ref.score * 10_000)) > 0.499;
          if (!nearTie && kernel.belowMinScore !== ref.belowMinScore)
            throw new Error(
              `${what}: belowMinScore kernel ${kernel.belowMinScore} ≠ reference ${ref.belowMinScore}`,
            );
        }
      }
      // The engine's proposals carry the reference's numbers and pass its filters.
      const { proposals } = proposeMatches(
        {
          needs,
          offers,
          approvedOrganizations: new Set([...needs, ...offers].map((p) => p.organizationId)),
          declinedPairs: new Set(),
          proposedPairs: new Set(),
          today,
        },
        input,
      );
      for (const p of proposals) {
        const ref = referenceScore(
          needs.find((n) => n.id === p.needId)!,
          offers.find((o) => o.id === p.offerId)!,
          today,
          config,
        );
        if (!ref.ok || ref.belowMinScore)
          throw new Error(`proposal ${p.needId}:${p.offerId} the reference refuses`);
        sameNumbers(`proposal ${p.needId}:${p.offerId}`, p, ref);
        census.see('proposal');
      }
    };

    fc.assert(
      fc.property(countryPlatformArb, configArb, (platform, input) => check(platform, input)),
      { seed: SEED, numRuns: RUNS },
    );
    const ms = Math.round(performance.now() - started);
    console.log(`reference scorer: ${pairs} pairs compared in ${ms} ms`, JSON.stringify(census));

    expect(pairs).toBeGreaterThanOrEqual(10_000);
    expect(pairs).toBe(RUNS * NEEDS_PER_PLATFORM * OFFERS_PER_PLATFORM);
    // Every case the property speaks for happened in this run.
    const required = [
      'accepted',
      'proposal',
      'belowMinScore',
      'aboveMinScore',
      'need-by-prefecture',
      'custom-config',
      'goods:kg',
      'goods:units',
      'period:end=start',
      'period:start=end',
      'period:end=start-1',
      'today:leap-day',
      'today:fiscal-year-end',
      'pref:01',
      'pref:47',
      'pref>=33:neighbour',
      'capacity:funding-below-min',
      'capacity:funding-below-floor',
      'capacity:co-funding-small',
      'capacity:funding-at-min',
      'capacity:sessions-short',
      ...['not-comparable', 'exact-fit', 'at-floor', 'partial', 'ample', 'at-oversize', 'oversize'].map(
        (c) => `capacity:${c}`,
      ),
      ...REJECTIONS.map((r) => `refused:${r}`),
      ...['venue', 'funding', 'employment', 'volunteers', 'skills', 'goods', 'publicity', 'other'].map(
        (k) => `kind:${k}`,
      ),
      ...['municipality', 'prefecture', 'neighbour', 'block', 'nationwide', 'online'].map((t) => `tier:${t}`),
      // The taxonomy has no siblings (docs/matching.md): none, with the field filter off, instead.
      ...['same', 'parent_child', 'any', 'none'].map((r) => `relation:${r}`),
      ...['none', 'match', 'other', 'unknown'].map((t) => `types:${t}`),
      'type:feature-missing',
      'type:no-kind-in-common',
    ];
    expect(census.missing(required)).toEqual([]);
    // Every one of the 47 prefectures had an accepted pair.
    expect(Object.keys(census.toJSON()).filter((l) => /^pref:\d\d$/.test(l))).toHaveLength(47);
  });

  it('shares no code with shared/matching: the reference imports only the domain and itself', () => {
    const files = [
      'reference-scorer.ts',
      'reference-capacity.ts',
      'reference-config.ts',
      'reference-types.ts',
    ];
    const imports = files.flatMap((f) =>
      [...readFileSync(new URL(f, import.meta.url), 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1]!),
    );
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.filter((i) => i !== '#domain' && !i.startsWith('./reference-'))).toEqual([]);
  });
});
