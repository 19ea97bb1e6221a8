import { describe, expect, it } from 'vitest';
import { explain, scorePair } from '#matching';
import { need, offer, TODAY, ulidOf } from './builders';

const npo = ulidOf('G', 1);
const company = ulidOf('G', 2);
const N = ulidOf('N', 1);
const F = ulidOf('F', 1);

function score(needOverrides: Record<string, unknown>, offerOverrides: Record<string, unknown>) {
  return scorePair(need(N, npo, needOverrides), offer(F, company, offerOverrides), TODAY);
}

function okScore(needOverrides: Record<string, unknown>, offerOverrides: Record<string, unknown>) {
  const s = score(needOverrides, offerOverrides);
  if (!s.ok) throw new Error(`rejected: ${s.reason}`);
  return s;
}

describe('scorePair: hard filters', () => {
  it('rejects another kind, another platform, the same organisation', () => {
    expect(score({}, { kind: 'employment', capacity: { positions: 3 } })).toEqual({
      ok: false,
      reason: 'kind',
    });
    expect(score({}, { platformId: 'saitama' })).toEqual({ ok: false, reason: 'platform' });
    expect(scorePair(need(N, npo), offer(F, npo), TODAY)).toEqual({ ok: false, reason: 'same_organization' });
  });

  it('rejects a closed or expired posting, and periods that do not overlap', () => {
    expect(score({}, { status: 'closed' })).toEqual({ ok: false, reason: 'closed' });
    expect(score({ period: { start: '2026-01-01', end: '2026-05-31' } }, {})).toEqual({
      ok: false,
      reason: 'closed',
    });
    expect(
      score({ period: { start: '2026-06-01', end: '2026-08-31' } }, { period: { start: '2026-09-01' } }),
    ).toEqual({ ok: false, reason: 'period' });
  });

  it('rejects an area that does not cover the need, unless both accept online', () => {
    expect(score({}, { serviceArea: { municipalities: ['06202'] } })).toEqual({
      ok: false,
      reason: 'region',
    });
    expect(score({}, { serviceArea: { prefectures: ['04'] } })).toEqual({ ok: false, reason: 'region' });
    expect(score({}, { serviceArea: { online: true } })).toEqual({ ok: false, reason: 'region' });
    expect(okScore({ onlineOk: true }, { serviceArea: { online: true } }).facts.region).toEqual({
      tier: 'online',
    });
  });

  it('does not let a municipality-only offer cover a need located only by prefecture', () => {
    expect(score({ location: { prefecture: '06' } }, {})).toEqual({ ok: false, reason: 'region' });
  });

  it('rejects unrelated fields where the field is a filter, and accepts them when it is switched off', () => {
    const volunteers = { kind: 'volunteers', capacity: { people: 3 } };
    const unrelated = { ...volunteers, fields: ['elderly'] };

    expect(score(volunteers, unrelated)).toEqual({ ok: false, reason: 'field' });
    const relaxed = scorePair(need(N, npo, volunteers), offer(F, company, unrelated), TODAY, {
      requireFieldRelation: { volunteers: false },
    });
    expect(relaxed.ok && relaxed.facts.field).toEqual({ relation: 'none' });
    expect(relaxed.ok && relaxed.breakdown.field).toBe(0);
    // Switched on for every kind, a venue of another field is refused too.
    expect(
      scorePair(need(N, npo), offer(F, company, { fields: ['elderly'] }), TODAY, {
        requireFieldRelation: true,
      }),
    ).toEqual({ ok: false, reason: 'field' });
  });

  it('proposes a venue, goods or a notice board whatever its owner’s field: there the field only scores', () => {
    for (const kind of [
      { kind: 'venue', capacity: { people: 30 } },
      { kind: 'goods', capacity: { quantity: 10, unit: 'kg' }, types: ['food'] },
      { kind: 'publicity', capacity: { reach: 500 } },
    ]) {
      const same = okScore(kind, { ...kind, fields: ['children_youth'] });
      const other = okScore(kind, { ...kind, fields: ['community_development'] });
      expect(other.facts.field).toEqual({ relation: 'none' });
      expect(other.breakdown.field).toBe(0);
      expect(other.score).toBeLessThan(same.score);
    }
  });

  it('never sends 10 seats to a need for 30 people', () => {
    expect(score({ capacity: { people: 30 } }, { capacity: { people: 10 } })).toEqual({
      ok: false,
      reason: 'capacity',
    });
  });

  it('never sends funding below the need’s minimum, but allows a part of a need without one', () => {
    const funding = { kind: 'funding', fields: ['children_youth'] };
    const gift = (amountJpy: number) => ({ ...funding, capacity: { amountJpy } });

    expect(
      score({ ...funding, capacity: { amountJpy: 300_000, minAmountJpy: 100_000 } }, gift(50_000)),
    ).toEqual({
      ok: false,
      reason: 'capacity',
    });
    const part = okScore({ ...funding, capacity: { amountJpy: 300_000 } }, gift(150_000));
    expect(part.breakdown.capacity).toBe(0.3); // 0.6 × ½
    expect(part.facts.capacity).toEqual({ measure: 'amountJpy', offered: 150_000, needed: 300_000 });
  });

  it('accepts at least half of the volunteers needed, not fewer', () => {
    const volunteers = (people: number) => ({ kind: 'volunteers', capacity: { people } });

    expect(okScore(volunteers(6), volunteers(3)).breakdown.capacity).toBe(0.3);
    expect(score(volunteers(6), volunteers(2))).toEqual({ ok: false, reason: 'capacity' });
  });
});

describe('scorePair: score', () => {
  it('scores a perfect pair 1', () => {
    expect(okScore({}, {})).toMatchObject({
      score: 1,
      breakdown: { field: 1, region: 1, capacity: 1, timing: 1, freshness: 1 },
      belowMinScore: false,
    });
  });

  it('ranks exact fields over parent/child over any field', () => {
    const exact = okScore({}, { fields: ['children_youth'] }).breakdown.field;
    const parentChild = okScore({}, { fields: ['futoko'] }).breakdown.field;
    const any = okScore({}, { fields: 'any' }).breakdown.field;

    expect([exact, parentChild, any]).toEqual([1, 0.6, 0.5]);
  });

  it('lets a broader field cover a narrower one both ways, at the parent/child credit', () => {
    // ヤングケアラー支援 is under ケアラー支援: an offer for carers covers a need for young carers,
    // and an offer for young carers serves part of a need for carers; both below an exact field.
    const offerBroader = okScore({ fields: ['young_carers'] }, { fields: ['carers'] });
    const needBroader = okScore({ fields: ['child_rearing'] }, { fields: ['single_parents'] });

    expect(offerBroader.breakdown.field).toBe(0.6);
    expect(needBroader.breakdown.field).toBe(0.6);
    expect(okScore({ fields: ['carers'] }, { fields: ['carers'] }).breakdown.field).toBe(1);
    // Both in 山形市, a venue of 40 seats for 30 people (builders.ts): the field sentence says which way.
    expect(explain(offerBroader.facts, 'ja')).toBe(
      '同じ山形市内で対応できます。申し出の分野「ケアラー支援」は、ニーズの「ヤングケアラー支援」を含みます。40名まで利用でき、希望の30名に足ります。',
    );
    expect(explain(offerBroader.facts, 'en')).toBe(
      "Available in the same municipality (山形市). The offer's field (Support for carers) includes the need's (Support for young carers). Takes up to 40 people, enough for the 30 you asked for.",
    );
    expect(explain(needBroader.facts, 'ja')).toBe(
      '同じ山形市内で対応できます。申し出の分野「ひとり親支援」は、ニーズの「子育て支援」の一部です。40名まで利用でき、希望の30名に足ります。',
    );
    expect(explain(needBroader.facts, 'en')).toBe(
      "Available in the same municipality (山形市). The offer's field (Support for single-parent families) is part of the need's (Support for families raising children). Takes up to 40 people, enough for the 30 you asked for.",
    );
  });

  it('credits a need’s second field a little: breadth', () => {
    const both = okScore(
      { fields: ['children_youth', 'poverty'] },
      { fields: ['children_youth', 'poverty'] },
    );
    const one = okScore({ fields: ['children_youth', 'poverty'] }, { fields: ['children_youth'] });

    expect(both.breakdown.field).toBe(1);
    expect(one.breakdown.field).toBe(0.925);
    expect(one.facts.field).toEqual({ relation: 'same', fields: ['children_youth'] });
  });

  it('treats a ward and its designated city as the same municipality', () => {
    const ward = { location: { prefecture: '11', municipality: '11107' } }; // さいたま市浦和区
    const city = { serviceArea: { municipalities: ['11100'] } }; // さいたま市

    expect(okScore(ward, city).facts.region).toEqual({ tier: 'municipality', municipality: '11100' });
    expect(
      okScore(
        { location: { prefecture: '11', municipality: '11100' } },
        { serviceArea: { municipalities: ['11101'] } },
      ).breakdown.region,
    ).toBe(1);
  });

  it('ranks municipality > prefecture > neighbour > block > nationwide > online', () => {
    const region = (serviceArea: Record<string, unknown>) =>
      okScore({ onlineOk: true, location: { prefecture: '11', municipality: '11203' } }, { serviceArea })
        .breakdown.region;

    expect([
      region({ municipalities: ['11203'] }),
      region({ prefectures: ['11'] }),
      region({ blocks: ['kanto'], prefectures: ['13'] }),
      region({ blocks: ['kanto'] }),
      region({ nationwide: true }),
      region({ online: true }),
    ]).toEqual([1, 0.85, 0.7, 0.6, 0.4, 0.3]);
  });

  it('lowers the fit of an absurdly oversized offer, not of a comfortable one', () => {
    expect(okScore({ capacity: { people: 30 } }, { capacity: { people: 90 } }).breakdown.capacity).toBe(1);
    // 300 seats for 30: ratio 10, fit √(3 / 10).
    expect(okScore({ capacity: { people: 30 } }, { capacity: { people: 300 } }).breakdown.capacity).toBe(
      0.5477,
    );
  });

  it('lowers the fit of a venue with fewer sessions a month than wanted', () => {
    const s = okScore(
      { capacity: { people: 30, sessionsPerMonth: 4 } },
      { capacity: { people: 40, sessionsPerMonth: 2 } },
    );

    expect(s.breakdown.capacity).toBe(0.5);
    expect(s.facts.capacity).toEqual({
      measure: 'seats',
      offered: 40,
      needed: 30,
      sessions: { offered: 2, needed: 4 },
    });
  });

  it('scores timing by the share of the need’s period (from today) that the offer covers', () => {
    // Need: 2026-06-01 … 2026-06-30 from today; offer from 2026-06-16: 15 of 30 days.
    const s = okScore(
      { period: { start: '2026-05-01', end: '2026-06-30' } },
      { period: { start: '2026-06-16' } },
    );

    expect(s.breakdown.timing).toBe(0.5);
  });

  it('halves freshness every 60 days', () => {
    const old = '2026-04-02T03:00:00.000Z'; // 60 days before today in Tokyo
    const s = okScore({}, { createdAt: old, updatedAt: old });

    expect(s.breakdown.freshness).toBe(0.75); // (1 + ½) / 2
  });

  it('follows the weights in the config', () => {
    const s = scorePair(need(N, npo), offer(F, company, { fields: 'any' }), TODAY, {
      weights: { field: 1, region: 0, capacity: 0, timing: 0, freshness: 0 },
    });

    expect(s.ok && s.score).toBe(0.5);
  });
});
