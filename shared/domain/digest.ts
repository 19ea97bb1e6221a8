import { awaitsAnswerFrom } from './introduction';
import type { Match, Side } from './match';
import { areaCovers, type OrganizationArea } from './organization-profile';
import { isoWeekOf } from './outbox';
import type { Need, Offer } from './posting';
import { type StoredPreferences, withinInterests } from './preferences';
import { blockOf, PREFECTURES } from './regions';
import { relatedFields } from './taxonomy';

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

/** Why a listed posting is near the reader's own work: its field, its place, or both. */
export interface Relevance {
  field: boolean;
  area: boolean;
}

/**
 * What a reader's organisations work on (their profiles' 活動分野 and areas), which orders and
 * marks the week's new postings: those in these fields or places come first.
 */
export interface ProfileInterests {
  fields: readonly string[];
  areas: readonly OrganizationArea[];
}

export interface DigestSelection {
  pendingMatches: { match: Match; side: Side }[];
  newNeeds: Need[];
  newOffers: Offer[];
  /** By posting id, for the listed postings near the reader's organisations' work. */
  relevance: Map<string, Relevance>;
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
  /** The reader's organisations' profiles; none = no ordering or marks. */
  profile?: ProfileInterests | undefined;
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
  const relevance = new Map<string, Relevance>();
  if (input.profile) {
    const profile = input.profile;
    for (const n of needs) relevance.set(n.id, relevanceOf(profile, n.fields, [n.location]));
    for (const o of offers) relevance.set(o.id, relevanceOf(profile, o.fields, offerPlaces(o)));
    byRelevance(needs, relevance);
    byRelevance(offers, relevance);
    for (const [id, r] of relevance) if (!r.field && !r.area) relevance.delete(id);
  }
  return {
    pendingMatches,
    relevance,
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

/**
 * Whether a posting is in the profile's fields (a field takes in its broader and narrower ones;
 * "any field" is no match, it is everyone's) and in its areas (a nationwide or online-only offer
 * is nobody's area in particular).
 */
export function relevanceOf(
  profile: ProfileInterests,
  fields: readonly string[] | 'any',
  places: readonly Place[],
): Relevance {
  const wanted = new Set<string>(profile.fields.flatMap((f) => relatedFields(f)));
  return {
    field: fields !== 'any' && fields.some((f) => wanted.has(f)),
    area: places.some((place) => profile.areas.some((area) => areaCovers(area, place))),
  };
}

/** Both marks first, then one, then none; newest first within each (a stable sort keeps it). */
function byRelevance(postings: { id: string }[], relevance: Map<string, Relevance>): void {
  const weight = (id: string) => {
    const r = relevance.get(id);
    return r ? Number(r.field) + Number(r.area) : 0;
  };
  postings.sort((a, b) => weight(b.id) - weight(a.id));
}
