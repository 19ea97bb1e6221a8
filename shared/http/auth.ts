import { createHash, randomBytes } from 'node:crypto';
import type { AppContext } from '#context';
import { type Actor, newPerson, type Person, RateLimitError, ValidationError } from '#domain';
import { magicLinkMail } from '#mail';

// Passwordless sign-in: a single-use magic link (hashed at rest, 15 minutes), then a session
// token that works as an HttpOnly cookie for browsers and as a Bearer token for API clients.

export const MAGIC_LINK_MINUTES = 15;
export const SESSION_DAYS = 30;
const RATE_WINDOW_SECONDS = 15 * 60;

export const secretToken = () => randomBytes(32).toString('base64url');
export const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');
const epoch = (d: Date) => Math.floor(d.getTime() / 1000);

/** A page of this site to come back to after signing in, or undefined (never another origin). */
export function safeNext(next: unknown): string | undefined {
  return typeof next === 'string' && next.length <= 300 && /^\/(?![/\\])[\w\-./?=&%~]*$/.test(next)
    ? next
    : undefined;
}

/**
 * Sends a sign-in link. The same answer for known and new addresses: a new one signs up.
 * `next` (a path here) is where the link's page goes after signing in.
 */
export async function requestMagicLink(
  ctx: AppContext,
  email: string,
  clientIp: string,
  next?: string,
): Promise<void> {
  const now = ctx.now();
  const window = { start: epoch(now) - (epoch(now) % RATE_WINDOW_SECONDS), seconds: RATE_WINDOW_SECONDS };
  const retryAfter = window.start + RATE_WINDOW_SECONDS - epoch(now);
  if (!(await ctx.store.auth.hit('magic-ip', clientIp, window, ctx.config.magicLinksPerIp))) {
    throw new RateLimitError(retryAfter);
  }
  if (!(await ctx.store.auth.hit('magic-email', hashToken(email), window, ctx.config.magicLinksPerEmail))) {
    throw new RateLimitError(retryAfter);
  }
  const token = secretToken();
  await ctx.store.auth.putMagicToken(hashToken(token), {
    email,
    createdAt: now.toISOString(),
    expiresAt: epoch(now) + MAGIC_LINK_MINUTES * 60,
  });
  const back = safeNext(next);
  const link = `${ctx.config.appUrl}/auth/verify?token=${encodeURIComponent(token)}${back && back !== '/' ? `&next=${encodeURIComponent(back)}` : ''}`;
  await ctx.mailer.send(magicLinkMail({ to: email, link, minutes: MAGIC_LINK_MINUTES }));
  ctx.log.info('magic link sent', { emailHash: hashToken(email).slice(0, 12) });
}

export interface NewSession {
  token: string;
  csrfToken: string;
  expiresAt: Date;
  person: Person;
  created: boolean;
}

/** Exchanges a magic-link token (once) for a session; creates the person on first sign-in. */
export async function signIn(ctx: AppContext, magicToken: string): Promise<NewSession> {
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
  const stamp = now.toISOString();
  const { person, created } = await ctx.store.people.findOrCreate(email, () =>
    newPerson(ctx.newId(), email, stamp),
  );
  const token = secretToken();
  const csrfToken = secretToken();
  const expiresAt = new Date(now.getTime() + SESSION_DAYS * 86_400_000);
  await ctx.store.auth.putSession(hashToken(token), {
    personId: person.id,
    csrfToken,
    createdAt: stamp,
    expiresAt: epoch(expiresAt),
  });
  return { token, csrfToken, expiresAt, person, created };
}

export async function resolveSession(ctx: AppContext, token: string) {
  const tokenHash = hashToken(token);
  const session = await ctx.store.auth.getSession(tokenHash, epoch(ctx.now()));
  if (!session) return undefined;
  const actor: Actor | undefined = await ctx.store.people.actor(session.personId);
  return actor ? { session, actor, tokenHash } : undefined;
}

export async function signOut(ctx: AppContext, tokenHash: string): Promise<void> {
  await ctx.store.auth.deleteSession(tokenHash);
}
