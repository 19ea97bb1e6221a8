import { raw } from 'hono/html';
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

/** The column's width: the inner table's max-width, and its fixed width in Outlook. */
export const MAIL_WIDTH = 600;

const FONT = 'Hiragino Sans,Noto Sans JP,Meiryo,sans-serif';
const PREHEADER = 'display:none;max-height:0;overflow:hidden;opacity:0;mso-hide:all';

// Outlook on Windows draws mail with Word, which ignores max-width and centring on a div: the
// column is a table (every client knows tables), at most MAIL_WIDTH wide where max-width works,
// and in Outlook wrapped in a table of exactly that width that only Outlook sees (conditional
// comments). These strings are constant: no data ever goes through raw().
const MSO_OPEN = raw(
  `<!--[if mso]><table role="presentation" align="center" width="${MAIL_WIDTH}" cellpadding="0" cellspacing="0" border="0"><tr><td width="${MAIL_WIDTH}"><![endif]-->`,
);
const MSO_CLOSE = raw('<!--[if mso]></td></tr></table><![endif]-->');
/** Word does not pass a cell's font on to the paragraphs in it: Outlook gets it said once more. */
const MSO_FONT = raw(
  '<!--[if mso]><style>table,td,p,a,h2,span{font-family:Meiryo,sans-serif;}</style><![endif]-->',
);

/** A table that only lays out (role="presentation": screen readers read it as text). */
function LayoutTable({ style, children }: { style?: string; children: Child }) {
  return (
    <table role="presentation" width="100%" cellpadding={0} cellspacing={0} border={0} style={style}>
      {children}
    </table>
  );
}

// Mail HTML: inline styles only (most clients drop <style>; Outlook's own block above is the
// exception it reads), tables for the layout, in the reader's one language.
export function MailLayout({ title, children, footer, lang = 'ja', preheader, brand }: MailLayoutProps) {
  return (
    <html lang={lang} dir="ltr">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="x-apple-disable-message-reformatting" />
        <title>{title}</title>
        {MSO_FONT}
      </head>
      <body style={`margin:0;padding:0;background:#f6f5f2;font-family:${FONT};color:#222;line-height:1.7`}>
        {preheader ? <div style={PREHEADER}>{preheader}</div> : null}
        <LayoutTable style="background:#f6f5f2">
          <tr>
            <td align="center" style="padding:24px 8px">
              {MSO_OPEN}
              <LayoutTable
                style={`max-width:${MAIL_WIDTH}px;margin:0 auto;background:#fff;border-radius:8px`}
              >
                <tr>
                  <td style={`padding:24px 24px 0;font-family:${FONT};color:#222;line-height:1.7`}>
                    <p style="margin:0 0 16px;font-weight:bold;color:#2f6f5e">
                      {brand ?? (lang === 'en' ? 'tsunagu' : 'tsunagu つなぐ')}
                    </p>
                    {children}
                  </td>
                </tr>
                <tr>
                  <td style="padding:24px">
                    <LayoutTable>
                      <tr>
                        <td
                          style={`border-top:1px solid #ddd;padding-top:12px;font-family:${FONT};font-size:12px;line-height:1.6;color:#666`}
                        >
                          {footer}
                        </td>
                      </tr>
                    </LayoutTable>
                  </td>
                </tr>
              </LayoutTable>
              {MSO_CLOSE}
            </td>
          </tr>
        </LayoutTable>
      </body>
    </html>
  );
}

/** A boxed block in the column (a posting, a contact): a table cell, so Outlook keeps its padding and border. */
export function Card({ children }: { children: Child }) {
  return (
    <LayoutTable style="margin:12px 0 16px">
      <tr>
        <td style="padding:12px 16px;border:1px solid #e4e0d8;border-radius:6px;background:#fbfaf7">
          {children}
        </td>
      </tr>
    </LayoutTable>
  );
}

export function renderHtml(node: { toString(): string | Promise<string> }): string {
  const html = node.toString();
  if (typeof html !== 'string') throw new Error('mail templates must be synchronous');
  return `<!doctype html>${html}`;
}
