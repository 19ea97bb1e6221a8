import * as z from 'zod';
import { ALARM_LEVELS } from '../constructs/alarm-levels';

// The monthly AWS bill of one tsunagu deployment hosting P platforms, from list prices (Tokyo),
// per-operation counts measured against DynamoDB Local (measured.json, written by measure.ts) and a
// platform's traffic. Pure: no clock, no files, no network. docs/cost.md explains every number.
//
// Two steps: usageOf() turns a scenario into monthly quantities per price (WRU, GB-seconds, mails
// …), billOf() prices them. Free tiers are NOT subtracted: the figure holds for an account that
// already spends its free tier elsewhere. freeTierCredit() says what they would take off.

export const DAYS_PER_MONTH = 30.44;
export const HOURS_PER_MONTH = DAYS_PER_MONTH * 24;
export const SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600;
const GB = 1024 ** 3;

// ---------------------------------------------------------------------------------------------
// Prices

/** The day the prices below were taken. */
export const PRICES_TAKEN = '2026-11-24';

export interface Price {
  /** US$ per `per` units. */
  usd: number;
  per: number;
  unit: string;
  /** ap-northeast-1 (Tokyo) unless we found no Tokyo price. */
  region: 'ap-northeast-1' | 'us-east-1';
  source: string;
}

const DYNAMODB = 'https://aws.amazon.com/dynamodb/pricing/on-demand/';
const EVENTBRIDGE = 'https://aws.amazon.com/eventbridge/pricing/';
const CLOUDWATCH = 'https://aws.amazon.com/cloudwatch/pricing/';

export const PRICES = {
  dynamoWrite: {
    usd: 0.715,
    per: 1e6,
    unit: 'write request units',
    region: 'ap-northeast-1',
    source: DYNAMODB,
  },
  dynamoRead: {
    usd: 0.1425,
    per: 1e6,
    unit: 'read request units',
    region: 'ap-northeast-1',
    source: DYNAMODB,
  },
  dynamoStorage: {
    usd: 0.285,
    per: 1,
    unit: 'GB-month (table + indexes)',
    region: 'ap-northeast-1',
    source: DYNAMODB,
  },
  dynamoPitr: {
    usd: 0.228,
    per: 1,
    unit: 'GB-month of PITR backup',
    region: 'ap-northeast-1',
    source: DYNAMODB,
  },
  dynamoStreamRead: {
    usd: 0.0228,
    per: 1e5,
    unit: 'stream read requests (GetRecords by a non-Lambda consumer)',
    region: 'ap-northeast-1',
    source: DYNAMODB,
  },
  lambdaRequest: {
    usd: 0.2,
    per: 1e6,
    unit: 'Lambda requests',
    region: 'ap-northeast-1',
    source: 'https://aws.amazon.com/lambda/pricing/',
  },
  lambdaGbSecond: {
    usd: 0.0000133334,
    per: 1,
    unit: 'GB-seconds (arm64)',
    region: 'ap-northeast-1',
    source: 'https://aws.amazon.com/lambda/pricing/',
  },
  httpApiRequest: {
    usd: 1.29,
    per: 1e6,
    unit: 'HTTP API requests',
    region: 'ap-northeast-1',
    source: 'https://aws.amazon.com/api-gateway/pricing/',
  },
  sesMessage: {
    usd: 0.1,
    per: 1000,
    unit: 'mails',
    region: 'ap-northeast-1',
    source: 'https://aws.amazon.com/ses/pricing/',
  },
  sesData: {
    usd: 0.12,
    per: 1,
    unit: 'GB of mail sent (charged on attachments; applied to every byte as an upper bound)',
    region: 'ap-northeast-1',
    source: 'https://aws.amazon.com/ses/pricing/',
  },
  sqsRequest: {
    usd: 0.4,
    per: 1e6,
    unit: 'SQS requests (standard)',
    region: 'ap-northeast-1',
    source: 'https://aws.amazon.com/sqs/pricing/',
  },
  schedulerInvocation: {
    usd: 1.0,
    per: 1e6,
    unit: 'EventBridge Scheduler invocations',
    region: 'us-east-1',
    source: EVENTBRIDGE,
  },
  pipesRequest: {
    usd: 0.4,
    per: 1e6,
    unit: 'EventBridge Pipes requests (after filtering, per 64 KB)',
    region: 'us-east-1',
    source: EVENTBRIDGE,
  },
  logsIngestion: {
    usd: 0.76,
    per: 1,
    unit: 'GB of logs ingested',
    region: 'ap-northeast-1',
    source: CLOUDWATCH,
  },
  logsStorage: {
    usd: 0.033,
    per: 1,
    unit: 'GB-month of logs stored',
    region: 'ap-northeast-1',
    source: CLOUDWATCH,
  },
  alarm: {
    usd: 0.1,
    per: 1,
    unit: 'alarm metric-months (standard resolution; a metric-math alarm is billed per metric in it)',
    region: 'ap-northeast-1',
    source: CLOUDWATCH,
  },
  compositeAlarm: {
    usd: 0.5,
    per: 1,
    unit: 'composite alarm-months (on top of the alarms they combine)',
    region: 'ap-northeast-1',
    source: CLOUDWATCH,
  },
  customMetric: {
    usd: 0.3,
    per: 1,
    unit: 'custom metric-months (prorated by the hour: a metric is billed only in hours it has data)',
    region: 'ap-northeast-1',
    source: CLOUDWATCH,
  },
  dashboard: {
    usd: 3.0,
    per: 1,
    unit: 'dashboard-months',
    region: 'ap-northeast-1',
    source: CLOUDWATCH,
  },
  snsEmail: {
    usd: 2.0,
    per: 1e5,
    unit: 'SNS email notifications',
    region: 'us-east-1',
    source: 'https://aws.amazon.com/sns/pricing/',
  },
  dataTransferOut: {
    usd: 0.114,
    per: 1,
    unit: 'GB out to the internet (API responses)',
    region: 'ap-northeast-1',
    source: 'https://aws.amazon.com/ec2/pricing/on-demand/#Data_Transfer',
  },
} as const satisfies Record<string, Price>;

export type PriceKey = keyof typeof PRICES;
export type Prices = Record<PriceKey, Price>;

export const SERVICES = [
  'DynamoDB requests',
  'DynamoDB storage + PITR',
  'DynamoDB Streams (non-Lambda reads)',
  'Lambda',
  'API Gateway HTTP API',
  'SES',
  'SQS',
  'EventBridge Scheduler',
  'EventBridge Pipes',
  'CloudWatch Logs',
  'CloudWatch alarms',
  'CloudWatch metrics + dashboards',
  'SNS',
  'Data transfer out',
] as const;
export type Service = (typeof SERVICES)[number];

export const SERVICE_OF: Record<PriceKey, Service> = {
  dynamoWrite: 'DynamoDB requests',
  dynamoRead: 'DynamoDB requests',
  dynamoStorage: 'DynamoDB storage + PITR',
  dynamoPitr: 'DynamoDB storage + PITR',
  dynamoStreamRead: 'DynamoDB Streams (non-Lambda reads)',
  lambdaRequest: 'Lambda',
  lambdaGbSecond: 'Lambda',
  httpApiRequest: 'API Gateway HTTP API',
  sesMessage: 'SES',
  sesData: 'SES',
  sqsRequest: 'SQS',
  schedulerInvocation: 'EventBridge Scheduler',
  pipesRequest: 'EventBridge Pipes',
  logsIngestion: 'CloudWatch Logs',
  logsStorage: 'CloudWatch Logs',
  alarm: 'CloudWatch alarms',
  compositeAlarm: 'CloudWatch alarms',
  customMetric: 'CloudWatch metrics + dashboards',
  dashboard: 'CloudWatch metrics + dashboards',
  snsEmail: 'SNS',
  dataTransferOut: 'Data transfer out',
};

export interface FreeTier {
  price: PriceKey;
  /** Units per month, in the price's unit. */
  amount: number;
  /** Always free, or only in the account's first 12 months. */
  always: boolean;
}

/** Monthly free tiers, per account and region. Not applied to the bill; see freeTierCredit(). */
export const FREE_TIERS: FreeTier[] = [
  { price: 'dynamoStorage', amount: 25, always: true },
  { price: 'dynamoStreamRead', amount: 2.5e6, always: true },
  { price: 'lambdaRequest', amount: 1e6, always: true },
  { price: 'lambdaGbSecond', amount: 400_000, always: true },
  { price: 'httpApiRequest', amount: 1e6, always: false },
  { price: 'sesMessage', amount: 3000, always: false },
  { price: 'sqsRequest', amount: 1e6, always: true },
  { price: 'schedulerInvocation', amount: 14e6, always: true },
  { price: 'logsIngestion', amount: 5, always: true },
  { price: 'alarm', amount: 10, always: true },
  { price: 'customMetric', amount: 10, always: true },
  { price: 'dashboard', amount: 3, always: true },
  { price: 'snsEmail', amount: 1000, always: true },
  { price: 'dataTransferOut', amount: 100, always: true },
];

// ---------------------------------------------------------------------------------------------
// What measure.ts writes (infra/cost/measured.json)

const operation = z.object({
  rru: z.number().nonnegative(),
  wru: z.number().nonnegative(),
  /** Part of `wru` spent on global secondary indexes. */
  wruIndexes: z.number().nonnegative(),
  calls: z.record(z.string(), z.number()),
  failedConditions: z.number().nonnegative(),
  /** Wall time on the measuring machine, against DynamoDB Local. */
  ms: z.number().nonnegative(),
  /** Application log output (JSON lines) and its line count. */
  logBytes: z.number().nonnegative(),
  logLines: z.number().nonnegative(),
});
export type Operation = z.infer<typeof operation>;

export const measuredSchema = z.object({
  takenAt: z.string(),
  note: z.string(),
  platform: z.object({
    members: z.number().positive(),
    organizations: z.number().positive(),
    openNeeds: z.number(),
    openOffers: z.number(),
    newPostingsThisWeek: z.number(),
    news: z.number(),
  }),
  operations: z.object({
    /** runMatchRounds for one platform (sweep + round) that proposed `proposals` introductions. */
    matchRound: operation.extend({ proposals: z.number().positive(), mailsQueued: z.number() }),
    /** The same again with nothing new to propose: what a quiet daily round costs. */
    quietRound: operation,
    digestPlan: operation.extend({ members: z.number().positive(), planned: z.number().positive() }),
    /** sendTags (the stream → SQS → send path) over the round's proposal mails. */
    sendIntroductionMails: operation.extend({ mails: z.number().positive() }),
    sendDigestMails: operation.extend({ mails: z.number().positive() }),
    /** SES Send + Delivery events of those mails applied by ses-events. */
    sesEventsIntroduction: operation.extend({ mails: z.number().positive(), events: z.number().positive() }),
    sesEventsDigest: operation.extend({ mails: z.number().positive(), events: z.number().positive() }),
    /** One ten-minute sweep (sendPending) with nothing pending. */
    sweepIdle: operation,
    /** Listing every platform, as each schedule's dispatch does. */
    listPlatforms: operation.extend({ platforms: z.number().positive() }),
    signIn: operation.extend({ signIns: z.number().positive(), requests: z.number().positive() }),
    apiMix: operation.extend({
      requests: z.number().positive(),
      responseBytes: z.number().nonnegative(),
      mix: z.record(z.string(), z.number()),
    }),
  }),
  sizes: z.object({
    /** Estimated MIME size of one mail as SES sends it (base64 bodies + headers). */
    digestMailBytes: z.number().positive(),
    introductionMailBytes: z.number().positive(),
    magicLinkMailBytes: z.number().positive(),
    outboxDigestItemBytes: z.number().positive(),
    outboxIntroductionItemBytes: z.number().positive(),
    platformItemBytes: z.number().positive(),
    /** Everything stored for the measured platform except the outbox, index copies and 100-byte item overhead included. */
    storedBytesExcludingOutbox: z.number().positive(),
    storedBytesTotal: z.number().positive(),
  }),
  deployment: z.object({
    /** The `-c alarms=` level the shape was counted at. */
    alarmLevel: z.enum(ALARM_LEVELS),
    /** Metrics read by standard-resolution alarms: one per plain alarm, each metric of a metric-math alarm. */
    alarmMetrics: z.number().int().nonnegative(),
    compositeAlarms: z.number().int().nonnegative(),
    dashboards: z.number().int().nonnegative(),
    /**
     * Custom metrics the stack publishes (log metric filters). Without a default value a filter
     * publishes only when a line matches (`onFailureOnly`): billed only in hours something failed.
     */
    customMetrics: z.array(z.object({ name: z.string(), onFailureOnly: z.boolean() })),
    functions: z.array(z.object({ name: z.string(), memoryMb: z.number().positive() })),
    /** Queues a Lambda event source mapping long-polls all the time. */
    eventSourceQueues: z.number().int().nonnegative(),
    deadLetterQueues: z.number().int().nonnegative(),
    schedules: z.array(z.object({ name: z.string(), expression: z.string(), perMonth: z.number() })),
    pipes: z.number().int().nonnegative(),
    logRetentionDays: z.number().positive(),
    natGateways: z.number().int().nonnegative(),
    provisionedTables: z.number().int().nonnegative(),
  }),
  /** What measure.ts added over DynamoDB Local's own figures to match AWS billing rules. */
  corrections: z.record(z.string(), z.number()),
});
export type Measured = z.infer<typeof measuredSchema>;

// ---------------------------------------------------------------------------------------------
// Traffic and assumptions

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

// ---------------------------------------------------------------------------------------------
// Usage

export type Usage = Record<PriceKey, number>;

const zeroUsage = (): Usage => Object.fromEntries(Object.keys(PRICES).map((k) => [k, 0])) as Usage;

/** Monthly quantities per price for the whole deployment. */
export function usageOf(scenario: Scenario, measured: Measured, a: Assumptions = ASSUMPTIONS): Usage {
  const { platforms: P, traffic: t } = scenario;
  const ops = measured.operations;
  const sizes = measured.sizes;
  const u = zeroUsage();
  const scale = t.members / measured.platform.members;
  const memoryGb = (name: string) =>
    (measured.deployment.functions.find((f) => f.name === name)?.memoryMb ?? 512) / 1024;
  const each = <O extends Operation>(
    op: O,
    key: { [K in keyof O]: O[K] extends number ? K : never }[keyof O],
    n: number,
  ) => (op[key] as number) / n;

  // --- one platform, one month -----------------------------------------------------------------
  const reach = t.digestReach ?? ops.digestPlan.planned / ops.digestPlan.members;
  const digestMails = t.members * reach * t.digestsPerMonth;
  const introMails = t.introductionsPerMonth * t.mailsPerIntroduction;
  const outboxMails = digestMails + introMails;
  const signIns = t.members * t.signInsPerMemberPerMonth;
  const apiRequests =
    t.members * t.apiRequestsPerMemberPerMonth + signIns * each(ops.signIn, 'requests', ops.signIn.signIns);

  const round = ops.matchRound;
  const quiet = ops.quietRound;
  const perIntroduction = {
    rru: Math.max(0, round.rru - quiet.rru) / round.proposals,
    wru: Math.max(0, round.wru - quiet.wru) / round.proposals,
  };
  // Reminders, contact exchanges and follow-ups: one outbox Put each, in a transaction (2×), on the
  // table and the pending index (2×).
  const laterMailWru = 2 * 2 * Math.ceil(sizes.outboxIntroductionItemBytes / 1024);
  const perMail = (send: Operation & { mails: number }, events: Operation & { mails: number }) => ({
    rru: (send.rru + events.rru) / send.mails,
    wru: (send.wru + events.wru) / send.mails,
  });
  const introMail = perMail(ops.sendIntroductionMails, ops.sesEventsIntroduction);
  const digestMail = perMail(ops.sendDigestMails, ops.sesEventsDigest);

  const platformRru =
    t.matchRoundsPerMonth * quiet.rru * scale +
    t.introductionsPerMonth * perIntroduction.rru +
    t.digestsPerMonth * ops.digestPlan.rru * scale +
    introMails * introMail.rru +
    digestMails * digestMail.rru +
    t.members * t.apiRequestsPerMemberPerMonth * each(ops.apiMix, 'rru', ops.apiMix.requests) +
    signIns * each(ops.signIn, 'rru', ops.signIn.signIns);
  const platformWru =
    t.matchRoundsPerMonth * quiet.wru +
    t.introductionsPerMonth * perIntroduction.wru +
    t.introductionsPerMonth * Math.max(0, t.mailsPerIntroduction - 2) * laterMailWru +
    digestMails * (ops.digestPlan.wru / ops.digestPlan.planned) +
    introMails * introMail.wru +
    digestMails * digestMail.wru +
    t.members * t.apiRequestsPerMemberPerMonth * each(ops.apiMix, 'wru', ops.apiMix.requests) +
    signIns * each(ops.signIn, 'wru', ops.signIn.signIns) +
    // The sign-in mail's Send event counted for the reputation (outbox mails' events are measured).
    signIns * a.reputationWruPerSend;

  const platformStoredGb =
    (sizes.storedBytesExcludingOutbox * scale +
      a.outboxRetentionMonths *
        (digestMails * (sizes.outboxDigestItemBytes + 100) +
          introMails * (sizes.outboxIntroductionItemBytes + 100))) /
    GB;

  u.dynamoRead += P * platformRru;
  u.dynamoWrite += P * platformWru;
  u.dynamoStorage += P * platformStoredGb;
  u.dynamoPitr += P * platformStoredGb;
  u.sesMessage += P * (outboxMails + signIns);
  u.sesData +=
    (P *
      (digestMails * sizes.digestMailBytes +
        introMails * sizes.introductionMailBytes +
        signIns * sizes.magicLinkMailBytes)) /
    GB;
  // How the deployment moves work along: a Pipe and SQS work queues (billed per request and
  // polled all the time), or the stream read by Lambda and asynchronous self-invocations (the
  // current stack: neither costs anything beyond the Lambda invocations counted below).
  const viaPipe = measured.deployment.pipes > 0;
  const viaQueues = measured.deployment.eventSourceQueues > 0;
  if (viaPipe) u.pipesRequest += P * outboxMails;
  u.httpApiRequest += P * apiRequests;
  u.dataTransferOut += (P * apiRequests * each(ops.apiMix, 'responseBytes', ops.apiMix.requests)) / GB;
  if (viaQueues) {
    // Fan-out: one message per platform per round and per digest, plus one per mail via the Pipe.
    const messages = t.matchRoundsPerMonth + t.digestsPerMonth + (viaPipe ? outboxMails : 0);
    u.sqsRequest += P * messages * a.sqsRequestsPerMessage;
  }

  // --- the deployment, whatever its traffic -----------------------------------------------------
  const schedule = (name: string) =>
    measured.deployment.schedules.filter((s) => s.name === name).reduce((n, s) => n + s.perMonth, 0);
  const sweeps = schedule('send-sweep');
  const dispatches = schedule('match') + schedule('digest');
  u.schedulerInvocation += measured.deployment.schedules.reduce((n, s) => n + s.perMonth, 0);
  u.dynamoRead += sweeps * ops.sweepIdle.rru;
  // Each dispatch lists every platform (a Query on gsi1, eventually consistent: 0.5 RRU per 4 KB).
  const listRru = Math.max(ops.listPlatforms.rru, 0.5 * Math.ceil((P * sizes.platformItemBytes) / 4096));
  u.dynamoRead += dispatches * listRru;
  u.dynamoStreamRead +=
    a.streamShards * a.streamPollsPerSecond * SECONDS_PER_MONTH * measured.deployment.pipes;
  u.sqsRequest +=
    measured.deployment.eventSourceQueues * a.sqsPollersPerQueue * (SECONDS_PER_MONTH / a.sqsLongPollSeconds);
  // With queues, SendMessageBatch ten platforms a call; without, each platform's run is an
  // asynchronous invocation, counted with the invocations below.
  if (viaQueues) u.sqsRequest += dispatches * Math.ceil(P / 10);
  const d = measured.deployment;
  u.alarm += d.alarmMetrics;
  u.compositeAlarm += d.compositeAlarms;
  u.dashboard += d.dashboards;
  u.customMetric += d.customMetrics.reduce(
    (n, m) => n + (m.onFailureOnly ? Math.min(1, a.troubleHoursPerMonth / HOURS_PER_MONTH) : 1),
    0,
  );
  if (d.alarmMetrics + d.compositeAlarms > 0) u.snsEmail += a.alarmEmailsPerMonth;

  // --- Lambda: invocations, GB-seconds, log lines ------------------------------------------------
  const seconds = (op: Operation, n: number) => (op.ms / 1000 / n) * a.lambdaSlowdown;
  const invocations: {
    fn: string;
    count: number;
    seconds: number;
    appLogBytes: number;
    appLogLines: number;
  }[] = [
    {
      fn: 'api',
      count: P * apiRequests,
      seconds: seconds(ops.apiMix, ops.apiMix.requests),
      appLogBytes: each(ops.apiMix, 'logBytes', ops.apiMix.requests),
      appLogLines: each(ops.apiMix, 'logLines', ops.apiMix.requests),
    },
    {
      fn: 'match',
      count: P * t.matchRoundsPerMonth,
      seconds: seconds(quiet, 1) * scale,
      appLogBytes: quiet.logBytes,
      appLogLines: quiet.logLines,
    },
    {
      fn: 'digest',
      count: P * t.digestsPerMonth,
      seconds: seconds(ops.digestPlan, 1) * scale,
      appLogBytes: ops.digestPlan.logBytes,
      appLogLines: ops.digestPlan.logLines,
    },
    {
      fn: 'match',
      count: schedule('match'),
      seconds: seconds(ops.listPlatforms, 1),
      appLogBytes: 200,
      appLogLines: 1,
    },
    {
      fn: 'digest',
      count: schedule('digest'),
      seconds: seconds(ops.listPlatforms, 1),
      appLogBytes: 200,
      appLogLines: 1,
    },
    {
      fn: 'send',
      count: sweeps,
      seconds: seconds(ops.sweepIdle, 1),
      appLogBytes: ops.sweepIdle.logBytes,
      appLogLines: ops.sweepIdle.logLines,
    },
    ...[
      { mails: digestMails, batch: a.digestMailsPerSendInvocation, op: ops.sendDigestMails },
      { mails: introMails, batch: 1, op: ops.sendIntroductionMails },
    ].map(({ mails, batch, op }) => ({
      fn: 'send',
      count: (P * mails) / batch,
      // The sender paces itself at SES_MAX_SEND_RATE ÷ 2 and is billed for the waiting.
      seconds: batch * Math.max(seconds(op, op.mails), 1 / a.sesMailsPerSecondPerSender),
      appLogBytes: 250,
      appLogLines: 1,
    })),
    {
      fn: 'ses-events',
      count: P * (outboxMails + signIns) * a.sesEventsPerMail,
      seconds: seconds(ops.sesEventsDigest, ops.sesEventsDigest.events),
      appLogBytes: each(ops.sesEventsDigest, 'logBytes', ops.sesEventsDigest.events),
      appLogLines: each(ops.sesEventsDigest, 'logLines', ops.sesEventsDigest.events),
    },
  ];
  let logBytes = P * apiRequests * (a.accessLogBytesPerRequest + a.logEventOverheadBytes);
  for (const i of invocations) {
    u.lambdaRequest += i.count;
    u.lambdaGbSecond += i.count * (i.seconds + a.initSecondsPerInvocation) * memoryGb(i.fn);
    logBytes +=
      i.count *
      (a.platformLogBytesPerInvocation +
        3 * a.logEventOverheadBytes +
        i.appLogBytes +
        i.appLogLines * a.logEventOverheadBytes);
  }
  u.logsIngestion += logBytes / GB;
  u.logsStorage += (logBytes / GB) * a.logRetentionMonths;
  return u;
}

// ---------------------------------------------------------------------------------------------
// Bill

export interface BillLine {
  service: Service;
  usd: number;
  /** Part of `usd` the deployment pays with no platform at all. */
  fixedUsd: number;
}

export interface Bill {
  scenario: Scenario;
  lines: BillLine[];
  total: number;
  fixed: number;
  perPlatform: number;
  usage: Usage;
}

/** US$ per service for these quantities. */
export function priceUsage(usage: Usage, prices: Prices = PRICES): Record<Service, number> {
  const out = Object.fromEntries(SERVICES.map((s) => [s, 0])) as Record<Service, number>;
  for (const key of Object.keys(prices) as PriceKey[]) {
    const p = prices[key];
    out[SERVICE_OF[key]] += (usage[key] / p.per) * p.usd;
  }
  return out;
}

export function billOf(
  scenario: Scenario,
  measured: Measured,
  options: { assumptions?: Assumptions; prices?: Prices } = {},
): Bill {
  const a = options.assumptions ?? ASSUMPTIONS;
  const usage = usageOf(scenario, measured, a);
  const all = priceUsage(usage, options.prices);
  const fixed = priceUsage(usageOf({ ...scenario, platforms: 0 }, measured, a), options.prices);
  const lines = SERVICES.map((service) => ({ service, usd: all[service], fixedUsd: fixed[service] }));
  const total = lines.reduce((n, l) => n + l.usd, 0);
  return {
    scenario,
    lines,
    total,
    fixed: lines.reduce((n, l) => n + l.fixedUsd, 0),
    perPlatform: scenario.platforms > 0 ? total / scenario.platforms : Number.NaN,
    usage,
  };
}

/** What the free tiers would take off this bill if the account uses them for nothing else. */
export function freeTierCredit(usage: Usage, prices: Prices = PRICES): { always: number; firstYear: number } {
  const credit = { always: 0, firstYear: 0 };
  for (const tier of FREE_TIERS) {
    const p = prices[tier.price];
    const usd = (Math.min(usage[tier.price], tier.amount) / p.per) * p.usd;
    if (tier.always) credit.always += usd;
    else credit.firstYear += usd;
  }
  return credit;
}

export const TARGET_PER_PLATFORM = 0.5;

/** The fewest platforms per deployment that bring the bill per platform to `target`; undefined if none can. */
export function breakEvenPlatforms(
  traffic: PlatformTraffic,
  measured: Measured,
  target = TARGET_PER_PLATFORM,
  options: { assumptions?: Assumptions; prices?: Prices } = {},
): number | undefined {
  const one = billOf({ platforms: 1, traffic }, measured, options);
  const variable = one.total - one.fixed;
  if (variable >= target) return undefined;
  let p = Math.max(1, Math.ceil(one.fixed / (target - variable)));
  // Listing platforms grows a little with their number: step up until it really holds.
  while (billOf({ platforms: p, traffic }, measured, options).perPlatform > target) p++;
  return p;
}

/** Services by cost, largest first, with their share of the total. */
export function dominant(bill: Bill, count = 3): { service: Service; usd: number; share: number }[] {
  return [...bill.lines]
    .sort((x, y) => y.usd - x.usd)
    .slice(0, count)
    .map((l) => ({ service: l.service, usd: l.usd, share: bill.total > 0 ? l.usd / bill.total : 0 }));
}

/** Invocations per month of an EventBridge Scheduler expression: rate(n unit) or a six-field cron. */
export function invocationsPerMonth(expression: string): number {
  const rate = /^rate\((\d+)\s+(minute|minutes|hour|hours|day|days)\)$/.exec(expression.trim());
  if (rate) {
    const n = Number(rate[1]);
    const unit = rate[2]!.replace(/s$/, '');
    const perDay = unit === 'minute' ? 1440 / n : unit === 'hour' ? 24 / n : 1 / n;
    return perDay * DAYS_PER_MONTH;
  }
  const cron = /^cron\((.+)\)$/.exec(expression.trim());
  if (!cron) throw new Error(`not a schedule expression: ${expression}`);
  const [minute, hour, dayOfMonth, , dayOfWeek] = cron[1]!.trim().split(/\s+/);
  const count = (field: string | undefined, all: number) => {
    if (field === undefined || field === '*' || field === '?') return all;
    const step = /^\*\/(\d+)$/.exec(field);
    if (step) return Math.ceil(all / Number(step[1]));
    return field.split(',').length;
  };
  const perDay = count(minute, 60) * count(hour, 24);
  const days =
    dayOfMonth !== '*' && dayOfMonth !== '?'
      ? count(dayOfMonth, 31)
      : dayOfWeek !== undefined && dayOfWeek !== '*' && dayOfWeek !== '?'
        ? (count(dayOfWeek, 7) * DAYS_PER_MONTH) / 7
        : DAYS_PER_MONTH;
  return perDay * days;
}
