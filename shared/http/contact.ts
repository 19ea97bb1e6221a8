import type { AppContext } from '#context';
import {
  type Actor,
  ConflictError,
  isContactVerified,
  mailboxOf,
  type Organization,
  outboxMessage,
  type Platform,
  RateLimitError,
} from '#domain';
import { contactVerificationMail } from '#mail';
import { hashToken, secretToken } from './auth';

// An organisation's contact address is confirmed before any mail but this one goes to it: a
// single-use link (hashed at rest, 7 days) mailed to the address. The address a person signed
// in with is confirmed already (contactVerificationAfter in #domain). Until then mail for the
// organisation goes to its owners (shared/batch/mailboxes.ts).

export const CONTACT_LINK_DAYS = 7;
/** Verification mails per address and per requesting person, in one window. */
export const CONTACT_MAILS_PER_ADDRESS = 3;
export const CONTACT_MAILS_PER_PERSON = 20;
const WINDOW_SECONDS = 60 * 60;

const epoch = (d: Date) => Math.floor(d.getTime() / 1000);

export type VerificationMail = 'queued' | 'limited' | 'undeliverable';

/**
 * Mails a confirmation link to the organisation's contact address. Within a window, an address
 * gets at most CONTACT_MAILS_PER_ADDRESS and a person may cause CONTACT_MAILS_PER_PERSON (so
 * nobody can use the service to flood an address). Beyond that nothing is sent: `strict` (the
 * resend button) is then a 429 with Retry-After; registering or editing the organisation
 * succeeds all the same and the page offers a resend.
 */
export async function sendContactVerification(
  ctx: AppContext,
  actor: Actor,
  org: Organization,
  strict: boolean,
  /** The organisation was registered by a platform's secretariat (it has no people): the mail says so, from it. */
  registeredBy?: { platform: Pick<Platform, 'name' | 'nameEn' | 'contact'> },
): Promise<VerificationMail> {
  const email = org.contact.email;
  const now = ctx.now();
  const window = { nowMs: now.getTime(), seconds: WINDOW_SECONDS };
  const suppression = await ctx.store.suppressions.get(email);
  // A bounce or complaint: SES would not deliver it, and a complaint must not be repeated.
  if (suppression && suppression.category === undefined) {
    if (strict)
      throw new ConflictError(
        'このアドレスには以前メールが届かなかったため、確認メールを送れません。別のアドレスを登録してください。 Mail to this address bounced or was reported before; please enter another address.',
        'contact-undeliverable',
      );
    return 'undeliverable';
  }
  // Per mailbox (however the address is spelled) and per person, over sliding windows.
  for (const [scope, subject, limit] of [
    ['contact-email', hashToken(mailboxOf(email)), CONTACT_MAILS_PER_ADDRESS],
    ['contact-person', actor.person.id, CONTACT_MAILS_PER_PERSON],
  ] as const) {
    const hit = await ctx.store.auth.hit(scope, subject, window, limit);
    if (!hit.allowed) {
      if (strict) throw new RateLimitError(hit.retryAfterSeconds);
      ctx.log.info('contact verification not sent: rate limit', { organizationId: org.id });
      return 'limited';
    }
  }
  const token = secretToken();
  const tokenHash = hashToken(token);
  const validUntil = epoch(now) + CONTACT_LINK_DAYS * 86_400;
  const link = `${ctx.config.appUrl}/contact/verify?token=${encodeURIComponent(token)}`;
  // The token and its mail in one transaction; the mail goes out through the outbox (link lane),
  // so SES failing later never turns saving the organisation into an error.
  const mail = outboxMessage(
    `link#contact#${tokenHash}`,
    'link',
    contactVerificationMail({
      to: email,
      organizationName: org.name,
      contactName: org.contact.name,
      link,
      days: CONTACT_LINK_DAYS,
      // Written in the language of the person who entered the address (a colleague's is unknown).
      lang: actor.person.language,
      registeredBy,
    }),
    now.toISOString(),
    new Date(validUntil * 1000).toISOString(),
  );
  await ctx.store.organizations.putContactToken(
    tokenHash,
    { organizationId: org.id, email, createdAt: now.toISOString(), validUntil },
    mail,
  );
  ctx.wakeSender();
  ctx.log.info('contact verification queued', { organizationId: org.id, tag: mail.tag });
  return 'queued';
}

/** After an organisation was registered or changed: a link to its contact address, if it is new and unconfirmed. */
export async function verifyNewContact(
  ctx: AppContext,
  actor: Actor,
  before: Organization | undefined,
  after: Organization,
  registeredBy?: { platform: Pick<Platform, 'name' | 'nameEn' | 'contact'> },
): Promise<void> {
  if (isContactVerified(after) || before?.contact.email === after.contact.email) return;
  await sendContactVerification(ctx, actor, after, false, registeredBy);
}

/** What a confirmation link is for, as its page shows it before anything happens. */
export type ContactLinkState =
  | { state: 'invalid' }
  | { state: 'ready' | 'confirmed' | 'changed'; organization: Organization; email: string };

/** What a link would do, without using it up (GET: mail scanners open links too). */
export async function contactLinkState(ctx: AppContext, token: string): Promise<ContactLinkState> {
  if (token.length < 20 || token.length > 200) return { state: 'invalid' };
  const found = await ctx.store.organizations.peekContactToken(hashToken(token), epoch(ctx.now()));
  return found ? stateOf(ctx, found.organizationId, found.email, 'ready') : { state: 'invalid' };
}

/** Uses the link (once): the address is confirmed if it is still the organisation's contact. */
export async function confirmContact(ctx: AppContext, token: string): Promise<ContactLinkState> {
  if (token.length < 20 || token.length > 200) return { state: 'invalid' };
  const found = await ctx.store.organizations.consumeContactToken(hashToken(token), epoch(ctx.now()));
  if (!found) return { state: 'invalid' };
  const confirmed = await ctx.store.organizations.confirmContact(
    found.organizationId,
    found.email,
    ctx.now().toISOString(),
  );
  if (confirmed) ctx.log.info('contact confirmed', { organizationId: found.organizationId });
  return stateOf(ctx, found.organizationId, found.email, confirmed ? 'confirmed' : 'changed');
}

async function stateOf(
  ctx: AppContext,
  organizationId: string,
  email: string,
  state: 'ready' | 'confirmed' | 'changed',
): Promise<ContactLinkState> {
  const organization = await ctx.store.organizations.get(organizationId);
  if (!organization) return { state: 'invalid' };
  // The address was changed after the link was mailed: the link confirms nothing.
  if (organization.contact.email !== email) return { state: 'changed', organization, email };
  if (state === 'ready' && isContactVerified(organization))
    return { state: 'confirmed', organization, email };
  return { state, organization, email };
}
