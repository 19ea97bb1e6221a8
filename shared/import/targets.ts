// What a column of a member list can mean (a profile field, the tier, a member number), and the
// first guess of which column is which: a secretariat's spreadsheet, a Google Forms export and
// Excel each name the same thing differently (団体名, 団体名称, 「団体名を入力してください」).

export const IMPORT_TARGET_IDS = [
  'externalId',
  'name',
  'nameKana',
  'legalForm',
  'address',
  'prefecture',
  'municipality',
  'description',
  'website',
  'contactName',
  'contactEmail',
  'activityFields',
  'activities',
  'activityArea',
  'phone',
  'representative',
  'staffRange',
  'volunteerRange',
  'tier',
] as const;
export type ImportTargetId = (typeof IMPORT_TARGET_IDS)[number];

export interface ImportTarget {
  readonly id: ImportTargetId;
  readonly ja: string;
  readonly en: string;
  /** Header texts that mean this target (compared after normalising; see headerKey). */
  readonly aliases: readonly string[];
}

const TARGETS: Record<ImportTargetId, Omit<ImportTarget, 'id'>> = {
  externalId: {
    ja: '会員番号（管理用の番号）',
    en: 'Member number',
    aliases: ['会員番号', '管理番号', '団体番号', '会員ID', '団体ID', 'id', 'no'],
  },
  name: {
    ja: '団体名',
    en: 'Organisation name',
    aliases: ['団体名', '団体名称', '団体の名称', '組織名', '法人名', '名称', '事業者名', '企業名', '会社名'],
  },
  nameKana: {
    ja: '団体名のフリガナ',
    en: 'Name reading (kana)',
    aliases: ['フリガナ', 'ふりがな', 'よみがな', 'カナ', '団体名フリガナ', '団体名カナ'],
  },
  legalForm: {
    ja: '法人格・団体の種類',
    en: 'Legal form',
    aliases: [
      '法人格',
      '団体種別',
      '法人種別',
      '組織形態',
      '団体の種類',
      '団体区分',
      '法人の種類',
      '組織の種類',
    ],
  },
  address: {
    ja: '所在地（住所）',
    en: 'Address',
    aliases: ['住所', '所在地', '団体所在地', '事務所所在地', '団体の住所', '事務所住所'],
  },
  prefecture: { ja: '都道府県', en: 'Prefecture', aliases: ['都道府県', '都道府県名'] },
  municipality: {
    ja: '市区町村',
    en: 'Municipality',
    aliases: ['市区町村', '市町村', '区市町村', '市区町村名'],
  },
  description: {
    ja: '団体の紹介',
    en: 'Description',
    aliases: ['活動内容', '団体概要', '事業内容', '団体紹介', '団体の紹介', '活動概要', '概要'],
  },
  website: {
    ja: 'ウェブサイト',
    en: 'Website',
    aliases: ['ホームページ', 'ウェブサイト', 'webサイト', 'url', 'hp', 'website', 'ホームページurl'],
  },
  contactName: {
    ja: '担当者名',
    en: 'Contact person',
    aliases: ['担当者', '担当者名', '担当者氏名', 'ご担当者', 'ご担当者名', '連絡担当者', '氏名', 'お名前'],
  },
  contactEmail: {
    ja: '担当者のメールアドレス',
    en: "Contact person's email",
    aliases: ['メールアドレス', 'メール', 'eメール', 'e-mail', 'email', 'mail', '電子メール'],
  },
  activityFields: {
    ja: '活動分野',
    en: 'Fields of activity',
    aliases: ['活動分野', '活動の分野', '主な活動分野', '分野', '支援分野'],
  },
  activities: {
    ja: '活動内容（居場所・相談窓口など）',
    en: 'What the organisation does',
    aliases: ['活動の種類', '活動形態', '支援の種類', '提供できる支援'],
  },
  activityArea: {
    ja: '活動地域',
    en: 'Area of activity',
    aliases: ['活動地域', '活動エリア', '活動範囲', '対象地域'],
  },
  phone: {
    ja: '電話番号',
    en: 'Phone',
    aliases: ['電話番号', '電話', 'tel', '連絡先電話番号', '代表電話'],
  },
  representative: {
    ja: '代表者名',
    en: 'Representative',
    aliases: ['代表者', '代表者名', '代表者氏名', '代表'],
  },
  staffRange: {
    ja: 'スタッフ数',
    en: 'Staff',
    aliases: ['スタッフ数', '職員数', '従業員数', 'スタッフ人数'],
  },
  volunteerRange: {
    ja: 'ボランティア数',
    en: 'Volunteers',
    aliases: ['ボランティア数', 'ボランティア人数'],
  },
  tier: {
    ja: '会員区分',
    en: 'Tier',
    aliases: ['会員区分', '会員種別', '区分', '会員の種類', '会員種類', '入会区分'],
  },
};

export const IMPORT_TARGETS: readonly ImportTarget[] = IMPORT_TARGET_IDS.map((id) => ({
  id,
  ...TARGETS[id],
}));

export const isImportTargetId = (value: string): value is ImportTargetId =>
  (IMPORT_TARGET_IDS as readonly string[]).includes(value);

/** Targets that must have a column before a list can be read; a location needs address or prefecture. */
export const REQUIRED_TARGETS: readonly (readonly ImportTargetId[])[] = [
  ['name'],
  ['contactName'],
  ['contactEmail'],
  ['address', 'prefecture'],
];

/** One column's meaning, by column index; null = not imported. */
export type ImportMapping = (ImportTargetId | null)[];

/** A header compared loosely: full-width folded, spaces and punctuation gone, lower case. */
export function headerKey(header: string): string {
  return header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\u3000・:：_\-－.。,、]/g, '');
}

/** The header without notes in brackets: 団体名（必須） → 団体名. */
const withoutNotes = (key: string) => key.replace(/[(（[【「].*?[)）\]】」]/g, '');

const KANA_HEADER = /フリガナ|ふりがな|よみがな|カナ/;

/**
 * The first guess of each column's meaning: what this platform chose for the same header last
 * time (`remembered`, by headerKey), then a header that is an alias, then one that contains an
 * alias (the longest wins, so 担当者メールアドレス is the email, not the contact's name). Each
 * target is given to one column at most, the first.
 */
export function suggestMapping(
  headers: readonly string[],
  remembered: RememberedMapping = [],
): ImportMapping {
  const memory = new Map(remembered);
  const mapping: ImportMapping = headers.map(() => null);
  const taken = new Set<ImportTargetId>();
  const decided = new Set<number>();
  const give = (column: number, target: ImportTargetId | null) => {
    decided.add(column);
    if (target === null || taken.has(target)) return;
    mapping[column] = target;
    taken.add(target);
  };
  headers.forEach((h, i) => {
    const key = headerKey(h);
    if (memory.has(key)) give(i, memory.get(key) ?? null);
  });
  const keys = headers.map((h) => withoutNotes(headerKey(h)));
  keys.forEach((key, i) => {
    if (decided.has(i)) return;
    const exact = IMPORT_TARGETS.find((t) => !taken.has(t.id) && t.aliases.some((a) => headerKey(a) === key));
    if (exact) give(i, exact.id);
  });
  keys.forEach((key, i) => {
    if (decided.has(i)) return;
    // A reading column is the organisation's name reading or nothing (担当者フリガナ has no field).
    if (KANA_HEADER.test(key)) {
      if (!/担当|代表/.test(key) && !taken.has('nameKana')) give(i, 'nameKana');
      return;
    }
    let best: { id: ImportTargetId; length: number } | undefined;
    for (const t of IMPORT_TARGETS) {
      if (taken.has(t.id)) continue;
      for (const alias of t.aliases) {
        const a = headerKey(alias);
        // Latin aliases (id, no, hp) only as whole headers: "note" is not "no".
        if (/^[a-z-]+$/.test(a) || !key.includes(a)) continue;
        if (best === undefined || a.length > best.length) best = { id: t.id, length: a.length };
      }
    }
    if (best) give(i, best.id);
  });
  return mapping;
}

/**
 * A platform's past choices: header key → target (null = not imported). Pairs, not an object:
 * headers are whatever a file says, `__proto__` included.
 */
export type RememberedMapping = readonly (readonly [string, ImportTargetId | null])[];

/** What the secretariat chose, to suggest next time; this file's headers replace earlier ones. */
export function rememberMapping(
  headers: readonly string[],
  mapping: ImportMapping,
  before: RememberedMapping = [],
): [string, ImportTargetId | null][] {
  const memory = new Map(before);
  headers.forEach((h, i) => {
    memory.set(headerKey(h), mapping[i] ?? null);
  });
  return [...memory];
}

/** The required targets the mapping leaves without a column, as sets to choose one of. */
export function missingTargets(mapping: ImportMapping): (readonly ImportTargetId[])[] {
  const mapped = new Set(mapping.filter((m): m is ImportTargetId => m !== null));
  return REQUIRED_TARGETS.filter((any) => !any.some((t) => mapped.has(t)));
}
