import type { AppContext } from '#context';
import {
  acceptMatch,
  awaitsAnswerFrom,
  declineMatch,
  dueAction,
  expireMatch,
  type Match,
  type Need,
  NotFoundError,
  type Offer,
  type Organization,
  type OutboxMessage,
  type Outcome,
  otherSide,
  outboxMessage,
  type Platform,
  recordOutcome,
  type Side,
  StaleVersionError,
  type Transition,
} from '#domain';
import {
  connectedMail,
  followUpMail,
  linkUrls,
  type Mail,
  type MailFrame,
  platformSender,
  proposalMail,
  reminderMail,
  unsubscribeHeaders,
} from '#mail';
import { languageLookup, type Mailbox, mailboxOf } from './mailboxes';

// Introductions (PRODUCT.md): the mails each step of the double opt-in sends, the answers
// (through the API or a signed link), and the daily sweep for reminders, expiry and follow-ups.
// Every mail is written to the outbox in the same transaction as the change that causes it.

export type IntroductionEvent = 'proposed' | 'reminder' | 'connected' | 'follow-up';

/** Everything the mails of one match need; loaded once per match (or per round, cached). */
export interface IntroductionData {
  platform: Platform;
  need: Need;
  offer: Offer;
  needOrg: Organization;
  offerOrg: Organization;
  /** Who receives each side's mail, and the contact its partner is shown (./mailboxes.ts). */
  mailboxes: Record<Side, Mailbox>;
}

/** Loads (and caches, for a round) platforms, organisations and where their mail goes. */
export function introductionLoader(ctx: AppContext) {
  const platforms = new Map<string, Promise<Platform>>();
  const orgs = new Map<string, Promise<Organization>>();
  const mailboxes = new Map<string, Promise<Mailbox>>();
  const languageOf = languageLookup(ctx);
  const platform = (id: string) => cached(platforms, id, () => ctx.store.platforms.require(id));
  const org = (id: string) => cached(orgs, id, () => ctx.store.organizations.require(id));
  const mailbox = (o: Organization) => cached(mailboxes, o.id, () => mailboxOf(ctx, o, languageOf));

  return async function load(
    match: Match,
    known?: { need?: Need; offer?: Offer },
  ): Promise<IntroductionData> {
    const [p, need, offer, needOrg, offerOrg] = await Promise.all([
      platform(match.platformId),
      known?.need ?? ctx.store.needs.require(match.needId),
      known?.offer ?? ctx.store.offers.require(match.offerId),
      org(match.needOrganizationId),
      org(match.offerOrganizationId),
    ]);
    const [needBox, offerBox] = await Promise.all([mailbox(needOrg), mailbox(offerOrg)]);
    return { platform: p, need, offer, needOrg, offerOrg, mailboxes: { need: needBox, offer: offerBox } };
  };
}

function cached<T>(map: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
  let hit = map.get(key);
  if (!hit) {
    hit = load();
    map.set(key, hit);
  }
  return hit;
}

const summaryOf = (description: string) => {
  const first = description.split(/\n+/).find((l) => l.trim() !== '') ?? '';
  return first.length > 140 ? `${first.slice(0, 140)}…` : first || undefined;
};

/**
 * The mails one step of an introduction sends: one to each side's confirmed contact, or, while
 * a side's contact address is unconfirmed, one to each of its owners.
 */
export function introductionMails(
  ctx: AppContext,
  match: Match,
  data: IntroductionData,
  event: IntroductionEvent,
  now: string,
): OutboxMessage[] {
  const urls = linkUrls(ctx.config.appUrl, ctx.config.secret);
  const expires = Math.floor(Date.parse(match.respondBy) / 1000);
  // The reminder asks for an answer: a side that has given one is not asked again.
  const sides = (['need', 'offer'] as const).filter(
    (side) => event !== 'reminder' || awaitsAnswerFrom(match, side),
  );
  return sides.flatMap((side) => {
    const mailbox = data.mailboxes[side];
    return mailbox.recipients.map(({ email: to, language, name }) => {
      const own = side === 'need' ? data.need : data.offer;
      const other = side === 'need' ? data.offer : data.need;
      const ownOrg = side === 'need' ? data.needOrg : data.offerOrg;
      const otherOrg = side === 'need' ? data.offerOrg : data.needOrg;
      const unsubscribeUrl = urls.unsubscribe({ a: 'unsubscribe', e: to, c: 'introduction' });
      const frame: MailFrame = {
        to,
        addressee: { organizationName: ownOrg.name, name },
        lang: language,
        platform: { name: data.platform.name, nameEn: data.platform.nameEn, contact: data.platform.contact },
        preferencesUrl: urls.preferences(),
        unsubscribeUrl,
        languageUrl: urls.language(to, language === 'en' ? 'ja' : 'en'),
        ...(mailbox.verified ? {} : { ownerOf: ownOrg.name }),
      };
      const base = {
        ...frame,
        side,
        own: { kind: own.kind, title: own.title },
        other: {
          kind: other.kind,
          title: other.title,
          organizationName: otherOrg.name,
          summary: summaryOf(other.description),
        },
      };
      const answer = {
        explanation: match.explanation,
        respondBy: match.respondBy,
        acceptUrl: urls.respond({ a: 'accept', m: match.id, s: side, x: expires }),
        declineUrl: urls.respond({ a: 'decline', m: match.id, s: side, x: expires }),
        matchUrl: urls.match(match.id),
      };
      let mail: Mail;
      switch (event) {
        case 'proposed':
          mail = proposalMail({ ...base, ...answer });
          break;
        case 'reminder':
          mail = reminderMail({
            ...base,
            ...answer,
            otherAccepted: match.responses[otherSide(side)]?.decision === 'accepted',
          });
          break;
        case 'connected':
          mail = connectedMail({
            ...base,
            // The partner's confirmed contact, or its owner: never an address nobody confirmed.
            contact: {
              organizationName: otherOrg.name,
              ...data.mailboxes[otherSide(side)].contact,
              website: otherOrg.website,
            },
            matchUrl: urls.match(match.id),
          });
          break;
        case 'follow-up':
          mail = followUpMail({
            ...base,
            connectedAt: match.connectedAt ?? now,
            outcomeUrls: {
              formed: urls.respond({ a: 'outcome', m: match.id, s: side, o: 'formed' }),
              not_formed: urls.respond({ a: 'outcome', m: match.id, s: side, o: 'not_formed' }),
              in_progress: urls.respond({ a: 'outcome', m: match.id, s: side, o: 'in_progress' }),
            },
          });
          break;
        default: {
          const never: never = event;
          return never;
        }
      }
      // One key per side for the contact; one per owner while it is unconfirmed.
      const key = `match#${match.id}#${event}#${side}${mailbox.verified ? '' : `#owner#${to}`}`;
      return outboxMessage(
        key,
        event === 'connected' ? 'connection' : 'introduction',
        {
          ...mail,
          ...platformSender(frame),
          headers: { ...mail.headers, ...unsubscribeHeaders(unsubscribeUrl) },
        },
        now,
      );
    });
  });
}

export interface Answer {
  matchId: string;
  side: Side;
  decision: 'accept' | 'decline';
  reason?: string | undefined;
  personId?: string | undefined;
}

/**
 * One side answers a proposal. Retried when another answer to the same match landed between
 * our read and our write, so two answers at once both count; the offer's slot is taken in the
 * same transaction, so concurrent accepts can never overbook it.
 */
export async function answerIntroduction(ctx: AppContext, answer: Answer): Promise<Match> {
  const load = introductionLoader(ctx);
  for (let attempt = 1; ; attempt++) {
    const match = await requireMatch(ctx, answer.matchId);
    const now = ctx.now().toISOString();
    const t: Transition =
      answer.decision === 'accept'
        ? acceptMatch(match, answer.side, now, answer.personId)
        : declineMatch(match, answer.side, now, answer.reason, answer.personId);
    if (t.match === match) return match;
    const mails = t.connected ? introductionMails(ctx, t.match, await load(t.match), 'connected', now) : [];
    try {
      await ctx.store.matches.transition(t.match, { slot: t.slot, mails });
      ctx.log.info('introduction answered', { matchId: match.id, side: answer.side, status: t.match.status });
      return t.match;
    } catch (error) {
      if (!(error instanceof StaleVersionError) || attempt >= 5) throw error;
    }
  }
}

export async function reportOutcome(
  ctx: AppContext,
  report: { matchId: string; side: Side; outcome: Outcome; personId?: string | undefined },
): Promise<Match> {
  for (let attempt = 1; ; attempt++) {
    const match = await requireMatch(ctx, report.matchId);
    const next = recordOutcome(match, report.side, report.outcome, ctx.now().toISOString(), report.personId);
    try {
      const bothSaid = next.outcomes.need !== undefined && next.outcomes.offer !== undefined;
      await ctx.store.matches.transition(next, {
        slot: 'none',
        settled: match.followUpAt !== undefined || bothSaid,
      });
      return next;
    } catch (error) {
      if (!(error instanceof StaleVersionError) || attempt >= 5) throw error;
    }
  }
}

async function requireMatch(ctx: AppContext, id: string): Promise<Match> {
  const match = await ctx.store.matches.get(id);
  if (!match) throw new NotFoundError('match');
  return match;
}

export interface SweepReport {
  platformId: string;
  examined: number;
  reminded: number;
  expired: number;
  followedUp: number;
}

/** Reminders, expiries and follow-ups that time has made due on one platform. Rerunning is harmless. */
export async function sweepIntroductions(ctx: AppContext, platformId: string): Promise<SweepReport> {
  const settings = ctx.config.introductions;
  const pairs = await ctx.store.matches.unsettledPairs(platformId);
  const matches = await ctx.store.matches.getMany(pairs.map((p) => p.matchId));
  const load = introductionLoader(ctx);
  const report: SweepReport = {
    platformId,
    examined: matches.length,
    reminded: 0,
    expired: 0,
    followedUp: 0,
  };
  for (const match of matches) {
    const now = ctx.now().toISOString();
    const action = dueAction(match, now, settings);
    try {
      if (action === 'expire') {
        const t = expireMatch(match, now);
        await ctx.store.matches.transition(t.match, { slot: t.slot, settled: true });
        report.expired++;
      } else if (action === 'remind') {
        const next = { ...match, remindedAt: now, updatedAt: now, version: match.version + 1 };
        const mails = introductionMails(ctx, next, await load(next), 'reminder', now);
        await ctx.store.matches.transition(next, { slot: 'none', mails });
        report.reminded++;
      } else if (action === 'follow-up') {
        const next = { ...match, followUpAt: now, updatedAt: now, version: match.version + 1 };
        const mails = introductionMails(ctx, next, await load(next), 'follow-up', now);
        await ctx.store.matches.transition(next, { slot: 'none', mails, settled: true });
        report.followedUp++;
      }
    } catch (error) {
      // Someone answered meanwhile: the next sweep looks again.
      if (!(error instanceof StaleVersionError)) throw error;
    }
  }
  ctx.log.info('introduction sweep done', { ...report });
  return report;
}
