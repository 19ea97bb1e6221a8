import { describe, expect, it } from 'vitest';
import { type MatchFacts, scorePair } from '#matching';
import { need, offer, TODAY, ulidOf } from './builders';

// The facts scorePair reads for a pair (facts.ts): the place that covers the need, the fields in
// common, the numbers compared for each kind, and the share of the period. The sentence written
// from them: explain*.test.ts. The neighbour and municipality tiers: boundaries.test.ts.

const npo = ulidOf('G', 1);
const company = ulidOf('G', 2);
const N = ulidOf('N', 1);
const F = ulidOf('F', 1);

type O = Record<string, unknown>;
function factsOf(n: O, o: O, config?: Parameters<typeof scorePair>[3]): MatchFacts {
  const s = scorePair(need(N, npo, n), offer(F, company, o), TODAY, config);
  if (!s.ok) throw new Error(`rejected: ${s.reason}`);
  return s.facts;
}

describe('facts: the region', () => {
  const yamagata = { location: { prefecture: '06', municipality: '06201' } };

  it('names the prefecture, the block, or neither for nationwide', () => {
    expect(factsOf(yamagata, { serviceArea: { prefectures: ['06'] } }).region).toEqual({
      tier: 'prefecture',
      prefecture: '06',
    });
    expect(factsOf(yamagata, { serviceArea: { blocks: ['tohoku'] } }).region).toEqual({
      tier: 'block',
      block: 'tohoku',
    });
    expect(factsOf(yamagata, { serviceArea: { nationwide: true } }).region).toEqual({ tier: 'nationwide' });
  });
});

describe('facts: the fields', () => {
  it('an offer for any field', () => {
    expect(factsOf({}, { fields: 'any' }).field).toEqual({ relation: 'any' });
  });

  it('the common fields in the need’s order, none of the offer’s others', () => {
    expect(
      factsOf(
        { fields: ['children_youth', 'poverty', 'elderly'] },
        { fields: ['arts_culture_sports', 'poverty', 'children_youth', 'disaster'] },
      ).field,
    ).toEqual({ relation: 'same', fields: ['children_youth', 'poverty'] });
    // The offer's first field in the taxonomy is not the need's: still only what they share.
    expect(factsOf({}, { fields: ['children_youth', 'arts_culture_sports'] }).field).toEqual({
      relation: 'same',
      fields: ['children_youth'],
    });
  });

  it('parent and child: the first of the need’s fields that has a relative in the offer', () => {
    const offerFields = { fields: ['carers', 'children_youth'] };
    expect(factsOf({ fields: ['futoko', 'young_carers'] }, offerFields).field).toEqual({
      relation: 'parent_child',
      needField: 'futoko',
      offerField: 'children_youth',
    });
    expect(factsOf({ fields: ['young_carers', 'futoko'] }, offerFields).field).toEqual({
      relation: 'parent_child',
      needField: 'young_carers',
      offerField: 'carers',
    });
    expect(factsOf({ fields: ['elderly'] }, { fields: ['dementia'] }).field).toEqual({
      relation: 'parent_child',
      needField: 'elderly',
      offerField: 'dementia',
    });
  });

  it('no relation, when the round does not require one', () => {
    expect(factsOf({}, { fields: ['elderly', 'dementia'] }, { requireFieldRelation: false }).field).toEqual({
      relation: 'none',
    });
  });
});

describe('facts: the numbers compared, by kind', () => {
  const venue = (people: number, sessionsPerMonth?: number) => ({
    capacity: sessionsPerMonth === undefined ? { people } : { people, sessionsPerMonth },
  });

  it('venue: the seats, and the sessions only when the offer has fewer than wanted', () => {
    expect(factsOf(venue(30, 4), venue(40, 3)).capacity).toEqual({
      measure: 'seats',
      offered: 40,
      needed: 30,
      sessions: { offered: 3, needed: 4 },
    });
    const seats = { measure: 'seats', offered: 40, needed: 30 };
    expect(factsOf(venue(30, 4), venue(40, 4)).capacity).toEqual(seats);
    expect(factsOf(venue(30, 4), venue(40)).capacity).toEqual(seats);
    expect(factsOf(venue(30), venue(40, 2)).capacity).toEqual(seats);
  });

  it('funding: the amounts, and the need’s minimum when it sets one', () => {
    const funding = (capacity: O) => ({ kind: 'funding', capacity });
    expect(
      factsOf(funding({ amountJpy: 300_000, minAmountJpy: 100_000 }), funding({ amountJpy: 200_000 }))
        .capacity,
    ).toEqual({ measure: 'amountJpy', offered: 200_000, needed: 300_000, minimum: 100_000 });
    expect(factsOf(funding({ amountJpy: 300_000 }), funding({ amountJpy: 500_000 })).capacity).toEqual({
      measure: 'amountJpy',
      offered: 500_000,
      needed: 300_000,
    });
  });

  it('employment: the positions', () => {
    const job = (positions: number) => ({ kind: 'employment', capacity: { positions } });
    expect(factsOf(job(2), job(3)).capacity).toEqual({ measure: 'positions', offered: 3, needed: 2 });
  });

  for (const kind of ['volunteers', 'skills'] as const) {
    it(`${kind}: the people, or the hours a month when they are tighter or all there is`, () => {
      const of = (capacity: O) => ({ kind, capacity });
      expect(factsOf(of({ people: 4 }), of({ people: 8 })).capacity).toEqual({
        measure: 'people',
        offered: 8,
        needed: 4,
      });
      expect(factsOf(of({ hoursPerMonth: 10 }), of({ hoursPerMonth: 20 })).capacity).toEqual({
        measure: 'hoursPerMonth',
        offered: 20,
        needed: 10,
      });
      expect(
        factsOf(of({ people: 4, hoursPerMonth: 10 }), of({ people: 8, hoursPerMonth: 12 })).capacity,
      ).toEqual({ measure: 'hoursPerMonth', offered: 12, needed: 10 });
      // People against hours cannot be compared: nothing to say.
      expect(factsOf(of({ people: 4 }), of({ hoursPerMonth: 20 })).capacity).toBeNull();
    });
  }

  it('goods: the quantity in its unit; different units cannot be compared', () => {
    const goods = (quantity: number, unit: string) => ({ kind: 'goods', capacity: { quantity, unit } });
    expect(factsOf(goods(200, 'kg'), goods(500.5, 'kg')).capacity).toEqual({
      measure: 'quantity',
      offered: 500.5,
      needed: 200,
      unit: 'kg',
    });
    expect(factsOf(goods(200, 'units'), goods(500, 'units')).capacity).toEqual({
      measure: 'quantity',
      offered: 500,
      needed: 200,
      unit: 'units',
    });
    expect(factsOf(goods(200, 'units'), goods(500, 'kg')).capacity).toBeNull();
  });

  it('publicity: the reach, when the need names one', () => {
    const publicity = (capacity: O) => ({ kind: 'publicity', capacity });
    expect(factsOf(publicity({ reach: 3000 }), publicity({ reach: 5000 })).capacity).toEqual({
      measure: 'reach',
      offered: 5000,
      needed: 3000,
    });
    expect(factsOf(publicity({}), publicity({ reach: 5000 })).capacity).toBeNull();
  });

  it('other: no numbers', () => {
    const other = { kind: 'other', capacity: {} };
    expect(factsOf(other, other)).toMatchObject({ kind: 'other', capacity: null });
  });
});

describe('facts: the period', () => {
  it('the share of the need’s period the offer covers, to 4 decimals', () => {
    // The need runs 30 days from today; the offer starts on the 21st: 10 of 30 days.
    const f = factsOf(
      { period: { start: '2026-05-01', end: '2026-06-30' } },
      { period: { start: '2026-06-21' } },
    );
    expect(f.timingCoverage).toBe(0.3333);
    expect(factsOf({}, {}).timingCoverage).toBe(1);
  });
});
