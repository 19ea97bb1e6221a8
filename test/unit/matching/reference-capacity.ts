import type { Need, Offer } from '#domain';
import type { RefConfig } from './reference-config';

// The capacity factor of the reference scorer (reference-scorer.ts), from docs/matching.md:
// "r = offered ÷ needed: 1 for 1 ≤ r ≤ 3, √(3 / r) beyond, 0.6 × r for a partial offer;
// × sessions offered ÷ wanted for a venue with fewer sessions a month than wanted; 0.6 when
// nothing can be compared", and the filter "offered ÷ needed ≥ capacity.minCoverage[kind];
// funding: never below the need's minAmountJpy; without one, not below minCoverage.funding of the
// amount unless the need accepts co-funding". Nothing from shared/matching.

/** offered ÷ needed when both numbers are given, else undefined. */
function ratioOf(offered: number | undefined, needed: number | undefined): number | undefined {
  return offered !== undefined && needed !== undefined && offered > 0 && needed > 0
    ? offered / needed
    : undefined;
}

/** How a capacity factor came about, for the property's census of cases. */
export interface RefCapacity {
  readonly fit: number;
  /** offered ÷ needed on the deciding number; undefined when nothing could be compared. */
  readonly ratio: number | undefined;
  readonly floor: number;
  /** A venue with fewer sessions a month than wanted. */
  readonly sessionsShort: boolean;
}

/** The capacity factor in [0, 1] and how it came about, or null when the offer is clearly insufficient. */
export function capacityFactor(need: Need, offer: Offer, c: RefConfig): RefCapacity | null {
  // Both postings have the same kind here (the kind filter ran first); read their numbers by name.
  const n = need.capacity as Readonly<Record<string, number | string | undefined>>;
  const o = offer.capacity as Readonly<Record<string, number | string | undefined>>;
  const num = (cap: typeof n, key: string) =>
    typeof cap[key] === 'number' ? (cap[key] as number) : undefined;
  let ratio: number | undefined;
  let floor = 0;
  switch (need.kind) {
    case 'funding': {
      // The need's stated minimum; without one, capacity.minCoverage.funding of its amount,
      // unless it accepts co-funding (docs: the capacity filter).
      const min = num(n, 'minAmountJpy');
      if (min !== undefined && num(o, 'amountJpy')! < min) return null;
      ratio = num(o, 'amountJpy')! / num(n, 'amountJpy')!;
      floor = min !== undefined || need.capacity.coFunding === true ? 0 : c.capacity.minCoverage.funding;
      break;
    }
    case 'volunteers':
    case 'skills': {
      const byPeople = ratioOf(num(o, 'people'), num(n, 'people'));
      const byHours = ratioOf(num(o, 'hoursPerMonth'), num(n, 'hoursPerMonth'));
      // The tighter of the two when both are given (docs), either one alone otherwise.
      ratio =
        byPeople === undefined ? byHours : byHours === undefined ? byPeople : Math.min(byPeople, byHours);
      floor = c.capacity.minCoverage[need.kind];
      break;
    }
    case 'goods':
      ratio = n.unit === o.unit ? ratioOf(num(o, 'quantity'), num(n, 'quantity')) : undefined;
      floor = c.capacity.minCoverage.goods;
      break;
    case 'venue':
      ratio = ratioOf(num(o, 'people'), num(n, 'people'));
      floor = c.capacity.minCoverage.venue;
      break;
    case 'employment':
      ratio = ratioOf(num(o, 'positions'), num(n, 'positions'));
      floor = c.capacity.minCoverage.employment;
      break;
    case 'publicity':
      ratio = ratioOf(num(o, 'reach'), num(n, 'reach'));
      floor = c.capacity.minCoverage.publicity;
      break;
    case 'other':
      ratio = undefined;
      break;
  }
  let fit: number;
  if (ratio === undefined) fit = c.capacity.unknown;
  else if (ratio < floor) return null;
  else if (ratio < 1) fit = c.capacity.partial * ratio;
  else if (ratio <= c.capacity.oversizeRatio) fit = 1;
  else fit = (c.capacity.oversizeRatio / ratio) ** c.capacity.oversizeExponent;
  let sessionsShort = false;
  if (need.kind === 'venue') {
    const wanted = num(n, 'sessionsPerMonth');
    const offered = num(o, 'sessionsPerMonth');
    sessionsShort = wanted !== undefined && offered !== undefined && offered < wanted;
    if (sessionsShort) fit *= offered! / wanted!;
  }
  return { fit, ratio, floor, sessionsShort };
}
