import { byLanguage, inviterOf, salutation } from '#domain';
import type { Mail } from '../sender';
import { MailLayout, renderHtml } from './layout';
import { appUrlOf, LegalFooter, legalLines } from './legal';
import { oneLine, tokyoDate } from './parts';
import type { Lang } from './types';

export interface InvitationMail {
  to: string;
  organizationName: string;
  inviter: { email: string; name?: string | undefined };
  role: { ja: string; en: string; canJa: string; canEn: string };
  link: string;
  /** ISO time the link stops working. */
  expiresAt: string;
  /** The mail is written in this language alone; Japanese unless told. */
  lang?: Lang | undefined;
  /**
   * The organisation was registered by this platform's secretariat (the member import): the mail
   * says so, and that joining makes the reader the organisation's owner.
   */
  registeredBy?: { platformName: string } | undefined;
}

const TOKYO_TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Tokyo',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

const BUTTON =
  'background:#2f6f5e;color:#fff;padding:12px 20px;border-radius:6px;text-decoration:none;display:inline-block';

/**
 * An invitation to join an organisation. It is the only thing the invitee has asked for nothing
 * of, so it says who invites, to what and with which role, that nothing happens unless they press
 * the button, and that ignoring it is fine. The link signs them in (it proves the mailbox), so it
 * goes in the outbox's link lane, sealed at rest, like the sign-in link.
 */
export function invitationMail(m: InvitationMail): Mail {
  const lang = m.lang ?? 'ja';
  const t = <T,>(ja: T, en: T) => byLanguage(lang, ja, en);
  const org = oneLine(m.organizationName, 80);
  const { ja: inviterJa, en: inviterEn } = inviterOf(m.inviter);
  const inviter = t(inviterJa, inviterEn);
  // Inviting does the same work for every address (no account enumeration): no name is looked up.
  const greeting = salutation({});
  const time = TOKYO_TIME.format(new Date(m.expiresAt));
  const copy = {
    greeting: t(greeting.ja, greeting.en),
    subject: oneLine(t(`【tsunagu】「${org}」へのご招待`, `[tsunagu] Invitation to join ${org}`)),
    preheader: t(`${org}へのご招待`, `Invitation to join ${org}`),
    invites: m.registeredBy
      ? t(
          `${oneLine(m.registeredBy.platformName, 80)}の事務局が、「${org}」を会員団体として tsunagu（つなぐ）に登録しました。ご担当者として、団体の管理をお願いできればと思い、ご案内をお送りしています。`,
          `The secretariat of ${oneLine(m.registeredBy.platformName, 80)} registered “${org}” as a member on tsunagu, and invites you, as its contact person, to look after it.`,
        )
      : t(
          `${inviter}から、tsunagu（つなぐ）の団体「${org}」へのご招待が届いています。`,
          `${inviter} invites you to join “${org}” on tsunagu.`,
        ),
    role: t(`役割：${m.role.ja}`, `Role: ${m.role.en}`),
    can: t(`（${m.role.canJa}）`, ` (${m.role.canEn})`),
    how: t(
      '参加する場合は、次のリンクを開いて「参加する」ボタンを押してください。初めての方も、このリンクからそのまま登録できます（パスワードは不要です）。',
      'To join, open the link and press “Join”. New to tsunagu? The same link signs you up (no password is needed).',
    ),
    button: t('招待を確認する', 'See the invitation'),
    fallback: t(
      'ボタンが使えない場合は、このURLを開いてください',
      'If the button does not work, open this address',
    ),
    until: t(
      `このリンクは ${tokyoDate(m.expiresAt, 'ja')} ${time} まで、一度だけ使えます。`,
      `The link works once, until ${time} on ${tokyoDate(m.expiresAt, 'en')} (Japan time).`,
    ),
    ignore: t(
      '参加しない場合やお心当たりのない場合は、このメールを破棄してください。ボタンを押さない限り、何も登録されません。',
      'If you do not want to join, ignore this email: nothing is registered unless you press the button.',
    ),
    footer: m.registeredBy
      ? t(
          `このメールは、「${org}」の連絡先として事務局に届けられている ${m.to} 宛にお送りしています。`,
          `Sent to ${m.to}, the contact address of “${org}” the secretariat has on record.`,
        )
      : t(
          `このメールは ${m.to} 宛に、「${org}」の管理者 ${m.inviter.email} のご依頼によりお送りしています。`,
          `Sent to ${m.to} because ${m.inviter.email}, an owner of “${org}”, invited this address.`,
        ),
  };
  const text = [
    copy.greeting,
    '',
    copy.invites,
    `${copy.role}${copy.can}`,
    '',
    copy.how,
    '',
    m.link,
    '',
    copy.until,
    copy.ignore,
    '',
    '---',
    copy.footer,
    ...legalLines(lang, appUrlOf(m.link, '/invitations/accept')),
  ].join('\n');
  const html = renderHtml(
    <MailLayout
      title={copy.subject}
      lang={lang}
      preheader={copy.preheader}
      footer={
        <>
          {copy.footer}
          <LegalFooter lang={lang} appUrl={appUrlOf(m.link, '/invitations/accept')} />
        </>
      }
    >
      <p>{copy.greeting}</p>
      <p>{copy.invites}</p>
      <p>
        <strong>{copy.role}</strong>
        {copy.can}
      </p>
      <p>{copy.how}</p>
      <p style="margin:24px 0">
        <a href={m.link} style={BUTTON}>
          {copy.button}
        </a>
      </p>
      <p style="font-size:13px;word-break:break-all">
        {copy.fallback}: {m.link}
      </p>
      <p style="font-size:13px">
        {copy.until}
        <br />
        {copy.ignore}
      </p>
    </MailLayout>,
  );
  return { to: m.to, subject: copy.subject, text, html };
}
