import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { bootstrapPlatform } from '#admin';
import { planDigest, runMatchRound } from '#batch';
import { loadLocalConfig, parseConfig } from '#config';
import { type AppContext, createContext } from '#context';
import {
  FIELD_SLUGS,
  type FieldSlug,
  MUNICIPALITIES,
  type Need,
  needCreateSchema,
  type Offer,
  offerCreateSchema,
  parse,
} from '#domain';
import { seedMemberOrganization, startStandIns } from '#local';
import { sendPending, sesMailer } from '#mail';
import { ensureTable } from '#store';
import { rng } from './synthetic';

// npm run bench:digest [-- --orgs 4000 --postings 300 --send 500 --seed 7 --profile]
//
// The weekly digest of one big platform against its own DynamoDB Local and SES local: seeds
// member organisations (2–3 people each, so 2.5 × orgs people), this week's needs and offers,
// news and open proposals through the store, then times planDigest (everything it loads and
// the outbox writes) and sending a sample through the outbox sender. Prints ONE JSON line;
// --profile adds, on stderr, when each store call of planDigest started and ended. Seeded, but
// parallel writes draw from the generator in varying order: counts differ a little between runs.

const { values } = parseArgs({
  options: {
    orgs: { type: 'string', default: '4000' },
    postings: { type: 'string', default: '300' },
    news: { type: 'string', default: '3' },
    send: { type: 'string', default: '500' },
    seed: { type: 'string', default: '7' },
    /** Parallel writes while seeding. */
    concurrency: { type: 'string', default: '48' },
    /** Also print, to stderr, how long planDigest spent in each store call. */
    profile: { type: 'boolean', default: false },
  },
});
const ORGS = Number(values.orgs);
const POSTINGS = Number(values.postings);
const NEWS = Number(values.news);
const SEND = Number(values.send);
const CONCURRENCY = Number(values.concurrency);
const r = rng(Number(values.seed));

const DAY = 86_400_000;
const PLATFORM = 'bench';
// Tuesday 08:00 in Tokyo; the postings are from the days before, within the digest's week window.
const PLAN_AT = Date.parse('2026-11-23T23:00:00Z');
let clock = PLAN_AT - 3 * DAY;

const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const SAITAMA = MUNICIPALITIES.filter((m) => m.code.startsWith('11') && m.kind !== 'ward');
const place = () => {
  const m = pick(SAITAMA);
  return { prefecture: '11', municipality: m.code };
};
function someFields(): FieldSlug[] {
  const out = new Set<FieldSlug>();
  const n = int(1, 3);
  // A few fields are far more common than others, as on a real platform.
  while (out.size < n) out.add(FIELD_SLUGS[Math.floor(FIELD_SLUGS.length * r() ** 2)]!);
  return [...out];
}

/** Runs `work` over `items` with at most `limit` in flight. */
async function pool<T>(
  items: readonly T[],
  limit: number,
  work: (item: T, i: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      for (let i = next++; i < items.length; i = next++) await work(items[i]!, i);
    }),
  );
}

const ms = (t: number) => Math.round(t);

/** Wraps every store call to record its count and its span (first start to last end), per method. */
function profileStore(
  ctx: AppContext,
): () => Record<string, { calls: number; fromMs: number; toMs: number }> {
  const spans: Record<string, { calls: number; from: number; to: number }> = {};
  const origin = performance.now();
  const store = ctx.store as unknown as Record<string, Record<string, unknown>>;
  for (const [repo, methods] of Object.entries(store)) {
    for (const [name, fn] of Object.entries(methods)) {
      if (typeof fn !== 'function') continue;
      methods[name] = async (...args: unknown[]) => {
        const start = performance.now();
        try {
          return await (fn as (...a: unknown[]) => Promise<unknown>)(...args);
        } finally {
          const key = `${repo}.${name}`;
          const span = spans[key] ?? { calls: 0, from: start, to: start };
          spans[key] = span;
          span.calls++;
          span.to = Math.max(span.to, performance.now());
        }
      };
    }
  }
  return () =>
    Object.fromEntries(
      Object.entries(spans).map(([k, v]) => [
        k,
        { calls: v.calls, fromMs: ms(v.from - origin), toMs: ms(v.to - origin) },
      ]),
    );
}

async function seed(ctx: AppContext): Promise<{ members: number; orgIds: string[]; people: string[] }> {
  const stamp = () => new Date(clock).toISOString();
  const { secretariat } = await bootstrapPlatform(
    ctx,
    {
      id: PLATFORM,
      name: 'ベンチ県 孤独・孤立対策官民連携プラットフォーム',
      nameEn: 'Bench Prefecture Platform',
      level: 'prefecture',
      scope: { prefectures: ['11'], municipalities: [] },
    },
    ['jimukyoku@bench.example.jp'],
  );
  const secretariatId = secretariat[0]!.personId;
  const orgIds: string[] = [];
  const people: string[] = [];
  let members = 0;

  await pool(
    Array.from({ length: ORGS }, (_, i) => i),
    CONCURRENCY,
    async (i) => {
      const now = stamp();
      const { org, people: staffOfOrg } = await seedMemberOrganization(ctx, {
        platformId: PLATFORM,
        index: i,
        domain: 'bench.example.jp',
        label: 'ベンチ',
        people: i % 2 === 0 ? 3 : 2,
        location: place(),
        decidedBy: secretariatId,
        now,
      });
      const [owner, ...staff] = staffOfOrg;
      // Some people narrow their digest, a few turn it off.
      for (const p of [owner!, ...staff]) {
        const x = r();
        if (x < 0.03) {
          await ctx.store.people.setPreferences(p.id, {
            digest: { [PLATFORM]: 'off' },
            fields: [],
            regions: { prefectures: [], municipalities: [] },
          });
        } else if (x < 0.15) {
          await ctx.store.people.setPreferences(p.id, {
            digest: {},
            fields: someFields(),
            regions: { prefectures: [], municipalities: [] },
          });
        }
      }
      orgIds[i] = org.id;
      people.push(owner!.id, ...staff.map((p) => p.id));
      members += staffOfOrg.length;
    },
  );

  // This week's postings, from a few hundred organisations; same kinds on both sides so a round proposes.
  const kinds = ['venue', 'volunteers', 'goods'] as const;
  clock = PLAN_AT - 2 * DAY;
  await pool(
    Array.from({ length: POSTINGS }, (_, i) => i),
    CONCURRENCY,
    async (i) => {
      const organizationId = orgIds[int(0, ORGS - 1)]!;
      const kind = kinds[i % kinds.length]!;
      const capacity =
        kind === 'venue'
          ? { people: int(10, 60) }
          : kind === 'volunteers'
            ? { people: int(2, 10) }
            : { quantity: int(10, 500), unit: 'units' };
      const meta = {
        id: ctx.newId(),
        platformId: PLATFORM,
        status: 'open' as const,
        createdBy: secretariatId,
        createdAt: new Date(clock + i * 60_000).toISOString(),
        updatedAt: new Date(clock + i * 60_000).toISOString(),
        version: 1,
      };
      const common = {
        organizationId,
        kind,
        capacity,
        fields: someFields(),
        period: { start: '2026-10-01', end: '2027-09-30' },
      };
      if (i % 2 === 0) {
        const need = parse(needCreateSchema, {
          ...common,
          title: `ニーズ ${i}`,
          description: '募集しています。',
          location: place(),
        });
        await ctx.store.needs.create({ ...need, ...meta } as Need);
      } else {
        const offer = parse(offerCreateSchema, {
          ...common,
          title: `支援の申し出 ${i}`,
          description: 'お手伝いできます。',
          serviceArea: { prefectures: ['11'] },
          introductionsPerRound: 2,
        });
        await ctx.store.offers.create({ ...offer, ...meta } as Offer);
      }
    },
  );
  for (let i = 0; i < NEWS; i++) {
    const at = new Date(clock + i * 3_600_000).toISOString();
    await ctx.store.news.create({
      id: ctx.newId(),
      platformId: PLATFORM,
      kind: 'news',
      title: `事務局からのお知らせ ${i + 1}`,
      body: '今週の会員交流会のご案内です。',
      createdBy: secretariatId,
      createdAt: at,
      updatedAt: at,
    });
  }
  return { members, orgIds, people };
}

const standIns = await startStandIns({ javaHome: loadLocalConfig().javaHome });
try {
  const config = parseConfig({
    STAGE: 'test',
    TABLE_NAME: 'bench-digest',
    DYNAMODB_ENDPOINT: standIns.dynamoEndpoint,
    SES_ENDPOINT: standIns.sesEndpoint,
    APP_URL: 'http://tsunagu.test',
    LOG_LEVEL: 'silent',
  });
  const ctx = createContext(config, { mailer: sesMailer(config), now: () => new Date(clock) });
  await ensureTable(ctx.dynamo, config.tableName);

  const seedStarted = performance.now();
  const seeded = await seed(ctx);
  clock = PLAN_AT - DAY;
  const round = await runMatchRound(ctx, PLATFORM);
  // The round's introduction mails are not part of the digest: send them first, as the sender would have.
  await sendPending(ctx, { maxPerSecond: 1000, concurrency: 16, sleep: async () => {} });
  const seedMs = performance.now() - seedStarted;

  clock = PLAN_AT;
  const spans = values.profile ? profileStore(ctx) : undefined;
  const planStarted = performance.now();
  const plan = await planDigest(ctx, PLATFORM);
  const planMs = performance.now() - planStarted;
  if (spans)
    process.stderr.write(`${JSON.stringify({ planMs: ms(planMs), storeCalls: spans() }, null, 1)}\n`);

  const sendStarted = performance.now();
  const report = await sendPending(ctx, { maxPerSecond: 1000, maxMessages: SEND });
  const sendSeconds = (performance.now() - sendStarted) / 1000;

  const line = {
    members: seeded.members,
    mailsPlanned: plan.planned,
    planMs: ms(planMs),
    sendRate: Math.round((report.sent / sendSeconds) * 10) / 10,
    sendSample: report.sent,
    peakRssMb: ms(process.resourceUsage().maxRSS / 1024),
    organizations: ORGS,
    optedOut: plan.optedOut,
    empty: plan.empty,
    newPostings: POSTINGS,
    news: NEWS,
    openProposals: round.written,
    seedMs: ms(seedMs),
    loadAverage: loadavg()[0]!.toFixed(2),
    node: process.version,
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
} finally {
  await standIns.stop();
}
