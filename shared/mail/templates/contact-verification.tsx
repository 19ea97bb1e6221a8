import { salutation } from '#domain';
import type { Mail } from '../sender';
import { MailLayout, renderHtml } from './layout';

// The one mail an unconfirmed contact address receives: a link that confirms it. Until it is
// opened, the organisation's mail goes to its owners instead (docs/mail.md).

export interface ContactVerificationMail {
  to: string;
  organizationName: string;
  /** The contact person the organisation entered with this address: the mail is addressed to them. */
  contactName?: string | undefined;
  link: string;
  days: number;
}

export function contactVerificationMail({
  to,
  organizationName,
  contactName,
  link,
  days,
}: ContactVerificationMail): Mail {
  const greeting = salutation({ organizationName, name: contactName });
  const subject = 'tsunagu 連絡先メールアドレスの確認 / Please confirm your contact address';
  const text = [
    greeting.ja,
    '',
    'tsunagu（つなぐ）をご利用いただきありがとうございます。',
    `このメールアドレスが、「${organizationName}」の連絡先として登録されました。`,
    `次のリンクを${days}日以内に開き、確認のボタンを押してください。`,
    'つながりのご提案などのメールは、確認が済むまで団体の管理者の方にお送りします。',
    '',
    link,
    '',
    'このリンクは一度だけ使えます。お心当たりのない場合は、このメールを破棄してください（このアドレスにご提案が届くことはありません）。',
    '',
    '---',
    greeting.en,
    `This address was entered as the contact of "${organizationName}" on tsunagu.`,
    `To confirm it, open the link above within ${days} days and press the button. Until then, the`,
    "organisation's mail goes to its owners. If this was not you, ignore this email: nothing will be sent here.",
    '',
    `このメールは ${to} 宛に、連絡先の登録によりお送りしています。`,
  ].join('\n');
  const html = renderHtml(
    <MailLayout
      title={subject}
      footer={
        <>
          このメールは {to} 宛に、連絡先の登録によりお送りしています。 This email was sent to {to} because it
          was entered as an organisation's contact.
        </>
      }
    >
      <p>{greeting.ja}</p>
      <p>tsunagu（つなぐ）をご利用いただきありがとうございます。</p>
      <p>
        このメールアドレスが、「{organizationName}」の連絡先として登録されました。次のボタンを{days}
        日以内に押して、確認を完了してください。
      </p>
      <p>つながりのご提案などのメールは、確認が済むまで団体の管理者の方にお送りします。</p>
      <p style="margin:24px 0">
        <a
          href={link}
          style="background:#2f6f5e;color:#fff;padding:12px 20px;border-radius:6px;text-decoration:none;display:inline-block"
        >
          連絡先を確認する / Confirm
        </a>
      </p>
      <p style="font-size:13px;word-break:break-all">
        ボタンが使えない場合は、このURLを開いてください: {link}
      </p>
      <p style="font-size:13px">
        このリンクは一度だけ使えます。お心当たりのない場合は、このメールを破棄してください（このアドレスにご提案が届くことはありません）。
      </p>
      <p style="font-size:13px;color:#555">
        {greeting.en} This address was entered as the contact of “{organizationName}”. To confirm it, open the
        link within {days} days. Until then, the organisation's mail goes to its owners. If this was not you,
        ignore this email: nothing will be sent here.
      </p>
    </MailLayout>,
  );
  return { to, subject, text, html };
}
