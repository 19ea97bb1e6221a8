import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { loadLocalConfig } from '#config';
import { startStandIns } from '#local';
import { needInput, offerInput } from '../support/builders';
import { startBenchApp } from './bench-app';
import { pacedLoad } from './paced-load';

// npm run bench:api [-- --seconds 30 --saturate-seconds 10 --connections 50 --read-rate 200
//                       --write-rate 20 --only getNeed,listMatches]
//
// The real app on the local stack (its own DynamoDB Local and SES local), served on a loopback
// port, 50 concurrent clients, one route at a time for a bounded time: create a need (a write
// with its checks), list an organisation's matches (two index Queries merged), get a need. Each
// request signs in with a Bearer token (one Query: session, person, roles). Members sign in the
// real way (magic link read from SES local). Three phases, so the figures mean one thing each:
//   1. warm-up: every route at full speed, not measured (JIT of the app and of DynamoDB Local);
//   2. atLoad (the target's measure): the 50 clients at a stated rate, each every 250 ms for
//      reads (200/s), paced evenly with latency from when each request was due (paced-load.ts);
//   3. saturated (capacity): autocannon's closed loop, each client at once again when answered;
//      latency there is queueing (50 clients / throughput), reported, not judged.
// Then DynamoDB Local alone at the same 50-way concurrency, the floor under it all.
// Prints ONE JSON line. Target on this 2-core machine: 0 errors, reads p99 ≤ 50 ms at load.

const { values } = parseArgs({
  options: {
    /** Per route at load: 30 s is 6,000 samples at 200/s, so p99 is not one hiccup. */
    seconds: { type: 'string', default: '30' },
    'saturate-seconds': { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    'read-rate': { type: 'string', default: '200' },
    'write-rate': { type: 'string', default: '20' },
    /** Comma-separated route names, to measure (or profile) some only. */
    only: { type: 'string' },
  },
});
const SECONDS = Number(values.seconds);
const SATURATE_SECONDS = Number(values['saturate-seconds']);
const CONNECTIONS = Number(values.connections);
const READ_RATE = Number(values['read-rate']);
const WRITE_RATE = Number(values['write-rate']);
const WARM_UP_SECONDS = 5;

/** The q-quantile of sorted values, rounded to whole ms. */
const percentile = (sorted: readonly number[], q: number) =>
  sorted.length === 0 ? 0 : Math.round(sorted[Math.floor(q * (sorted.length - 1))]!);

interface Measured {
  offeredRps?: number;
  requests: number;
  rps: number;
  errors: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

const standIns = await startStandIns({ javaHome: loadLocalConfig().javaHome });
let stop: (() => Promise<void>) | undefined;
try {
  const app = await startBenchApp(standIns, 'bench-api', 'jimukyoku@bench.example.jp');
  stop = app.stop;
  const { origin, ctx, call, secretariat, member } = app;

  // One platform, an NPO and a company approved on it, a need, an offer and a round's proposal.
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

  // The workload at load: reads at 200/s from the 50 clients (each every 250 ms, far above a
  // platform's day); posting a need at 20/s (a platform sees tens a day).
  const routes = {
    createNeed: {
      method: 'POST' as const,
      path: '/v1/platforms/bench/needs',
      body: JSON.stringify(needInput(npo.orgId, { title: '負荷試験のニーズ' })),
      expect: 201,
      rate: WRITE_RATE,
    },
    listMatches: {
      method: 'GET' as const,
      path: `/v1/matches?organizationId=${npo.orgId}`,
      expect: 200,
      rate: READ_RATE,
    },
    getNeed: { method: 'GET' as const, path: `/v1/needs/${need.id}`, expect: 200, rate: READ_RATE },
  };
  type Route = (typeof routes)[keyof typeof routes];

  const headersOf = (route: Route) => ({
    authorization: `Bearer ${npo.token}`,
    ...('body' in route ? { 'content-type': 'application/json' } : {}),
  });

  /** Every client sends its next request as soon as the last is answered (autocannon). */
  const saturate = async (route: Route, seconds: number): Promise<Measured> => {
    // The load comes from a worker thread, so it does not share the server's event loop.
    const result = await autocannon({
      url: `${origin}${route.path}`,
      method: route.method,
      connections: CONNECTIONS,
      duration: seconds,
      workers: 1,
      headers: headersOf(route),
      ...('body' in route ? { body: route.body } : {}),
    });
    const statuses = Object.entries(result.statusCodeStats ?? {});
    const wrong = statuses.reduce(
      (n, [code, s]) => n + (code === String(route.expect) ? 0 : (s?.count ?? 0)),
      0,
    );
    return {
      requests: result.requests.total,
      rps: Math.round(result.requests.average),
      errors: result.errors + result.timeouts + wrong,
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      maxMs: result.latency.max,
    };
  };

  /** The route at `rate` requests/s in all, spread evenly over the clients (paced-load.ts). */
  const atRate = async (route: Route, seconds: number, rate: number): Promise<Measured> => {
    const result = await pacedLoad({
      url: `${origin}${route.path}`,
      method: route.method,
      headers: headersOf(route),
      body: 'body' in route ? route.body : undefined,
      clients: CONNECTIONS,
      rate,
      seconds,
    });
    const latencies = result.latencies.sort((a, b) => a - b);
    const answered = latencies.length;
    return {
      offeredRps: rate,
      requests: answered + result.failures,
      rps: Math.round(answered / seconds),
      errors: result.failures + answered - (result.statuses[route.expect] ?? 0),
      p50Ms: percentile(latencies, 0.5),
      p99Ms: percentile(latencies, 0.99),
      maxMs: Math.round(latencies.at(-1) ?? 0),
    };
  };

  const only = values.only?.split(',');
  const chosen = Object.entries(routes).filter(([name]) => !only || only.includes(name));
  // JIT (the app's and DynamoDB Local's) and connection pools warm on every route first, not measured.
  for (const [, route] of chosen) await saturate(route, WARM_UP_SECONDS);
  const results: Record<string, { atLoad: Measured; saturated?: Measured }> = {};
  // The target's measure: latency at the stated load.
  for (const [name, route] of chosen) results[name] = { atLoad: await atRate(route, SECONDS, route.rate) };
  // The capacity: clients that never pause, so latency there is queueing (50 clients /
  // throughput): reported, not judged. Last, so its garbage does not weigh on the measure above.
  for (const [name, route] of chosen) results[name]!.saturated = await saturate(route, SATURATE_SECONDS);

  // The floor under it: DynamoDB Local alone, the same 50-way concurrency of plain GetItems
  // (getNeed makes 2 calls: the signed-in Query and the item; listMatches 3).
  const FLOOR_SECONDS = 5;
  const latencies: number[] = [];
  const until = Date.now() + FLOOR_SECONDS * 1000;
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
  const dynamoDbLocal = {
    getItemsPerSec: Math.round(latencies.length / FLOOR_SECONDS),
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
  };
  const measured = Object.entries(results);
  const reads = measured.filter(([name]) => name !== 'createNeed').map(([, r]) => r.atLoad);
  console.log(
    JSON.stringify({
      connections: CONNECTIONS,
      secondsAtLoad: SECONDS,
      secondsSaturated: SATURATE_SECONDS,
      routes: results,
      dynamoDbLocal,
      target: `0 errors; reads p99 <= 50 ms at ${READ_RATE} requests/s from ${CONNECTIONS} clients`,
      targetMet:
        measured.every(([, r]) => r.atLoad.errors === 0 && r.saturated?.errors === 0) &&
        reads.every((r) => r.p99Ms <= 50),
      load1: Number(loadavg()[0]!.toFixed(2)),
    }),
  );
} finally {
  await stop?.();
  await standIns.stop();
}
