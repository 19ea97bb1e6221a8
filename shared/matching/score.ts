import type { Need, Offer } from '#domain';
import { type MatchingConfigInput, resolveConfig } from './config';
import { parseToday, tableParams } from './engine';
import { factsOf, type MatchFacts } from './facts';
import { DETAIL_SIZE, kernelOf, type Rejection, rejectionOf, scoreAt } from './kernel';
import { breakdownOf, type ScoreBreakdown } from './proposal';
import { IdSpace, NeedView, needTable, offerTable } from './tables';

export type ScoredPair =
  | {
      readonly ok: true;
      /** In [0, 1], 4 decimals: the same number a proposal of this pair carries. */
      readonly score: number;
      readonly breakdown: ScoreBreakdown;
      readonly facts: MatchFacts;
      /** True when the score is below config.minScore: such a pair is never proposed. */
      readonly belowMinScore: boolean;
    }
  | { readonly ok: false; readonly reason: Rejection };

/**
 * Scores one pair on its own: the hard filters that depend only on the two postings (kind,
 * platform, open and in period, not the same organisation, area, field, capacity), then the
 * score. Membership and earlier decisions are the round's business (proposeMatches).
 */
export function scorePair(need: Need, offer: Offer, today: string, config?: MatchingConfigInput): ScoredPair {
  const cfg = resolveConfig(config);
  const ids = new IdSpace();
  const params = tableParams(cfg, parseToday(today));
  const nt = needTable([need], ids, params);
  const ot = offerTable([offer], ids, params);
  const kernel = kernelOf(cfg);
  const detail = new Float64Array(DETAIL_SIZE);
  const view = new NeedView().load(nt, 0);
  const q = scoreAt(view, ot, 0, kernel, detail);
  if (q < 0) return { ok: false, reason: rejectionOf(q) };
  return {
    ok: true,
    score: q / 10_000,
    breakdown: breakdownOf(detail),
    facts: factsOf(view, ot, 0, detail),
    belowMinScore: q < kernel.minQ,
  };
}
