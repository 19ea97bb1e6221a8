// The public face of mail: templates and the SES sender. Only this folder imports SES. Mail needs
// only the domain; what it needs of the store, a clock and a log it names itself (ports.ts).

export { addressOf, encodedWords, fromWithName, parseFrom } from './address';
export { type Link, linkUrls, signLink, unsubscribeHeaders, verifyLink } from './links';
export { type SendOptions, type SendReport, sendPending, sendTags } from './outbox-sender';
export { outboxTagsOf } from './outbox-stream';
export type {
  MailDeps,
  MailLog,
  OutboxPort,
  PreferencesPort,
  ReputationPort,
  SenderDeps,
  SesEventsDeps,
  SuppressionPort,
  UnsubscribeDeps,
} from './ports';
export {
  BOUNCE_RATE_LIMIT,
  COMPLAINT_RATE_LIMIT,
  overLimits,
  REPUTATION_MIN_SENDS,
  REPUTATION_WINDOW_DAYS,
  type Reputation,
  recordReputation,
  reputationOf,
} from './reputation';
export { backoffMs, classifySesError, Pacer, workersFor } from './send-policy';
export {
  createMailer,
  createSesClient,
  type Mail,
  type Mailer,
  type SesMailerSettings,
  sesMailer,
} from './sender';
export { parseSesEvents, type SesEvent, type SesEventType } from './ses-events';
export {
  applySesEvents,
  applyUnsubscribe,
  introductionMailsChange,
  introductionMailsOf,
  type SesEventsReport,
} from './suppression';
export { connectedMail } from './templates/connected';
export { contactVerificationMail } from './templates/contact-verification';
export { digestMail } from './templates/digest';
export { followUpMail } from './templates/follow-up';
export { type InvitationMail, invitationMail } from './templates/invitation';
export { magicLinkMail } from './templates/magic-link';
export { type MembershipEvent, type MembershipMailInput, membershipMail } from './templates/membership';
export { openCallMail } from './templates/open-call';
export { tokyoDate as displayDate } from './templates/parts';
export { proposalMail } from './templates/proposal';
export { reminderMail } from './templates/reminder';
export { platformSender } from './templates/secretariat';
export type * from './templates/types';
