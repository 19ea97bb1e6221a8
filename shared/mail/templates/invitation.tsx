import { inviterOf, salutation } from '#domain';
import type { Mail } from '../sender';
import { MailLayout, renderHtml } from './layout';
import { oneLine, tokyoDate } from './parts';

export interface InvitationMail {
  to: string;
  organizationName: string;
  inviter: { email: string; name?: string | undefined };
  role: { ja: string; en: string; canJa: string; canEn: string };
  link: string;
  /** ISO time the link stops working. */
  expiresAt: string;
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
 * the button, and that ignoring it is fine. The link signs them in (it proves the mailbox), so the
 * mail is sent directly like the sign-in link, never stored in the outbox.
 */
export function invitationMail(m: InvitationMail): Mail {
  const org = oneLine(m.organizationName, 80);
  const { ja: inviter, en: inviterEn } = inviterOf(m.inviter);
  const greeting = salutation({});
  const time = TOKYO_TIME.format(new Date(m.expiresAt));
  const until = {
    ja: `${tokyoDate(m.expiresAt, 'ja')} ${time}`,
    en: `${time} on ${tokyoDate(m.expiresAt, 'en')} (Japan time)`,
  };
  const subject = oneLine(`【tsunagu】「${org}」へのご招待 / Invitation to join ${org}`);
  const lines = {
    invites: `${inviter}から、tsunagu（つなぐ）の団体「${org}」へのご招待が届いています。`,
    role: `役割：${m.role.ja}（${m.role.canJa}）`,
    how: '参加する場合は、次のリンクを開いて「参加する」ボタンを押してください。初めての方も、このリンクからそのまま登録できます（パスワードは不要です）。',
    until: `このリンクは ${until.ja} まで、一度だけ使えます。`,
    ignore:
      '参加しない場合やお心当たりのない場合は、このメールを破棄してください。ボタンを押さない限り、何も登録されません。',
    en: [
      `${inviterEn} invites you to join "${org}" on tsunagu as ${m.role.en} (${m.role.canEn}).`,
      `To join, open the link and press "Join". It works once, until ${until.en}; no password is needed.`,
      'If you do not want to join, ignore this email: nothing is registered unless you press the button.',
    ],
    footer: `このメールは ${m.to} 宛に、「${org}」の管理者 ${m.inviter.email} のご依頼によりお送りしています。`,
    footerEn: `Sent to ${m.to} because ${m.inviter.email}, an owner of "${org}", invited this address.`,
  };
  const text = [
    greeting.ja,
    '',
    lines.invites,
    lines.role,
    '',
    lines.how,
    '',
    m.link,
    '',
    lines.until,
    lines.ignore,
    '',
    '---',
    greeting.en,
    ...lines.en,
    '',
    lines.footer,
    lines.footerEn,
  ].join('\n');
  const html = renderHtml(
    <MailLayout
      title={subject}
      preheader={`${org}へのご招待 / Invitation to join ${org}`}
      footer={
        <>
          {lines.footer} {lines.footerEn}
        </>
      }
    >
      <p>{greeting.ja}</p>
      <p>{lines.invites}</p>
      <p>
        <strong>役割：{m.role.ja}</strong>（{m.role.canJa}）
      </p>
      <p>{lines.how}</p>
      <p style="margin:24px 0">
        <a href={m.link} style={BUTTON}>
          招待を確認する / See the invitation
        </a>
      </p>
      <p style="font-size:13px;word-break:break-all">
        ボタンが使えない場合は、このURLを開いてください: {m.link}
      </p>
      <p style="font-size:13px">
        {lines.until}
        <br />
        {lines.ignore}
      </p>
      <p style="font-size:13px;color:#555" lang="en">
        {greeting.en} {lines.en.join(' ')}
      </p>
    </MailLayout>,
  );
  return { to: m.to, subject, text, html };
}
