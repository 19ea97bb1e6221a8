import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AlarmLevel } from '../constructs/alarm-levels';
import { invocationsPerMonth, type Measured } from './model';

// The deployment's shape for the cost model: what infra/stack.ts deploys that is billed whatever
// the traffic (alarm metrics, custom metrics, dashboards, schedules, queues polled, Pipes, NAT
// gateways …), counted in a synthesised template. `npm run cost -- --measure` stores it in
// measured.json with the per-operation counts; `npm run cost -- --alarms <level>` counts it again
// for another monitoring level; test/infra/cost-shape.test.ts holds measured.json to the stack.
// shapeOf is pure; deploymentShape loads the CDK only when called.

/**
 * What the stack deploys, counted in a synthesised template (no bundling, no AWS account), with
 * the monitoring of `-c alarms=<alarms>`: what the cost model prices besides traffic.
 */
export async function deploymentShape(alarms: AlarmLevel = 'essential'): Promise<Measured['deployment']> {
  const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
    context: Record<string, unknown>;
  };
  const [{ App }, { Template }, { TsunaguStack, tsunaguSettings }] = await Promise.all([
    import('aws-cdk-lib'),
    import('aws-cdk-lib/assertions'),
    import('../stack'),
  ]);
  const outdir = await mkdtemp(join(tmpdir(), 'tsunagu-cost-'));
  try {
    const app = new App({ outdir, context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] } });
    const settings = tsunaguSettings.parse({
      stage: 'prod',
      senderDomain: 'example.jp',
      // As a documented deploy would: the secret pinned (else synthesis warns), nothing costs more.
      secretVersion: 1,
      alarms,
      ...(alarms === 'none' ? {} : { alarmEmail: 'ops@example.jp' }),
    });
    const stack = new TsunaguStack(app, 'Tsunagu-cost', { settings });
    return shapeOf(Template.fromStack(stack).toJSON(), alarms);
  } finally {
    await rm(outdir, { recursive: true, force: true });
  }
}

type Resource = { Properties?: Record<string, unknown> };

/** The cost-relevant counts of a synthesised template (pure). */
export function shapeOf(
  template: { Resources?: Record<string, Resource & { Type: string }> },
  alarmLevel: AlarmLevel,
): Measured['deployment'] {
  const resources = Object.entries(template.Resources ?? {});
  const of = (type: string) => resources.filter(([, r]) => r.Type === type) as [string, Resource][];
  const NAMES: [RegExp, string][] = [
    [/^Api/, 'api'],
    [/^BatchMatch/, 'match'],
    [/^BatchDigest/, 'digest'],
    [/^MailSesEvents/, 'ses-events'],
    [/^MailSend/, 'send'],
  ];
  const nameOf = (id: string) => NAMES.find(([re]) => re.test(id))?.[1] ?? id;
  const scheduleName = (id: string) =>
    /Sweep/.test(id) ? 'send-sweep' : /Match/.test(id) ? 'match' : /Digest/.test(id) ? 'digest' : id;
  const queueIds = new Set(of('AWS::SQS::Queue').map(([id]) => id));
  const billing = of('AWS::DynamoDB::GlobalTable').map(([, r]) => r.Properties?.BillingMode);
  // CloudWatch bills an alarm per metric it reads: a metric-math alarm for each metric in its
  // expression (MetricStat entries), a plain alarm for its one metric. High resolution would be
  // US$0.30: the stack has none (the infra tests hold the periods at 5 minutes and more).
  const alarmMetrics = of('AWS::CloudWatch::Alarm').reduce((n, [, r]) => {
    const metrics = r.Properties?.Metrics as { MetricStat?: unknown }[] | undefined;
    return n + (metrics ? metrics.filter((m) => m.MetricStat).length : 1);
  }, 0);
  const customMetrics = new Map<string, boolean>();
  for (const [, f] of of('AWS::Logs::MetricFilter')) {
    for (const t of (f.Properties?.MetricTransformations ?? []) as {
      MetricNamespace: string;
      MetricName: string;
      DefaultValue?: number;
      Dimensions?: unknown[];
    }[]) {
      // A metric filter with dimensions makes a metric per dimension value: not priced here.
      if (t.Dimensions?.length) throw new Error(`metric filter ${t.MetricName} has dimensions: price them`);
      const name = `${t.MetricNamespace}/${t.MetricName}`;
      const onFailureOnly = t.DefaultValue === undefined;
      customMetrics.set(name, (customMetrics.get(name) ?? true) && onFailureOnly);
    }
  }
  return {
    alarmLevel,
    alarmMetrics,
    compositeAlarms: of('AWS::CloudWatch::CompositeAlarm').length,
    dashboards: of('AWS::CloudWatch::Dashboard').length,
    customMetrics: [...customMetrics].map(([name, onFailureOnly]) => ({ name, onFailureOnly })),
    functions: of('AWS::Lambda::Function').map(([id, r]) => ({
      name: nameOf(id),
      memoryMb: Number(r.Properties?.MemorySize ?? 128),
    })),
    eventSourceQueues: of('AWS::Lambda::EventSourceMapping').filter(([, r]) => {
      const arn = r.Properties?.EventSourceArn as { 'Fn::GetAtt'?: [string, string] } | undefined;
      return queueIds.has(arn?.['Fn::GetAtt']?.[0] ?? '');
    }).length,
    deadLetterQueues: [...queueIds].filter((id) => /Dlq/.test(id)).length,
    schedules: of('AWS::Scheduler::Schedule').map(([id, r]) => {
      const expression = String(r.Properties?.ScheduleExpression);
      return { name: scheduleName(id), expression, perMonth: invocationsPerMonth(expression) };
    }),
    pipes: of('AWS::Pipes::Pipe').length,
    logRetentionDays: Math.max(
      0,
      ...of('AWS::Logs::LogGroup').map(([, r]) => Number(r.Properties?.RetentionInDays ?? 0)),
    ),
    natGateways: of('AWS::EC2::NatGateway').length,
    provisionedTables:
      billing.filter((b) => JSON.stringify(b ?? '').includes('PROVISIONED')).length +
      of('AWS::DynamoDB::Table').filter(([, r]) => r.Properties?.BillingMode !== 'PAY_PER_REQUEST').length,
  };
}
