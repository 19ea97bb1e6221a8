import { awaitsAnswerFrom } from './introduction';
import type { Match, Side } from './match';
import { isoWeekOf } from './outbox';
import type { Need, Offer } from './posting';
import { type StoredPreferences, withinInterests } from './preferences';
import { blockOf, PREFECTURES } from './regions';

// The weekly digest's content for one person (PRODUCT.md "Digest"): pure selection, so the
// batch only loads and writes. The week is the platform's, in Asia/Tokyo.

export const DIGEST_LIST_LIMIT = 5;

export interface DigestWeek {
  /** ISO week, e.g. 2026-W48: part of every digest mail's outbox key. */
  week: string;
  /** Monday and Sunday of that week (Tokyo dates). */
  start: string;
  end: string;
}

export function digestWeekOf(tokyoDate: string): DigestWeek {
  const d = new Date(`${tokyoDate}T00:00:00Z`);
  const monday = new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * 86_400_000);
  const sunday = new Date(monday.getTime() + 6 * 86_400_000);
  return { week: isoWeekOf(tokyoDate), start: iso(monday), end: iso(sunday) };
}

const iso = (d: Date) => d.toISOString().slice(0, 10);

export interface DigestSelection {
  pendingMatches: { match: Match; side: Side }[];
  newNeeds: Need[];
  newOffers: Offer[];
  moreNeeds: number;
  moreOffers: number;
}

/**
 * What one person's digest lists: proposals waiting for an answer from one of their
 * organisations, and the week's new needs and offers of other organisations within their
 * fields and regions. Undefined when there is nothing personal and no news (no empty mail).
 */
export function selectDigest(input: {
  organizationIds: ReadonlySet<string>;
  preferences: StoredPreferences | undefined;
  openMatches: readonly Match[];
  newNeeds: readonly Need[];
  newOffers: readonly Offer[];
  newsCount: number;
}): DigestSelection | undefined {
  const orgs = input.organizationIds;
  const pendingMatches: DigestSelection['pendingMatches'] = [];
  for (const match of input.openMatches) {
    if (orgs.has(match.needOrganizationId) && awaitsAnswerFrom(match, 'need'))
      pendingMatches.push({ match, side: 'need' });
    if (orgs.has(match.offerOrganizationId) && awaitsAnswerFrom(match, 'offer'))
      pendingMatches.push({ match, side: 'offer' });
  }
  const needs = input.newNeeds.filter(
    (n) =>
      !orgs.has(n.organizationId) &&
      withinInterests(input.preferences, { fields: n.fields, places: [n.location] }),
  );
  const offers = input.newOffers.filter(
    (o) =>
      !orgs.has(o.organizationId) &&
      withinInterests(input.preferences, { fields: o.fields, places: offerPlaces(o) }),
  );
  if (pendingMatches.length + needs.length + offers.length + input.newsCount === 0) return undefined;
  return {
    pendingMatches,
    newNeeds: needs.slice(0, DIGEST_LIST_LIMIT),
    newOffers: offers.slice(0, DIGEST_LIST_LIMIT),
    moreNeeds: Math.max(0, needs.length - DIGEST_LIST_LIMIT),
    moreOffers: Math.max(0, offers.length - DIGEST_LIST_LIMIT),
  };
}

type Place = { prefecture: string; municipality?: string };

// A digest run asks for every new offer's places once per member: work them out once per offer.
const placesOfOffer = new WeakMap<Offer, readonly Place[]>();

/** The places an offer serves, as locations; nationwide or online-only offers fit every region. */
function offerPlaces(o: Offer): readonly Place[] {
  let places = placesOfOffer.get(o);
  if (!places) {
    places = placesServed(o);
    placesOfOffer.set(o, places);
  }
  return places;
}

function placesServed(o: Offer): Place[] {
  if (o.serviceArea.nationwide) return [];
  const inBlocks = PREFECTURES.filter((p) => o.serviceArea.blocks.includes(blockOf(p.code) as never));
  return [
    ...inBlocks.map((p) => ({ prefecture: p.code })),
    ...o.serviceArea.prefectures.map((prefecture) => ({ prefecture })),
    ...o.serviceArea.municipalities.map((m) => ({ prefecture: m.slice(0, 2), municipality: m })),
  ];
}
