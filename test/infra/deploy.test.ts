import { App } from 'aws-cdk-lib';
import { Annotations, Match, type Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { settingsFromContext, TsunaguStack } from '../../infra/stack';
import {
  all,
  cdkJson,
  DEV,
  functionFiles,
  functionFor,
  only,
  PROD,
  REPORT_ONLY,
  type Resource,
  synth,
} from './synth';

// Issue 26: deployable by a first-time operator in Tokyo. What a new account, the SES sandbox, a
// custom domain and a rotated secret need from the template. Only the template is read here, so
// the functions are not bundled.

type Statement = { Action: string | string[]; Resource: unknown };
const template = (context: Record<string, string>) => synth(context, { bundle: false }).template;
const at = (value: unknown, ...keys: string[]): unknown =>
  keys.reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], value);
const variables = (fn: Resource) => at(fn.Properties, 'Environment', 'Variables') as Record<string, unknown>;

const CERTIFICATE =
  'arn:aws:acm:ap-northeast-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';
const DOMAIN = { ...PROD, appUrl: '', domainName: 'tsunagu.example.jp', certificateArn: CERTIFICATE };

/** The ses:SendEmail resources granted to a function, as ARN suffixes (identity/…, configuration-set/…). */
function sesResources(t: Template, file: string): string[] {
  const [, fn] = functionFor(t, file);
  const role = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  return all(t, 'AWS::IAM::Policy')
    .filter(([, p]) => JSON.stringify(p.Properties.Roles).includes(`"${role}"`))
    .flatMap(([, p]) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement)
    .filter((s) => [s.Action].flat().includes('ses:SendEmail'))
    .flatMap((s) => [s.Resource].flat())
    .map((r) => {
      const parts = (at(r, 'Fn::Join') as [string, unknown[]])[1];
      const tail = parts.slice(
        parts.findIndex((p) => typeof p === 'string' && /:(identity|configuration-set)\/$/.test(p)),
      );
      return tail
        .map((p) => (typeof p === 'string' ? p.replace(/^.*:(?=identity|configuration-set)/, '') : '<ref>'))
        .join('');
    })
    .sort();
}

describe('item 1: a new account’s Lambda concurrency quota (10) is enough to create the stack', () => {
  it.each([
    ['dev', DEV],
    ['prod', PROD],
    ['prod with alarms=full', { ...PROD, alarms: 'full' }],
  ])('%s: no ReservedConcurrentExecutions anywhere unless the context asks for it', (_, context) => {
    for (const [id, fn] of all(template(context), 'AWS::Lambda::Function')) {
      expect(fn.Properties.ReservedConcurrentExecutions, id).toBeUndefined();
    }
  });

  it('bounds the sender without a reservation: one stream batch per shard, each instance at half the rate', () => {
    const t = template(PROD);
    const [sendId, send] = functionFor(t, 'send.ts');
    const [, mapping] = only(t, 'AWS::Lambda::EventSourceMapping');
    expect(mapping.Properties).toMatchObject({ FunctionName: { Ref: sendId }, ParallelizationFactor: 1 });
    expect(variables(send).SES_MAX_SEND_RATE).toBe('7');
  });

  it('-c sendConcurrency=N reserves N for the send function only, each instance at 1/N of the rate', () => {
    const t = template({ ...PROD, sendConcurrency: '4' });
    const [sendId, send] = functionFor(t, 'send.ts');
    expect(send.Properties.ReservedConcurrentExecutions).toBe(4);
    expect(variables(send).SES_MAX_SEND_RATE).toBe('3.5');
    for (const [id, fn] of all(t, 'AWS::Lambda::Function').filter(([id]) => id !== sendId)) {
      expect(fn.Properties.ReservedConcurrentExecutions, id).toBeUndefined();
    }
    expect(settingsFromContext(new App({ context: { ...PROD, sendConcurrency: '1' } })).success).toBe(false);
  });
});

describe('item 2: the SES sandbox (-c sesSandbox=true -c sandboxRecipients=…)', () => {
  const SANDBOX = {
    ...PROD,
    sesSandbox: 'true',
    sandboxRecipients: 'jimukyoku@saitama.example.jp,npo.example.org',
  };

  it('grants ses:SendEmail on each verified recipient too, since SES checks them in the sandbox; no wildcard', () => {
    const t = template(SANDBOX);
    expect(sesResources(t, 'api.ts')).toEqual([]);
    for (const file of ['send.ts']) {
      expect(sesResources(t, file), file).toEqual([
        'configuration-set/<ref>',
        'identity/jimukyoku@saitama.example.jp',
        'identity/npo.example.org',
        'identity/tsunagu.example.jp',
      ]);
    }
    expect(JSON.stringify(all(t, 'AWS::IAM::Policy'))).not.toContain('identity/*');
  });

  it('out of the sandbox, only the sender’s identity and the configuration set', () => {
    const t = template(PROD);
    expect(sesResources(t, 'api.ts')).toEqual([]);
    for (const file of ['send.ts']) {
      expect(sesResources(t, file), file).toEqual(['configuration-set/<ref>', 'identity/tsunagu.example.jp']);
    }
  });

  it('sends at the sandbox’s 1 mail a second unless told otherwise', () => {
    const parse = (context: Record<string, string>) => settingsFromContext(new App({ context })).data;
    expect(parse({ stage: 'dev', sesSandbox: 'true' })?.sesMaxSendRate).toBe(1);
    expect(parse({ stage: 'dev' })?.sesMaxSendRate).toBe(10);
    expect(parse({ stage: 'dev', sesSandbox: 'true', sesMaxSendRate: '2' })?.sesMaxSendRate).toBe(2);
  });

  it('refuses recipients outside the sandbox, and what is not an address or a domain', () => {
    const parse = (context: Record<string, string>) => settingsFromContext(new App({ context }));
    expect(parse({ stage: 'dev', sandboxRecipients: 'a@example.jp' }).error?.issues[0]?.path).toEqual([
      'sandboxRecipients',
    ]);
    expect(parse({ stage: 'dev', sesSandbox: 'true', sandboxRecipients: 'a@example.jp,*' }).success).toBe(
      false,
    );
    expect(parse({ stage: 'dev', sesSandbox: 'yes' }).error?.issues[0]?.path).toEqual(['sesSandbox']);
  });
});

describe('item 3: an alarm on what users see', () => {
  it("alarms on the HTTP API's 5xx: the Trouble alarm reads the metric the stage's access log feeds at status ≥ 500", () => {
    const t = template(PROD);
    const [, stage] = only(t, 'AWS::ApiGatewayV2::Stage');
    const accessLogs = at(stage.Properties, 'AccessLogSettings', 'DestinationArn', 'Fn::GetAtt', '0');
    const filters = all(t, 'AWS::Logs::MetricFilter').map(([, f]) => f.Properties);
    const fiveXx = filters.filter((f) => (f.LogGroupName as { Ref: string }).Ref === accessLogs);
    expect(fiveXx).toHaveLength(1);
    expect(fiveXx[0]!.FilterPattern).toBe('{ $.status >= 500 }');
    const [metric] = fiveXx[0]!.MetricTransformations as { MetricNamespace: string; MetricName: string }[];
    const alarms = all(t, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
    expect(alarms).toContainEqual(
      expect.objectContaining({
        Namespace: metric!.MetricNamespace,
        MetricName: metric!.MetricName,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        AlarmActions: [expect.anything()],
      }),
    );
  });

  it("counts the API function's own ERROR lines (its 'unhandled error') into the same alarmed metric", () => {
    const t = template(PROD);
    const [, api] = functionFor(t, 'api.ts');
    const logGroup = (at(api.Properties, 'LoggingConfig', 'LogGroup') as { Ref: string }).Ref;
    const filter = all(t, 'AWS::Logs::MetricFilter')
      .map(([, f]) => f.Properties)
      .find((f) => (f.LogGroupName as { Ref: string }).Ref === logGroup);
    expect(filter?.FilterPattern).toContain('"ERROR"');
    expect(filter?.MetricTransformations).toEqual([
      { MetricNamespace: 'tsunagu/prod', MetricName: 'Trouble', MetricValue: '1' },
    ]);
  });
});

describe('item 4: a custom domain (-c domainName=… -c certificateArn=…)', () => {
  it('creates the regional domain with TLS 1.2 and maps the API’s stage to it', () => {
    const t = template(DOMAIN);
    const [domainId, domain] = only(t, 'AWS::ApiGatewayV2::DomainName');
    expect(domain.Properties).toMatchObject({
      DomainName: 'tsunagu.example.jp',
      DomainNameConfigurations: [
        { CertificateArn: CERTIFICATE, EndpointType: 'REGIONAL', SecurityPolicy: 'TLS_1_2' },
      ],
    });
    const [apiId] = only(t, 'AWS::ApiGatewayV2::Api');
    const [, mapping] = only(t, 'AWS::ApiGatewayV2::ApiMapping');
    expect(mapping.Properties).toEqual({
      ApiId: { Ref: apiId },
      DomainName: { Ref: domainId },
      Stage: '$default',
    });
  });

  it('turns the execute-api endpoint off and puts the domain into every link in mail', () => {
    const t = template(DOMAIN);
    const [, api] = only(t, 'AWS::ApiGatewayV2::Api');
    expect(api.Properties.DisableExecuteApiEndpoint).toBe(true);
    for (const file of functionFiles) {
      expect(variables(functionFor(t, file)[1]).APP_URL, file).toBe('https://tsunagu.example.jp/');
    }
  });

  it('outputs AppUrl and the DNS record to create, and no execute-api URL', () => {
    const t = template(DOMAIN);
    const [domainId] = only(t, 'AWS::ApiGatewayV2::DomainName');
    const outputs = t.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(outputs.AppUrl?.Value).toBe('https://tsunagu.example.jp/');
    expect(outputs.ApiDomainTarget?.Value).toEqual({ 'Fn::GetAtt': [domainId, 'RegionalDomainName'] });
    expect(outputs.ApiDomainHostedZoneId?.Value).toEqual({
      'Fn::GetAtt': [domainId, 'RegionalHostedZoneId'],
    });
    expect(outputs.ApiUrl).toBeUndefined();
  });

  it('creates none of it without the context: the API’s own URL is the app’s', () => {
    const t = template(DEV);
    expect(all(t, 'AWS::ApiGatewayV2::DomainName')).toEqual([]);
    expect(all(t, 'AWS::ApiGatewayV2::ApiMapping')).toEqual([]);
    const [, api] = only(t, 'AWS::ApiGatewayV2::Api');
    expect(api.Properties.DisableExecuteApiEndpoint ?? false).toBe(false);
    const outputs = t.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(outputs.AppUrl?.Value).toEqual(outputs.ApiUrl?.Value);
    expect(JSON.stringify(outputs.AppUrl?.Value)).toContain('execute-api');
  });

  it('wants the domain and its certificate together, and no other appUrl', () => {
    const parse = (context: Record<string, string>) => settingsFromContext(new App({ context }));
    expect(parse({ stage: 'prod', domainName: 'tsunagu.example.jp' }).error?.issues[0]?.path).toEqual([
      'certificateArn',
    ]);
    expect(parse({ stage: 'prod', certificateArn: CERTIFICATE }).error?.issues[0]?.path).toEqual([
      'domainName',
    ]);
    expect(parse({ ...DOMAIN, appUrl: 'https://other.example.jp' }).error?.issues.map((i) => i.path)).toEqual(
      [['appUrl']],
    );
    expect(parse({ ...DOMAIN, appUrl: 'https://tsunagu.example.jp/' }).success).toBe(true);
    expect(parse({ ...DOMAIN, certificateArn: 'arn:aws:acm:ap-northeast-1:1:cert' }).success).toBe(false);
  });

  it('refuses at synth a certificate from another region than the stack’s (a regional API)', () => {
    const stackIn = (certificateArn: string) => {
      const app = new App({ context: { ...cdkJson.context, ...REPORT_ONLY, 'aws:cdk:bundling-stacks': [] } });
      const settings = settingsFromContext(new App({ context: { ...DOMAIN, certificateArn } }));
      if (!settings.success) throw settings.error;
      return new TsunaguStack(app, 'Tsunagu-prod', {
        settings: settings.data,
        env: { account: '123456789012', region: 'ap-northeast-1' },
      });
    };
    Annotations.fromStack(stackIn(CERTIFICATE.replace('ap-northeast-1', 'us-east-1'))).hasError(
      '*',
      Match.stringLikeRegexp('certificateArn is in us-east-1'),
    );
    Annotations.fromStack(stackIn(CERTIFICATE)).hasNoError('*', Match.anyValue());
  });
});

describe('item 7: a secret rotation that reaches the functions', () => {
  it('references the pinned parameter version in every function (-c secretVersion=N)', () => {
    const t = template({ ...PROD, secretVersion: '7' });
    for (const file of functionFiles) {
      expect(variables(functionFor(t, file)[1]).TSUNAGU_SECRET, file).toBe(
        '{{resolve:ssm:/tsunagu/prod/secret:7}}',
      );
    }
  });

  it('warns when no version is pinned, since a new value would then never reach the functions', () => {
    const { stack } = synth({ ...PROD, secretVersion: '' }, { bundle: false });
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('secretVersion'));
    const { template: t } = synth({ ...PROD, secretVersion: '' }, { bundle: false });
    expect(variables(functionFor(t, 'api.ts')[1]).TSUNAGU_SECRET).toBe(
      '{{resolve:ssm:/tsunagu/prod/secret}}',
    );
  });
});

describe('item 11: the runtime, and what the operator reads off the stack', () => {
  it('runs every function on nodejs24.x', () => {
    for (const [id, fn] of all(template(PROD), 'AWS::Lambda::Function')) {
      expect(fn.Properties.Runtime, id).toBe('nodejs24.x');
    }
  });

  it('outputs AppUrl, TableName, MailFrom, SenderIdentity and FailuresQueueUrl', () => {
    const t = template(PROD);
    const [queueId] = only(t, 'AWS::SQS::Queue');
    const [tableId] = only(t, 'AWS::DynamoDB::GlobalTable');
    const outputs = t.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(outputs.AppUrl?.Value).toBe('https://tsunagu.example.jp');
    expect(outputs.TableName?.Value).toEqual({ Ref: tableId });
    expect(outputs.MailFrom?.Value).toBe('tsunagu <no-reply@tsunagu.example.jp>');
    expect(outputs.SenderIdentity?.Value).toBe('tsunagu.example.jp');
    expect(outputs.FailuresQueueUrl?.Value).toEqual({ Ref: queueId });
  });
});

describe('issue 18, item 13: data is kept unless a stage is declared ephemeral', () => {
  /** What `cdk destroy` would leave of the stage, and what refuses it. */
  function protection(context: Record<string, string>) {
    const { stack, template: t } = synth(context, { bundle: false });
    const [, table] = only(t, 'AWS::DynamoDB::GlobalTable');
    const replicas = table.Properties.Replicas as { DeletionProtectionEnabled?: boolean }[];
    return {
      table: table.DeletionPolicy,
      tableOnReplace: (table as { UpdateReplacePolicy?: string }).UpdateReplacePolicy,
      deletionProtection: replicas.every((r) => r.DeletionProtectionEnabled === true),
      logs: [...new Set(all(t, 'AWS::Logs::LogGroup').map(([, l]) => l.DeletionPolicy))],
      terminationProtection: stack.terminationProtection,
    };
  }
  const KEPT = {
    table: 'Retain',
    tableOnReplace: 'Retain',
    deletionProtection: true,
    logs: ['Retain'],
    terminationProtection: true,
  };

  it.each([
    ['production', { ...PROD, stage: 'production' }],
    ['saitama', { stage: 'saitama' }],
    ['dev', DEV],
    ['dev with -c ephemeral=false', { ...DEV, ephemeral: 'false' }],
  ])('%s: the table and every log group are retained, deletion and termination protected', (_, context) => {
    expect(protection(context)).toEqual(KEPT);
  });

  it('-c ephemeral=true: everything goes with the stack, nothing refuses cdk destroy', () => {
    expect(protection({ ...DEV, ephemeral: 'true' })).toEqual({
      table: 'Delete',
      tableOnReplace: 'Delete',
      deletionProtection: false,
      logs: ['Delete'],
      terminationProtection: false,
    });
  });

  it('refuses ephemeral for a stage named like production, and anything but true or false', () => {
    const parse = (context: Record<string, string>) => settingsFromContext(new App({ context }));
    for (const stage of ['prod', 'production', 'prd', 'live', 'honban', 'saitama-prod', 'prod-2']) {
      expect(
        parse({ stage, ephemeral: 'true' }).error?.issues.map((i) => i.path),
        stage,
      ).toEqual([['ephemeral']]);
      expect(parse({ stage }).success, stage).toBe(true);
    }
    for (const stage of ['dev', 'review-42', 'product-demo', 'tanaka'])
      expect(parse({ stage, ephemeral: 'true' }).success, stage).toBe(true);
    expect(parse({ stage: 'dev', ephemeral: 'yes' }).error?.issues[0]?.path).toEqual(['ephemeral']);
  });
});
