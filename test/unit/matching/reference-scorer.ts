import { blockOf, FIELDS, municipality as municipalityOf, type Need, type Offer, PREFECTURES } from '#domain';
import { capacityFactor, type RefCapacity } from './reference-capacity';
import type { RefConfig } from './reference-config';
import { type RefTypeMatch, typeFactor } from './reference-types';

// An independent reference scorer for one (need, offer) pair, written from PRODUCT.md
// ("Matching") and docs/matching.md ("Hard filters", "Score") as plain, slow code. It imports
// nothing from shared/matching — only the domain's data (prefectures, municipalities, fields) —
// so a scoring bug in kernel.ts cannot hide behind a shared implementation
// (reference-scorer.test.ts compares the two).
//
// Points where docs/matching.md is silent or ambiguous, settled by reading kernel.ts (each is
// marked "DOCS SILENT" below):
//  1. Platform and kind: a pair differing in both is refused as `kind`; `platform` only when the
//     kinds agree.
//  2. "Covered" in the field factor's breadth share means exact or parent/child; a need's field
//     with only a sibling in the offer counts as not covered.
//  3. Capacity: a number is comparable only when both postings give it (> 0). Volunteers/skills
//     take the lower of the two ratios (people, hours) when both are comparable. Goods compare
//     only in the same unit. Funding has no coverage floor at all (minCoverage is 0 for it),
//     only the need's minAmountJpy. The venue's sessions shortfall multiplies whatever the seats
//     gave (also an oversize decay).
//  4. Timing: days are counted inclusively on both ends, so a window of one day that the offer
//     covers is 1, and the open-ended window is exactly `openEndedHorizonDays` days long.
//  5. Freshness: age in whole Asia/Tokyo days, never negative (a posting created "after" today
//     is brand new).
//  6. An offer for any field gets `field.any` flat: the breadth multiplier is left out (docs:
//     "offer for any field 0.5 … times (0.85 + 0.15 × share)"; "any" covers every field, so
//     the share is 1 and both readings agree).
//  7. The taxonomy has no siblings today, so `siblings` is never reached (docs, "Decisions").
//  8. The score compared is the weighted sum before rounding; the kernel rounds it to
//     ten-thousandths, and so does the breakdown.
//  9. The docs' table of hard filters lists `type` after `period` and before `region`: the
//     order a pair failing both is reported in is read from the table.

export type { RefConfig } from './reference-config';

export type RefRefusal =
  | 'platform'
  | 'kind'
  | 'closed'
  | 'same_organization'
  | 'period'
  | 'region'
  | 'field'
  | 'capacity'
  | 'type';
export type RefTier = 'municipality' | 'prefecture' | 'neighbour' | 'block' | 'nationwide' | 'online';
export type RefFieldRelation = 'same' | 'parent_child' | 'siblings' | 'none' | 'any';

export interface RefBreakdown {
  field: number;
  region: number;
  capacity: number;
  timing: number;
  freshness: number;
}

export type RefVerdict =
  | {
      readonly ok: true;
      /** The unrounded weighted mean. */
      readonly score: number;
      readonly breakdown: RefBreakdown;
      readonly tier: RefTier;
      readonly relation: RefFieldRelation;
      readonly types: RefTypeMatch;
      readonly capacity: RefCapacity;
      readonly belowMinScore: boolean;
    }
  | { readonly ok: false; readonly reason: RefRefusal };

// --- dates ------------------------------------------------------------------------------------

const DAY_MS = 24 * 60 * 60 * 1000;

/** Days since 1970-01-01 of a YYYY-MM-DD date. */
export function dayOf(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

/** The Asia/Tokyo calendar day (UTC+9, no summer time) of an ISO timestamp, as a day number. */
function tokyoDay(timestamp: string): number {
  return Math.floor((new Date(timestamp).getTime() + 9 * 60 * 60 * 1000) / DAY_MS);
}

// --- region -----------------------------------------------------------------------------------

/** A designated city stands for its wards: a ward's code becomes its city's. */
function cityOf(code: string): string {
  return municipalityOf(code)?.parent ?? code;
}

/** The prefecture itself and those reachable from it by land or by a fixed bridge/tunnel. */
function prefectureAndNeighbours(code: string): string[] {
  const p = PREFECTURES.find((x) => x.code === code);
  return p === undefined ? [] : [code, ...p.adjacent, ...p.linked];
}

/** The best tier of the offer's service area for the need's location, or null when none covers it. */
function regionTier(need: Need, offer: Offer): RefTier | null {
  const area = offer.serviceArea;
  const here = need.location;
  if (here.municipality !== undefined) {
    const city = cityOf(here.municipality);
    if (area.municipalities.some((m) => cityOf(m) === city)) return 'municipality';
  }
  if (area.prefectures.includes(here.prefecture)) return 'prefecture';
  const block = blockOf(here.prefecture);
  const byBlock = block !== undefined && area.blocks.includes(block);
  if (byBlock || area.nationwide) {
    // The prefectures the offer names, directly or through one of its municipalities.
    const named = new Set([...area.prefectures, ...area.municipalities.map((m) => m.slice(0, 2))]);
    if (prefectureAndNeighbours(here.prefecture).some((p) => named.has(p))) return 'neighbour';
    return byBlock ? 'block' : 'nationwide';
  }
  if (need.onlineOk && area.online) return 'online';
  return null;
}

// --- fields -----------------------------------------------------------------------------------

function parentOfField(slug: string): string | undefined {
  return FIELDS.find((f) => f.slug === slug)?.parent;
}

function ancestors(slug: string): string[] {
  const up: string[] = [];
  for (let p = parentOfField(slug); p !== undefined && !up.includes(p); p = parentOfField(p)) up.push(p);
  return up;
}

function relationOf(a: string, b: string): 'same' | 'parent_child' | 'siblings' | 'none' {
  if (a === b) return 'same';
  if (ancestors(a).includes(b) || ancestors(b).includes(a)) return 'parent_child';
  const pa = parentOfField(a);
  return pa !== undefined && pa === parentOfField(b) ? 'siblings' : 'none';
}

const RELATION_RANK = { none: 0, siblings: 1, parent_child: 2, same: 3 } as const;

/** The field factor and the best relation; null when the filter refuses the pair. */
function fieldFactor(
  need: Need,
  offer: Offer,
  c: RefConfig,
): { value: number; relation: RefFieldRelation } | null {
  // DOCS SILENT (6): no breadth multiplier for "any" (it covers all of the need's fields).
  if (offer.fields === 'any') return { value: c.field.any, relation: 'any' };
  let best: 'same' | 'parent_child' | 'siblings' | 'none' = 'none';
  let covered = 0;
  for (const nf of need.fields) {
    let mine: 'same' | 'parent_child' | 'siblings' | 'none' = 'none';
    for (const of of offer.fields) {
      const r = relationOf(nf, of);
      if (RELATION_RANK[r] > RELATION_RANK[mine]) mine = r;
    }
    // DOCS SILENT (2): only an exact or a parent/child field covers one of the need's fields.
    if (mine === 'same' || mine === 'parent_child') covered += 1;
    if (RELATION_RANK[mine] > RELATION_RANK[best]) best = mine;
  }
  if (c.requireFieldRelation[need.kind] && (best === 'none' || best === 'siblings')) return null;
  const base =
    best === 'same'
      ? c.field.exact
      : best === 'parent_child'
        ? c.field.parentChild
        : best === 'siblings'
          ? c.field.siblings
          : 0;
  const share = covered / need.fields.length;
  return { value: base * (1 - c.field.breadth + c.field.breadth * share), relation: best };
}

// --- the pair ---------------------------------------------------------------------------------

/** The verdict on one pair: the first hard rule it breaks, or its score and breakdown. */
export function referenceScore(need: Need, offer: Offer, today: string, c: RefConfig): RefVerdict {
  // DOCS SILENT (1): a different kind wins over a different platform.
  if (need.kind !== offer.kind) return { ok: false, reason: 'kind' };
  if (need.platformId !== offer.platformId) return { ok: false, reason: 'platform' };
  const stillOpen = (p: Need | Offer) =>
    p.status === 'open' && (p.period.end === undefined || p.period.end >= today);
  if (!stillOpen(need) || !stillOpen(offer)) return { ok: false, reason: 'closed' };
  if (need.organizationId === offer.organizationId) return { ok: false, reason: 'same_organization' };
  const nStart = dayOf(need.period.start);
  const nEnd = need.period.end === undefined ? Number.POSITIVE_INFINITY : dayOf(need.period.end);
  const oStart = dayOf(offer.period.start);
  const oEnd = offer.period.end === undefined ? Number.POSITIVE_INFINITY : dayOf(offer.period.end);
  if (oEnd < nStart || oStart > nEnd) return { ok: false, reason: 'period' };
  // DOCS SILENT (9): the types are checked right after the period (docs: the order of the table).
  const types = typeFactor(need, offer, c);
  if (types === null) return { ok: false, reason: 'type' };
  const tier = regionTier(need, offer);
  if (tier === null) return { ok: false, reason: 'region' };
  const field = fieldFactor(need, offer, c);
  if (field === null) return { ok: false, reason: 'field' };
  const capacity = capacityFactor(need, offer, c);
  if (capacity === null) return { ok: false, reason: 'capacity' };

  // DOCS SILENT (4): the window counts whole days, both ends included.
  const winStart = Math.max(nStart, dayOf(today));
  const winEnd = need.period.end === undefined ? winStart + c.openEndedHorizonDays - 1 : nEnd;
  const overlap = Math.min(winEnd, oEnd) - Math.max(winStart, oStart) + 1;
  const timing = overlap <= 0 ? 0 : overlap / (winEnd - winStart + 1);

  // DOCS SILENT (5): ages in Asia/Tokyo days, never negative.
  const freshOf = (p: Need | Offer) =>
    2 ** (-Math.max(0, dayOf(today) - tokyoDay(p.createdAt)) / c.freshnessHalfLifeDays);
  const freshness = (freshOf(need) + freshOf(offer)) / 2;

  const breakdown: RefBreakdown = {
    field: field.value * types.value,
    region: c.region[tier],
    capacity: capacity.fit,
    timing,
    freshness,
  };
  const w = c.weights;
  const total = w.field + w.region + w.capacity + w.timing + w.freshness;
  let score = 0;
  for (const k of ['field', 'region', 'capacity', 'timing', 'freshness'] as const)
    score += (w[k] / total) * breakdown[k];
  return {
    ok: true,
    score,
    breakdown,
    tier,
    relation: field.relation,
    types: types.match,
    capacity,
    belowMinScore: Math.round(score * 10_000) < Math.round(c.minScore * 10_000),
  };
}
