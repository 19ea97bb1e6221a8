import {
  D_CAP_DIM,
  D_CAPACITY,
  D_FIELD,
  D_FIELD_REL,
  D_FRESHNESS,
  D_REGION,
  D_TIER,
  D_TIMING,
  D_TYPE,
  D_VIA,
  D_VIA_COVER,
  R_CAPACITY,
  R_CLOSED,
  R_FIELD,
  R_KIND,
  R_PERIOD,
  R_PLATFORM,
  R_REGION,
  R_SAME_ORG,
  R_TYPE,
  REL_ANY,
  TIER_BLOCK,
  TIER_MUNICIPALITY,
  TIER_NATIONWIDE,
  TIER_NEIGHBOUR,
  TIER_ONLINE,
  TIER_PREFECTURE,
  TYPE_MATCH,
  TYPE_NONE,
  TYPE_OTHER,
  TYPE_UNKNOWN,
} from './kernel-codes';
import type { Kernel } from './kernel-params';
import {
  BLOCKS_SHIFT,
  CAP_B_BITS,
  CAP_B_MASK,
  CHOICE_MASK,
  CITIES_SHIFT,
  F_ACTIVE,
  F_ANY,
  F_KG,
  F_NATIONWIDE,
  F_ONLINE,
  FEATURE_MASK,
  FIELD_WORDS,
  KIND_COUNT,
  KIND_FUNDING,
  KIND_GOODS,
  KIND_SKILLS,
  KIND_VENUE,
  KIND_VOLUNTEERS,
  type NeedView,
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
  O_LISTED_HI,
  O_LISTED_LO,
  O_ORG,
  O_PREF_HI,
  O_PREF_LO,
  O_START,
  type OfferRecords,
  OTHER_MASK,
  PARENT_CHILD_MASK,
  REL_PARENT_CHILD,
  REL_SAME,
  SIBLING_MASK,
} from './tables';

// Scores one (need, offer) pair from the tables: the hard filters, then the five factors. It is
// the only place a score is computed: scorePair, the engine and the brute-force reference all
// call it, so they cannot disagree. Returns the score in ten-thousandths (0‥10000), or a
// negative rejection code.
export * from './kernel-codes';
export * from './kernel-params';

function lowestBit(x: number): number {
  return 31 - Math.clz32(x & -x);
}

/** 1 up to `oversize` times what is needed, then falling: (oversize ÷ ratio) ^ exponent. */
function oversizeFit(ratio: number, k: Kernel): number {
  // Stryker disable next-line EqualityOperator: at ratio = oversize the curve below is 1 too
  if (ratio <= k.oversize) return 1;
  // Stryker disable next-line ConditionalExpression: a fast path, Math.sqrt(x) is x ** 0.5
  return k.oversizeExponent === 0.5
    ? Math.sqrt(k.oversize / ratio)
    : (k.oversize / ratio) ** k.oversizeExponent;
}

/** Which number the last capacityFit compared: 0 none, 1 the main one, 2 the second. */
let lastDim = 0;

/**
 * The capacity factor of an offer (main number `oA`, second number `oB`, `oKg` 1 for kg) for
 * need `n`: offered ÷ needed on the kind's number, −1 when clearly insufficient. Shared by the
 * kernel and the engine's bound on an index entry, so both always agree.
 */
export function capacityFit(n: NeedView, oA: number, oB: number, oKg: number, k: Kernel): number {
  const kind = n.kind;
  const nA = n.capA;
  let ratio = -1;
  let dim = 0;
  let minCoverage = k.minCoverage[kind]!;
  if (kind === KIND_FUNDING) {
    // A stated minimum is the floor (capMin is 0 without one; amounts are at least 1 yen).
    // Without one, the need's own amount sets it (minCoverage.funding), unless the need accepts
    // co-funding: then any amount may be part of it.
    if (oA < n.capMin) return -1;
    ratio = oA / nA;
    dim = 1;
    if (n.capMin > 0 || n.coFunding !== 0) minCoverage = 0;
  } else if (kind === KIND_VOLUNTEERS || kind === KIND_SKILLS) {
    const nB = n.capB;
    if (nA > 0 && oA > 0) {
      ratio = oA / nA;
      dim = 1;
    }
    if (nB > 0 && oB > 0) {
      const rb = oB / nB;
      // On a tie the main number (people) decides.
      if (dim === 0 || rb < ratio) {
        ratio = rb;
        dim = 2;
      }
    }
  } else if (kind === KIND_GOODS) {
    if (n.unit === oKg) {
      ratio = oA / nA;
      dim = 1;
    }
  } else if (nA > 0 && oA > 0) {
    // venue, employment, publicity; `other` has no number (capA 0).
    ratio = oA / nA;
    dim = 1;
  }
  let capacity: number;
  if (dim === 0) capacity = k.unknown;
  else if (ratio < minCoverage) return -1;
  else if (ratio < 1) capacity = k.partial * ratio;
  else capacity = oversizeFit(ratio, k);
  // A venue with fewer sessions a month than the need asks for scales down; unknown (0) does not.
  // Stryker disable next-line EqualityOperator: at oB = nB the factor is 1
  if (kind === KIND_VENUE && oB > 0 && oB < n.capB) capacity *= oB / n.capB;
  lastDim = dim;
  return capacity;
}

/**
 * How need `n`'s types meet an offer's type bits `ot`: a TYPE_* code, or −1 when they cannot
 * (a feature missing, no kind in common and no その他). Shared by the kernel and the scan's
 * bound on an index entry (candidates.ts).
 */
export function typeCodeOf(n: NeedView, ot: number): number {
  const nt = n.types;
  if (nt === 0) return TYPE_NONE;
  if (ot === 0) return TYPE_UNKNOWN;
  const kind = n.kind;
  if ((nt & FEATURE_MASK[kind]! & ~ot) !== 0) return -1;
  const choice = CHOICE_MASK[kind]!;
  const nc = nt & choice;
  const oc = ot & choice;
  if (nc === 0) return TYPE_MATCH;
  if (oc === 0) return TYPE_UNKNOWN;
  if ((nc & oc & ~OTHER_MASK[kind]!) !== 0) return TYPE_MATCH;
  if (((nc | oc) & OTHER_MASK[kind]!) !== 0) return TYPE_OTHER;
  return -1;
}

/**
 * Scores need `n` against offer row `oi`. Writes the factors and the facts' codes into
 * `detail` when one is given.
 */
export function scoreAt(
  n: NeedView,
  o: OfferRecords,
  oi: number,
  k: Kernel,
  detail: Float64Array | null,
): number {
  const ints = o.ints;
  const r = oi * O_INTS;
  // Stryker disable next-line ArithmeticOperator: O_KIND is 0, so r - O_KIND is the same slot
  const kindKey = ints[r + O_KIND]!;
  if (n.kindKey !== kindKey) return n.kindKey % KIND_COUNT === kindKey % KIND_COUNT ? R_PLATFORM : R_KIND;
  const flags = ints[r + O_FLAGS]!;
  if (n.active === 0 || (flags & F_ACTIVE) === 0) return R_CLOSED;
  if (n.org === ints[r + O_ORG]) return R_SAME_ORG;
  const os = ints[r + O_START]!;
  const oe = ints[r + O_END]!;
  if (n.start > oe || os > n.end) return R_PERIOD;

  // Types: every feature the need asks for, and one of its choices in common (or その他).
  const capB = ints[r + O_CAP_B]!;
  const typeCode = typeCodeOf(n, capB >>> CAP_B_BITS);
  if (typeCode < 0) return R_TYPE;

  // Region: the closest element of the service area that covers the need's location.
  // via and viaCover are read only for the tiers that set them (facts.ts: regionFact).
  let tier = -1;
  // Stryker disable next-line UnaryOperator: read only for the tiers that set it
  let via = -1;
  // Stryker disable next-line UnaryOperator: read only for the neighbour tier, which sets it
  let viaCover = -1;
  const city = n.city;
  if (city >= 0) {
    // The listed cities, sorted: the first in the record, the others in cityList (an offer
    // without cities has none there, so the loop does not run).
    if (ints[r + O_FIRST_CITY] === city) {
      tier = TIER_MUNICIPALITY;
      via = city;
    } else {
      const cities = o.cityList;
      const from = ints[r + O_CITY_FROM]!;
      const end = from + (flags >>> CITIES_SHIFT) - 1;
      for (let j = from; j < end; j++) {
        const c = cities[j]!;
        if (c >= city) {
          if (c === city) {
            tier = TIER_MUNICIPALITY;
            via = city;
          }
          break;
        }
      }
    }
  }
  // Every need has a prefecture. Shifts count modulo 32: the high word's bit is `>>> p` too.
  const p = n.pref;
  if (tier < 0) {
    const listed = p < 32 ? (ints[r + O_PREF_LO]! >>> p) & 1 : (ints[r + O_PREF_HI]! >>> p) & 1;
    if (listed !== 0) {
      tier = TIER_PREFECTURE;
      via = p;
    } else {
      const b = n.block;
      const inBlock = (flags >>> (BLOCKS_SHIFT + b)) & 1;
      if (inBlock !== 0 || (flags & F_NATIONWIDE) !== 0) {
        const nearLo = ints[r + O_LISTED_LO]! & n.nearLo;
        const nearHi = ints[r + O_LISTED_HI]! & n.nearHi;
        if (nearLo !== 0 || nearHi !== 0) {
          tier = TIER_NEIGHBOUR;
          // The need's own prefecture (a listed municipality there), else the lowest neighbour.
          const own = p < 32 ? (nearLo >>> p) & 1 : (nearHi >>> p) & 1;
          via = own !== 0 ? p : nearLo !== 0 ? lowestBit(nearLo) : 32 + lowestBit(nearHi);
          viaCover = inBlock !== 0 ? b : -1;
        } else if (inBlock !== 0) {
          tier = TIER_BLOCK;
          via = b;
        } else tier = TIER_NATIONWIDE;
      }
    }
  }
  if (tier < 0) {
    if (n.online !== 0 && (flags & F_ONLINE) !== 0) tier = TIER_ONLINE;
    else return R_REGION;
  }

  // Field: exact > parent/child > any; breadth rewards covering more of the need's fields.
  let field: number;
  let rel: number;
  if ((flags & F_ANY) !== 0) {
    field = k.fieldAny;
    rel = REL_ANY;
  } else {
    let exact = 0;
    let near = 0;
    let sib = 0;
    let covered = 0;
    const fb = r + O_FIELDS;
    const count = n.fieldCount;
    // The taxonomy's 28 fields fit one word and no two share a parent (both asserted in
    // test/unit/domain/taxonomy.test.ts): the word arithmetic and the sibling relation below are
    // unreachable until that changes, and their mutants are marked so. When it changes, remove
    // those marks and test the new cases.
    for (let j = 0; j < count; j++) {
      const f = n.fields[j]!;
      // Stryker disable next-line ArithmeticOperator: one word, f >>> 5 is 0
      if (((ints[fb + (f >>> 5)]! >>> (f & 31)) & 1) !== 0) {
        exact = 1;
        covered++;
        continue;
      }
      let hit = 0;
      let sibHit = 0;
      for (let w = 0; w < FIELD_WORDS; w++) {
        // Stryker disable next-line ArithmeticOperator: one word, w is 0 and FIELD_WORDS 1
        const bits = ints[fb + w]!;
        // Stryker disable next-line ArithmeticOperator: one word, w is 0 and FIELD_WORDS 1
        hit |= bits & PARENT_CHILD_MASK[f * FIELD_WORDS + w]!;
        // Stryker disable next-line ArithmeticOperator,AssignmentOperator: one word; no siblings
        sibHit |= bits & SIBLING_MASK[f * FIELD_WORDS + w]!;
      }
      if (hit !== 0) {
        near = 1;
        covered++;
      } else {
        // Stryker disable next-line ConditionalExpression: no siblings
        if (sibHit !== 0) sib = 1;
      }
    }
    // sib is 0 or 1: REL_NONE or REL_SIBLINGS.
    rel = exact !== 0 ? REL_SAME : near !== 0 ? REL_PARENT_CHILD : sib;
    if (rel < REL_PARENT_CHILD && k.requireField[n.kind] !== 0) return R_FIELD;
    const best = k.fieldByRelation[rel]!;
    // Every need has one to five fields.
    const share = covered / count;
    field = best * (1 - k.breadth + k.breadth * share);
  }
  // What is offered is part of what fits: types that meet only through その他, or are not
  // stated, lower the field factor (docs/matching.md, "Types").
  field *= k.typeFit[typeCode]!;

  // Capacity: offered ÷ needed on the kind's number; clearly insufficient is filtered.
  const capacity = capacityFit(
    n,
    o.f64[(r + O_CAP_A) >> 1]!,
    capB & CAP_B_MASK,
    (flags & F_KG) !== 0 ? 1 : 0,
    k,
  );
  if (capacity < 0) return R_CAPACITY;

  // Timing: the share of the need's window (from today) that the offer's period covers.
  const ws = n.winStart;
  const we = n.winEnd;
  const lo = Math.max(ws, os);
  const hi = Math.min(we, oe);
  const timing = hi < lo ? 0 : (hi - lo + 1) / (we - ws + 1);

  const freshness = (n.fresh + o.f32[r + O_FRESH]!) / 2;
  const region = k.tierScore[tier]!;
  const score =
    k.wField * field +
    k.wRegion * region +
    k.wCapacity * capacity +
    k.wTiming * timing +
    k.wFreshness * freshness;
  if (detail !== null) {
    detail[D_FIELD] = field;
    detail[D_REGION] = region;
    detail[D_CAPACITY] = capacity;
    detail[D_TIMING] = timing;
    detail[D_FRESHNESS] = freshness;
    detail[D_TIER] = tier;
    detail[D_FIELD_REL] = rel;
    detail[D_VIA] = via;
    detail[D_VIA_COVER] = viaCover;
    detail[D_CAP_DIM] = lastDim;
    detail[D_TYPE] = typeCode;
  }
  return Math.round(score * 10_000);
}
