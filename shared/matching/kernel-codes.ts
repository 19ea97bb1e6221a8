// The codes the kernel (kernel.ts) speaks in: rejections (negative scores), region tiers, the
// slots of a detail array and what they hold.

export const REJECTIONS = [
  'platform',
  'kind',
  'closed',
  'same_organization',
  'period',
  'region',
  'field',
  'capacity',
  'type',
] as const;
export type Rejection = (typeof REJECTIONS)[number];
export const R_PLATFORM = -1;
export const R_KIND = -2;
export const R_CLOSED = -3;
export const R_SAME_ORG = -4;
export const R_PERIOD = -5;
export const R_REGION = -6;
export const R_FIELD = -7;
export const R_CAPACITY = -8;
export const R_TYPE = -9;

export function rejectionOf(code: number): Rejection {
  return REJECTIONS[-code - 1]!;
}

export const REGION_TIERS = [
  'municipality',
  'prefecture',
  'neighbour',
  'block',
  'nationwide',
  'online',
] as const;
export type RegionTier = (typeof REGION_TIERS)[number];
export const TIER_MUNICIPALITY = 0;
export const TIER_PREFECTURE = 1;
export const TIER_NEIGHBOUR = 2;
export const TIER_BLOCK = 3;
export const TIER_NATIONWIDE = 4;
export const TIER_ONLINE = 5;

/** Field relation codes in a detail: the tables' REL_* codes plus this one. */
export const REL_ANY = 4;

// Slots of the detail array a caller may pass to get more than the score.
export const D_FIELD = 0;
export const D_REGION = 1;
export const D_CAPACITY = 2;
export const D_TIMING = 3;
export const D_FRESHNESS = 4;
export const D_TIER = 5;
/** 3 same, 2 parent/child, 1 siblings, 0 none, 4 any. */
export const D_FIELD_REL = 6;
/** City key (municipality tier), prefecture index (prefecture, neighbour) or block index (block). */
export const D_VIA = 7;
/** For the neighbour tier: the block index that covers the need, −1 when nationwide does. */
export const D_VIA_COVER = 8;
/** Which capacity number decided: 0 none comparable, 1 capA, 2 capB. */
export const D_CAP_DIM = 9;
/** How the types met: a TYPE_* code. */
export const D_TYPE = 10;
export const DETAIL_SIZE = 11;

/** The need lists no types (or its kind has none): nothing to compare. */
export const TYPE_NONE = 0;
/** Every feature the need asks for, and a type of the need's in common (or the need asks only features). */
export const TYPE_MATCH = 1;
/** No type in common but one side lists その他 (other). */
export const TYPE_OTHER = 2;
/** The offer lists no types (posted before types), or a venue need's kind of room is not stated. */
export const TYPE_UNKNOWN = 3;
