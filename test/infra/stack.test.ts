import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, CfnResource, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, type Template } from 'aws-cdk-lib/assertions';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { TABLE } from '#store';
import { TABLE_ITEM_ACTIONS, TABLE_QUERY_ACTIONS } from '../../infra/constructs/data';
import { settingsFromContext, tsunaguSettings } from '../../infra/stack';
import {
  all,
  bundleOf,
  cdkJson,
  DEV,
  functionFiles,
  functionFor,
  only,
  PROD,
  REPORT_ONLY,
  type Resource,
  type Synthesized,
  synth,
} from './synth';

type Statement = { Action: string | string[]; Resource: unknown; Effect: string };
type Ref = { Ref: string };
type GetAtt = { 'Fn::GetAtt': [string, string] };

interface Violation {
  ruleName: string;
  severity: string;
  violatingConstructs: { constructPath: string }[];
}
interface NagReport {
  violations: Violation[];
  suppressedViolations?: (Violation & { reason: string; acknowledgedAt: string })[];
}

/** What each stage's context should turn into (dev: every default). */
const STAGES = [
  { name: 'dev', context: DEV, matchCron: 'cron(0 6 * * ? *)', perInstanceRate: '5', sender: undefined },
  {
    name: 'prod',
    context: PROD,
    matchCron: 'cron(0 21 * * ? *)',
    perInstanceRate: '7',
    sender: 'tsunagu.example.jp',
  },
] as const;

const apiFunction = (template: Template) => functionFor(template, 'api.ts');

function roleStatements(template: Template, fn: Resource): Statement[] {
  const role = (fn.Properties.Role as GetAtt)['Fn::GetAtt'][0];
  const policies = Object.values(template.findResources('AWS::IAM::Policy')) as Resource[];
  return policies
    .filter((p) => JSON.stringify(p.Properties.Roles).includes(`"${role}"`))
    .flatMap((p) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
}

const actions = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);
const resources = (s: Statement) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]);
const arnOf = (id: string): GetAtt => ({ 'Fn::GetAtt': [id, 'Arn'] });
/** The logical id behind `{ Fn::GetAtt: [id, 'Arn'] }`. */
const arnTarget = (value: unknown): string | undefined => {
  const att = (value as Partial<GetAtt> | undefined)?.['Fn::GetAtt'];
  return att?.[1] === 'Arn' ? att[0] : undefined;
};
const at = (value: unknown, ...keys: string[]): unknown =>
  keys.reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], value);

/** Every queue something dead-letters into: queue redrives, schedule, rule and pipe targets. */
function deadLetterQueueIds(template: Template): Set<string> {
  const targets = [
    ...all(template, 'AWS::SQS::Queue').map(([, q]) =>
      at(q.Properties, 'RedrivePolicy', 'deadLetterTargetArn'),
    ),
    ...all(template, 'AWS::Scheduler::Schedule').map(([, s]) =>
      at(s.Properties, 'Target', 'DeadLetterConfig', 'Arn'),
    ),
    ...all(template, 'AWS::Events::Rule').flatMap(([, r]) =>
      (r.Properties.Targets as unknown[]).map((t) => at(t, 'DeadLetterConfig', 'Arn')),
    ),
    ...all(template, 'AWS::Pipes::Pipe').map(([, p]) =>
      at(p.Properties, 'SourceParameters', 'DynamoDBStreamParameters', 'DeadLetterConfig', 'Arn'),
    ),
    ...all(template, 'AWS::Lambda::EventInvokeConfig').map(([, c]) =>
      at(c.Properties, 'DestinationConfig', 'OnFailure', 'Destination'),
    ),
  ];
  return new Set(targets.map(arnTarget).filter((id): id is string => id !== undefined));
}

/** Where a function's failed asynchronous invocations go (its on-failure destination), if anywhere. */
function failureQueueOf(template: Template, fnId: string): string | undefined {
  const config = all(template, 'AWS::Lambda::EventInvokeConfig').find(
    ([, c]) => (c.Properties.FunctionName as Ref).Ref === fnId,
  );
  return config
    ? arnTarget(at(config[1].Properties, 'DestinationConfig', 'OnFailure', 'Destination'))
    : undefined;
}

/** Where the stream batches a function gave up on go (its event source's on-failure destination). */
function failureQueueOfStream(template: Template, fnId: string): string | undefined {
  const mapping = all(template, 'AWS::Lambda::EventSourceMapping').find(
    ([, m]) => (m.Properties.FunctionName as Ref).Ref === fnId,
  );
  return mapping
    ? arnTarget(at(mapping[1].Properties, 'DestinationConfig', 'OnFailure', 'Destination'))
    : undefined;
}

function awsSolutionsReport(s: Synthesized): NagReport {
  const report = JSON.parse(readFileSync(join(s.assemblyDir, 'validation-report.json'), 'utf8')) as {
    pluginReports: (NagReport & { pluginName: string })[];
  };
  const nag = report.pluginReports.find((p) => p.pluginName === 'AwsSolutions');
  expect(nag, 'an AwsSolutions report (it lists the acknowledged findings)').toBeDefined();
  return nag!;
}

describe('TsunaguStack (dev, no sender)', () => {
  let dev: Synthesized;
  beforeAll(() => {
    dev = synth(DEV);
  });

  it('keys the table on pk/sk and bills it on demand', () => {
    const [, table] = only(dev.template, 'AWS::DynamoDB::GlobalTable');
    expect(table.Properties.BillingMode).toBe('PAY_PER_REQUEST');
    expect(table.Properties.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
  });

  it('creates exactly the GSIs of the shared table definition, all string keys, projecting all', () => {
    const [, table] = only(dev.template, 'AWS::DynamoDB::GlobalTable');
    expect(table.Properties.GlobalSecondaryIndexes).toEqual(
      TABLE.indexes.map((i) => ({
        IndexName: i.name,
        KeySchema: [
          { AttributeName: i.partitionKey, KeyType: 'HASH' },
          { AttributeName: i.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    );
    const types = table.Properties.AttributeDefinitions as {
      AttributeName: string;
      AttributeType: string;
    }[];
    expect(types.every((a) => a.AttributeType === 'S')).toBe(true);
    expect(types.map((a) => a.AttributeName).sort()).toEqual(
      ['pk', 'sk', ...TABLE.indexes.flatMap((i) => [i.partitionKey, i.sortKey])].sort(),
    );
  });

  it('turns on point-in-time recovery and expires items by expiresAt', () => {
    dev.template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      Replicas: [
        Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }),
      ],
    });
  });

  it('keeps the table and logs of a dev stack too, unless it is declared ephemeral (deploy.test.ts)', () => {
    const [, table] = only(dev.template, 'AWS::DynamoDB::GlobalTable');
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.Properties.Replicas).toEqual([expect.objectContaining({ DeletionProtectionEnabled: true })]);
    for (const log of Object.values(dev.template.findResources('AWS::Logs::LogGroup'))) {
      expect(log.DeletionPolicy).toBe('Retain');
    }
    expect(dev.stack.terminationProtection).toBe(true);
  });

  it('runs the API on nodejs24.x, arm64, 512 MB, 10 s, with TABLE_NAME naming the table', () => {
    const [tableId] = only(dev.template, 'AWS::DynamoDB::GlobalTable');
    const [, fn] = apiFunction(dev.template);
    expect(fn.Properties).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      MemorySize: 512,
      Timeout: 10,
      Handler: 'index.handler',
      Environment: { Variables: { TABLE_NAME: { Ref: tableId }, STAGE: 'dev' } },
    });
  });

  it('resolves TSUNAGU_SECRET from SSM at deploy time, so no secret is in the template', () => {
    const [, fn] = apiFunction(dev.template);
    const env = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(env.TSUNAGU_SECRET).toBe('{{resolve:ssm:/tsunagu/dev/secret}}');
  });

  it('keeps every function log and the access log for one month, each function in its own group', () => {
    const logs = dev.template.findResources('AWS::Logs::LogGroup');
    const fns = Object.values(dev.template.findResources('AWS::Lambda::Function')) as Resource[];
    const app = fns.filter((fn) => fn.Properties.Handler === 'index.handler');
    expect(Object.keys(logs)).toHaveLength(app.length + 1);
    for (const log of Object.values(logs)) expect(log.Properties.RetentionInDays).toBe(30);
    const targets = app.map(
      (fn) => (fn.Properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref,
    );
    expect(new Set(targets).size).toBe(app.length);
    for (const target of targets) expect(Object.keys(logs)).toContain(target);
  });

  it('serves the function on the default stage of an HTTP API, throttled and access-logged', () => {
    const [fnId] = apiFunction(dev.template);
    dev.template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: '$default' });
    dev.template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'AWS_PROXY',
      IntegrationUri: { 'Fn::GetAtt': [fnId, 'Arn'] },
      PayloadFormatVersion: '2.0',
    });
    const [, stage] = only(dev.template, 'AWS::ApiGatewayV2::Stage');
    expect(stage.Properties).toMatchObject({
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingBurstLimit: 50, ThrottlingRateLimit: 20 },
    });
    const access = stage.Properties.AccessLogSettings as { DestinationArn: unknown; Format: string };
    expect(access.DestinationArn).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^ApiAccessLogs/), 'Arn'] });
    // The status is a bare number, so the trouble metric's filter can compare it.
    const line = JSON.parse(access.Format.replace('$context.status', '502')) as Record<string, unknown>;
    expect(line).toMatchObject({ requestId: '$context.requestId', status: 502 });
  });

  it('outputs the API URL and links mail to it without a dependency cycle', () => {
    const [apiId] = only(dev.template, 'AWS::ApiGatewayV2::Api');
    const url = dev.template.findOutputs('ApiUrl').ApiUrl?.Value;
    expect(JSON.stringify(url)).toContain(`"Ref":"${apiId}"`);
    const [, fn] = apiFunction(dev.template);
    expect((fn.Properties.Environment as { Variables: { APP_URL: unknown } }).Variables.APP_URL).toEqual(url);
    expect(findCycle(dev.template.toJSON().Resources)).toBeUndefined();
  });

  it('warns that no mail can be sent without a sender', () => {
    Annotations.fromStack(dev.stack).hasWarning('*', Match.stringLikeRegexp('senderDomain'));
  });

  it('grants no one ses:SendEmail without a sender', () => {
    const policies = Object.values(dev.template.findResources('AWS::IAM::Policy')) as Resource[];
    expect(JSON.stringify(policies)).not.toContain('"ses:');
  });

  it('subscribes no one to the alarms when no alarmEmail is given', () => {
    expect(dev.template.findResources('AWS::SNS::Subscription')).toEqual({});
  });

  it('bundles functions/api.ts into one ESM file that loads and answers /health with 503 while its table is unreachable', () => {
    const [, fn] = apiFunction(dev.template);
    const bundle = join(bundleOf(dev, fn), 'index.mjs');
    expect(readFileSync(bundle, 'utf8')).toMatch(/^import \{ createRequire \} from 'module';/);
    expect(readFileSync(`${bundle}.map`, 'utf8').length).toBeGreaterThan(0);

    // A fresh Node with only the env the deployed function would have (minus AWS), as Lambda would.
    const script = `
      const { handler } = await import(${JSON.stringify(bundle)});
      const event = { version: '2.0', routeKey: '$default', rawPath: '/health', rawQueryString: '',
        headers: { host: 'api.example' }, isBase64Encoded: false,
        requestContext: { http: { method: 'GET', path: '/health', sourceIp: '192.0.2.1', protocol: 'HTTP/1.1',
          userAgent: 'test' }, domainName: 'api.example', requestId: 'r', stage: '$default', routeKey: '$default' } };
      const res = await handler(event, {});
      process.stdout.write(JSON.stringify({ status: res.statusCode, headers: res.headers, body: JSON.parse(res.body) }));`;
    // DynamoDB on a loopback port where nothing listens: connection refused, as when it is down.
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      env: {
        PATH: process.env.PATH,
        STAGE: 'local',
        AWS_REGION: 'ap-northeast-1',
        DYNAMODB_ENDPOINT: 'http://127.0.0.1:9',
        LOG_LEVEL: 'silent',
        NODE_NO_WARNINGS: '1',
      },
      encoding: 'utf8',
    });
    const answer = JSON.parse(out);
    expect(answer).toMatchObject({
      status: 503,
      body: { status: 503, type: expect.stringMatching(/unavailable$/) },
    });
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(answer.headers['retry-after']).toBe('5');
  });

  it.each(functionFiles)(
    'bundles functions/%s into one ESM file whose handler loads in a fresh Node',
    (file) => {
      const [, fn] = functionFor(dev.template, file);
      const bundle = join(bundleOf(dev, fn), 'index.mjs');
      expect(readFileSync(bundle, 'utf8')).toMatch(/^import \{ createRequire \} from 'module';/);
      // Top-level code runs here as in a cold start: no credentials and no metadata service, so any
      // AWS call made at import time would fail the import.
      const script = `
      const { handler } = await import(${JSON.stringify(bundle)});
      process.stdout.write(typeof handler);`;
      const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
        env: {
          PATH: process.env.PATH,
          STAGE: 'local',
          AWS_REGION: 'ap-northeast-1',
          AWS_EC2_METADATA_DISABLED: 'true',
          NODE_NO_WARNINGS: '1',
        },
        encoding: 'utf8',
      });
      expect(out).toBe('function');
    },
  );

  it("grants exactly the DynamoDB actions of the store's table client", () => {
    // Each command of shared/store/table-client.ts and the IAM actions DynamoDB checks for it.
    const needs: Record<string, string[]> = {
      GetItem: ['dynamodb:GetItem'],
      BatchGetItem: ['dynamodb:BatchGetItem'],
      PutItem: ['dynamodb:PutItem'],
      UpdateItem: ['dynamodb:UpdateItem'],
      DeleteItem: ['dynamodb:DeleteItem'],
      Query: ['dynamodb:Query'],
      TransactWriteItems: [
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:DeleteItem',
        'dynamodb:ConditionCheckItem',
      ],
    };
    const source = readFileSync(new URL('../../shared/store/table-client.ts', import.meta.url), 'utf8');
    const commands = new Set([...source.matchAll(/new (\w+)Command\(/g)].map((m) => m[1]!));
    expect(commands.size).toBeGreaterThan(0);
    for (const command of commands) {
      expect(
        Object.keys(needs),
        `IAM actions for ${command}Command (add them here and in data.ts)`,
      ).toContain(command);
    }
    const needed = new Set([...commands].flatMap((c) => needs[c] ?? []));
    expect(new Set([...TABLE_ITEM_ACTIONS, ...TABLE_QUERY_ACTIONS])).toEqual(needed);
  });
});

describe('TsunaguStack (prod, sender domain, alarm email, own SES rate and match hour)', () => {
  let prod: Synthesized;
  beforeAll(() => {
    prod = synth(PROD);
  });

  it('retains the table and its logs and protects the table from deletion', () => {
    const [, table] = only(prod.template, 'AWS::DynamoDB::GlobalTable');
    expect(table).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    expect(table.Properties.Replicas).toEqual([expect.objectContaining({ DeletionProtectionEnabled: true })]);
    for (const log of Object.values(prod.template.findResources('AWS::Logs::LogGroup'))) {
      expect(log.DeletionPolicy).toBe('Retain');
    }
    expect(prod.stack.terminationProtection).toBe(true);
  });

  it('may send mail only from the verified domain identity, and only from the send function', () => {
    const [, api] = apiFunction(prod.template);
    expect(
      roleStatements(prod.template, api).filter((s) => actions(s).some((a) => a.startsWith('ses:'))),
    ).toEqual([]);
    const [, fn] = functionFor(prod.template, 'send.ts');
    const ses = roleStatements(prod.template, fn).filter((s) => actions(s).some((a) => a.startsWith('ses:')));
    expect(ses).toHaveLength(1);
    expect(actions(ses[0]!)).toEqual(['ses:SendEmail']);
    expect(JSON.stringify(resources(ses[0]!))).toMatch(/:identity\/tsunagu\.example\.jp"/);
  });

  it('puts the configured sender, public URL and configuration set into the function environment', () => {
    const [, fn] = apiFunction(prod.template);
    const [configurationSetId] = only(prod.template, 'AWS::SES::ConfigurationSet');
    expect(fn.Properties.Environment).toMatchObject({
      Variables: {
        STAGE: 'prod',
        MAIL_FROM: 'tsunagu <no-reply@tsunagu.example.jp>',
        APP_URL: 'https://tsunagu.example.jp',
        TSUNAGU_SECRET: '{{resolve:ssm:/tsunagu/prod/secret:1}}',
      },
    });
    // Every mail, sign-in links too, is sent by the send function through the configuration set,
    // so its bounces and complaints reach the suppression list.
    const [, send] = functionFor(prod.template, 'send.ts');
    expect(send.Properties.Environment).toMatchObject({
      Variables: { SES_CONFIGURATION_SET: { Ref: configurationSetId } },
    });
    Annotations.fromStack(prod.stack).hasNoWarning('*', Match.anyValue());
  });

  it('subscribes the alarmEmail to the alarm topic', () => {
    const [topicId] = only(prod.template, 'AWS::SNS::Topic');
    const [, subscription] = only(prod.template, 'AWS::SNS::Subscription');
    expect(subscription.Properties).toEqual({
      Protocol: 'email',
      Endpoint: 'ops@tsunagu.example.jp',
      TopicArn: { Ref: topicId },
    });
  });
});

describe.each(STAGES)('TsunaguStack ($name): functions, async paths, IAM, cdk-nag', (stage) => {
  let s: Synthesized;
  let t: Template;
  beforeAll(() => {
    s = synth(stage.context);
    t = s.template;
  });

  it('deploys every file in functions/ as a function of its own, and nothing else', () => {
    expect(functionFiles).toEqual(['api.ts', 'digest.ts', 'match.ts', 'send.ts', 'ses-events.ts']);
    const ids = functionFiles.map((file) => functionFor(t, file)[0]);
    expect(new Set(ids).size).toBe(functionFiles.length);
    expect(
      all(t, 'AWS::Lambda::Function')
        .map(([id]) => id)
        .sort(),
    ).toEqual([...ids].sort());
    for (const id of ids) {
      expect(t.toJSON().Resources[id].Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
      });
    }
  });

  it('runs match daily at matchHour, digest hourly and the outbox sweep every 10 minutes, in Asia/Tokyo', () => {
    const schedules = all(t, 'AWS::Scheduler::Schedule');
    const expected: Record<string, string> = {
      'match.ts': stage.matchCron,
      'digest.ts': 'cron(0 * * * ? *)',
      'send.ts': 'rate(10 minutes)',
    };
    expect(schedules).toHaveLength(Object.keys(expected).length);
    for (const [file, expression] of Object.entries(expected)) {
      const [fnId] = functionFor(t, file);
      const found = schedules.filter(([, sc]) => arnTarget(at(sc.Properties, 'Target', 'Arn')) === fnId);
      expect(found, `one schedule invoking functions/${file}`).toHaveLength(1);
      expect(found[0]![1].Properties).toMatchObject({
        ScheduleExpression: expression,
        ScheduleExpressionTimezone: 'Asia/Tokyo',
        State: 'ENABLED',
      });
    }
  });

  it('hands match and digest the time their schedule fired, for Scheduler to fill in', () => {
    // EventBridge Scheduler replaces <aws.scheduler.scheduled-time> in a target's Input with the
    // time the schedule fired (docs: "Adding context attributes"): a late or retried run plans for
    // that time (shared/batch/fan-out.ts).
    const inputOf = (file: string) => {
      const [fnId] = functionFor(t, file);
      const [found] = all(t, 'AWS::Scheduler::Schedule').filter(
        ([, sc]) => arnTarget(at(sc.Properties, 'Target', 'Arn')) === fnId,
      );
      return JSON.parse(at(found![1].Properties, 'Target', 'Input') as string) as unknown;
    };
    expect(inputOf('match.ts')).toEqual({ scheduledTime: '<aws.scheduler.scheduled-time>' });
    expect(inputOf('digest.ts')).toEqual({ dueOnly: true, scheduledTime: '<aws.scheduler.scheduled-time>' });
  });

  it('retries every schedule and dead-letters what still fails', () => {
    const queues = new Set(all(t, 'AWS::SQS::Queue').map(([id]) => id));
    for (const [id, schedule] of all(t, 'AWS::Scheduler::Schedule')) {
      const target = schedule.Properties.Target as Record<string, unknown>;
      expect(at(target, 'RetryPolicy', 'MaximumRetryAttempts'), id).toBeGreaterThan(0);
      expect(queues, id).toContain(arnTarget(at(target, 'DeadLetterConfig', 'Arn')));
    }
  });

  it('has one queue, where every asynchronous path ends when it gives up, kept the longest SQS allows', () => {
    const [failuresId, failures] = only(t, 'AWS::SQS::Queue');
    expect(failures.Properties.MessageRetentionPeriod).toBe(14 * 24 * 3600);
    expect([...deadLetterQueueIds(t)]).toEqual([failuresId]);
    // The three schedules, the SES rule, the send function's stream, and four asynchronously
    // invoked functions all name it.
    const users = [
      ...all(t, 'AWS::Scheduler::Schedule').map(([, x]) =>
        at(x.Properties, 'Target', 'DeadLetterConfig', 'Arn'),
      ),
      ...all(t, 'AWS::Events::Rule').flatMap(([, r]) =>
        (r.Properties.Targets as unknown[]).map((x) => at(x, 'DeadLetterConfig', 'Arn')),
      ),
      ...all(t, 'AWS::Lambda::EventSourceMapping').map(([, m]) =>
        at(m.Properties, 'DestinationConfig', 'OnFailure', 'Destination'),
      ),
      ...all(t, 'AWS::Lambda::EventInvokeConfig').map(([, c]) =>
        at(c.Properties, 'DestinationConfig', 'OnFailure', 'Destination'),
      ),
    ].map(arnTarget);
    expect(users).toHaveLength(3 + 1 + 1 + 4);
    for (const u of users) expect(u).toBe(failuresId);
  });

  it('encrypts every queue and refuses it over plain HTTP', () => {
    const policies = all(t, 'AWS::SQS::QueuePolicy').map(([, p]) => p.Properties);
    for (const [id, queue] of all(t, 'AWS::SQS::Queue')) {
      expect(queue.Properties.SqsManagedSseEnabled, id).toBe(true);
      const denies = policies
        .filter((p) => (p.Queues as Ref[]).some((q) => q.Ref === id))
        .flatMap((p) => (p.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement)
        .filter((st) => st.Effect === 'Deny');
      expect(denies, id).toContainEqual(
        expect.objectContaining({
          Action: 'sqs:*',
          Principal: { AWS: '*' },
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          Resource: arnOf(id),
        }),
      );
    }
  });

  it('alarms the topic as soon as a message arrives in any DLQ (new messages, not a non-empty queue)', () => {
    const [topicId] = only(t, 'AWS::SNS::Topic');
    const alarms = all(t, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
    for (const dlq of deadLetterQueueIds(t)) {
      const found = alarms.filter(
        (a) =>
          a.Namespace === 'AWS/SQS' &&
          a.MetricName === 'NumberOfMessagesSent' &&
          JSON.stringify(a.Dimensions) ===
            JSON.stringify([{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlq, 'QueueName'] } }]),
      );
      expect(found, `an alarm on ${dlq}`).toHaveLength(1);
      expect(found[0]).toMatchObject({
        Statistic: 'Sum',
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
        AlarmActions: [{ Ref: topicId }],
      });
    }
  });

  it("sends new outbox items from the table's NEW_IMAGE stream, a batch per shard at a time, each at half the SES rate", () => {
    const [sendId, send] = functionFor(t, 'send.ts');
    const [tableId, table] = only(t, 'AWS::DynamoDB::GlobalTable');
    const [configurationSetId] = only(t, 'AWS::SES::ConfigurationSet');
    expect(at(send.Properties, 'Environment', 'Variables')).toMatchObject({
      SES_MAX_SEND_RATE: stage.perInstanceRate,
      SES_CONFIGURATION_SET: { Ref: configurationSetId },
    });
    // No reservation (a new account's concurrency quota of 10 has no room for one): test/infra/deploy.test.ts.
    expect(send.Properties.ReservedConcurrentExecutions).toBeUndefined();
    expect(table.Properties.StreamSpecification).toEqual({ StreamViewType: 'NEW_IMAGE' });
    const [, mapping] = only(t, 'AWS::Lambda::EventSourceMapping');
    expect(mapping.Properties).toMatchObject({
      FunctionName: { Ref: sendId },
      EventSourceArn: { 'Fn::GetAtt': [tableId, 'StreamArn'] },
      ParallelizationFactor: 1,
      BisectBatchOnFunctionError: true,
    });
    expect(mapping.Properties.MaximumRetryAttempts).toBeGreaterThan(0);
    const filters = at(mapping.Properties, 'FilterCriteria', 'Filters') as { Pattern: string }[];
    expect(filters.map((f) => JSON.parse(f.Pattern))).toEqual([
      { eventName: ['INSERT'], dynamodb: { NewImage: { type: { S: ['outbox'] } } } },
    ]);
    expect(all(t, 'AWS::Pipes::Pipe'), 'no Pipe polling the stream at a charge').toEqual([]);
  });

  it('hands the SES events of the configuration set to ses-events, with retries and a DLQ', () => {
    const [configurationSetId] = only(t, 'AWS::SES::ConfigurationSet');
    const [, destination] = only(t, 'AWS::SES::ConfigurationSetEventDestination');
    expect(destination.Properties.ConfigurationSetName).toEqual({ Ref: configurationSetId });
    expect(
      JSON.stringify(at(destination.Properties, 'EventDestination', 'EventBridgeDestination')),
    ).toContain(':event-bus/default');
    expect(at(destination.Properties, 'EventDestination', 'MatchingEventTypes')).toEqual(
      expect.arrayContaining(['send', 'delivery', 'bounce', 'complaint']),
    );

    const [sesEventsId] = functionFor(t, 'ses-events.ts');
    const [, rule] = only(t, 'AWS::Events::Rule');
    expect(rule.Properties.EventBusName ?? 'default').toBe('default');
    expect(rule.Properties.EventPattern).toEqual({
      source: ['aws.ses'],
      detail: { mail: { tags: { 'ses:configuration-set': [{ Ref: configurationSetId }] } } },
    });
    const targets = rule.Properties.Targets as Record<string, unknown>[];
    expect(targets).toHaveLength(1);
    expect(targets[0]!.Arn).toEqual(arnOf(sesEventsId));
    expect(at(targets[0], 'RetryPolicy', 'MaximumRetryAttempts')).toBeGreaterThan(0);
    expect(deadLetterQueueIds(t)).toContain(arnTarget(at(targets[0], 'DeadLetterConfig', 'Arn')));
  });

  it('gives every function that is invoked asynchronously a queue for the invocations that failed', () => {
    for (const file of ['match.ts', 'digest.ts', 'send.ts', 'ses-events.ts']) {
      const [fnId] = functionFor(t, file);
      const failures = failureQueueOf(t, fnId);
      expect(failures, file).toBeDefined();
      expect(deadLetterQueueIds(t), file).toContain(failures);
    }
    expect(failureQueueOf(t, functionFor(t, 'api.ts')[0]), 'api is called synchronously').toBeUndefined();
  });

  it('lets each function touch only the table, the failures queue and its own log group; SES only from api and send', () => {
    const [tableId] = only(t, 'AWS::DynamoDB::GlobalTable');
    const [configurationSetId] = only(t, 'AWS::SES::ConfigurationSet');
    const tableArn = arnOf(tableId);
    const indexArns = TABLE.indexes.map((i) => ({ 'Fn::Join': ['', [tableArn, `/index/${i.name}`]] }));
    const mayMail = (file: string) => stage.sender !== undefined && file === 'send.ts';
    const invokesItself = (file: string) => ['match.ts', 'digest.ts'].includes(file);

    for (const file of functionFiles) {
      const [fnId, fn] = functionFor(t, file);
      const logGroup = arnOf((at(fn.Properties, 'LoggingConfig', 'LogGroup') as Ref).Ref);
      const failureQueue = failureQueueOf(t, fnId) ?? failureQueueOfStream(t, fnId);
      const granted = new Set<string>();
      for (const st of roleStatements(t, fn)) {
        const acts = actions(st);
        const res = resources(st);
        expect(st.Effect).toBe('Allow');
        const services = new Set(acts.map((a) => a.split(':')[0]));
        expect(services.size, `${file}: one service per statement`).toBe(1);
        const service = [...services][0];
        for (const a of acts) granted.add(a);
        if (service === 'dynamodb' && res.some((r) => JSON.stringify(r).includes('StreamArn'))) {
          expect(file, 'only send reads the stream').toBe('send.ts');
          expect(res).toEqual([{ 'Fn::GetAtt': [tableId, 'StreamArn'] }]);
        } else if (service === 'dynamodb') {
          for (const r of res) expect([tableArn, ...indexArns], file).toContainEqual(r);
          if (res.some((r) => indexArns.some((i) => JSON.stringify(i) === JSON.stringify(r)))) {
            expect(acts, `${file}: only queries on indexes`).toEqual(['dynamodb:Query']);
          }
        } else if (service === 'logs') {
          expect(res, file).toEqual([logGroup]);
          expect([...acts].sort()).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
        } else if (service === 'sqs') {
          expect(failureQueue, `${file} hands failures to a queue`).toBeDefined();
          expect(res, `${file}: only the failures queue`).toEqual([arnOf(failureQueue!)]);
        } else if (service === 'lambda') {
          expect(invokesItself(file), `${file} may invoke a function`).toBe(true);
          expect(acts).toEqual(['lambda:InvokeFunction']);
          expect(JSON.stringify(res)).toMatch(
            new RegExp(`:function:tsunagu-${stage.name}-${file.replace('.ts', '')}"`),
          );
          expect(fn.Properties.FunctionName).toBe(`tsunagu-${stage.name}-${file.replace('.ts', '')}`);
        } else if (service === 'ses') {
          expect(mayMail(file), `${file} may send mail`).toBe(true);
          expect(acts).toEqual(['ses:SendEmail']);
          expect(JSON.stringify(res)).toMatch(
            new RegExp(`:identity/${stage.sender?.replaceAll('.', '\\.')}"`),
          );
          expect(res).toContainEqual({
            'Fn::Join': ['', expect.arrayContaining([':configuration-set/', { Ref: configurationSetId }])],
          });
        } else {
          expect.fail(`${file} is granted ${acts.join(', ')}`);
        }
      }
      // What each one needs to work at all.
      for (const a of ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'logs:PutLogEvents']) {
        expect(granted, `${file} needs ${a}`).toContain(a);
      }
      if (invokesItself(file)) expect(granted, `${file} fans out`).toContain('lambda:InvokeFunction');
      if (mayMail(file)) expect(granted, `${file} sends mail`).toContain('ses:SendEmail');
    }
  });

  it('has no IAM statement on a wildcard resource or action, and no managed policy', () => {
    for (const [id, policy] of all(t, 'AWS::IAM::Policy')) {
      for (const st of (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement) {
        expect(JSON.stringify(st.Resource), id).not.toContain('*');
        for (const a of actions(st)) expect(a, id).not.toContain('*');
      }
    }
    for (const [id, role] of all(t, 'AWS::IAM::Role')) {
      expect(role.Properties.ManagedPolicyArns, id).toBeUndefined();
      expect(role.Properties.Policies, id).toBeUndefined();
    }
  });

  it('passes the cdk-nag AWS Solutions checks with no unacknowledged error or warning', () => {
    const unacknowledged = awsSolutionsReport(s).violations.map(
      (v) => `${v.severity} ${v.ruleName} at ${v.violatingConstructs.map((c) => c.constructPath).join(', ')}`,
    );
    expect(unacknowledged).toEqual([]);
  });

  it('acknowledges only APIG4 and SQS3, each with a reason, where the resource is made', () => {
    const suppressed = awsSolutionsReport(s).suppressedViolations ?? [];
    // No L1: the functions run the newest Node runtime aws-cdk-lib knows. A newer one in a later
    // aws-cdk-lib makes L1 a finding again, and this test says it is time to move.
    expect(new Set(suppressed.map((v) => v.ruleName))).toEqual(
      new Set(['AwsSolutions-APIG4', 'AwsSolutions-SQS3']),
    );
    const resourcesById = t.toJSON().Resources as Record<string, Resource>;
    const byPath = new Map(
      s.stack.node
        .findAll()
        .filter(CfnResource.isCfnResource)
        .map((c) => {
          const id = s.stack.getLogicalId(c);
          return [c.node.path, { id, ...resourcesById[id]! }];
        }),
    );
    for (const v of suppressed) {
      expect(v.reason.length, `${v.ruleName}: a reason of substance`).toBeGreaterThan(150);
      expect(v.acknowledgedAt, 'not on the whole stack').not.toBe(s.stack.node.path);
      for (const { constructPath } of v.violatingConstructs) {
        expect(constructPath.startsWith(`${v.acknowledgedAt}/`), constructPath).toBe(true);
        const resource = byPath.get(constructPath);
        if (v.ruleName === 'AwsSolutions-SQS3') expect(deadLetterQueueIds(t)).toContain(resource?.id);
        if (v.ruleName === 'AwsSolutions-APIG4') expect(resource?.Type).toBe('AWS::ApiGatewayV2::Route');
      }
    }
  });
});

describe('cdk-nag as wired in the app', () => {
  it('reports a finding nobody acknowledged, so a clean report means something', () => {
    const app = new App({ context: { ...cdkJson.context, ...REPORT_ONLY } });
    new Queue(new Stack(app, 'Bare'), 'Queue');
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    const assembly = app.synth();
    const report = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8')) as {
      pluginReports: (NagReport & { pluginName: string })[];
    };
    const rules = report.pluginReports.flatMap((p) => p.violations.map((v) => v.ruleName));
    expect(rules).toEqual(expect.arrayContaining(['AwsSolutions-SQS3', 'AwsSolutions-SQS4']));
  });
});

describe('tsunaguSettings (CDK context)', () => {
  const withStage = (context: Record<string, unknown>) => ({ stage: 'prod', ...context });

  it('requires the stage, saying how to give it', () => {
    const parsed = settingsFromContext(new App());
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['stage']);
    expect(parsed.error?.issues[0]?.message).toMatch(/-c stage=prod/);
  });

  it('reads -c values from CDK context, strings included, and treats -c key= as not set', () => {
    const given = settingsFromContext(
      new App({ context: { stage: 'prod', matchHour: '21', alarmEmail: '' } }),
    );
    expect(given.data).toMatchObject({ stage: 'prod', matchHour: 21, sesMaxSendRate: 10 });
    expect(given.data?.alarmEmail).toBeUndefined();
    expect(settingsFromContext(new App({ context: { stage: 'dev' } })).data).toMatchObject({
      stage: 'dev',
      matchHour: 6,
    });
  });

  it.each(['24', '-1', '6.5'])('rejects matchHour %j', (matchHour) => {
    const parsed = settingsFromContext(new App({ context: withStage({ matchHour }) }));
    expect(parsed.error?.issues.map((i) => i.path)).toEqual([['matchHour']]);
  });

  it.each(['local', 'test', 'Prod', 'prod_1', ''])('rejects stage %j', (stage) => {
    expect(tsunaguSettings.safeParse({ stage }).success).toBe(false);
  });

  it('rejects a sender address outside the sender domain', () => {
    const parsed = tsunaguSettings.safeParse(
      withStage({ senderDomain: 'example.jp', senderEmail: 'a@other.jp' }),
    );
    expect(parsed.error?.issues[0]?.path).toEqual(['senderEmail']);
  });

  it('accepts a sender address on a subdomain of the sender domain', () => {
    const parsed = tsunaguSettings.safeParse(
      withStage({ senderDomain: 'example.jp', senderEmail: 'a@mail.example.jp' }),
    );
    expect(parsed.success).toBe(true);
  });

  it('rejects a public URL that is not https', () => {
    const parsed = tsunaguSettings.safeParse(withStage({ appUrl: 'http://tsunagu.example.jp' }));
    expect(parsed.error?.issues.map((i) => i.path)).toEqual([['appUrl']]);
  });
});

/** A cycle among Ref / Fn::GetAtt / DependsOn edges would make CloudFormation refuse the template. */
function findCycle(resources: Record<string, { DependsOn?: string | string[] }>): string[] | undefined {
  const ids = new Set(Object.keys(resources));
  const edges = new Map<string, string[]>();
  for (const [id, resource] of Object.entries(resources)) {
    const targets = new Set<string>([resource.DependsOn ?? []].flat());
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) {
        node.forEach(walk);
        return;
      }
      if (!node || typeof node !== 'object') return;
      for (const [key, value] of Object.entries(node)) {
        if (key === 'Ref' && typeof value === 'string') targets.add(value);
        else if (key === 'Fn::GetAtt' && Array.isArray(value)) targets.add(String(value[0]));
        else walk(value);
      }
    };
    walk(resource);
    edges.set(
      id,
      [...targets].filter((t) => ids.has(t)),
    );
  }
  const state = new Map<string, 'open' | 'done'>();
  const visit = (id: string, path: string[]): string[] | undefined => {
    if (state.get(id) === 'done') return undefined;
    if (state.get(id) === 'open') return [...path, id];
    state.set(id, 'open');
    for (const next of edges.get(id) ?? []) {
      const cycle = visit(next, [...path, id]);
      if (cycle) return cycle;
    }
    state.set(id, 'done');
    return undefined;
  };
  for (const id of ids) {
    const cycle = visit(id, []);
    if (cycle) return cycle;
  }
  return undefined;
}
