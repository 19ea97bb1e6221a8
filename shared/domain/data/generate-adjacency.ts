import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

// Build-time only, imported by nothing at run time: writes jp-municipal-adjacency.csv, the land
// neighbours of each of the 1,741 municipalities, from three public derivatives of 国土数値情報
// 行政区域 (N03). None of them is committed here; SOURCES.md says where each one comes from and
// at which commit. Usage:
//
//   npx tsx shared/domain/data/generate-adjacency.ts OXON SMARTNEWS LAKIRYT
//
//   OXON       K-Oxon/Japan-map-for-BI data/administrative_area/municipality/ja_municipality_area_5.topojson
//              (N03 2025-01-01, one polygon set per municipality, designated cities already whole)
//   SMARTNEWS  smartnews-smri/japan-topography data/municipality/topojson/s0010/N03-21_210101.json
//              (N03 2021-01-01, designated-city wards separate)
//   LAKIRYT    lakiryt/municipalities public/maps/adjacency.json
//              (an adjacency list the repo computed from N03 2026-01-01, ward level)
//
// Two municipalities are neighbours in a source when their polygons share an arc of its topology
// (a common stretch of boundary; touching at a single point does not count). Wards count as their
// designated city. A pair goes into the CSV when at least two of the three sources have it: each
// source is a simplified copy of N03 and a few short or hair-thin borders come out differently in
// one of them (the run prints those pairs).

const MUNICIPALITY_HEADER = 'code,pref_code,pref_name,name,kana';
export const ADJACENCY_HEADER = 'code,adjacent';

// 浜松市's 7 wards became 3 on 2024-01-01; the 2021 source still has the old codes.
const RETIRED_WARDS: Readonly<Record<string, string>> = {
  '22131': '22130',
  '22132': '22130',
  '22133': '22130',
  '22134': '22130',
  '22135': '22130',
  '22136': '22130',
  '22137': '22130',
};

// The 6 Northern-Territories villages, left out of jp-municipalities.csv (see SOURCES.md).
const NORTHERN_TERRITORIES = new Set(['01695', '01696', '01697', '01698', '01699', '01700']);

type ArcTree = number | readonly ArcTree[];

interface TopoGeometry {
  type?: string;
  id?: string | number;
  arcs?: ArcTree;
  properties?: Record<string, unknown> | null;
}

interface Topology {
  type: 'Topology';
  objects: Record<string, { geometries?: TopoGeometry[] }>;
}

interface Municipalities {
  /** The 1,741 municipality codes, sorted. */
  codes: string[];
  names: ReadonlyMap<string, string>;
  /** A source code as a municipality code; undefined for areas that belong to none. */
  normalise: (code: string | null | undefined) => string | undefined;
}

function parseMunicipalities(csv: string): Municipalities {
  const lines = csv.split(/\r?\n/).filter((line) => line !== '');
  if (lines[0] !== MUNICIPALITY_HEADER) throw new Error('jp-municipalities.csv: unexpected header');
  const rows = lines.slice(1).map((line) => {
    const [code = '', prefCode = '', , name = ''] = line.split(',');
    return { code, prefCode, name };
  });
  const isWard = (r: { prefCode: string; name: string }): boolean =>
    r.name.endsWith('区') && r.prefCode !== '13';
  const cities = rows.filter((r) => r.name.endsWith('市'));
  const parent = new Map<string, string>(Object.entries(RETIRED_WARDS));
  for (const ward of rows.filter(isWard)) {
    // As in generate.ts: the city of the same prefecture whose name is the longest prefix.
    let best: { code: string; name: string } | undefined;
    for (const city of cities) {
      if (city.prefCode !== ward.prefCode || !ward.name.startsWith(city.name)) continue;
      if (ward.name.length > city.name.length && city.name.length > (best?.name.length ?? 0)) best = city;
    }
    if (best === undefined) throw new Error(`jp-municipalities.csv: ward ${ward.code} has no city`);
    parent.set(ward.code, best.code);
  }
  const municipalities = rows.filter((r) => !isWard(r));
  const known = new Set(municipalities.map((r) => r.code));
  return {
    codes: [...known].sort(),
    names: new Map(rows.map((r) => [r.code, r.name])),
    normalise: (code) => {
      // 所属未定地 (areas not assigned to any municipality) have no code or the prefecture's + 000.
      if (code === null || code === undefined || code === '' || code.endsWith('000')) return undefined;
      if (NORTHERN_TERRITORIES.has(code)) return undefined;
      const municipality = parent.get(code) ?? code;
      if (!known.has(municipality)) throw new Error(`unknown municipality code ${code}`);
      return municipality;
    },
  };
}

const pairKey = (a: string, b: string): string => (a < b ? `${a} ${b}` : `${b} ${a}`);

function arcIndexes(tree: ArcTree | undefined, out: number[] = []): number[] {
  if (tree === undefined) return out;
  if (typeof tree === 'number') {
    out.push(tree < 0 ? ~tree : tree); // a negative index is the same arc reversed
  } else {
    for (const t of tree) arcIndexes(t, out);
  }
  return out;
}

interface SourcePairs {
  name: string;
  pairs: Set<string>;
  /** Municipalities the source has any geometry (or list entry) for. */
  covered: Set<string>;
}

function pairsFromTopology(
  name: string,
  topology: Topology,
  codeOf: (g: TopoGeometry) => unknown,
  m: Municipalities,
): SourcePairs {
  const objects = Object.values(topology.objects);
  if (topology.type !== 'Topology' || objects.length !== 1) {
    throw new Error(`${name}: expected a TopoJSON topology with one object`);
  }
  const owners = new Map<number, Set<string>>();
  const covered = new Set<string>();
  for (const g of objects[0]?.geometries ?? []) {
    if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') continue;
    const raw = codeOf(g);
    const code = m.normalise(typeof raw === 'string' ? raw : undefined);
    if (code === undefined) continue;
    covered.add(code);
    for (const arc of arcIndexes(g.arcs)) {
      const set = owners.get(arc) ?? new Set<string>();
      set.add(code);
      owners.set(arc, set);
    }
  }
  const pairs = new Set<string>();
  for (const set of owners.values()) {
    const list = [...set];
    for (const a of list) for (const b of list) if (a < b) pairs.add(pairKey(a, b));
  }
  return { name, pairs, covered };
}

function pairsFromList(
  name: string,
  list: Record<string, readonly string[]>,
  m: Municipalities,
): SourcePairs {
  const pairs = new Set<string>();
  const covered = new Set<string>();
  for (const [code, neighbours] of Object.entries(list)) {
    const a = m.normalise(code);
    if (a === undefined) continue;
    covered.add(a);
    for (const other of neighbours) {
      if (other === 'coast') continue; // the repo's marker for a coastline arc
      const b = m.normalise(other);
      if (b !== undefined && b !== a) pairs.add(pairKey(a, b));
    }
  }
  return { name, pairs, covered };
}

export interface AdjacencyResult {
  csv: string;
  report: string[];
}

// Pure: the CSV and a report of how the sources agreed.
export function renderAdjacencyCsv(
  muniCsv: string,
  oxon: Topology,
  smartnews: Topology,
  lakiryt: Record<string, readonly string[]>,
): AdjacencyResult {
  const m = parseMunicipalities(muniCsv);
  const sources = [
    pairsFromTopology('oxon', oxon, (g) => g.properties?.lg_code_5, m),
    pairsFromTopology('smartnews', smartnews, (g) => g.properties?.N03_007, m),
    pairsFromList('lakiryt', lakiryt, m),
  ];
  for (const s of sources) {
    const missing = m.codes.filter((c) => !s.covered.has(c));
    if (missing.length > 0) throw new Error(`${s.name}: no geometry for ${missing.join(' ')}`);
  }
  const label = (key: string): string =>
    key
      .split(' ')
      .map((c) => `${c} ${m.names.get(c)}`)
      .join(' – ');
  const report = sources.map((s) => `${s.name}: ${s.pairs.size} pairs`);
  const neighbours = new Map(m.codes.map((c) => [c, [] as string[]]));
  const all = [...new Set(sources.flatMap((s) => [...s.pairs]))].sort();
  let kept = 0;
  for (const key of all) {
    const votes = sources.filter((s) => s.pairs.has(key));
    if (votes.length < sources.length) {
      const verdict = votes.length >= 2 ? 'kept' : 'dropped';
      report.push(`${verdict} (${votes.map((s) => s.name).join(', ')}): ${label(key)}`);
    }
    if (votes.length < 2) continue;
    kept += 1;
    const [a = '', b = ''] = key.split(' ');
    neighbours.get(a)?.push(b);
    neighbours.get(b)?.push(a);
  }
  const isolated = m.codes.filter((c) => neighbours.get(c)?.length === 0);
  report.push(`written: ${m.codes.length} municipalities, ${kept} pairs`);
  report.push(
    `no land neighbour (${isolated.length}): ${isolated.map((c) => `${c} ${m.names.get(c)}`).join(', ')}`,
  );
  const lines = m.codes.map((c) => `${c},${(neighbours.get(c) ?? []).sort().join(' ')}`);
  return { csv: `${[ADJACENCY_HEADER, ...lines].join('\n')}\n`, report };
}

function main(): void {
  const [oxon, smartnews, lakiryt] = process.argv.slice(2);
  if (oxon === undefined || smartnews === undefined || lakiryt === undefined) {
    console.error(
      'usage: tsx shared/domain/data/generate-adjacency.ts OXON SMARTNEWS LAKIRYT (see SOURCES.md)',
    );
    process.exit(2);
  }
  const json = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));
  const here = (file: string): URL => new URL(file, import.meta.url);
  const { csv, report } = renderAdjacencyCsv(
    readFileSync(here('./jp-municipalities.csv'), 'utf8'),
    json(oxon) as Topology,
    json(smartnews) as Topology,
    json(lakiryt) as Record<string, readonly string[]>,
  );
  writeFileSync(here('./jp-municipal-adjacency.csv'), csv);
  for (const line of report) console.log(line);
  console.log(`wrote ${here('./jp-municipal-adjacency.csv').pathname}`);
}

const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(entry).href) main();
