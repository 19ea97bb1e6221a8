import {
  ACTIVITY_IDS,
  ACTIVITY_LABELS,
  type ActivityId,
  SIZE_RANGE_IDS,
  SIZE_RANGE_LABELS,
  type SizeRange,
} from './data/activities';
import {
  FIELD_LABELS,
  FIELD_SLUGS,
  type FieldSlug,
  TARGET_GROUP_IDS,
  TARGET_GROUP_LABELS,
  type TargetGroup,
} from './data/fields';
import type { Lang } from './regions';

// The two axes of a need or offer: fields (who/what the work is for, hierarchical) and kinds
// (what is exchanged), plus the target groups a need reaches.

export {
  ACTIVITY_IDS,
  ACTIVITY_LABELS,
  type ActivityId,
  FIELD_SLUGS,
  type FieldSlug,
  SIZE_RANGE_IDS,
  SIZE_RANGE_LABELS,
  type SizeRange,
  TARGET_GROUP_IDS,
  type TargetGroup,
};

// --- kinds -----------------------------------------------------------------------------------

// Kinds are fixed by the product: each one has its own capacity shape, so no platform adds one.
export const KIND_IDS = [
  'venue',
  'funding',
  'employment',
  'volunteers',
  'skills',
  'goods',
  'publicity',
  'other',
] as const;

export type Kind = (typeof KIND_IDS)[number];

export interface KindInfo {
  readonly id: Kind;
  readonly ja: string;
  readonly en: string;
}

const KIND_LABELS: { readonly [K in Kind]: { readonly ja: string; readonly en: string } } = {
  venue: { ja: '場所・居場所', en: 'Venues and places to belong' },
  funding: { ja: '資金・助成・寄付', en: 'Funding, grants and donations' },
  employment: { ja: '就労・職場体験・雇用', en: 'Jobs, work experience and employment' },
  volunteers: { ja: '人材・ボランティア', en: 'People and volunteers' },
  skills: { ja: 'プロボノ・専門知識', en: 'Pro bono and expertise' },
  goods: { ja: '物資・食品', en: 'Goods and food' },
  publicity: { ja: '広報・周知', en: 'Publicity and outreach' },
  other: { ja: 'その他', en: 'Other' },
};

export const KINDS: readonly KindInfo[] = Object.freeze(
  KIND_IDS.map((id) => Object.freeze({ id, ...KIND_LABELS[id] })),
);

const kindIds: ReadonlySet<string> = new Set(KIND_IDS);

export function isKind(value: string): value is Kind {
  return kindIds.has(value);
}

export function kindLabel(kind: Kind, lang: Lang): string {
  return KIND_LABELS[kind][lang];
}

// --- fields ----------------------------------------------------------------------------------

export interface Field {
  readonly slug: FieldSlug;
  readonly ja: string;
  readonly en: string;
  readonly parent?: FieldSlug;
}

export const FIELDS: readonly Field[] = Object.freeze(
  FIELD_SLUGS.map((slug) => Object.freeze({ slug, ...FIELD_LABELS[slug] })),
);

const fieldBySlug = new Map<string, Field>(FIELDS.map((f) => [f.slug, f]));

export function field(slug: string): Field | undefined {
  return fieldBySlug.get(slug);
}

export function isFieldSlug(value: string): value is FieldSlug {
  return fieldBySlug.has(value);
}

export function parentOf(slug: string): FieldSlug | undefined {
  return fieldBySlug.get(slug)?.parent;
}

// Walks up the parent links, nearest first; stops at a repeat so bad data cannot loop forever.
function chainAbove<S extends string>(slug: string, up: (slug: string) => S | undefined): S[] {
  const chain: S[] = [];
  for (let p = up(slug); p !== undefined && p !== slug && !chain.includes(p); p = up(p)) chain.push(p);
  return chain;
}

/** The broader fields above a slug, nearest first. */
export function ancestorsOf(slug: string): FieldSlug[] {
  return chainAbove(slug, parentOf);
}

/** The narrower fields under a slug, at any depth, in taxonomy order. */
export function descendantsOf(slug: string): FieldSlug[] {
  return FIELD_SLUGS.filter((s) => s !== slug && ancestorsOf(s).includes(slug as FieldSlug));
}

/**
 * The fields a posting may have to be "in" this field: the field itself, the broader fields
 * above it (they cover it) and the narrower ones under it (it covers them) — the same relations
 * matching gives credit for, used by list filters and the digest's interests.
 */
export function relatedFields(slug: string): FieldSlug[] {
  if (!isFieldSlug(slug)) return [];
  return [slug, ...ancestorsOf(slug), ...descendantsOf(slug)];
}

export type FieldRelation = 'same' | 'parent_child' | 'siblings' | 'none';

/**
 * How two fields relate, for partial credit in matching: `parent_child` when one is an
 * ancestor of the other, `siblings` when both have the same parent. `parentOfField` defaults
 * to this taxonomy's parents.
 */
export function fieldRelation(
  a: string,
  b: string,
  parentOfField: (slug: string) => string | undefined = parentOf,
): FieldRelation {
  if (a === b) return 'same';
  if (chainAbove(a, parentOfField).includes(b) || chainAbove(b, parentOfField).includes(a))
    return 'parent_child';
  const parent = parentOfField(a);
  if (parent !== undefined && parent === parentOfField(b)) return 'siblings';
  return 'none';
}

export function fieldLabel(slug: FieldSlug, lang: Lang): string {
  return FIELD_LABELS[slug][lang];
}

// --- target groups ---------------------------------------------------------------------------

export interface TargetGroupInfo {
  readonly id: TargetGroup;
  readonly ja: string;
  readonly en: string;
}

export const TARGET_GROUPS: readonly TargetGroupInfo[] = Object.freeze(
  TARGET_GROUP_IDS.map((id) => Object.freeze({ id, ...TARGET_GROUP_LABELS[id] })),
);

const targetGroupIds: ReadonlySet<string> = new Set(TARGET_GROUP_IDS);

export function isTargetGroup(value: string): value is TargetGroup {
  return targetGroupIds.has(value);
}

export function targetGroupLabel(id: TargetGroup, lang: Lang): string {
  return TARGET_GROUP_LABELS[id][lang];
}

// --- activities (what an organisation does) and size ranges ------------------------------------

export interface ActivityInfo {
  readonly id: ActivityId;
  readonly ja: string;
  readonly en: string;
}

export const ACTIVITIES: readonly ActivityInfo[] = Object.freeze(
  ACTIVITY_IDS.map((id) => Object.freeze({ id, ...ACTIVITY_LABELS[id] })),
);

const activityIds: ReadonlySet<string> = new Set(ACTIVITY_IDS);

export function isActivity(value: string): value is ActivityId {
  return activityIds.has(value);
}

export function activityLabel(id: ActivityId, lang: Lang): string {
  return ACTIVITY_LABELS[id][lang];
}

export function sizeRangeLabel(id: SizeRange, lang: Lang): string {
  return SIZE_RANGE_LABELS[id][lang];
}
