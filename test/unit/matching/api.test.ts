import { describe, expect, it } from 'vitest';
import { DEFAULT_MATCHING_CONFIG, type MatchingInput, proposeMatches, resolveConfig } from '#matching';
import { need, offer, TODAY, ulidOf } from './builders';

const empty: MatchingInput = {
  needs: [],
  offers: [],
  approvedOrganizations: new Set(),
  declinedPairs: new Set(),
  proposedPairs: new Set(),
  today: TODAY,
};

describe('proposeMatches: input and config', () => {
  it('proposes nothing for an empty platform', () => {
    expect(proposeMatches(empty)).toMatchObject({
      proposals: [],
      stats: { candidatePairs: 0, proposals: 0 },
    });
  });

  it('refuses a day that is not YYYY-MM-DD', () => {
    expect(() => proposeMatches({ ...empty, today: '2026-02-30' })).toThrow(/YYYY-MM-DD/);
    expect(() => proposeMatches({ ...empty, today: '1 June 2026' })).toThrow(/YYYY-MM-DD/);
  });

  it('refuses two postings with the same id', () => {
    const org = ulidOf('G', 1);
    const twice = need(ulidOf('N', 1), org);

    expect(() =>
      proposeMatches({ ...empty, needs: [twice, twice], approvedOrganizations: new Set([org]) }),
    ).toThrow(/duplicate need id/);
  });

  it('has documented defaults and takes any part of them', () => {
    expect(DEFAULT_MATCHING_CONFIG).toMatchObject({
      weights: { field: 0.35, region: 0.3, capacity: 0.15, timing: 0.1, freshness: 0.1 },
      proposalsPerNeed: 3,
      candidatesPerNeed: 16,
      minScore: 0.35,
      requireFieldRelation: {
        venue: false,
        funding: true,
        employment: true,
        volunteers: true,
        skills: true,
        goods: false,
        publicity: false,
        other: true,
      },
      openEndedHorizonDays: 180,
      freshnessHalfLifeDays: 60,
    });
    const c = resolveConfig({ weights: { region: 0.5 }, capacity: { minCoverage: { volunteers: 1 } } });
    expect(c.weights).toEqual({ ...DEFAULT_MATCHING_CONFIG.weights, region: 0.5 });
    expect(c.capacity.minCoverage.volunteers).toBe(1);
    expect(c.capacity.minCoverage.venue).toBe(1);
  });

  it('rejects a config that would break its own guarantees', () => {
    expect(() => resolveConfig({ region: { prefecture: 0.9, municipality: 0.8 } })).toThrow(
      /municipality ≥ prefecture/,
    );
    expect(() =>
      resolveConfig({ weights: { field: 0, region: 0, capacity: 0, timing: 0, freshness: 0 } }),
    ).toThrow();
    expect(() => resolveConfig({ proposalsPerNeed: 0 })).toThrow();
  });

  it('matches only within a platform', () => {
    const [npo, company] = [ulidOf('G', 1), ulidOf('G', 2)];
    const input = {
      ...empty,
      needs: [need(ulidOf('N', 1), npo)],
      offers: [offer(ulidOf('F', 1), company, { platformId: 'saitama' }), offer(ulidOf('F', 2), company)],
      approvedOrganizations: new Set([npo, company]),
    };

    expect(proposeMatches(input).proposals.map((p) => p.offerId)).toEqual([ulidOf('F', 2)]);
  });
});
