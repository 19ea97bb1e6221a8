import { KIND_IDS } from '#domain';
import type { MatchingConfig } from './config';
import {
  KIND_COUNT,
  KIND_EMPLOYMENT,
  KIND_FUNDING,
  KIND_GOODS,
  KIND_PUBLICITY,
  KIND_SKILLS,
  KIND_VENUE,
  KIND_VOLUNTEERS,
} from './tables';

// The config as the kernel (kernel.ts) reads it: numbers in flat fields and small typed arrays.

/** The config in the shape the kernel reads: weights normalised to sum 1. */
export interface Kernel {
  readonly wField: number;
  readonly wRegion: number;
  readonly wCapacity: number;
  readonly wTiming: number;
  readonly wFreshness: number;
  readonly fieldExact: number;
  readonly fieldParentChild: number;
  readonly fieldAny: number;
  readonly fieldSiblings: number;
  /** The field factor's best value by relation code (REL_NONE … REL_SAME). */
  readonly fieldByRelation: Float64Array;
  readonly breadth: number;
  /** Per kind code: 1 where the field relation is a hard filter. */
  readonly requireField: Uint8Array;
  /** Whether any kind has the filter: the index then keys offers by field. */
  readonly anyFieldFilter: boolean;
  readonly tierScore: Float64Array;
  readonly minCoverage: Float64Array;
  readonly oversize: number;
  readonly oversizeExponent: number;
  readonly partial: number;
  readonly unknown: number;
  /** The field factor's multiplier by TYPE_* code. */
  readonly typeFit: Float64Array;
  /** minScore in ten-thousandths. */
  readonly minQ: number;
}

export function kernelOf(c: MatchingConfig): Kernel {
  const w = c.weights;
  const sum = w.field + w.region + w.capacity + w.timing + w.freshness;
  const minCoverage = new Float64Array(KIND_COUNT);
  const mc = c.capacity.minCoverage;
  minCoverage[KIND_FUNDING] = mc.funding;
  minCoverage[KIND_VENUE] = mc.venue;
  minCoverage[KIND_EMPLOYMENT] = mc.employment;
  minCoverage[KIND_VOLUNTEERS] = mc.volunteers;
  minCoverage[KIND_SKILLS] = mc.skills;
  minCoverage[KIND_GOODS] = mc.goods;
  minCoverage[KIND_PUBLICITY] = mc.publicity;
  const r = c.region;
  return {
    wField: w.field / sum,
    wRegion: w.region / sum,
    wCapacity: w.capacity / sum,
    wTiming: w.timing / sum,
    wFreshness: w.freshness / sum,
    fieldExact: c.field.exact,
    fieldParentChild: c.field.parentChild,
    fieldAny: c.field.any,
    fieldSiblings: c.field.siblings,
    fieldByRelation: Float64Array.of(0, c.field.siblings, c.field.parentChild, c.field.exact),
    breadth: c.field.breadth,
    requireField: Uint8Array.from(KIND_IDS, (kind) => (c.requireFieldRelation[kind] ? 1 : 0)),
    anyFieldFilter: KIND_IDS.some((kind) => c.requireFieldRelation[kind]),
    tierScore: Float64Array.of(r.municipality, r.prefecture, r.neighbour, r.block, r.nationwide, r.online),
    minCoverage,
    oversize: c.capacity.oversizeRatio,
    oversizeExponent: c.capacity.oversizeExponent,
    partial: c.capacity.partial,
    unknown: c.capacity.unknown,
    typeFit: Float64Array.of(1, 1, c.types.other, c.types.unknown),
    minQ: Math.round(c.minScore * 10_000),
  };
}
