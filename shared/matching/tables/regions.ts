import { BLOCK_IDS, MUNICIPALITIES, PREFECTURES } from '#domain';
import { digits } from './dates';

// Prefectures, blocks and municipalities as small integers; the prefectures near each prefecture
// as a bit set.

export const PREF_COUNT = PREFECTURES.length;
export const BLOCK_COUNT = BLOCK_IDS.length;
export const CITY_COUNT = MUNICIPALITIES.length;
const prefIndex = new Map<string, number>(PREFECTURES.map((p, i) => [p.code, i]));
const blockIndex = new Map<string, number>(BLOCK_IDS.map((b, i) => [b, i]));
const muniIndex = new Map<string, number>(MUNICIPALITIES.map((m, i) => [m.code, i]));
/** Block index of each prefecture index. */
export const PREF_BLOCK = Int8Array.from(PREFECTURES, (p) => blockIndex.get(p.block)!);
/** Per prefecture: bit set (two words) of itself and the prefectures reachable by land or bridge. */
export const NEAR_LO = new Int32Array(PREF_COUNT);
export const NEAR_HI = new Int32Array(PREF_COUNT);
for (const [i, p] of PREFECTURES.entries()) {
  for (const code of [p.code, ...p.adjacent, ...p.linked]) {
    const j = prefIndex.get(code);
    if (j === undefined) continue;
    if (j < 32) NEAR_LO[i]! |= 1 << j;
    else NEAR_HI[i]! |= 1 << (j - 32);
  }
}

export function prefAt(index: number): string {
  return PREFECTURES[index]!.code;
}
export function blockAt(index: number): (typeof BLOCK_IDS)[number] {
  return BLOCK_IDS[index]!;
}
/** The municipality code of a city key (a designated city for its wards). */
export function cityAt(index: number): string {
  return MUNICIPALITIES[index]!.code;
}

/** Prefecture index of each city key. */
export const MUNI_PREF = Int8Array.from(MUNICIPALITIES, (m) => prefIndex.get(m.prefecture) ?? -1);

/** City key by the number of a 5-digit municipality code; −1 for no municipality. */
const CITY_BY_CODE = (() => {
  const table = new Int32Array(100_000).fill(-1);
  for (const [i, m] of MUNICIPALITIES.entries()) {
    table[Number(m.code)] = m.parent === undefined ? i : (muniIndex.get(m.parent) ?? i);
  }
  return table;
})();

/** A municipality's city key: the designated city for a ward, else itself; −1 when unknown. */
export function cityKeyOf(code: string): number {
  const v = code.length === 5 ? digits(code, 0, 5) : -1;
  return v < 0 ? -1 : CITY_BY_CODE[v]!;
}

/** Index of a prefecture code 01–47 (PREFECTURES is in code order); −1 when unknown. */
export function prefIndexOf(code: string): number {
  const v = code.length === 2 ? digits(code, 0, 2) : -1;
  return v >= 1 && v <= PREF_COUNT && PREFECTURES[v - 1]!.code === code ? v - 1 : -1;
}

export function blockIndexOf(id: string): number {
  return blockIndex.get(id) ?? -1;
}
