import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { type Child, createContext, useContext } from 'hono/jsx';
import { byLanguage, type Language } from '#domain';
import { safeNext } from '../auth';
import type { AppEnv, Auth } from '../env';
import { languageOf, varyByLanguage } from './language';

// What every page needs to know about the request it answers: who is signed in, the CSRF token
// its forms carry, where it is, and the ONE language it speaks. Pages render through `render`,
// components read `useView`, and every text goes through `t` (or `Bi`, `Title`, … built on it).

export interface View {
  auth: Auth | undefined;
  csrf: string;
  path: string;
  /** This page with its query, to come back to (the language switch); a path of this site. */
  here: string;
  lang: Language;
}

const ViewContext = createContext<View>({ auth: undefined, csrf: '', path: '/', here: '/', lang: 'ja' });

export function useView(): View {
  return useContext(ViewContext);
}

/** Chooses the view's language of two versions of a text: `t('保存する', 'Save')`. */
export type T = <V>(ja: V, en: V) => V;

export function useT(): T {
  const { lang } = useView();
  return (ja, en) => byLanguage(lang, ja, en);
}

function viewOf(c: Context<AppEnv>): View {
  const url = new URL(c.req.url);
  return {
    auth: c.var.auth,
    csrf: csrfTokenFor(c),
    path: c.req.path,
    here: safeNext(url.pathname + url.search) ?? safeNext(url.pathname) ?? '/',
    lang: languageOf(c),
  };
}

/** An HTML page for this request; the view (session, CSRF token) is there for every component. */
export function render(
  c: Context<AppEnv>,
  node: Child,
  status: 200 | 201 | 202 | 400 | 401 | 403 | 404 | 409 | 410 | 413 | 429 | 500 = 200,
) {
  const view = viewOf(c);
  c.header('cache-control', 'no-store');
  varyByLanguage(c);
  return c.html(<ViewContext.Provider value={view}>{node}</ViewContext.Provider>, status);
}

// Forms shown before there is a session (sign in, finish signing in) are protected by a
// double-submit token: a random value in an HttpOnly SameSite cookie, echoed in the form.
// A login CSRF (someone else's magic link submitted in your browser) fails without it.

function anonymousCookie(c: Context<AppEnv>): string {
  return c.var.ctx.config.local ? 'tsunagu_csrf' : '__Host-tsunagu_csrf';
}

const TOKEN = /^[A-Za-z0-9_-]{32,64}$/;

/** The CSRF token forms on this page carry: the session's, or the anonymous cookie's (set here). */
export function csrfTokenFor(c: Context<AppEnv>): string {
  if (c.var.auth) return c.var.auth.session.csrfToken;
  const existing = getCookie(c, anonymousCookie(c));
  if (existing && TOKEN.test(existing)) return existing;
  const token = randomBytes(32).toString('base64url');
  setCookie(c, anonymousCookie(c), token, {
    httpOnly: true,
    secure: !c.var.ctx.config.local,
    sameSite: 'Lax',
    path: '/',
    maxAge: 24 * 60 * 60,
  });
  return token;
}

/** Whether a form posted without a session carries the token of this browser's cookie. */
export function anonymousCsrfOk(c: Context<AppEnv>, form: Record<string, unknown>): boolean {
  const cookie = getCookie(c, anonymousCookie(c));
  return typeof cookie === 'string' && TOKEN.test(cookie) && form._csrf === cookie;
}
