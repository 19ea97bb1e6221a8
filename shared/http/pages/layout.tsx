import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { ASSETS } from './assets';
import { inLanguage, otherLanguage } from './language';
import { useT, useView } from './view';

// Every page speaks ONE language, the view's (Japanese unless the person or visitor chose
// English), with a switch to the other in the header; one stylesheet and one small script from
// /assets (the CSP allows nothing inline); a navigation that follows whether someone is signed in.
// Works without JavaScript.

export function Page({ title, titleEn, children }: { title: string; titleEn?: string; children: Child }) {
  const { auth, csrf, path, lang } = useView();
  const t = useT();
  const nav = auth
    ? [
        ['/', 'ホーム', 'Home'],
        ['/matches', 'つながりのご提案', 'Introductions'],
        ['/platforms', 'プラットフォーム', 'Platforms'],
        ['/preferences', '配信設定', 'Email'],
      ]
    : [
        ['/', 'ホーム', 'Home'],
        ['/platforms', 'プラットフォーム', 'Platforms'],
      ];
  return (
    <>
      {raw('<!doctype html>')}
      <html lang={lang}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{t(title, titleEn ?? title)} | tsunagu つなぐ</title>
          <link rel="icon" href="data:," />
          <link rel="stylesheet" href={ASSETS.css} />
          <script src={ASSETS.js} defer />
        </head>
        <body>
          <a class="skip" href="#main">
            {t('本文へ移動', 'Skip to content')}
          </a>
          <header class="site">
            <a class="brand" href="/">
              {t('つなぐ', 'tsunagu')}
            </a>
            <nav aria-label={t('メインメニュー', 'Main')}>
              <ul>
                {nav.map(([href, ja, en]) => (
                  <li>
                    <a href={href} aria-current={path === href ? 'page' : undefined}>
                      {t(ja, en)}
                    </a>
                  </li>
                ))}
                {auth ? (
                  <li>
                    <form method="post" action="/auth/sign-out" class="inline">
                      <input type="hidden" name="_csrf" value={csrf} />
                      <button type="submit" class="link">
                        {t('サインアウト', 'Sign out')}
                      </button>
                    </form>
                  </li>
                ) : (
                  <li>
                    <a href="/auth/sign-in">{t('サインイン', 'Sign in')}</a>
                  </li>
                )}
                <li>
                  <LanguageSwitch />
                </li>
              </ul>
            </nav>
          </header>
          <main id="main">{children}</main>
          <footer class="site">
            <p>
              {t(
                'つなぐ — 孤独・孤立対策官民連携プラットフォームのためのマッチング',
                'tsunagu — matchmaking for public-private platforms against loneliness and isolation',
              )}
            </p>
            <LegalLinks />
          </footer>
        </body>
      </html>
    </>
  );
}

/** The footer's links to the terms, the privacy notice and (signed in) one's account. */
export function LegalLinks() {
  const { auth } = useView();
  const t = useT();
  return (
    <p class="legal-links">
      <a href="/terms">{t('利用規約', 'Terms of use')}</a>
      {t(' ・ ', ' · ')}
      <a href="/privacy">{t('プライバシーポリシー', 'Privacy notice')}</a>
      {auth ? (
        <>
          {t(' ・ ', ' · ')}
          <a href="/account">{t('アカウント', 'Your account')}</a>
        </>
      ) : null}
    </p>
  );
}

/**
 * The other language, one press away: a form (no JavaScript needed, nothing inline) that stores
 * the choice (a signed-in person's setting, a visitor's cookie) and comes back to this page.
 */
export function LanguageSwitch() {
  const { csrf, here, lang } = useView();
  const other = otherLanguage(lang);
  return (
    <form method="post" action="/language" class="inline">
      <input type="hidden" name="_csrf" value={csrf} />
      <input type="hidden" name="lang" value={other} />
      <input type="hidden" name="next" value={here} />
      <button type="submit" class="link" lang={other}>
        {other === 'en' ? 'English' : '日本語'}
      </button>
    </form>
  );
}

/** A heading in the view's language. */
export function Title({ ja, en, level = 1 }: { ja: string; en: string; level?: 1 | 2 | 3 }) {
  const inner = useT()(ja, en);
  return level === 1 ? <h1>{inner}</h1> : level === 2 ? <h2>{inner}</h2> : <h3>{inner}</h3>;
}

/** Text in the view's language: the Japanese or the English version, never both. */
export function Bi({ ja, en }: { ja: Child; en: Child }) {
  return <>{useT()(ja, en)}</>;
}

/**
 * A short message at the top of a page: saved, sent, or something to fix. A message from the API
 * (written "日本語。 English.") shows the part in the page's language.
 */
export function Notice({ kind = 'ok', children: given }: { kind?: 'ok' | 'error'; children: Child }) {
  const { lang } = useView();
  const children = typeof given === 'string' ? inLanguage(lang, given) : given;
  return kind === 'error' ? (
    <div class="notice error" role="alert">
      {children}
    </div>
  ) : (
    <div class="notice ok" role="status">
      {children}
    </div>
  );
}

/** A table's header row, each column in the view's language. */
export function TableHead({ columns }: { columns: readonly (readonly [ja: string, en: string])[] }) {
  return (
    <thead>
      <tr>
        {columns.map(([ja, en]) => (
          <th scope="col">
            <Bi ja={ja} en={en} />
          </th>
        ))}
      </tr>
    </thead>
  );
}
