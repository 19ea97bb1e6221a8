import * as z from 'zod';
import { ALARM_LEVELS } from '../../constructs/alarm-levels';

// What measure.ts writes (infra/cost/measured.json): per-operation counts, sizes and the
// deployment as synthesised.

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
