import { type Kind, RESOURCE_TYPE_IDS, resourceTypeGroup, type TypedKind } from '#domain';

// Types of the synthetic platform's venue, skills and goods postings (docs/matching.md,
// "Types"): most offers state one to three (a venue offer at least one kind of room, often a
// kitchen or step-free access), one in ten was posted before types and states none; about half
// the needs state one or two, a venue need sometimes a feature it requires. Kinds are skewed:
// the first types of a list are the common ones.

type Rand = () => number;

function skewedPick(r: Rand, ids: readonly string[]): string {
  return ids[Math.floor(ids.length * r() ** 1.6)]!;
}

/** `{ types }` for a posting of kind `k`, or `{}` when it states none (or the kind has none). */
export function syntheticTypes(r: Rand, k: Kind, side: 'need' | 'offer'): { types?: string[] } {
  if (!(k in RESOURCE_TYPE_IDS)) return {};
  const kind = k as TypedKind;
  if (r() < (side === 'offer' ? 0.1 : 0.5)) return {};
  const ids: readonly string[] = RESOURCE_TYPE_IDS[kind];
  const choices = ids.filter((t) => resourceTypeGroup(kind, t) === 'choice');
  const features = ids.filter((t) => resourceTypeGroup(kind, t) === 'feature');
  const types = new Set<string>();
  // A venue need may ask only for features; every other posting names one kind or more.
  const onlyFeatures = side === 'need' && features.length > 0 && r() < 0.3;
  if (!onlyFeatures) {
    const count = side === 'offer' ? 1 + Math.floor(r() * 3) : 1 + Math.floor(r() * 2);
    while (types.size < count) types.add(skewedPick(r, choices));
  }
  for (const f of features) if (r() < (side === 'offer' ? 0.4 : 0.15)) types.add(f);
  return types.size === 0 ? {} : { types: [...types] };
}
