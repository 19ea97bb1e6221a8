import type { Kind } from '#domain';
import { explain } from './explain';
import { factsOf, round4 } from './facts';
import {
  D_CAPACITY,
  D_FIELD,
  D_FRESHNESS,
  D_REGION,
  D_TIMING,
  DETAIL_SIZE,
  type Kernel,
  scoreAt,
} from './kernel';
import type { Assignment } from './optimal';
import { PhraseCache } from './phrase-cache';
import { type IdSpace, KIND_COUNT, type NeedTable, NeedView, O_INTS, O_ORG, type OfferTable } from './tables';

export interface ScoreBreakdown {
  readonly field: number;
  readonly region: number;
  readonly capacity: number;
  readonly timing: number;
  readonly freshness: number;
}

/** One proposed introduction of a round. Numbers are rounded to 4 decimals so output is byte-stable. */
export interface Proposal {
  readonly needId: string;
  readonly offerId: string;
  readonly needOrganizationId: string;
  readonly offerOrganizationId: string;
  readonly platformId: string;
  readonly kind: Kind;
  /** In [0, 1]: the weighted mean of the breakdown. */
  readonly score: number;
  readonly breakdown: ScoreBreakdown;
  readonly explanation: { readonly ja: string; readonly en: string };
}

/** The key of a (need, offer) pair in declinedPairs / proposedPairs. */
export function pairKey(needId: string, offerId: string): string {
  return `${needId}:${offerId}`;
}

export function breakdownOf(detail: Float64Array): ScoreBreakdown {
  return {
    field: round4(detail[D_FIELD]!),
    region: round4(detail[D_REGION]!),
    capacity: round4(detail[D_CAPACITY]!),
    timing: round4(detail[D_TIMING]!),
    freshness: round4(detail[D_FRESHNESS]!),
  };
}

/** The proposal of need `v` and offer row `oi`: `q` is the score ×10⁴, `detail` the kernel's detail. */
export function proposalOf(
  v: NeedView,
  nt: NeedTable,
  o: OfferTable,
  oi: number,
  q: number,
  detail: Float64Array,
  ids: IdSpace,
  cache?: PhraseCache,
): Proposal {
  const facts = factsOf(v, o, oi, detail);
  return {
    needId: nt.ids[v.row]!,
    offerId: o.ids[oi]!,
    needOrganizationId: ids.organizationIds[v.org]!,
    offerOrganizationId: ids.organizationIds[o.ints[oi * O_INTS + O_ORG]!]!,
    platformId: ids.platformIds[Math.floor(v.kindKey / KIND_COUNT)]!,
    kind: facts.kind,
    score: q / 10_000,
    breakdown: breakdownOf(detail),
    explanation: { ja: explain(facts, 'ja', cache), en: explain(facts, 'en', cache) },
  };
}

/** Edges as the assignment saw them: the need of each, its offer row, its score ×10⁴. */
export interface Edges {
  readonly needOf: (e: number) => number;
  readonly offer: Int32Array;
  readonly q: Int32Array;
}

/**
 * The proposals of the chosen edges, in edge order: with edges listed need by need, best first,
 * that is by need id, then score desc, then offer id.
 */
export function proposalsOf(
  edges: Edges,
  assignment: Assignment,
  nt: NeedTable,
  ot: OfferTable,
  kernel: Kernel,
  ids: IdSpace,
): Proposal[] {
  const detail = new Float64Array(DETAIL_SIZE);
  const view = new NeedView();
  const cache = new PhraseCache();
  const proposals: Proposal[] = [];
  for (let e = 0; e < assignment.chosen.length; e++) {
    if (assignment.chosen[e] === 0) continue;
    const ni = edges.needOf(e);
    const oi = edges.offer[e]!;
    if (view.row !== ni) view.load(nt, ni);
    scoreAt(view, ot, oi, kernel, detail);
    proposals.push(proposalOf(view, nt, ot, oi, edges.q[e]!, detail, ids, cache));
  }
  return proposals;
}
