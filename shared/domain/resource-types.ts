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
import type { Kind } from './taxonomy';

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

/** A posting's types in words (「会計・税務、経営・事業計画」); undefined when it lists none. */
export function typesLabel(
  posting: { kind: Kind; types?: readonly string[] },
  lang: Lang,
): string | undefined {
  const kind = posting.kind;
  if (!isTypedKind(kind) || posting.types === undefined || posting.types.length === 0) return undefined;
  return posting.types.map((t) => resourceTypeLabel(kind, t, lang)).join(lang === 'en' ? ', ' : '、');
}
