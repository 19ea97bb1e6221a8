import type { Child } from 'hono/jsx';
import type { Lang } from './types';

interface MailLayoutProps {
  title: string;
  children: Child;
  footer: Child;
  /** The reader's language, for `<html lang>`; Japanese unless told. */
  lang?: Lang | undefined;
  /** The line inboxes show next to the subject; hidden in the body. */
  preheader?: string | undefined;
  /** The name at the top: the platform's on platform mails, the service's otherwise. */
  brand?: string | undefined;
}

const PREHEADER = 'display:none;max-height:0;max-width:0;overflow:hidden;opacity:0;mso-hide:all';

// Mail HTML: inline styles only (mail clients drop <style>), Japanese first.
export function MailLayout({ title, children, footer, lang = 'ja', preheader, brand }: MailLayoutProps) {
  return (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
      </head>
      <body style="margin:0;padding:24px;background:#f6f5f2;font-family:'Hiragino Sans','Noto Sans JP',Meiryo,sans-serif;color:#222;line-height:1.7">
        {preheader ? <div style={PREHEADER}>{preheader}</div> : null}
        <div style="max-width:560px;margin:0 auto;background:#fff;border-radius:8px;padding:24px">
          <p style="margin:0 0 16px;font-weight:bold;color:#2f6f5e">{brand ?? 'tsunagu つなぐ'}</p>
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
