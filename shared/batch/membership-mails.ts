import type { AppContext } from '#context';
import {
  type Membership,
  type Organization,
  type OutboxMessage,
  outboxMessage,
  type Platform,
} from '#domain';
import { linkUrls, type MembershipEvent, membershipMail, platformSender } from '#mail';
import { languageLookup, mailboxOf } from './mailboxes';

// The mails of a membership's change (docs/mail.md "Membership mails"), rendered before the
// change is written and written in the same transaction, each under a deterministic key: the
// membership's new version names the change, so a retry (which finds the change made and is
// refused) or a race (one version wins) never writes a second one.

/** What a decision tells the organisation; applying also tells the secretariat. */
export type MembershipChange = 'applied' | 'approved' | 'resumed' | 'declined' | 'suspended' | 'withdrawn';

/** Secretariat people told of an application at most (the transaction's limit is 100 writes). */
export const SECRETARIAT_MAILED = 50;

/** Everyone on the platform's secretariat (a Query of its index, 100 at a time). */
async function secretariatPeople(ctx: AppContext, platformId: string) {
  const members: { personId: string; email: string }[] = [];
  let cursor: string | undefined;
  do {
    const page = await ctx.store.people.secretariatOf(platformId, { limit: 100, cursor });
    members.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  const people = new Map(
    (await ctx.store.people.getMany(members.map((m) => m.personId))).map((p) => [p.id, p]),
  );
  return members.map((m) => ({
    email: m.email,
    language: people.get(m.personId)?.language ?? 'ja',
    name: people.get(m.personId)?.name,
  }));
}

/**
 * The outbox messages for a membership that is about to become `next` (its version the one
 * that will be stored): the applicant's receipt and the secretariat's notice when it applied,
 * one mail to the organisation for a decision.
 */
export async function membershipMails(
  ctx: AppContext,
  change: MembershipChange,
  next: Membership,
  platform: Platform,
  org: Organization,
): Promise<OutboxMessage[]> {
  const urls = linkUrls(ctx.config.appUrl, ctx.config.secret);
  const appUrl = ctx.config.appUrl;
  const now = ctx.now().toISOString();
  const t = platform.tiers.find((x) => x.id === next.tier);
  const tier = t ? { ja: t.ja, en: t.en } : { ja: next.tier, en: next.tier };
  const base = `membership#${platform.id}#${org.id}#v${next.version}`;
  const frameOf = (to: string, language: 'ja' | 'en') => ({
    to,
    lang: language,
    platform: { name: platform.name, nameEn: platform.nameEn, contact: platform.contact },
    preferencesUrl: urls.preferences(),
    languageUrl: urls.language(to, language === 'en' ? 'ja' : 'en'),
  });
  const mail = (
    key: string,
    event: MembershipEvent,
    to: string,
    language: 'ja' | 'en',
    extra: {
      addressee: { organizationName?: string | undefined; name?: string | undefined };
      url: string;
      ownerOf?: string | undefined;
      contactOnly?: boolean | undefined;
    },
  ) => {
    const frame = frameOf(to, language);
    const rendered = membershipMail({
      ...frame,
      ...extra,
      event,
      organizationName: org.name,
      tier,
      message: next.message,
      reason: next.reason,
    });
    return outboxMessage(key, 'membership', { ...rendered, ...platformSender(frame) }, now);
  };

  const mailbox = await mailboxOf(ctx, org, languageLookup(ctx));
  // A member without people (registered by hand) is mailed at its contact, which has no account.
  const contactOnly = mailbox.verified && (await ctx.store.people.allOf(org.id)).length === 0;
  const toOrganization = (event: MembershipEvent) =>
    mailbox.recipients.map((r) =>
      mail(`${base}#${event}#${r.email}`, event, r.email, r.language, {
        addressee: { organizationName: org.name, name: r.name },
        url: `${appUrl}/platforms/${platform.id}`,
        ...(mailbox.verified ? {} : { ownerOf: org.name }),
        ...(contactOnly ? { contactOnly } : {}),
      }),
    );

  if (change !== 'applied') return toOrganization(change);
  // A transaction holds 100 writes: the membership, at most 5 owners, and the secretariat.
  const secretariat = (await secretariatPeople(ctx, platform.id)).slice(0, SECRETARIAT_MAILED).map((p) =>
    mail(`${base}#received#secretariat#${p.email}`, 'received', p.email, p.language, {
      addressee: { name: p.name },
      url: `${appUrl}/platforms/${platform.id}/admin/memberships`,
    }),
  );
  return [...toOrganization('receipt'), ...secretariat];
}
