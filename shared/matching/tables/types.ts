import {
  isTypedKind,
  KIND_IDS,
  type Kind,
  RESOURCE_TYPE_IDS,
  resourceTypeGroup,
  type TypedKind,
} from '#domain';

// Types (種類) of skills, goods and venues as bit sets: bit i is the kind's i-th type in the
// taxonomy (shared/domain/data/resource-types.ts). A posting without types has none set.

/** Per kind code, the bits of its `choice` types, its `feature` types and its `other`. */
export const CHOICE_MASK = new Int32Array(KIND_IDS.length);
export const FEATURE_MASK = new Int32Array(KIND_IDS.length);
export const OTHER_MASK = new Int32Array(KIND_IDS.length);
/** Bits the types of any kind can take: 9 at most today. */
export const TYPE_BITS = Math.max(...Object.values(RESOURCE_TYPE_IDS).map((ids) => ids.length));

const bitOf = new Map<string, number>();
KIND_IDS.forEach((kind, code) => {
  if (!isTypedKind(kind)) return;
  RESOURCE_TYPE_IDS[kind].forEach((id, i) => {
    bitOf.set(`${kind}:${id}`, 1 << i);
    if (id === 'other') OTHER_MASK[code] = 1 << i;
    if (resourceTypeGroup(kind, id) === 'feature') FEATURE_MASK[code]! |= 1 << i;
    else CHOICE_MASK[code]! |= 1 << i;
  });
});

/** The bit set of a posting's types; 0 for a kind without types or a posting that lists none. */
export function typeBitsOf(kind: Kind, types: readonly string[] | undefined): number {
  if (types === undefined) return 0;
  let bits = 0;
  for (const id of types) bits |= bitOf.get(`${kind}:${id}`) ?? 0;
  return bits;
}

/** The type ids of a bit set, in the taxonomy's order. */
export function typeIdsOf(kind: TypedKind, bits: number): string[] {
  return RESOURCE_TYPE_IDS[kind].filter((_, i) => ((bits >>> i) & 1) !== 0);
}
