import { MUNICIPAL_ADJACENCY } from './data/municipal-adjacency.generated';
import { municipality } from './regions';

// Which municipalities share a land border (jp-municipal-adjacency.csv, from 国土数値情報 N03;
// SOURCES.md). A designated city is one municipality: its wards share its neighbours, and two
// wards of one city are the same place, not neighbours. Islands have none; a bridge does not
// make two municipalities neighbours.

const parsed = /* @__PURE__ */ new Map<string, readonly string[]>();

/** A ward's designated city; any other code as it is. */
function cityOf(code: string): string {
  return municipality(code)?.parent ?? code;
}

/** The municipalities beside `code` (a ward: beside its city), sorted; empty for islands and unknown codes. */
export function neighbouringMunicipalities(code: string): readonly string[] {
  const city = cityOf(code);
  let list = parsed.get(city);
  if (list === undefined) {
    const cell = MUNICIPAL_ADJACENCY[city];
    list = Object.freeze(cell === undefined ? [] : cell.split(' '));
    parsed.set(city, list);
  }
  return list;
}

/** Whether two municipalities (or wards) share a land border; never for one place and itself. */
export function areNeighbouringMunicipalities(a: string, b: string): boolean {
  return neighbouringMunicipalities(a).includes(cityOf(b));
}
