import { ulidKeys } from './ids';

/** Small integers for organisation and platform ids, shared by the needs and offers of a round. */
export class IdSpace {
  readonly organizations = new Map<string, number>();
  readonly organizationIds: string[] = [];
  /** Per organisation number: 1 when approved (or when no approval list was given). */
  readonly approved: number[] = [];
  readonly platforms = new Map<string, number>();
  readonly platformIds: string[] = [];
  private lastPlatform = '';
  private lastPlatformIndex = -1;

  constructor(private readonly approvedOrganizations?: ReadonlySet<string>) {}

  // ULIDs are interned by their numeric keys in an open-addressing table (no string hashing,
  // no second string to compare); anything else through the Map.
  private slotKeys = new Float64Array(3 * 1024);
  private slotValues = new Int32Array(1024).fill(-1);
  private readonly scratch = new Float64Array(3);

  org(id: string): number {
    const k = this.scratch;
    if (!ulidKeys(id, k, 0)) {
      const v = this.organizations.get(id);
      return v === undefined ? this.newOrg(id) : v;
    }
    let mask = this.slotValues.length - 1;
    let slot = (Math.imul(k[1]! | 0, 0x9e3779b1) ^ (k[2]! | 0) ^ (k[0]! | 0)) & mask;
    for (;;) {
      const v = this.slotValues[slot]!;
      if (v < 0) break;
      if (
        this.slotKeys[3 * slot] === k[0] &&
        this.slotKeys[3 * slot + 1] === k[1] &&
        this.slotKeys[3 * slot + 2] === k[2]
      ) {
        return v;
      }
      slot = (slot + 1) & mask;
    }
    const v = this.newOrg(id);
    if (2 * (this.organizationIds.length + 1) > this.slotValues.length) {
      this.grow();
      mask = this.slotValues.length - 1;
      slot = (Math.imul(k[1]! | 0, 0x9e3779b1) ^ (k[2]! | 0) ^ (k[0]! | 0)) & mask;
      while (this.slotValues[slot]! >= 0) slot = (slot + 1) & mask;
    }
    this.slotValues[slot] = v;
    this.slotKeys.set(k, 3 * slot);
    return v;
  }

  private newOrg(id: string): number {
    const v = this.organizationIds.length;
    this.organizations.set(id, v);
    this.organizationIds.push(id);
    this.approved.push(
      this.approvedOrganizations === undefined || this.approvedOrganizations.has(id) ? 1 : 0,
    );
    return v;
  }

  private grow(): void {
    const keys = this.slotKeys;
    const values = this.slotValues;
    this.slotKeys = new Float64Array(keys.length * 2);
    this.slotValues = new Int32Array(values.length * 2).fill(-1);
    const mask = this.slotValues.length - 1;
    for (let s = 0; s < values.length; s++) {
      if (values[s]! < 0) continue;
      let slot =
        (Math.imul(keys[3 * s + 1]! | 0, 0x9e3779b1) ^ (keys[3 * s + 2]! | 0) ^ (keys[3 * s]! | 0)) & mask;
      while (this.slotValues[slot]! >= 0) slot = (slot + 1) & mask;
      this.slotValues[slot] = values[s]!;
      this.slotKeys[3 * slot] = keys[3 * s]!;
      this.slotKeys[3 * slot + 1] = keys[3 * s + 1]!;
      this.slotKeys[3 * slot + 2] = keys[3 * s + 2]!;
    }
  }

  /** Per platform number, its position among the platform ids in byte order: independent of input order. */
  platformRanks(): Int32Array {
    const sorted = [...this.platformIds].sort();
    return Int32Array.from(this.platformIds, (id) => sorted.indexOf(id));
  }

  platform(id: string): number {
    if (id === this.lastPlatform) return this.lastPlatformIndex;
    let v = this.platforms.get(id);
    if (v === undefined) {
      v = this.platforms.size;
      this.platforms.set(id, v);
      this.platformIds.push(id);
    }
    this.lastPlatform = id;
    this.lastPlatformIndex = v;
    return v;
  }
}
