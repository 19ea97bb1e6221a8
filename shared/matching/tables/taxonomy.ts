import { FIELD_SLUGS, type FieldSlug, fieldRelation, KIND_IDS, type Kind } from '#domain';

// Kinds and fields as small integers; fields as bit sets, with their relations (same, parent and
// child, siblings) from the taxonomy.

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
export const fieldIndex = new Map<string, number>(FIELD_SLUGS.map((s, i) => [s, i]));

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
