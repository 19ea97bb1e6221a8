import { type AttributeValue, ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { expect } from 'vitest';
import { bootstrapPlatform } from '#admin';
import type { AppContext } from '#context';
import {
  type FieldSlug,
  type Match,
  type Need,
  needCreateSchema,
  type Offer,
  type Organization,
  type OutboxMessage,
  offerCreateSchema,
  outboxTag,
  type PairRecord,
  parse,
} from '#domain';
import { seedMemberOrganization } from '#local';
import { rng, ulidSource } from './seeded';

// A platform full of needs and offers for matching rounds under faults, written straight through
// the store with seeded ids: the same spec on two tables gives the same postings with the same ids,
// so a round on one (under faults) can be compared with a round on the other (clean), pair by pair.

export interface RoundSpec {
  platformId: string;
  seed: number;
  npos: number;
  needsPerNpo: number;
  companies: number;
  offersPerCompany: number;
  /** Contact addresses are staff0-org<i>@<domain>: unique to the test in the shared SES local. */
  domain: string;
  now: string;
  /** Emails granted the secretariat role, to run rounds through the API. */
  secretariat?: string[];
}

export interface RoundData {
  organizations: Organization[];
  needs: Need[];
  offers: Offer[];
}

const FIELDS: FieldSlug[] = ['children_youth', 'poverty', 'elderly', 'food_support', 'community_development'];
const PLACES = ['11203', '11201', '11202', '11208', '11221'];
const KINDS = ['venue', 'volunteers'] as const;

async function inBatches<T>(items: readonly T[], size: number, work: (item: T) => Promise<unknown>) {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(work));
}

/** Seeds the platform, its approved member organisations and their open needs and offers. */
export async function seedRound(ctx: AppContext, spec: RoundSpec): Promise<RoundData> {
  const random = rng(spec.seed);
  const time = Date.parse(spec.now) - 86_400_000;
  const nextId = ulidSource(spec.seed, time);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const some = (n: number) => [...new Set(Array.from({ length: n }, () => pick(FIELDS)))];
  const fixed = { ...ctx, now: () => new Date(spec.now) };

  await bootstrapPlatform(
    fixed,
    {
      id: spec.platformId,
      name: 'テスト県 孤独・孤立対策官民連携プラットフォーム',
      level: 'prefecture',
      scope: { prefectures: ['11'], municipalities: [] },
    },
    spec.secretariat ?? [],
  );
  const decidedBy = nextId();
  const count = spec.npos + spec.companies;
  const organizations = new Array<Organization>(count);
  // Each organisation draws its ids from its own source, so writing them in parallel keeps them fixed.
  await inBatches(
    Array.from({ length: count }, (_, i) => i),
    8,
    async (index) => {
      const { org } = await seedMemberOrganization(
        { ...fixed, newId: ulidSource(spec.seed * 1_000 + index + 1, time) },
        {
          platformId: spec.platformId,
          index,
          domain: spec.domain,
          label: index < spec.npos ? '障害試験' : '協賛企業',
          people: 1,
          location: { prefecture: '11', municipality: PLACES[index % PLACES.length]! },
          decidedBy,
          now: spec.now,
        },
      );
      organizations[index] = org;
    },
  );

  const meta = (organizationId: string) => ({
    id: nextId(),
    platformId: spec.platformId,
    organizationId,
    status: 'open' as const,
    createdBy: decidedBy,
    createdAt: spec.now,
    updatedAt: spec.now,
    version: 1,
  });
  const needs: Need[] = [];
  for (const org of organizations.slice(0, spec.npos)) {
    for (let k = 0; k < spec.needsPerNpo; k++) {
      const content = parse(needCreateSchema, {
        organizationId: org.id,
        kind: pick(KINDS),
        title: `ニーズ ${needs.length + 1}: 会場と人手を探しています`,
        fields: some(1 + Math.floor(random() * 2)),
        location: { prefecture: '11', municipality: pick(PLACES) },
        capacity: { people: 10 + Math.floor(random() * 30) },
        period: { start: '2026-04-01', end: '2027-03-31' },
      });
      needs.push({ ...content, ...meta(org.id) } as Need);
    }
  }
  const offers: Offer[] = [];
  for (const org of organizations.slice(spec.npos)) {
    for (let k = 0; k < spec.offersPerCompany; k++) {
      const kind = pick(KINDS);
      const content = parse(offerCreateSchema, {
        organizationId: org.id,
        kind,
        // An offer of a venue states its kind of room (docs/matching.md, "Types").
        ...(kind === 'venue' ? { types: ['meeting_room'] } : {}),
        title: `支援の申し出 ${offers.length + 1}: 会議室と人手をお貸しします`,
        fields: random() < 0.2 ? 'any' : some(1 + Math.floor(random() * 3)),
        serviceArea: { prefectures: ['11'] },
        capacity: { people: 20 + Math.floor(random() * 60) },
        introductionsPerRound: 2 + Math.floor(random() * 3),
        period: { start: '2026-04-01' },
      });
      offers.push({ ...content, ...meta(org.id) } as Offer);
    }
  }
  await inBatches(needs, 16, (n) => ctx.store.needs.create(n));
  await inBatches(offers, 16, (o) => ctx.store.offers.create(o));
  return { organizations, needs, offers };
}

// --- what a round left in the table ----------------------------------------------------------------

export interface RoundState {
  pairs: (PairRecord & { platformId: string })[];
  matches: Match[];
  /** Outbox messages whose key belongs to a match (match#<id>#…). */
  mails: OutboxMessage[];
}

/**
 * Every pair record and match of the platform and every match mail of the table (one platform's
 * rounds per table), read with a Scan: what is there, not what an index says.
 */
export async function roundState(ctx: AppContext, platformId: string): Promise<RoundState> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await ctx.dynamo.send(
      new ScanCommand({ TableName: ctx.config.tableName, ConsistentRead: true, ExclusiveStartKey: start }),
    );
    items.push(...(page.Items ?? []).map((item) => unmarshall(item)));
    start = page.LastEvaluatedKey;
  } while (start);
  const ofPlatform = (type: string) => items.filter((i) => i.type === type && i.platformId === platformId);
  return {
    pairs: ofPlatform('pair') as unknown as RoundState['pairs'],
    matches: ofPlatform('match') as unknown as Match[],
    mails: items.filter(
      (i) => i.type === 'outbox' && String(i.key).startsWith('match#'),
    ) as unknown as OutboxMessage[],
  };
}

/**
 * Nothing half-written: every pair record has its match and every match its pair record and both
 * proposal mails, and every proposal mail its match. Returns the pairs as need:offer keys.
 */
export function expectWhole(state: RoundState): string[] {
  const matchById = new Map(state.matches.map((m) => [m.id, m]));
  const mailByTag = new Map(state.mails.map((m) => [m.tag, m]));
  const pairByKey = new Map(state.pairs.map((p) => [`${p.needId}:${p.offerId}`, p]));
  const problems: string[] = [];
  for (const p of state.pairs) {
    const m = matchById.get(p.matchId);
    if (!m || m.needId !== p.needId || m.offerId !== p.offerId)
      problems.push(`pair ${p.needId}:${p.offerId} without its match`);
  }
  for (const m of state.matches) {
    if (pairByKey.get(`${m.needId}:${m.offerId}`)?.matchId !== m.id)
      problems.push(`match ${m.id} without its pair record`);
    for (const side of ['need', 'offer']) {
      if (!mailByTag.has(outboxTag(`match#${m.id}#proposed#${side}`)))
        problems.push(`match ${m.id} without its proposal mail to the ${side} side`);
    }
  }
  for (const mail of state.mails) {
    const id = /^match#([^#]+)#proposed#/.exec(mail.key)?.[1];
    if (id !== undefined && !matchById.has(id)) problems.push(`mail ${mail.key} without its match`);
  }
  expect(problems).toEqual([]);
  expect(state.mails.filter((m) => m.key.includes('#proposed#'))).toHaveLength(2 * state.matches.length);
  return [...pairByKey.keys()].sort();
}
