import { salutation } from '#domain';
import type { Mail } from '../sender';
import { MailLayout, renderHtml } from './layout';

export interface MagicLinkMail {
  to: string;
  link: string;
  minutes: number;
}

export function magicLinkMail({ to, link, minutes }: MagicLinkMail): Mail {
  const subject = 'tsunagu サインイン用リンク / Your sign-in link';
  // Asking for a link does the same work for every address, known or new (no account
  // enumeration, docs/reliability.md), so the mail knows no name: the salutation's fallback.
  const greeting = salutation({});
  const text = [
    greeting.ja,
    '',
    'tsunagu（つなぐ）をご利用いただきありがとうございます。',
    `次のリンクを${minutes}分以内に開いて、サインインを完了してください。`,
    '',
    link,
    '',
    'このリンクは一度だけ使えます。お心当たりのない場合は、このメールを破棄してください。',
    '',
    '---',
    greeting.en,
    `To sign in to tsunagu, open the link above within ${minutes} minutes.`,
    'It works once. If you did not ask for it, you can safely ignore this email.',
    '',
    `このメールは ${to} 宛に、サインインのご依頼によりお送りしています。`,
  ].join('\n');
  const html = renderHtml(
    <MailLayout
      title={subject}
      footer={
        <>
          このメールは {to} 宛に、サインインのご依頼によりお送りしています。 This email was sent to {to}{' '}
          because someone asked to sign in.
        </>
      }
    >
      <p>{greeting.ja}</p>
      <p>tsunagu（つなぐ）をご利用いただきありがとうございます。</p>
      <p>次のボタンを{minutes}分以内に押して、サインインを完了してください。</p>
      <p style="margin:24px 0">
        <a
          href={link}
          style="background:#2f6f5e;color:#fff;padding:12px 20px;border-radius:6px;text-decoration:none;display:inline-block"
        >
          サインインする / Sign in
        </a>
      </p>
      <p style="font-size:13px;word-break:break-all">
        ボタンが使えない場合は、このURLを開いてください: {link}
      </p>
      <p style="font-size:13px">
        このリンクは一度だけ使えます。お心当たりのない場合は、このメールを破棄してください。
      </p>
      <p style="font-size:13px;color:#555">
        {greeting.en} To sign in, open the link within {minutes} minutes. It works once. If you did not ask
        for it, you can safely ignore this email.
      </p>
    </MailLayout>,
  );
  return { to, subject, text, html };
}
