import { type Need, type Offer, resourceTypeGroup, type TypedKind } from '#domain';
import type { RefConfig } from './reference-config';

// The types rule of the reference scorer (reference-scorer.ts), from docs/matching.md ("Types"):
// kinds of a resource are alternatives, features are requirements, その他 never rules a pair out
// but scores lower, and an offer that states no types is not filtered. Plain string lists, no
// bit sets.

export type RefTypeMatch = 'none' | 'match' | 'other' | 'unknown';

function typesOf(p: Need | Offer): readonly string[] {
  return 'types' in p && p.types !== undefined ? p.types : [];
}

/** The types' multiplier of the field factor and how they met; null when the filter refuses. */
export function typeFactor(
  need: Need,
  offer: Offer,
  c: RefConfig,
): { value: number; match: RefTypeMatch } | null {
  if (need.kind !== 'venue' && need.kind !== 'skills' && need.kind !== 'goods')
    return { value: 1, match: 'none' };
  const kind: TypedKind = need.kind;
  const wanted = typesOf(need);
  if (wanted.length === 0) return { value: 1, match: 'none' };
  const offered = typesOf(offer);
  if (offered.length === 0) return { value: c.types.unknown, match: 'unknown' };
  const isFeature = (t: string) => resourceTypeGroup(kind, t) === 'feature';
  if (wanted.some((t) => isFeature(t) && !offered.includes(t))) return null;
  const wantedKinds = wanted.filter((t) => !isFeature(t));
  const offeredKinds = offered.filter((t) => !isFeature(t));
  if (wantedKinds.length === 0) return { value: 1, match: 'match' };
  if (offeredKinds.length === 0) return { value: c.types.unknown, match: 'unknown' };
  if (wantedKinds.some((t) => t !== 'other' && offeredKinds.includes(t))) return { value: 1, match: 'match' };
  if (wantedKinds.includes('other') || offeredKinds.includes('other'))
    return { value: c.types.other, match: 'other' };
  return null;
}
