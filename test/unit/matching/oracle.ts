import {
  blockOf,
  fieldRelation,
  isTypedKind,
  type Need,
  type Offer,
  resourceTypeGroup,
  sameMunicipality,
} from '#domain';

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

/** Kinds where a venue, a good or a notice board serves whoever uses it: the field only scores. */
const FIELD_ONLY_SCORES = new Set(['venue', 'goods', 'publicity']);

export function fieldsRelated(need: Need, offer: Offer): boolean {
  if (offer.fields === 'any' || FIELD_ONLY_SCORES.has(need.kind)) return true;
  const offered = offer.fields;
  return need.fields.some((f) =>
    offered.some((g) => {
      const r = fieldRelation(f, g);
      return r === 'same' || r === 'parent_child';
    }),
  );
}

/**
 * The types can meet: the offer has every feature the need lists, and the kinds they list
 * share one other than その他, or one of them lists その他 — or either side lists nothing to
 * compare (docs/matching.md, "Types").
 */
export function typesMeet(need: Need, offer: Offer): boolean {
  const kind = need.kind;
  if (!isTypedKind(kind)) return true;
  const wanted = new Set('types' in need ? need.types : []);
  const offered = new Set('types' in offer ? offer.types : []);
  if (wanted.size === 0 || offered.size === 0) return true;
  const split = (s: Set<string>) => {
    const features = [...s].filter((t) => resourceTypeGroup(kind, t) === 'feature');
    return { features, kinds: new Set([...s].filter((t) => !features.includes(t))) };
  };
  const n = split(wanted);
  const o = split(offered);
  if (!n.features.every((f) => offered.has(f))) return false;
  if (n.kinds.size === 0 || o.kinds.size === 0) return true;
  if (n.kinds.has('other') || o.kinds.has('other')) return true;
  return [...n.kinds].some((t) => o.kinds.has(t));
}

/** Offered ÷ needed is at least the default minimum coverage of the kind (funding: see below). */
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
      // A stated minimum; else half the amount, unless the need accepts co-funding.
      const min = num(n, 'minAmountJpy');
      if (min !== undefined) return num(o, 'amountJpy')! >= min;
      return n.coFunding === true || num(o, 'amountJpy')! * 2 >= num(n, 'amountJpy')!;
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
    typesMeet(need, offer) &&
    capacityEnough(need, offer)
  );
}
