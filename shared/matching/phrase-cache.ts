import { type FieldSlug, KIND_IDS, type Kind } from '#domain';
import type { FieldFact, RegionFact } from './facts';
import { blockIndexOf, fieldIndexOf } from './tables';

// The phrases a round has written (explain.ts), by a number derived from the facts.

/** One language's phrases, by key. */
interface Phrases {
  readonly region: Map<number, string>;
  readonly field: Map<number, string>;
}

/**
 * Phrases already written in a round: regions and fields repeat across proposals, so a round
 * writes each once per language. Keys are numbers derived from the facts (no string is built to
 * look up); two facts with different phrases never share a key.
 */
export class PhraseCache {
  readonly ja: Phrases = { region: new Map(), field: new Map() };
  readonly en: Phrases = { region: new Map(), field: new Map() };
}

const TIER_INDEX: Record<RegionFact['tier'], number> = {
  municipality: 0,
  prefecture: 1,
  neighbour: 2,
  block: 3,
  nationwide: 4,
  online: 5,
};

export function regionKey(r: RegionFact): number {
  switch (r.tier) {
    case 'municipality':
      return TIER_INDEX[r.tier] + Number(r.municipality) * 6;
    case 'prefecture':
      return TIER_INDEX[r.tier] + Number(r.prefecture) * 6;
    case 'neighbour':
      return (
        TIER_INDEX[r.tier] +
        (Number(r.prefecture) +
          // Stryker disable next-line ConditionalExpression: blockIndexOf of no block is −1, and + 1 gives the same 0
          100 * (Number(r.needPrefecture) + 100 * (r.block === undefined ? 0 : blockIndexOf(r.block) + 1))) *
          6
      );
    case 'block':
      return TIER_INDEX[r.tier] + blockIndexOf(r.block) * 6;
    default:
      // Nationwide and online: the phrase names no place.
      return TIER_INDEX[r.tier];
  }
}

/** The need's field and the offer's, one number (fewer than 64 fields in the taxonomy). */
function pairIndex(f: { readonly needField: FieldSlug; readonly offerField: FieldSlug }): number {
  return fieldIndexOf(f.needField) * 64 + fieldIndexOf(f.offerField);
}

/** −1 when the fields do not fit a number: more than 8 common fields (a need has at most 5). */
export function fieldKey(f: FieldFact, kind: Kind): number {
  switch (f.relation) {
    case 'same': {
      // In order, as the phrase lists them: one base-64 digit (index + 1) per field.
      if (f.fields.length > 8) return -1;
      let digits = 0;
      for (const slug of f.fields) digits = digits * 64 + fieldIndexOf(slug) + 1;
      return digits * 4;
    }
    case 'parent_child':
      return 1 + pairIndex(f) * 4;
    case 'siblings':
      return 2 + pairIndex(f) * 4;
    case 'any':
      return 3;
    case 'none':
      // The phrase depends on the kind (explain.ts): 7, 11, 15, … never 3 (any).
      return 7 + 4 * KIND_IDS.indexOf(kind);
  }
}

export function cached(map: Map<number, string>, key: number, write: () => string): string {
  if (key < 0) return write();
  let phrase = map.get(key);
  if (phrase === undefined) {
    phrase = write();
    map.set(key, phrase);
  }
  return phrase;
}
