import { type Need, type Offer, resourceTypeGroup, type TypedKind } from '#domain';
import type { RefVerdict } from './reference-scorer';

// The census of a reference-scorer run: which cases the random pairs actually reached, so that
// the property can insist on each (a property that generated no instance proves nothing).

export class Census {
  private readonly counts = new Map<string, number>();

  see(label: string): void {
    this.counts.set(label, (this.counts.get(label) ?? 0) + 1);
  }

  count(label: string): number {
    return this.counts.get(label) ?? 0;
  }

  /** The labels of `required` this run never saw. */
  missing(required: readonly string[]): string[] {
    return required.filter((label) => this.count(label) === 0);
  }

  toJSON(): Record<string, number> {
    return Object.fromEntries([...this.counts].sort(([a], [b]) => a.localeCompare(b)));
  }

  /** Labels one scored pair. */
  pair(need: Need, offer: Offer, today: string, ref: RefVerdict, customConfig: boolean): void {
    const oneDayOff = (a: string | undefined, b: string) =>
      a !== undefined && Date.parse(b) - Date.parse(a) === 86_400_000;
    if (!ref.ok) {
      this.see(`refused:${ref.reason}`);
      if (ref.reason === 'period' && oneDayOff(offer.period.end, need.period.start))
        this.see('period:end=start-1');
      if (ref.reason === 'capacity' && need.kind === 'funding')
        this.see(
          'minAmountJpy' in need.capacity && need.capacity.minAmountJpy !== undefined
            ? 'capacity:funding-below-min'
            : 'capacity:funding-below-floor',
        );
      if (ref.reason === 'type')
        this.see(`type:${missingFeature(need, offer) ? 'feature-missing' : 'no-kind-in-common'}`);
      return;
    }
    this.see('accepted');
    this.see(ref.belowMinScore ? 'belowMinScore' : 'aboveMinScore');
    this.see(`kind:${need.kind}`);
    this.see(`tier:${ref.tier}`);
    this.see(`relation:${ref.relation}`);
    this.see(`types:${ref.types}`);
    this.see(`pref:${need.location.prefecture}`);
    if (Number(need.location.prefecture) >= 33) this.see(`pref>=33:${ref.tier}`);
    if (need.location.municipality === undefined) this.see('need-by-prefecture');
    if (customConfig) this.see('custom-config');
    if (offer.period.end === need.period.start) this.see('period:end=start');
    if (need.period.end === offer.period.start) this.see('period:start=end');
    if (today.endsWith('-02-29')) this.see('today:leap-day');
    if (today.endsWith('-03-31') || today.endsWith('-04-01')) this.see('today:fiscal-year-end');
    if (need.kind === 'goods' && 'unit' in need.capacity) this.see(`goods:${need.capacity.unit}`);
    const { ratio, floor, sessionsShort } = ref.capacity;
    if (ratio === undefined) this.see('capacity:not-comparable');
    else if (ratio === 1) this.see('capacity:exact-fit');
    else if (ratio < 1) this.see(ratio === floor ? 'capacity:at-floor' : 'capacity:partial');
    else this.see(ratio === 3 ? 'capacity:at-oversize' : ratio > 3 ? 'capacity:oversize' : 'capacity:ample');
    if (sessionsShort) this.see('capacity:sessions-short');
    if (need.kind === 'funding' && 'coFunding' in need.capacity && need.capacity.coFunding && ratio! < 0.5)
      this.see('capacity:co-funding-small');
    if (
      need.kind === 'funding' &&
      offer.kind === 'funding' &&
      'minAmountJpy' in need.capacity &&
      offer.capacity.amountJpy === need.capacity.minAmountJpy
    )
      this.see('capacity:funding-at-min');
  }
}

/** Whether the need asks for a feature (a kitchen, step-free access) the offer does not list. */
function missingFeature(need: Need, offer: Offer): boolean {
  const wanted = 'types' in need ? (need.types ?? []) : [];
  const offered = 'types' in offer ? (offer.types ?? []) : [];
  return wanted.some(
    (t) => resourceTypeGroup(need.kind as TypedKind, t) === 'feature' && !offered.includes(t),
  );
}
