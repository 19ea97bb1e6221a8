import { MATCH_STATUSES, type MatchStatus, OUTCOME_LABELS, type Outcome, type PairRecord } from './match';
import type { Organization } from './organization';
import { areaOf, areaPrefectures } from './organization-profile';
import type { Need } from './posting';
import { type Lang, PREFECTURES } from './regions';
import {
  isTypedKind,
  RESOURCE_TYPE_IDS,
  type ResourceTypeId,
  resourceTypeLabel,
  type TypedKind,
} from './resource-types';
import { ACTIVITY_IDS, type ActivityId, FIELDS, type FieldSlug, KIND_IDS, kindLabel } from './taxonomy';

// What the platform's introductions came to, for the secretariat: totals, and the same by field,
// by prefecture and by type (種類) of the need. Pure counting over the pair records (one per
// need × offer, with its latest status and outcome answers), so the page and the CSV only load.

export const MATCH_STATUS_LABELS: Record<MatchStatus, { ja: string; en: string }> = {
  proposed: { ja: 'ご回答待ち', en: 'Waiting for answers' },
  accepted: { ja: '一方が承諾済み', en: 'Accepted by one side' },
  connected: { ja: 'つながりました', en: 'Connected' },
  declined: { ja: '見送り', en: 'Declined' },
  expired: { ja: '回答期限切れ', en: 'Expired' },
};

export const COLLABORATION_STATES = ['formed', 'in_progress', 'not_formed', 'unanswered'] as const;
export type CollaborationState = (typeof COLLABORATION_STATES)[number];

export const COLLABORATION_LABELS: Record<CollaborationState, { ja: string; en: string }> = {
  ...OUTCOME_LABELS,
  unanswered: { ja: '未回答', en: 'Not answered yet' },
};

export interface IntroductionCounts {
  /** Every pair proposed so far. */
  proposals: number;
  status: Record<MatchStatus, number>;
  /** Connected pairs only, by what the two sides said came of them. */
  collaboration: Record<CollaborationState, number>;
}

export interface IntroductionStats {
  total: IntroductionCounts;
  /** A pair counts toward each field of its need; fields with no proposal are left out. */
  byField: { field: FieldSlug; counts: IntroductionCounts }[];
  /** By the prefecture of the need's location (JIS code). */
  byPrefecture: { prefecture: string; counts: IntroductionCounts }[];
  /**
   * By the types the need states (venue, skills and goods only): a pair counts toward each of
   * them; a need of those kinds that states none (any will do) counts under `type: null`.
   */
  byType: { kind: TypedKind; type: ResourceTypeId | null; counts: IntroductionCounts }[];
}

type CountedPair = Pick<PairRecord, 'needId' | 'status' | 'outcomes'>;
type CountedNeed = Pick<Need, 'id' | 'fields' | 'location' | 'kind'> & {
  types?: readonly string[] | undefined;
};

/** What a need that states no type is counted under, for its kind. */
export const NO_TYPE_LABEL = { ja: '種類の指定なし', en: 'No type given' } as const;

/** A row of `byType` in words: 「プロボノ・専門知識 › 会計・税務」, 「物資・食品 › 種類の指定なし」. */
export function typeRowLabel(kind: TypedKind, type: string | null, lang: Lang): string {
  const typeLabel = type === null ? NO_TYPE_LABEL[lang] : resourceTypeLabel(kind, type, lang);
  return `${kindLabel(kind, lang)} › ${typeLabel}`;
}

/**
 * What a connected pair came to: formed if either side says so, else the most hopeful answer
 * given, else unanswered. Undefined for a pair that never connected.
 */
export function collaborationOf(
  pair: Pick<PairRecord, 'status' | 'outcomes'>,
): CollaborationState | undefined {
  if (pair.status !== 'connected') return undefined;
  const said = new Set<Outcome>(Object.values(pair.outcomes ?? {}));
  if (said.has('formed')) return 'formed';
  if (said.has('in_progress')) return 'in_progress';
  if (said.has('not_formed')) return 'not_formed';
  return 'unanswered';
}

export function emptyCounts(): IntroductionCounts {
  return {
    proposals: 0,
    status: Object.fromEntries(MATCH_STATUSES.map((s) => [s, 0])) as Record<MatchStatus, number>,
    collaboration: Object.fromEntries(COLLABORATION_STATES.map((s) => [s, 0])) as Record<
      CollaborationState,
      number
    >,
  };
}

function add(counts: IntroductionCounts, pair: CountedPair): void {
  counts.proposals++;
  counts.status[pair.status]++;
  const state = collaborationOf(pair);
  if (state) counts.collaboration[state]++;
}

const FIELD_ORDER = new Map<string, number>(FIELDS.map((f, i) => [f.slug, i]));
const PREFECTURE_ORDER = new Map<string, number>(PREFECTURES.map((p, i) => [p.code, i]));
/** Kinds in their usual order, each kind's types in the taxonomy's, "none" after its types. */
const TYPE_ORDER = new Map<string, number>(
  KIND_IDS.filter(isTypedKind)
    .flatMap((kind) => [...RESOURCE_TYPE_IDS[kind], ''].map((type) => `${kind}:${type}`))
    .map((key, i) => [key, i]),
);

/** Most proposals first; ties in the taxonomy's (or JIS code) order, so the result is stable. */
function ranked<K extends string>(
  groups: Map<K, IntroductionCounts>,
  order: Map<string, number>,
): { key: K; counts: IntroductionCounts }[] {
  return [...groups]
    .map(([key, counts]) => ({ key, counts }))
    .sort(
      (a, b) =>
        b.counts.proposals - a.counts.proposals ||
        (order.get(a.key) ?? Number.MAX_SAFE_INTEGER) - (order.get(b.key) ?? Number.MAX_SAFE_INTEGER) ||
        a.key.localeCompare(b.key),
    );
}

/**
 * Counts the platform's introductions. A pair whose need is not among `needs` counts in the
 * totals only (it has no field or place to be counted under).
 */
export function introductionStats(
  pairs: readonly CountedPair[],
  needs: readonly CountedNeed[],
): IntroductionStats {
  const needById = new Map(needs.map((n) => [n.id, n]));
  const total = emptyCounts();
  const byField = new Map<FieldSlug, IntroductionCounts>();
  const byPrefecture = new Map<string, IntroductionCounts>();
  const byType = new Map<string, IntroductionCounts>();
  const into = <K>(groups: Map<K, IntroductionCounts>, key: K) => {
    let counts = groups.get(key);
    if (!counts) {
      counts = emptyCounts();
      groups.set(key, counts);
    }
    return counts;
  };
  for (const pair of pairs) {
    add(total, pair);
    const need = pair.needId ? needById.get(pair.needId) : undefined;
    if (!need) continue;
    for (const field of new Set(need.fields)) add(into(byField, field), pair);
    add(into(byPrefecture, need.location.prefecture), pair);
    if (isTypedKind(need.kind)) {
      const types = need.types?.length ? new Set(need.types) : [''];
      for (const type of types) add(into(byType, `${need.kind}:${type}`), pair);
    }
  }
  return {
    total,
    byField: ranked(byField, FIELD_ORDER).map(({ key, counts }) => ({ field: key, counts })),
    byPrefecture: ranked(byPrefecture, PREFECTURE_ORDER).map(({ key, counts }) => ({
      prefecture: key,
      counts,
    })),
    byType: ranked(byType, TYPE_ORDER).map(({ key, counts }) => {
      const [kind, type] = key.split(':') as [TypedKind, string];
      return { kind, type: type === '' ? null : (type as ResourceTypeId), counts };
    }),
  };
}

// --- members by profile -------------------------------------------------------------------------

export interface MemberStats {
  /** Approved member organisations. */
  members: number;
  /** An organisation counts toward each of its 活動分野; fields with no member are left out. */
  byField: { field: FieldSlug; members: number }[];
  /** Members that have not given their 活動分野 yet (registered before they were asked). */
  withoutField: number;
  byActivity: { activity: ActivityId; members: number }[];
  withoutActivity: number;
  /**
   * By the prefectures an organisation works in (its activity area, or where it is based when
   * it gave none); one working nationwide counts under `nationwide` instead.
   */
  byPrefecture: { prefecture: string; members: number }[];
  nationwide: number;
}

type CountedOrganization = Pick<Organization, 'activityFields' | 'activities' | 'activityArea' | 'location'>;

function rankedCounts<K extends string>(counts: Map<K, number>, order: Map<string, number>): [K, number][] {
  return [...counts].sort(
    ([a, x], [b, y]) =>
      y - x || (order.get(a) ?? Number.MAX_SAFE_INTEGER) - (order.get(b) ?? Number.MAX_SAFE_INTEGER),
  );
}

const ACTIVITY_ORDER = new Map<string, number>(ACTIVITY_IDS.map((a, i) => [a, i]));

/** Counts a platform's members by their profile: fields, activities and area (most first). */
export function memberStats(orgs: readonly CountedOrganization[]): MemberStats {
  const fields = new Map<FieldSlug, number>();
  const activities = new Map<ActivityId, number>();
  const prefectures = new Map<string, number>();
  const bump = <K>(m: Map<K, number>, k: K) => m.set(k, (m.get(k) ?? 0) + 1);
  let withoutField = 0;
  let withoutActivity = 0;
  let nationwide = 0;
  for (const org of orgs) {
    if (org.activityFields?.length) for (const f of new Set(org.activityFields)) bump(fields, f);
    else withoutField++;
    if (org.activities?.length) for (const a of new Set(org.activities)) bump(activities, a);
    else withoutActivity++;
    const area = areaOf(org);
    if (area.nationwide) nationwide++;
    else for (const p of areaPrefectures(area)) bump(prefectures, p);
  }
  return {
    members: orgs.length,
    byField: rankedCounts(fields, FIELD_ORDER).map(([field, members]) => ({ field, members })),
    withoutField,
    byActivity: rankedCounts(activities, ACTIVITY_ORDER).map(([activity, members]) => ({
      activity,
      members,
    })),
    withoutActivity,
    byPrefecture: rankedCounts(prefectures, PREFECTURE_ORDER).map(([prefecture, members]) => ({
      prefecture,
      members,
    })),
    nationwide,
  };
}
