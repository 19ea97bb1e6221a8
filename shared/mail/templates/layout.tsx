import type { Child } from 'hono/jsx';

// Mail HTML: inline styles only (mail clients drop <style>), Japanese first.
export function MailLayout({ title, children, footer }: { title: string; children: Child; footer: Child }) {
  return (
    <html lang="ja">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
      </head>
      <body style="margin:0;padding:24px;background:#f6f5f2;font-family:'Hiragino Sans','Noto Sans JP',Meiryo,sans-serif;color:#222;line-height:1.7">
        <div style="max-width:560px;margin:0 auto;background:#fff;border-radius:8px;padding:24px">
          <p style="margin:0 0 16px;font-weight:bold;color:#2f6f5e">tsunagu つなぐ</p>
          {children}
          <hr style="border:none;border-top:1px solid #ddd;margin:24px 0 12px" />
          <div style="font-size:12px;color:#666">{footer}</div>
        </div>
      </body>
    </html>
  );
}

export function renderHtml(node: { toString(): string | Promise<string> }): string {
  const html = node.toString();
  if (typeof html !== 'string') throw new Error('mail templates must be synchronous');
  return `<!doctype html>${html}`;
}
