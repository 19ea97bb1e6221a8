import type { ActivityArea, Organization } from './organization';
import { type Lang, municipality, regionLabel } from './regions';
import { type ActivityId, type FieldSlug, relatedFields } from './taxonomy';

// What an organisation's profile says, field by field: one list of its parts with their
// names in both languages (forms, the "changed meanwhile" notice, the nudge to complete it, and
// the column mapping of a member import), and where it works, for the directory, the digest's
// relevance and the statistics.

export interface OrganizationFieldInfo {
  /** The field's path in the API's JSON (dotted for nested ones). */
  readonly key: string;
  readonly ja: string;
  readonly en: string;
  /** text, one of a list, several of a list, yes/no */
  readonly type: 'text' | 'choice' | 'choices' | 'boolean';
  /** Needed to register an organisation. */
  readonly required?: true;
  /** A part of the profile owners are asked to complete (the nudge on their organisation's page). */
  readonly profile?: true;
  /** Shown only to its people, its platforms' secretariats and (as contact) introduced partners. */
  readonly private?: true;
}

/** Every field of an organisation a person or an import can fill in, in the form's order. */
export const ORGANIZATION_FIELDS: readonly OrganizationFieldInfo[] = Object.freeze([
  { key: 'name', ja: '団体名', en: 'Name', type: 'text', required: true },
  { key: 'nameKana', ja: '団体名のふりがな', en: 'Name in kana', type: 'text' },
  { key: 'legalForm', ja: '法人格・団体の種類', en: 'Legal form', type: 'choice', required: true },
  { key: 'location.prefecture', ja: '所在地（都道府県）', en: 'Prefecture', type: 'choice', required: true },
  { key: 'location.municipality', ja: '所在地（市区町村）', en: 'Municipality', type: 'choice' },
  { key: 'activityFields', ja: '活動分野', en: 'Fields of activity', type: 'choices', required: true },
  { key: 'activities', ja: '活動内容', en: 'What the organisation does', type: 'choices', profile: true },
  { key: 'activityArea.nationwide', ja: '全国で活動', en: 'Works nationwide', type: 'boolean' },
  { key: 'activityArea.prefectures', ja: '活動地域（都道府県）', en: 'Area (prefectures)', type: 'choices' },
  {
    key: 'activityArea.municipalities',
    ja: '活動地域（市区町村）',
    en: 'Area (municipalities)',
    type: 'choices',
  },
  { key: 'representative', ja: '代表者名', en: 'Representative', type: 'text', profile: true, private: true },
  { key: 'phone', ja: '電話番号', en: 'Phone', type: 'text', profile: true, private: true },
  { key: 'staffRange', ja: 'スタッフ数', en: 'Staff', type: 'choice', profile: true },
  { key: 'volunteerRange', ja: 'ボランティア数', en: 'Volunteers', type: 'choice', profile: true },
  { key: 'description', ja: '団体の紹介', en: 'About the organisation', type: 'text' },
  { key: 'website', ja: 'ウェブサイト', en: 'Website', type: 'text' },
  { key: 'contact.name', ja: '担当者名', en: 'Contact person', type: 'text', required: true, private: true },
  { key: 'contact.email', ja: 'メールアドレス', en: 'Email', type: 'text', required: true, private: true },
  { key: 'directoryListed', ja: '会員名簿への掲載', en: 'Member directory', type: 'boolean' },
] as const satisfies readonly OrganizationFieldInfo[]);

/** Whether an activity area says anything (all empty = not said). */
export function hasActivityArea(area: ActivityArea | undefined): area is ActivityArea {
  return area !== undefined && (area.nationwide || area.prefectures.length + area.municipalities.length > 0);
}

/**
 * The parts of the profile still to fill in, in the form's order (活動分野 first when it is missing:
 * the next edit must add it). Empty when the profile is complete.
 */
export function missingProfile(
  org: Pick<
    Organization,
    | 'activityFields'
    | 'activityArea'
    | 'activities'
    | 'representative'
    | 'phone'
    | 'staffRange'
    | 'volunteerRange'
  >,
): OrganizationFieldInfo[] {
  const missing = new Set<string>();
  if (!org.activityFields?.length) missing.add('activityFields');
  if (!hasActivityArea(org.activityArea)) missing.add('activityArea');
  if (!org.activities?.length) missing.add('activities');
  for (const key of ['representative', 'phone', 'staffRange', 'volunteerRange'] as const)
    if (!org[key]) missing.add(key);
  const area: OrganizationFieldInfo = {
    key: 'activityArea',
    ja: '活動地域',
    en: 'Area of activity',
    type: 'choices',
  };
  return ORGANIZATION_FIELDS.flatMap((f): OrganizationFieldInfo[] => {
    const here = missing.has(f.key) ? [f] : [];
    return f.key === 'activities' && missing.has('activityArea') ? [...here, area] : here;
  });
}

export interface OrganizationArea {
  nationwide: boolean;
  prefectures: readonly string[];
  municipalities: readonly string[];
}

/**
 * Where an organisation works: its activity area, or, when it has not said, the prefecture it
 * is based in (the nearest honest guess).
 */
export function areaOf(org: Pick<Organization, 'activityArea' | 'location'>): OrganizationArea {
  if (hasActivityArea(org.activityArea)) return org.activityArea;
  return { nationwide: false, prefectures: [org.location.prefecture], municipalities: [] };
}

/** The prefectures an area touches (those named and those of its municipalities); none for nationwide. */
export function areaPrefectures(area: OrganizationArea): string[] {
  return [...new Set([...area.prefectures, ...area.municipalities.map((m) => m.slice(0, 2))])].sort();
}

/** Whether a place (a need's location, an offer's served place) is in the area. */
export function areaCovers(
  area: OrganizationArea,
  place: { prefecture: string; municipality?: string | undefined },
): boolean {
  if (area.nationwide || area.prefectures.includes(place.prefecture)) return true;
  if (place.municipality === undefined)
    return area.municipalities.some((m) => m.startsWith(place.prefecture));
  const parent = municipality(place.municipality)?.parent;
  return area.municipalities.some(
    (m) => m === place.municipality || m === parent || municipality(m)?.parent === place.municipality,
  );
}

/** Whether the organisation works in the field (or a broader or narrower one). */
export function worksInField(org: Pick<Organization, 'activityFields'>, field: string): boolean {
  const related = new Set<string>(relatedFields(field));
  return (org.activityFields ?? []).some((f) => related.has(f));
}

/** Where an organisation says it works, in words (全国, 埼玉県・東京都千代田区); empty when not said. */
export function activityAreaLabel(area: ActivityArea | undefined, lang: Lang): string {
  if (!hasActivityArea(area)) return '';
  const parts = [...area.prefectures, ...area.municipalities].map((code) => regionLabel(code, lang));
  if (area.nationwide) parts.unshift(lang === 'ja' ? '全国' : 'Nationwide');
  return parts.join(lang === 'ja' ? '・' : ', ');
}

/** What a list of organisations can be narrowed to (the directory, the roster). */
export interface ProfileFilter {
  field?: FieldSlug | undefined;
  prefecture?: string | undefined;
  activity?: ActivityId | undefined;
}

/**
 * Whether an organisation passes the filter: works in the field (a broader or narrower one counts),
 * in the prefecture (its activity area, or where it is based), and does the activity.
 */
export function matchesProfile(org: Organization, f: ProfileFilter): boolean {
  return (
    (f.field === undefined || worksInField(org, f.field)) &&
    (f.prefecture === undefined || areaCovers(areaOf(org), { prefecture: f.prefecture })) &&
    (f.activity === undefined || (org.activities ?? []).includes(f.activity))
  );
}
