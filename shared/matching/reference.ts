import { type MatchingConfigInput, resolveConfig } from './config';
import { type MatchingInput, parseToday, tableParams } from './engine';
import { kernelOf, scoreAt } from './kernel';
import { needOrder } from './offer-index';
import { type AssignmentProblem, optimalAssignment } from './optimal';
import { type Proposal, pairKey, proposalsOf } from './proposal';
import {
  allRows,
  IdSpace,
  type NeedTable,
  NeedView,
  needTable,
  O_INTS,
  O_ORG,
  type OfferTable,
  offerTable,
  selectNeeds,
  selectOffers,
  sortById,
} from './tables';

// The obvious algorithm, for tests and the benchmark: score every need × offer pair, keep each
// need's L best, and solve the same assignment. proposeMatches must return exactly the same
// proposals, only without looking at every pair.

export interface ScoredPairs extends AssignmentProblem {
  /** Passing pairs need by need, best first (score desc, offer id asc). */
  readonly need: Int32Array;
}

interface InIdOrder {
  readonly nt: NeedTable;
  readonly ot: OfferTable;
  readonly ids: IdSpace;
}

/** All needs and offers, each in id order, as tables. */
function inIdOrder(input: MatchingInput, config: MatchingConfigInput): InIdOrder {
  const cfg = resolveConfig(config);
  const params = tableParams(cfg, parseToday(input.today));
  const ids = new IdSpace();
  const needs = needTable(input.needs, ids, params);
  const offers = offerTable(input.offers, ids, params);
  const needRows = sortById(allRows(needs.size), needs, 'need');
  const offerRows = sortById(allRows(offers.size), offers, 'offer');
  return { nt: selectNeeds(needs, needRows), ot: selectOffers(offers, offerRows, allRows(offers.size)), ids };
}

/** Every pair that passes all filters and minScore, need by need, best first. */
export function allScoredPairs(input: MatchingInput, config?: MatchingConfigInput): ScoredPairs {
  const cfg = resolveConfig(config);
  const { nt, ot, ids } = inIdOrder(input, cfg);
  const kernel = kernelOf(cfg);
  const approved = (org: number) => input.approvedOrganizations.has(ids.organizationIds[org]!);
  const offerApproved = Array.from({ length: ot.size }, (_, oi) => approved(ot.ints[oi * O_INTS + O_ORG]!));
  const pn: number[] = [];
  const po: number[] = [];
  const pq: number[] = [];
  const view = new NeedView();
  for (let ni = 0; ni < nt.size; ni++) {
    if (!approved(nt.org[ni]!)) continue;
    view.load(nt, ni);
    const from = pq.length;
    for (let oi = 0; oi < ot.size; oi++) {
      if (!offerApproved[oi]) continue;
      const q = scoreAt(view, ot, oi, kernel, null);
      if (q < kernel.minQ) continue;
      const key = pairKey(nt.ids[ni]!, ot.ids[oi]!);
      if (input.declinedPairs.has(key) || input.proposedPairs.has(key)) continue;
      pn.push(ni);
      po.push(oi);
      pq.push(q);
    }
    // Best first within the need: score desc, then offer id (offers are in id order).
    const order = Array.from({ length: pq.length - from }, (_, i) => from + i).sort(
      (a, b) => pq[b]! - pq[a]! || po[a]! - po[b]!,
    );
    const q = order.map((i) => pq[i]!);
    const o = order.map((i) => po[i]!);
    for (let i = 0; i < order.length; i++) {
      pq[from + i] = q[i]!;
      po[from + i] = o[i]!;
    }
  }
  return {
    needs: nt.size,
    offers: ot.size,
    needCap: cfg.proposalsPerNeed,
    offerCap: ot.intros,
    need: Int32Array.from(pn),
    offer: Int32Array.from(po),
    q: Int32Array.from(pq),
  };
}

/** Keeps the first `perNeed` pairs of each need. */
export function shortList(pairs: ScoredPairs, perNeed: number): ScoredPairs {
  const kept: number[] = [];
  const count = new Int32Array(pairs.needs);
  for (let e = 0; e < pairs.q.length; e++) {
    const ni = pairs.need[e]!;
    if (count[ni]! < perNeed) {
      count[ni]!++;
      kept.push(e);
    }
  }
  return {
    ...pairs,
    need: Int32Array.from(kept, (e) => pairs.need[e]!),
    offer: Int32Array.from(kept, (e) => pairs.offer[e]!),
    q: Int32Array.from(kept, (e) => pairs.q[e]!),
  };
}

/** The greedy baseline: pairs in global order (score desc, need id, offer id) while the caps allow. */
export function greedyTotal(pairs: ScoredPairs): number {
  const order = Array.from(pairs.q.keys()).sort(
    (a, b) =>
      pairs.q[b]! - pairs.q[a]! || pairs.need[a]! - pairs.need[b]! || pairs.offer[a]! - pairs.offer[b]!,
  );
  const needLeft = new Int32Array(pairs.needs).fill(pairs.needCap);
  const offerLeft = pairs.offerCap.slice();
  let total = 0;
  for (const e of order) {
    const ni = pairs.need[e]!;
    const oi = pairs.offer[e]!;
    if (needLeft[ni]! > 0 && offerLeft[oi]! > 0) {
      needLeft[ni]!--;
      offerLeft[oi]!--;
      total += pairs.q[e]!;
    }
  }
  return total;
}

/** proposeMatches by brute force over all needs × offers. */
export function proposeMatchesBruteForce(
  input: MatchingInput,
  config?: MatchingConfigInput,
): { proposals: Proposal[]; pairs: ScoredPairs; totalScore: number } {
  const cfg = resolveConfig(config);
  const pairs = allScoredPairs(input, cfg);
  const { nt, ot, ids } = inIdOrder(input, cfg);
  // The same order of needs as the engine's: it decides between equally good assignments.
  const problem = {
    ...shortList(pairs, Math.max(cfg.proposalsPerNeed, cfg.candidatesPerNeed)),
    order: needOrder(nt, ids),
  };
  const assignment = optimalAssignment(problem);
  const edges = { needOf: (e: number) => problem.need[e]!, offer: problem.offer, q: problem.q };
  const proposals = proposalsOf(edges, assignment, nt, ot, kernelOf(cfg), ids);
  return { proposals, pairs, totalScore: assignment.total / 10_000 };
}
