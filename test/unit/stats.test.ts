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
  RESOURCE_TYPE_IDS,
  TYPED_KINDS,
  typeRowLabel,
} from '#domain';

// The secretariat's statistics: totals, by field, by prefecture and by type of the need.

type StatNeed = Pick<Need, 'id' | 'fields' | 'location' | 'kind'> & { types?: string[] };
type StatPair = Pick<PairRecord, 'needId' | 'status' | 'outcomes'>;

const need = (
  id: string,
  fields: FieldSlug[],
  prefecture = '11',
  kind: Need['kind'] = 'volunteers',
  types?: string[],
): StatNeed => ({
  id,
  fields,
  location: { prefecture },
  kind,
  ...(types ? { types } : {}),
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
    expect(stats.byType).toEqual([]);
  });

  describe('by type', () => {
    const typed = [
      need('acc', ['poverty'], '11', 'skills', ['accounting', 'management']),
      need('acc2', ['poverty'], '11', 'skills', ['accounting']),
      need('anyskill', ['poverty'], '11', 'skills'),
      need('emptyskill', ['poverty'], '11', 'skills', []),
      need('room', ['elderly'], '11', 'venue', ['hall', 'kitchen']),
      need('money', ['elderly'], '11', 'funding'),
    ];
    const rows = (ps: StatPair[]) =>
      introductionStats(ps, typed).byType.map((r) => [
        r.kind,
        r.type,
        r.counts.proposals,
        r.counts.status.connected,
      ]);

    it("counts an introduction toward each type its need states, under the need's kind", () => {
      expect(
        rows([
          pair('acc', 'connected', { need: 'formed' }),
          pair('acc', 'proposed'),
          pair('acc2', 'declined'),
          pair('room', 'proposed'),
        ]),
      ).toEqual([
        ['skills', 'accounting', 3, 1],
        ['skills', 'management', 2, 1],
        ['venue', 'hall', 1, 0],
        ['venue', 'kitchen', 1, 0],
      ]);
      const formed = introductionStats([pair('acc', 'connected', { need: 'formed' })], typed).byType;
      expect(formed[0]!.counts.collaboration.formed).toBe(1);
    });

    it('counts a need of a typed kind that states none under "no type", and other kinds nowhere', () => {
      expect(
        rows([pair('anyskill', 'proposed'), pair('emptyskill', 'connected'), pair('money', 'proposed')]),
      ).toEqual([['skills', null, 2, 1]]);
    });

    it('breaks ties by kind (venue first), then the taxonomy, "no type" after the types', () => {
      expect(
        rows([pair('anyskill', 'proposed'), pair('acc2', 'proposed'), pair('room', 'proposed')]).map(
          ([kind, type]) => `${kind}:${type}`,
        ),
      ).toEqual(['venue:hall', 'venue:kitchen', 'skills:accounting', 'skills:null']);
    });

    it('names a row by its kind and type, or says no type was given', () => {
      expect(typeRowLabel('skills', 'accounting', 'ja')).toBe('プロボノ・専門知識 › 会計・税務');
      expect(typeRowLabel('goods', null, 'ja')).toBe('物資・食品 › 種類の指定なし');
      expect(typeRowLabel('venue', 'kitchen', 'en')).toBe('Venues and places to belong › Kitchen');
      expect(typeRowLabel('skills', null, 'en')).toBe('Pro bono and expertise › No type given');
    });
  });

  it('adds up: statuses to the total, prefectures to the total, connected to the outcomes', () => {
    const needArb = fc.record({
      fields: fc.uniqueArray(fc.constantFrom(...FIELD_SLUGS), { minLength: 1, maxLength: 5 }),
      prefecture: fc.constantFrom('01', '11', '13', '47'),
      kind: fc.constantFrom(...TYPED_KINDS, 'funding' as const),
      // Indices into the kind's types: any of them, or none.
      types: fc.option(fc.uniqueArray(fc.nat({ max: 7 }), { maxLength: 4 }), { nil: undefined }),
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
          const ns = needSpecs.map(({ fields, prefecture, kind, types }, i) => {
            const ids: readonly string[] = kind === 'funding' ? [] : RESOURCE_TYPE_IDS[kind];
            return need(
              `n${i}`,
              fields,
              prefecture,
              kind,
              types?.map((t) => ids[t]!),
            );
          });
          const ps = pairSpecs.map((p) =>
            pair(`n${p.need}`, p.status, {
              ...(p.need_outcome ? { need: p.need_outcome } : {}),
              ...(p.offer_outcome ? { offer: p.offer_outcome } : {}),
            }),
          );
          const { total, byField, byPrefecture, byType } = introductionStats(ps, ns);
          const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
          expect(total.proposals).toBe(ps.length);
          expect(sum(Object.values(total.status))).toBe(total.proposals);
          expect(sum(Object.values(total.collaboration))).toBe(total.status.connected);
          expect(sum(byPrefecture.map((r) => r.counts.proposals))).toBe(total.proposals);
          for (const r of byField) expect(r.counts.proposals).toBeLessThanOrEqual(total.proposals);
          const ranked = byField.map((r) => r.counts.proposals);
          expect(ranked).toEqual([...ranked].sort((a, b) => b - a));
          // Every introduction of a typed need is counted under at least one of its kind's rows,
          // under "no type" exactly when its need states none; funding needs nowhere.
          const typedPairs = ps.filter((p) => ns[Number(p.needId!.slice(1))]!.kind !== 'funding');
          const untyped = typedPairs.filter((p) => !ns[Number(p.needId!.slice(1))]!.types?.length);
          const none = byType.filter((r) => r.type === null);
          expect(sum(none.map((r) => r.counts.proposals))).toBe(untyped.length);
          expect(sum(byType.map((r) => r.counts.proposals))).toBeGreaterThanOrEqual(typedPairs.length);
          for (const r of byType) {
            expect(r.counts.proposals).toBeLessThanOrEqual(total.proposals);
            expect(sum(Object.values(r.counts.status))).toBe(r.counts.proposals);
          }
          const byTypeRanked = byType.map((r) => r.counts.proposals);
          expect(byTypeRanked).toEqual([...byTypeRanked].sort((a, b) => b - a));
        },
      ),
      { seed: 7, numRuns: 200 },
    );
  });
});
