import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AttributeValue, ScanCommand } from '@aws-sdk/client-dynamodb';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrapPlatform } from '#admin';
import { loadLocalConfig, parseConfig } from '#config';
import { type AppContext, createContext } from '#context';
import { type Email, type StandIns, sesLocalStore, startStandIns } from '#local';
import { ensureTable, TABLE } from '#store';
import { needInput, offerInput, organizationInput } from '#test/builders';
import { lambdaEnvironment, scheduleInputsOf, thisHour } from '#test/deployed';
import { isLinkMail, isMembershipMail, magicTokenFrom } from '#test/harness';
import {
  httpApiEvent,
  type LambdaInvokeStub,
  type LambdaProcess,
  lambdaInvokeStub,
  matchesPattern,
  startLambda,
  streamEventOf,
} from '#test/lambda';
import { bounceEvent, tagOf } from '#test/ses-events';
import {
  bundleOf,
  functionFiles,
  functionFor,
  only,
  PROD,
  type Resource,
  type Synthesized,
  synth,
} from './synth';

// Issue 25, item 11: every bundle `cdk deploy` would upload, run as Lambda runs it — its handler,
// in a fresh Node, with the environment the stack gives that function, called with the events the
// stack's own wiring delivers (read from the template: the schedule's Input, the stream's filter,
// the SES rule's pattern) — against DynamoDB Local and SES local. A sign-in, a need and an offer,
// a round that proposes them, the proposal mail sent from the stream, a bounce that suppresses the
// address, and the week's digest that then skips it. A bundling mistake fails here, not in a deploy.

const HOST = 'a1b2c3d4e5.execute-api.ap-northeast-1.amazonaws.com';
const SECRET = 'bundle-test-secret-that-is-at-least-32-characters';

let s: Synthesized;
let standIns: StandIns;
let stub: LambdaInvokeStub;
let ctx: AppContext;
let tableName: string;
let home: string;
const running = new Map<string, LambdaProcess>();
/** The requestContext.requestId of every API Gateway event the api function was sent. */
const apiRequestIds = new Set<string>();

/** The environment Lambda would give this function (test/support/deployed.ts), on loopback. */
function environmentOf(fnId: string, fn: Resource): Record<string, string> {
  return lambdaEnvironment(fnId, fn, s.template.toJSON().Resources as Record<string, Resource>, {
    stage: 'prod',
    tableName,
    secret: SECRET,
    bundleDir: bundleOf(s, fn),
    loopback: {
      dynamoEndpoint: standIns.dynamoEndpoint,
      sesEndpoint: standIns.sesEndpoint,
      lambdaEndpoint: stub.endpoint,
      home,
    },
  });
}

/** The function deployed from functions/<file>, started once (its cold start) and kept warm. */
async function lambda(file: string): Promise<LambdaProcess> {
  const warm = running.get(file);
  if (warm) return warm;
  const [fnId, fn] = functionFor(s.template, file);
  const started = await startLambda(file, bundleOf(s, fn), environmentOf(fnId, fn), {
    timeoutSeconds: Number(fn.Properties.Timeout),
    memoryMb: Number(fn.Properties.MemorySize),
  });
  running.set(file, started);
  return started;
}

interface HttpAnswer {
  statusCode: number;
  body: string;
  headers?: Record<string, string>;
}

async function api<T = Record<string, unknown>>(
  method: string,
  path: string,
  options: { json?: unknown; bearer?: string } = {},
  status = 200,
): Promise<T> {
  const event = httpApiEvent(method, path, { ...options, host: HOST });
  apiRequestIds.add(event.requestContext.requestId);
  const answer = await (await lambda('api.ts')).ok<HttpAnswer>(event);
  expect(answer.statusCode, `${method} ${path}: ${answer.body}`).toBe(status);
  // API Gateway's id, the one its access log writes as $context.requestId.
  expect(answer.headers?.['x-request-id'], `${method} ${path}: X-Request-Id`).toBe(
    event.requestContext.requestId,
  );
  return (answer.body ? JSON.parse(answer.body) : undefined) as T;
}

const mails = async (to: string): Promise<Email[]> =>
  (await sesLocalStore(standIns.sesEndpoint).list()).filter((m) => m.destination.to.includes(to));

/** What the stream hands the send function for the outbox items written since the last call. */
async function sendNewOutboxItems(): Promise<void> {
  const fresh = (await rawItems()).filter((i) => i.type?.S === 'outbox' && !seenOutbox.has(i.pk!.S!));
  for (const o of fresh) seenOutbox.add(o.pk!.S!);
  const event = filteredByStack(streamEventOf(tableName, fresh, [TABLE.partitionKey, TABLE.sortKey]));
  expect(event.Records).toHaveLength(fresh.length);
  await (await lambda('send.ts')).ok(event);
}

async function signIn(email: string): Promise<string> {
  const before = (await mails(email)).length;
  await api('POST', '/v1/auth/magic-link', { json: { email } }, 202);
  // The link waits in the outbox; the table's stream hands it to the send function.
  await sendNewOutboxItems();
  const inbox = await mails(email);
  expect(inbox, `a sign-in mail to ${email}`).toHaveLength(before + 1);
  const session = await api<{ token: string }>(
    'POST',
    '/v1/auth/session',
    { json: { token: magicTokenFrom(inbox.at(-1)!) } },
    201,
  );
  return session.token;
}

/** Every item of the table as attribute maps, the form a stream's NEW_IMAGE carries. */
async function rawItems(): Promise<Record<string, AttributeValue>[]> {
  const out: Record<string, AttributeValue>[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await ctx.dynamo.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start }));
    out.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return out;
}

/** What the send function's event source passes on: the stream event, through the stack's filter. */
function filteredByStack(event: ReturnType<typeof streamEventOf>) {
  const [, mapping] = only(s.template, 'AWS::Lambda::EventSourceMapping');
  const filters = (mapping.Properties.FilterCriteria as { Filters: { Pattern: string }[] }).Filters;
  const patterns = filters.map((f) => JSON.parse(f.Pattern) as unknown);
  return { Records: event.Records.filter((r) => patterns.some((p) => matchesPattern(p, r))) };
}

/** The Input the one schedule invoking this function hands it, fired at the start of this hour. */
function scheduleInput(file: string): unknown {
  const [fnId] = functionFor(s.template, file);
  const inputs = scheduleInputsOf(
    s.template.toJSON().Resources as Record<string, Resource>,
    fnId,
    thisHour(),
  );
  expect(inputs, `one schedule invoking ${file}`).toHaveLength(1);
  return inputs[0];
}

const platformId = `p-${ulid().toLowerCase().slice(-10)}`;
const secretariat = `jimukyoku-${ulid().toLowerCase()}@example.jp`;
const npo = `npo-${ulid().toLowerCase()}@example.jp`;
const company = `company-${ulid().toLowerCase()}@example.jp`;
const seenOutbox = new Set<string>();

beforeAll(async () => {
  // Java starts DynamoDB Local while esbuild bundles the five functions.
  const starting = startStandIns({ javaHome: loadLocalConfig().javaHome });
  try {
    s = synth(PROD);
  } finally {
    standIns = await starting;
  }
  stub = await lambdaInvokeStub();
  home = mkdtempSync(join(tmpdir(), 'tsunagu-lambda-home-'));
  tableName = `bundles-${ulid()}`;
  ctx = createContext(
    parseConfig({
      STAGE: 'test',
      TABLE_NAME: tableName,
      DYNAMODB_ENDPOINT: standIns.dynamoEndpoint,
      SES_ENDPOINT: standIns.sesEndpoint,
      LOG_LEVEL: 'silent',
    }),
  );
  await ensureTable(ctx.dynamo, tableName);
  // What an operator does once per platform (`npm run platform -- create`), against the table.
  await bootstrapPlatform(
    ctx,
    {
      id: platformId,
      name: 'テスト県 孤独・孤立対策官民連携プラットフォーム',
      level: 'prefecture',
      scope: { prefectures: ['11'], municipalities: [] },
    },
    [secretariat],
  );
}, 240_000);

afterAll(async () => {
  for (const p of running.values()) p.stop();
  await stub?.stop();
  await standIns?.stop();
  if (home) rmSync(home, { recursive: true, force: true });
  if (s) rmSync(s.assemblyDir, { recursive: true, force: true });
});

describe('the deployed bundles, each run as Lambda runs it', () => {
  it('covers every function the stack deploys', () => {
    expect(functionFiles).toEqual(['api.ts', 'digest.ts', 'match.ts', 'send.ts', 'ses-events.ts']);
  });

  it('each bundle carries what its function uses: the SES client only in send, no foreign zod locale', () => {
    const carries = (file: string, marker: string) =>
      readFileSync(join(bundleOf(s, functionFor(s.template, file)[1]), 'index.mjs'), 'utf8').includes(marker);
    // The SES v2 client names its service; zod's German locale its messages (esbuild escapes the ü).
    const ses = 'SimpleEmailService_v2';
    const german = 'Eingabe: erwartet';
    // zod's Japanese locale (無効な入力, as esbuild escapes it), which every page and API answer uses.
    const japanese = '\\u7121\\u52B9\\u306A\\u5165\\u529B';
    expect(functionFiles.filter((f) => carries(f, ses))).toEqual(['send.ts']);
    // Not even the API's, where @hono/zod-openapi hands zod's whole namespace to
    // extendZodWithOpenApi(z): its bundle imports zod's lean entry files (infra/bundle/zod-shim.ts).
    expect(functionFiles.filter((f) => carries(f, german))).toEqual([]);
    expect(carries('api.ts', japanese)).toBe(true);
  });

  it('api: members sign in by the mailed link, register, are approved and post a need and an offer', async () => {
    const jimukyoku = await signIn(secretariat);
    const member = async (email: string, name: string) => {
      const bearer = await signIn(email);
      const org = await api<{ id: string }>(
        'POST',
        '/v1/organizations',
        { bearer, json: organizationInput({ name, contact: { name: '担当', email } }) },
        201,
      );
      await api(
        'POST',
        `/v1/platforms/${platformId}/memberships`,
        { bearer, json: { organizationId: org.id, tier: 'member' } },
        201,
      );
      await api('POST', `/v1/platforms/${platformId}/memberships/${org.id}/approve`, { bearer: jimukyoku });
      return { bearer, organizationId: org.id };
    };
    const a = await member(npo, 'NPO法人 バンドル子ども食堂');
    const b = await member(company, '株式会社 バンドル商事');
    await api(
      'POST',
      `/v1/platforms/${platformId}/needs`,
      { bearer: a.bearer, json: needInput(a.organizationId) },
      201,
    );
    await api(
      'POST',
      `/v1/platforms/${platformId}/offers`,
      { bearer: b.bearer, json: offerInput(b.organizationId) },
      201,
    );
    const needs = await api<{ items: unknown[] }>('GET', `/v1/platforms/${platformId}/needs`, {
      bearer: b.bearer,
    });
    expect(needs.items).toHaveLength(1);
  });

  it("match: the schedule's event fans out one run per platform, and that run proposes the match", async () => {
    const match = await lambda('match.ts');
    const [, fn] = functionFor(s.template, 'match.ts');
    const dispatched = await match.ok<{ dispatched: number; roundId: string }>(scheduleInput('match.ts'));
    expect(dispatched.dispatched).toBe(1);
    const runs = stub.invocations.splice(0);
    expect(runs).toEqual([
      {
        functionName: fn.Properties.FunctionName,
        invocationType: 'Event',
        payload: { platformId, roundId: dispatched.roundId },
      },
    ]);
    // Lambda's queue delivers the asynchronous invocation to the same function.
    await match.ok(runs[0]!.payload);
    // The round's proposals (the applications and approvals before it mailed their own news).
    const proposals = (await rawItems()).filter(
      (i) => i.type?.S === 'outbox' && i.category?.S === 'introduction',
    );
    expect(proposals.map((p) => p.to?.S).sort()).toEqual([company, npo].sort());
  });

  it('send: the stream records of the new outbox items pass the stack’s filter and the proposal mails go out', async () => {
    const items = await rawItems();
    const outbox = items.filter((i) => i.type?.S === 'outbox');
    for (const o of outbox) seenOutbox.add(o.pk!.S!);
    // Every write is on the stream; the filter lets only new outbox items through.
    const event = filteredByStack(streamEventOf(tableName, items, [TABLE.partitionKey, TABLE.sortKey]));
    expect(event.Records).toHaveLength(outbox.length);
    const report = await (await lambda('send.ts')).ok<{ sent: number }>(event);
    // Everything still waiting goes: the two proposals and the membership mails before them.
    const waiting = outbox.filter((o) => o.status?.S === 'pending').length;
    expect(waiting).toBeGreaterThanOrEqual(2);
    expect(report).toMatchObject({ sent: waiting });
    for (const to of [npo, company]) {
      const proposal = (await mails(to)).filter((m) => tagOf(m) && !isLinkMail(m) && !isMembershipMail(m));
      expect(proposal, `the proposal mail to ${to}`).toHaveLength(1);
    }
  });

  it('ses-events: a permanent bounce, as EventBridge delivers it, suppresses the address', async () => {
    const [stored] = (await mails(npo)).filter((m) => tagOf(m) && !isLinkMail(m) && !isMembershipMail(m));
    const [, rule] = only(s.template, 'AWS::Events::Rule');
    const [, configurationSet] = only(s.template, 'AWS::SES::ConfigurationSet');
    const target = (rule.Properties.Targets as Record<string, unknown>[])[0]!;
    // No input transformer: the function gets the event as EventBridge has it.
    expect(Object.keys(target).filter((k) => k.startsWith('Input'))).toEqual([]);
    const bounce = bounceEvent(stored!, 'Permanent');
    bounce.detail.mail.tags['ses:configuration-set'] = [String(configurationSet.Properties.Name)];
    const pattern = JSON.parse(
      JSON.stringify(rule.Properties.EventPattern).replace(
        JSON.stringify({ Ref: only(s.template, 'AWS::SES::ConfigurationSet')[0] }),
        JSON.stringify(configurationSet.Properties.Name),
      ),
    ) as unknown;
    expect(matchesPattern(pattern, bounce), 'the rule passes the bounce on').toBe(true);

    const report = await (await lambda('ses-events.ts')).ok(bounce);
    expect(report).toMatchObject({ suppressed: 1 });
    expect(await ctx.store.suppressions.get(npo)).toMatchObject({ email: npo, reason: 'bounce' });
  });

  it('digest: the week’s digest is planned by the fanned-out run and sent, except to the bounced address', async () => {
    const digest = await lambda('digest.ts');
    // The hourly schedule dispatches only the platforms due this hour (none may be): it must run.
    const due = await digest.ok<{ dispatched: number }>(scheduleInput('digest.ts'));
    expect(stub.invocations.splice(0)).toHaveLength(due.dispatched);
    // What a dispatched run of this platform receives.
    await digest.ok({ platformId });
    const fresh = (await rawItems()).filter((i) => i.type?.S === 'outbox' && !seenOutbox.has(i.pk!.S!));
    expect(fresh.map((i) => i.to?.S)).toEqual(expect.arrayContaining([npo, company]));

    const before = (await mails(npo)).length;
    const event = filteredByStack(streamEventOf(tableName, fresh, [TABLE.partitionKey, TABLE.sortKey]));
    const report = await (await lambda('send.ts')).ok<{ sent: number; skipped: number }>(event);
    expect(report.skipped).toBeGreaterThanOrEqual(1);
    expect((await mails(company)).filter((m) => m.subject.includes('今週のお知らせ'))).toHaveLength(1);
    expect(await mails(npo), 'nothing more to the bounced address').toHaveLength(before);
  });

  it('logged no error or warning in any function', () => {
    expect([...running.keys()].sort()).toEqual(functionFiles);
    for (const p of running.values()) {
      const lines = p.output().split('\n').filter(Boolean);
      expect(lines.length, `${p.name} logged`).toBeGreaterThan(0);
      const bad = lines.filter((l) => !/^\{"level":"(info|debug)"/.test(l));
      expect(bad, `${p.name}: lines that are not info`).toEqual([]);
    }
  });

  it('api: each of its lines carries the requestId of the event it was handling, and Lambda’s id', () => {
    const lines = running
      .get('api.ts')!
      .output()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { msg: string; requestId?: string; awsRequestId?: string });
    expect(lines.map((l) => l.msg)).toContain('magic link queued');
    const lambdaIdOf = new Map<string, string>();
    for (const line of lines) {
      expect([...apiRequestIds], `${line.msg}: a requestId of an event sent`).toContain(line.requestId);
      expect(line.awsRequestId, `${line.msg}: Lambda's awsRequestId`).toMatch(/^[0-9a-f-]{36}$/);
      // One invocation per event: the lines of one request share Lambda's id too.
      const seen = lambdaIdOf.get(line.requestId!) ?? line.awsRequestId!;
      expect(line.awsRequestId).toBe(seen);
      lambdaIdOf.set(line.requestId!, seen);
    }
  });
});
