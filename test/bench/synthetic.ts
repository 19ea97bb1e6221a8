import {
  type BlockId,
  FIELD_SLUGS,
  type FieldSlug,
  type Kind,
  MUNICIPALITIES,
  type Municipality,
  type Need,
  type Offer,
  prefecture,
} from '#domain';
import { type MatchingInput, pairKey } from '#matching';

// A deterministic synthetic platform for the benchmark: seeded RNG, most organisations in a
// few big cities, fields Zipf-distributed, all eight kinds with types (synthetic-types.ts), a
// few % nationwide offers.

export { rng } from '../support/seeded';

import { rng } from '../support/seeded';
import { syntheticTypes } from './synthetic-types';

type Rand = () => number;

const int = (r: Rand, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
/** Log-uniform integer in [lo, hi]: small numbers common, big ones rare. */
const logInt = (r: Rand, lo: number, hi: number) => Math.round(lo * (hi / lo) ** r());

function weighted<T>(items: readonly (readonly [T, number])[]): (r: Rand) => T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  const cumulative: number[] = [];
  let acc = 0;
  for (const [, w] of items) {
    acc += w / total;
    cumulative.push(acc);
  }
  return (r) => {
    const x = r();
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return items[lo]![0];
  };
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A ULID whose time part is `ms` and whose random part comes from the RNG. */
function ulid(r: Rand, ms: number): string {
  // Built as an array and joined: a flat string, like one parsed from JSON (not a rope).
  const chars = new Array<string>(26);
  let t = ms;
  for (let i = 9; i >= 0; i--) {
    chars[i] = CROCKFORD[t % 32]!;
    t = Math.floor(t / 32);
  }
  for (let i = 10; i < 26; i++) chars[i] = CROCKFORD[Math.floor(r() * 32)]!;
  return chars.join('');
}

// Big cities with approximate populations (10k people): most organisations are here.
const BIG_CITIES: readonly (readonly [string, number])[] = [
  ['13', 973], // Tokyo's 23 special wards
  ['14100', 377], // Yokohama
  ['27100', 275], // Osaka
  ['23100', 233], // Nagoya
  ['01100', 197], // Sapporo
  ['40130', 161], // Fukuoka
  ['14130', 154], // Kawasaki
  ['28100', 152], // Kobe
  ['26100', 146], // Kyoto
  ['11100', 134], // Saitama
  ['34100', 120], // Hiroshima
  ['04100', 110], // Sendai
];

const wardsOf = new Map<string, Municipality[]>();
for (const m of MUNICIPALITIES) {
  const key = m.kind === 'special_ward' ? m.prefecture : m.parent;
  if (key === undefined) continue;
  const list = wardsOf.get(key) ?? [];
  list.push(m);
  wardsOf.set(key, list);
}
const bigCity = weighted(BIG_CITIES);
// Elsewhere: any city, town or village (a designated city stands for its wards).
const otherPlace = weighted(
  MUNICIPALITIES.filter((m) => m.kind !== 'ward' && m.kind !== 'special_ward').map(
    (m) => [m, m.kind === 'city' ? 4 : m.kind === 'town' ? 1 : 0.3] as const,
  ),
);
const municipalitiesByPref = new Map<string, Municipality[]>();
for (const m of MUNICIPALITIES) {
  if (m.kind === 'ward') continue;
  const list = municipalitiesByPref.get(m.prefecture) ?? [];
  list.push(m);
  municipalitiesByPref.set(m.prefecture, list);
}

/** A municipality code where an organisation sits: a ward for designated cities. */
function place(r: Rand): string {
  if (r() < 0.6) return pick(r, wardsOf.get(bigCity(r))!).code;
  const m = otherPlace(r);
  const wards = wardsOf.get(m.code);
  return wards === undefined ? m.code : pick(r, wards).code;
}

const KIND_WEIGHTS: readonly (readonly [Kind, number])[] = [
  ['volunteers', 20],
  ['venue', 15],
  ['goods', 15],
  ['funding', 12],
  ['skills', 12],
  ['employment', 10],
  ['publicity', 10],
  ['other', 6],
];

interface Org {
  readonly id: string;
  readonly municipality: string;
  readonly prefecture: string;
  readonly approved: boolean;
}

export interface SyntheticOptions {
  readonly needs: number;
  readonly offers: number;
  readonly seed: number;
  readonly today: string;
  readonly platformId?: string;
}

export interface SyntheticPlatform {
  readonly input: MatchingInput;
  readonly organizations: number;
}

const DAY_MS = 86_400_000;

function isoDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function syntheticPlatform(options: SyntheticOptions): SyntheticPlatform {
  const r = rng(options.seed);
  // Types draw from their own stream, so the rest of the platform is the same with or without them.
  const rTypes = rng(options.seed * 7919 + 1);
  const platformId = options.platformId ?? 'national';
  const today = Date.parse(`${options.today}T00:00:00Z`) / DAY_MS;
  const fieldRank = [...FIELD_SLUGS];
  for (let i = fieldRank.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [fieldRank[i], fieldRank[j]] = [fieldRank[j]!, fieldRank[i]!];
  }
  // Fields by Zipf's law over a seeded ranking: a couple of fields dominate.
  const zipfField = weighted(fieldRank.map((f, i) => [f, 1 / (i + 1) ** 1.1] as const));
  const kind = weighted(KIND_WEIGHTS);

  const makeOrgs = (count: number): Org[] =>
    Array.from({ length: count }, () => {
      const municipality = place(r);
      return {
        id: ulid(r, (today - int(r, 400, 3000)) * DAY_MS),
        municipality,
        prefecture: municipality.slice(0, 2),
        approved: r() < 0.96,
      };
    });
  const npos = makeOrgs(Math.max(1, Math.round(options.needs / 2.5)));
  const companies = makeOrgs(Math.max(1, Math.round(options.offers / 4)));
  // Intermediaries and local governments post both: a few NPOs also make offers.
  const offerers = [...companies, ...npos.filter(() => r() < 0.03)];
  // Some organisations post many times: skew the pick towards the front of the list.
  const org = (orgs: readonly Org[]) => orgs[Math.floor(orgs.length * r() ** 1.5)]!;
  const approved = new Set([...npos, ...offerers].filter((o) => o.approved).map((o) => o.id));

  const fields = (): FieldSlug[] => {
    const count = weighted([
      [1, 50],
      [2, 33],
      [3, 17],
    ] as const)(r);
    const out = new Set<FieldSlug>();
    while (out.size < count) out.add(zipfField(r));
    return [...out];
  };
  const meta = (o: Org) => {
    const created = today - Math.floor(r() ** 2 * 400);
    const ms = created * DAY_MS + int(r, 0, DAY_MS - 1) - 9 * 3_600_000;
    const createdAt = new Date(ms).toISOString();
    const start = today + int(r, -200, 120);
    const end = r() < 0.3 ? undefined : start + int(r, 30, 400);
    return {
      id: ulid(r, ms),
      platformId,
      organizationId: o.id,
      status: r() < 0.05 ? ('closed' as const) : ('open' as const),
      createdBy: ulid(r, ms),
      createdAt,
      updatedAt: createdAt,
      version: 1,
      period: end === undefined ? { start: isoDay(start) } : { start: isoDay(start), end: isoDay(end) },
    };
  };
  const peopleOrHours = (people: () => number, hours: () => number) => {
    const x = r();
    if (x < 0.5) return { people: people() };
    if (x < 0.8) return { hoursPerMonth: hours() };
    return { people: people(), hoursPerMonth: hours() };
  };

  const needs: Need[] = [];
  for (let i = 0; i < options.needs; i++) {
    const o = org(npos);
    const k = kind(r);
    const capacity = (() => {
      switch (k) {
        case 'venue':
          return r() < 0.7
            ? { people: logInt(r, 5, 60), sessionsPerMonth: int(r, 1, 8) }
            : { people: logInt(r, 5, 60) };
        case 'funding': {
          const amountJpy = logInt(r, 5, 500) * 10_000;
          return r() < 0.5
            ? {
                amountJpy,
                minAmountJpy: Math.max(
                  10_000,
                  Math.round((amountJpy * int(r, 3, 10)) / 10 / 10_000) * 10_000,
                ),
              }
            : { amountJpy };
        }
        case 'employment':
          return { positions: logInt(r, 1, 10) };
        case 'volunteers':
        case 'skills':
          return peopleOrHours(
            () => logInt(r, 1, 20),
            () => logInt(r, 5, 200),
          );
        case 'goods':
          return { quantity: logInt(r, 10, 2000), unit: r() < 0.6 ? 'kg' : 'units' };
        case 'publicity':
          return r() < 0.5 ? { reach: logInt(r, 100, 100_000) } : {};
        case 'other':
          return {};
      }
    })();
    const location =
      r() < 0.12 ? { prefecture: o.prefecture } : { prefecture: o.prefecture, municipality: o.municipality };
    needs.push({
      ...meta(o),
      kind: k,
      title: `ニーズ ${i + 1}`,
      description: '',
      fields: fields(),
      targetGroups: [],
      location,
      onlineOk: r() < 0.25,
      capacity,
      ...syntheticTypes(rTypes, k, 'need'),
    } as Need);
  }

  const offers: Offer[] = [];
  for (let i = 0; i < options.offers; i++) {
    const o = org(offerers);
    const k = kind(r);
    const capacity = (() => {
      switch (k) {
        case 'venue':
          return r() < 0.6
            ? { people: logInt(r, 10, 300), sessionsPerMonth: int(r, 1, 20) }
            : { people: logInt(r, 10, 300) };
        case 'funding':
          return { amountJpy: logInt(r, 3, 1000) * 10_000 };
        case 'employment':
          return { positions: logInt(r, 1, 20) };
        case 'volunteers':
        case 'skills':
          return peopleOrHours(
            () => logInt(r, 1, 30),
            () => logInt(r, 5, 400),
          );
        case 'goods':
          return { quantity: logInt(r, 5, 10_000), unit: r() < 0.6 ? 'kg' : 'units' };
        case 'publicity':
          return r() < 0.5 ? { reach: logInt(r, 100, 1_000_000) } : {};
        case 'other':
          return {};
      }
    })();
    offers.push({
      ...meta(o),
      kind: k,
      title: `支援 ${i + 1}`,
      description: '',
      fields: r() < 0.08 ? 'any' : fields(),
      serviceArea: serviceArea(r, o),
      introductionsPerRound: weighted([
        [1, 20],
        [2, 20],
        [3, 40],
        [5, 20],
      ] as const)(r),
      conditions: '',
      capacity,
      ...syntheticTypes(rTypes, k, 'offer'),
    } as Offer);
  }

  // Earlier rounds: some pairs were declined, more were proposed. Pick plausible pairs (same
  // kind, offer listing the need's prefecture) so that they matter.
  const byKindPref = new Map<string, Offer[]>();
  for (const offer of offers) {
    for (const p of offer.serviceArea.prefectures) {
      const key = `${offer.kind}:${p}`;
      const list = byKindPref.get(key) ?? [];
      list.push(offer);
      byKindPref.set(key, list);
    }
  }
  const declinedPairs = new Set<string>();
  const proposedPairs = new Set<string>();
  for (const need of needs) {
    const x = r();
    if (x >= 0.12) continue;
    const pool = byKindPref.get(`${need.kind}:${need.location.prefecture}`);
    if (pool === undefined) continue;
    const into = x < 0.02 ? declinedPairs : proposedPairs;
    for (let j = int(r, 1, 3); j > 0; j--) into.add(pairKey(need.id, pick(r, pool).id));
  }

  return {
    input: {
      needs,
      offers,
      approvedOrganizations: approved,
      declinedPairs,
      proposedPairs,
      today: options.today,
    },
    organizations: npos.length + companies.length,
  };
}

function serviceArea(r: Rand, o: Org): Offer['serviceArea'] {
  const pref = prefecture(o.prefecture)!;
  const block: BlockId = pref.block;
  const area = {
    nationwide: false,
    blocks: [] as BlockId[],
    prefectures: [] as string[],
    municipalities: [] as string[],
    online: r() < 0.2,
  };
  const x = r();
  if (x < 0.45) {
    area.municipalities.push(o.municipality);
    if (r() < 0.4) {
      const pool = municipalitiesByPref.get(o.prefecture) ?? [];
      for (let j = int(r, 1, 3); j > 0; j--) {
        const m = pick(r, pool).code;
        if (!area.municipalities.includes(m)) area.municipalities.push(m);
      }
    }
  } else if (x < 0.75) {
    area.prefectures.push(o.prefecture);
    if (r() < 0.2 && pref.adjacent.length > 0) area.prefectures.push(pick(r, pref.adjacent));
  } else if (x < 0.87) {
    area.blocks.push(block);
    if (r() < 0.5) area.prefectures.push(o.prefecture);
  } else if (x < 0.9) {
    area.nationwide = true;
    if (r() < 0.5) area.prefectures.push(o.prefecture);
  } else {
    area.online = true;
  }
  return area;
}
