import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

// Build-time only: turns the CSVs beside this file into regions.generated.ts, so that the
// runtime (Lambda bundles, tests) never touches the file system for geography.

type MunicipalityKind = 'city' | 'town' | 'village' | 'special_ward' | 'ward';

interface PrefectureRow {
  code: string;
  ja: string;
  en: string;
  block: string;
  adjacent: string[];
  linked: string[];
}

interface MunicipalityRow {
  code: string;
  ja: string;
  kana: string;
  kind: MunicipalityKind;
  parent?: string;
}

const PREFECTURE_HEADER = 'pref_code,name,name_en,region_block,adjacent,linked';
const MUNICIPALITY_HEADER = 'code,pref_code,pref_name,name,kana';

// The data has no quoted fields; refuse anything that would need a real CSV parser.
function parseCsv(text: string, header: string, file: string): string[][] {
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  const [head, ...body] = lines;
  if (head?.replace(/^\uFEFF/, '') !== header) {
    throw new Error(`${file}: expected header "${header}", got "${head}"`);
  }
  const columns = header.split(',').length;
  return body.map((line, i) => {
    if (line.includes('"')) throw new Error(`${file}:${i + 2}: quoted fields are not supported`);
    const cells = line.split(',');
    if (cells.length !== columns) {
      throw new Error(`${file}:${i + 2}: expected ${columns} columns, got ${cells.length}`);
    }
    return cells;
  });
}

function codeList(cell: string): string[] {
  return cell.split(' ').filter((c) => c !== '');
}

function parsePrefectures(csv: string): PrefectureRow[] {
  const rows = parseCsv(csv, PREFECTURE_HEADER, 'jp-prefectures.csv').map(
    ([code = '', ja = '', en = '', block = '', adjacent = '', linked = '']) => {
      if (!/^\d{2}$/.test(code)) throw new Error(`jp-prefectures.csv: bad prefecture code "${code}"`);
      if (!ja || !en || !block) throw new Error(`jp-prefectures.csv: empty name or block for ${code}`);
      return { code, ja, en, block, adjacent: codeList(adjacent), linked: codeList(linked) };
    },
  );
  rows.sort((a, b) => a.code.localeCompare(b.code));
  const byCode = new Map(rows.map((p) => [p.code, p]));
  if (byCode.size !== rows.length) throw new Error('jp-prefectures.csv: duplicate prefecture code');
  for (const p of rows) {
    for (const relation of ['adjacent', 'linked'] as const) {
      p[relation].sort();
      for (const other of p[relation]) {
        if (other === p.code) throw new Error(`jp-prefectures.csv: ${p.code} is ${relation} to itself`);
        if (!byCode.get(other)?.[relation].includes(p.code)) {
          throw new Error(`jp-prefectures.csv: ${relation} ${p.code}–${other} is not symmetric`);
        }
      }
    }
  }
  return rows;
}

// A designated-city ward is written city + ward ("札幌市中央区"); its parent is the city of the
// same prefecture whose name is the longest prefix. Tokyo's special wards have no such city.
function kindOf(name: string, prefCode: string): MunicipalityKind {
  if (name.endsWith('区')) return prefCode === '13' ? 'special_ward' : 'ward';
  if (name.endsWith('市')) return 'city';
  if (name.endsWith('町')) return 'town';
  if (name.endsWith('村')) return 'village';
  throw new Error(`jp-municipalities.csv: cannot tell the kind of "${name}"`);
}

function parentCity(name: string, cities: readonly { code: string; ja: string }[]): string | undefined {
  let best: { code: string; ja: string } | undefined;
  for (const city of cities) {
    if (name.length > city.ja.length && name.startsWith(city.ja) && city.ja.length > (best?.ja.length ?? 0)) {
      best = city;
    }
  }
  return best?.code;
}

function parseMunicipalities(csv: string, prefectures: readonly PrefectureRow[]): MunicipalityRow[] {
  const prefName = new Map(prefectures.map((p) => [p.code, p.ja]));
  const cells = parseCsv(csv, MUNICIPALITY_HEADER, 'jp-municipalities.csv');
  const raw = cells.map(([code = '', prefCode = '', prefJa = '', ja = '', kana = '']) => {
    if (!/^\d{5}$/.test(code)) throw new Error(`jp-municipalities.csv: bad code "${code}"`);
    if (code.slice(0, 2) !== prefCode)
      throw new Error(`jp-municipalities.csv: ${code} is not in ${prefCode}`);
    if (prefName.get(prefCode) !== prefJa) {
      throw new Error(
        `jp-municipalities.csv: ${code} names prefecture "${prefJa}", expected "${prefName.get(prefCode)}"`,
      );
    }
    if (!ja || !kana) throw new Error(`jp-municipalities.csv: empty name or kana for ${code}`);
    return { code, prefCode, ja, kana };
  });
  raw.sort((a, b) => a.code.localeCompare(b.code));
  if (new Set(raw.map((m) => m.code)).size !== raw.length) {
    throw new Error('jp-municipalities.csv: duplicate municipality code');
  }
  const citiesByPref = new Map<string, { code: string; ja: string }[]>();
  for (const m of raw) {
    if (!m.ja.endsWith('市')) continue;
    const list = citiesByPref.get(m.prefCode) ?? [];
    list.push(m);
    citiesByPref.set(m.prefCode, list);
  }
  return raw.map((m) => {
    const parent = m.ja.endsWith('区') ? parentCity(m.ja, citiesByPref.get(m.prefCode) ?? []) : undefined;
    const kind = kindOf(m.ja, m.prefCode);
    if (kind === 'ward' && parent === undefined) {
      throw new Error(`jp-municipalities.csv: ward ${m.code} ${m.ja} has no designated city`);
    }
    if (kind === 'special_ward' && parent !== undefined) {
      throw new Error(`jp-municipalities.csv: special ward ${m.code} ${m.ja} looks like a ward of ${parent}`);
    }
    return parent === undefined
      ? { code: m.code, ja: m.ja, kana: m.kana, kind }
      : { code: m.code, ja: m.ja, kana: m.kana, kind, parent };
  });
}

const str = (s: string): string => JSON.stringify(s);
const list = (codes: readonly string[]): string => `[${codes.map(str).join(', ')}]`;

// Pure: the whole text of regions.generated.ts for the given CSV contents.
export function renderRegionsModule(prefCsv: string, muniCsv: string): string {
  const prefectures = parsePrefectures(prefCsv);
  const municipalities = parseMunicipalities(muniCsv, prefectures);
  const prefLines = prefectures.map(
    (p) =>
      `  [${[str(p.code), str(p.ja), str(p.en), str(p.block), list(p.adjacent), list(p.linked)].join(', ')}],`,
  );
  const muniLines = municipalities.map((m) => {
    const cells = [str(m.code), str(m.ja), str(m.kana), str(m.kind)];
    if (m.parent !== undefined) cells.push(str(m.parent));
    return `  [${cells.join(', ')}],`;
  });
  return [
    '// generated by npm run gen:regions from the CSVs beside it; do not edit',
    '// (jp-prefectures.csv, jp-municipalities.csv; sources and licences in SOURCES.md)',
    '',
    "export type MunicipalityKindCode = 'city' | 'town' | 'village' | 'special_ward' | 'ward';",
    '',
    '/** Sorted by code. region_block is the Japanese block name as in the CSV. */',
    'export const PREFECTURE_ROWS: readonly (readonly [',
    '  code: string,',
    '  ja: string,',
    '  en: string,',
    '  block: string,',
    '  adjacent: readonly string[],',
    '  linked: readonly string[],',
    '])[] = [',
    ...prefLines,
    '];',
    '',
    '/** Sorted by code; the prefecture is the first two digits; parent is set for designated-city wards. */',
    'export const MUNICIPALITY_ROWS: readonly (readonly [',
    '  code: string,',
    '  ja: string,',
    '  kana: string,',
    '  kind: MunicipalityKindCode,',
    '  parent?: string,',
    '])[] = [',
    ...muniLines,
    '];',
    '',
  ].join('\n');
}

const ADJACENCY_HEADER = 'code,adjacent';

/**
 * Pure: the whole text of municipal-adjacency.generated.ts: each municipality's land neighbours
 * (jp-municipal-adjacency.csv; designated cities as one, no ward rows), checked against the
 * municipality list: known codes, no ward, no municipality beside itself, both directions.
 */
export function renderAdjacencyModule(muniCsv: string, adjacencyCsv: string): string {
  const known = new Map(
    parseCsv(muniCsv, MUNICIPALITY_HEADER, 'jp-municipalities.csv').map(([code = '', , , ja = '']) => [
      code,
      ja,
    ]),
  );
  const file = 'jp-municipal-adjacency.csv';
  const rows = parseCsv(adjacencyCsv, ADJACENCY_HEADER, file).map(([code = '', cell = '']) => {
    const name = known.get(code);
    if (name === undefined) throw new Error(`${file}: unknown municipality ${code}`);
    if (name.endsWith('区') && code.slice(0, 2) !== '13')
      throw new Error(`${file}: ${code} is a ward; its city stands for it`);
    return { code, adjacent: codeList(cell).sort() };
  });
  rows.sort((a, b) => a.code.localeCompare(b.code));
  const byCode = new Map(rows.map((r) => [r.code, r.adjacent]));
  if (byCode.size !== rows.length) throw new Error(`${file}: duplicate municipality`);
  for (const { code, adjacent } of rows) {
    for (const other of adjacent) {
      if (other === code) throw new Error(`${file}: ${code} is beside itself`);
      if (!byCode.get(other)?.includes(code)) throw new Error(`${file}: ${code}–${other} is not symmetric`);
    }
  }
  return [
    '// generated by npm run gen:regions from jp-municipal-adjacency.csv beside it; do not edit',
    '// (sources and licence in SOURCES.md)',
    '',
    '/** Land neighbours by municipality code, space-separated (designated cities as one, no wards). */',
    'export const MUNICIPAL_ADJACENCY: Readonly<Record<string, string>> = {',
    ...rows
      .filter((r) => r.adjacent.length > 0)
      .map((r) => `  ${str(r.code)}: ${str(r.adjacent.join(' '))},`),
    '};',
    '',
  ].join('\n');
}

function main(): void {
  const here = (file: string): URL => new URL(file, import.meta.url);
  const municipalities = readFileSync(here('./jp-municipalities.csv'), 'utf8');
  const module = renderRegionsModule(readFileSync(here('./jp-prefectures.csv'), 'utf8'), municipalities);
  writeFileSync(here('./regions.generated.ts'), module);
  console.log(`wrote ${here('./regions.generated.ts').pathname}`);
  const adjacency = renderAdjacencyModule(
    municipalities,
    readFileSync(here('./jp-municipal-adjacency.csv'), 'utf8'),
  );
  writeFileSync(here('./municipal-adjacency.generated.ts'), adjacency);
  console.log(`wrote ${here('./municipal-adjacency.generated.ts').pathname}`);
}

const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(entry).href) main();
