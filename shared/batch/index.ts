// The public face of batch work: rounds that load with Query, run pure code, write with conditions.
export {
  type MatchEvent,
  matchEventSchema,
  matchIdOf,
  type RoundOptions,
  runMatchRound,
  runMatchRounds,
} from './match-round';
