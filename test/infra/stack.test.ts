import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { TABLE } from '#store';
import { TsunaguStack, tsunaguSettings } from '../../infra/stack';

// The same feature flags `cdk synth` uses, so the template under test is the one that deploys.
const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
  context: Record<string, unknown>;
};

type Resource = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string };
type Statement = { Action: string | string[]; Resource: unknown; Effect: string };

interface Synthesized {
  stack: TsunaguStack;
  template: Template;
  assemblyDir: string;
}

// Bundling functions/api.ts takes seconds: synthesise once per stage and share the result.
function synth(context: Record<string, string>): Synthesized {
  const app = new App({ context: cdkJson.context });
  const settings = tsunaguSettings.parse(context);
  const stack = new TsunaguStack(app, `Tsunagu-${settings.stage}`, { settings });
  const assembly = app.synth();
  return { stack, template: Template.fromStack(stack), assemblyDir: assembly.directory };
}

function only(template: Template, type: string): [string, Resource] {
  const found = Object.entries(template.findResources(type)) as [string, Resource][];
  expect(found, `exactly one ${type}`).toHaveLength(1);
  return found[0]!;
}

/** The directory of the bundled code of the function whose logical id starts with `prefix`. */
function bundleOf(s: Synthesized, prefix: string): string {
  const fns = Object.entries(s.template.findResources('AWS::Lambda::Function')) as [string, Resource][];
  const found = fns.filter(([id]) => id.startsWith(prefix));
  expect(found).toHaveLength(1);
  const hash = (found[0]![1].Properties.Code as { S3Key: string }).S3Key.replace(/\.zip$/, '');
  return join(s.assemblyDir, `asset.${hash}`);
}

function apiFunction(template: Template): [string, Resource] {
  const fns = Object.entries(template.findResources('AWS::Lambda::Function')) as [string, Resource][];
  const api = fns.filter(([id]) => id.startsWith('ApiHandler'));
  expect(api).toHaveLength(1);
  return api[0]!;
}

function roleStatements(template: Template, fn: Resource): Statement[] {
  const role = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  const policies = Object.values(template.findResources('AWS::IAM::Policy')) as Resource[];
  return policies
    .filter((p) => JSON.stringify(p.Properties.Roles).includes(`"${role}"`))
    .flatMap((p) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
}

const actions = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);
const resources = (s: Statement) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]);

describe('TsunaguStack (dev, no sender)', () => {
  let dev: Synthesized;
  beforeAll(() => {
    dev = synth({ stage: 'dev' });
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

  it('deletes the table and logs with a dev stack, without deletion protection', () => {
    const [, table] = only(dev.template, 'AWS::DynamoDB::GlobalTable');
    expect(table.DeletionPolicy).toBe('Delete');
    expect(JSON.stringify(table.Properties.Replicas)).not.toContain('"DeletionProtectionEnabled":true');
    for (const log of Object.values(dev.template.findResources('AWS::Logs::LogGroup'))) {
      expect(log.DeletionPolicy).toBe('Delete');
    }
  });

  it('runs the API on nodejs22.x, arm64, 512 MB, 10 s, with TABLE_NAME naming the table', () => {
    const [tableId] = only(dev.template, 'AWS::DynamoDB::GlobalTable');
    const [, fn] = apiFunction(dev.template);
    expect(fn.Properties).toMatchObject({
      Runtime: 'nodejs22.x',
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

  it('lets the function touch only the table and its indexes, and nothing with Resource "*"', () => {
    const [tableId] = only(dev.template, 'AWS::DynamoDB::GlobalTable');
    const [, fn] = apiFunction(dev.template);
    const statements = roleStatements(dev.template, fn);
    const dynamo = statements.filter((s) => actions(s).some((a) => a.startsWith('dynamodb:')));
    expect(dynamo.length).toBeGreaterThan(0);
    const tableArn = { 'Fn::GetAtt': [tableId, 'Arn'] };
    for (const s of dynamo) {
      for (const r of resources(s)) {
        expect([tableArn, { 'Fn::Join': ['', [tableArn, '/index/*']] }]).toContainEqual(r);
      }
    }
    for (const s of statements) expect(resources(s)).not.toContain('*');
    expect(statements.flatMap(actions).some((a) => a.startsWith('ses:'))).toBe(false);
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
    expect(JSON.parse(access.Format)).toMatchObject({ requestId: '$context.requestId' });
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

  it('bundles functions/api.ts into one ESM file that loads and answers /health', () => {
    const bundle = join(bundleOf(dev, 'ApiHandler'), 'index.mjs');
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
      process.stdout.write(JSON.stringify({ status: res.statusCode, body: res.body }));`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      env: { PATH: process.env.PATH, STAGE: 'local', AWS_REGION: 'ap-northeast-1', NODE_NO_WARNINGS: '1' },
      encoding: 'utf8',
    });
    expect(JSON.parse(out)).toEqual({ status: 200, body: JSON.stringify({ status: 'ok' }) });
  });
});

describe('TsunaguStack (prod, sender domain)', () => {
  let prod: Synthesized;
  beforeAll(() => {
    prod = synth({ stage: 'prod', senderDomain: 'tsunagu.example.jp', appUrl: 'https://tsunagu.example.jp' });
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

  it('may send mail only from the verified domain identity', () => {
    const [, fn] = apiFunction(prod.template);
    const ses = roleStatements(prod.template, fn).filter((s) => actions(s).some((a) => a.startsWith('ses:')));
    expect(ses).toHaveLength(1);
    expect(actions(ses[0]!)).toEqual(['ses:SendEmail']);
    expect(JSON.stringify(resources(ses[0]!))).toMatch(/:identity\/tsunagu\.example\.jp"/);
  });

  it('puts the configured sender and public URL into the function environment', () => {
    const [, fn] = apiFunction(prod.template);
    expect(fn.Properties.Environment).toMatchObject({
      Variables: {
        STAGE: 'prod',
        MAIL_FROM: 'tsunagu <no-reply@tsunagu.example.jp>',
        APP_URL: 'https://tsunagu.example.jp',
        TSUNAGU_SECRET: '{{resolve:ssm:/tsunagu/prod/secret}}',
      },
    });
    Annotations.fromStack(prod.stack).hasNoWarning('*', Match.anyValue());
  });
});

describe('tsunaguSettings (CDK context)', () => {
  it('defaults the stage to dev', () => {
    expect(tsunaguSettings.parse({}).stage).toBe('dev');
  });

  it.each(['local', 'test', 'Prod', 'prod_1', ''])('rejects stage %j', (stage) => {
    expect(tsunaguSettings.safeParse({ stage }).success).toBe(false);
  });

  it('rejects a sender address outside the sender domain', () => {
    const parsed = tsunaguSettings.safeParse({ senderDomain: 'example.jp', senderEmail: 'a@other.jp' });
    expect(parsed.error?.issues[0]?.path).toEqual(['senderEmail']);
  });

  it('accepts a sender address on a subdomain of the sender domain', () => {
    const parsed = tsunaguSettings.safeParse({
      senderDomain: 'example.jp',
      senderEmail: 'a@mail.example.jp',
    });
    expect(parsed.success).toBe(true);
  });

  it('rejects a public URL that is not https', () => {
    expect(tsunaguSettings.safeParse({ appUrl: 'http://tsunagu.example.jp' }).success).toBe(false);
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
