import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';

// The doctype keeps browsers out of quirks mode; JSX cannot spell it, so it goes in raw.
export function Page({ title, children }: { title: string; children: Child }) {
  return (
    <>
      {raw('<!doctype html>')}
      <html lang="ja">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{title} | tsunagu つなぐ</title>
          <style>{`body{font-family:'Hiragino Sans','Noto Sans JP',Meiryo,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.8;color:#222}
button{font:inherit;padding:.6rem 1.2rem;border-radius:6px;border:none;background:#2f6f5e;color:#fff;cursor:pointer}
button:focus-visible,input:focus-visible{outline:3px solid #e0a100;outline-offset:2px}
input{font:inherit;padding:.5rem;width:100%;max-width:24rem;box-sizing:border-box}
.note{color:#555;font-size:.9rem}.error{color:#a40000}`}</style>
        </head>
        <body>
          <header>
            <p>
              <a href="/">tsunagu つなぐ</a>
            </p>
          </header>
          <main>{children}</main>
        </body>
      </html>
    </>
  );
}
