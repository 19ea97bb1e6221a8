import * as z from 'zod';
import { KIND_IDS, type Kind } from '#domain';

// Every tunable number of a round lives here, with its default. A platform overrides any subset:
// `proposeMatches(input, { weights: { region: 0.4 }, proposalsPerNeed: 2 })`.

const unit = z.number().min(0).max(1);

const weightsSchema = z.strictObject({
  field: z.number().min(0).default(0.35).describe('Field overlap'),
  region: z.number().min(0).default(0.3).describe('Region proximity'),
  capacity: z.number().min(0).default(0.15).describe('Capacity fit'),
  timing: z.number().min(0).default(0.1).describe('Share of the need’s period the offer covers'),
  freshness: z.number().min(0).default(0.1).describe('How recently both were posted'),
});

const fieldSchema = z
  .strictObject({
    exact: unit.default(1).describe('A field of the need is a field of the offer'),
    parentChild: unit.default(0.6).describe('One is a broader field of the other (carers ⊃ young_carers)'),
    any: unit.default(0.5).describe('The offer is for any field'),
    siblings: unit.default(0.3).describe('Same parent field; only reachable with requireFieldRelation off'),
    breadth: unit
      .default(0.15)
      .describe('Share of the field score that depends on how many of the need’s fields are covered'),
  })
  .refine((f) => f.exact >= f.parentChild && f.exact > f.any && f.parentChild >= f.siblings, {
    message: 'field: exact ≥ parentChild ≥ siblings and exact > any',
  });

const regionSchema = z
  .strictObject({
    municipality: unit
      .default(1)
      .describe('The offer lists the need’s municipality (a ward counts as its city)'),
    prefecture: unit.default(0.85).describe('The offer lists the need’s prefecture'),
    neighbour: unit
      .default(0.7)
      .describe(
        'Covered by block or nationwide, and the offer lists the need’s or a neighbouring prefecture',
      ),
    block: unit.default(0.6).describe('The offer lists the need’s regional block'),
    nationwide: unit.default(0.4),
    online: unit.default(0.3).describe('Not covered by area, but both accept online'),
  })
  .refine(
    (r) =>
      r.municipality >= r.prefecture &&
      r.prefecture >= r.neighbour &&
      r.neighbour >= r.block &&
      r.block >= r.nationwide &&
      r.nationwide >= r.online,
    { message: 'region: municipality ≥ prefecture ≥ neighbour ≥ block ≥ nationwide ≥ online' },
  );

const minCoverageSchema = z.strictObject({
  funding: unit
    .default(0.5)
    .describe(
      'Funding: the floor when the need states no minAmountJpy and does not accept co-funding (coFunding)',
    ),
  venue: unit.default(1),
  employment: unit.default(1),
  volunteers: unit.default(0.5),
  skills: unit.default(0.5),
  goods: unit.default(0.5),
  publicity: unit.default(0),
});

const capacitySchema = z.strictObject({
  minCoverage: minCoverageSchema
    .prefault({})
    .describe(
      'Offered ÷ needed below this is "clearly insufficient" and filtered. Funding: the need’s minAmountJpy when it states one, none when it accepts co-funding, else this share.',
    ),
  oversizeRatio: z
    .number()
    .min(1)
    .default(3)
    .describe('Up to this many times the need counts as a perfect fit'),
  oversizeExponent: z
    .number()
    .min(0)
    .default(0.5)
    .describe('Beyond it the fit decays as (ratio ÷ r)^exponent'),
  partial: unit.default(0.6).describe('Fit of a partial offer is partial × offered/needed'),
  unknown: unit.default(0.6).describe('Fit when the kind has no comparable numbers'),
});

const typesSchema = z.strictObject({
  other: unit.default(0.7).describe('Field factor × this when the types meet only through その他 (other)'),
  unknown: unit
    .default(0.85)
    .describe(
      'Field factor × this when the need lists types and the offer none (posted before types) or no kind of room',
    ),
});

/**
 * Where the field relation is a hard filter, by kind (docs/matching.md, "Fields by kind"): a
 * grant programme, a skill, volunteers or a job are for a cause, so an unrelated field is no
 * match; a venue, goods or a notice board serve whoever uses them, so there the field only
 * scores. `other` keeps the filter: nothing else says what such a posting is for.
 */
export const FIELD_FILTER_BY_KIND: Readonly<Record<Kind, boolean>> = {
  venue: false,
  funding: true,
  employment: true,
  volunteers: true,
  skills: true,
  goods: false,
  publicity: false,
  other: true,
};

const fieldFilterSchema = z
  .union([
    z.boolean(),
    z.strictObject(
      Object.fromEntries(KIND_IDS.map((k) => [k, z.boolean().default(FIELD_FILTER_BY_KIND[k])])) as Record<
        Kind,
        z.ZodDefault<z.ZodBoolean>
      >,
    ),
  ])
  .transform(
    (v): Record<Kind, boolean> =>
      typeof v === 'boolean' ? (Object.fromEntries(KIND_IDS.map((k) => [k, v])) as Record<Kind, boolean>) : v,
  );

export const matchingConfigSchema = z
  .strictObject({
    weights: weightsSchema.prefault({}),
    proposalsPerNeed: z.number().int().min(1).max(50).default(3).describe('K: proposals per need per round'),
    candidatesPerNeed: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .default(16)
      .describe('L: the assignment chooses among each need’s L best-scoring pairs (at least K are used)'),
    minScore: unit.default(0.35).describe('Pairs scoring below this are never proposed'),
    requireFieldRelation: fieldFilterSchema
      .default({ ...FIELD_FILTER_BY_KIND })
      .describe(
        'Hard filter, per kind (or true/false for all): an exact or parent/child field in common, or an offer for any field',
      ),
    field: fieldSchema.prefault({}),
    region: regionSchema.prefault({}),
    capacity: capacitySchema.prefault({}),
    types: typesSchema
      .prefault({})
      .describe('venue, skills, goods: types that cannot meet are filtered; these lower the score'),
    openEndedHorizonDays: z
      .number()
      .int()
      .min(1)
      .max(3660)
      .default(180)
      .describe('An open-ended need is scored for timing over this many days from its start'),
    freshnessHalfLifeDays: z
      .number()
      .min(1)
      .default(60)
      .describe('A posting this old is half as fresh as a new one'),
  })
  .refine(
    (c) =>
      c.weights.field + c.weights.region + c.weights.capacity + c.weights.timing + c.weights.freshness > 0,
    { message: 'weights: at least one must be positive' },
  );

export type MatchingConfig = z.output<typeof matchingConfigSchema>;
export type MatchingWeights = MatchingConfig['weights'];

/** What a caller may pass: any subset, nested objects partially. */
export type MatchingConfigInput = {
  [K in Exclude<keyof MatchingConfig, 'requireFieldRelation'>]?: MatchingConfig[K] extends Record<
    string,
    unknown
  >
    ? {
        [L in keyof MatchingConfig[K]]?: MatchingConfig[K][L] extends Record<string, unknown>
          ? Partial<MatchingConfig[K][L]>
          : MatchingConfig[K][L];
      }
    : MatchingConfig[K];
} & {
  /** true / false for every kind, or some kinds (the rest keep FIELD_FILTER_BY_KIND). */
  requireFieldRelation?: boolean | Partial<Record<Kind, boolean>>;
};

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

export const DEFAULT_MATCHING_CONFIG: MatchingConfig = deepFreeze(matchingConfigSchema.parse({}));

/** The full config: defaults overlaid with the caller's values; throws a ZodError on a bad value. */
export function resolveConfig(input?: MatchingConfigInput): MatchingConfig {
  return input === undefined ? DEFAULT_MATCHING_CONFIG : matchingConfigSchema.parse(input);
}
