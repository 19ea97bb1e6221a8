import type { MatchingConfig } from './config';
import {
  capacityFit,
  type Kernel,
  kernelOf,
  REJECTIONS,
  scoreAt,
  TIER_MUNICIPALITY,
  TIER_NEIGHBOUR,
  TIER_ONLINE,
  TIER_PREFECTURE,
} from './kernel';
import {
  ANY_FIELD,
  BLOCK_COUNT,
  BLOCKS_SHIFT,
  CITIES_SHIFT,
  CITY_COUNT,
  F_ANY,
  F_KG,
  F_NATIONWIDE,
  F_ONLINE,
  FIELD_COUNT,
  type IdSpace,
  KIND_COUNT,
  KIND_OTHER,
  type NeedTable,
  NeedView,
  O_CAP_A,
  O_CAP_B,
  O_CITY_FROM,
  O_END,
  O_FIELDS,
  O_FIRST_CITY,
  O_FLAGS,
  O_FRESH,
  O_INTS,
  O_KIND,
  O_PREF_HI,
  O_PREF_LO,
  O_START,
  type OfferTable,
  PREF_COUNT,
  RELATED_FIELD_KEYS,
} from './tables';

// Candidate generation: an inverted index of offers by (kind, region, field), and the scan of
// one need's lists into its short list of the best `candidatesPerNeed` pairs. Lists and entries
// whose score bound cannot beat the short list are skipped, so a need with thousands of
// plausible offers scores only a few hundred of them; the short list is still exactly the one
// scoring every pair would give. See docs/matching.md.

// Region keys of the index: city keys, then prefectures, blocks, nationwide, online.
const RK_PREF = CITY_COUNT;
const RK_BLOCK = RK_PREF + PREF_COUNT;
const RK_NATIONWIDE = RK_BLOCK + BLOCK_COUNT;
const RK_ONLINE = RK_NATIONWIDE + 1;
const REGION_KEYS = RK_ONLINE + 1;

/** Int32 slots per row of CandidateScan.rowBound; the kg flag of its fourth slot. */
const RB = 6;
const KG_BIT = 1 << 30;

const CAPACITY = REJECTIONS.indexOf('capacity');
/** Codes of earlier decisions on a pair. */
export const DECLINED = 1;
export const PROPOSED = 2;

interface OfferIndex {
  /** Rows under key k are entries[offsets[k] .. offsets[k+1]), freshest first. */
  readonly offsets: Int32Array;
  readonly entries: Int32Array;
}

const scratchRegions: number[] = [];
const scratchFields: number[] = [];

/**
 * The index keys of an offer row: every (kind, region, field) it can be found under. With
 * field blocking off (requireFieldRelation false) the field key is always 0.
 */
function offerKeys(o: OfferTable, oi: number, fieldKeys: number, out: number[]): number {
  const ints = o.ints;
  const r = oi * O_INTS;
  const kind = ints[r + O_KIND]! % KIND_COUNT;
  const flags = ints[r + O_FLAGS]!;
  const rk = scratchRegions;
  let regions = 0;
  const cityCount = flags >>> CITIES_SHIFT;
  if (cityCount > 0) rk[regions++] = ints[r + O_FIRST_CITY]!;
  for (let j = 0; j < cityCount - 1; j++) rk[regions++] = o.cityList[ints[r + O_CITY_FROM]! + j]!;
  for (let p = 0; p < PREF_COUNT; p++) {
    const bit = p < 32 ? (ints[r + O_PREF_LO]! >>> p) & 1 : (ints[r + O_PREF_HI]! >>> (p - 32)) & 1;
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
    for (let f = 0; f < FIELD_COUNT; f++) {
      if (((ints[r + O_FIELDS + (f >>> 5)]! >>> (f & 31)) & 1) !== 0) fk[fields++] = f;
    }
  }
  let n = 0;
  for (let i = 0; i < regions; i++) {
    for (let j = 0; j < fields; j++) out[n++] = (kind * REGION_KEYS + rk[i]!) * fieldKeys + fk[j]!;
  }
  return n;
}

function buildIndex(
  o: OfferTable,
  from: number,
  to: number,
  fieldKeys: number,
  rowBound: Int32Array,
): OfferIndex {
  const slots = KIND_COUNT * REGION_KEYS * fieldKeys;
  const offsets = new Int32Array(slots + 1);
  const keys: number[] = [];
  let total = 0;
  for (let oi = from; oi < to; oi++) {
    const n = offerKeys(o, oi, fieldKeys, keys);
    for (let j = 0; j < n; j++) offsets[keys[j]! + 1]!++;
    total += n;
  }
  for (let s = 0; s < slots; s++) offsets[s + 1]! += offsets[s]!;
  const cursor = offsets.slice(0, slots);
  const entries = new Int32Array(total);
  // Fill every list freshest first (then by row): a scan can stop at the first entry that even
  // perfect capacity and timing cannot lift into the short list.
  const count = to - from;
  const order = new Float64Array(count);
  for (let i = 0; i < count; i++) order[i] = (100_000 - rowBound[(from + i) * RB + 2]!) * count + i;
  order.sort();
  for (let x = 0; x < count; x++) {
    const oi = from + (order[x]! % count);
    const n = offerKeys(o, oi, fieldKeys, keys);
    for (let j = 0; j < n; j++) entries[cursor[keys[j]!]!++] = oi;
  }
  return { offsets, entries };
}

/**
 * Offer positions (into `byId`, i.e. ranks) in an order that keeps the offers of one index list
 * close in memory: by platform and kind, then the broadest area they list.
 */
export function localityOrder(t: OfferTable, byId: Int32Array): Int32Array {
  const n = byId.length;
  const keys = new Float64Array(n);
  const ints = t.ints;
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
    keys[p] = (ints[r + O_KIND]! * 5 * 4096 + area) * n + p;
  }
  keys.sort();
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = keys[i]! % n;
  return order;
}

export class CandidateScan {
  readonly kernel: Kernel;
  /** Short-list length per need. */
  readonly top: number;
  readonly fieldKeys: number;
  readonly indexes = new Map<number, OfferIndex>();
  readonly stamps: Int32Array;
  stamp = 0;
  /**
   * Per offer row, 24 bytes that bound its score without its 64-byte record: start, end,
   * freshness term ×10⁴ rounded down, second capacity number | kg << 30, main number (float64).
   */
  readonly rowBound: Int32Array;
  readonly rowBound64: Float64Array;
  readonly view = new NeedView();
  // Short lists, best first: topQ/topO[ni * top + j], j < count[ni].
  readonly topQ: Int32Array;
  readonly topO: Int32Array;
  readonly count: Int32Array;
  // Scratch heap of a scan: the worst of the short list at the root.
  readonly hq: Int32Array;
  readonly ho: Int32Array;
  /** The need's lists to visit: index key and score bound (×10⁴), best bound first. */
  readonly listKey: Float64Array;
  readonly listBound: Int32Array;
  /** The bound without the offer's capacity, timing and freshness terms (×10⁴, rounded up). */
  readonly listPart: Int32Array;
  lists = 0;
  readonly fieldKey = new Int32Array(FIELD_COUNT + 1);
  readonly fieldBound = new Float64Array(FIELD_COUNT + 1);
  /** Sum of the lengths of the lists of every need: pairs the index could produce (with repeats). */
  indexedPairs = 0;
  /** Lists skipped because their bound could not beat the short list. */
  skippedLists = 0;
  /** Entries skipped because their own bound could not. */
  skippedEntries = 0;
  candidatePairs = 0;
  scoredPairs = 0;
  belowMin = 0;
  declined = 0;
  alreadyProposed = 0;
  readonly rejected = new Float64Array(REJECTIONS.length);

  constructor(
    readonly n: NeedTable,
    readonly o: OfferTable,
    config: MatchingConfig,
    readonly decisions: readonly (readonly number[] | undefined)[],
    platformRows: Iterable<[number, number]>,
  ) {
    this.kernel = kernelOf(config);
    this.top = Math.max(config.proposalsPerNeed, config.candidatesPerNeed);
    this.fieldKeys = config.requireFieldRelation ? FIELD_COUNT + 1 : 1;
    this.stamps = new Int32Array(o.size);
    this.rowBound = new Int32Array(o.size * RB);
    this.rowBound64 = new Float64Array(this.rowBound.buffer);
    for (let oi = 0; oi < o.size; oi++) {
      const r = oi * O_INTS;
      const b = oi * RB;
      this.rowBound[b] = o.ints[r + O_START]!;
      this.rowBound[b + 1] = o.ints[r + O_END]!;
      this.rowBound[b + 2] = (((this.kernel.wFreshness * o.f32[r + O_FRESH]!) / 2) * 10_000) | 0;
      this.rowBound[b + 3] = o.ints[r + O_CAP_B]! | ((o.ints[r + O_FLAGS]! & F_KG) !== 0 ? KG_BIT : 0);
      this.rowBound64[(b + 4) >> 1] = o.f64[(r + O_CAP_A) >> 1]!;
    }
    this.topQ = new Int32Array(n.size * this.top);
    this.topO = new Int32Array(n.size * this.top);
    this.count = new Int32Array(n.size);
    this.hq = new Int32Array(this.top);
    this.ho = new Int32Array(this.top);
    this.listKey = new Float64Array(5 * (FIELD_COUNT + 1));
    this.listBound = new Int32Array(5 * (FIELD_COUNT + 1));
    this.listPart = new Int32Array(5 * (FIELD_COUNT + 1));
    for (const [from, to] of platformRows) {
      const platform = Math.floor(o.ints[from * O_INTS + O_KIND]! / KIND_COUNT);
      this.indexes.set(platform, buildIndex(o, from, to, this.fieldKeys, this.rowBound));
    }
  }

  /**
   * Lists the index keys of a need with an upper bound of the score of any offer found under
   * each: the region key bounds the region factor (a block or nationwide list may hold
   * neighbours), the field key the field factor (the need's own field: exact; a related one:
   * parent/child; any), capacity and timing count as perfect, freshness as a new offer. An offer
   * sits in the list of its own best tier and relation, so its score never exceeds the bound of
   * that list. Sorted best bound first. Undefined when the need's platform has no offers.
   */
  private listsOf(v: NeedView): OfferIndex | undefined {
    const index = this.indexes.get(Math.floor(v.kindKey / KIND_COUNT));
    if (index === undefined) return undefined;
    const k = this.kernel;
    // Field keys and the bound of the field factor under each.
    const fk = this.fieldKey;
    const fb = this.fieldBound;
    let fields = 0;
    if (this.fieldKeys === 1) {
      fk[0] = 0;
      fb[0] = k.fieldExact;
      fields = 1;
    } else {
      fk[fields] = ANY_FIELD;
      fb[fields++] = k.fieldAny;
      for (let j = 0; j < v.fieldCount; j++) {
        const f = v.fields[j]!;
        if (listed(fk, fields, f)) continue;
        fk[fields] = f;
        fb[fields++] = k.fieldExact;
      }
      for (let j = 0; j < v.fieldCount; j++) {
        for (const f of RELATED_FIELD_KEYS[v.fields[j]!]!) {
          if (listed(fk, fields, f)) continue;
          fk[fields] = f;
          fb[fields++] = k.fieldParentChild;
        }
      }
    }
    const base = (k.wFreshness * v.fresh) / 2;
    const offerTerms = k.wCapacity * (v.kind === KIND_OTHER ? k.unknown : 1) + k.wTiming + k.wFreshness / 2;
    const t = k.tierScore;
    let n = 0;
    const add = (region: number, tierBound: number) => {
      for (let j = 0; j < fields; j++) {
        const part = base + k.wRegion * tierBound + k.wField * fb[j]!;
        this.listKey[n] = (v.kind * REGION_KEYS + region) * this.fieldKeys + fk[j]!;
        this.listPart[n] = Math.ceil(part * 10_000) + 1;
        this.listBound[n++] = Math.ceil((part + offerTerms) * 10_000) + 1;
      }
    };
    if (v.city >= 0) add(v.city, t[TIER_MUNICIPALITY]!);
    if (v.pref >= 0) {
      add(RK_PREF + v.pref, t[TIER_PREFECTURE]!);
      // A block or nationwide offer may list a neighbouring prefecture.
      add(RK_BLOCK + v.block, t[TIER_NEIGHBOUR]!);
    }
    add(RK_NATIONWIDE, t[TIER_NEIGHBOUR]!);
    if (v.online !== 0) add(RK_ONLINE, t[TIER_ONLINE]!);
    this.lists = n;
    // Insertion sort, best bound first (a few dozen lists; ties keep their order).
    for (let i = 1; i < n; i++) {
      const key = this.listKey[i]!;
      const bound = this.listBound[i]!;
      const part = this.listPart[i]!;
      let j = i - 1;
      while (j >= 0 && this.listBound[j]! < bound) {
        this.listKey[j + 1] = this.listKey[j]!;
        this.listBound[j + 1] = this.listBound[j]!;
        this.listPart[j + 1] = this.listPart[j]!;
        j--;
      }
      this.listKey[j + 1] = key;
      this.listBound[j + 1] = bound;
      this.listPart[j + 1] = part;
    }
    return index;
  }

  /**
   * Scores the candidates of need `ni` and keeps the best `top` (score desc, offer id asc). A
   * list whose bound is below the worst of a full short list (or below minScore) cannot change
   * it and is skipped.
   */
  scan(ni: number): void {
    const v = this.view.load(this.n, ni);
    if (v.active === 0) return;
    const index = this.listsOf(v);
    if (index === undefined) return;
    const { o, kernel, stamps, hq, ho, top } = this;
    const rank = o.rank;
    const stamp = ++this.stamp;
    const minQ = kernel.minQ;
    const decided = this.decisions[ni];
    const { offsets, entries } = index;
    const { rowBound, rowBound64 } = this;
    const capacityScale = kernel.wCapacity * 10_000;
    const capacityMax = Math.floor(capacityScale * (v.kind === KIND_OTHER ? kernel.unknown : 1));
    const ws = v.winStart;
    const we = v.winEnd;
    const timingScale = (kernel.wTiming * 10_000) / (we - ws + 1);
    const timingMax = Math.floor(kernel.wTiming * 10_000);
    let h = 0;
    let candidates = 0;
    let scored = 0;
    let skipped = 0;
    for (let l = 0; l < this.lists; l++) {
      const key = this.listKey[l]!;
      const from = offsets[key]!;
      const to = offsets[key + 1]!;
      this.indexedPairs += to - from;
      const bound = this.listBound[l]!;
      if (bound < minQ || (h === top && bound < hq[0]!)) {
        if (to > from) this.skippedLists++;
        continue;
      }
      const part = this.listPart[l]! + 3;
      for (let j = from; j < to; j++) {
        // The entry's own bound: exact capacity, timing and freshness terms (each rounded up by
        // adding 1 to its integer part), region and field as the list's. Entries are freshest
        // first: once one fails even with perfect capacity and timing, so do all after it.
        const oi = entries[j]!;
        const b = oi * RB;
        const thr = h === top ? hq[0]! : minQ;
        const fresh = rowBound[b + 2]!;
        if (part + capacityMax + timingMax + fresh < thr) {
          skipped += to - j;
          break;
        }
        const lo = Math.max(ws, rowBound[b]!);
        const hi = Math.min(we, rowBound[b + 1]!);
        const timing = hi < lo ? 0 : ((hi - lo + 1) * timingScale) | 0;
        if (part + capacityMax + timing + fresh < thr) {
          skipped++;
          continue;
        }
        if (stamps[oi] === stamp) continue;
        const capB = rowBound[b + 3]!;
        const fit = capacityFit(v, rowBound64[(b + 4) >> 1]!, capB & ~KG_BIT, capB >>> 30, kernel);
        if (fit < 0) {
          // Clearly insufficient: the kernel would say so too.
          stamps[oi] = stamp;
          candidates++;
          this.rejected[CAPACITY]!++;
          continue;
        }
        if (part + ((fit * capacityScale) | 0) + timing + fresh < thr) {
          skipped++;
          continue;
        }
        stamps[oi] = stamp;
        candidates++;
        const q = scoreAt(v, o, oi, kernel, null);
        if (q < minQ) {
          if (q < 0) this.rejected[-q - 1]!++;
          else this.belowMin++;
          continue;
        }
        if (decided !== undefined) {
          let d = 0;
          for (let i = 0; i < decided.length; i += 2) if (decided[i] === oi) d = decided[i + 1]!;
          if (d !== 0) {
            if (d === DECLINED) this.declined++;
            else this.alreadyProposed++;
            continue;
          }
        }
        scored++;
        if (h < top) {
          // Sift up: the root stays the worst (lowest score, then latest id).
          let i = h++;
          while (i > 0) {
            const parent = (i - 1) >> 1;
            const pq = hq[parent]!;
            if (q < pq || (q === pq && rank[oi]! > rank[ho[parent]!]!)) {
              hq[i] = pq;
              ho[i] = ho[parent]!;
              i = parent;
            } else break;
          }
          hq[i] = q;
          ho[i] = oi;
        } else if (q > hq[0]! || (q === hq[0]! && rank[oi]! < rank[ho[0]!]!)) {
          siftDown(hq, ho, rank, h, q, oi);
        }
      }
    }
    this.candidatePairs += candidates;
    this.scoredPairs += scored;
    this.skippedEntries += skipped;
    // Pop the worst first into the back: the short list ends up best first.
    const base = ni * top;
    for (let pos = h - 1; pos >= 0; pos--) {
      this.topQ[base + pos] = hq[0]!;
      this.topO[base + pos] = ho[0]!;
      siftDown(hq, ho, rank, pos, hq[pos]!, ho[pos]!);
    }
    this.count[ni] = h;
  }
}

function listed(keys: Int32Array, count: number, key: number): boolean {
  for (let i = 0; i < count; i++) if (keys[i] === key) return true;
  return false;
}

/** Replaces the root of a worst-first heap of `size` entries with (q, oi) and restores it. */
function siftDown(
  hq: Int32Array,
  ho: Int32Array,
  rank: Int32Array,
  size: number,
  q: number,
  oi: number,
): void {
  let i = 0;
  const r = rank[oi]!;
  for (;;) {
    let c = 2 * i + 1;
    if (c >= size) break;
    const d = c + 1;
    if (d < size && (hq[d]! < hq[c]! || (hq[d] === hq[c] && rank[ho[d]!]! > rank[ho[c]!]!))) c = d;
    const cq = hq[c]!;
    if (cq < q || (cq === q && rank[ho[c]!]! > r)) {
      hq[i] = cq;
      ho[i] = ho[c]!;
      i = c;
    } else break;
  }
  hq[i] = q;
  ho[i] = oi;
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
  for (let i = 0; i < n; i++) {
    const kindKey = t.kindKey[i]!;
    const group = platformRank[Math.floor(kindKey / KIND_COUNT)]! * KIND_COUNT + (kindKey % KIND_COUNT);
    const place = (t.pref[i]! + 1) * 4096 + (t.city[i]! + 1); // < 2¹⁸
    keys[i] = (group * 262_144 + place) * n + i;
  }
  keys.sort();
  return Int32Array.from(keys, (k) => k % n);
}
