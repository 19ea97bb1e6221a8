import { type Need, type Offer, postingTypes } from '#domain';
import { dayNumber, OPEN_END, tokyoDayOf } from './dates';
import type { IdSpace } from './id-space';
import { KIND_COUNT, kindCode } from './taxonomy';
import { typeBitsOf } from './types';

// What needs and offers share when they are read: the round's parameters, and a posting's common
// values (kind, organisation, period, freshness, fields, types).

export interface TableParams {
  readonly today: number;
  readonly horizonDays: number;
  readonly halfLifeDays: number;
}

/** The values needs and offers share, read from one posting. */
export class Common {
  kindKey = 0;
  active = 0;
  org = 0;
  start = 0;
  end = 0;
  fresh = 0;
  capA = 0;
  capB = 0;
  capMin = 0;
  unit = 0;
  /** The posting's types as a bit set (types.ts). */
  types = 0;
  /** funding need: 1 when it accepts a smaller amount with other funders. */
  coFunding = 0;

  read(p: Need | Offer, ids: IdSpace, params: TableParams): void {
    this.kindKey = ids.platform(p.platformId) * KIND_COUNT + kindCode(p.kind);
    const start = dayNumber(p.period.start);
    const end = p.period.end === undefined ? OPEN_END : dayNumber(p.period.end);
    const valid = !Number.isNaN(start) && !Number.isNaN(end);
    this.start = valid ? start : 0;
    this.end = valid ? end : 0;
    this.active = valid && p.status === 'open' && end >= params.today ? 1 : 0;
    this.org = ids.org(p.organizationId);
    const created = tokyoDayOf(p.createdAt);
    const age = Number.isNaN(created) ? 0 : Math.max(0, params.today - created);
    this.fresh = 0.5 ** (age / params.halfLifeDays);
    this.capA = 0;
    this.capB = 0;
    this.capMin = 0;
    this.unit = 0;
    this.coFunding = 0;
    this.types = typeBitsOf(this.kindKey % KIND_COUNT, postingTypes(p));
    switch (p.kind) {
      case 'venue':
        this.capA = p.capacity.people;
        this.capB = p.capacity.sessionsPerMonth ?? 0;
        break;
      case 'funding':
        this.capA = p.capacity.amountJpy;
        this.capMin = 'minAmountJpy' in p.capacity ? (p.capacity.minAmountJpy ?? 0) : 0;
        this.coFunding = 'coFunding' in p.capacity && p.capacity.coFunding === true ? 1 : 0;
        break;
      case 'employment':
        this.capA = p.capacity.positions;
        break;
      case 'volunteers':
      case 'skills':
        this.capA = p.capacity.people ?? 0;
        this.capB = p.capacity.hoursPerMonth ?? 0;
        break;
      case 'goods':
        this.capA = p.capacity.quantity;
        this.unit = p.capacity.unit === 'kg' ? 1 : 0;
        break;
      case 'publicity':
        this.capA = p.capacity.reach ?? 0;
        break;
      case 'other':
        break;
    }
  }
}
