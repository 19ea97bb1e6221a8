import type { Child } from 'hono/jsx';
import { byLanguage, type Kind, kindLabel } from '#domain';
import { Card, MailLayout } from './layout';
import { appUrlOf, LegalFooter, legalLines } from './legal';
import { SecretariatContact, secretariatContactLines } from './secretariat';
import type { Lang, MailFrame, OtherPosting, PostingRef, Side } from './types';

// What every platform mail shares: the reader's ONE language, Tokyo dates, buttons, cards and the
// footer (platform, why you receive this, preferences, unsubscribe, the other language). Every
// text is written in both languages here and in the templates; only the reader's reaches the
// mail (`frame.lang`), subject and plain-text part included. Copy is built as plain strings and
// only ever reaches HTML as JSX text or attributes, so hono/jsx escapes every dynamic value; the
// plain-text version is built from the same strings as arrays of lines.

export interface Bilingual {
  ja: string;
  en: string;
}

// --- language ------------------------------------------------------------------------------------

/** A heading or short label, in the reader's language. */
export function both(lang: Lang, ja: string, en: string): string {
  return byLanguage(lang, ja, en);
}

/** An action label (a button), in the reader's language. */
export function labelled(lang: Lang, ja: string, en: string): string {
  return byLanguage(lang, ja, en);
}

export function platformName(frame: MailFrame, lang: Lang): string {
  return lang === 'en' ? (frame.platform.nameEn ?? frame.platform.name) : frame.platform.name;
}

/** The platform's name in the reader's language (its Japanese name when it has no English one). */
export function platformNames(frame: MailFrame): string {
  return platformName(frame, frame.lang);
}

/** A subject on one line, in the reader's language: 【platform】ja：topic, or [platform] en: topic. */
export function subjectLine(frame: MailFrame, copy: Bilingual, topic?: string, topicMax = 40): string {
  const about = topic ? oneLine(topic, topicMax) : '';
  return oneLine(
    frame.lang === 'en'
      ? `[${platformName(frame, 'en')}] ${copy.en}${about ? `: ${about}` : ''}`
      : `【${frame.platform.name}】${copy.ja}${about ? `：${about}` : ''}`,
  );
}

/** Collapses whitespace (no line breaks may reach a header) and shortens to `max` characters. */
export function oneLine(value: string, max = Number.POSITIVE_INFINITY): string {
  const flat = value.replace(/\s+/g, ' ').trim();
  const chars = Array.from(flat);
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : flat;
}

// --- words ---------------------------------------------------------------------------------------

export function otherSide(side: Side): Side {
  return side === 'need' ? 'offer' : 'need';
}

/** What a posting of that side is called: ニーズ / need, 支援の申し出 / offer of support. */
export function sideNoun(side: Side): Bilingual {
  return side === 'need' ? { ja: 'ニーズ', en: 'need' } : { ja: '支援の申し出', en: 'offer of support' };
}

export function kindNames(kind: Kind): Bilingual {
  return { ja: kindLabel(kind, 'ja'), en: kindLabel(kind, 'en') };
}

// --- dates ---------------------------------------------------------------------------------------

const TOKYO = 'Asia/Tokyo';
const JA_DATE = new Intl.DateTimeFormat('ja-JP', {
  timeZone: TOKYO,
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  weekday: 'short',
});
const EN_DATE = new Intl.DateTimeFormat('en-GB', {
  timeZone: TOKYO,
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  weekday: 'short',
});

/** An ISO date-time is an instant; a bare YYYY-MM-DD is already a Tokyo calendar date. */
function toInstant(value: string): Date {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00+09:00`) : new Date(value);
  if (Number.isNaN(date.getTime())) throw new RangeError(`not a date: ${value}`);
  return date;
}

function partsOf(
  format: Intl.DateTimeFormat,
  value: string,
): Record<'year' | 'month' | 'day' | 'weekday', string> {
  const parts = { year: '', month: '', day: '', weekday: '' };
  for (const part of format.formatToParts(toInstant(value))) {
    if (part.type in parts) parts[part.type as keyof typeof parts] = part.value;
  }
  return parts;
}

/** The Tokyo date of an ISO date-time or YYYY-MM-DD: 2026年12月8日（火） or Tue 8 Dec 2026. */
export function tokyoDate(value: string, lang: Lang): string {
  if (lang === 'en') {
    const { year, month, day, weekday } = partsOf(EN_DATE, value);
    return `${weekday} ${day} ${month} ${year}`;
  }
  const { year, month, day, weekday } = partsOf(JA_DATE, value);
  return `${year}年${month}月${day}日（${weekday}）`;
}

export function tokyoDates(value: string): Bilingual {
  return { ja: tokyoDate(value, 'ja'), en: tokyoDate(value, 'en') };
}

/** Only web addresses become links; anything else (javascript:, data:) stays text. */
export function isWebUrl(value: string): boolean {
  return /^https?:\/\/[^\s]+$/i.test(value.trim());
}

// --- HTML pieces ---------------------------------------------------------------------------------

// Shared style strings: each is written once here, not spelled out per item.
export const STYLE = {
  lead: 'margin:0 0 4px',
  second: 'margin:0 0 16px;color:#555;font-size:14px',
  heading: 'margin:24px 0 8px;font-size:16px;color:#2f6f5e',
  name: 'margin:0;font-weight:bold',
  line: 'margin:0',
  small: 'margin:4px 0 0;font-size:13px;color:#555',
  prose: 'margin:4px 0 0;font-size:14px;white-space:pre-line',
  note: 'margin:16px 0 0;font-size:13px;color:#555',
  link: 'color:#2f6f5e',
  actions: 'margin:12px 0 16px',
  button:
    'display:inline-block;margin:0 8px 8px 0;padding:12px 20px;border-radius:6px;background:#2f6f5e;color:#fff;text-decoration:none;font-weight:bold',
  buttonQuiet:
    'display:inline-block;margin:0 8px 8px 0;padding:11px 19px;border-radius:6px;border:1px solid #2f6f5e;background:#fff;color:#2f6f5e;text-decoration:none',
} as const;

export function Button({ href, quiet, children }: { href: string; quiet?: boolean; children: Child }) {
  return (
    <a href={href} style={quiet ? STYLE.buttonQuiet : STYLE.button}>
      {children}
    </a>
  );
}

const PAIRED_STYLE = {
  normal: 'margin:0 0 16px',
  strong: 'margin:16px 0 16px;font-weight:bold',
  note: STYLE.note,
} as const;

/** A paragraph written in both languages; the reader's is the one in the mail. */
export function Paired({
  lang,
  ja,
  en,
  tone = 'normal',
}: {
  lang: Lang;
  ja: Child;
  en: Child;
  tone?: keyof typeof PAIRED_STYLE;
}) {
  return <p style={PAIRED_STYLE[tone]}>{byLanguage(lang, ja, en)}</p>;
}

export function Heading({ lang, ja, en }: { lang: Lang; ja: string; en: string }) {
  return <h2 style={STYLE.heading}>{both(lang, ja, en)}</h2>;
}

/** The other side's posting (never their contact details), and which of the reader's it answers. */
export interface PostingCardProps {
  lang: Lang;
  side: Side;
  /** Absent for the organisation that wrote without a posting of its own. */
  own?: PostingRef | undefined;
  other: OtherPosting;
  heading: Bilingual;
}

function postingCardCopy({ lang, side, own, other }: PostingCardProps) {
  const theirs = sideNoun(otherSide(side));
  const kind = kindNames(other.kind);
  const mine = sideNoun(side);
  return {
    title: other.title === undefined ? undefined : `「${other.title}」`,
    kind:
      other.title === undefined
        ? both(
            lang,
            `掲載を通さないお申し出（${kind.ja}）`,
            `Written without a posting of their own (${kind.en})`,
          )
        : both(lang, `${theirs.ja}（${kind.ja}）`, `${capitalised(theirs.en)} (${kind.en})`),
    own: own && both(lang, `貴団体の${mine.ja}：「${own.title}」`, `Your ${mine.en}: “${own.title}”`),
  };
}

export function PostingCard(props: PostingCardProps) {
  const { lang, other, heading } = props;
  const copy = postingCardCopy(props);
  return (
    <>
      <Heading lang={lang} {...heading} />
      <Card>
        <p style={STYLE.name}>{other.organizationName}</p>
        {copy.title ? <p style={STYLE.line}>{copy.title}</p> : null}
        <p style={STYLE.small}>{copy.kind}</p>
        {other.summary ? <p style={STYLE.prose}>{other.summary}</p> : null}
        {copy.own ? <p style={STYLE.small}>{copy.own}</p> : null}
      </Card>
    </>
  );
}

export function postingCardLines(props: PostingCardProps): string[] {
  const { lang, other, heading } = props;
  const copy = postingCardCopy(props);
  return [
    ...headingLines(lang, heading.ja, heading.en),
    other.organizationName,
    ...(copy.title ? [copy.title] : []),
    copy.kind,
    ...(other.summary ? [other.summary] : []),
    ...(copy.own ? [copy.own] : []),
    '',
  ];
}

function capitalised(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1);
}

/** The layout of every platform mail: the platform's name on top, its footer below. */
export function PlatformMail({
  frame,
  purpose,
  subject,
  preheader,
  children,
}: {
  frame: MailFrame;
  purpose: MailPurpose;
  subject: string;
  preheader: Bilingual;
  children: Child;
}) {
  return (
    <MailLayout
      title={subject}
      lang={frame.lang}
      brand={platformName(frame, frame.lang)}
      preheader={byLanguage(frame.lang, preheader.ja, preheader.en)}
      footer={
        <>
          <MailFooter frame={frame} purpose={purpose} />
          <LegalFooter lang={frame.lang} appUrl={appUrlOf(frame.preferencesUrl, '/preferences')} />
        </>
      }
    >
      {children}
    </MailLayout>
  );
}

// --- plain-text pieces ---------------------------------------------------------------------------

export type TextLine = string | false | null | undefined;

/** Joins lines, dropping the absent ones, and never leaves two blank lines in a row. */
export function textBody(lines: readonly TextLine[]): string {
  const kept: string[] = [];
  for (const line of lines) {
    if (typeof line !== 'string') continue;
    if (line === '' && (kept.length === 0 || kept[kept.length - 1] === '')) continue;
    kept.push(line);
  }
  while (kept[kept.length - 1] === '') kept.pop();
  return `${kept.join('\n')}\n`;
}

/** A paragraph of the plain-text part, in the reader's language, and a blank line. */
export function pairedLines(lang: Lang, ja: string, en: string): string[] {
  return [byLanguage(lang, ja, en), ''];
}

export function headingLines(lang: Lang, ja: string, en: string): string[] {
  return [`■ ${both(lang, ja, en)}`];
}

/** A link in text: its label, then the address on its own line (clients make it clickable). */
export function linkLines(label: string, url: string): string[] {
  return [`${label}:`, url];
}

// --- footer --------------------------------------------------------------------------------------

/**
 * Why the reader receives the mail: as an organisation's contact, as a digest subscriber, about
 * their organisation's membership (application, decision), or as the platform's secretariat.
 */
export type MailPurpose = 'introduction' | 'digest' | 'membership' | 'secretariat';

interface FooterCopy {
  platform: string;
  reason: Bilingual;
  links: { label: string; url: string; lang?: Lang }[];
}

/** The footer's link to the other language, in that language. */
export function switchLabel(lang: Lang): { label: string; lang: Lang } {
  return lang === 'en'
    ? { label: '日本語で表示する', lang: 'ja' }
    : { label: 'Read tsunagu in English', lang: 'en' };
}

function footerCopy(frame: MailFrame, purpose: MailPurpose): FooterCopy {
  const { lang, to } = frame;
  const ja = platformName(frame, 'ja');
  const en = platformName(frame, 'en');
  const reason: Bilingual =
    purpose === 'membership'
      ? {
          ja: `このメールは、${ja}への参加についてのお知らせとして、${frame.addressee.organizationName ?? '貴団体'}の連絡先（${to}）にお送りしています。`,
          en: `This email about membership of ${en} was sent to ${to}, a contact of ${frame.addressee.organizationName ?? 'your organisation'}.`,
        }
      : purpose === 'secretariat'
        ? {
            ja: `このメールは、${ja}の事務局の方（${to}）にお送りしています。`,
            en: `This email was sent to ${to} as a member of the secretariat of ${en}.`,
          }
        : purpose === 'digest' && frame.contactOnly
          ? {
              ja: `このメールは、${ja}の事務局が会員団体「${frame.addressee.organizationName ?? ''}」の連絡先として登録し、確認いただいた ${to} 宛にお送りしています。不要な場合は「配信停止」を押してください。`,
              en: `The secretariat of ${en} registered ${to} as the confirmed contact of the member “${frame.addressee.organizationName ?? ''}”. If you do not want these emails, press “Unsubscribe”.`,
            }
          : purpose === 'digest'
            ? {
                ja: `このメールは、${ja}の会員として週1回のお知らせの配信を希望されている方（${to}）にお送りしています。`,
                en: `You receive this weekly update from ${en} at ${to} because you asked for it as a member.`,
              }
            : frame.ownerOf !== undefined
              ? {
                  ja: `このメールは、${frame.ownerOf}の連絡先メールアドレスがまだ確認されていないため、団体の管理者である ${to} 宛にお送りしています（${ja}）。連絡先の方が確認メールのリンクを開くと、以後は連絡先にお送りします。確認メールは団体のページから再送できます。`,
                  en: `This email was sent to ${to}, an owner of ${frame.ownerOf} (${en}), because the organisation's contact address is not confirmed yet. Once the link in the confirmation mail to that address is opened, mail goes there instead; the organisation's page can send that mail again.`,
                }
              : {
                  ja: `このメールは、${ja}の会員団体の連絡先として登録されている ${to} 宛にお送りしています。`,
                  en: `This email was sent to ${to}, the registered contact of a member organisation of ${en}.`,
                };
  // An address without an account has no preferences page to go to.
  const links: FooterCopy['links'] = frame.contactOnly
    ? []
    : [{ label: both(lang, '配信設定の変更', 'Email preferences'), url: frame.preferencesUrl }];
  if (frame.unsubscribeUrl) {
    links.push({ label: both(lang, '配信停止', 'Unsubscribe'), url: frame.unsubscribeUrl });
  }
  if (frame.languageUrl) {
    // Written in the language it switches to: the reader of the other language recognises it.
    links.push({ ...switchLabel(lang), url: frame.languageUrl });
  }
  return { platform: platformNames(frame), reason, links };
}

export function MailFooter({ frame, purpose }: { frame: MailFrame; purpose: MailPurpose }) {
  const copy = footerCopy(frame, purpose);
  return (
    <>
      <p style={STYLE.name}>{copy.platform}</p>
      <p style={STYLE.line}>{byLanguage(frame.lang, copy.reason.ja, copy.reason.en)}</p>
      <p style="margin:8px 0 0">
        {copy.links.map((link, i) => (
          <>
            {i > 0 ? '　|　' : ''}
            <a href={link.url} style={STYLE.link} lang={link.lang}>
              {link.label}
            </a>
          </>
        ))}
      </p>
      <SecretariatContact frame={frame} />
    </>
  );
}

/** The same footer as plain text, so both versions say the same. */
export function footerLines(frame: MailFrame, purpose: MailPurpose): string[] {
  const copy = footerCopy(frame, purpose);
  return [
    '',
    '----------------------------------------',
    copy.platform,
    byLanguage(frame.lang, copy.reason.ja, copy.reason.en),
    ...copy.links.map((link) => `${link.label}: ${link.url}`),
    ...secretariatContactLines(frame),
    ...legalLines(frame.lang, appUrlOf(frame.preferencesUrl, '/preferences')),
  ];
}
