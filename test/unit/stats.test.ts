import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  collaborationOf,
  FIELD_SLUGS,
  type FieldSlug,
  introductionStats,
  MATCH_STATUSES,
  type MatchStatus,
  type Need,
  OUTCOMES,
  type PairRecord,
} from '#domain';

// The secretariat's statistics: totals, by field and by prefecture of the need.

type StatNeed = Pick<Need, 'id' | 'fields' | 'location'>;
type StatPair = Pick<PairRecord, 'needId' | 'status' | 'outcomes'>;

const need = (id: string, fields: FieldSlug[], prefecture = '11'): StatNeed => ({
  id,
  fields,
  location: { prefecture },
});
const pair = (needId: string, status: MatchStatus, outcomes: StatPair['outcomes'] = {}): StatPair => ({
  needId,
  status,
  outcomes,
});

describe('collaborationOf', () => {
  it('says formed when either side reports a collaboration, whatever the other says', () => {
    expect(collaborationOf(pair('n', 'connected', { need: 'not_formed', offer: 'formed' }))).toBe('formed');
  });

  it('prefers in progress over not formed, and says unanswered when nobody answered', () => {
    expect(collaborationOf(pair('n', 'connected', { need: 'not_formed', offer: 'in_progress' }))).toBe(
      'in_progress',
    );
    expect(collaborationOf(pair('n', 'connected', { offer: 'not_formed' }))).toBe('not_formed');
    expect(collaborationOf(pair('n', 'connected'))).toBe('unanswered');
  });

  it('has nothing to say about pairs that never connected', () => {
    for (const status of ['proposed', 'accepted', 'declined', 'expired'] as const)
      expect(collaborationOf(pair('n', status, { need: 'formed' }))).toBeUndefined();
  });
});

describe('introductionStats', () => {
  const needs = [
    need('a', ['children_youth', 'poverty'], '11'),
    need('b', ['elderly'], '13'),
    need('c', ['children_youth'], '11'),
  ];
  const pairs = [
    pair('a', 'connected', { need: 'formed' }),
    pair('a', 'declined'),
    pair('b', 'proposed'),
    pair('b', 'connected'),
    pair('c', 'accepted'),
    pair('c', 'expired'),
  ];

  it('counts every introduction by status and what the connected ones came to', () => {
    const { total } = introductionStats(pairs, needs);
    expect(total.proposals).toBe(6);
    expect(total.status).toEqual({ proposed: 1, accepted: 1, connected: 2, declined: 1, expired: 1 });
    expect(total.collaboration).toEqual({ formed: 1, in_progress: 0, not_formed: 0, unanswered: 1 });
  });

  it("counts an introduction toward each of its need's fields, most introductions first", () => {
    const { byField } = introductionStats(pairs, needs);
    expect(byField.map((r) => [r.field, r.counts.proposals])).toEqual([
      ['children_youth', 4],
      ['poverty', 2],
      ['elderly', 2],
    ]);
    const children = byField[0]!.counts;
    expect(children.status).toMatchObject({ connected: 1, declined: 1, accepted: 1, expired: 1 });
    expect(children.collaboration.formed).toBe(1);
  });

  it("counts by the prefecture of the need's location", () => {
    const { byPrefecture } = introductionStats(pairs, needs);
    expect(byPrefecture.map((r) => [r.prefecture, r.counts.proposals, r.counts.status.connected])).toEqual([
      ['11', 4, 1],
      ['13', 2, 1],
    ]);
  });

  it('breaks ties in the taxonomy and prefecture-code order', () => {
    const stats = introductionStats(
      [pair('x', 'proposed'), pair('y', 'proposed')],
      [need('x', ['elderly'], '13'), need('y', ['poverty'], '01')],
    );
    // poverty comes before elderly in the taxonomy; 01 before 13.
    expect(stats.byField.map((r) => r.field)).toEqual(['poverty', 'elderly']);
    expect(stats.byPrefecture.map((r) => r.prefecture)).toEqual(['01', '13']);
  });

  it('counts an introduction whose need is unknown in the totals only', () => {
    const stats = introductionStats([pair('gone', 'proposed')], []);
    expect(stats.total.proposals).toBe(1);
    expect(stats.byField).toEqual([]);
    expect(stats.byPrefecture).toEqual([]);
  });

  it('adds up: statuses to the total, prefectures to the total, connected to the outcomes', () => {
    const needArb = fc.record({
      fields: fc.uniqueArray(fc.constantFrom(...FIELD_SLUGS), { minLength: 1, maxLength: 5 }),
      prefecture: fc.constantFrom('01', '11', '13', '47'),
    });
    const pairArb = fc.record({
      need: fc.nat({ max: 9 }),
      status: fc.constantFrom(...MATCH_STATUSES),
      need_outcome: fc.option(fc.constantFrom(...OUTCOMES), { nil: undefined }),
      offer_outcome: fc.option(fc.constantFrom(...OUTCOMES), { nil: undefined }),
    });
    fc.assert(
      fc.property(
        fc.array(needArb, { minLength: 10, maxLength: 10 }),
        fc.array(pairArb, { maxLength: 60 }),
        (needSpecs, pairSpecs) => {
          const ns = needSpecs.map((s, i) => need(`n${i}`, s.fields, s.prefecture));
          const ps = pairSpecs.map((p) =>
            pair(`n${p.need}`, p.status, {
              ...(p.need_outcome ? { need: p.need_outcome } : {}),
              ...(p.offer_outcome ? { offer: p.offer_outcome } : {}),
            }),
          );
          const { total, byField, byPrefecture } = introductionStats(ps, ns);
          const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
          expect(total.proposals).toBe(ps.length);
          expect(sum(Object.values(total.status))).toBe(total.proposals);
          expect(sum(Object.values(total.collaboration))).toBe(total.status.connected);
          expect(sum(byPrefecture.map((r) => r.counts.proposals))).toBe(total.proposals);
          for (const r of byField) expect(r.counts.proposals).toBeLessThanOrEqual(total.proposals);
          const ranked = byField.map((r) => r.counts.proposals);
          expect(ranked).toEqual([...ranked].sort((a, b) => b - a));
        },
      ),
      { seed: 7, numRuns: 200 },
    );
  });
});
