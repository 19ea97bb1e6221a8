import { describe, expect, it } from 'vitest';
import { pairKey, proposeMatches, scorePair } from '#matching';
import { need, offer, TODAY, ulidOf } from './builders';

// Every hard rule of docs/matching.md at its boundary (issue 27 item 2): on the line, one step
// inside, one step outside. Each test is named by the rule; a kernel that moves a boundary by one
// day, one seat or one yen fails here.

const npo = ulidOf('G', 1);
const company = ulidOf('G', 2);
const N = ulidOf('N', 1);
const F = ulidOf('F', 1);

type O = Record<string, unknown>;
const score = (n: O, o: O, config?: Parameters<typeof scorePair>[3]) =>
  scorePair(need(N, npo, n), offer(F, company, o), TODAY, config);
const verdict = (n: O, o: O, config?: Parameters<typeof scorePair>[3]) => {
  const s = score(n, o, config);
  return s.ok ? 'ok' : s.reason;
};
const capacityOf = (n: O, o: O) => {
  const s = score(n, o);
  if (!s.ok) throw new Error(`rejected: ${s.reason}`);
  return s.breakdown.capacity;
};

describe('period: the two periods overlap, a shared day is enough', () => {
  const later = { period: { start: '2026-07-01', end: '2026-08-31' } };

  it('an offer ending on the day the need starts overlaps it; one ending the day before does not', () => {
    expect(verdict(later, { period: { start: '2026-04-01', end: '2026-07-01' } })).toBe('ok');
    expect(verdict(later, { period: { start: '2026-04-01', end: '2026-06-30' } })).toBe('period');
  });

  it('an offer starting on the day the need ends overlaps it; one starting the day after does not', () => {
    expect(verdict(later, { period: { start: '2026-08-31' } })).toBe('ok');
    expect(verdict(later, { period: { start: '2026-09-01' } })).toBe('period');
  });

  it('a posting ending today is still open; one that ended yesterday is closed', () => {
    expect(verdict({ period: { start: '2026-04-01', end: TODAY } }, {})).toBe('ok');
    expect(verdict({ period: { start: '2026-04-01', end: '2026-05-31' } }, {})).toBe('closed');
    expect(verdict({}, { period: { start: '2026-04-01', end: TODAY } })).toBe('ok');
    expect(verdict({}, { period: { start: '2026-04-01', end: '2026-05-31' } })).toBe('closed');
  });
});

describe('capacity: at the minimum, one below, one above, for every kind and unit', () => {
  const of = (kind: string, capacity: O, extra: O = {}) => ({ kind, capacity, ...extra });

  it('venue seats: all of them (30 for 30 passes and fits exactly; 29 never)', () => {
    expect(verdict(of('venue', { people: 30 }), of('venue', { people: 29 }))).toBe('capacity');
    expect(capacityOf(of('venue', { people: 30 }), of('venue', { people: 30 }))).toBe(1);
    expect(capacityOf(of('venue', { people: 30 }), of('venue', { people: 31 }))).toBe(1);
  });

  it('venue sessions a month: as many as wanted fit; fewer lower the fit in proportion', () => {
    const wanted = of('venue', { people: 30, sessionsPerMonth: 4 });
    expect(capacityOf(wanted, of('venue', { people: 30, sessionsPerMonth: 4 }))).toBe(1);
    expect(capacityOf(wanted, of('venue', { people: 30, sessionsPerMonth: 3 }))).toBe(0.75);
    expect(capacityOf(wanted, of('venue', { people: 30, sessionsPerMonth: 5 }))).toBe(1);
    // Sessions not given on one side cannot be compared: the seats alone decide.
    expect(capacityOf(wanted, of('venue', { people: 30 }))).toBe(1);
    expect(capacityOf(of('venue', { people: 30 }), of('venue', { people: 30, sessionsPerMonth: 1 }))).toBe(1);
  });

  it('employment positions: all of them', () => {
    const job = (positions: number) => of('employment', { positions });
    expect(verdict(job(3), job(2))).toBe('capacity');
    expect(capacityOf(job(3), job(3))).toBe(1);
    expect(capacityOf(job(3), job(4))).toBe(1);
  });

  for (const kind of ['volunteers', 'skills'] as const) {
    it(`${kind}: at least half, in people and in hours a month, the tighter of the two`, () => {
      const people = (n: number) => of(kind, { people: n });
      expect(capacityOf(people(6), people(3))).toBe(0.3); // 0.6 × ½
      expect(verdict(people(6), people(2))).toBe('capacity');
      expect(capacityOf(people(6), people(4))).toBe(0.4);
      const hours = (n: number) => of(kind, { hoursPerMonth: n });
      expect(capacityOf(hours(20), hours(10))).toBe(0.3);
      expect(verdict(hours(20), hours(9))).toBe('capacity');
      expect(capacityOf(hours(20), hours(20))).toBe(1);
      // Both given: the tighter ratio decides.
      const both = of(kind, { people: 6, hoursPerMonth: 20 });
      expect(verdict(both, of(kind, { people: 6, hoursPerMonth: 9 }))).toBe('capacity');
      expect(verdict(both, of(kind, { people: 2, hoursPerMonth: 20 }))).toBe('capacity');
      expect(capacityOf(both, of(kind, { people: 6, hoursPerMonth: 10 }))).toBe(0.3);
      // People against hours cannot be compared: it passes, at the neutral fit.
      expect(capacityOf(hours(20), people(1))).toBe(0.6);
      // The same ratio on both: the reason speaks of people; a tighter one names its measure.
      const measure = (o: O) => {
        const s = score(both, o);
        return s.ok ? s.facts.capacity?.measure : s.reason;
      };
      expect(measure(of(kind, { people: 6, hoursPerMonth: 20 }))).toBe('people');
      expect(measure(of(kind, { people: 6, hoursPerMonth: 15 }))).toBe('hoursPerMonth');
      expect(measure(of(kind, { people: 4, hoursPerMonth: 20 }))).toBe('people');
    });
  }

  it('goods: at least half, in the same unit (kg may be a fraction); other units cannot be compared', () => {
    const goods = (quantity: number, unit: 'units' | 'kg') => of('goods', { quantity, unit });
    expect(capacityOf(goods(100, 'units'), goods(50, 'units'))).toBe(0.3);
    expect(verdict(goods(100, 'units'), goods(49, 'units'))).toBe('capacity');
    expect(capacityOf(goods(10, 'kg'), goods(5, 'kg'))).toBe(0.3);
    expect(verdict(goods(10, 'kg'), goods(4.9, 'kg'))).toBe('capacity');
    expect(capacityOf(goods(10, 'kg'), goods(10, 'kg'))).toBe(1);
    expect(capacityOf(goods(10, 'kg'), goods(1, 'units'))).toBe(0.6);
  });

  it('publicity: any reach passes, and reach is compared for the fit', () => {
    const reach = (n: number) => of('publicity', { reach: n });
    expect(capacityOf(reach(1000), reach(1000))).toBe(1);
    expect(capacityOf(reach(1000), reach(500))).toBe(0.3);
    expect(capacityOf(reach(1000), reach(1))).toBeCloseTo(0.0006, 6);
    expect(capacityOf(reach(1000), of('publicity', {}))).toBe(0.6);
  });

  it('funding: never below the need’s minimum, to the yen', () => {
    const need = (min?: number) =>
      of('funding', { amountJpy: 300_000, ...(min === undefined ? {} : { minAmountJpy: min }) });
    const gift = (amountJpy: number) => of('funding', { amountJpy });
    expect(verdict(need(100_000), gift(99_999))).toBe('capacity');
    expect(verdict(need(100_000), gift(100_000))).toBe('ok');
    expect(verdict(need(100_000), gift(100_001))).toBe('ok');
    // A stated minimum below half the amount is the need's own word: it wins over the floor.
    expect(capacityOf(need(100_000), gift(100_000))).toBeCloseTo(0.6 / 3, 6);
    expect(capacityOf(need(), gift(300_000))).toBe(1);
  });

  it('funding without a minimum: half the amount is the floor, to the yen, unless the need accepts co-funding', () => {
    const need = (coFunding?: boolean) =>
      of('funding', { amountJpy: 800_000, ...(coFunding === undefined ? {} : { coFunding }) });
    const gift = (amountJpy: number) => of('funding', { amountJpy });
    expect(verdict(need(), gift(30_000))).toBe('capacity');
    expect(verdict(need(), gift(399_999))).toBe('capacity');
    expect(verdict(need(), gift(400_000))).toBe('ok');
    expect(capacityOf(need(), gift(400_000))).toBe(0.3);
    expect(verdict(need(false), gift(399_999))).toBe('capacity');
    // Co-funding: a small gift is part of the amount, at its partial score.
    expect(verdict(need(true), gift(30_000))).toBe('ok');
    expect(capacityOf(need(true), gift(30_000))).toBeCloseTo(0.6 * (30_000 / 800_000), 6);
    expect(verdict(need(true), gift(1))).toBe('ok');
  });

  it('funding: the floor is a config share (capacity.minCoverage.funding)', () => {
    const need = of('funding', { amountJpy: 800_000 });
    const gift = of('funding', { amountJpy: 200_000 });
    expect(verdict(need, gift)).toBe('capacity');
    expect(verdict(need, gift, { capacity: { minCoverage: { funding: 0.25 } } })).toBe('ok');
    expect(
      verdict(need, of('funding', { amountJpy: 1 }), { capacity: { minCoverage: { funding: 0 } } }),
    ).toBe('ok');
  });

  it('an exact fit scores 1; up to three times 1; beyond, √(3 / r)', () => {
    const seats = (n: number) => of('venue', { people: n });
    expect(capacityOf(seats(30), seats(30))).toBe(1);
    expect(capacityOf(seats(30), seats(90))).toBe(1);
    expect(capacityOf(seats(30), seats(91))).toBeCloseTo(Math.sqrt(3 / (91 / 30)), 4);
    expect(capacityOf(seats(30), seats(91))).toBeLessThan(1);
  });
});

describe('minScore: a pair scoring exactly the minimum is proposed; a hair above it is not', () => {
  const base = score({}, { createdAt: '2026-03-01T00:00:00.000Z', updatedAt: '2026-03-01T00:00:00.000Z' });
  if (!base.ok) throw new Error('the base pair must pass');
  const input = (minScore: number) =>
    proposeMatches(
      {
        needs: [need(N, npo)],
        offers: [
          offer(F, company, { createdAt: '2026-03-01T00:00:00.000Z', updatedAt: '2026-03-01T00:00:00.000Z' }),
        ],
        approvedOrganizations: new Set([npo, company]),
        declinedPairs: new Set(),
        proposedPairs: new Set(),
        today: TODAY,
      },
      { minScore },
    );

  it('at the score: proposed; 0.0001 above: not, and scorePair says so', () => {
    expect(base.score).toBeLessThan(1);
    expect(input(base.score).proposals).toHaveLength(1);
    expect(input(base.score + 0.0001).proposals).toHaveLength(0);
    expect(score({}, {}, { minScore: 1 }).ok && score({}, {}, { minScore: 1 })).toMatchObject({
      belowMinScore: false,
    });
  });
});

describe('who may be paired at all', () => {
  const round = (extra: { declined?: boolean; proposed?: boolean; approved?: string[] }) =>
    proposeMatches({
      needs: [need(N, npo)],
      offers: [offer(F, company)],
      approvedOrganizations: new Set(extra.approved ?? [npo, company]),
      declinedPairs: new Set(extra.declined ? [pairKey(N, F)] : []),
      proposedPairs: new Set(extra.proposed ? [pairKey(N, F)] : []),
      today: TODAY,
    }).proposals.length;

  it('two approved members, a pair never declined and never proposed before', () => {
    expect(round({})).toBe(1);
    expect(round({ declined: true })).toBe(0);
    expect(round({ proposed: true })).toBe(0);
    expect(round({ approved: [npo] })).toBe(0);
    expect(round({ approved: [company] })).toBe(0);
  });

  it('never an organisation with itself', () => {
    expect(scorePair(need(N, npo), offer(F, npo), TODAY)).toEqual({ ok: false, reason: 'same_organization' });
  });
});

describe('region at the ends of the country', () => {
  const region = (location: O, serviceArea: O) => {
    const s = score({ location }, { serviceArea });
    if (!s.ok) return s.reason;
    return s.breakdown.region;
  };

  it('Hokkaido (the first prefecture): its municipality, the prefecture, its block, nationwide', () => {
    const sapporo = { prefecture: '01', municipality: '01100' };
    expect(region(sapporo, { municipalities: ['01100'] })).toBe(1);
    expect(region(sapporo, { prefectures: ['01'] })).toBe(0.85);
    expect(region(sapporo, { blocks: ['hokkaido'] })).toBe(0.6);
    expect(region(sapporo, { nationwide: true })).toBe(0.4);
    expect(region(sapporo, { prefectures: ['02'] })).toBe('region');
  });

  it('Okinawa (the last): the prefecture, its block with a neighbour listed, nationwide', () => {
    const naha = { prefecture: '47', municipality: '47201' };
    expect(region(naha, { municipalities: ['47201'] })).toBe(1);
    expect(region(naha, { prefectures: ['47'] })).toBe(0.85);
    expect(region(naha, { blocks: ['kyushu_okinawa'] })).toBe(0.6);
    expect(region(naha, { nationwide: true })).toBe(0.4);
    expect(region(naha, { prefectures: ['46'] })).toBe('region');
  });

  it('Okayama (33) and its neighbours: the neighbour tier names which neighbour', () => {
    const okayama = { prefecture: '33', municipality: '33100' };
    expect(region(okayama, { blocks: ['chugoku'], prefectures: ['34'] })).toBe(0.7);
    expect(region(okayama, { blocks: ['chugoku'] })).toBe(0.6);
    // 香川 (37) is across the Seto Ohashi bridge: a neighbour, though in another block.
    expect(region(okayama, { nationwide: true, prefectures: ['37'] })).toBe(0.7);
    // 山口 (35) is in the block but not a neighbour of 岡山.
    expect(region(okayama, { blocks: ['chugoku'], prefectures: ['35'] })).toBe(0.6);
    const s = score({ location: okayama }, { serviceArea: { blocks: ['chugoku'], prefectures: ['34'] } });
    expect(s.ok && s.facts.region).toMatchObject({ tier: 'neighbour', prefecture: '34' });
  });

  describe('the neighbour tier names the place that covers the need', () => {
    const fact = (location: O, serviceArea: O) => {
      const s = score({ location }, { serviceArea });
      if (!s.ok) throw new Error(`rejected: ${s.reason}`);
      return s.facts.region;
    };

    it('the lowest-coded listed neighbour when several are listed, and no block under nationwide', () => {
      // 埼玉 (11) borders 群馬 (10) and 東京 (13).
      expect(
        fact({ prefecture: '11', municipality: '11201' }, { nationwide: true, prefectures: ['13', '10'] }),
      ).toEqual({ tier: 'neighbour', prefecture: '10', needPrefecture: '11' });
      // 岡山 (33) borders 鳥取 (31), 兵庫 (28) and 広島 (34): one below index 32, two at or above.
      expect(
        fact({ prefecture: '33', municipality: '33100' }, { nationwide: true, prefectures: ['34', '31'] }),
      ).toEqual({ tier: 'neighbour', prefecture: '31', needPrefecture: '33' });
      expect(
        fact({ prefecture: '33', municipality: '33100' }, { nationwide: true, prefectures: ['37', '34'] }),
      ).toEqual({ tier: 'neighbour', prefecture: '34', needPrefecture: '33' });
    });

    it('the need’s own prefecture when the offer lists another municipality there, on either side of index 32', () => {
      // 川越市 (11201) with 川口市 (11203) listed, in the 関東 block.
      expect(
        fact({ prefecture: '11', municipality: '11201' }, { blocks: ['kanto'], municipalities: ['11203'] }),
      ).toEqual({ tier: 'neighbour', prefecture: '11', needPrefecture: '11', block: 'kanto' });
      // 岡山 (33) is the 33rd prefecture, index 32: the first in the high word.
      expect(
        fact({ prefecture: '33', municipality: '33100' }, { blocks: ['chugoku'], municipalities: ['33202'] }),
      ).toEqual({ tier: 'neighbour', prefecture: '33', needPrefecture: '33', block: 'chugoku' });
      // Its own prefecture wins over a neighbour with a lower code: 埼玉 (11) over 群馬 (10) in the
      // low word, 岡山 (33, index 32) over 兵庫 (28, index 27).
      expect(
        fact(
          { prefecture: '11', municipality: '11201' },
          { blocks: ['kanto'], prefectures: ['10'], municipalities: ['11203'] },
        ),
      ).toMatchObject({ tier: 'neighbour', prefecture: '11' });
      expect(
        fact(
          { prefecture: '33', municipality: '33100' },
          { nationwide: true, prefectures: ['28'], municipalities: ['33202'] },
        ),
      ).toMatchObject({ tier: 'neighbour', prefecture: '33' });
      // 広島 (34), index 33, with 鳥取 (31, low word) listed as well: its own prefecture wins.
      expect(
        fact(
          { prefecture: '34', municipality: '34100' },
          { nationwide: true, prefectures: ['31'], municipalities: ['34202'] },
        ),
      ).toEqual({ tier: 'neighbour', prefecture: '34', needPrefecture: '34' });
    });

    it('the municipality itself, the first or a later one of several listed', () => {
      const sapporo = { prefecture: '01', municipality: '01100' };
      expect(fact(sapporo, { municipalities: ['01100', '01204'] })).toEqual({
        tier: 'municipality',
        municipality: '01100',
      });
      const asahikawa = { prefecture: '01', municipality: '01204' };
      expect(fact(asahikawa, { municipalities: ['01100', '01204'] })).toEqual({
        tier: 'municipality',
        municipality: '01204',
      });
      expect(fact(asahikawa, { municipalities: ['01100', '01202'], blocks: ['hokkaido'] })).toEqual({
        tier: 'neighbour',
        prefecture: '01',
        needPrefecture: '01',
        block: 'hokkaido',
      });
    });
  });

  it('online: only when both accept it; an online offer with an area still covers by area', () => {
    expect(region({ prefecture: '47', municipality: '47201' }, { online: true })).toBe('region');
    const s = score(
      { onlineOk: true, location: { prefecture: '47', municipality: '47201' } },
      { serviceArea: { online: true } },
    );
    expect(s.ok && s.breakdown.region).toBe(0.3);
  });
});

describe('weights', () => {
  it('are normalised: weights that sum to 2 score as the same weights halved', () => {
    const doubled = { field: 0.7, region: 0.6, capacity: 0.3, timing: 0.2, freshness: 0.2 };
    const one = score({}, { fields: 'any' });
    const two = score({}, { fields: 'any' }, { weights: doubled });
    expect(one.ok && two.ok).toBe(true);
    expect(two.ok && two.score).toBe(one.ok && one.score);
    expect(one.ok && one.score).toBeLessThan(1);
  });
});
