import { describe, expect, it } from 'vitest';
import {
  BLOCK_IDS,
  FIELD_SLUGS,
  KIND_IDS,
  MUNICIPALITIES,
  type Need,
  type Offer,
  PREFECTURES,
} from '#domain';
import { DEFAULT_MATCHING_CONFIG } from '../../../shared/matching/config';
import { parseToday, tableParams } from '../../../shared/matching/engine';
import { buildIndex, localityOrder, needOrder, RB, REGION_KEYS } from '../../../shared/matching/offer-index';
import { FIELD_COUNT, IdSpace, needTable, offerTable } from '../../../shared/matching/tables';
import { pick, rng, shuffle } from '../../support/seeded';
import { need, offer, TODAY, ulidOf } from './builders';
import { cityKey, offerKeys, prefIndex } from './index-keys';

// The offer index (offer-index.ts), checked against keys derived from the postings themselves
// (their service area and fields, read through the domain's region lists, not the round's
// tables): every offer under exactly the (kind, place, field) lists it can be found by,
// freshest first; and the orders in which a round lays out offers and visits needs.

const CAPACITY: Record<string, unknown> = {
  venue: { people: 10 },
  funding: { amountJpy: 100_000 },
  employment: { positions: 1 },
  volunteers: { people: 2 },
  skills: { hoursPerMonth: 4 },
  goods: { quantity: 5, unit: 'kg' },
  publicity: {},
  other: {},
};

const some = <T>(next: () => number, xs: readonly T[], max: number): T[] => [
  ...new Set(Array.from({ length: Math.floor(next() * (max + 1)) }, () => pick(next, xs))),
];
/** Prefectures 33–47 (岡山 to 沖縄) sit in the second word of the round's bit sets. */
const SECOND_WORD = PREFECTURES.slice(32).map((p) => p.code);

function randomOffer(next: () => number, n: number, platformId: string): Offer {
  const kind = pick(next, KIND_IDS);
  let area = {
    nationwide: next() < 0.15,
    online: next() < 0.3,
    blocks: some(next, BLOCK_IDS, 2),
    prefectures: some(next, next() < 0.5 ? SECOND_WORD : PREFECTURES.map((p) => p.code), 3),
    // Wards, designated cities and the rest alike; a ward and its city share the city's lists.
    municipalities: some(
      next,
      MUNICIPALITIES.map((m) => m.code),
      4,
    ),
  };
  if (!area.nationwide && !area.online && area.blocks.length + area.prefectures.length === 0)
    area = { ...area, municipalities: [...area.municipalities, pick(next, MUNICIPALITIES).code] };
  return offer(ulidOf('F', n), ulidOf('G', 1 + (n % 3)), {
    platformId,
    kind,
    capacity: CAPACITY[kind],
    fields: next() < 0.25 ? 'any' : [...new Set([...some(next, FIELD_SLUGS, 3), pick(next, FIELD_SLUGS)])],
    serviceArea: area,
  });
}

const params = tableParams(DEFAULT_MATCHING_CONFIG, parseToday(TODAY));

describe('the offer index', () => {
  it.each([
    ['with field lists', FIELD_COUNT + 1],
    ['with field blocking off', 1],
  ])(
    'lists every offer under exactly its own kind, places and fields, freshest first (%s)',
    (_, fieldKeys) => {
      const next = rng(27);
      let secondWord = 0;
      for (let run = 0; run < 40; run++) {
        const offers = Array.from({ length: 4 + Math.floor(next() * 20) }, (_, i) =>
          randomOffer(next, i + 1, 'yamagata'),
        );
        const o = offerTable(offers, new IdSpace(), params);
        // A round indexes each platform's rows; here rows [from, to) of one table.
        const from = Math.floor(next() * 3);
        const to = offers.length - Math.floor(next() * 3);
        // Freshness bounds with many ties: ties keep row order.
        const rowBound = new Int32Array(offers.length * RB);
        for (let row = 0; row < offers.length; row++) rowBound[row * RB + 2] = Math.floor(next() * 4) * 2500;
        const expected = new Map<number, number[]>();
        for (let row = from; row < to; row++) {
          for (const key of offerKeys(offers[row]!, fieldKeys))
            expected.set(key, [...(expected.get(key) ?? []), row]);
          if (offers[row]!.serviceArea.prefectures.some((p) => SECOND_WORD.includes(p))) secondWord++;
        }
        for (const rows of expected.values())
          rows.sort((a, b) => rowBound[b * RB + 2]! - rowBound[a * RB + 2]! || a - b);

        const { offsets, entries } = buildIndex(o, from, to, fieldKeys, rowBound);
        expect(offsets.length).toBe(KIND_IDS.length * REGION_KEYS * fieldKeys + 1);
        expect(offsets[0]).toBe(0);
        expect(entries.length).toBe([...expected.values()].reduce((s, rows) => s + rows.length, 0));
        const actual = new Map<number, number[]>();
        for (let key = 0; key + 1 < offsets.length; key++) {
          if (offsets[key + 1]! > offsets[key]!)
            actual.set(key, [...entries.subarray(offsets[key]!, offsets[key + 1]!)]);
        }
        expect(actual).toEqual(expected);
      }
      expect(secondWord).toBeGreaterThan(20);
    },
  );
});

/** Where an offer sits in the round's memory within its kind: the rule localityOrder documents. */
function areaKey(o: Offer): number[] {
  const a = o.serviceArea;
  const prefs = a.prefectures.map((code) => prefIndex(code));
  const firstWord = prefs.filter((p) => p < 32);
  if (a.nationwide) return [3];
  if (a.blocks.length > 0) return [2, -Math.max(...a.blocks.map((b) => BLOCK_IDS.indexOf(b)))];
  // Prefecture-wide: by the highest prefecture of the first word of the bit set, or of the
  // second when the first is empty (those come first).
  if (prefs.length > 0)
    return firstWord.length > 0 ? [1, 1, -Math.max(...firstWord)] : [1, 0, -Math.max(...prefs)];
  if (a.municipalities.length > 0) return [0, Math.min(...a.municipalities.map(cityKey)) % 4096];
  return [4];
}

const compareKeys = (x: number[], y: number[]) => {
  for (let i = 0; i < Math.max(x.length, y.length); i++)
    if ((x[i] ?? 0) !== (y[i] ?? 0)) return x[i]! - y[i]!;
  return 0;
};

describe('the orders of a round', () => {
  it('lays out offers by platform and kind, then the broadest area they serve, then by id', () => {
    const next = rng(33);
    for (let run = 0; run < 30; run++) {
      const offers = Array.from({ length: 5 + Math.floor(next() * 40) }, (_, i) =>
        randomOffer(next, i + 1, pick(next, ['yamagata', 'saitama'])),
      );
      const ids = new IdSpace();
      const t = offerTable(offers, ids, params);
      // Positions by id: here a shuffled subset, as after the eligibility filter.
      const byId = Int32Array.from(shuffle(next, [...offers.keys()]).slice(0, offers.length - 2));
      const platformOf = (p: number) => ids.platforms.get(offers[byId[p]!]!.platformId)!;
      const key = (p: number) => {
        const o = offers[byId[p]!]!;
        return [platformOf(p), KIND_IDS.indexOf(o.kind), ...areaKey(o)];
      };
      const expected = [...byId.keys()].sort((p, q) => compareKeys(key(p), key(q)) || p - q);
      expect([...localityOrder(t, byId)]).toEqual(expected);
    }
  });

  it('visits needs by platform id, kind, prefecture, city, then the order given, whatever the input order', () => {
    const next = rng(34);
    for (let run = 0; run < 30; run++) {
      const needs: Need[] = Array.from({ length: 3 + Math.floor(next() * 30) }, (_, i) => {
        const m = pick(next, MUNICIPALITIES);
        const kind = pick(next, KIND_IDS);
        return need(ulidOf('N', i + 1), ulidOf('G', 1), {
          platformId: pick(next, ['yamagata', 'saitama', 'akita']),
          kind,
          capacity: CAPACITY[kind],
          location:
            next() < 0.3 ? { prefecture: m.prefecture } : { prefecture: m.prefecture, municipality: m.code },
        });
      });
      const ids = new IdSpace();
      const order = needOrder(needTable(needs, ids, params), ids);
      const key = (i: number) => {
        const n = needs[i]!;
        const city = n.location.municipality === undefined ? -1 : cityKey(n.location.municipality);
        return [
          n.platformId === 'akita' ? 0 : n.platformId === 'saitama' ? 1 : 2,
          KIND_IDS.indexOf(n.kind),
          prefIndex(n.location.prefecture),
          city,
        ];
      };
      expect([...order]).toEqual([...needs.keys()].sort((a, b) => compareKeys(key(a), key(b)) || a - b));
    }
  });
});
