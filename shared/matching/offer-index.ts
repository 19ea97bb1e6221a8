import {
  ANY_FIELD,
  BLOCK_COUNT,
  BLOCKS_SHIFT,
  CITIES_SHIFT,
  CITY_COUNT,
  F_ANY,
  F_NATIONWIDE,
  F_ONLINE,
  FIELD_COUNT,
  type IdSpace,
  KIND_COUNT,
  type NeedTable,
  O_CITY_FROM,
  O_FIELDS,
  O_FIRST_CITY,
  O_FLAGS,
  O_INTS,
  O_KIND,
  O_PREF_HI,
  O_PREF_LO,
  type OfferTable,
  PREF_COUNT,
} from './tables';

// The inverted index of offers by (kind, region, field) that candidate generation scans
// (candidates.ts), and the orders a round visits offers and needs in. See docs/matching.md.

// Region keys of the index: city keys, then prefectures, blocks, nationwide, online.
export const RK_PREF = CITY_COUNT;
export const RK_BLOCK = RK_PREF + PREF_COUNT;
export const RK_NATIONWIDE = RK_BLOCK + BLOCK_COUNT;
export const RK_ONLINE = RK_NATIONWIDE + 1;
export const REGION_KEYS = RK_ONLINE + 1;

/** Int32 slots per row of CandidateScan.rowBound; the kg flag of its fourth slot. */
export const RB = 6;
export const KG_BIT = 1 << 30;

export interface OfferIndex {
  /** Rows under key k are entries[offsets[k] .. offsets[k+1]), freshest first. */
  readonly offsets: Int32Array;
  readonly entries: Int32Array;
}

// Stryker disable next-line ArrayDeclaration: scratch: every slot read is written first
const scratchRegions: number[] = [];
// Stryker disable next-line ArrayDeclaration: scratch: every slot read is written first
const scratchFields: number[] = [];

/**
 * The index keys of an offer row: every (kind, region, field) it can be found under. With
 * field blocking off (no kind requires the field relation: fieldKeys 1) the field key is
 * always 0.
 */
function offerKeys(o: OfferTable, oi: number, fieldKeys: number, out: number[]): number {
  const ints = o.ints;
  const r = oi * O_INTS;
  // Stryker disable next-line ArithmeticOperator: O_KIND is 0
  const kindKey = ints[r + O_KIND]!;
  const kind = kindKey % KIND_COUNT;
  const flags = ints[r + O_FLAGS]!;
  const rk = scratchRegions;
  let regions = 0;
  const cityCount = flags >>> CITIES_SHIFT;
  if (cityCount > 0) rk[regions++] = ints[r + O_FIRST_CITY]!;
  for (let j = 0; j < cityCount - 1; j++) rk[regions++] = o.cityList[ints[r + O_CITY_FROM]! + j]!;
  // Shifts count modulo 32: the high word's bit is `>>> p` too.
  // Stryker disable next-line EqualityOperator: p = 47 reads bit 15 of the high word, always 0
  for (let p = 0; p < PREF_COUNT; p++) {
    const bit = p < 32 ? (ints[r + O_PREF_LO]! >>> p) & 1 : (ints[r + O_PREF_HI]! >>> p) & 1;
    if (bit !== 0) rk[regions++] = RK_PREF + p;
  }
  for (let b = 0; b < BLOCK_COUNT; b++)
    if (((flags >>> (BLOCKS_SHIFT + b)) & 1) !== 0) rk[regions++] = RK_BLOCK + b;
  if ((flags & F_NATIONWIDE) !== 0) rk[regions++] = RK_NATIONWIDE;
  if ((flags & F_ONLINE) !== 0) rk[regions++] = RK_ONLINE;
  const fk = scratchFields;
  let fields = 0;
  if (fieldKeys === 1) fk[fields++] = 0;
  else if ((flags & F_ANY) !== 0) fk[fields++] = ANY_FIELD;
  else {
    // The 28 fields fit one word (asserted in taxonomy.test.ts): f >>> 5 is 0, bit 28 is 0.
    // Stryker disable next-line EqualityOperator: bit FIELD_COUNT of the one word is 0
    for (let f = 0; f < FIELD_COUNT; f++) {
      // Stryker disable next-line ArithmeticOperator: one word, f >>> 5 is 0
      if (((ints[r + O_FIELDS + (f >>> 5)]! >>> (f & 31)) & 1) !== 0) fk[fields++] = f;
    }
  }
  let n = 0;
  for (let i = 0; i < regions; i++) {
    for (let j = 0; j < fields; j++) out[n++] = (kind * REGION_KEYS + rk[i]!) * fieldKeys + fk[j]!;
  }
  return n;
}

export function buildIndex(
  o: OfferTable,
  from: number,
  to: number,
  fieldKeys: number,
  rowBound: Int32Array,
): OfferIndex {
  const slots = KIND_COUNT * REGION_KEYS * fieldKeys;
  const offsets = new Int32Array(slots + 1);
  // Stryker disable next-line ArrayDeclaration: scratch: every slot read is written first
  const keys: number[] = [];
  let total = 0;
  for (let oi = from; oi < to; oi++) {
    const n = offerKeys(o, oi, fieldKeys, keys);
    for (let j = 0; j < n; j++) offsets[keys[j]! + 1]!++;
    total += n;
  }
  // Stryker disable next-line EqualityOperator: one step past the end writes nothing (typed array)
  for (let s = 0; s < slots; s++) offsets[s + 1]! += offsets[s]!;
  const cursor = offsets.slice(0, slots);
  const entries = new Int32Array(total);
  // Fill every list freshest first (then by row): a scan can stop at the first entry that even
  // perfect capacity and timing cannot lift into the short list.
  const count = to - from;
  const order = new Float64Array(count);
  // Stryker disable next-line EqualityOperator: one step past the end writes nothing (typed array)
  for (let i = 0; i < count; i++) order[i] = (100_000 - rowBound[(from + i) * RB + 2]!) * count + i;
  order.sort();
  // Stryker disable next-line EqualityOperator: one step past the end reads no row and lists nothing
  for (let x = 0; x < count; x++) {
    const oi = from + (order[x]! % count);
    const n = offerKeys(o, oi, fieldKeys, keys);
    for (let j = 0; j < n; j++) entries[cursor[keys[j]!]!++] = oi;
  }
  return { offsets, entries };
}

/**
 * Offer positions (into `byId`, i.e. ranks) in an order that keeps the offers of one index list
 * close in memory: by platform and kind (a platform's rows must be one range), then the broadest
 * area they list — municipalities only (by their first city), prefectures (by the highest in the
 * bit set's first word, offers listing only prefectures 33–47 before the others), blocks (the
 * highest first), nationwide, online only — then by rank. The round's result does not depend on
 * the order within a kind; its speed does.
 */
export function localityOrder(t: OfferTable, byId: Int32Array): Int32Array {
  const n = byId.length;
  const keys = new Float64Array(n);
  const ints = t.ints;
  // Stryker disable next-line EqualityOperator: one step past the end writes nothing (typed array)
  for (let p = 0; p < n; p++) {
    const r = byId[p]! * O_INTS;
    const flags = ints[r + O_FLAGS]!;
    const blocks = (flags >>> BLOCKS_SHIFT) & 0xff;
    const prefs = ints[r + O_PREF_LO]! || ints[r + O_PREF_HI]!;
    let area: number;
    if ((flags & F_NATIONWIDE) !== 0) area = 3 * 4096;
    else if (blocks !== 0) area = 2 * 4096 + Math.clz32(blocks);
    else if (prefs !== 0) area = 4096 + (ints[r + O_PREF_LO]! !== 0 ? 32 : 0) + Math.clz32(prefs);
    else if (ints[r + O_FIRST_CITY]! >= 0) area = ints[r + O_FIRST_CITY]! % 4096;
    else area = 4 * 4096;
    // Sorting numbers natively is much faster than with a comparator: pack (key, rank) in one.
    // Stryker disable next-line ArithmeticOperator: O_KIND is 0
    const kindKey = ints[r + O_KIND]!;
    keys[p] = (kindKey * 5 * 4096 + area) * n + p;
  }
  keys.sort();
  const order = new Int32Array(n);
  // Stryker disable next-line EqualityOperator: one step past the end writes nothing (typed array)
  for (let i = 0; i < n; i++) order[i] = keys[i]! % n;
  return order;
}

/**
 * Needs in the order a round handles them: by platform (id order), kind and place, then id.
 * Consecutive needs then read the same index lists and offer records, and compete for the
 * same offers, while those are still in the CPU's cache. The short lists do not depend on it;
 * the assignment's choice between equally good solutions does, so the order is part of the
 * contract (and independent of the order of the input).
 */
export function needOrder(t: NeedTable, ids: IdSpace): Int32Array {
  const n = t.size;
  const platformRank = ids.platformRanks();
  const keys = new Float64Array(n);
  // Stryker disable next-line EqualityOperator: one step past the end writes nothing (typed array)
  for (let i = 0; i < n; i++) {
    const kindKey = t.kindKey[i]!;
    const group = platformRank[Math.floor(kindKey / KIND_COUNT)]! * KIND_COUNT + (kindKey % KIND_COUNT);
    const place = (t.pref[i]! + 1) * 4096 + t.city[i]!; // city ≥ −1: in [4095, 2¹⁸)
    keys[i] = (group * 262_144 + place) * n + i;
  }
  keys.sort();
  return Int32Array.from(keys, (k) => k % n);
}
