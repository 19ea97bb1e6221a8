import {
  BLOCK_IDS,
  FIELD_SLUGS,
  type FieldSlug,
  fieldRelation,
  KIND_IDS,
  type Kind,
  MUNICIPALITIES,
  type Need,
  type Offer,
  PREFECTURES,
} from '#domain';

// Needs and offers turned into numbers, once per round, so that scoring a pair reads a few
// typed-array slots and allocates nothing. Each posting object is read once (ingest, in input
// order); sorting and reordering then move numbers only.

// --- dates ---------------------------------------------------------------------------------------

/** The end of an open-ended period: later than any real date. */
export const OPEN_END = 0x3fffffff;

function digits(s: string, from: number, count: number): number {
  let v = 0;
  for (let i = from; i < from + count; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days since 1970-01-01 of the YYYY-MM-DD date at `at`; NaN when it is not one. */
function dayAt(s: string, at: number): number {
  if (s.charCodeAt(at + 4) !== 45 || s.charCodeAt(at + 7) !== 45) return Number.NaN;
  const y = digits(s, at, 4);
  const m = digits(s, at + 5, 2);
  const d = digits(s, at + 8, 2);
  if (y < 0 || m < 1 || m > 12 || d < 1) return Number.NaN;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  if (d > (m === 2 && leap ? 29 : DAYS_IN_MONTH[m - 1]!)) return Number.NaN;
  // Days from the civil date (H. Hinnant's algorithm).
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** Days since 1970-01-01 of a YYYY-MM-DD date; NaN when it is not one. */
export function dayNumber(date: string): number {
  return date.length === 10 ? dayAt(date, 0) : Number.NaN;
}

const DAY_MS = 86_400_000;
const TOKYO_OFFSET_S = 9 * 3600;

/** The Asia/Tokyo calendar day of an ISO timestamp (Japan has no daylight saving time). */
export function tokyoDayOf(timestamp: string): number {
  // Fast path for what the schemas store: YYYY-MM-DDTHH:MM:SS[.fff]Z.
  if (
    timestamp.length >= 20 &&
    timestamp.charCodeAt(10) === 84 &&
    timestamp.charCodeAt(timestamp.length - 1) === 90
  ) {
    const day = dayAt(timestamp, 0);
    const h = digits(timestamp, 11, 2);
    const mi = digits(timestamp, 14, 2);
    const sec = digits(timestamp, 17, 2);
    const next = timestamp.charCodeAt(19);
    if (!Number.isNaN(day) && h >= 0 && h < 24 && mi >= 0 && sec >= 0 && (next === 46 || next === 90)) {
      return day + Math.floor((h * 3600 + mi * 60 + sec + TOKYO_OFFSET_S) / 86_400);
    }
  }
  return Math.floor((Date.parse(timestamp) + TOKYO_OFFSET_S * 1000) / DAY_MS);
}

// --- ids -----------------------------------------------------------------------------------------

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CROCKFORD_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < CROCKFORD.length; i++) CROCKFORD_VALUE[CROCKFORD.charCodeAt(i)] = i;

/**
 * A ULID as three numbers (50 + 40 + 40 bits) that sort like the string: the Crockford
 * alphabet is in ASCII order. False when `id` is not a ULID.
 */
function ulidKeys(id: string, keys: Float64Array, at: number): boolean {
  if (id.length !== 26) return false;
  let a = 0;
  let b = 0;
  let c = 0;
  for (let i = 0; i < 26; i++) {
    const code = id.charCodeAt(i);
    const v = code < 128 ? CROCKFORD_VALUE[code]! : -1;
    if (v < 0) return false;
    if (i < 10) a = a * 32 + v;
    else if (i < 18) b = b * 32 + v;
    else c = c * 32 + v;
  }
  keys[at] = a;
  keys[at + 1] = b;
  keys[at + 2] = c;
  return true;
}

/** Posting ids of a table's rows and, when they are all ULIDs, their sort keys (else null). */
export interface IdKeys {
  readonly ids: readonly string[];
  readonly keys: Float64Array | null;
}

class IdKeyBuilder {
  readonly ids: string[];
  keys: Float64Array | null;

  constructor(n: number) {
    this.ids = new Array<string>(n);
    this.keys = new Float64Array(n * 3);
  }

  add(i: number, id: string): void {
    this.ids[i] = id;
    if (this.keys !== null && !ulidKeys(id, this.keys, i * 3)) this.keys = null;
  }
}

/** The ids of the given rows; their sort keys are not carried over (search the source instead). */
function permuteIds(t: IdKeys, rows: Int32Array): IdKeys {
  return { ids: Array.from(rows, (r) => t.ids[r]!), keys: null };
}

function compareAt(k: Float64Array, x: number, y: number): number {
  return k[3 * x]! - k[3 * y]! || k[3 * x + 1]! - k[3 * y + 1]! || k[3 * x + 2]! - k[3 * y + 2]!;
}

/** The given input rows sorted by id; throws on a duplicate id. */
export function sortById(rows: Int32Array, idKeys: IdKeys, what: string): Int32Array {
  const { ids, keys } = idKeys;
  const sorted = rows.slice();
  if (keys !== null) sorted.sort((x, y) => compareAt(keys, x, y));
  else sorted.sort((x, y) => (ids[x]! < ids[y]! ? -1 : ids[x]! > ids[y]! ? 1 : 0));
  for (let i = 1; i < sorted.length; i++) {
    if (ids[sorted[i - 1]!] === ids[sorted[i]!])
      throw new Error(`matching: duplicate ${what} id ${ids[sorted[i]!]}`);
  }
  return sorted;
}

/** The position of `id` in `byId` (rows sorted by id), or −1. */
export function findById(id: string, byId: Int32Array, idKeys: IdKeys, scratch: Float64Array): number {
  const { ids, keys } = idKeys;
  let lo = 0;
  let hi = byId.length - 1;
  if (keys !== null) {
    if (!ulidKeys(id, scratch, 0)) return -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = byId[mid]!;
      const c =
        keys[3 * r]! - scratch[0]! || keys[3 * r + 1]! - scratch[1]! || keys[3 * r + 2]! - scratch[2]!;
      if (c === 0) return mid;
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const other = ids[byId[mid]!]!;
    if (other === id) return mid;
    if (other < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

// --- kinds -------------------------------------------------------------------------------------

export const KIND_COUNT = KIND_IDS.length;
const kindIndex = new Map<string, number>(KIND_IDS.map((k, i) => [k, i]));
export const KIND_VENUE = kindIndex.get('venue')!;
export const KIND_FUNDING = kindIndex.get('funding')!;
export const KIND_EMPLOYMENT = kindIndex.get('employment')!;
export const KIND_VOLUNTEERS = kindIndex.get('volunteers')!;
export const KIND_SKILLS = kindIndex.get('skills')!;
export const KIND_GOODS = kindIndex.get('goods')!;
export const KIND_PUBLICITY = kindIndex.get('publicity')!;
export const KIND_OTHER = kindIndex.get('other')!;

export function kindCode(kind: Kind): number {
  return kindIndex.get(kind)!;
}

// --- fields ------------------------------------------------------------------------------------

export const FIELD_COUNT = FIELD_SLUGS.length;
/** The field key under which offers for any field are indexed. */
export const ANY_FIELD = FIELD_COUNT;
/** 32-bit words per field bit set. */
export const FIELD_WORDS = Math.max(1, Math.ceil(FIELD_COUNT / 32));
const fieldIndex = new Map<string, number>(FIELD_SLUGS.map((s, i) => [s, i]));

export const FIELD_RELATION_CODES = ['none', 'siblings', 'parent_child', 'same'] as const;
export const REL_NONE = 0;
export const REL_SIBLINGS = 1;
export const REL_PARENT_CHILD = 2;
export const REL_SAME = 3;

/** FIELD_COUNT × FIELD_COUNT relation codes, from the taxonomy's own fieldRelation. */
export const FIELD_REL: Uint8Array = (() => {
  const rel = new Uint8Array(FIELD_COUNT * FIELD_COUNT);
  for (let a = 0; a < FIELD_COUNT; a++) {
    for (let b = 0; b < FIELD_COUNT; b++) {
      rel[a * FIELD_COUNT + b] = FIELD_RELATION_CODES.indexOf(
        fieldRelation(FIELD_SLUGS[a]!, FIELD_SLUGS[b]!),
      );
    }
  }
  return rel;
})();

function relationMasks(code: number): Int32Array {
  const masks = new Int32Array(FIELD_COUNT * FIELD_WORDS);
  for (let a = 0; a < FIELD_COUNT; a++) {
    for (let b = 0; b < FIELD_COUNT; b++) {
      if (FIELD_REL[a * FIELD_COUNT + b] === code) masks[a * FIELD_WORDS + (b >>> 5)]! |= 1 << (b & 31);
    }
  }
  return masks;
}

/** Per field, the bit set of fields that are its ancestors or descendants. */
export const PARENT_CHILD_MASK = relationMasks(REL_PARENT_CHILD);
/** Per field, the bit set of its siblings (same parent). */
export const SIBLING_MASK = relationMasks(REL_SIBLINGS);

/** Field keys an offer must be indexed under to be found for a need with this field. */
export const RELATED_FIELD_KEYS: readonly (readonly number[])[] = FIELD_SLUGS.map((_, a) => {
  const keys = [a];
  for (let b = 0; b < FIELD_COUNT; b++) if (FIELD_REL[a * FIELD_COUNT + b] === REL_PARENT_CHILD) keys.push(b);
  return keys;
});

/** Index of a field slug; −1 when unknown. */
export function fieldIndexOf(slug: string): number {
  return fieldIndex.get(slug) ?? -1;
}

export function fieldSlugAt(index: number): FieldSlug {
  return FIELD_SLUGS[index]!;
}

// --- regions -----------------------------------------------------------------------------------

export const PREF_COUNT = PREFECTURES.length;
export const BLOCK_COUNT = BLOCK_IDS.length;
export const CITY_COUNT = MUNICIPALITIES.length;
const prefIndex = new Map<string, number>(PREFECTURES.map((p, i) => [p.code, i]));
const blockIndex = new Map<string, number>(BLOCK_IDS.map((b, i) => [b, i]));
const muniIndex = new Map<string, number>(MUNICIPALITIES.map((m, i) => [m.code, i]));
/** Block index of each prefecture index. */
export const PREF_BLOCK = Int8Array.from(PREFECTURES, (p) => blockIndex.get(p.block)!);
/** Per prefecture: bit set (two words) of itself and the prefectures reachable by land or bridge. */
export const NEAR_LO = new Int32Array(PREF_COUNT);
export const NEAR_HI = new Int32Array(PREF_COUNT);
for (const [i, p] of PREFECTURES.entries()) {
  for (const code of [p.code, ...p.adjacent, ...p.linked]) {
    const j = prefIndex.get(code);
    if (j === undefined) continue;
    if (j < 32) NEAR_LO[i]! |= 1 << j;
    else NEAR_HI[i]! |= 1 << (j - 32);
  }
}

export function prefAt(index: number): string {
  return PREFECTURES[index]!.code;
}
export function blockAt(index: number): (typeof BLOCK_IDS)[number] {
  return BLOCK_IDS[index]!;
}
/** The municipality code of a city key (a designated city for its wards). */
export function cityAt(index: number): string {
  return MUNICIPALITIES[index]!.code;
}

/** Prefecture index of each city key. */
const MUNI_PREF = Int8Array.from(MUNICIPALITIES, (m) => prefIndex.get(m.prefecture) ?? -1);

/** City key by the number of a 5-digit municipality code; −1 for no municipality. */
const CITY_BY_CODE = (() => {
  const table = new Int32Array(100_000).fill(-1);
  for (const [i, m] of MUNICIPALITIES.entries()) {
    table[Number(m.code)] = m.parent === undefined ? i : (muniIndex.get(m.parent) ?? i);
  }
  return table;
})();

/** A municipality's city key: the designated city for a ward, else itself; −1 when unknown. */
export function cityKeyOf(code: string): number {
  const v = code.length === 5 ? digits(code, 0, 5) : -1;
  return v < 0 ? -1 : CITY_BY_CODE[v]!;
}

/** Index of a prefecture code 01–47 (PREFECTURES is in code order); −1 when unknown. */
export function prefIndexOf(code: string): number {
  const v = code.length === 2 ? digits(code, 0, 2) : -1;
  return v >= 1 && v <= PREF_COUNT && PREFECTURES[v - 1]!.code === code ? v - 1 : -1;
}

export function blockIndexOf(id: string): number {
  return blockIndex.get(id) ?? -1;
}

// --- shared ids ----------------------------------------------------------------------------------

/** Small integers for organisation and platform ids, shared by the needs and offers of a round. */
export class IdSpace {
  readonly organizations = new Map<string, number>();
  readonly organizationIds: string[] = [];
  /** Per organisation number: 1 when approved (or when no approval list was given). */
  readonly approved: number[] = [];
  readonly platforms = new Map<string, number>();
  readonly platformIds: string[] = [];
  private lastPlatform = '';
  private lastPlatformIndex = -1;

  constructor(private readonly approvedOrganizations?: ReadonlySet<string>) {}

  // ULIDs are interned by their numeric keys in an open-addressing table (no string hashing,
  // no second string to compare); anything else through the Map.
  private slotKeys = new Float64Array(3 * 1024);
  private slotValues = new Int32Array(1024).fill(-1);
  private readonly scratch = new Float64Array(3);

  org(id: string): number {
    const k = this.scratch;
    if (!ulidKeys(id, k, 0)) {
      const v = this.organizations.get(id);
      return v === undefined ? this.newOrg(id) : v;
    }
    let mask = this.slotValues.length - 1;
    let slot = (Math.imul(k[1]! | 0, 0x9e3779b1) ^ (k[2]! | 0) ^ (k[0]! | 0)) & mask;
    for (;;) {
      const v = this.slotValues[slot]!;
      if (v < 0) break;
      if (
        this.slotKeys[3 * slot] === k[0] &&
        this.slotKeys[3 * slot + 1] === k[1] &&
        this.slotKeys[3 * slot + 2] === k[2]
      ) {
        return v;
      }
      slot = (slot + 1) & mask;
    }
    const v = this.newOrg(id);
    if (2 * (this.organizationIds.length + 1) > this.slotValues.length) {
      this.grow();
      mask = this.slotValues.length - 1;
      slot = (Math.imul(k[1]! | 0, 0x9e3779b1) ^ (k[2]! | 0) ^ (k[0]! | 0)) & mask;
      while (this.slotValues[slot]! >= 0) slot = (slot + 1) & mask;
    }
    this.slotValues[slot] = v;
    this.slotKeys.set(k, 3 * slot);
    return v;
  }

  private newOrg(id: string): number {
    const v = this.organizationIds.length;
    this.organizations.set(id, v);
    this.organizationIds.push(id);
    this.approved.push(
      this.approvedOrganizations === undefined || this.approvedOrganizations.has(id) ? 1 : 0,
    );
    return v;
  }

  private grow(): void {
    const keys = this.slotKeys;
    const values = this.slotValues;
    this.slotKeys = new Float64Array(keys.length * 2);
    this.slotValues = new Int32Array(values.length * 2).fill(-1);
    const mask = this.slotValues.length - 1;
    for (let s = 0; s < values.length; s++) {
      if (values[s]! < 0) continue;
      let slot =
        (Math.imul(keys[3 * s + 1]! | 0, 0x9e3779b1) ^ (keys[3 * s + 2]! | 0) ^ (keys[3 * s]! | 0)) & mask;
      while (this.slotValues[slot]! >= 0) slot = (slot + 1) & mask;
      this.slotValues[slot] = values[s]!;
      this.slotKeys[3 * slot] = keys[3 * s]!;
      this.slotKeys[3 * slot + 1] = keys[3 * s + 1]!;
      this.slotKeys[3 * slot + 2] = keys[3 * s + 2]!;
    }
  }

  /** Per platform number, its position among the platform ids in byte order: independent of input order. */
  platformRanks(): Int32Array {
    const sorted = [...this.platformIds].sort();
    return Int32Array.from(this.platformIds, (id) => sorted.indexOf(id));
  }

  platform(id: string): number {
    if (id === this.lastPlatform) return this.lastPlatformIndex;
    let v = this.platforms.get(id);
    if (v === undefined) {
      v = this.platforms.size;
      this.platforms.set(id, v);
      this.platformIds.push(id);
    }
    this.lastPlatform = id;
    this.lastPlatformIndex = v;
    return v;
  }
}

// --- ingest --------------------------------------------------------------------------------------

export interface TableParams {
  readonly today: number;
  readonly horizonDays: number;
  readonly halfLifeDays: number;
}

/** The values needs and offers share, read from one posting. */
class Common {
  kindKey = 0;
  active = 0;
  org = 0;
  start = 0;
  end = 0;
  fresh = 0;
  capA = 0;
  capB = 0;
  capMin = 0;
  unit = 0;

  read(p: Need | Offer, ids: IdSpace, params: TableParams): void {
    this.kindKey = ids.platform(p.platformId) * KIND_COUNT + kindCode(p.kind);
    const start = dayNumber(p.period.start);
    const end = p.period.end === undefined ? OPEN_END : dayNumber(p.period.end);
    const valid = !Number.isNaN(start) && !Number.isNaN(end);
    this.start = valid ? start : 0;
    this.end = valid ? end : 0;
    this.active = valid && p.status === 'open' && end >= params.today ? 1 : 0;
    this.org = ids.org(p.organizationId);
    const created = tokyoDayOf(p.createdAt);
    const age = Number.isNaN(created) ? 0 : Math.max(0, params.today - created);
    this.fresh = 0.5 ** (age / params.halfLifeDays);
    this.capA = 0;
    this.capB = 0;
    this.capMin = 0;
    this.unit = 0;
    switch (p.kind) {
      case 'venue':
        this.capA = p.capacity.people;
        this.capB = p.capacity.sessionsPerMonth ?? 0;
        break;
      case 'funding':
        this.capA = p.capacity.amountJpy;
        this.capMin = 'minAmountJpy' in p.capacity ? (p.capacity.minAmountJpy ?? 0) : 0;
        break;
      case 'employment':
        this.capA = p.capacity.positions;
        break;
      case 'volunteers':
      case 'skills':
        this.capA = p.capacity.people ?? 0;
        this.capB = p.capacity.hoursPerMonth ?? 0;
        break;
      case 'goods':
        this.capA = p.capacity.quantity;
        this.unit = p.capacity.unit === 'kg' ? 1 : 0;
        break;
      case 'publicity':
        this.capA = p.capacity.reach ?? 0;
        break;
      case 'other':
        break;
    }
  }
}

/** Needs, one column per value, rows in the order given to needTable. */
export interface NeedTable extends IdKeys {
  readonly size: number;
  /** platform × KIND_COUNT + kind: pairs must have the same. */
  readonly kindKey: Int32Array;
  /** 1 when open and not past its end date. */
  readonly active: Uint8Array;
  readonly org: Int32Array;
  readonly start: Int32Array;
  /** OPEN_END when open-ended. */
  readonly end: Int32Array;
  /** 2^(−age / half-life). */
  readonly fresh: Float64Array;
  /** Kind-specific numbers, 0 when absent (every real amount is positive). */
  readonly capA: Float64Array;
  readonly capB: Float64Array;
  /** funding: minAmountJpy, else 0. */
  readonly capMin: Float64Array;
  /** goods: 0 units, 1 kg. */
  readonly unit: Int8Array;
  /** CSR list of field indices: fields of row i are fieldList[fieldStart[i] .. fieldStart[i+1]). */
  readonly fieldStart: Int32Array;
  readonly fieldList: Int16Array;
  readonly pref: Int8Array;
  readonly block: Int8Array;
  /** City key of the location's municipality, −1 without one. */
  readonly city: Int32Array;
  readonly online: Uint8Array;
  /** Timing window: from max(start, today) to end, or over the horizon when open-ended. */
  readonly winStart: Int32Array;
  readonly winEnd: Int32Array;
}

/** Reads needs into a table, row i from needs[i]: the one pass over the need objects. */
export function needTable(needs: readonly Need[], ids: IdSpace, params: TableParams): NeedTable {
  const n = needs.length;
  const idKeys = new IdKeyBuilder(n);
  const t = {
    size: n,
    kindKey: new Int32Array(n),
    active: new Uint8Array(n),
    org: new Int32Array(n),
    start: new Int32Array(n),
    end: new Int32Array(n),
    fresh: new Float64Array(n),
    capA: new Float64Array(n),
    capB: new Float64Array(n),
    capMin: new Float64Array(n),
    unit: new Int8Array(n),
    fieldStart: new Int32Array(n + 1),
    fieldList: new Int16Array(n * 5),
    pref: new Int8Array(n),
    block: new Int8Array(n),
    city: new Int32Array(n),
    online: new Uint8Array(n),
    winStart: new Int32Array(n),
    winEnd: new Int32Array(n),
  };
  const c = new Common();
  let fieldList = t.fieldList;
  let f = 0;
  for (let i = 0; i < n; i++) {
    const need = needs[i]!;
    idKeys.add(i, need.id);
    c.read(need, ids, params);
    t.kindKey[i] = c.kindKey;
    t.active[i] = c.active;
    t.org[i] = c.org;
    t.start[i] = c.start;
    t.end[i] = c.end;
    t.fresh[i] = c.fresh;
    t.capA[i] = c.capA;
    t.capB[i] = c.capB;
    t.capMin[i] = c.capMin;
    t.unit[i] = c.unit;
    t.fieldStart[i] = f;
    for (const slug of need.fields) {
      const idx = fieldIndex.get(slug);
      if (idx === undefined) continue;
      if (f === fieldList.length) {
        const grown = new Int16Array(fieldList.length * 2 + 8);
        grown.set(fieldList);
        fieldList = grown;
      }
      fieldList[f++] = idx;
    }
    const p = prefIndexOf(need.location.prefecture);
    t.pref[i] = p;
    t.block[i] = p < 0 ? -1 : PREF_BLOCK[p]!;
    t.city[i] = need.location.municipality === undefined ? -1 : cityKeyOf(need.location.municipality);
    t.online[i] = need.onlineOk ? 1 : 0;
    const ws = Math.max(c.start, params.today);
    t.winStart[i] = ws;
    t.winEnd[i] = need.period.end === undefined ? ws + params.horizonDays - 1 : c.end;
  }
  t.fieldStart[n] = f;
  return { ...t, fieldList, ids: idKeys.ids, keys: idKeys.keys };
}

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
/** venue: sessions per month; volunteers, skills: hours per month (integers). */
export const O_CAP_B = 11;
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
    ints[r + O_CAP_B] = c.capB;
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

/** The needs at `rows` of a table, as a new table. */
export function selectNeeds(t: NeedTable, rows: Int32Array): NeedTable {
  const n = rows.length;
  const pick = <A extends Int32Array | Uint8Array | Int8Array | Float64Array>(a: A): A => {
    const out = new (a.constructor as new (n: number) => A)(n);
    for (let i = 0; i < n; i++) out[i] = a[rows[i]!]!;
    return out;
  };
  const fieldStart = new Int32Array(n + 1);
  let total = 0;
  for (let i = 0; i < n; i++) total += t.fieldStart[rows[i]! + 1]! - t.fieldStart[rows[i]!]!;
  const fieldList = new Int16Array(total);
  let f = 0;
  for (let i = 0; i < n; i++) {
    fieldStart[i] = f;
    for (let j = t.fieldStart[rows[i]!]!; j < t.fieldStart[rows[i]! + 1]!; j++)
      fieldList[f++] = t.fieldList[j]!;
  }
  fieldStart[n] = f;
  return {
    ...permuteIds(t, rows),
    size: n,
    kindKey: pick(t.kindKey),
    active: pick(t.active),
    org: pick(t.org),
    start: pick(t.start),
    end: pick(t.end),
    fresh: pick(t.fresh),
    capA: pick(t.capA),
    capB: pick(t.capB),
    capMin: pick(t.capMin),
    unit: pick(t.unit),
    fieldStart,
    fieldList,
    pref: pick(t.pref),
    block: pick(t.block),
    city: pick(t.city),
    online: pick(t.online),
    winStart: pick(t.winStart),
    winEnd: pick(t.winEnd),
  };
}

/** Positions 0 … n−1. */
export function allRows(n: number): Int32Array {
  return Int32Array.from({ length: n }, (_, i) => i);
}

/** One need's values, loaded once and read for every candidate offer. */
export class NeedView {
  row = -1;
  kindKey = 0;
  kind = 0;
  active = 0;
  org = 0;
  start = 0;
  end = 0;
  city = -1;
  pref = -1;
  block = -1;
  online = 0;
  nearLo = 0;
  nearHi = 0;
  fresh = 0;
  capA = 0;
  capB = 0;
  capMin = 0;
  unit = 0;
  winStart = 0;
  winEnd = 0;
  fieldCount = 0;
  /** The need's field indices (the schema allows five; room for more). */
  readonly fields = new Int32Array(64);

  load(t: NeedTable, i: number): this {
    this.row = i;
    this.kindKey = t.kindKey[i]!;
    this.kind = this.kindKey % KIND_COUNT;
    this.active = t.active[i]!;
    this.org = t.org[i]!;
    this.start = t.start[i]!;
    this.end = t.end[i]!;
    this.city = t.city[i]!;
    const p = t.pref[i]!;
    this.pref = p;
    this.block = t.block[i]!;
    this.online = t.online[i]!;
    this.nearLo = p < 0 ? 0 : NEAR_LO[p]!;
    this.nearHi = p < 0 ? 0 : NEAR_HI[p]!;
    this.fresh = t.fresh[i]!;
    this.capA = t.capA[i]!;
    this.capB = t.capB[i]!;
    this.capMin = t.capMin[i]!;
    this.unit = t.unit[i]!;
    this.winStart = t.winStart[i]!;
    this.winEnd = t.winEnd[i]!;
    const from = t.fieldStart[i]!;
    const count = Math.min(this.fields.length, t.fieldStart[i + 1]! - from);
    for (let j = 0; j < count; j++) this.fields[j] = t.fieldList[from + j]!;
    this.fieldCount = count;
    return this;
  }
}
