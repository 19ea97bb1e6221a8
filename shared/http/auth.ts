import { createHash, randomBytes } from 'node:crypto';
import type { AppContext } from '#context';
import {
  type Actor,
  isSharedMailDomain,
  type Language,
  mailboxOf,
  mailDomainOf,
  newPerson,
  outboxMessage,
  type Person,
  RateLimitError,
  ULID_PATTERN,
  ValidationError,
} from '#domain';
import { magicLinkMail } from '#mail';
import type { StoredSession } from '#store';

// Passwordless sign-in: a single-use magic link (hashed at rest, 15 minutes), then a session
// token that works as an HttpOnly cookie for browsers and as a Bearer token for API clients.

export const MAGIC_LINK_MINUTES = 15;
export const SESSION_DAYS = 30;
/** Devices a person can be signed in on at once; a new sign-in ends the oldest beyond it. */
export const MAX_SESSIONS = 20;
const RATE_WINDOW_SECONDS = 15 * 60;
/** A large shared mail service (gmail.com, docomo.ne.jp …) gets this many times the domain cap. */
export const SHARED_DOMAIN_FACTOR = 10;

export const secretToken = () => randomBytes(32).toString('base64url');
export const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');
export const epoch = (d: Date) => Math.floor(d.getTime() / 1000);

/** A page of this site to come back to after signing in, or undefined (never another origin). */
export function safeNext(next: unknown): string | undefined {
  return typeof next === 'string' && next.length <= 300 && /^\/(?![/\\])[\w\-./?=&%~]*$/.test(next)
    ? next
    : undefined;
}

/**
 * Sends a sign-in link. The same answer for known and new addresses: a new one signs up.
 * `next` (a path here) is where the link's page goes after signing in. The token and its mail are
 * written together (one transaction) and the mail goes out through the outbox, ahead of other
 * mail and within the sending rate; whatever SES answers later, this request has succeeded.
 */
export async function requestMagicLink(
  ctx: AppContext,
  email: string,
  clientIp: string,
  next?: string,
  /** The language of the page (or API client) asking: the mail is written in it. */
  lang: Language = 'ja',
): Promise<void> {
  const now = ctx.now();
  const { magicLinksPerIp, magicLinksPerEmail, magicLinksPerDomain } = ctx.config;
  const domain = mailDomainOf(email);
  // Per client, per mailbox (however the address is spelled) and per mail domain, each over the
  // last 15 minutes; the first limit reached answers with when a link can be asked for again.
  const limits: [scope: string, subject: string, limit: number][] = [
    ['magic-ip', clientIp, magicLinksPerIp],
    ['magic-mailbox', hashToken(mailboxOf(email)), magicLinksPerEmail],
    [
      'magic-domain',
      hashToken(domain),
      isSharedMailDomain(domain) ? magicLinksPerDomain * SHARED_DOMAIN_FACTOR : magicLinksPerDomain,
    ],
  ];
  for (const [scope, subject, limit] of limits) {
    const hit = await ctx.store.auth.hit(
      scope,
      subject,
      { nowMs: now.getTime(), seconds: RATE_WINDOW_SECONDS },
      limit,
    );
    if (!hit.allowed) throw new RateLimitError(hit.retryAfterSeconds);
  }
  const token = secretToken();
  const tokenHash = hashToken(token);
  const expiresAt = epoch(now) + MAGIC_LINK_MINUTES * 60;
  const back = safeNext(next);
  const link = `${ctx.config.appUrl}/auth/verify?token=${encodeURIComponent(token)}${back && back !== '/' ? `&next=${encodeURIComponent(back)}` : ''}`;
  const mail = outboxMessage(
    `link#sign-in#${tokenHash}`,
    'link',
    magicLinkMail({ to: email, link, minutes: MAGIC_LINK_MINUTES, lang }),
    now.toISOString(),
    new Date(expiresAt * 1000).toISOString(),
  );
  await ctx.store.auth.putMagicToken(tokenHash, { email, createdAt: now.toISOString(), expiresAt }, mail);
  ctx.wakeSender();
  ctx.log.info('magic link queued', { emailHash: hashToken(email).slice(0, 12), tag: mail.tag });
}

export interface NewSession {
  token: string;
  csrfToken: string;
  expiresAt: Date;
  person: Person;
  created: boolean;
}

/** A new session for a person: the token (person id, then 256 random bits) and what is stored of it. */
export function newSession(
  person: Person,
  now: Date,
): { stored: StoredSession; token: string; expiresAt: Date } {
  const token = `${person.id}${secretToken()}`;
  const expiresAt = new Date(now.getTime() + SESSION_DAYS * 86_400_000);
  return {
    token,
    expiresAt,
    stored: {
      personId: person.id,
      tokenHash: hashToken(token),
      csrfToken: secretToken(),
      createdAt: now.toISOString(),
      endsAt: epoch(expiresAt),
    },
  };
}

/** Exchanges a magic-link token (once) for a session; creates the person on first sign-in. */
/** Signs in with a sign-in link; someone new is registered in `lang`, the language they signed up in. */
export async function signIn(
  ctx: AppContext,
  magicToken: string,
  lang: Language = 'ja',
): Promise<NewSession> {
  const now = ctx.now();
  const email = await ctx.store.auth.consumeMagicToken(hashToken(magicToken), epoch(now));
  if (!email) {
    throw new ValidationError(
      [
        {
          path: 'token',
          message: 'リンクが無効か、有効期限が切れています。もう一度サインインを依頼してください。',
        },
      ],
      'サインイン用リンクが無効です。 The sign-in link is invalid, used or expired.',
    );
  }
  const { person, created } = await ctx.store.people.findOrCreate(email, () =>
    newPerson(ctx.newId(), email, now.toISOString(), lang),
  );
  const session = newSession(person, now);
  await ctx.store.auth.putSession(session.stored);
  await ctx.store.auth.pruneSessions(person.id, MAX_SESSIONS, epoch(now));
  return {
    token: session.token,
    csrfToken: session.stored.csrfToken,
    expiresAt: session.expiresAt,
    person,
    created,
  };
}

/** The session and person of a token, or undefined (unknown, signed out or expired). */
export async function resolveSession(
  ctx: AppContext,
  token: string,
): Promise<{ session: StoredSession; actor: Actor; tokenHash: string } | undefined> {
  // A session token starts with its person's id (a ULID), so one read finds session and roles.
  const personId = token.slice(0, 26);
  if (!ULID_PATTERN.test(personId)) return undefined;
  // The hash covers the whole token, so another person's id in front finds nothing.
  const tokenHash = hashToken(token);
  const found = await ctx.store.people.signedIn(personId, tokenHash, epoch(ctx.now()));
  return found ? { ...found, tokenHash } : undefined;
}

export async function signOut(ctx: AppContext, session: StoredSession): Promise<void> {
  await ctx.store.auth.deleteSession(session.personId, session.tokenHash);
}
