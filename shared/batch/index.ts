// The public face of batch work: rounds that load with Query, run pure code, write with conditions.

export { inChunks } from './chunks';
export {
  type DigestEvent,
  type DigestPlan,
  digestEventSchema,
  isDue,
  planDigest,
  runDigests,
} from './digest';
export { handleDigestEvent, handleMatchEvent } from './fan-out';
export { introductionMails } from './introduction-mails';
export {
  type Answer,
  answerIntroduction,
  reportOutcome,
  type SweepReport,
  sweepIntroductions,
} from './introductions';
export { type Mailbox, mailboxOf, OWNERS_MAILED } from './mailboxes';
export {
  type MatchEvent,
  matchEventSchema,
  matchIdOf,
  type RoundOptions,
  runMatchRound,
  runMatchRounds,
} from './match-round';
export { type MembershipChange, membershipMails } from './membership-mails';
export { type Application, applicationsOf } from './open-calls';
export { type StartInput, startIntroduction } from './start-introduction';
