import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { type Actor, ForbiddenError, UnauthorizedError } from '#domain';
import { resolveSession } from './auth';
import type { AppEnv } from './env';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const CSRF_HEADER = 'x-csrf-token';
// Signing in works the same whether or not an older session cookie is around, and so do the
// signed links in mails (answer an introduction, unsubscribe, confirm a contact address): the
// token is their authority.
const SESSIONLESS_PATHS = new Set([
  '/v1/auth/magic-link',
  '/v1/auth/session',
  '/v1/invitations/accept',
  '/auth/sign-in',
  '/auth/verify',
  '/respond',
  '/v1/unsubscribe',
  '/contact/verify',
  '/language/from-mail',
]);

export function cookieName(c: Context<AppEnv>): string {
  // __Host- cookies must be Secure; locally (plain http) the plain name is used.
  return c.var.ctx.config.local ? 'tsunagu_session' : '__Host-tsunagu_session';
}

export function setSessionCookie(c: Context<AppEnv>, token: string, expires: Date): void {
  setCookie(c, cookieName(c), token, {
    httpOnly: true,
    secure: !c.var.ctx.config.local,
    sameSite: 'Lax',
    path: '/',
    expires,
  });
}

export function clearSessionCookie(c: Context<AppEnv>): void {
  deleteCookie(c, cookieName(c), { path: '/', secure: !c.var.ctx.config.local });
}

function bearer(c: Context<AppEnv>): string | undefined {
  const header = c.req.header('authorization');
  const match = header?.match(/^Bearer\s+([A-Za-z0-9_-]{20,200})$/);
  return match?.[1];
}

/**
 * Loads the session (Bearer header first, then the cookie). Cookie-authenticated requests that
 * change something must carry the session's CSRF token in the X-CSRF-Token header; a Bearer
 * token cannot be sent by another site, so it needs none.
 */
export const authenticate = createMiddleware<AppEnv>(async (c, next) => {
  c.set('auth', undefined);
  // The sign-in page itself may know who is signed in (to send them home instead).
  const optional = c.req.method === 'GET' && c.req.path === '/auth/sign-in';
  if (SESSIONLESS_PATHS.has(c.req.path) && !optional) return next();
  const fromBearer = bearer(c);
  const fromCookie = fromBearer ? undefined : getCookie(c, cookieName(c));
  const token = fromBearer ?? fromCookie;
  if (token && token.length <= 200) {
    const found = await resolveSession(c.var.ctx, token);
    if (found) {
      const via = fromBearer ? 'bearer' : 'cookie';
      c.set('auth', { ...found, token, via });
      if (
        via === 'cookie' &&
        !SAFE_METHODS.has(c.req.method) &&
        (await csrfTokenOf(c)) !== found.session.csrfToken
      ) {
        // Signed in, but this write may come from another site: nothing runs. (The error page
        // still knows who is signed in, for its menu.)
        throw new ForbiddenError(
          "ページの有効期限が切れたか、別のサイトから送信されたため、受け付けませんでした。ページを再読み込みしてから、もう一度お試しください。 Missing or wrong CSRF token (X-CSRF-Token header or the form's _csrf field): reload the page and try again.",
        );
      }
    }
  }
  await next();
});

/** The CSRF token a write carries: the X-CSRF-Token header, or a `_csrf` field of an HTML form. */
async function csrfTokenOf(c: Context<AppEnv>): Promise<string | undefined> {
  const header = c.req.header(CSRF_HEADER);
  if (header !== undefined) return header;
  const type = c.req.header('content-type') ?? '';
  // A file upload (the member import) is a multipart form; its _csrf is a field like any other.
  if (!type.startsWith('application/x-www-form-urlencoded') && !type.startsWith('multipart/form-data'))
    return undefined;
  const form = await c.req.parseBody();
  return typeof form._csrf === 'string' ? form._csrf : undefined;
}

/** Route middleware: 401 unless signed in. */
export const requireSession = createMiddleware<AppEnv>(async (c, next) => {
  if (!c.var.auth) throw new UnauthorizedError();
  await next();
});

/** The signed-in actor, or 401. */
export function actorOf(c: Context<AppEnv>): Actor {
  const auth = c.var.auth;
  if (!auth) throw new UnauthorizedError();
  return auth.actor;
}
