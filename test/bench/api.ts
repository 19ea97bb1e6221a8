import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { bootstrapPlatform } from '#admin';
import { loadLocalConfig, parseConfig } from '#config';
import { createContext } from '#context';
import { createApp } from '#http';
import { freePort, serveApp, sesLocalStore, startStandIns } from '#local';
import { ensureTable } from '#store';
import { needInput, offerInput, organizationInput } from '../support/builders';

// npm run bench:api [-- --seconds 10 --connections 50]
//
// The real app on the local stack (its own DynamoDB Local and SES local), served on a loopback
// port and driven by autocannon with 50 concurrent clients, one route at a time for a bounded
// time: create a need (a write with its checks), list an organisation's matches (a merged
// two-index Query), get a need (GetItem + permission). Members sign in the real way (magic link
// read from SES local). Prints ONE JSON line: requests, errors and latency per route.
// Target on a 2-core machine: 0 errors, p99 ≤ 50 ms for the reads.

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
  },
});
const SECONDS = Number(values.seconds);
const CONNECTIONS = Number(values.connections);

const standIns = await startStandIns({ javaHome: loadLocalConfig().javaHome });
let stop: (() => Promise<void>) | undefined;
try {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const config = parseConfig({
    STAGE: 'test',
    TABLE_NAME: 'bench-api',
    DYNAMODB_ENDPOINT: standIns.dynamoEndpoint,
    SES_ENDPOINT: standIns.sesEndpoint,
    APP_URL: origin,
    LOG_LEVEL: 'silent',
    MAGIC_LINKS_PER_IP: '10000',
  });
  const ctx = createContext(config);
  await ensureTable(ctx.dynamo, config.tableName);
  const server = await serveApp(createApp(ctx).fetch, port);
  stop = server.stop;

  const call = async <T>(path: string, init: { method?: string; token?: string; json?: unknown } = {}) => {
    const response = await fetch(`${origin}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
        ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}),
    });
    if (!response.ok)
      throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  const mails = sesLocalStore(config.sesEndpoint!);
  const signIn = async (email: string) => {
    await fetch(`${origin}/v1/auth/magic-link`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email }),
    });
    const mail = (await mails.list()).filter((m) => m.destination.to.includes(email)).at(-1);
    const token = decodeURIComponent(mail?.body.text?.match(/token=([^\s&"]+)/)?.[1] ?? '');
    return (await call<{ token: string }>('/v1/auth/session', { method: 'POST', json: { token } })).token;
  };

  // One platform, an NPO and a company approved on it, a need, an offer and a round's proposal.
  const secretariatEmail = 'jimukyoku@bench.example.jp';
  await bootstrapPlatform(
    ctx,
    {
      id: 'bench',
      name: 'ベンチ県プラットフォーム',
      level: 'prefecture',
      scope: { prefectures: ['11'], municipalities: [] },
    },
    [secretariatEmail],
  );
  const secretariat = await signIn(secretariatEmail);
  const member = async (email: string, org: Record<string, unknown>) => {
    const token = await signIn(email);
    const created = await call<{ id: string }>('/v1/organizations', {
      method: 'POST',
      token,
      json: organizationInput(org),
    });
    await call('/v1/platforms/bench/memberships', {
      method: 'POST',
      token,
      json: { organizationId: created.id },
    });
    await call(`/v1/platforms/bench/memberships/${created.id}/approve`, {
      method: 'POST',
      token: secretariat,
      json: {},
    });
    return { token, orgId: created.id };
  };
  const npo = await member('npo@bench.example.jp', {});
  const company = await member('company@bench.example.jp', { name: '株式会社ベンチ', legalForm: 'company' });
  const need = await call<{ id: string }>('/v1/platforms/bench/needs', {
    method: 'POST',
    token: npo.token,
    json: needInput(npo.orgId),
  });
  await call('/v1/platforms/bench/offers', {
    method: 'POST',
    token: company.token,
    json: offerInput(company.orgId),
  });
  await call('/v1/platforms/bench/runs/match', { method: 'POST', token: secretariat });

  const routes = {
    createNeed: {
      method: 'POST' as const,
      path: '/v1/platforms/bench/needs',
      body: JSON.stringify(needInput(npo.orgId, { title: '負荷試験のニーズ' })),
      expect: 201,
    },
    listMatches: { method: 'GET' as const, path: `/v1/matches?organizationId=${npo.orgId}`, expect: 200 },
    getNeed: { method: 'GET' as const, path: `/v1/needs/${need.id}`, expect: 200 },
  };

  const results: Record<string, unknown> = {};
  for (const [name, route] of Object.entries(routes)) {
    // The load comes from a worker thread, so it does not share the server's event loop.
    const result = await autocannon({
      url: `${origin}${route.path}`,
      method: route.method,
      connections: CONNECTIONS,
      duration: SECONDS,
      workers: 1,
      headers: {
        authorization: `Bearer ${npo.token}`,
        ...('body' in route ? { 'content-type': 'application/json' } : {}),
      },
      ...('body' in route ? { body: route.body } : {}),
    });
    const answered = Object.values(result.statusCodeStats ?? {}).reduce((n, s) => n + (s.count ?? 0), 0);
    const expected =
      result.statusCodeStats?.[String(route.expect) as keyof typeof result.statusCodeStats]?.count ?? 0;
    const wrong = answered - expected;
    results[name] = {
      requests: result.requests.total,
      rps: Math.round(result.requests.average),
      errors: result.errors + result.timeouts + wrong,
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      maxMs: result.latency.max,
    };
  }
  // The floor under it: DynamoDB Local alone, the same 50-way concurrency of plain GetItems
  // (a read route makes 3: session, person with roles, the item).
  const latencies: number[] = [];
  const until = Date.now() + Math.min(SECONDS, 5) * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (Date.now() < until) {
        const t = performance.now();
        await ctx.store.needs.get(need.id);
        latencies.push(performance.now() - t);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const at = (q: number) => Math.round(latencies[Math.floor(q * (latencies.length - 1))]!);
  const dynamoDbLocal = {
    getItemsPerSec: Math.round(latencies.length / Math.min(SECONDS, 5)),
    p50Ms: at(0.5),
    p99Ms: at(0.99),
  };
  const reads = ['listMatches', 'getNeed'].map((r) => results[r] as { p99Ms: number; errors: number });
  const all = Object.values(results) as { errors: number }[];
  console.log(
    JSON.stringify({
      connections: CONNECTIONS,
      secondsPerRoute: SECONDS,
      routes: results,
      dynamoDbLocal,
      targetMet: all.every((r) => r.errors === 0) && reads.every((r) => r.p99Ms <= 50),
      load1: Number(loadavg()[0]!.toFixed(2)),
    }),
  );
} finally {
  await stop?.();
  await standIns.stop();
}
