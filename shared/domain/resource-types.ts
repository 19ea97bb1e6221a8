import * as z from 'zod';
import { uniqueList } from './common';
import {
  RESOURCE_TYPE_IDS,
  RESOURCE_TYPE_LABELS,
  type ResourceTypeGroup,
  type ResourceTypeId,
  type TypedKind,
} from './data/resource-types';
import type { Lang } from './regions';
import { KIND_IDS, type Kind, kindLabel } from './taxonomy';

// Types (種類) of skills, goods and venues: what exactly a posting offers or needs. The data and
// what each group means are in data/resource-types.ts; matching reads them in
// shared/matching/tables/types.ts.

export { RESOURCE_TYPE_IDS, type ResourceTypeGroup, type ResourceTypeId, type TypedKind };

export const TYPED_KINDS = Object.keys(RESOURCE_TYPE_IDS) as TypedKind[];

export function isTypedKind(kind: Kind): kind is TypedKind {
  return Object.hasOwn(RESOURCE_TYPE_IDS, kind);
}

function info(kind: TypedKind, id: string) {
  return (RESOURCE_TYPE_LABELS[kind] as Record<string, { ja: string; en: string; group: ResourceTypeGroup }>)[
    id
  ];
}

export function resourceTypeLabel(kind: TypedKind, id: string, lang: Lang): string {
  const label = info(kind, id);
  return label === undefined ? id : label[lang];
}

export function resourceTypeGroup(kind: TypedKind, id: string): ResourceTypeGroup | undefined {
  return info(kind, id)?.group;
}

/** The kind's types of one group, in the taxonomy's order. */
export function resourceTypesOf(kind: TypedKind, group?: ResourceTypeGroup): readonly ResourceTypeId[] {
  const ids: readonly ResourceTypeId[] = RESOURCE_TYPE_IDS[kind];
  return group === undefined ? ids : ids.filter((id) => info(kind, id)!.group === group);
}

/**
 * The `types` list of a posting of this kind. An offer states at least one (`required`); a
 * venue offer at least one kind of room (or その他). A need may leave them out: any will do.
 */
export function typesSchema(kind: TypedKind, required: boolean) {
  const ids = RESOURCE_TYPE_IDS[kind] as unknown as [string, ...string[]];
  const list = uniqueList(z.enum(ids, { error: `種類は次から選んでください: ${ids.join(', ')}` }), {
    min: required ? 1 : 0,
    max: ids.length,
  });
  const described = list.describe(
    `What exactly is ${required ? 'offered' : 'needed'} (${ids.join(', ')}); "other" never rules a pair out`,
  );
  if (!required || kind !== 'venue') return described;
  return described.refine(
    (types) => types.some((t) => resourceTypeGroup(kind, t) === 'choice'),
    '会場の種類（会議室・多目的ホールなど、またはその他）を1つ以上選んでください',
  );
}

const NO_TYPES: readonly string[] = Object.freeze([]);

/** The types a posting lists: none for a kind without types, a need that takes any, an offer from before types. */
export function postingTypes(
  posting: { kind: Kind } | { kind: Kind; types?: readonly string[] | undefined },
): readonly string[] {
  return ('types' in posting ? posting.types : undefined) ?? NO_TYPES;
}

/** A posting's types in words (「会計・税務、経営・事業計画」); undefined when it lists none. */
export function typesLabel(
  posting: { kind: Kind; types?: readonly string[] | undefined },
  lang: Lang,
): string | undefined {
  const kind = posting.kind;
  const types = postingTypes(posting);
  if (!isTypedKind(kind) || types.length === 0) return undefined;
  return types.map((t) => resourceTypeLabel(kind, t, lang)).join(lang === 'en' ? ', ' : '、');
}

// --- the list filter -----------------------------------------------------------------------------

/** Every kind's type ids, once each (`other` is every kind's), for the list filter's enum. */
const ANY_KIND_TYPE_IDS = [...new Set(Object.values(RESOURCE_TYPE_IDS).flat())] as [
  ResourceTypeId,
  ...ResourceTypeId[],
];

/** The typed kinds in their usual order, in words: venue（場所・居場所）、skills（…）、goods（…）. */
const typedKindsInWords = () =>
  KIND_IDS.filter(isTypedKind)
    .map((k) => `${k}（${kindLabel(k, 'ja')}）`)
    .join('、');

/**
 * `resourceType` of the lists and the search: postings of the kind that list this type. Which
 * kind's type it must be is checked with the query's `kind` (refineResourceType).
 */
export const resourceTypeFilterSchema = z
  .enum(ANY_KIND_TYPE_IDS, { error: `種類は次から選んでください: ${ANY_KIND_TYPE_IDS.join(', ')}` })
  .optional()
  .describe(
    "Postings that list this type (種類). Only with `kind` venue, skills or goods, and one of that kind's types (as in its postings' `types`). A posting that states none (a need that takes any, an offer posted before types) is not listed under any",
  );

/** Why a filter's type does not go with its kind, in Japanese; undefined when it does. */
export function resourceTypeFilterError(kind: Kind | undefined, type: string): string | undefined {
  if (kind === undefined)
    return `種類（resourceType）で絞り込むときは、kind に ${typedKindsInWords()} のどれかも指定してください`;
  if (!isTypedKind(kind))
    return `${kindLabel(kind, 'ja')}（${kind}）には種類がありません。種類で絞り込めるのは ${typedKindsInWords()} です`;
  const ids: readonly string[] = RESOURCE_TYPE_IDS[kind];
  if (!ids.includes(type))
    return `「${type}」は${kindLabel(kind, 'ja')}の種類ではありません。次から選んでください: ${ids.join(', ')}`;
  return undefined;
}

/** The check of a list query's `resourceType` against its `kind`, at `resourceType`. */
export function refineResourceType(
  query: { kind?: Kind | undefined; resourceType?: string | undefined },
  ctx: z.RefinementCtx,
): void {
  if (query.resourceType === undefined) return;
  const message = resourceTypeFilterError(query.kind, query.resourceType);
  if (message !== undefined) ctx.addIssue({ code: 'custom', message, path: ['resourceType'] });
}
