import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { parseAccept } from 'hono/utils/accept';
import type { Language } from '#domain';
import type { AppEnv } from '../env';

// Which language a page speaks: ONE of Japanese and English, never both. A signed-in person's
// stored choice; for a visitor the choice made with the header's switch (a cookie), else what
// the browser asks for (Accept-Language); Japanese when nothing says otherwise.

/** The other language: what the switch offers. */
export const otherLanguage = (lang: Language): Language => (lang === 'en' ? 'ja' : 'en');

/**
 * The language an Accept-Language header prefers, by its q-values: Japanese unless English is
 * preferred over Japanese (or Japanese is not acceptable and English is). `*` stands for Japanese;
 * an absent, empty or unreadable header means Japanese.
 */
export function preferredLanguage(header: string | undefined): Language {
  if (!header || header.length > 1000) return 'ja';
  let ranges: { type: string; q: number }[];
  try {
    ranges = parseAccept(header);
  } catch {
    return 'ja';
  }
  for (const { type, q } of ranges) {
    if (!(q > 0)) continue;
    const primary = type.trim().toLowerCase().split('-')[0];
    if (primary === 'en') return 'en';
    if (primary === 'ja' || primary === '*') return 'ja';
  }
  return 'ja';
}

export function languageCookie(c: Context<AppEnv>): string {
  return c.var.ctx.config.local ? 'tsunagu_lang' : '__Host-tsunagu_lang';
}

export function isLanguage(value: unknown): value is Language {
  return value === 'ja' || value === 'en';
}

/** Remembers a visitor's choice in this browser for a year. */
export function setLanguageCookie(c: Context<AppEnv>, lang: Language): void {
  setCookie(c, languageCookie(c), lang, {
    httpOnly: true,
    secure: !c.var.ctx.config.local,
    sameSite: 'Lax',
    path: '/',
    maxAge: 365 * 24 * 60 * 60,
  });
}

/**
 * This request's language: one just chosen on it (the switch answers in the new language), the
 * signed-in person's, the visitor's cookie, then Accept-Language.
 */
export function languageOf(c: Context<AppEnv>): Language {
  const chosen = c.var.chosenLanguage;
  if (chosen) return chosen;
  const person = c.var.auth?.actor.person.language;
  if (person) return person;
  const cookie = getCookie(c, languageCookie(c));
  if (isLanguage(cookie)) return cookie;
  return preferredLanguage(c.req.header('accept-language'));
}

/** Pages answer differently by these request headers: shared caches must keep them apart. */
export function varyByLanguage(c: Context<AppEnv>): void {
  c.header('vary', 'Accept-Language, Cookie', { append: true });
}

// Messages that come from the API and the domain (problem details, field errors) are written
// "日本語。 English." or "日本語 (English)"; a page shows the part in its language.
const CJK = '\\u3000-\\u30ff\\u3400-\\u9fff\\uf900-\\ufaff\\uff00-\\uffef';
const SENTENCES = new RegExp(`^([\\s\\S]*[${CJK}])\\s+([A-Z"“'‘(][^${CJK}]*)$`);
const BRACKETED = new RegExp(`^([\\s\\S]*[${CJK}])\\s*\\(([^${CJK}]+)\\)$`);

/** The part of a bilingual message in this language; the whole message when it is not one. */
export function inLanguage(lang: Language, message: string): string {
  const found = BRACKETED.exec(message) ?? SENTENCES.exec(message);
  if (!found) return message;
  return (lang === 'en' ? found[2] : found[1])!.trim();
}
