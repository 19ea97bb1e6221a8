import fc from 'fast-check';
import { type Need, needSchema, type Offer, offerSchema } from '#domain';
import { type MatchingInput, pairKey } from '#matching';
import { TODAY, ulidOf } from './builders';

// Small random platforms where things collide on purpose: a handful of nearby regions (wards and
// their designated city, neighbouring prefectures), fields with parents and children, tight
// capacities, partly overlapping periods, a few organisations posting on both sides.

const MUNICIPALITIES = [
  '06201', // 山形市
  '06202', // 米沢市
  '11100', // さいたま市
  '11101', // さいたま市西区
  '11107', // さいたま市浦和区
  '11203', // 川口市
  '13101', // 千代田区
  '04101', // 仙台市青葉区
];
// Yamagata (06) neighbours Miyagi (04) and Niigata (15); Saitama (11) neighbours Tokyo (13).
const PREFECTURES = ['06', '11', '13', '04', '15'];
const BLOCKS = ['tohoku', 'kanto', 'chubu'];
const FIELDS = ['children_youth', 'futoko', 'carers', 'young_carers', 'elderly', 'poverty', 'food_support'];
export const ORGANIZATIONS = [1, 2, 3, 4, 5, 6].map((n) => ulidOf('G', n));

const DAY = 86_400_000;
const todayMs = Date.parse(`${TODAY}T00:00:00Z`);
const isoDay = (offset: number) => new Date(todayMs + offset * DAY).toISOString().slice(0, 10);

const kind = fc.oneof(
  { weight: 6, arbitrary: fc.constant('venue') },
  { weight: 4, arbitrary: fc.constant('volunteers') },
  { weight: 2, arbitrary: fc.constant('funding') },
  { weight: 2, arbitrary: fc.constant('goods') },
  { weight: 1, arbitrary: fc.constantFrom('employment', 'skills', 'publicity', 'other') },
);

// Types of venue, skills and goods, from a few per kind so that pairs share one, share none,
// meet through その他 or lack a feature; needs often and offers sometimes list none.
const TYPES: Record<string, readonly string[]> = {
  venue: ['meeting_room', 'hall', 'kitchen', 'barrier_free', 'other'],
  skills: ['legal', 'accounting', 'it_web', 'other'],
  goods: ['food', 'hygiene', 'clothing', 'other'],
};
const VENUE_FEATURES = ['kitchen', 'barrier_free'];

function typesOf(k: string, side: 'need' | 'offer'): fc.Arbitrary<{ types?: string[] }> {
  const pool = TYPES[k];
  if (pool === undefined) return fc.constant({});
  const listed = fc
    .subarray([...pool], { minLength: 1, maxLength: 2 })
    .map((ts) =>
      side === 'offer' && k === 'venue' && ts.every((t) => VENUE_FEATURES.includes(t)) ? [...ts, 'hall'] : ts,
    );
  return fc.oneof(
    { weight: side === 'need' ? 2 : 1, arbitrary: fc.constant({}) },
    { weight: 3, arbitrary: listed.map((types) => ({ types })) },
  );
}

// Mostly current; some start later, some ended before today.
const period = fc
  .record({ start: fc.integer({ min: -60, max: 60 }), length: fc.option(fc.integer({ min: 20, max: 300 })) })
  .map(({ start, length }) =>
    length === null ? { start: isoDay(start) } : { start: isoDay(start), end: isoDay(start + length) },
  );

const location = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .constantFrom(...MUNICIPALITIES)
      .map((m) => ({ prefecture: m.slice(0, 2), municipality: m })),
  },
  { weight: 1, arbitrary: fc.constantFrom(...PREFECTURES).map((p) => ({ prefecture: p })) },
);

const serviceArea = fc
  .record({
    nationwide: fc.oneof(
      { weight: 9, arbitrary: fc.constant(false) },
      { weight: 1, arbitrary: fc.constant(true) },
    ),
    blocks: fc.subarray(BLOCKS, { maxLength: 1 }),
    prefectures: fc.subarray(PREFECTURES, { maxLength: 2 }),
    municipalities: fc.subarray(MUNICIPALITIES, { maxLength: 3 }),
    online: fc.boolean(),
  })
  .map((a) => {
    const listed =
      a.nationwide || a.online || a.blocks.length + a.prefectures.length + a.municipalities.length > 0;
    return listed ? a : { ...a, online: true };
  });

const count = (max: number) => fc.integer({ min: 1, max });
const peopleOrHours = fc
  .record({ people: fc.option(count(20)), hoursPerMonth: fc.option(count(60)) })
  .map(({ people, hoursPerMonth }) => ({
    ...(people === null && hoursPerMonth === null ? { people: 3 } : {}),
    ...(people === null ? {} : { people }),
    ...(hoursPerMonth === null ? {} : { hoursPerMonth }),
  }));

function needCapacity(k: string) {
  switch (k) {
    case 'venue':
      return fc
        .record({ people: count(60), sessionsPerMonth: fc.option(count(8)) })
        .map(({ people, sessionsPerMonth }) =>
          sessionsPerMonth === null ? { people } : { people, sessionsPerMonth },
        );
    case 'funding':
      return fc
        .record({
          amount: count(100),
          min: fc.option(fc.integer({ min: 1, max: 100 })),
          coFunding: fc.option(fc.boolean()),
        })
        .map(({ amount, min, coFunding }) => ({
          amountJpy: amount * 10_000,
          ...(min === null || min > amount ? {} : { minAmountJpy: min * 10_000 }),
          ...(coFunding === null ? {} : { coFunding }),
        }));
    case 'employment':
      return fc.record({ positions: count(10) });
    case 'volunteers':
    case 'skills':
      return peopleOrHours;
    case 'goods':
      return fc.record({ quantity: count(500), unit: fc.constantFrom('kg', 'units') });
    case 'publicity':
      return fc.option(count(10_000)).map((reach) => (reach === null ? {} : { reach }));
    default:
      return fc.constant({});
  }
}

function offerCapacity(k: string) {
  return k === 'funding' ? count(150).map((a) => ({ amountJpy: a * 10_000 })) : needCapacity(k);
}

const common = fc.record({
  organization: fc.constantFrom(...ORGANIZATIONS),
  platformId: fc.oneof(
    { weight: 12, arbitrary: fc.constant('p1') },
    { weight: 1, arbitrary: fc.constant('p2') },
  ),
  status: fc.oneof(
    { weight: 12, arbitrary: fc.constant('open') },
    { weight: 1, arbitrary: fc.constant('closed') },
  ),
  // A few ages only: equal scores (ties) are common, so the tie-breaks get exercised.
  age: fc.constantFrom(0, 0, 30, 120),
  period,
});

function meta(id: string, c: { organization: string; platformId: string; status: string; age: number }) {
  const createdAt = new Date(todayMs - c.age * DAY + 3_600_000).toISOString();
  return {
    id,
    platformId: c.platformId,
    organizationId: c.organization,
    status: c.status,
    createdBy: ulidOf('P', 1),
    createdAt,
    updatedAt: createdAt,
    version: 1,
  };
}

/** A need of kind `k` without its id (given by position). */
const needOfKind = (k: string) =>
  fc
    .record({
      c: common,
      capacity: needCapacity(k),
      fields: fc.subarray(FIELDS, { minLength: 1, maxLength: 3 }),
      location,
      onlineOk: fc.boolean(),
      types: typesOf(k, 'need'),
    })
    .map(
      ({ c, capacity, fields, location, onlineOk, types }) =>
        (id: string): Need =>
          needSchema.parse({
            ...meta(id, c),
            kind: k,
            title: 'ニーズ',
            fields,
            location,
            onlineOk,
            capacity,
            ...types,
            period: c.period,
          }) as Need,
    );

/** An offer of kind `k` without its id. */
const offerOfKind = (k: string) =>
  fc
    .record({
      c: common,
      capacity: offerCapacity(k),
      fields: fc.oneof(
        { weight: 1, arbitrary: fc.constant('any' as const) },
        { weight: 5, arbitrary: fc.subarray(FIELDS, { minLength: 1, maxLength: 3 }) },
      ),
      serviceArea,
      intros: fc.integer({ min: 1, max: 3 }),
      types: typesOf(k, 'offer'),
    })
    .map(
      ({ c, capacity, fields, serviceArea, intros, types }) =>
        (id: string): Offer =>
          offerSchema.parse({
            ...meta(id, c),
            kind: k,
            title: '支援',
            fields,
            serviceArea,
            capacity,
            ...types,
            introductionsPerRound: intros,
            period: c.period,
          }) as Offer,
    );

export const needArb = kind.chain(needOfKind);
export const offerArb = kind.chain(offerOfKind);

/** A round: postings of one or two kinds, approved organisations, earlier decisions on some pairs. */
export const roundArb = fc
  .tuple(kind, kind)
  .chain(([k1, k2]) =>
    fc.record({
      needs: fc.array(fc.oneof(needOfKind(k1), needOfKind(k2)), { minLength: 1, maxLength: 10 }),
      offers: fc.array(fc.oneof(offerOfKind(k1), offerOfKind(k2)), { minLength: 2, maxLength: 14 }),
      approved: fc.subarray(ORGANIZATIONS, { minLength: 5 }),
    }),
  )
  .chain(({ needs: needFs, offers: offerFs, approved }) => {
    const needs = needFs.map((f, i) => f(ulidOf('N', i + 1)));
    const offers = offerFs.map((f, i) => f(ulidOf('F', i + 1)));
    const pairs = needs.flatMap((n) => offers.map((o) => pairKey(n.id, o.id)));
    return fc
      .record({
        declined: fc.subarray(pairs, { maxLength: Math.min(6, pairs.length) }),
        proposed: fc.subarray(pairs, { maxLength: Math.min(6, pairs.length) }),
      })
      .map(
        ({ declined, proposed }): MatchingInput => ({
          needs,
          offers,
          approvedOrganizations: new Set(approved),
          declinedPairs: new Set(declined),
          proposedPairs: new Set(proposed),
          today: TODAY,
        }),
      );
  });

/** One need and one offer of the same kind: a pair worth scoring. */
export const pairArb = kind.chain((k) =>
  fc.tuple(needOfKind(k), offerOfKind(k)).map(([n, o]) => [n(ulidOf('N', 1)), o(ulidOf('F', 1))] as const),
);
