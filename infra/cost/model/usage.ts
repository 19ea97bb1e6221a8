import type { Measured, Operation } from './measured-schema';
import { PRICES, type PriceKey } from './prices';
import { ASSUMPTIONS, type Assumptions, HOURS_PER_MONTH, type Scenario, SECONDS_PER_MONTH } from './traffic';

// Step one: a scenario as monthly quantities per price for the whole deployment.

const GB = 1024 ** 3;
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
