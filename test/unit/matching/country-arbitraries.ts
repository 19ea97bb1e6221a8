import fc from 'fast-check';
import {
  BLOCK_IDS,
  FIELD_SLUGS,
  FIELDS,
  KIND_IDS,
  MUNICIPALITIES,
  type Need,
  needSchema,
  type Offer,
  offerSchema,
  PREFECTURES,
  RESOURCE_TYPE_IDS,
  resourceTypeGroup,
  type TypedKind,
} from '#domain';
import { ulidOf } from './builders';

// Random platforms over the whole country, for the reference scorer's property
// (reference-scorer.test.ts): every one of the 47 prefectures and every municipality (wards of
// designated cities and Tokyo's special wards included), every kind and every unit of capacity,
// edge dates (fiscal-year ends 03-31/04-01, 29 February 2028), nationwide, online and
// block-wide offers. A platform is drawn around an anchor place, so that service areas hit the
// need's ward, its designated city, its prefecture, a neighbour or its block often enough; the
// numbers come from a small set rich in boundaries (exact fits, halves, three times, just over).

export const NEEDS_PER_PLATFORM = 4;
export const OFFERS_PER_PLATFORM = 5;
const ORGS = [1, 2, 3, 4, 5, 6].map((n) => ulidOf('G', n));

const DAY_MS = 86_400_000;
const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
const dateOf = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** The round's day: fiscal-year ends and starts, the leap day of 2028, or any day of 2026–2029. */
const todayArb = fc.oneof(
  fc.constantFrom(
    '2026-03-31',
    '2026-04-01',
    '2027-03-31',
    '2027-04-01',
    '2028-02-28',
    '2028-02-29',
    '2028-03-01',
  ),
  fc.integer({ min: dayNumber('2026-01-01'), max: dayNumber('2029-12-31') }).map(dateOf),
);

const muniCodesOf = (pref: string) => MUNICIPALITIES.filter((m) => m.prefecture === pref).map((m) => m.code);
const MUNIS_BY_PREF = new Map(PREFECTURES.map((p) => [p.code, muniCodesOf(p.code)]));
const neighboursOf = (pref: string) => {
  const p = PREFECTURES.find((x) => x.code === pref)!;
  return [...p.adjacent, ...p.linked];
};

/** An anchor: a prefecture (any of 47) and the places around it a platform's postings use. */
const anchorArb = fc.constantFrom(...PREFECTURES).chain((p) => {
  const near = neighboursOf(p.code);
  const own = MUNIS_BY_PREF.get(p.code)!;
  return fc.record({
    pref: fc.constant(p.code),
    block: fc.constant(p.block),
    // A municipality of the prefecture, and the ward/city family it belongs to.
    munis: fc.subarray(own, { minLength: 1, maxLength: 3 }).map((ms) => {
      const m = MUNICIPALITIES.find((x) => x.code === ms[0])!;
      const family = MUNICIPALITIES.filter(
        (x) =>
          x.code === m.parent || x.parent === m.code || (m.parent !== undefined && x.parent === m.parent),
      ).map((x) => x.code);
      return [...ms, ...family.slice(0, 3)];
    }),
    neighbour: near.length === 0 ? fc.constant(undefined) : fc.constantFrom(...near),
  });
});
type Anchor = typeof anchorArb extends fc.Arbitrary<infer A> ? A : never;

const anyMuni = fc.constantFrom(...MUNICIPALITIES).map((m) => m.code);
const anyPref = fc.constantFrom(...PREFECTURES).map((p) => p.code);

/** A place near the anchor: its municipalities, its prefecture, a neighbour's, or anywhere. */
function placeArb(a: Anchor) {
  const nearMunis = a.neighbour === undefined ? [] : MUNIS_BY_PREF.get(a.neighbour)!;
  return fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...a.munis) },
    { weight: 2, arbitrary: fc.constantFrom(...MUNIS_BY_PREF.get(a.pref)!) },
    {
      weight: nearMunis.length === 0 ? 0 : 1,
      arbitrary: fc.constantFrom(...(nearMunis.length ? nearMunis : ['01100'])),
    },
    { weight: 1, arbitrary: anyMuni },
  );
}

/** Field pools: a parent with its children, plus any two fields (all slugs can appear). */
const FAMILIES = FIELDS.filter((f) => f.parent !== undefined).map((f) => [f.parent!, f.slug]);
const fieldPoolArb = fc
  .tuple(fc.constantFrom(...FAMILIES), fc.subarray([...FIELD_SLUGS], { minLength: 2, maxLength: 2 }))
  .map(([family, extra]) => [...new Set([...family, ...extra])]);

// Numbers rich in boundaries: ratios 1/2, 1, 3 and just over 3 are common between two of them.
const AMOUNTS = [1, 2, 3, 5, 9, 10, 15, 20, 29, 30, 31, 60, 90, 91, 300];
const amount = fc.constantFrom(...AMOUNTS);
const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 3 });

function capacityArb(kind: string, side: 'need' | 'offer') {
  switch (kind) {
    case 'venue':
      return fc.record({ people: amount, sessionsPerMonth: opt(fc.constantFrom(1, 2, 4, 8)) });
    case 'funding':
      return side === 'offer'
        ? amount.map((a) => ({ amountJpy: a * 10_000 }))
        : fc.tuple(amount, opt(amount), opt(fc.boolean())).map(([a, m, coFunding]) => ({
            amountJpy: a * 10_000,
            minAmountJpy: m === undefined || m > a ? undefined : m * 10_000,
            ...(coFunding === undefined ? {} : { coFunding }),
          }));
    case 'employment':
      return fc.record({ positions: amount });
    case 'volunteers':
    case 'skills':
      return fc
        .record({ people: opt(amount), hoursPerMonth: opt(amount.map((h) => h * 4)) })
        .map((c) => (c.people === undefined && c.hoursPerMonth === undefined ? { ...c, people: 5 } : c));
    case 'goods':
      return fc.oneof(
        fc.record({ quantity: amount, unit: fc.constant('units') }),
        fc.record({ quantity: fc.oneof(amount, fc.constantFrom(0.5, 2.5, 14.5)), unit: fc.constant('kg') }),
      );
    case 'publicity':
      return fc.record({ reach: opt(amount.map((r) => r * 100)) });
    default:
      return fc.constant({});
  }
}

/**
 * Types of venue, skills and goods postings: a few per posting from the kind's list, so that pairs
 * share one, share none, meet through その他 or lack a feature. Needs often list none; an offer
 * sometimes lists none (posted before types), and a venue offer always names a kind of room.
 */
function typesArb(kind: string, side: 'need' | 'offer'): fc.Arbitrary<{ types?: string[] }> {
  if (!(kind in RESOURCE_TYPE_IDS)) return fc.constant({});
  const ids: readonly string[] = RESOURCE_TYPE_IDS[kind as TypedKind];
  const listed = fc.subarray([...ids], { minLength: 1, maxLength: 3 });
  const stated =
    side === 'need'
      ? listed
      : listed.map((ts) =>
          kind === 'venue' && !ts.some((t) => resourceTypeGroup('venue', t) === 'choice')
            ? [...ts, 'hall']
            : ts,
        );
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant({}) },
    { weight: side === 'need' ? 2 : 5, arbitrary: stated.map((types) => ({ types })) },
  );
}

/** Start and end as offsets from today: boundary days (−1, 0, +1) are likely, one-day periods too. */
const periodArb = (today: string) =>
  fc
    .record({
      start: fc.oneof(fc.constantFrom(-1, 0, 1, -365), fc.integer({ min: -90, max: 60 })),
      length: opt(
        fc.oneof(
          fc.constantFrom(0, 1, 2, 179, 180),
          fc.integer({ min: 0, max: 400 }),
          fc.integer({ min: 90, max: 400 }),
        ),
      ),
    })
    .map(({ start, length }) => {
      const s = dayNumber(today) + start;
      return length === undefined ? { start: dateOf(s) } : { start: dateOf(s), end: dateOf(s + length) };
    });

/** Created some days before today, at times either side of midnight in Tokyo (15:00 UTC). */
const createdArb = (today: string) =>
  fc
    .record({
      age: fc.oneof(fc.constantFrom(-1, 0, 1, 60, 120), fc.integer({ min: 0, max: 400 })),
      time: fc.constantFrom(
        '00:00:00.000Z',
        '14:59:59.999Z',
        '15:00:00.000Z',
        '23:59:59.999Z',
        '09:30:00.000Z',
      ),
    })
    .map(({ age, time }) => `${dateOf(dayNumber(today) - age)}T${time}`);

const commonArb = (today: string, mainKind: string) =>
  fc.record({
    kind: fc.oneof(
      { weight: 20, arbitrary: fc.constant(mainKind) },
      { weight: 1, arbitrary: fc.constantFrom(...KIND_IDS) },
    ),
    platformId: fc.oneof(
      { weight: 25, arbitrary: fc.constant('p1') },
      { weight: 1, arbitrary: fc.constant('p2') },
    ),
    organizationId: fc.constantFrom(...ORGS),
    status: fc.oneof(
      { weight: 15, arbitrary: fc.constant('open') },
      { weight: 1, arbitrary: fc.constant('closed') },
    ),
    period: periodArb(today),
    createdAt: createdArb(today),
  });

function needArb(today: string, mainKind: string, a: Anchor, pool: string[]) {
  return commonArb(today, mainKind).chain((c) =>
    fc
      .record({
        capacity: capacityArb(c.kind, 'need'),
        fields: fc.subarray(pool, { minLength: 1, maxLength: Math.min(3, pool.length) }),
        location: fc.oneof(
          { weight: 4, arbitrary: placeArb(a).map((m) => ({ prefecture: m.slice(0, 2), municipality: m })) },
          { weight: 1, arbitrary: fc.oneof(fc.constant(a.pref), anyPref).map((p) => ({ prefecture: p })) },
        ),
        onlineOk: fc.boolean(),
        types: typesArb(c.kind, 'need'),
      })
      .map(
        ({ types, ...rest }) =>
          (id: string) =>
            needSchema.parse({
              ...c,
              ...rest,
              ...types,
              id,
              title: 'ニーズ',
              ...META,
              updatedAt: c.createdAt,
            }) as Need,
      ),
  );
}

function areaArb(a: Anchor) {
  return fc
    .record({
      municipalities: fc.array(placeArb(a), { maxLength: 3 }).map((ms) => [...new Set(ms)]),
      prefectures: fc
        .subarray([a.pref, a.neighbour ?? a.pref, '47', '01'], { maxLength: 2 })
        .map((ps) => [...new Set(ps)]),
      blocks: fc.subarray([a.block, ...BLOCK_IDS.filter((b) => b !== a.block).slice(0, 1)], { maxLength: 1 }),
      nationwide: fc.oneof(
        { weight: 6, arbitrary: fc.constant(false) },
        { weight: 1, arbitrary: fc.constant(true) },
      ),
      online: fc.boolean(),
    })
    .map((s) => {
      const empty =
        !s.nationwide && !s.online && s.municipalities.length + s.prefectures.length + s.blocks.length === 0;
      return empty ? { ...s, online: true } : s;
    });
}

function offerArb(today: string, mainKind: string, a: Anchor, pool: string[]) {
  return commonArb(today, mainKind).chain((c) =>
    fc
      .record({
        capacity: capacityArb(c.kind, 'offer'),
        fields: fc.oneof(
          { weight: 1, arbitrary: fc.constant('any' as const) },
          { weight: 5, arbitrary: fc.subarray(pool, { minLength: 1, maxLength: Math.min(3, pool.length) }) },
        ),
        serviceArea: areaArb(a),
        types: typesArb(c.kind, 'offer'),
      })
      .map(
        ({ types, ...rest }) =>
          (id: string) =>
            offerSchema.parse({
              ...c,
              ...rest,
              ...types,
              id,
              title: '支援',
              ...META,
              updatedAt: c.createdAt,
            }) as Offer,
      ),
  );
}

const META = { createdBy: ulidOf('P', 1), version: 1 };

export interface CountryPlatform {
  readonly today: string;
  readonly needs: Need[];
  readonly offers: Offer[];
}

/** A platform of NEEDS_PER_PLATFORM needs and OFFERS_PER_PLATFORM offers around an anchor place. */
export const countryPlatformArb: fc.Arbitrary<CountryPlatform> = fc
  .record({ today: todayArb, kind: fc.constantFrom(...KIND_IDS), anchor: anchorArb, pool: fieldPoolArb })
  .chain(({ today, kind, anchor, pool }) =>
    fc.record({
      today: fc.constant(today),
      needs: fc
        .array(needArb(today, kind, anchor, pool), {
          minLength: NEEDS_PER_PLATFORM,
          maxLength: NEEDS_PER_PLATFORM,
        })
        .map((fs) => fs.map((f, i) => f(ulidOf('N', i + 1)))),
      offers: fc
        .array(offerArb(today, kind, anchor, pool), {
          minLength: OFFERS_PER_PLATFORM,
          maxLength: OFFERS_PER_PLATFORM,
        })
        .map((fs) => fs.map((f, i) => f(ulidOf('F', i + 1)))),
    }),
  );
