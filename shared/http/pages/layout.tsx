import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { ASSETS } from './assets';
import { useView } from './view';

// Every page: Japanese first (lang="ja"), English beside it in smaller type; one stylesheet and
// one small script from /assets (the CSP allows nothing inline); a navigation that follows
// whether someone is signed in. Works without JavaScript.

export function Page({ title, titleEn, children }: { title: string; titleEn?: string; children: Child }) {
  const { auth, csrf, path } = useView();
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
      <html lang="ja">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{titleEn ? `${title} / ${titleEn}` : title} | tsunagu つなぐ</title>
          <link rel="icon" href="data:," />
          <link rel="stylesheet" href={ASSETS.css} />
          <script src={ASSETS.js} defer />
        </head>
        <body>
          <a class="skip" href="#main">
            本文へ移動 / Skip to content
          </a>
          <header class="site">
            <a class="brand" href="/">
              つなぐ <span lang="en">tsunagu</span>
            </a>
            <nav aria-label="メインメニュー / Main">
              <ul>
                {nav.map(([href, ja, en]) => (
                  <li>
                    <a href={href} aria-current={path === href ? 'page' : undefined}>
                      {ja}{' '}
                      <span class="en" lang="en">
                        {en}
                      </span>
                    </a>
                  </li>
                ))}
                {auth ? (
                  <li>
                    <form method="post" action="/auth/sign-out" class="inline">
                      <input type="hidden" name="_csrf" value={csrf} />
                      <button type="submit" class="link">
                        サインアウト{' '}
                        <span class="en" lang="en">
                          Sign out
                        </span>
                      </button>
                    </form>
                  </li>
                ) : (
                  <li>
                    <a href="/auth/sign-in">
                      サインイン{' '}
                      <span class="en" lang="en">
                        Sign in
                      </span>
                    </a>
                  </li>
                )}
              </ul>
            </nav>
          </header>
          <main id="main">{children}</main>
          <footer class="site">
            <p>
              つなぐ — 孤独・孤立対策官民連携プラットフォームのためのマッチング
              <br />
              <span lang="en">Matchmaking for public-private platforms against loneliness and isolation</span>
            </p>
          </footer>
        </body>
      </html>
    </>
  );
}

/** A heading in Japanese with its English beside it. */
export function Title({ ja, en, level = 1 }: { ja: string; en: string; level?: 1 | 2 | 3 }) {
  const inner = (
    <>
      {ja}{' '}
      <span class="en" lang="en">
        {en}
      </span>
    </>
  );
  return level === 1 ? <h1>{inner}</h1> : level === 2 ? <h2>{inner}</h2> : <h3>{inner}</h3>;
}

/** Japanese text with its English beside it, smaller. */
export function Bi({ ja, en }: { ja: Child; en: Child }) {
  return (
    <>
      {ja}{' '}
      <span class="en" lang="en">
        {en}
      </span>
    </>
  );
}

/** A short message at the top of a page: saved, sent, or something to fix. */
export function Notice({ kind = 'ok', children }: { kind?: 'ok' | 'error'; children: Child }) {
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

/** A table's header row: each column in Japanese with its English beside it. */
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
