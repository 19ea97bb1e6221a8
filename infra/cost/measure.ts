import { type AttributeValue, type DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { bootstrapPlatform } from '#admin';
import { planDigest, runMatchRounds } from '#batch';
import { loadLocalConfig, parseConfig } from '#config';
import { type AppContext, createContext } from '#context';
import {
  FIELD_SLUGS,
  type FieldSlug,
  MUNICIPALITIES,
  type Need,
  needCreateSchema,
  type Offer,
  type OutboxMessage,
  offerCreateSchema,
  parse,
} from '#domain';
import { createApp } from '#http';
import { type Email, rng, seedMemberOrganization, sesLocalStore, startStandIns } from '#local';
import { applySesEvents, type SesEvent, sendPending, sendTags, sesMailer } from '#mail';
import { createDynamoClient, ensureTable } from '#store';
import { itemBytes, meterDynamo } from './meter';
import { type Measured, measuredSchema, type Operation } from './model';
import { deploymentShape } from './shape';

// `npm run cost -- --measure`: the per-operation counts of the cost model, taken against DynamoDB
// Local and SES local with a 300-member platform, and the deployment's shape from a synthesised
// stack (alarms, queues, schedules). The result is infra/cost/measured.json, committed, so that
// `npm run cost` works offline and without Java.

const PLATFORM = 'measure';
const ORGS = 120; // 2 or 3 people each: 300 members
const OLD_POSTINGS = 48; // open needs and offers from earlier weeks
const NEW_POSTINGS = 10; // posted this week
const NEWS = 2;
const SESSIONS = 6; // members who sign in and use the API
const DAY = 86_400_000;
// Monday 08:00 in Tokyo: the platform's default digest hour.
const DIGEST_AT = Date.parse('2026-11-22T23:00:00Z');
// Base64 bodies come out 4/3 as long; the rest is From/To/Date/Message-ID, MIME boundaries,
// List-Unsubscribe and the DKIM signature SES adds.
const MIME_HEADER_BYTES = 1500;

// The five most common fields, so that needs and offers meet.
const FIELDS: readonly FieldSlug[] = FIELD_SLUGS.slice(0, 5);
const KINDS = ['venue', 'volunteers', 'goods'] as const;

interface Seeded {
  owners: Map<string, string>; // organisation id → owner email
  needIds: string[];
}

async function seed(ctx: AppContext, at: (ms: number) => void, r: () => number): Promise<Seeded> {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const saitama = MUNICIPALITIES.filter((m) => m.code.startsWith('11') && m.kind !== 'ward');
  const place = () => ({ prefecture: '11', municipality: pick(saitama).code });
  const fields = () => [...new Set([pick(FIELDS), pick(FIELDS)])];

  at(DIGEST_AT - 60 * DAY);
  const { secretariat } = await bootstrapPlatform(
    ctx,
    {
      id: PLATFORM,
      name: '計測県 孤独・孤立対策官民連携プラットフォーム',
      level: 'prefecture',
      scope: { prefectures: ['11'], municipalities: [] },
    },
    ['jimukyoku@measure.example.jp'],
  );
  const decidedBy = secretariat[0]!.personId;
  const owners = new Map<string, string>();
  const orgIds: string[] = [];
  for (let i = 0; i < ORGS; i++) {
    const now = ctx.now().toISOString();
    const { org, people } = await seedMemberOrganization(ctx, {
      platformId: PLATFORM,
      index: i,
      domain: 'measure.example.jp',
      label: '計測',
      people: i % 2 === 0 ? 3 : 2,
      location: place(),
      decidedBy,
      now,
    });
    const owner = people[0]!;
    // As on a real platform: a few turn the digest off, some narrow it to their fields.
    for (const p of people) {
      const x = r();
      if (x >= 0.15) continue;
      await ctx.store.people.setPreferences(p.id, {
        digest: x < 0.03 ? { [PLATFORM]: 'off' } : {},
        fields: x < 0.03 ? [] : fields(),
        regions: { prefectures: [], municipalities: [] },
      });
    }
    owners.set(org.id, owner!.email);
    orgIds.push(org.id);
  }

  const needIds: string[] = [];
  const post = async (i: number, createdAt: number) => {
    at(createdAt);
    const kind = KINDS[i % KINDS.length]!;
    const common = {
      organizationId: pick(orgIds),
      kind,
      fields: fields(),
      period: { start: '2026-10-01', end: '2027-09-30' },
      capacity:
        kind === 'goods'
          ? { quantity: 20 + Math.floor(r() * 200), unit: 'units' }
          : { people: 5 + Math.floor(r() * 40) },
    };
    const meta = {
      id: ctx.newId(),
      platformId: PLATFORM,
      status: 'open' as const,
      createdBy: decidedBy,
      createdAt: ctx.now().toISOString(),
      updatedAt: ctx.now().toISOString(),
      version: 1,
    };
    if (Math.floor(i / KINDS.length) % 2 === 0) {
      const need = parse(needCreateSchema, {
        ...common,
        title: `ニーズ ${i}: 子ども食堂の会場と人手を探しています`,
        description: '月2回、土曜日の昼に集まれる場所とお手伝いの方を探しています。',
        location: place(),
      });
      await ctx.store.needs.create({ ...need, ...meta } as Need);
      needIds.push(meta.id);
    } else {
      const offer = parse(offerCreateSchema, {
        ...common,
        title: `支援の申し出 ${i}: 週末に会議室と備品をお貸しします`,
        description: '土日は使っていない会議室（40席）と備品をお貸しします。',
        serviceArea: { prefectures: ['11'] },
        introductionsPerRound: 2,
      });
      await ctx.store.offers.create({ ...offer, ...meta } as Offer);
    }
  };
  for (let i = 0; i < OLD_POSTINGS; i++) await post(i, DIGEST_AT - 30 * DAY + i * 3_600_000);
  for (let i = 0; i < NEW_POSTINGS; i++) await post(OLD_POSTINGS + i, DIGEST_AT - 3 * DAY + i * 3_600_000);
  for (let i = 0; i < NEWS; i++) {
    at(DIGEST_AT - 2 * DAY + i * 3_600_000);
    await ctx.store.news.create({
      id: ctx.newId(),
      platformId: PLATFORM,
      kind: 'news',
      title: `事務局からのお知らせ ${i + 1}: 今月の会員交流会`,
      body: '今月の会員交流会は第3土曜日に県民活動センターで開きます。どなたでもご参加ください。',
      createdBy: decidedBy,
      createdAt: ctx.now().toISOString(),
      updatedAt: ctx.now().toISOString(),
    });
  }
  return { owners, needIds };
}

/** Everything pending in the outbox, oldest first (not metered: bookkeeping of the measurement). */
async function pendingTags(ctx: AppContext): Promise<string[]> {
  const tags: string[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await ctx.store.outbox.pending(100, start);
    tags.push(...page.items.map((m) => m.tag));
    start = page.last;
  } while (start);
  return tags;
}

/** The Send and Delivery events SES publishes for each of these sent messages. */
function sesEventsFor(messages: OutboxMessage[], at: string): SesEvent[] {
  return messages.flatMap((m) =>
    (['send', 'delivery'] as const).map((type) => ({
      id: `${type}:${m.messageId}`,
      type,
      messageId: m.messageId ?? '',
      timestamp: at,
      tags: { outbox: m.tag, category: m.category },
      recipients: [m.to],
      suppress: false,
    })),
  );
}

const utf8 = (s: string | undefined) => Buffer.byteLength(s ?? '', 'utf8');

/** Size of a mail as SES sends it: subject and bodies base64-encoded, plus headers. */
function mimeBytes(mail: Email): number {
  const headers = (mail.headers ?? []).reduce((n, h) => n + utf8(h.name) + utf8(h.value) + 4, 0);
  const encoded = Math.ceil(((utf8(mail.subject) + utf8(mail.body.text) + utf8(mail.body.html)) * 4) / 3);
  return encoded + headers + MIME_HEADER_BYTES;
}

const average = (xs: number[]) => (xs.length === 0 ? 0 : xs.reduce((n, x) => n + x, 0) / xs.length);

/** Item sizes and stored bytes as DynamoDB bills storage: item + 100 bytes, again per index it is in. */
async function storage(client: DynamoDBClient, tableName: string) {
  const items: Record<string, AttributeValue>[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  let total = 0;
  let outbox = 0;
  const sizes: Record<string, number[]> = { digest: [], introduction: [], platform: [] };
  for (const item of items) {
    const bytes = itemBytes(item);
    const copies = 1 + [1, 2, 3, 4].filter((i) => item[`gsi${i}pk`]?.S !== undefined).length;
    const stored = copies * (bytes + 100);
    total += stored;
    const type = item.type?.S;
    if (type === 'outbox') {
      outbox += stored;
      sizes[item.category?.S === 'digest' ? 'digest' : 'introduction']!.push(bytes);
    }
    if (type === 'platform') sizes.platform!.push(bytes);
  }
  return {
    total,
    outbox,
    digest: average(sizes.digest!),
    introduction: average(sizes.introduction!),
    platform: average(sizes.platform!),
  };
}

/** Seeds a 300-member platform against fresh local stand-ins and measures every operation the model needs. */
export async function measure(report: (line: string) => void = () => {}): Promise<Measured> {
  report('synthesising the stack (no bundling) to count alarms, queues and schedules…');
  const deployment = await deploymentShape();

  const standIns = await startStandIns({ javaHome: loadLocalConfig().javaHome });
  try {
    const config = parseConfig({
      STAGE: 'test',
      TABLE_NAME: 'cost-measure',
      DYNAMODB_ENDPOINT: standIns.dynamoEndpoint,
      SES_ENDPOINT: standIns.sesEndpoint,
      APP_URL: 'https://tsunagu.example.jp',
      LOG_LEVEL: 'info',
      MAGIC_LINKS_PER_IP: '10000',
      MAGIC_LINKS_PER_DOMAIN: '10000',
    });
    const dynamo = createDynamoClient({ region: config.region, endpoint: config.dynamoEndpoint });
    await ensureTable(dynamo, config.tableName);
    const meter = meterDynamo(dynamo);

    // Application logs are counted (bytes and lines), as CloudWatch would ingest them.
    const logs = { bytes: 0, lines: 0 };
    const write =
      (level: string) =>
      (msg: string, fields: Record<string, unknown> = {}) => {
        const line = JSON.stringify({ level, time: new Date(clock).toISOString(), msg, ...fields });
        logs.bytes += utf8(line) + 1;
        logs.lines++;
      };
    let clock = DIGEST_AT;
    const ctx = createContext(config, {
      dynamo,
      mailer: sesMailer(config),
      now: () => new Date(clock),
      log: { debug: () => {}, info: write('info'), warn: write('warn'), error: write('error') },
    });
    const app = createApp(ctx);
    const ses = sesLocalStore(config.sesEndpoint!);

    const phase = async <T>(name: string, work: () => Promise<T>): Promise<{ result: T; op: Operation }> => {
      logs.bytes = 0;
      logs.lines = 0;
      const started = performance.now();
      const { result, capacity } = await meter.measure(work);
      const op: Operation = {
        rru: capacity.rru,
        wru: capacity.wru,
        wruIndexes: capacity.wruIndexes,
        calls: capacity.calls,
        failedConditions: capacity.failedConditions,
        ms: Math.round((performance.now() - started) * 10) / 10,
        logBytes: logs.bytes,
        logLines: logs.lines,
      };
      report(`  ${name}: ${op.rru} RRU, ${op.wru} WRU (${op.wruIndexes} on indexes), ${op.ms} ms`);
      return { result, op };
    };

    report('seeding a 300-member platform in DynamoDB Local…');
    const seeded = await seed(ctx, (ms) => (clock = ms), rng(7));
    const members = 2.5 * ORGS;

    // --- batches ----------------------------------------------------------------------------
    clock = DIGEST_AT - DAY + 3_600_000; // the daily round, the day before the digest
    const round = await phase('match round with proposals', () =>
      runMatchRounds(ctx, { platformId: PLATFORM }),
    );
    const proposals = round.result.rounds[0]?.written ?? 0;
    if (proposals === 0) throw new Error('the seeded platform got no proposals: nothing to measure');
    const quiet = await phase('quiet match round', () => runMatchRounds(ctx, { platformId: PLATFORM }));

    const sendAndConfirm = async (label: string) => {
      const tags = await pendingTags(ctx);
      const send = await phase(`send ${tags.length} ${label} mails (stream path)`, async () => {
        for (let i = 0; i < tags.length; i += 10) {
          await sendTags(ctx, tags.slice(i, i + 10), { maxPerSecond: 1000, sleep: async () => {} });
        }
      });
      const sent = (await Promise.all(tags.map((t) => ctx.store.outbox.get(t)))).filter(
        (m): m is OutboxMessage => m?.status === 'sent',
      );
      if (sent.length !== tags.length)
        throw new Error(`${tags.length - sent.length} ${label} mails were not sent`);
      const events = sesEventsFor(sent, new Date(clock).toISOString());
      const applied = await phase(`SES events of the ${label} mails`, () => applySesEvents(ctx, events));
      return {
        send: { ...send.op, mails: tags.length },
        events: { ...applied.op, mails: tags.length, events: events.length },
      };
    };
    const introductions = await sendAndConfirm('introduction');

    clock = DIGEST_AT;
    const digest = await phase('digest plan', () => planDigest(ctx, PLATFORM));
    const digests = await sendAndConfirm('digest');
    const sweep = await phase('idle sweep', () =>
      sendPending(ctx, { maxPerSecond: 1000, sleep: async () => {} }),
    );
    const list = await phase('list platforms', () => ctx.store.platforms.list({ limit: 100 }));

    // --- the API ---------------------------------------------------------------------------------
    clock = DIGEST_AT + 3_600_000;
    const matches = (await ctx.store.matches.pairsOf(PLATFORM)).slice(0, SESSIONS);
    const answering = await Promise.all(matches.map((p) => ctx.store.matches.get(p.matchId)));
    const actors = answering.map((m, i) => {
      const orgId = i % 2 === 0 ? m!.needOrganizationId : m!.offerOrganizationId;
      return { orgId, email: seeded.owners.get(orgId)!, matchId: m!.id };
    });
    const call = async (path: string, init: RequestInit & { json?: unknown; token?: string } = {}) => {
      const { json, token, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (json !== undefined) headers.set('content-type', 'application/json');
      if (token) headers.set('authorization', `Bearer ${token}`);
      const res = await app.request(path, {
        ...rest,
        headers,
        ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
      });
      const body = await res.text();
      if (res.status >= 300) throw new Error(`${rest.method ?? 'GET'} ${path}: ${res.status} ${body}`);
      return { body, bytes: utf8(body) };
    };
    const sessions = await phase(`sign in ${actors.length} members`, async () => {
      const out: string[] = [];
      for (const { email } of actors) {
        await call('/v1/auth/magic-link', { method: 'POST', json: { email } });
        // The link goes out through the outbox (its own lane), as the stream hands it on.
        const links = await ctx.store.outbox.pendingLinks(25);
        await sendTags(
          ctx,
          links.map((m) => m.tag),
          { maxPerSecond: 1000, sleep: async () => {} },
        );
        const mail = (await ses.list()).filter((m) => m.destination.to.includes(email)).at(-1);
        const token = decodeURIComponent(
          mail?.body.text?.match(/\/auth\/verify\?token=([A-Za-z0-9_%-]+)/)?.[1] ?? '',
        );
        const { body } = await call('/v1/auth/session', { method: 'POST', json: { token } });
        out.push((JSON.parse(body) as { token: string }).token);
      }
      return out;
    });

    const mix: Record<string, number> = {};
    let responseBytes = 0;
    const api = await phase('API request mix', async () => {
      for (const [i, actor] of actors.entries()) {
        const token = sessions.result[i]!;
        const requests: [string, string, RequestInit & { json?: unknown }][] = [
          ['GET /v1/me', '/v1/me', {}],
          ['GET needs of the platform', `/v1/platforms/${PLATFORM}/needs`, {}],
          ['GET offers of the platform', `/v1/platforms/${PLATFORM}/offers`, {}],
          ['GET one need', `/v1/needs/${seeded.needIds[i % seeded.needIds.length]}`, {}],
          ['GET inbox (matches)', `/v1/matches?organizationId=${actor.orgId}`, {}],
          ['GET one match', `/v1/matches/${actor.matchId}`, {}],
          ['GET /v1/me/preferences', '/v1/me/preferences', {}],
        ];
        if (i < 2) {
          requests.push([
            'POST a need',
            `/v1/platforms/${PLATFORM}/needs`,
            {
              method: 'POST',
              json: {
                organizationId: actor.orgId,
                kind: 'venue',
                title: '子ども食堂の会場を探しています',
                description: '月2回、土曜日の昼に30人ほどが集まれる調理設備のある場所を探しています。',
                fields: ['children_youth', 'poverty'],
                location: { prefecture: '11', municipality: '11203' },
                capacity: { people: 30, sessionsPerMonth: 2 },
                period: { start: '2026-12-01', end: '2027-11-30' },
              },
            },
          ]);
        }
        if (i < 3)
          requests.push([
            'POST accept an introduction',
            `/v1/matches/${actor.matchId}/accept`,
            { method: 'POST', json: {} },
          ]);
        for (const [label, path, init] of requests) {
          responseBytes += (await call(path, { ...init, token })).bytes;
          mix[label] = (mix[label] ?? 0) + 1;
        }
      }
    });
    const requests = Object.values(mix).reduce((n, x) => n + x, 0);

    // --- sizes -----------------------------------------------------------------------------------
    const mails = await ses.list();
    const tagOf = (m: Email) => m.headers?.find((h) => h.name.toLowerCase() === 'x-tsunagu-message')?.value;
    const digestTags = new Set<string>();
    const linkTags = new Set<string>();
    const tagged = mails.map(tagOf).filter((t): t is string => t !== undefined);
    for (const t of await Promise.all(tagged.map((tag) => ctx.store.outbox.get(tag)))) {
      if (t?.category === 'digest') digestTags.add(t.tag);
      if (t?.category === 'link') linkTags.add(t.tag);
    }
    // Sign-in links go through the outbox too (a `link` message), so they carry a tag.
    const kindOf = (m: Email) => {
      const tag = tagOf(m) ?? '';
      return digestTags.has(tag) ? 'digest' : linkTags.has(tag) || !tag ? 'link' : 'introduction';
    };
    const sizeOf = (filter: (m: Email) => boolean) =>
      Math.round(average(mails.filter(filter).map(mimeBytes)));
    const stored = await storage(dynamo, config.tableName);

    return measuredSchema.parse({
      takenAt: new Date().toISOString(),
      note: `DynamoDB Local ${standIns.dynamoVersion ?? '(version unknown)'} with ReturnConsumedCapacity=INDEXES, corrected to AWS billing rules (see corrections and infra/cost/meter.ts); times are wall time on the measuring machine.`,
      platform: {
        members,
        organizations: ORGS,
        openNeeds: seeded.needIds.length,
        openOffers: OLD_POSTINGS + NEW_POSTINGS - seeded.needIds.length,
        newPostingsThisWeek: NEW_POSTINGS,
        news: NEWS,
      },
      operations: {
        matchRound: { ...round.op, proposals, mailsQueued: introductions.send.mails },
        quietRound: quiet.op,
        digestPlan: { ...digest.op, members: digest.result.members, planned: digest.result.planned },
        sendIntroductionMails: introductions.send,
        sendDigestMails: digests.send,
        sesEventsIntroduction: introductions.events,
        sesEventsDigest: digests.events,
        sweepIdle: sweep.op,
        listPlatforms: { ...list.op, platforms: list.result.items.length },
        signIn: { ...sessions.op, signIns: actors.length, requests: 2 * actors.length },
        apiMix: { ...api.op, requests, responseBytes, mix },
      },
      sizes: {
        digestMailBytes: sizeOf((m) => kindOf(m) === 'digest'),
        introductionMailBytes: sizeOf((m) => kindOf(m) === 'introduction'),
        magicLinkMailBytes: sizeOf((m) => kindOf(m) === 'link'),
        outboxDigestItemBytes: Math.round(stored.digest),
        outboxIntroductionItemBytes: Math.round(stored.introduction),
        platformItemBytes: Math.round(stored.platform),
        storedBytesExcludingOutbox: stored.total - stored.outbox,
        storedBytesTotal: stored.total,
      },
      deployment,
      corrections: meter.corrections,
    });
  } finally {
    await standIns.stop();
  }
}
