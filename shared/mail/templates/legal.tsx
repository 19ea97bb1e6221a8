import { byLanguage } from '#domain';
import type { Lang } from './types';

// The terms of use and the privacy notice, linked from the foot of every mail (a small part of
// its own: the platform mails' footer and the link mails' footers both end with it). The app's
// address is read from one of the mail's own links to it, so no template needs another input.

const STYLE = 'margin:8px 0 0;font-size:12px;color:#666';
const LINK = 'color:#666;text-decoration:underline';

/** The app's URL from a link of the mail to one of its pages (`${appUrl}${path}…`). */
export function appUrlOf(link: string, path: string): string {
  const at = link.indexOf(path);
  return at > 0 ? link.slice(0, at) : new URL(link).origin;
}

function legalLinks(lang: Lang, appUrl: string) {
  return [
    { label: byLanguage(lang, '利用規約', 'Terms of use'), url: `${appUrl}/terms` },
    { label: byLanguage(lang, 'プライバシーポリシー', 'Privacy notice'), url: `${appUrl}/privacy` },
  ];
}

export function LegalFooter({ lang, appUrl }: { lang: Lang; appUrl: string }) {
  return (
    <p style={STYLE}>
      {legalLinks(lang, appUrl).map((link, i) => (
        <>
          {i > 0 ? '　|　' : ''}
          <a href={link.url} style={LINK}>
            {link.label}
          </a>
        </>
      ))}
    </p>
  );
}

/** The same links in the plain-text part. */
export function legalLines(lang: Lang, appUrl: string): string[] {
  return legalLinks(lang, appUrl).map((link) => `${link.label}: ${link.url}`);
}
