import type { AppContext } from '#context';
import {
  awaitsAnswerFrom,
  type Match,
  type Need,
  type Offer,
  type Organization,
  type OutboxMessage,
  otherSide,
  outboxMessage,
  type Platform,
  type Side,
} from '#domain';
import {
  connectedMail,
  followUpMail,
  linkUrls,
  type Mail,
  type MailFrame,
  openCallMail,
  platformSender,
  proposalMail,
  reminderMail,
  unsubscribeHeaders,
} from '#mail';
import { languageLookup, type Mailbox, mailboxOf } from './mailboxes';

// The mails each step of an introduction's double opt-in sends (PRODUCT.md "Introductions"), and
// the loader of what they need. Callers write them to the outbox in the same transaction as the
// change that causes them.

/** `received` and `not-selected` are an open call's, to its applicant (the need side) only. */
export type IntroductionEvent =
  | 'proposed'
  | 'reminder'
  | 'connected'
  | 'follow-up'
  | 'received'
  | 'not-selected';

const APPLICANT_ONLY: ReadonlySet<IntroductionEvent> = new Set(['received', 'not-selected']);

/** Everything the mails of one match need; loaded once per match (or per round, cached). */
export interface IntroductionData {
  platform: Platform;
  /** Absent when the need side wrote without a need of its own (and so for the offer side). */
  need?: Need | undefined;
  offer?: Offer | undefined;
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
      known?.need ?? (match.needId ? ctx.store.needs.require(match.needId) : undefined),
      known?.offer ?? (match.offerId ? ctx.store.offers.require(match.offerId) : undefined),
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

/**
 * Only a side with a posting is asked (the one that wrote without one has accepted already), and
 * only to a posted offer does one apply: what the proposal, reminder and open-call mails name.
 */
function posted<T extends { title: string }>(
  posting: T | undefined,
  match: Match,
  event: IntroductionEvent,
): T {
  if (!posting) throw new Error(`match ${match.id}: no posting for its ${event} mail`);
  return posting;
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
  // A proposal and its reminder ask for an answer: a side that has given one (the organisation
  // that started it with 関心がある, or answered since) is not asked.
  const sides = (['need', 'offer'] as const).filter((side) =>
    APPLICANT_ONLY.has(event)
      ? side === 'need'
      : (event !== 'reminder' && event !== 'proposed') || awaitsAnswerFrom(match, side),
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
        ...(own ? { own: { kind: own.kind, title: own.title } } : {}),
        // Without a posting of its own, the other side is its organisation and what it does.
        other: {
          kind: other?.kind ?? match.kind,
          ...(other ? { title: other.title } : {}),
          organizationName: otherOrg.name,
          summary: summaryOf(other?.description ?? otherOrg.description ?? ''),
        },
      };
      const answer = {
        origin: match.origin,
        explanation: match.explanation,
        // Each side reads the other's note (or the secretariat's), never its own back.
        message: match.message?.from === side ? undefined : match.message,
        respondBy: match.respondBy,
        acceptUrl: urls.respond({ a: 'accept', m: match.id, s: side, x: expires }),
        declineUrl: urls.respond({ a: 'decline', m: match.id, s: side, x: expires }),
        matchUrl: urls.match(match.id),
      };
      let mail: Mail;
      switch (event) {
        case 'proposed':
          mail = proposalMail({ ...base, own: posted(base.own, match, event), ...answer });
          break;
        case 'reminder':
          mail = reminderMail({
            ...base,
            own: posted(base.own, match, event),
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
        case 'received':
        case 'not-selected':
          mail = openCallMail({
            ...base,
            own: posted(base.own, match, event),
            other: { ...base.other, title: posted(other, match, event).title },
            event,
            respondBy: match.respondBy,
            matchUrl: urls.match(match.id),
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
