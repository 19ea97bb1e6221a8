// A month, what one platform does in it, what we assume of the deployment, and the scenario
// priced (P platforms of that traffic).

export const DAYS_PER_MONTH = 30.44;
export const HOURS_PER_MONTH = DAYS_PER_MONTH * 24;
export const SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600;
/** What one platform does in a month. */
export interface PlatformTraffic {
  /** People of member organisations (they get the digest and may sign in). */
  members: number;
  /** Introductions the rounds propose in a month ("a few dozen"). */
  introductionsPerMonth: number;
  /** Mails per introduction: 2 proposals, then reminders, contact exchange and follow-ups. */
  mailsPerIntroduction: number;
  /** Weekly digest runs per month. */
  digestsPerMonth: number;
  /** Share of members who get a non-empty digest; undefined = as measured. */
  digestReach?: number | undefined;
  matchRoundsPerMonth: number;
  apiRequestsPerMemberPerMonth: number;
  /** Sessions last 30 days: about one sign-in per active member and month. */
  signInsPerMemberPerMonth: number;
}

export const REFERENCE_MEMBERS = 300;

/** A platform of `members` people; everything scales with its size (300 is the reference). */
export function platformTraffic(members = REFERENCE_MEMBERS): PlatformTraffic {
  const scale = members / REFERENCE_MEMBERS;
  return {
    members,
    introductionsPerMonth: 30 * scale,
    // 2 proposals + 1 reminder (half the sides answer late) + 1 contact exchange (2 mails, half
    // accepted) + 1 follow-up (2 mails, half connected).
    mailsPerIntroduction: 5,
    digestsPerMonth: 52 / 12,
    digestReach: undefined,
    matchRoundsPerMonth: DAYS_PER_MONTH,
    apiRequestsPerMemberPerMonth: 10,
    signInsPerMemberPerMonth: 0.3,
  };
}

/** Deployment-level behaviour we could not measure locally. docs/cost.md gives the reasons. */
export interface Assumptions {
  /** Open shards of the table's stream (one per partition; a small table has one). */
  streamShards: number;
  /** GetRecords calls per shard per second by the Pipe (Lambda's documented rate is 4). */
  streamPollsPerSecond: number;
  /** Long-poll connections Lambda keeps on each event-source queue while it is idle. */
  sqsPollersPerQueue: number;
  /** WaitTimeSeconds of those long polls. */
  sqsLongPollSeconds: number;
  /** SQS requests per message: send, receive, delete (unbatched: an upper bound). */
  sqsRequestsPerMessage: number;
  /** Lambda time ÷ local time: 512 MB gets a third of a vCPU, and DynamoDB is a network hop away. */
  lambdaSlowdown: number;
  /** Billed INIT time spread over all invocations (cold starts). */
  initSecondsPerInvocation: number;
  /** Lambda's own START/END/REPORT lines per invocation, bytes. */
  platformLogBytesPerInvocation: number;
  /** CloudWatch counts 26 bytes of metadata per log event. */
  logEventOverheadBytes: number;
  accessLogBytesPerRequest: number;
  logRetentionMonths: number;
  /** SES events per mail that reach ses-events (Send, Delivery), one invocation each. */
  sesEventsPerMail: number;
  /** Mails per send invocation: a digest arrives in SQS batches of 10, introductions one by one. */
  digestMailsPerSendInvocation: number;
  /** SES_MAX_SEND_RATE per sender instance (half the account's 10/s): the send Lambda waits its turn. */
  sesMailsPerSecondPerSender: number;
  /** Sent outbox items live 90 days (TTL) before they are deleted. */
  outboxRetentionMonths: number;
  alarmEmailsPerMonth: number;
  /** Hours a month in which something fails, so that the on-failure metrics (Trouble) have data. */
  troubleHoursPerMonth: number;
  /** WRU of the day's reputation counter per SES Send event of a sign-in mail (shared/mail/reputation.ts). */
  reputationWruPerSend: number;
}

export const ASSUMPTIONS: Assumptions = {
  streamShards: 1,
  streamPollsPerSecond: 4,
  sqsPollersPerQueue: 5,
  sqsLongPollSeconds: 20,
  sqsRequestsPerMessage: 3,
  lambdaSlowdown: 3,
  initSecondsPerInvocation: 0.25,
  platformLogBytesPerInvocation: 350,
  logEventOverheadBytes: 26,
  accessLogBytesPerRequest: 330,
  logRetentionMonths: 1,
  sesEventsPerMail: 2,
  digestMailsPerSendInvocation: 10,
  sesMailsPerSecondPerSender: 5,
  outboxRetentionMonths: 3,
  alarmEmailsPerMonth: 2,
  troubleHoursPerMonth: 4,
  reputationWruPerSend: 1,
};

export interface Scenario {
  platforms: number;
  traffic: PlatformTraffic;
}
