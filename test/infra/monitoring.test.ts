import { App } from 'aws-cdk-lib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { settingsFromContext } from '../../infra/stack';
import { createLogger } from '../../shared/log';
import { all, functionFiles, functionFor, only, PROD, synth } from './synth';

// Issue 25, item 12: what pages someone, for little. One Trouble metric fed by free log metric
// filters (5xx answers, ERROR lines, timeouts, crashes), one alarm on it and one on new messages in
// the failures queue; SES's reputation metrics only with alarms=full; nothing with alarms=none.
// Only the template is read here, so the functions are not bundled.

type Props = Record<string, unknown>;
const alarmsOf = (context: Record<string, string>) =>
  all(synth(context, { bundle: false }).template, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
const filtersOf = (context: Record<string, string>) =>
  all(synth(context, { bundle: false }).template, 'AWS::Logs::MetricFilter').map(([, f]) => f.Properties);

/**
 * CloudWatch Logs filter patterns, the two forms the stack uses: `?"a" ?"b"` (any of these exact
 * phrases, case-sensitive) and `{ $.field >= n }` on a JSON event. Anything else throws.
 */
function matches(pattern: string, event: string): boolean {
  const json = /^\{ \$\.(\w+) (>=|>|=|<=|<) (-?\d+(?:\.\d+)?) \}$/.exec(pattern);
  if (json) {
    let value: unknown;
    try {
      value = (JSON.parse(event) as Record<string, unknown>)[json[1]!];
    } catch {
      return false;
    }
    if (typeof value !== 'number') return false;
    const n = Number(json[3]);
    return { '>=': value >= n, '>': value > n, '=': value === n, '<=': value <= n, '<': value < n }[
      json[2]!
    ]!;
  }
  const terms = [...pattern.matchAll(/\?"([^"]+)"/g)].map((m) => m[1]!);
  if (terms.length === 0 || pattern.replace(/\?"[^"]+"/g, '').trim() !== '') {
    throw new Error(`filter pattern ${pattern} is not one this test knows`);
  }
  return terms.some((t) => event.includes(t));
}

/** The lines the app's own logger makes on Lambda, whose text format prefixes each with its console level. */
function lambdaLinesOf(log: (logger: ReturnType<typeof createLogger>) => void): string[] {
  const lines: string[] = [];
  const as = (level: string) => (line: string) =>
    lines.push(`2026-12-07T00:00:00.000Z\t0f5e6d7c-0000-4000-8000-000000000000\t${level}\t${line}`);
  vi.spyOn(console, 'log').mockImplementation(as('INFO'));
  vi.spyOn(console, 'info').mockImplementation(as('INFO'));
  vi.spyOn(console, 'warn').mockImplementation(as('WARN'));
  vi.spyOn(console, 'error').mockImplementation(as('ERROR'));
  log(createLogger('debug'));
  return lines;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('monitoring, alarms=essential (the default)', () => {
  const s = () => synth(PROD, { bundle: false });

  it('pages through one topic with two alarms, each on one metric: Trouble and new failures', () => {
    const [topicId] = only(s().template, 'AWS::SNS::Topic');
    const alarms = alarmsOf(PROD);
    expect(alarms).toHaveLength(2);
    for (const a of alarms) {
      // One metric each (US$0.10 a month): no metric math, which CloudWatch bills per metric in it.
      expect(a.Metrics).toBeUndefined();
      expect(a.AlarmActions).toEqual([{ Ref: topicId }]);
      expect(a).toMatchObject({
        Statistic: 'Sum',
        Period: 300,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
      });
    }
    expect(alarms.map((a) => `${a.Namespace} ${a.MetricName}`).sort()).toEqual([
      'AWS/SQS NumberOfMessagesSent',
      'tsunagu/prod Trouble',
    ]);
    expect(all(s().template, 'AWS::CloudWatch::CompositeAlarm')).toEqual([]);
    expect(all(s().template, 'AWS::CloudWatch::Dashboard')).toEqual([]);
  });

  it('feeds Trouble from the access log (status ≥ 500) and from every function’s log (errors, timeouts, crashes)', () => {
    const t = s().template;
    const filters = filtersOf(PROD);
    const logGroupOf = (f: Props) => (f.LogGroupName as { Ref: string }).Ref;
    const [accessLogs] = all(t, 'AWS::Logs::LogGroup').find(([id]) => id.startsWith('ApiAccessLogs'))!;
    const functionLogs = functionFiles.map(
      (file) => ((functionFor(t, file)[1].Properties.LoggingConfig as Props).LogGroup as { Ref: string }).Ref,
    );
    expect(filters.map(logGroupOf).sort()).toEqual([accessLogs, ...functionLogs].sort());
    for (const f of filters) {
      // No DefaultValue: nothing is published while all is well, so the metric costs nothing then.
      expect(f.MetricTransformations).toEqual([
        { MetricNamespace: 'tsunagu/prod', MetricName: 'Trouble', MetricValue: '1' },
      ]);
    }
    expect(filters.find((f) => logGroupOf(f) === accessLogs)?.FilterPattern).toBe('{ $.status >= 500 }');
    for (const f of filters.filter((f) => logGroupOf(f) !== accessLogs)) {
      expect(f.FilterPattern).toBe('?"ERROR" ?"Task timed out" ?"Runtime exited"');
    }
  });

  it('counts what users and operators would call trouble, and nothing that is not', () => {
    const filters = filtersOf(PROD);
    const access = filters.find((f) => String(f.FilterPattern).includes('$.status'))!.FilterPattern as string;
    const errors = filters.find((f) => String(f.FilterPattern).includes('ERROR'))!.FilterPattern as string;
    const [, stage] = only(s().template, 'AWS::ApiGatewayV2::Stage');
    const format = (stage.Properties.AccessLogSettings as { Format: string }).Format;
    const accessLine = (status: number) => format.replace('$context.status', String(status));
    expect([500, 502, 503, 504].map((status) => matches(access, accessLine(status)))).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect([200, 201, 302, 400, 404, 409, 429].some((status) => matches(access, accessLine(status)))).toBe(
      false,
    );

    const [unhandled, failed, info, warning] = lambdaLinesOf((log) => {
      log.error('unhandled error', { requestId: 'r', path: '/v1/needs', error: new Error('boom') });
      log.error('match round failed', { platformId: 'saitama' });
      log.info('send run done', { sent: 3, lastError: 'throttled', note: 'an error, in lower case' });
      log.warn('not an SES event; dropped', { index: 0 });
    });
    expect(matches(errors, unhandled!), unhandled).toBe(true);
    expect(matches(errors, failed!), failed).toBe(true);
    expect(matches(errors, info!), info).toBe(false);
    expect(matches(errors, warning!), warning).toBe(false);
    // Lambda's own lines: an exception thrown out of the handler, a timeout, a crash.
    for (const line of [
      '2026-12-07T00:00:00.000Z\t0f5e6d7c-0000-4000-8000-000000000000\tERROR\tInvoke Error \t{"errorType":"Error","errorMessage":"match rounds failed: saitama"}',
      '2026-12-07T00:00:00.000Z\tundefined\tERROR\tUncaught Exception \t{"errorType":"Runtime.ImportModuleError"}',
      '2026-12-07T00:10:00.000Z 0f5e6d7c-0000-4000-8000-000000000000 Task timed out after 600.10 seconds',
      'RequestId: 0f5e6d7c-0000-4000-8000-000000000000 Error: Runtime exited with error: signal: killed',
    ]) {
      expect(matches(errors, line), line).toBe(true);
    }
  });
});

describe('monitoring, other levels (-c alarms=…)', () => {
  it('alarms=none: no alarm and no topic, the Trouble metric still there for a deployment’s own monitoring', () => {
    const context = { ...PROD, alarms: 'none', alarmEmail: '' };
    const { template } = synth(context, { bundle: false });
    expect(alarmsOf(context)).toEqual([]);
    expect(all(template, 'AWS::SNS::Topic')).toEqual([]);
    expect(filtersOf(context)).toHaveLength(functionFiles.length + 1);
  });

  it('alarms=full: also SES’s own bounce and complaint rates of the configuration set, at half SES’s thresholds', () => {
    const context = { ...PROD, alarms: 'full' };
    const { template } = synth(context, { bundle: false });
    const alarms = alarmsOf(context);
    expect(alarms).toHaveLength(4);
    const [configurationSetId] = only(template, 'AWS::SES::ConfigurationSet');
    for (const [metric, threshold] of [
      ['Reputation.BounceRate', 0.025],
      ['Reputation.ComplaintRate', 0.0005],
    ] as const) {
      expect(alarms).toContainEqual(
        expect.objectContaining({
          Namespace: 'AWS/SES',
          MetricName: metric,
          Dimensions: [{ Name: 'ses:configuration-set', Value: { Ref: configurationSetId } }],
          Threshold: threshold,
          ComparisonOperator: 'GreaterThanThreshold',
        }),
      );
    }
  });

  it('takes none, essential or full, and refuses an alarmEmail no alarm would mail', () => {
    const parse = (context: Record<string, string>) =>
      settingsFromContext(new App({ context: { stage: 'prod', ...context } }));
    expect(parse({}).data?.alarms).toBe('essential');
    expect(parse({ alarms: 'full' }).data?.alarms).toBe('full');
    expect(parse({ alarms: 'some' }).success).toBe(false);
    expect(parse({ alarms: 'none', alarmEmail: 'ops@example.jp' }).error?.issues[0]?.path).toEqual([
      'alarmEmail',
    ]);
  });
});
