import { byLanguage, salutation } from '#domain';
import type { Mail } from '../sender';
import { MailLayout, renderHtml } from './layout';
import { appUrlOf, LegalFooter, legalLines } from './legal';
import { platformSender, SecretariatContact, secretariatContactLines } from './secretariat';
import type { Lang, MailFrame } from './types';

// The one mail an unconfirmed contact address receives: a link that confirms it. Until it is
// opened, the organisation's mail goes to its owners instead (docs/mail.md).

export interface ContactVerificationMail {
  to: string;
  organizationName: string;
  /** The contact person the organisation entered with this address: the mail is addressed to them. */
  contactName?: string | undefined;
  link: string;
  days: number;
  /** The mail is written in this language alone; Japanese unless told. */
  lang?: Lang | undefined;
  /**
   * The organisation was registered by this platform's secretariat for a group that does not
   * sign in: the mail says so, and that the platform's mail comes here once it is confirmed.
   */
  registeredBy?: { platform: MailFrame['platform'] } | undefined;
}

const BUTTON =
  'background:#2f6f5e;color:#fff;padding:12px 20px;border-radius:6px;text-decoration:none;display:inline-block';

export function contactVerificationMail({
  to,
  organizationName,
  contactName,
  link,
  days,
  lang = 'ja',
  registeredBy,
}: ContactVerificationMail): Mail {
  const t = <T,>(ja: T, en: T) => byLanguage(lang, ja, en);
  const greeting = salutation({ organizationName, name: contactName });
  const platformName = registeredBy
    ? t(registeredBy.platform.name, registeredBy.platform.nameEn ?? registeredBy.platform.name)
    : '';
  const copy = {
    greeting: t(greeting.ja, greeting.en),
    subject: registeredBy
      ? t(
          `【${platformName}】会員団体の連絡先の確認のお願い`,
          `[${platformName}] Please confirm your contact address`,
        )
      : t('tsunagu 連絡先メールアドレスの確認', 'Please confirm your contact address on tsunagu'),
    thanks: registeredBy
      ? t(
          `${platformName}の事務局より、会員団体の連絡先の確認をお願いいたします。`,
          `The secretariat of ${platformName} asks you to confirm a member's contact address.`,
        )
      : t('tsunagu（つなぐ）をご利用いただきありがとうございます。', 'Thank you for using tsunagu.'),
    entered: registeredBy
      ? t(
          `事務局で「${organizationName}」を会員団体として tsunagu（つなぐ）に登録し、このメールアドレスを連絡先といたしました。`,
          `It registered “${organizationName}” as a member on tsunagu, with this address as its contact.`,
        )
      : t(
          `このメールアドレスが、「${organizationName}」の連絡先として登録されました。`,
          `This address was entered as the contact of “${organizationName}” on tsunagu.`,
        ),
    open: t(
      `次のリンクを${days}日以内に開き、確認のボタンを押してください。`,
      `To confirm it, open the link below within ${days} days and press the button.`,
    ),
    press: t(
      `次のボタンを${days}日以内に押して、確認を完了してください。`,
      `To confirm it, press the button within ${days} days.`,
    ),
    until: registeredBy
      ? t(
          '確認が済むと、週1回のお知らせ、つながりのご提案、会員についてのご連絡を、このアドレスにお送りします。つながりのご提案を双方が承諾したときは、担当者名とこのアドレスを相手の団体にお知らせします。サインインやパスワードは必要ありません。',
          'Once it is confirmed, the weekly news, introductions and membership mail come to this address; when both sides accept an introduction, the contact name and this address are given to the partner. No account or password is needed.',
        )
      : t(
          'つながりのご提案などのメールは、確認が済むまで団体の管理者の方にお送りします。',
          "Until then, the organisation's mail goes to its owners.",
        ),
    button: t('連絡先を確認する', 'Confirm'),
    fallback: t(
      'ボタンが使えない場合は、このURLを開いてください',
      'If the button does not work, open this address',
    ),
    once: registeredBy
      ? t(
          'このリンクは一度だけ使えます。お心当たりのない場合や、登録の内容に誤りがある場合は、下記の事務局までご連絡ください。確認されない限り、このアドレスにメールをお送りすることはありません。',
          'It works once. If you do not recognise this, or something is wrong, please contact the secretariat below. Nothing is sent here unless the address is confirmed.',
        )
      : t(
          'このリンクは一度だけ使えます。お心当たりのない場合は、このメールを破棄してください（このアドレスにご提案が届くことはありません）。',
          'It works once. If this was not you, ignore this email: nothing will be sent here.',
        ),
    footer: registeredBy
      ? t(
          `このメールは、「${organizationName}」の連絡先として事務局に届けられている ${to} 宛にお送りしています。`,
          `Sent to ${to}, the contact address of “${organizationName}” the secretariat has on record.`,
        )
      : t(
          `このメールは ${to} 宛に、連絡先の登録によりお送りしています。`,
          `This email was sent to ${to} because it was entered as an organisation's contact.`,
        ),
  };
  const text = [
    copy.greeting,
    '',
    copy.thanks,
    copy.entered,
    copy.open,
    copy.until,
    '',
    link,
    '',
    copy.once,
    '',
    '---',
    copy.footer,
    ...(registeredBy ? secretariatContactLines({ platform: registeredBy.platform, lang }) : []),
    ...legalLines(lang, appUrlOf(link, '/contact/verify')),
  ].join('\n');
  const html = renderHtml(
    <MailLayout
      title={copy.subject}
      lang={lang}
      footer={
        <>
          {copy.footer}
          {registeredBy ? <SecretariatContact frame={{ platform: registeredBy.platform, lang }} /> : null}
          <LegalFooter lang={lang} appUrl={appUrlOf(link, '/contact/verify')} />
        </>
      }
    >
      <p>{copy.greeting}</p>
      <p>{copy.thanks}</p>
      <p>
        {copy.entered}
        {lang === 'en' ? ' ' : ''}
        {copy.press}
      </p>
      <p>{copy.until}</p>
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
  // A secretariat's registration comes from the secretariat: its name, and replies reach it.
  return {
    to,
    subject: copy.subject,
    text,
    html,
    ...(registeredBy ? platformSender({ platform: registeredBy.platform, lang }) : {}),
  };
}
