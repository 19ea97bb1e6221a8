import type { Offer } from '#domain';
import { Common, type TableParams } from './common';
import type { IdSpace } from './id-space';
import { IdKeyBuilder, type IdKeys, permuteIds } from './ids';
import { blockIndexOf, cityKeyOf, MUNI_PREF, prefIndexOf } from './regions';
import { FIELD_WORDS, fieldIndex } from './taxonomy';

// Offers, one record of 16 int32 slots (64 bytes, one cache line) per row: a round reads them
// in random order, and a column per value would be a cache miss per value. Two float values
// share the record's buffer through typed-array views.
export const O_KIND = 0;
export const O_ORG = 1;
export const O_START = 2;
export const O_END = 3;
/** F_* bits, the block bit set at bit 8, the number of listed cities from bit 16. */
export const O_FLAGS = 4;
/** Listed prefectures, a bit set of prefecture indices in two words. */
export const O_PREF_LO = 5;
export const O_PREF_HI = 6;
/** Prefectures listed or holding a listed municipality. */
export const O_LISTED_LO = 7;
export const O_LISTED_HI = 8;
/** The first (smallest) listed city key, −1 without; the others follow in cityList from O_CITY_FROM. */
export const O_FIRST_CITY = 9;
export const O_CITY_FROM = 10;
/**
 * The second number in the low CAP_B_BITS bits (venue: sessions per month; volunteers, skills:
 * hours per month, at most 100,000), the types' bit set (types.ts) above them.
 */
export const O_CAP_B = 11;
export const CAP_B_BITS = 20;
export const CAP_B_MASK = (1 << CAP_B_BITS) - 1;
/** Freshness, a float32 in the Float32Array view. */
export const O_FRESH = 12;
/** FIELD_WORDS words of field bits. */
export const O_FIELDS = 13;
/** The kind's main number (can exceed 2³¹: yen), a float64 in the Float64Array view at half this slot. */
export const O_CAP_A = (O_FIELDS + FIELD_WORDS + 1) & ~1;
export const O_INTS = (O_CAP_A + 2 + 15) & ~15;
export const F_ACTIVE = 1;
export const F_ANY = 2;
export const F_NATIONWIDE = 4;
export const F_ONLINE = 8;
export const F_KG = 16;
export const BLOCKS_SHIFT = 8;
export const CITIES_SHIFT = 16;

/** Offer records: `ints` and two float views of the same buffer, and the cities they point to. */
export interface OfferRecords {
  readonly ints: Int32Array;
  readonly f32: Float32Array;
  readonly f64: Float64Array;
  readonly cityList: Int32Array;
}

export interface OfferTable extends IdKeys, OfferRecords {
  readonly size: number;
  /** Position in id order: the tie-break. */
  readonly rank: Int32Array;
  readonly intros: Int32Array;
}

function records(n: number) {
  const ints = new Int32Array(n * O_INTS);
  return { ints, f32: new Float32Array(ints.buffer), f64: new Float64Array(ints.buffer) };
}

/** Reads offers into records, row i from offers[i] (rank = i): the one pass over the offer objects. */
export function offerTable(offers: readonly Offer[], ids: IdSpace, params: TableParams): OfferTable {
  const n = offers.length;
  const idKeys = new IdKeyBuilder(n);
  const { ints, f32, f64 } = records(n);
  const intros = new Int32Array(n);
  const rank = new Int32Array(n);
  let cityList = new Int32Array(n + 8);
  let k = 0;
  const cities: number[] = [];
  const c = new Common();
  for (let i = 0; i < n; i++) {
    const offer = offers[i]!;
    const r = i * O_INTS;
    idKeys.add(i, offer.id);
    c.read(offer, ids, params);
    ints[r + O_KIND] = c.kindKey;
    ints[r + O_ORG] = c.org;
    ints[r + O_START] = c.start;
    ints[r + O_END] = c.end;
    ints[r + O_CAP_B] = c.capB | (c.types << CAP_B_BITS);
    f32[r + O_FRESH] = c.fresh;
    f64[(r + O_CAP_A) >> 1] = c.capA;
    rank[i] = i;
    let flags = c.active !== 0 ? F_ACTIVE : 0;
    if (c.unit === 1) flags |= F_KG;
    if (offer.fields === 'any') flags |= F_ANY;
    else {
      for (const slug of offer.fields) {
        const idx = fieldIndex.get(slug);
        if (idx !== undefined) ints[r + O_FIELDS + (idx >>> 5)]! |= 1 << (idx & 31);
      }
    }
    const area = offer.serviceArea;
    if (area.nationwide) flags |= F_NATIONWIDE;
    if (area.online) flags |= F_ONLINE;
    let lo = 0;
    let hi = 0;
    for (const code of area.prefectures) {
      const p = prefIndexOf(code);
      if (p < 0) continue;
      if (p < 32) lo |= 1 << p;
      else hi |= 1 << (p - 32);
    }
    ints[r + O_PREF_LO] = lo;
    ints[r + O_PREF_HI] = hi;
    cities.length = 0;
    for (const code of area.municipalities) {
      const key = cityKeyOf(code);
      if (key < 0) continue;
      cities.push(key);
      const p = MUNI_PREF[key]!;
      if (p < 32) lo |= 1 << p;
      else hi |= 1 << (p - 32);
    }
    ints[r + O_LISTED_LO] = lo;
    ints[r + O_LISTED_HI] = hi;
    if (cities.length > 1) cities.sort((a, b) => a - b);
    let distinct = 0;
    for (let j = 0; j < cities.length; j++)
      if (j === 0 || cities[j] !== cities[j - 1]) cities[distinct++] = cities[j]!;
    ints[r + O_FIRST_CITY] = distinct > 0 ? cities[0]! : -1;
    if (k + distinct > cityList.length) {
      const grown = new Int32Array(cityList.length * 2 + distinct);
      grown.set(cityList);
      cityList = grown;
    }
    ints[r + O_CITY_FROM] = k;
    for (let j = 1; j < distinct; j++) cityList[k++] = cities[j]!;
    let blocks = 0;
    for (const id of area.blocks) {
      const bi = blockIndexOf(id);
      if (bi >= 0) blocks |= 1 << bi;
    }
    ints[r + O_FLAGS] = flags | (blocks << BLOCKS_SHIFT) | (distinct << CITIES_SHIFT);
    intros[i] = offer.introductionsPerRound;
  }
  return {
    size: n,
    ints,
    f32,
    f64,
    cityList: cityList.subarray(0, k),
    rank,
    intros,
    ids: idKeys.ids,
    keys: idKeys.keys,
  };
}

/**
 * The offers at `rows` (positions in `t`), with their ranks: `t`'s records are moved in place
 * (a round's tables are its own), so no second copy of every record is made.
 */
export function selectOffers(t: OfferTable, rows: Int32Array, rank: Int32Array): OfferTable {
  const n = rows.length;
  // Complete `rows` to a permutation of all positions, then follow its cycles.
  const perm = new Int32Array(t.size);
  const picked = new Uint8Array(t.size);
  perm.set(rows);
  for (const r of rows) picked[r] = 1;
  for (let i = 0, k = n; i < t.size; i++) if (picked[i] === 0) perm[k++] = i;
  const ints = t.ints;
  const tmp = new Int32Array(O_INTS);
  const done = new Uint8Array(t.size);
  for (let i = 0; i < t.size; i++) {
    if (done[i] !== 0 || perm[i] === i) continue;
    for (let w = 0; w < O_INTS; w++) tmp[w] = ints[i * O_INTS + w]!;
    let j = i;
    for (;;) {
      done[j] = 1;
      const from = perm[j]!;
      if (from === i) {
        for (let w = 0; w < O_INTS; w++) ints[j * O_INTS + w] = tmp[w]!;
        break;
      }
      for (let w = 0; w < O_INTS; w++) ints[j * O_INTS + w] = ints[from * O_INTS + w]!;
      j = from;
    }
  }
  const view = new Int32Array(ints.buffer, 0, n * O_INTS);
  return {
    size: n,
    ints: view,
    f32: new Float32Array(ints.buffer, 0, n * O_INTS),
    f64: new Float64Array(ints.buffer, 0, (n * O_INTS) / 2),
    cityList: t.cityList,
    rank: rank.slice(),
    intros: Int32Array.from(rows, (r) => t.intros[r]!),
    ...permuteIds(t, rows),
  };
}
