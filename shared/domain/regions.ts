import { MUNICIPALITY_ROWS, PREFECTURE_ROWS } from './data/regions.generated';

// Japanese geography for locations and service areas: prefectures (JIS X 0401), their eight
// regional blocks and neighbours, and municipalities incl. designated-city wards (JIS X 0402).

export type Lang = 'ja' | 'en';

export const BLOCK_IDS = [
  'hokkaido',
  'tohoku',
  'kanto',
  'chubu',
  'kinki',
  'chugoku',
  'shikoku',
  'kyushu_okinawa',
] as const;

export type BlockId = (typeof BLOCK_IDS)[number];

export interface Block {
  readonly id: BlockId;
  readonly ja: string;
  readonly en: string;
}

const BLOCK_LABELS: { readonly [B in BlockId]: { readonly ja: string; readonly en: string } } = {
  hokkaido: { ja: '北海道', en: 'Hokkaido' },
  tohoku: { ja: '東北', en: 'Tohoku' },
  kanto: { ja: '関東', en: 'Kanto' },
  chubu: { ja: '中部', en: 'Chubu' },
  kinki: { ja: '近畿', en: 'Kinki' },
  chugoku: { ja: '中国', en: 'Chugoku' },
  shikoku: { ja: '四国', en: 'Shikoku' },
  kyushu_okinawa: { ja: '九州・沖縄', en: 'Kyushu and Okinawa' },
};

/** The eight regional blocks (八地方区分), north to south; ja as in the CSV's region_block. */
export const BLOCKS: readonly Block[] = Object.freeze(
  BLOCK_IDS.map((id) => Object.freeze({ id, ...BLOCK_LABELS[id] })),
);

export interface Prefecture {
  readonly code: string;
  readonly ja: string;
  readonly en: string;
  readonly block: BlockId;
  /** Prefectures sharing a land border (incl. borders across small islands). */
  readonly adjacent: readonly string[];
  /** Prefectures reached by a fixed bridge or tunnel across the sea. */
  readonly linked: readonly string[];
}

export type MunicipalityKind = 'city' | 'town' | 'village' | 'special_ward' | 'ward';

export interface Municipality {
  readonly code: string;
  /** Prefecture code, the first two digits of `code`. */
  readonly prefecture: string;
  /** Official name; a ward is written city + ward, e.g. 札幌市中央区. */
  readonly ja: string;
  /** Reading in hiragana. */
  readonly kana: string;
  /** `ward` is a ward of a designated city; `special_ward` one of Tokyo's 23 wards. */
  readonly kind: MunicipalityKind;
  /** For a `ward`: the code of its designated city. */
  readonly parent?: string;
}

const blockByJa = new Map<string, BlockId>(BLOCKS.map((b) => [b.ja, b.id]));
const blockById = new Map<string, Block>(BLOCKS.map((b) => [b.id, b]));

export const PREFECTURES: readonly Prefecture[] = Object.freeze(
  PREFECTURE_ROWS.map(([code, ja, en, blockJa, adjacent, linked]): Prefecture => {
    const block = blockByJa.get(blockJa);
    if (block === undefined) throw new Error(`regions: unknown region block "${blockJa}" for ${code}`);
    return Object.freeze({
      code,
      ja,
      en,
      block,
      adjacent: Object.freeze([...adjacent]),
      linked: Object.freeze([...linked]),
    });
  }),
);

const prefectureByCode = new Map(PREFECTURES.map((p) => [p.code, p]));

export const MUNICIPALITIES: readonly Municipality[] = Object.freeze(
  MUNICIPALITY_ROWS.map(([code, ja, kana, kind, parent]): Municipality => {
    const prefecture = code.slice(0, 2);
    return Object.freeze(
      parent === undefined
        ? { code, prefecture, ja, kana, kind }
        : { code, prefecture, ja, kana, kind, parent },
    );
  }),
);

/** All rows, i.e. the 1,741 municipalities plus the 171 designated-city wards. */
export const MUNICIPALITY_COUNT: number = MUNICIPALITIES.length;

const municipalityByCode = new Map(MUNICIPALITIES.map((m) => [m.code, m]));

const municipalitiesByPrefecture = new Map<string, readonly Municipality[]>(
  PREFECTURES.map((p) => [p.code, Object.freeze(MUNICIPALITIES.filter((m) => m.prefecture === p.code))]),
);

export function prefecture(code: string): Prefecture | undefined {
  return prefectureByCode.get(code);
}

export function isPrefectureCode(code: string): boolean {
  return prefectureByCode.has(code);
}

export function municipality(code: string): Municipality | undefined {
  return municipalityByCode.get(code);
}

export function isMunicipalityCode(code: string): boolean {
  return municipalityByCode.has(code);
}

/** Municipalities and wards of a prefecture, sorted by code; empty for an unknown code. */
export function municipalitiesOf(prefCode: string): readonly Municipality[] {
  return municipalitiesByPrefecture.get(prefCode) ?? [];
}

export function blockOf(prefCode: string): BlockId | undefined {
  return prefectureByCode.get(prefCode)?.block;
}

/** Reachable by land: a shared border or a fixed bridge/tunnel. Never true for a prefecture and itself. */
export function areNeighbours(a: string, b: string): boolean {
  // No prefecture lists itself: npm run gen:regions refuses that.
  const p = prefectureByCode.get(a);
  return p !== undefined && (p.adjacent.includes(b) || p.linked.includes(b));
}

export function sameBlock(a: string, b: string): boolean {
  const block = blockOf(a);
  return block !== undefined && block === blockOf(b);
}

/** True when both codes are the same municipality, or a designated city and/or its wards. */
export function sameMunicipality(a: string, b: string): boolean {
  const ma = municipalityByCode.get(a);
  const mb = municipalityByCode.get(b);
  if (ma === undefined || mb === undefined) return false;
  return (ma.parent ?? ma.code) === (mb.parent ?? mb.code);
}

// --- name lookup -----------------------------------------------------------------------------

// Official names mix ヶ and ケ (茅ヶ崎市, 龍ケ崎市) and users also type が; 梼原町 is also written 檮原町.
function normaliseName(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\s/g, '')
    .replace(/[ヶケがガ]/g, 'ケ')
    .replace(/檮/g, '梼');
}

// Readings are hiragana; accept katakana, and full-size ゃゅょ as in the MIC list (しようない = しょうない).
const SMALL_KANA: Readonly<Record<string, string>> = {
  ぁ: 'あ',
  ぃ: 'い',
  ぅ: 'う',
  ぇ: 'え',
  ぉ: 'お',
  っ: 'つ',
  ゃ: 'や',
  ゅ: 'ゆ',
  ょ: 'よ',
  ゎ: 'わ',
};

function normaliseKana(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\s/g, '')
    .replace(/[\u30a1-\u30f6]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60))
    .replace(/[ぁぃぅぇぉっゃゅょゎ]/g, (c) => SMALL_KANA[c] ?? c);
}

interface SearchEntry {
  readonly municipality: Municipality;
  readonly name: string;
  /** The name without its 市/町/村/区, so 山形 is an exact match for 山形市. */
  readonly nameStem: string;
  /** Prefecture + name, e.g. 山形県山形市. */
  readonly fullName: string;
  readonly prefectureName: string;
  readonly kana: string;
  /** The reading without its し/ちょう/まち/そん/むら/く. */
  readonly kanaStem: string;
}

// After normaliseKana, so ちょう is written ちよう.
const KANA_SUFFIX: Readonly<Record<MunicipalityKind, readonly string[]>> = {
  city: ['し'],
  town: ['ちよう', 'まち'],
  village: ['そん', 'むら'],
  special_ward: ['く'],
  ward: ['く'],
};

let searchIndex: readonly SearchEntry[] | undefined;

function buildSearchIndex(): readonly SearchEntry[] {
  return MUNICIPALITIES.map((m) => {
    const name = normaliseName(m.ja);
    const kana = normaliseKana(m.kana);
    const suffix = KANA_SUFFIX[m.kind].find((s) => kana.endsWith(s)) ?? '';
    const prefectureName = normaliseName(prefectureByCode.get(m.prefecture)?.ja ?? '');
    return {
      municipality: m,
      name,
      nameStem: name.slice(0, -1),
      fullName: prefectureName + name,
      prefectureName,
      kana,
      kanaStem: kana.slice(0, kana.length - suffix.length),
    };
  });
}

const EXACT = 0;
const PREFIX = 1;
const CONTAINS = 2;

function rankOf(entry: SearchEntry, name: string, kana: string): number | undefined {
  if (
    entry.name === name ||
    entry.nameStem === name ||
    // Stryker disable next-line ConditionalExpression: in today's data a query that is some municipality's full name is a prefix of no other (checked over all names); it would count as a prefix match
    entry.fullName === name ||
    entry.kana === kana ||
    entry.kanaStem === kana
  ) {
    return EXACT;
  }
  // A query that merely starts like the prefecture name (山形) must not list the whole prefecture.
  const namesPrefecture = name.length > entry.prefectureName.length && entry.fullName.startsWith(name);
  if (entry.name.startsWith(name) || entry.kana.startsWith(kana) || namesPrefecture) return PREFIX;
  if (entry.name.includes(name) || entry.kana.includes(kana)) return CONTAINS;
  return undefined;
}

/**
 * Municipalities whose name (optionally preceded by the prefecture name) or reading contains
 * the query, optionally within one prefecture. Exact matches (also without 市/町/村/区) first,
 * then prefix matches, then the rest; by code within each group.
 */
export function findMunicipalities(query: string, prefCode?: string): Municipality[] {
  const name = normaliseName(query);
  const kana = normaliseKana(query);
  if (name === '') return [];
  searchIndex ??= buildSearchIndex();
  const hits: { municipality: Municipality; rank: number }[] = [];
  for (const entry of searchIndex) {
    if (prefCode !== undefined && entry.municipality.prefecture !== prefCode) continue;
    const rank = rankOf(entry, name, kana);
    if (rank !== undefined) hits.push({ municipality: entry.municipality, rank });
  }
  // The index is in code order and sort is stable, so ties stay ordered by code.
  hits.sort((a, b) => a.rank - b.rank);
  return hits.map((h) => h.municipality);
}

/**
 * A display name for a prefecture code (埼玉県 / Saitama), a municipality code (山形県山形市 /
 * "Yamagata, 山形市": the data has no English municipality names) or a block id. An unknown
 * code is returned unchanged.
 */
export function regionLabel(code: string, lang: Lang): string {
  const pref = prefectureByCode.get(code);
  if (pref !== undefined) return lang === 'ja' ? pref.ja : pref.en;
  const muni = municipalityByCode.get(code);
  if (muni !== undefined) {
    // Every municipality is in a known prefecture (checked when regions.generated.ts is made).
    const inPref = prefectureByCode.get(muni.prefecture)!;
    return lang === 'ja' ? `${inPref.ja}${muni.ja}` : `${inPref.en}, ${muni.ja}`;
  }
  const block = blockById.get(code);
  if (block !== undefined) return lang === 'ja' ? block.ja : block.en;
  return code;
}
