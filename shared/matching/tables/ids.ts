// Posting ids: ULIDs as sort keys, rows sorted by id, an id found among them.

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CROCKFORD_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < CROCKFORD.length; i++) CROCKFORD_VALUE[CROCKFORD.charCodeAt(i)] = i;

/**
 * A ULID as three numbers (50 + 40 + 40 bits) that sort like the string: the Crockford
 * alphabet is in ASCII order. False when `id` is not a ULID.
 */
export function ulidKeys(id: string, keys: Float64Array, at: number): boolean {
  if (id.length !== 26) return false;
  let a = 0;
  let b = 0;
  let c = 0;
  for (let i = 0; i < 26; i++) {
    const code = id.charCodeAt(i);
    const v = code < 128 ? CROCKFORD_VALUE[code]! : -1;
    if (v < 0) return false;
    if (i < 10) a = a * 32 + v;
    else if (i < 18) b = b * 32 + v;
    else c = c * 32 + v;
  }
  keys[at] = a;
  keys[at + 1] = b;
  keys[at + 2] = c;
  return true;
}

/** Posting ids of a table's rows and, when they are all ULIDs, their sort keys (else null). */
export interface IdKeys {
  readonly ids: readonly string[];
  readonly keys: Float64Array | null;
}

export class IdKeyBuilder {
  readonly ids: string[];
  keys: Float64Array | null;

  constructor(n: number) {
    this.ids = new Array<string>(n);
    this.keys = new Float64Array(n * 3);
  }

  add(i: number, id: string): void {
    this.ids[i] = id;
    if (this.keys !== null && !ulidKeys(id, this.keys, i * 3)) this.keys = null;
  }
}

/** The ids of the given rows; their sort keys are not carried over (search the source instead). */
export function permuteIds(t: IdKeys, rows: Int32Array): IdKeys {
  return { ids: Array.from(rows, (r) => t.ids[r]!), keys: null };
}

function compareAt(k: Float64Array, x: number, y: number): number {
  return k[3 * x]! - k[3 * y]! || k[3 * x + 1]! - k[3 * y + 1]! || k[3 * x + 2]! - k[3 * y + 2]!;
}

/** The given input rows sorted by id; throws on a duplicate id. */
export function sortById(rows: Int32Array, idKeys: IdKeys, what: string): Int32Array {
  const { ids, keys } = idKeys;
  const sorted = rows.slice();
  if (keys !== null) sorted.sort((x, y) => compareAt(keys, x, y));
  else sorted.sort((x, y) => (ids[x]! < ids[y]! ? -1 : ids[x]! > ids[y]! ? 1 : 0));
  for (let i = 1; i < sorted.length; i++) {
    if (ids[sorted[i - 1]!] === ids[sorted[i]!])
      throw new Error(`matching: duplicate ${what} id ${ids[sorted[i]!]}`);
  }
  return sorted;
}

/** The position of `id` in `byId` (rows sorted by id), or −1. */
export function findById(id: string, byId: Int32Array, idKeys: IdKeys, scratch: Float64Array): number {
  const { ids, keys } = idKeys;
  let lo = 0;
  let hi = byId.length - 1;
  if (keys !== null) {
    if (!ulidKeys(id, scratch, 0)) return -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = byId[mid]!;
      const c =
        keys[3 * r]! - scratch[0]! || keys[3 * r + 1]! - scratch[1]! || keys[3 * r + 2]! - scratch[2]!;
      if (c === 0) return mid;
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const other = ids[byId[mid]!]!;
    if (other === id) return mid;
    if (other < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
/** Positions 0 … n−1. */
export function allRows(n: number): Int32Array {
  return Int32Array.from({ length: n }, (_, i) => i);
}
