import { isTypedKind, KIND_IDS, RESOURCE_TYPE_IDS, resourceTypeGroup, type TypedKind } from '#domain';

// Types (種類) of skills, goods and venues as bit sets: bit i is the kind's i-th type in the
// taxonomy (shared/domain/data/resource-types.ts). A posting without types has none set.

/** Per kind code, the bits of its `choice` types, its `feature` types and its `other`. */
export const CHOICE_MASK = new Int32Array(KIND_IDS.length);
export const FEATURE_MASK = new Int32Array(KIND_IDS.length);
export const OTHER_MASK = new Int32Array(KIND_IDS.length);
/** Bits the types of any kind can take: 9 at most today. */
export const TYPE_BITS = Math.max(...Object.values(RESOURCE_TYPE_IDS).map((ids) => ids.length));

/** Per kind code, each type id's bit (empty for kinds without types). */
const BIT_OF: readonly Map<string, number>[] = KIND_IDS.map(() => new Map());
KIND_IDS.forEach((kind, code) => {
  if (!isTypedKind(kind)) return;
  RESOURCE_TYPE_IDS[kind].forEach((id, i) => {
    BIT_OF[code]!.set(id, 1 << i);
    if (id === 'other') OTHER_MASK[code] = 1 << i;
    if (resourceTypeGroup(kind, id) === 'feature') FEATURE_MASK[code]! |= 1 << i;
    else CHOICE_MASK[code]! |= 1 << i;
  });
});

/** The bit set of a posting's types (kind by its code); 0 for a kind without types or none listed. */
export function typeBitsOf(kindCode: number, types: readonly string[]): number {
  const bitOf = BIT_OF[kindCode]!;
  let bits = 0;
  for (const id of types) bits |= bitOf.get(id) ?? 0;
  return bits;
}

/** The type ids of a bit set, in the taxonomy's order. */
export function typeIdsOf(kind: TypedKind, bits: number): string[] {
  return RESOURCE_TYPE_IDS[kind].filter((_, i) => ((bits >>> i) & 1) !== 0);
}
