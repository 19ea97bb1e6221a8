// The public face of matching: pure functions over needs and offers, no I/O, no clock.
export {
  DEFAULT_MATCHING_CONFIG,
  FIELD_FILTER_BY_KIND,
  type MatchingConfig,
  type MatchingConfigInput,
  type MatchingWeights,
  matchingConfigSchema,
  resolveConfig,
} from './config';
export { type MatchingInput, type MatchingResult, type MatchingStats, proposeMatches } from './engine';
export { explain } from './explain';
export type { CapacityFact, CapacityMeasure, FieldFact, MatchFacts, RegionFact, TypeFact } from './facts';
export { REGION_TIERS, REJECTIONS, type RegionTier, type Rejection } from './kernel';
export {
  type Assignment,
  type AssignmentProblem,
  assignShortLists,
  optimalAssignment,
  type ShortLists,
} from './optimal';
export { type Proposal, pairKey, type ScoreBreakdown } from './proposal';
export {
  allScoredPairs,
  greedyTotal,
  proposeMatchesBruteForce,
  type ScoredPairs,
  shortList,
} from './reference';
export { type ScoredPair, scorePair } from './score';
