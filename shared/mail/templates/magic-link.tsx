import { byLanguage, salutation } from '#domain';
import type { Mail } from '../sender';
import { MailLayout, renderHtml } from './layout';
import { appUrlOf, LegalFooter, legalLines } from './legal';
import type { Lang } from './types';

export interface MagicLinkMail {
  to: string;
  link: string;
  minutes: number;
  /** The language of the page it was asked from: the mail is written in it alone. */
  lang?: Lang | undefined;
}

const BUTTON =
  'background:#2f6f5e;color:#fff;padding:12px 20px;border-radius:6px;text-decoration:none;display:inline-block';

export function magicLinkMail({ to, link, minutes, lang = 'ja' }: MagicLinkMail): Mail {
  const t = <T,>(ja: T, en: T) => byLanguage(lang, ja, en);
  // Asking for a link does the same work for every address, known or new (no account
  // enumeration, docs/reliability.md), so the mail knows no name: the salutation's fallback.
  const greeting = salutation({});
  const copy = {
    greeting: t(greeting.ja, greeting.en),
    subject: t('tsunagu サインイン用リンク', 'Your tsunagu sign-in link'),
    thanks: t('tsunagu（つなぐ）をご利用いただきありがとうございます。', 'Thank you for using tsunagu.'),
    open: t(
      `次のリンクを${minutes}分以内に開いて、サインインを完了してください。`,
      `To sign in, open the link below within ${minutes} minutes.`,
    ),
    press: t(
      `次のボタンを${minutes}分以内に押して、サインインを完了してください。`,
      `To sign in, press the button within ${minutes} minutes.`,
    ),
    button: t('サインインする', 'Sign in'),
    fallback: t(
      'ボタンが使えない場合は、このURLを開いてください',
      'If the button does not work, open this address',
    ),
    once: t(
      'このリンクは一度だけ使えます。お心当たりのない場合は、このメールを破棄してください。',
      'It works once. If you did not ask for it, you can safely ignore this email.',
    ),
    footer: t(
      `このメールは ${to} 宛に、サインインのご依頼によりお送りしています。`,
      `This email was sent to ${to} because someone asked to sign in.`,
    ),
  };
  const text = [
    copy.greeting,
    '',
    copy.thanks,
    copy.open,
    '',
    link,
    '',
    copy.once,
    '',
    '---',
    copy.footer,
    ...legalLines(lang, appUrlOf(link, '/auth/verify')),
  ].join('\n');
  const html = renderHtml(
    <MailLayout
      title={copy.subject}
      lang={lang}
      footer={
        <>
          {copy.footer}
          <LegalFooter lang={lang} appUrl={appUrlOf(link, '/auth/verify')} />
        </>
      }
    >
      <p>{copy.greeting}</p>
      <p>{copy.thanks}</p>
      <p>{copy.press}</p>
      <p style="margin:24px 0">
        <a href={link} style={BUTTON}>
          {copy.button}
        </a>
      </p>
      <p style="font-size:13px;word-break:break-all">
        {copy.fallback}: {link}
      </p>
      <p style="font-size:13px">{copy.once}</p>
    </MailLayout>,
  );
  return { to, subject: copy.subject, text, html };
}
