import * as z from 'zod';
import type { AppContext } from '#context';
import {
  type Addressee,
  areaOf,
  type DigestWeek,
  digestWeekOf,
  type Match,
  type Need,
  type News,
  type Offer,
  type Organization,
  type OutboxMessage,
  outboxMessage,
  outboxTag,
  type Person,
  type Platform,
  type ProfileInterests,
  placeLabel,
  platformIdSchema,
  selectDigest,
  tokyoDate,
  wantsDigest,
} from '#domain';
import {
  type DigestMailInput,
  type DigestPosting,
  digestMail,
  linkUrls,
  platformSender,
  unsubscribeHeaders,
} from '#mail';
import { inChunks } from './chunks';
import { allPlatforms, runTimeOf, scheduledTimeSchema } from './platforms';

// The weekly digest of one platform: one personalised mail per member person with the digest
// on, written to the outbox under digest#platform#week#person, so a rerun of the same week (or
// a retry after a crash halfway) plans nothing twice. Empty digests are not sent.

const LOAD_CONCURRENCY = 16;
const DAY_MS = 86_400_000;

export interface DigestPlan {
  platformId: string;
  week: string;
  since: string;
  until: string;
  /** Member people of approved organisations. */
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
    (m) => needsById.has(m.needId) && offersById.has(m.offerId) && m.respondBy > started.toISOString(),
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
  const existing = await ctx.store.outbox.existing(wanting.map((p) => outboxTag(keyOf(p.id))));
  const render = digestRenderer(ctx, platform, period, { needsById, offersById, orgs });
  const messages: OutboxMessage[] = [];
  const now = started.toISOString();
  for (const person of wanting) {
    if (existing.has(outboxTag(keyOf(person.id)))) {
      plan.alreadyPlanned++;
      continue;
    }
    const selection = selectDigest({
      organizationIds: orgsOfPerson.get(person.id) ?? new Set(),
      preferences: preferences.get(person.id),
      openMatches,
      newNeeds,
      newOffers,
      newsCount: news.length,
      profile: profileOf(orgsOfPerson.get(person.id), orgs),
    });
    if (!selection) {
      plan.empty++;
      continue;
    }
    const soleOrg = soleOrgOf.get(person.id);
    const addressee = { organizationName: soleOrg && orgs.get(soleOrg)?.name, name: person.name };
    messages.push(outboxMessage(keyOf(person.id), 'digest', render(person, addressee, selection, news), now));
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

function digestRenderer(
  ctx: AppContext,
  platform: Platform,
  period: DigestWeek,
  known: { needsById: Map<string, Need>; offersById: Map<string, Offer>; orgs: Map<string, Organization> },
) {
  const urls = linkUrls(ctx.config.appUrl, ctx.config.secret);
  const orgName = (id: string) => known.orgs.get(id)?.name ?? '';
  return (
    person: Person,
    addressee: Addressee,
    selection: NonNullable<ReturnType<typeof selectDigest>>,
    news: readonly News[],
  ) => {
    const lang = person.language;
    const needPosting = (n: Need): DigestPosting => ({
      relevance: selection.relevance.get(n.id),
      kind: n.kind,
      title: n.title,
      organizationName: orgName(n.organizationId),
      place: placeLabel(n, lang),
      url: urls.need(n.id),
    });
    const offerPosting = (o: Offer): DigestPosting => ({
      relevance: selection.relevance.get(o.id),
      kind: o.kind,
      title: o.title,
      organizationName: orgName(o.organizationId),
      place: placeLabel(o, lang, 3),
      url: urls.offer(o.id),
    });
    const matchEntry = ({ match, side }: { match: Match; side: 'need' | 'offer' }) => {
      const need = known.needsById.get(match.needId)!;
      const offer = known.offersById.get(match.offerId)!;
      const [own, other] = side === 'need' ? [need, offer] : [offer, need];
      return {
        own: { kind: own.kind, title: own.title },
        other: { kind: other.kind, title: other.title, organizationName: orgName(other.organizationId) },
        respondBy: match.respondBy,
        url: urls.match(match.id),
      };
    };
    const unsubscribeUrl = urls.unsubscribe({ a: 'digest-off', p: person.id, pl: platform.id });
    const input: DigestMailInput = {
      to: person.email,
      lang,
      platform: { name: platform.name, nameEn: platform.nameEn, contact: platform.contact },
      preferencesUrl: urls.preferences(),
      unsubscribeUrl,
      addressee,
      languageUrl: urls.language(person.email, lang === 'en' ? 'ja' : 'en'),
      week: { start: period.start, end: period.end, label: weekLabel(period, lang) },
      pendingMatches: selection.pendingMatches.map(matchEntry),
      newNeeds: selection.newNeeds.map(needPosting),
      newOffers: selection.newOffers.map(offerPosting),
      moreNeeds: selection.moreNeeds,
      moreOffers: selection.moreOffers,
      news: news.map((n) => ({
        kind: n.kind,
        title: n.title,
        body: n.body,
        url: n.url,
        eventDate: n.eventDate,
      })),
      needsUrl: urls.needs(platform.id),
      offersUrl: urls.offers(platform.id),
    };
    const mail = digestMail(input);
    return {
      ...mail,
      ...platformSender(input),
      headers: { ...mail.headers, ...unsubscribeHeaders(unsubscribeUrl) },
    };
  };
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

function weekLabel(period: DigestWeek, lang: 'ja' | 'en'): string {
  const [, sm, sd] = period.start.split('-').map(Number);
  const [, em, ed] = period.end.split('-').map(Number);
  return lang === 'ja' ? `${sm}月${sd}日〜${em}月${ed}日の週` : `Week of ${period.start} to ${period.end}`;
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
