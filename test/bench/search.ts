import { type ChildProcess, spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { ulid } from 'ulid';
import { loadLocalConfig } from '#config';
import type { Need, Offer, Organization } from '#domain';
import { startStandIns } from '#local';
import { organizationInput } from '../support/builders';
import { startBenchApp } from './bench-app';
import { rng, syntheticPlatform } from './synthetic';

// npm run bench:search [-- --postings 50000 --clients 20 --rate 40 --requests 100 --organizations 2000]
//
// The real app on the local stack (its own DynamoDB Local and SES local), served on a loopback
// port: one platform with 50,000 open postings (the synthetic generator's kinds, fields, places
// and periods, with Japanese titles and descriptions of 100–400 characters) from 2,000
// organisations. The first search builds the platform's index (reported as buildMs, heapMb);
// then 20 clients search one after another (a closed loop: each sends its next search when the
// last is answered; at load paced at 40 searches/s in all, latency counted from when a search
// was due), each search a keyword in one of its spellings (katakana, hiragana, half-width kana)
// and one filter (kind, field, prefecture or period), signed in as a member organisation's
// person (a Bearer token: the session, the platform and the membership are read on every
// search, nothing of them cached).
//
// The clients are one load generator, as a real one would be: a child process of its own (plain
// Node, no TypeScript loader) holding 20 keep-alive connections, one per client. Until
// 2026-12-07 they ran in a worker thread of the server's own process, whose work and garbage
// collection then shared the server's process on this 2-core machine; the number of clients,
// the loop, the rate and the searches are unchanged.
// Prints ONE JSON line; exits 1 if p99 > 100 ms.

const { values } = parseArgs({
  options: {
    postings: { type: 'string', default: '50000' },
    clients: { type: 'string', default: '20' },
    requests: { type: 'string', default: '100' },
    organizations: { type: 'string', default: '2000' },
    /** Searches per second from all clients together, at load. */
    rate: { type: 'string', default: '40' },
  },
});
const POSTINGS = Number(values.postings);
const CLIENTS = Number(values.clients);
const REQUESTS = Number(values.requests);
const ORGS = Number(values.organizations);
const RATE = Number(values.rate);
const TARGET_P99_MS = 100;

const r = rng(7);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

// Words people search for, and filler that makes the texts as long as real ones.
const TOPICS = [
  'フードバンク',
  '子ども食堂',
  '学習支援',
  'ひきこもり',
  'ヤングケアラー',
  '見守り',
  '居場所づくり',
  '傾聴ボランティア',
  '多文化共生',
  '就労体験',
  'プログラミング',
  'シングルマザー',
  '配食サービス',
  '移動支援',
  'サロン',
] as const;
const WANTS = [
  'の会場を探しています',
  'に協力してくださる方を募集',
  'のための寄付',
  'の場所をお貸しします',
  'を応援します',
];
const FILLER = [
  '月に二回、土曜日の午後に活動しています。',
  '地域の皆さまとのつながりを大切にしています。',
  '調理設備のある場所が必要です。',
  '送迎の車があると助かります。',
  '経験は問いません。研修を用意しています。',
  '平日の夜や週末にご協力いただける方を歓迎します。',
  '孤独や孤立を感じている方が気軽に立ち寄れる場をつくります。',
  '社会福祉協議会と連携して進めています。',
  '食品や日用品のご寄付もお待ちしています。',
  'オンラインでの参加も可能です。',
];
const ORG_NAMES = ['NPO法人', '一般社団法人', '株式会社', '社会福祉法人', '任意団体'];

function text(words: number): string {
  return Array.from({ length: words }, () => pick(FILLER)).join('');
}

const percentile = (sorted: readonly number[], q: number) =>
  sorted.length === 0 ? 0 : Math.round(sorted[Math.floor(q * (sorted.length - 1))]! * 10) / 10;

async function pool<T>(items: readonly T[], concurrency: number, run: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await run(items[next++]!);
    }),
  );
}

// The clients, in a child process of their own (one load generator, as a real one would be):
// their work and their garbage collection do not share the server's process, let alone its event
// loop. Each client has its own keep-alive connection and a closed loop.
const CLIENT_CODE = `
const { Agent, request } = require('node:http');
const sleepUntil = (at) => new Promise((r) => setTimeout(r, Math.max(0, at - performance.now())));
const get = (agent, origin, token, path, due) => new Promise((resolve) => {
  const t = due ?? performance.now();
  const req = request(origin + path, { agent, headers: { authorization: 'Bearer ' + token } }, (res) => {
    res.resume();
    res.on('end', () => resolve({ ms: performance.now() - t, status: res.statusCode }));
  });
  req.on('error', () => resolve({ ms: performance.now() - t, status: 0 }));
  req.end();
});
process.on('message', async ({ origin, token, paths, clients, perClient, period }) => {
  const latencies = [];
  const statuses = {};
  await Promise.all(Array.from({ length: clients }, async (_, c) => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    // Paced: each client every period ms, spread evenly, latency from when it was due.
    const start = performance.now() + 50 + (c * period) / clients;
    for (let i = 0; i < perClient; i++) {
      const due = period > 0 ? start + i * period : undefined;
      if (due !== undefined) await sleepUntil(due);
      const { ms, status } = await get(agent, origin, token, paths[(c * perClient + i) % paths.length], due);
      latencies.push(ms);
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
    agent.destroy();
  }));
  process.send({ latencies, statuses });
});
`;

type Loaded = { latencies: number[]; statuses: Record<string, number> };
let clientProcess: ChildProcess | undefined;

/** One round of searches by the clients' process (started on first use, stopped at the end). */
function load(round: object): Promise<Loaded> {
  clientProcess ??= spawn(process.execPath, ['-e', CLIENT_CODE], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const child = clientProcess;
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`the clients' process exited with ${code}`));
    child.once('exit', onExit);
    child.once('message', (m) => {
      child.off('exit', onExit);
      resolve(m as Loaded);
    });
    child.send(round);
  });
}

const standIns = await startStandIns({ javaHome: loadLocalConfig().javaHome });
let stop: (() => Promise<void>) | undefined;
let failed = false;
try {
  const app = await startBenchApp(standIns, 'bench-search', 'jimukyoku@bench-search.example.jp');
  stop = app.stop;
  const { origin, ctx, call } = app;
  // The searcher: a person of an approved member organisation.
  const { token } = await app.member('npo@bench-search.example.jp');

  // The postings' organisations, then the postings, written straight through the store.
  const seedStarted = performance.now();
  const now = new Date().toISOString();
  const orgIds = Array.from({ length: ORGS }, () => ulid());
  await pool(orgIds, 32, async (id) => {
    const name = `${pick(ORG_NAMES)} ${pick(TOPICS)}ネット ${id.slice(-4)}`;
    const org = {
      ...organizationInput({ name }),
      id,
      directoryListed: false,
      createdAt: now,
      updatedAt: now,
      version: 1,
    } as unknown as Organization;
    await ctx.store.organizations.create(org, { personId: ulid(), email: `${id}@bench-search.example.jp` });
  });
  const synthetic = syntheticPlatform({
    needs: POSTINGS / 2,
    offers: POSTINGS - POSTINGS / 2,
    seed: 11,
    today: now.slice(0, 10),
    platformId: 'bench',
  });
  const dress = <T extends Need | Offer>(p: T): T => {
    const topic = pick(TOPICS);
    return {
      ...p,
      status: 'open',
      organizationId: pick(orgIds),
      title: `${topic}${pick(WANTS)}`,
      description: `${topic}の活動です。${text(3 + Math.floor(r() * 9))}`,
    };
  };
  const needs = synthetic.input.needs.map(dress);
  const offers = synthetic.input.offers.map(dress);
  await pool(needs, 32, (n) => ctx.store.needs.create(n));
  await pool(offers, 32, (o) => ctx.store.offers.create(o));
  const seedMs = Math.round(performance.now() - seedStarted);
  const textChars = Math.round(
    [...needs, ...offers].reduce((s, p) => s + p.title.length + p.description.length, 0) / POSTINGS,
  );

  // The searches: a keyword in one of its spellings, and one filter.
  const spellings = (w: string) => [
    w,
    w.replace(/[ァ-ヶ]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60)),
    w.normalize('NFKC'),
  ];
  const HALF: Record<string, string> = { フードバンク: 'ﾌｰﾄﾞﾊﾞﾝｸ', プログラミング: 'ﾌﾟﾛｸﾞﾗﾐﾝｸﾞ', サロン: 'ｻﾛﾝ' };
  const filters = [
    'kind=venue',
    'kind=volunteers',
    'type=need&field=children_youth',
    'type=offer&prefecture=13',
    'prefecture=11',
    'municipality=14100',
    'activeFrom=2026-12-01&activeTo=2027-03-31',
    'type=need&kind=goods',
  ];
  const paths: string[] = [];
  for (let i = 0; i < 1000; i++) {
    const topic = pick(TOPICS);
    const word = HALF[topic] && r() < 0.5 ? HALF[topic]! : pick(spellings(topic));
    paths.push(`/v1/platforms/bench/search?q=${encodeURIComponent(word)}&${pick(filters)}`);
  }

  // The first search builds the index.
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const buildStarted = performance.now();
  const first = await call<{ total: number }>('/v1/platforms/bench/search?limit=1', { token });
  const buildMs = Math.round(performance.now() - buildStarted);
  global.gc?.();
  const heapMb = Math.round(process.memoryUsage().heapUsed / 1e6);
  const indexMb = Math.round((process.memoryUsage().heapUsed - heapBefore) / 1e6);
  if (first.total !== POSTINGS) throw new Error(`the index holds ${first.total} postings, not ${POSTINGS}`);

  // Warm-up (JIT of the app and of DynamoDB Local), not measured. Then the measure: the 20
  // clients at a stated rate (each every CLIENTS / RATE seconds, paced like bench:api's atLoad);
  // then the capacity: each client again as soon as answered (latency there is queueing: 20
  // clients / throughput), reported, not judged.
  await load({ origin, token, paths, clients: CLIENTS, perClient: 20, period: 0 });
  const measure = async (period: number) => {
    const started = performance.now();
    const m = await load({ origin, token, paths, clients: CLIENTS, perClient: REQUESTS, period });
    const seconds = (performance.now() - started) / 1000;
    const latencies = m.latencies.sort((a, b) => a - b);
    return {
      requests: latencies.length,
      errors: latencies.length - (m.statuses['200'] ?? 0),
      rps: Math.round(latencies.length / seconds),
      p50: percentile(latencies, 0.5),
      p95: percentile(latencies, 0.95),
      p99: percentile(latencies, 0.99),
      max: percentile(latencies, 1),
    };
  };
  const atLoad = await measure((1000 * CLIENTS) / RATE);
  const saturated = await measure(0);
  // The floor under it: the platform's list of needs of one kind (the same session, platform and
  // membership reads, one Query instead of the index) at the same load, so the figure above can
  // be read against what any list costs on this machine at the moment.
  const listPaths = ['venue', 'volunteers', 'goods', 'funding'].map(
    (kind) => `/v1/platforms/bench/needs?kind=${kind}&limit=20`,
  );
  const started = performance.now();
  const list = await load({
    origin,
    token,
    paths: listPaths,
    clients: CLIENTS,
    perClient: REQUESTS,
    period: (1000 * CLIENTS) / RATE,
  });
  const listSeconds = (performance.now() - started) / 1000;
  const listLatencies = list.latencies.sort((a, b) => a - b);
  const listAtLoad = {
    requests: listLatencies.length,
    rps: Math.round(listLatencies.length / listSeconds),
    p50: percentile(listLatencies, 0.5),
    p95: percentile(listLatencies, 0.95),
    p99: percentile(listLatencies, 0.99),
  };
  const { requests, errors, p50, p95, p99 } = atLoad;
  failed = p99 > TARGET_P99_MS || errors > 0 || saturated.errors > 0;
  // The search alone, in process, one at a time (no HTTP, no sign-in): the index's share.
  const { postingSearchQuerySchema } = await import('#domain');
  const direct: number[] = [];
  for (const path of paths.slice(0, 500)) {
    const query = postingSearchQuerySchema.parse(Object.fromEntries(new URL(path, origin).searchParams));
    const t = performance.now();
    await ctx.store.search.postings('bench', query);
    direct.push(performance.now() - t);
  }
  direct.sort((a, b) => a - b);
  const inProcess = { p50: percentile(direct, 0.5), p99: percentile(direct, 0.99) };
  const totals = await Promise.all(
    paths.slice(0, 50).map((p) => call<{ total: number }>(p, { token }).then((x) => x.total)),
  );
  console.log(
    JSON.stringify({
      postings: POSTINGS,
      organizations: ORGS,
      avgTextChars: textChars,
      clients: CLIENTS,
      rate: RATE,
      requests,
      errors,
      p50,
      p95,
      p99,
      max: atLoad.max,
      saturated,
      listAtLoad,
      inProcess,
      medianMatches: totals.sort((a, b) => a - b)[Math.floor(totals.length / 2)],
      buildMs,
      heapMb,
      indexMb,
      seedMs,
      target: `p99 <= ${TARGET_P99_MS} ms at ${RATE} searches/s from ${CLIENTS} clients, 0 errors`,
      targetMet: !failed,
      load1: Number(loadavg()[0]!.toFixed(2)),
    }),
  );
} finally {
  clientProcess?.kill();
  await stop?.();
  await standIns.stop();
}
process.exit(failed ? 1 : 0);
