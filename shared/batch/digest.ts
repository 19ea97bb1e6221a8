import * as z from 'zod';
import type { AppContext } from '#context';
import {
  type Addressee,
  areaOf,
  digestWeekOf,
  isContactVerified,
  type Organization,
  type OutboxMessage,
  outboxMessage,
  outboxTag,
  type Platform,
  type ProfileInterests,
  platformIdSchema,
  type StoredPreferences,
  selectDigest,
  tokyoDate,
  wantsDigest,
} from '#domain';
import { inChunks } from './chunks';
import { type DigestReader, digestRenderer } from './digest-render';
import { languageLookup } from './mailboxes';
import { allPlatforms, runTimeOf, scheduledTimeSchema } from './platforms';

// The weekly digest of one platform: one personalised mail per member person with the digest
// on, and one to the confirmed contact address of each member without people (registered by
// hand), written to the outbox under digest#platform#week#person (or #contact#organisation), so
// a rerun of the same week (or a retry after a crash halfway) plans nothing twice. Empty
// digests are not sent.

const LOAD_CONCURRENCY = 16;
const DAY_MS = 86_400_000;

export interface DigestPlan {
  platformId: string;
  week: string;
  since: string;
  until: string;
  /** Member people of approved organisations, and contact addresses of those without people. */
  members: number;
  /** People who turned the digest off for this platform. */
  optedOut: number;
  /** People with nothing to read this week. */
  empty: number;
  /** Digests already in the outbox from an earlier run of this week. */
  alreadyPlanned: number;
  /** New outbox messages written by this run. */
  planned: number;
  durationMs: number;
}

/**
 * Plans one platform's digest for the week of `at` (Asia/Tokyo): the time the schedule fired,
 * or now. A run that starts late (a retried or throttled invocation) still plans the week it was
 * scheduled for, and its window ends where that week's run would have ended it.
 */
export async function planDigest(ctx: AppContext, platformId: string, at?: Date): Promise<DigestPlan> {
  const started = ctx.now();
  const forTime = at ?? started;
  const platform = await ctx.store.platforms.require(platformId);
  const period = digestWeekOf(tokyoDate(forTime));
  const earlier = await ctx.store.digestRuns.get(platformId, period.week);
  // A rerun of the week keeps the week's window, so it lists the same things.
  const since =
    earlier?.since ??
    (await ctx.store.digestRuns.latestBefore(platformId, period.week))?.until ??
    new Date(forTime.getTime() - 7 * DAY_MS).toISOString();
  const until = earlier?.until ?? forTime.toISOString();

  const approved = await ctx.store.memberships.organizationsWithStatus(platformId, 'approved');
  const staff = await inChunks(approved, LOAD_CONCURRENCY, (orgId) => ctx.store.people.allOf(orgId));
  const orgsOfPerson = new Map<string, Set<string>>();
  for (const member of staff.flat()) {
    const set = orgsOfPerson.get(member.personId) ?? new Set<string>();
    set.add(member.organizationId);
    orgsOfPerson.set(member.personId, set);
  }
  const personIds = [...orgsOfPerson.keys()];
  // The digest greets 「団体名 氏名 様」 with the person's organisation on this platform when they
  // have exactly one there (with several, the digest is about all of them: 「氏名 様」).
  const soleOrgOf = new Map(
    [...orgsOfPerson].flatMap(([personId, set]) => (set.size === 1 ? [[personId, [...set][0]!]] : [])),
  );

  const [people, preferences, needs, offers, pairs, news] = await Promise.all([
    ctx.store.people.getMany(personIds),
    ctx.store.people.preferencesOf(personIds),
    ctx.store.needs.openOf(platformId),
    ctx.store.offers.openOf(platformId),
    ctx.store.matches.unsettledPairs(platformId),
    ctx.store.news.between(platformId, since, until),
  ]);
  const isNew = (p: { createdAt: string }) => p.createdAt >= since && p.createdAt < until;
  const newNeeds = needs.filter(isNew).sort(newestFirst);
  const newOffers = offers.filter(isNew).sort(newestFirst);
  const needsById = new Map(needs.map((n) => [n.id, n]));
  const offersById = new Map(offers.map((o) => [o.id, o]));
  const openPairs = pairs.filter((p) => p.status === 'proposed' || p.status === 'accepted');
  const openMatches = (await ctx.store.matches.getMany(openPairs.map((p) => p.matchId))).filter(
    (m) =>
      // A side without a posting (関心がある sent without one) has nothing to be closed.
      (!m.needId || needsById.has(m.needId)) &&
      (!m.offerId || offersById.has(m.offerId)) &&
      m.respondBy > started.toISOString(),
  );
  const orgIds = new Set([
    ...newNeeds.map((n) => n.organizationId),
    ...newOffers.map((o) => o.organizationId),
    ...openMatches.flatMap((m) => [m.needOrganizationId, m.offerOrganizationId]),
    // Every member organisation: a reader's own profiles order and mark what they read.
    ...approved,
  ]);
  // One batched read (BatchGetItem, 100 a call) for every organisation any digest names.
  const orgs = new Map((await ctx.store.organizations.getMany([...orgIds])).map((o) => [o.id, o]));

  const plan: DigestPlan = {
    platformId,
    week: period.week,
    since,
    until,
    members: people.length,
    optedOut: 0,
    empty: 0,
    alreadyPlanned: 0,
    planned: 0,
    durationMs: 0,
  };
  const keyOf = (personId: string) => `digest#${platformId}#${period.week}#${personId}`;
  const wanting = people.filter((p) => {
    const wants = wantsDigest(preferences.get(p.id), platformId);
    if (!wants) plan.optedOut++;
    return wants;
  });
  // Members without people (registered by hand) read it at their confirmed contact address,
  // unless that address reads it as a member person already.
  const personAddresses = new Set(people.map((p) => p.email.toLowerCase()));
  const languageOf = languageLookup(ctx);
  const contacts = await Promise.all(
    approved
      .filter((_orgId, i) => staff[i]!.length === 0)
      .flatMap((orgId) => {
        const org = orgs.get(orgId);
        return org && isContactVerified(org) && !personAddresses.has(org.contact.email.toLowerCase())
          ? [org]
          : [];
      })
      .map(async (org) => ({ org, language: await languageOf(org.contact.email) })),
  );
  plan.members += contacts.length;
  const readers: {
    key: string;
    reader: DigestReader;
    addressee: Addressee;
    orgIds: Set<string>;
    prefs?: StoredPreferences | undefined;
  }[] = [
    ...wanting.map((person) => {
      const soleOrg = soleOrgOf.get(person.id);
      return {
        key: keyOf(person.id),
        reader: { email: person.email, language: person.language, personId: person.id },
        addressee: { organizationName: soleOrg && orgs.get(soleOrg)?.name, name: person.name },
        orgIds: orgsOfPerson.get(person.id) ?? new Set<string>(),
        prefs: preferences.get(person.id),
      };
    }),
    ...contacts.map(({ org, language }) => ({
      key: keyOf(`contact#${org.id}`),
      reader: { email: org.contact.email, language },
      addressee: { organizationName: org.name, name: org.contact.name },
      orgIds: new Set([org.id]),
    })),
  ];
  const existing = await ctx.store.outbox.existing(readers.map((r) => outboxTag(r.key)));
  const render = digestRenderer(ctx, platform, period, { needsById, offersById, orgs });
  const messages: OutboxMessage[] = [];
  const now = started.toISOString();
  for (const { key, reader, addressee, orgIds, prefs } of readers) {
    if (existing.has(outboxTag(key))) {
      plan.alreadyPlanned++;
      continue;
    }
    const selection = selectDigest({
      organizationIds: orgIds,
      preferences: prefs,
      openMatches,
      newNeeds,
      newOffers,
      newsCount: news.length,
      profile: profileOf(orgIds, orgs),
    });
    if (!selection) {
      plan.empty++;
      continue;
    }
    messages.push(outboxMessage(key, 'digest', render(reader, addressee, selection, news), now));
  }
  plan.planned = await ctx.store.outbox.enqueue(messages);
  plan.alreadyPlanned += messages.length - plan.planned;
  plan.durationMs = ctx.now().getTime() - started.getTime();
  await ctx.store.digestRuns.record({
    platformId,
    week: period.week,
    since,
    until,
    plannedAt: earlier?.plannedAt ?? now,
    recipients: plan.planned + plan.alreadyPlanned,
    planned: plan.planned,
    durationMs: plan.durationMs,
  });
  ctx.log.info('digest planned', { ...plan });
  return plan;
}

/** What a reader's organisations on the platform work on, from their profiles. */
function profileOf(
  organizationIds: ReadonlySet<string> | undefined,
  orgs: ReadonlyMap<string, Organization>,
): ProfileInterests | undefined {
  const own = [...(organizationIds ?? [])].flatMap((id) => orgs.get(id) ?? []);
  if (own.length === 0) return undefined;
  return { fields: [...new Set(own.flatMap((o) => o.activityFields ?? []))], areas: own.map(areaOf) };
}

const newestFirst = (a: { id: string }, b: { id: string }) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

export const digestEventSchema = z
  .object({
    platformId: platformIdSchema.optional(),
    /** Only platforms whose digest weekday and hour (Asia/Tokyo) is the scheduled time's: for an hourly schedule. */
    dueOnly: z.boolean().optional(),
    /** When the schedule fired; the week and the due platforms are that time's. */
    scheduledTime: scheduledTimeSchema.optional(),
  })
  .loose();
export type DigestEvent = z.infer<typeof digestEventSchema>;

/** Plans the digest of one platform, or of every platform (those due now, with `dueOnly`). */
export async function runDigests(
  ctx: AppContext,
  event: DigestEvent,
): Promise<{ plans: DigestPlan[]; failed: { platformId: string; error: string }[] }> {
  const platforms: Platform[] = event.platformId
    ? [await ctx.store.platforms.require(event.platformId)]
    : await allPlatforms(ctx);
  const at = runTimeOf(ctx, event);
  const due = event.dueOnly ? platforms.filter((p) => isDue(p, at)) : platforms;
  const plans: DigestPlan[] = [];
  const failed: { platformId: string; error: string }[] = [];
  for (const p of due) {
    try {
      plans.push(await planDigest(ctx, p.id, at));
    } catch (error) {
      if (event.platformId) throw error;
      ctx.log.error('digest failed', { platformId: p.id, error });
      failed.push({ platformId: p.id, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return { plans, failed };
}

/** Whether `at` is in the platform's digest weekday and hour in Tokyo (`at`: when the hourly schedule fired). */
export function isDue(platform: Pick<Platform, 'digest'>, at: Date): boolean {
  const tokyo = new Date(at.getTime() + 9 * 3_600_000);
  return tokyo.getUTCDay() === platform.digest.weekday && tokyo.getUTCHours() === platform.digest.hour;
}
