import type { NeedTable } from './need-table';
import { NEAR_HI, NEAR_LO } from './regions';
import { KIND_COUNT } from './taxonomy';

/** One need's values, loaded once and read for every candidate offer. */
export class NeedView {
  row = -1;
  kindKey = 0;
  kind = 0;
  active = 0;
  org = 0;
  start = 0;
  end = 0;
  city = -1;
  pref = -1;
  block = -1;
  online = 0;
  nearLo = 0;
  nearHi = 0;
  fresh = 0;
  capA = 0;
  capB = 0;
  capMin = 0;
  coFunding = 0;
  unit = 0;
  types = 0;
  winStart = 0;
  winEnd = 0;
  fieldCount = 0;
  /** The need's field indices (the schema allows five; room for more). */
  readonly fields = new Int32Array(64);

  load(t: NeedTable, i: number): this {
    this.row = i;
    this.kindKey = t.kindKey[i]!;
    this.kind = this.kindKey % KIND_COUNT;
    this.active = t.active[i]!;
    this.org = t.org[i]!;
    this.start = t.start[i]!;
    this.end = t.end[i]!;
    this.city = t.city[i]!;
    const p = t.pref[i]!;
    this.pref = p;
    this.block = t.block[i]!;
    this.online = t.online[i]!;
    this.nearLo = p < 0 ? 0 : NEAR_LO[p]!;
    this.nearHi = p < 0 ? 0 : NEAR_HI[p]!;
    this.fresh = t.fresh[i]!;
    this.capA = t.capA[i]!;
    this.capB = t.capB[i]!;
    this.capMin = t.capMin[i]!;
    this.coFunding = t.coFunding[i]!;
    this.unit = t.unit[i]!;
    this.types = t.types[i]!;
    this.winStart = t.winStart[i]!;
    this.winEnd = t.winEnd[i]!;
    const from = t.fieldStart[i]!;
    const count = Math.min(this.fields.length, t.fieldStart[i + 1]! - from);
    for (let j = 0; j < count; j++) this.fields[j] = t.fieldList[from + j]!;
    this.fieldCount = count;
    return this;
  }
}
