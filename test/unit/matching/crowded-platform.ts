import type { Kind, Need, Offer } from '#domain';
import { FIELD_FILTER_BY_KIND, type MatchingInput, pairKey, scorePair } from '#matching';
import { FIELD_COUNT } from '../../../shared/matching/tables';
import { pick } from '../../support/seeded';
import { need, offer, TODAY, ulidOf } from './builders';
import { needKeys, offerKeys } from './index-keys';

// Small platforms crowded with equal and nearly equal offers, for the tests of candidate
// generation (candidates.test.ts): a few templates of place, field, capacity, timing and age,
// so that many pairs tie and many score a step apart, where a bound one step too tight would
// drop a pair. One kind per platform (venue, funding or volunteers), in and around 埼玉県川口市;
// venues with types that meet, meet through その他 or not at all.

const NEED_PLACES = [
  { prefecture: '11', municipality: '11203' }, // 川口市
  { prefecture: '11', municipality: '11101' }, // さいたま市西区: its lists are さいたま市's
  { prefecture: '11' },
];
const AREAS = [
  { municipalities: ['11203'] },
  { municipalities: ['11100'] },
  { municipalities: ['11203', '11101'] },
  { prefectures: ['11'] },
  { blocks: ['kanto'] },
  { blocks: ['kanto'], prefectures: ['13'] }, // a neighbour listed too
  { nationwide: true },
  { online: true },
  { prefectures: ['11'], online: true },
];
const NEED_FIELDS = [['elderly'], ['elderly', 'carers'], ['dementia'], ['young_carers', 'children_youth']];
const OFFER_FIELDS = ['any', ['elderly'], ['dementia'], ['carers'], ['young_carers'], ['children_youth']];
const CREATED = ['2026-06-01', '2026-06-01', '2026-05-02', '2026-03-01', '2025-12-01'];
const NEED_PERIODS = [
  { start: '2026-04-01', end: '2027-03-31' },
  { start: '2026-06-01', end: '2026-08-31' }, // shares no day with an offer from December
];
const PERIODS = [
  { start: '2026-04-01' },
  { start: '2026-04-01', end: '2026-09-30' },
  { start: '2026-12-01' },
];
const CAPACITY: Record<string, { need: object[]; offer: object[] }> = {
  venue: {
    need: [{ people: 30 }, { people: 12, sessionsPerMonth: 4 }],
    offer: [{ people: 30 }, { people: 40, sessionsPerMonth: 2 }, { people: 20 }, { people: 120 }],
  },
  volunteers: {
    need: [{ people: 2 }, { hoursPerMonth: 10 }, { people: 2, hoursPerMonth: 10 }],
    offer: [{ people: 1 }, { people: 3 }, { hoursPerMonth: 20 }, { people: 2, hoursPerMonth: 4 }],
  },
  funding: {
    need: [{ amountJpy: 500_000 }, { amountJpy: 500_000, minAmountJpy: 200_000 }],
    offer: [{ amountJpy: 500_000 }, { amountJpy: 1_000_000 }, { amountJpy: 300_000 }, { amountJpy: 100_000 }],
  },
};
// Venue types: none, a kind of room, a room with a kitchen, only a feature; offers from before
// types, with その他, with a kitchen or without.
const NEED_TYPES = [[], ['meeting_room'], ['hall', 'kitchen'], ['kitchen']];
const OFFER_TYPES = [[], ['meeting_room'], ['hall', 'kitchen'], ['other'], ['meeting_room', 'kitchen']];
const typesOf = (kind: string, types: string[]) => (kind === 'venue' && types.length > 0 ? { types } : {});
const ORGS = [1, 2, 3, 4].map((n) => ulidOf('G', n));

/** A platform of 2–5 needs and 4–20 offers drawn from the templates, some pairs decided before. */
export function crowdedPlatform(next: () => number): MatchingInput {
  const kind = pick(next, ['venue', 'funding', 'volunteers'] as const);
  const created = (d: string) => ({ createdAt: `${d}T00:00:00.000Z`, updatedAt: `${d}T00:00:00.000Z` });
  const needs: Need[] = Array.from({ length: 2 + Math.floor(next() * 4) }, (_, i) =>
    need(ulidOf('N', i + 1), pick(next, ORGS), {
      kind,
      location: pick(next, NEED_PLACES),
      onlineOk: next() < 0.5,
      fields: pick(next, NEED_FIELDS),
      capacity: pick(next, CAPACITY[kind]!.need),
      period: pick(next, NEED_PERIODS),
      ...typesOf(kind, pick(next, NEED_TYPES)),
      ...created(pick(next, CREATED)),
    }),
  );
  const offers: Offer[] = Array.from({ length: 4 + Math.floor(next() * 17) }, (_, i) =>
    offer(ulidOf('F', i + 1), pick(next, ORGS), {
      kind,
      serviceArea: pick(next, AREAS),
      fields: pick(next, OFFER_FIELDS),
      capacity: pick(next, CAPACITY[kind]!.offer),
      period: pick(next, PERIODS),
      introductionsPerRound: 50,
      ...typesOf(kind, pick(next, OFFER_TYPES)),
      ...created(pick(next, CREATED)),
    }),
  );
  const decided = needs.flatMap((n) => offers.filter(() => next() < 0.1).map((o) => pairKey(n.id, o.id)));
  return {
    needs,
    offers,
    approvedOrganizations: new Set(ORGS),
    declinedPairs: new Set(decided.filter((_, i) => i % 2 === 0)),
    proposedPairs: new Set(decided.filter((_, i) => i % 2 === 1)),
    today: TODAY,
  };
}

/**
 * What the index holds for a round's needs: `indexed`, the entries of every list they read
 * (an offer in two of a need's lists counts twice); `sharing`, the pairs in at least one list in
 * common; `refused`, those that fail a hard filter.
 */
export function keyCount(
  input: MatchingInput,
  requireFieldRelation: boolean | undefined,
): { indexed: number; sharing: number; refused: number } {
  // The config's filter: every kind, none, or the defaults (FIELD_FILTER_BY_KIND).
  const filtered = (kind: string) => requireFieldRelation ?? FIELD_FILTER_BY_KIND[kind as Kind];
  const fieldKeys = requireFieldRelation === false ? 1 : FIELD_COUNT + 1;
  const config = requireFieldRelation === undefined ? {} : { requireFieldRelation };
  let indexed = 0;
  let sharing = 0;
  let refused = 0;
  for (const n of input.needs) {
    const reads = new Set(needKeys(n, fieldKeys, filtered));
    for (const o of input.offers) {
      const common = offerKeys(o, fieldKeys).filter((k) => reads.has(k)).length;
      indexed += common;
      if (common === 0) continue;
      sharing++;
      if (!scorePair(n, o, input.today, config).ok) refused++;
    }
  }
  return { indexed, sharing, refused };
}
