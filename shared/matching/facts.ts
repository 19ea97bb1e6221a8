import { type BlockId, type FieldSlug, isTypedKind, KIND_IDS, type Kind, type TypedKind } from '#domain';
import {
  D_CAP_DIM,
  D_FIELD_REL,
  D_TIER,
  D_TIMING,
  D_TYPE,
  D_VIA,
  D_VIA_COVER,
  REGION_TIERS,
  TYPE_MATCH,
  TYPE_OTHER,
} from './kernel';
import {
  blockAt,
  CAP_B_BITS,
  CAP_B_MASK,
  CHOICE_MASK,
  cityAt,
  F_ANY,
  FEATURE_MASK,
  FIELD_COUNT,
  FIELD_REL,
  fieldSlugAt,
  type NeedView,
  O_CAP_A,
  O_CAP_B,
  O_FIELDS,
  O_FLAGS,
  O_INTS,
  type OfferTable,
  OTHER_MASK,
  prefAt,
  REL_PARENT_CHILD,
  REL_SAME,
  REL_SIBLINGS,
  typeIdsOf,
} from './tables';

// The facts that decided a pair, read from the kernel's detail slots and the offer's record;
// explain.ts writes them as the sentence members read.

export type RegionFact =
  | { readonly tier: 'municipality'; readonly municipality: string }
  | { readonly tier: 'prefecture'; readonly prefecture: string }
  | {
      readonly tier: 'neighbour';
      /** The listed prefecture (or the prefecture of a listed municipality) near the need. */
      readonly prefecture: string;
      readonly needPrefecture: string;
      /** The block that covers the need; absent when nationwide does. */
      readonly block?: BlockId;
    }
  | { readonly tier: 'block'; readonly block: BlockId }
  | { readonly tier: 'nationwide' }
  | { readonly tier: 'online' };

export type FieldFact =
  | { readonly relation: 'same'; readonly fields: readonly FieldSlug[] }
  | {
      readonly relation: 'parent_child' | 'siblings';
      readonly needField: FieldSlug;
      readonly offerField: FieldSlug;
    }
  | { readonly relation: 'any' }
  | { readonly relation: 'none' };

export type CapacityMeasure =
  | 'seats'
  | 'positions'
  | 'people'
  | 'hoursPerMonth'
  | 'amountJpy'
  | 'quantity'
  | 'reach';

export interface CapacityFact {
  readonly measure: CapacityMeasure;
  readonly offered: number;
  readonly needed: number;
  readonly unit?: 'units' | 'kg';
  /** funding: the need's minimum. */
  readonly minimum?: number;
  /** funding: the offer covers part, and the need accepts other funders beside it. */
  readonly coFunding?: true;
  /** venue: present when the offer has fewer sessions per month than wanted. */
  readonly sessions?: { readonly offered: number; readonly needed: number };
}

/**
 * How the types met, when the need lists any: `match` with the need's types the offer has (its
 * choices in common, then the features it asked for), `other` through その他, `unknown` when
 * the offer does not say.
 */
export type TypeFact =
  | { readonly match: 'match'; readonly kind: TypedKind; readonly types: readonly string[] }
  | { readonly match: 'other' | 'unknown'; readonly kind: TypedKind };

export interface MatchFacts {
  readonly kind: Kind;
  /** Absent when the need lists no types (or its kind has none). */
  readonly types?: TypeFact;
  readonly region: RegionFact;
  readonly field: FieldFact;
  /** Null when the kind has no numbers to compare. */
  readonly capacity: CapacityFact | null;
  /** Share of the need's period (from today) the offer's period covers, 4 decimals. */
  readonly timingCoverage: number;
}

export function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

function regionFact(v: NeedView, detail: Float64Array): RegionFact {
  const tier = REGION_TIERS[detail[D_TIER]!]!;
  const via = detail[D_VIA]!;
  switch (tier) {
    case 'municipality':
      return { tier, municipality: cityAt(via) };
    case 'prefecture':
      return { tier, prefecture: prefAt(via) };
    case 'neighbour': {
      const cover = detail[D_VIA_COVER]!;
      const fact = { tier, prefecture: prefAt(via), needPrefecture: prefAt(v.pref) };
      return cover >= 0 ? { ...fact, block: blockAt(cover) } : fact;
    }
    case 'block':
      return { tier, block: blockAt(via) };
    case 'nationwide':
    case 'online':
      return { tier };
  }
}

function hasField(o: OfferTable, r: number, f: number): boolean {
  return ((o.ints[r + O_FIELDS + (f >>> 5)]! >>> (f & 31)) & 1) !== 0;
}

/** Fields in the need's order; for a partial relation, the first pair (need order, taxonomy order). */
function fieldFact(v: NeedView, o: OfferTable, r: number, rel: number): FieldFact {
  if ((o.ints[r + O_FLAGS]! & F_ANY) !== 0) return { relation: 'any' };
  if (rel === REL_SAME) {
    const fields: FieldSlug[] = [];
    for (let j = 0; j < v.fieldCount; j++)
      if (hasField(o, r, v.fields[j]!)) fields.push(fieldSlugAt(v.fields[j]!));
    return { relation: 'same', fields };
  }
  if (rel === REL_PARENT_CHILD || rel === REL_SIBLINGS) {
    const relation = rel === REL_PARENT_CHILD ? 'parent_child' : 'siblings';
    for (let j = 0; j < v.fieldCount; j++) {
      const a = v.fields[j]!;
      for (let b = 0; b < FIELD_COUNT; b++) {
        if (hasField(o, r, b) && FIELD_REL[a * FIELD_COUNT + b] === rel) {
          return { relation, needField: fieldSlugAt(a), offerField: fieldSlugAt(b) };
        }
      }
    }
  }
  return { relation: 'none' };
}

function capacityFact(v: NeedView, o: OfferTable, r: number, dim: number): CapacityFact | null {
  if (dim === 0) return null;
  const offeredA = o.f64[(r + O_CAP_A) >> 1]!;
  const offeredB = o.ints[r + O_CAP_B]! & CAP_B_MASK;
  switch (KIND_IDS[v.kind]) {
    case 'venue': {
      const fact = { measure: 'seats' as const, offered: offeredA, needed: v.capA };
      return offeredB > 0 && offeredB < v.capB
        ? { ...fact, sessions: { offered: offeredB, needed: v.capB } }
        : fact;
    }
    case 'funding': {
      const fact = { measure: 'amountJpy' as const, offered: offeredA, needed: v.capA };
      const stated = v.capMin > 0 ? { ...fact, minimum: v.capMin } : fact;
      return v.coFunding !== 0 && offeredA < v.capA ? { ...stated, coFunding: true } : stated;
    }
    case 'employment':
      return { measure: 'positions', offered: offeredA, needed: v.capA };
    case 'volunteers':
    case 'skills':
      return dim === 1
        ? { measure: 'people', offered: offeredA, needed: v.capA }
        : { measure: 'hoursPerMonth', offered: offeredB, needed: v.capB };
    case 'goods':
      return { measure: 'quantity', offered: offeredA, needed: v.capA, unit: v.unit === 1 ? 'kg' : 'units' };
    case 'publicity':
      return { measure: 'reach', offered: offeredA, needed: v.capA };
    default:
      return null;
  }
}

function typeFact(v: NeedView, o: OfferTable, r: number, code: number): TypeFact | undefined {
  const kind = KIND_IDS[v.kind]!;
  if (!isTypedKind(kind) || v.types === 0) return undefined;
  if (code === TYPE_MATCH) {
    const offered = o.ints[r + O_CAP_B]! >>> CAP_B_BITS;
    const choices = v.types & offered & CHOICE_MASK[v.kind]! & ~OTHER_MASK[v.kind]!;
    const features = v.types & FEATURE_MASK[v.kind]!;
    return { match: 'match', kind, types: [...typeIdsOf(kind, choices), ...typeIdsOf(kind, features)] };
  }
  return { match: code === TYPE_OTHER ? 'other' : 'unknown', kind };
}

/** The facts behind a scored pair: need `v`, offer row `oi`, and the kernel's detail slots. */
export function factsOf(v: NeedView, o: OfferTable, oi: number, detail: Float64Array): MatchFacts {
  const r = oi * O_INTS;
  const facts: MatchFacts = {
    kind: KIND_IDS[v.kind]!,
    region: regionFact(v, detail),
    field: fieldFact(v, o, r, detail[D_FIELD_REL]!),
    capacity: capacityFact(v, o, r, detail[D_CAP_DIM]!),
    timingCoverage: round4(detail[D_TIMING]!),
  };
  const types = typeFact(v, o, r, detail[D_TYPE]!);
  return types === undefined ? facts : { ...facts, types };
}
