import { type Kernel, TIER_MUNICIPALITY, TIER_NEIGHBOUR, TIER_ONLINE, TIER_PREFECTURE } from './kernel';
import { REGION_KEYS, RK_BLOCK, RK_NATIONWIDE, RK_ONLINE, RK_PREF } from './offer-index';
import { ANY_FIELD, FIELD_COUNT, KIND_OTHER, type NeedView, RELATED_FIELD_KEYS } from './tables';

// The lists of the offer index (offer-index.ts) that one need reads, each with an upper bound of
// the score of any offer in it, best first: the order and the bounds by which the scan
// (candidates.ts) skips what cannot make the need's short list. See docs/matching.md.

// At most five places (municipality, prefecture, block, nationwide, online) × every field key.
// A need reads fewer than 20 field keys (any, its 5 fields and their relatives), so the sizes
// below, which hold every field key, have room to spare.
// Stryker disable next-line ArithmeticOperator: see above
const MAX_LISTS = 5 * (FIELD_COUNT + 1);

export class NeedLists {
  /** Index key of each list, best bound first. */
  readonly key = new Float64Array(MAX_LISTS);
  /** Score bound of each list (×10⁴, rounded up, plus 1). */
  readonly bound = new Int32Array(MAX_LISTS);
  /** The bound without the offer's capacity, timing and freshness terms (×10⁴, rounded up, plus 1). */
  readonly part = new Int32Array(MAX_LISTS);
  /** The field term of the bound (×10⁴): types that meet less than fully scale it (kernel.ts). */
  readonly fieldTerm = new Float64Array(MAX_LISTS);
  count = 0;
  // Stryker disable next-line ArithmeticOperator: see MAX_LISTS
  private readonly fieldKey = new Int32Array(FIELD_COUNT + 1);
  // Stryker disable next-line ArithmeticOperator: see MAX_LISTS
  private readonly fieldBound = new Float64Array(FIELD_COUNT + 1);

  constructor(
    private readonly kernel: Kernel,
    /** FIELD_COUNT + 1 with field blocking (requireFieldRelation), else 1. */
    private readonly fieldKeys: number,
  ) {}

  /**
   * Lists the index keys of a need with an upper bound of the score of any offer found under
   * each: the region key bounds the region factor (a block or nationwide list may hold
   * neighbours), the field key the field factor (the need's own field: exact; a related one:
   * parent/child; any), capacity and timing count as perfect, freshness as a new offer. An offer
   * sits in the list of its own best tier and relation, so its score never exceeds the bound of
   * that list. Sorted best bound first.
   */
  load(v: NeedView): void {
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
      // A need's fields are distinct (the schema's list is unique).
      for (let j = 0; j < v.fieldCount; j++) {
        fk[fields] = v.fields[j]!;
        fb[fields++] = k.fieldExact;
      }
      for (let j = 0; j < v.fieldCount; j++) {
        for (const f of RELATED_FIELD_KEYS[v.fields[j]!]!) {
          if (listed(fk, fields, f)) continue;
          fk[fields] = f;
          fb[fields++] = k.fieldParentChild;
        }
      }
      // Where the field only scores (a venue, goods, publicity), every other field's list too,
      // bounded by the best an unrelated field can give (siblings ≥ none): those lists come
      // last and are skipped once the short list is full of better pairs.
      if (k.requireField[v.kind] === 0) {
        for (let f = 0; f < FIELD_COUNT; f++) {
          if (listed(fk, fields, f)) continue;
          fk[fields] = f;
          fb[fields++] = k.fieldSiblings;
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
        this.key[n] = (v.kind * REGION_KEYS + region) * this.fieldKeys + fk[j]!;
        this.part[n] = Math.ceil(part * 10_000) + 1;
        this.fieldTerm[n] = k.wField * fb[j]! * 10_000;
        this.bound[n++] = Math.ceil((part + offerTerms) * 10_000) + 1;
      }
    };
    if (v.city >= 0) add(v.city, t[TIER_MUNICIPALITY]!);
    // Every need has a prefecture. A block or nationwide offer may list a neighbouring prefecture.
    add(RK_PREF + v.pref, t[TIER_PREFECTURE]!);
    add(RK_BLOCK + v.block, t[TIER_NEIGHBOUR]!);
    add(RK_NATIONWIDE, t[TIER_NEIGHBOUR]!);
    if (v.online !== 0) add(RK_ONLINE, t[TIER_ONLINE]!);
    this.count = n;
    // Insertion sort, best bound first (a few dozen lists; ties keep their order).
    for (let i = 1; i < n; i++) {
      const key = this.key[i]!;
      const bound = this.bound[i]!;
      const part = this.part[i]!;
      const fieldTerm = this.fieldTerm[i]!;
      let j = i - 1;
      while (
        // Stryker disable next-line ConditionalExpression: at j = −1 the typed array reads undefined, which compares false
        j >= 0 &&
        // Stryker disable next-line EqualityOperator: lists of equal bound may be read in either order: the short list is the same (ties go by offer rank, not by the order read)
        this.bound[j]! < bound
      ) {
        this.key[j + 1] = this.key[j]!;
        this.bound[j + 1] = this.bound[j]!;
        this.part[j + 1] = this.part[j]!;
        this.fieldTerm[j + 1] = this.fieldTerm[j]!;
        j--;
      }
      this.key[j + 1] = key;
      this.bound[j + 1] = bound;
      this.part[j + 1] = part;
      this.fieldTerm[j + 1] = fieldTerm;
    }
  }
}

function listed(keys: Int32Array, count: number, key: number): boolean {
  for (let i = 0; i < count; i++) if (keys[i] === key) return true;
  return false;
}
