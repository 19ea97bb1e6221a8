import {
  type ActivityArea,
  LEGAL_FORMS,
  type LegalForm,
  readMunicipality,
  readPrefecture,
  SIZE_RANGE_IDS,
  type SizeRange,
  type Tier,
} from '#domain';

// How a cell of a member list is read: legal forms (also from a name), tiers, lists of labels,
// head counts, phone numbers a spreadsheet kept as numbers, activity areas. Pure.

export const fold = (text: string) =>
  text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\u3000]/g, '');

/** The identity of a row across imports. */
export function rowKey(externalId: string | undefined, name: string): string {
  return externalId ? `no:${fold(externalId)}` : `name:${fold(name)}`;
}

// Words a legal form is written with, in a column or at the start or end of a name.
const LEGAL_FORM_WORDS: readonly (readonly [string, LegalForm])[] = [
  ['特定非営利活動法人', 'npo_corporation'],
  ['認定特定非営利活動法人', 'npo_corporation'],
  ['認定npo法人', 'npo_corporation'],
  ['npo法人', 'npo_corporation'],
  ['社会福祉協議会', 'social_welfare_council'],
  ['社協', 'social_welfare_council'],
  ['社会福祉法人', 'social_welfare_corporation'],
  ['一般社団法人', 'general_association'],
  ['一般財団法人', 'general_foundation'],
  ['公益社団法人', 'public_interest_corporation'],
  ['公益財団法人', 'public_interest_corporation'],
  ['任意団体', 'unincorporated_group'],
  ['ボランティア団体', 'unincorporated_group'],
  ['株式会社', 'company'],
  ['有限会社', 'company'],
  ['合同会社', 'company'],
  ['合資会社', 'company'],
  ['合名会社', 'company'],
  ['生活協同組合', 'cooperative'],
  ['協同組合', 'cooperative'],
  ['商工会議所', 'chamber_of_commerce'],
  ['商工会', 'chamber_of_commerce'],
  ['信用金庫', 'financial_institution'],
  ['信用組合', 'financial_institution'],
  ['労働金庫', 'financial_institution'],
  ['銀行', 'financial_institution'],
];

const LEGAL_FORM_BY_LABEL = new Map<string, LegalForm>([
  ...(Object.entries(LEGAL_FORMS) as [LegalForm, { ja: string; en: string }][]).flatMap(
    ([id, l]) =>
      [
        [fold(id), id],
        [fold(l.ja), id],
        [fold(l.en), id],
      ] as [string, LegalForm][],
  ),
  ...LEGAL_FORM_WORDS.map(([w, id]) => [fold(w), id] as [string, LegalForm]),
]);

/** The legal form a column names, or undefined. */
export function legalFormOf(value: string): LegalForm | undefined {
  return LEGAL_FORM_BY_LABEL.get(fold(value));
}

/** The legal form a name shows (特定非営利活動法人○○, ○○株式会社), else other. */
export function legalFormFromName(name: string): LegalForm {
  const n = fold(name);
  for (const [word, id] of LEGAL_FORM_WORDS) {
    const w = fold(word);
    if (n.startsWith(w) || n.endsWith(w) || (w.length >= 4 && n.includes(w))) return id;
  }
  return 'other';
}

export function tierOf(value: string, tiers: readonly Tier[]): string | undefined {
  const v = fold(value);
  return tiers.find((t) => [t.id, t.ja, t.en].some((x) => fold(x) === v))?.id;
}

/** A cell listing several things: Google Forms joins checkboxes with ", ", people use 、 or lines. */
export const itemsOf = (cell: string) =>
  cell
    .split(/[、,，;；\n]+/)
    .map((x) => x.trim())
    .filter((x) => x !== '');

/** Each item of a cell as one of the known labels (ja, en or id); the items it cannot read. */
export function pickAll<T extends string>(
  cell: string,
  known: readonly { id: T; ja: string; en: string }[],
): { ids: T[]; unknown: string[] } {
  const ids: T[] = [];
  const unknown: string[] = [];
  for (const item of itemsOf(cell)) {
    const v = fold(item);
    const exact = known.find((k) => [k.id, k.ja, k.en].some((x) => fold(x) === v));
    // 「子ども・若者」 for 子ども・若者支援: a label that starts with what was written, if only one does.
    const starts = known.filter((k) => fold(k.ja).startsWith(v));
    const found = exact ?? (v.length >= 2 && starts.length === 1 ? starts[0] : undefined);
    if (found === undefined) unknown.push(item);
    else if (!ids.includes(found.id)) ids.push(found.id);
  }
  return { ids, unknown };
}

/** A count (12, 12人, 約30名) or a range as written (1-4, 5〜9人, 100+) as one of the ranges. */
export function sizeRangeOf(cell: string): SizeRange | undefined {
  const text = cell
    .normalize('NFKC')
    .replace(/[\s人名約程度以上]/g, '')
    .replace(/[〜~～ー−–—]/g, '-');
  if ((SIZE_RANGE_IDS as readonly string[]).includes(text)) return text as SizeRange;
  const n = Number(/^\d+/.exec(text)?.[0]);
  if (!Number.isFinite(n) || !/^\d/.test(text)) return undefined;
  if (n === 0) return '0';
  if (n < 5) return '1-4';
  if (n < 10) return '5-9';
  if (n < 30) return '10-29';
  if (n < 100) return '30-99';
  return '100+';
}

/** A phone a spreadsheet kept as a number lost its leading 0 (487654321): give it back. */
export const phoneOf = (cell: string) => (/^[1-9]\d{8,9}$/.test(cell) ? `0${cell}` : cell);

/** 全国, or prefectures and municipalities, listed like other multi-valued cells. */
export function areaOf(
  cell: string,
  defaultPrefecture: string | undefined,
): { area?: ActivityArea; unknown: string[] } {
  const area: ActivityArea = { nationwide: false, prefectures: [], municipalities: [] };
  const unknown: string[] = [];
  for (const item of itemsOf(cell)) {
    if (/^全国/.test(item)) {
      area.nationwide = true;
      continue;
    }
    const pref = readPrefecture(item);
    if (pref !== undefined) {
      if (!area.prefectures.includes(pref)) area.prefectures.push(pref);
      continue;
    }
    const m = readMunicipality(item, defaultPrefecture) ?? readMunicipality(item);
    if (m !== undefined) {
      if (!area.municipalities.includes(m.code)) area.municipalities.push(m.code);
    } else unknown.push(item);
  }
  return { area, unknown };
}
