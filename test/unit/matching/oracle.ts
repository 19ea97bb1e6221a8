import { blockOf, fieldRelation, type Need, type Offer, sameMunicipality } from '#domain';

// The hard filters of PRODUCT.md "Matching", written once more, straight from the domain
// objects and the default config, without any of the engine's tables: the properties check the
// engine against this, not against itself.

export function coversLocation(offer: Offer, need: Need): boolean {
  const area = offer.serviceArea;
  const { prefecture, municipality } = need.location;
  return (
    area.nationwide ||
    area.blocks.some((b) => b === blockOf(prefecture)) ||
    area.prefectures.includes(prefecture) ||
    (municipality !== undefined && area.municipalities.some((m) => sameMunicipality(m, municipality)))
  );
}

export function fieldsRelated(need: Need, offer: Offer): boolean {
  if (offer.fields === 'any') return true;
  const offered = offer.fields;
  return need.fields.some((f) =>
    offered.some((g) => {
      const r = fieldRelation(f, g);
      return r === 'same' || r === 'parent_child';
    }),
  );
}

/** Offered ÷ needed is at least the default minimum coverage of the kind (funding: its minimum). */
export function capacityEnough(need: Need, offer: Offer): boolean {
  const n = need.capacity as Record<string, unknown>;
  const o = offer.capacity as Record<string, unknown>;
  const num = (c: Record<string, unknown>, k: string) =>
    typeof c[k] === 'number' ? (c[k] as number) : undefined;
  switch (need.kind) {
    case 'venue':
      return num(o, 'people')! >= num(n, 'people')!;
    case 'employment':
      return num(o, 'positions')! >= num(n, 'positions')!;
    case 'funding': {
      const min = num(n, 'minAmountJpy');
      return min === undefined || num(o, 'amountJpy')! >= min;
    }
    case 'volunteers':
    case 'skills': {
      const ratios = (['people', 'hoursPerMonth'] as const)
        .filter((k) => num(n, k) !== undefined && num(o, k) !== undefined)
        .map((k) => num(o, k)! / num(n, k)!);
      return ratios.length === 0 || Math.min(...ratios) >= 0.5;
    }
    case 'goods':
      return o.unit !== n.unit || num(o, 'quantity')! / num(n, 'quantity')! >= 0.5;
    case 'publicity':
    case 'other':
      return true;
  }
}

const endOf = (p: { period: { end?: string } }) => p.period.end ?? '9999-12-31';

/** Every hard filter that depends only on the two postings (not membership or decisions). */
export function passesPairFilters(need: Need, offer: Offer, today: string): boolean {
  return (
    need.kind === offer.kind &&
    need.platformId === offer.platformId &&
    need.status === 'open' &&
    offer.status === 'open' &&
    endOf(need) >= today &&
    endOf(offer) >= today &&
    need.period.start <= endOf(offer) &&
    offer.period.start <= endOf(need) &&
    need.organizationId !== offer.organizationId &&
    (coversLocation(offer, need) || (need.onlineOk && offer.serviceArea.online)) &&
    fieldsRelated(need, offer) &&
    capacityEnough(need, offer)
  );
}
