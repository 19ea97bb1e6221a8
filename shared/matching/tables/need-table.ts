import type { Need } from '#domain';
import { Common, type TableParams } from './common';
import type { IdSpace } from './id-space';
import { IdKeyBuilder, type IdKeys, permuteIds } from './ids';
import { cityKeyOf, PREF_BLOCK, prefIndexOf } from './regions';
import { fieldIndex } from './taxonomy';

/** Needs, one column per value, rows in the order given to needTable. */
export interface NeedTable extends IdKeys {
  readonly size: number;
  /** platform × KIND_COUNT + kind: pairs must have the same. */
  readonly kindKey: Int32Array;
  /** 1 when open and not past its end date. */
  readonly active: Uint8Array;
  readonly org: Int32Array;
  readonly start: Int32Array;
  /** OPEN_END when open-ended. */
  readonly end: Int32Array;
  /** 2^(−age / half-life). */
  readonly fresh: Float64Array;
  /** Kind-specific numbers, 0 when absent (every real amount is positive). */
  readonly capA: Float64Array;
  readonly capB: Float64Array;
  /** funding: minAmountJpy, else 0. */
  readonly capMin: Float64Array;
  /** funding: 1 when the need accepts co-funding. */
  readonly coFunding: Uint8Array;
  /** goods: 0 units, 1 kg. */
  readonly unit: Int8Array;
  /** venue, skills, goods: the types as a bit set (types.ts), 0 when the need lists none. */
  readonly types: Int32Array;
  /** CSR list of field indices: fields of row i are fieldList[fieldStart[i] .. fieldStart[i+1]). */
  readonly fieldStart: Int32Array;
  readonly fieldList: Int16Array;
  readonly pref: Int8Array;
  readonly block: Int8Array;
  /** City key of the location's municipality, −1 without one. */
  readonly city: Int32Array;
  readonly online: Uint8Array;
  /** Timing window: from max(start, today) to end, or over the horizon when open-ended. */
  readonly winStart: Int32Array;
  readonly winEnd: Int32Array;
}

/** Reads needs into a table, row i from needs[i]: the one pass over the need objects. */
export function needTable(needs: readonly Need[], ids: IdSpace, params: TableParams): NeedTable {
  const n = needs.length;
  const idKeys = new IdKeyBuilder(n);
  const t = {
    size: n,
    kindKey: new Int32Array(n),
    active: new Uint8Array(n),
    org: new Int32Array(n),
    start: new Int32Array(n),
    end: new Int32Array(n),
    fresh: new Float64Array(n),
    capA: new Float64Array(n),
    capB: new Float64Array(n),
    capMin: new Float64Array(n),
    coFunding: new Uint8Array(n),
    unit: new Int8Array(n),
    types: new Int32Array(n),
    fieldStart: new Int32Array(n + 1),
    fieldList: new Int16Array(n * 5),
    pref: new Int8Array(n),
    block: new Int8Array(n),
    city: new Int32Array(n),
    online: new Uint8Array(n),
    winStart: new Int32Array(n),
    winEnd: new Int32Array(n),
  };
  const c = new Common();
  let fieldList = t.fieldList;
  let f = 0;
  for (let i = 0; i < n; i++) {
    const need = needs[i]!;
    idKeys.add(i, need.id);
    c.read(need, ids, params);
    t.kindKey[i] = c.kindKey;
    t.active[i] = c.active;
    t.org[i] = c.org;
    t.start[i] = c.start;
    t.end[i] = c.end;
    t.fresh[i] = c.fresh;
    t.capA[i] = c.capA;
    t.capB[i] = c.capB;
    t.capMin[i] = c.capMin;
    t.coFunding[i] = c.coFunding;
    t.unit[i] = c.unit;
    t.types[i] = c.types;
    t.fieldStart[i] = f;
    for (const slug of need.fields) {
      const idx = fieldIndex.get(slug);
      if (idx === undefined) continue;
      if (f === fieldList.length) {
        const grown = new Int16Array(fieldList.length * 2 + 8);
        grown.set(fieldList);
        fieldList = grown;
      }
      fieldList[f++] = idx;
    }
    const p = prefIndexOf(need.location.prefecture);
    t.pref[i] = p;
    t.block[i] = p < 0 ? -1 : PREF_BLOCK[p]!;
    t.city[i] = need.location.municipality === undefined ? -1 : cityKeyOf(need.location.municipality);
    t.online[i] = need.onlineOk ? 1 : 0;
    const ws = Math.max(c.start, params.today);
    t.winStart[i] = ws;
    t.winEnd[i] = need.period.end === undefined ? ws + params.horizonDays - 1 : c.end;
  }
  t.fieldStart[n] = f;
  return { ...t, fieldList, ids: idKeys.ids, keys: idKeys.keys };
}
/** The needs at `rows` of a table, as a new table. */
export function selectNeeds(t: NeedTable, rows: Int32Array): NeedTable {
  const n = rows.length;
  const pick = <A extends Int32Array | Uint8Array | Int8Array | Float64Array>(a: A): A => {
    const out = new (a.constructor as new (n: number) => A)(n);
    for (let i = 0; i < n; i++) out[i] = a[rows[i]!]!;
    return out;
  };
  const fieldStart = new Int32Array(n + 1);
  let total = 0;
  for (let i = 0; i < n; i++) total += t.fieldStart[rows[i]! + 1]! - t.fieldStart[rows[i]!]!;
  const fieldList = new Int16Array(total);
  let f = 0;
  for (let i = 0; i < n; i++) {
    fieldStart[i] = f;
    for (let j = t.fieldStart[rows[i]!]!; j < t.fieldStart[rows[i]! + 1]!; j++)
      fieldList[f++] = t.fieldList[j]!;
  }
  fieldStart[n] = f;
  return {
    ...permuteIds(t, rows),
    size: n,
    kindKey: pick(t.kindKey),
    active: pick(t.active),
    org: pick(t.org),
    start: pick(t.start),
    end: pick(t.end),
    fresh: pick(t.fresh),
    capA: pick(t.capA),
    capB: pick(t.capB),
    capMin: pick(t.capMin),
    coFunding: pick(t.coFunding),
    unit: pick(t.unit),
    types: pick(t.types),
    fieldStart,
    fieldList,
    pref: pick(t.pref),
    block: pick(t.block),
    city: pick(t.city),
    online: pick(t.online),
    winStart: pick(t.winStart),
    winEnd: pick(t.winEnd),
  };
}
