import { salutation } from '#domain';
import type { Mail } from '../sender';
import { renderHtml } from './layout';
import {
  both,
  footerLines,
  Heading,
  headingLines,
  kindNames,
  Paired,
  PlatformMail,
  pairedLines,
  platformName,
  STYLE,
  subjectLine,
  type TextLine,
  textBody,
  tokyoDate,
  tokyoDates,
} from './parts';
import type { DigestMailInput, DigestMatch, DigestNews, DigestPosting, Lang } from './types';

// The weekly digest goes to every member: one style string per role, shared by all items.
const ITEM = 'margin:0 0 12px';
const META = 'font-size:13px;color:#555';

interface PostingSection {
  heading: { ja: string; en: string };
  postings: DigestPosting[];
  more: number;
  moreUrl: string;
}

// One mail per member per week; a section appears only when it has something in it.
export function digestMail(input: DigestMailInput): Mail {
  const { lang, week } = input;
  const subject = subjectLine(input, { ja: '今週のお知らせ', en: "This week's update" }, week.label);
  const weekEn = `${tokyoDate(week.start, 'en')} – ${tokyoDate(week.end, 'en')}`;
  const copy = {
    greeting: salutation(input.addressee),
    intro: {
      ja: `${platformName(input, 'ja')}の今週のお知らせ（${week.label}）をお届けします。`,
      en: `Here is this week's update from ${platformName(input, 'en')} (${weekEn}).`,
    },
    pending: { ja: 'ご回答をお待ちしているご提案', en: 'Proposals awaiting your reply' },
    news: { ja: '事務局からのお知らせ・イベント', en: 'News and events from the secretariat' },
    closing: {
      ja: '今週も、地域の支え合いにご協力いただきありがとうございます。',
      en: 'Thank you for all you do to help people in our communities support one another.',
    },
  };
  const sections: PostingSection[] = [
    {
      heading: { ja: '新しいニーズ', en: 'New needs' },
      postings: input.newNeeds,
      more: input.moreNeeds,
      moreUrl: input.needsUrl,
    },
    {
      heading: { ja: '新しい支援の申し出', en: 'New offers of support' },
      postings: input.newOffers,
      more: input.moreOffers,
      moreUrl: input.offersUrl,
    },
  ].filter((s) => s.postings.length > 0 || s.more > 0);
  const { pendingMatches, news } = input;

  const text = textBody([
    ...pairedLines(lang, copy.greeting.ja, copy.greeting.en),
    ...pairedLines(lang, copy.intro.ja, copy.intro.en),
    ...(pendingMatches.length > 0
      ? [
          ...headingLines(lang, copy.pending.ja, copy.pending.en),
          ...pendingMatches.flatMap((m) => matchLines(m, lang)),
        ]
      : []),
    ...sections.flatMap((s) => [
      ...headingLines(lang, s.heading.ja, s.heading.en),
      ...s.postings.flatMap((p) => postingLines(p, lang)),
      ...(s.more > 0 ? [`${moreLabel(s.more, lang)}: ${s.moreUrl}`, ''] : []),
    ]),
    ...(news.length > 0
      ? [...headingLines(lang, copy.news.ja, copy.news.en), ...news.flatMap((n) => newsLines(n, lang))]
      : []),
    '',
    ...pairedLines(lang, copy.closing.ja, copy.closing.en),
    ...footerLines(input, 'digest'),
  ]);

  const html = renderHtml(
    <PlatformMail frame={input} purpose="digest" subject={subject} preheader={preheader(input)}>
      <Paired lang={lang} {...copy.greeting} />
      <Paired lang={lang} {...copy.intro} />
      {pendingMatches.length > 0 ? (
        <>
          <Heading lang={lang} {...copy.pending} />
          {pendingMatches.map((m) => (
            <PendingMatch match={m} lang={lang} />
          ))}
        </>
      ) : null}
      {sections.map((s) => (
        <>
          <Heading lang={lang} {...s.heading} />
          {s.postings.map((p) => (
            <Posting posting={p} lang={lang} />
          ))}
          {s.more > 0 ? (
            <p style={ITEM}>
              <a href={s.moreUrl} style={STYLE.link}>
                {moreLabel(s.more, lang)}
              </a>
            </p>
          ) : null}
        </>
      ))}
      {news.length > 0 ? (
        <>
          <Heading lang={lang} {...copy.news} />
          {news.map((n) => (
            <News news={n} lang={lang} />
          ))}
        </>
      ) : null}
      <Paired lang={lang} tone="note" {...copy.closing} />
    </PlatformMail>,
  );
  return { to: input.to, subject, text, html };
}

function moreLabel(count: number, lang: Lang): string {
  return both(lang, `ほか ${count} 件`, `and ${count} more`);
}

function matchMeta(match: DigestMatch, lang: Lang): { posting: string; respondBy: string } {
  return {
    posting: both(lang, `貴団体の投稿：「${match.own.title}」`, `Your posting: “${match.own.title}”`),
    respondBy: `${both(lang, '回答期限：', 'Reply by: ')}${tokyoDate(match.respondBy, lang)}`,
  };
}

function PendingMatch({ match, lang }: { match: DigestMatch; lang: Lang }) {
  const meta = matchMeta(match, lang);
  return (
    <p style={ITEM}>
      <a href={match.url} style={STYLE.link}>
        {match.other.organizationName}
        {match.other.title === undefined ? '' : `「${match.other.title}」`}
      </a>
      <br />
      <span style={META}>
        {meta.posting}
        <br />
        {meta.respondBy}
      </span>
    </p>
  );
}

function matchLines(match: DigestMatch, lang: Lang): string[] {
  const meta = matchMeta(match, lang);
  return [
    `・${match.other.organizationName}${match.other.title === undefined ? '' : `「${match.other.title}」`}`,
    `  ${meta.posting}`,
    `  ${meta.respondBy}`,
    `  ${match.url}`,
    '',
  ];
}

/** The mark of a posting near the reader's own work, e.g. 【貴団体の活動分野・活動地域】. */
export function relevanceMark(posting: DigestPosting, lang: Lang): string | undefined {
  const r = posting.relevance;
  if (!r || (!r.field && !r.area)) return undefined;
  if (r.field && r.area) return both(lang, '【貴団体の活動分野・活動地域】', '[Your field and area]');
  return r.field
    ? both(lang, '【貴団体の活動分野】', '[Your field]')
    : both(lang, '【貴団体の活動地域】', '[Your area]');
}

const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The mark of an open call, e.g. 【公募・締切 12月9日】. */
export function openCallMark(posting: DigestPosting, lang: Lang): string | undefined {
  if (!posting.openCallDeadline) return undefined;
  const [, month = 1, day = 1] = posting.openCallDeadline.split('-').map(Number);
  return both(
    lang,
    `【公募・締切 ${month}月${day}日】`,
    `[Open call, closes ${day} ${EN_MONTHS[month - 1]}]`,
  );
}

function postingMeta(posting: DigestPosting, lang: Lang): string {
  return [
    openCallMark(posting, lang),
    relevanceMark(posting, lang),
    posting.organizationName,
    posting.place,
    kindNames(posting.kind)[lang],
  ]
    .filter(Boolean)
    .join(' | ');
}

function Posting({ posting, lang }: { posting: DigestPosting; lang: Lang }) {
  return (
    <p style={ITEM}>
      <a href={posting.url} style={STYLE.link}>
        {posting.title}
      </a>
      <br />
      <span style={META}>{postingMeta(posting, lang)}</span>
    </p>
  );
}

function postingLines(posting: DigestPosting, lang: Lang): string[] {
  return [`・${posting.title}`, `  ${postingMeta(posting, lang)}`, `  ${posting.url}`, ''];
}

function newsTag(news: DigestNews, lang: Lang): string | undefined {
  if (news.kind !== 'event') return undefined;
  const label = both(lang, 'イベント', 'Event');
  if (!news.eventDate) return `【${label}】`;
  const day = tokyoDates(news.eventDate);
  return `【${label}】${both(lang, day.ja, day.en)}`;
}

function News({ news, lang }: { news: DigestNews; lang: Lang }) {
  const tag = newsTag(news, lang);
  return (
    <div style={ITEM}>
      {tag ? <p style={`${STYLE.line};${META}`}>{tag}</p> : null}
      <p style={STYLE.name}>
        {news.url ? (
          <a href={news.url} style={STYLE.link}>
            {news.title}
          </a>
        ) : (
          news.title
        )}
      </p>
      <p style={STYLE.prose}>{news.body}</p>
    </div>
  );
}

function newsLines(news: DigestNews, lang: Lang): TextLine[] {
  const tag = newsTag(news, lang);
  return [
    tag && `・${tag}`,
    tag ? `  ${news.title}` : `・${news.title}`,
    ...news.body.split(/\r?\n/).map((line) => `  ${line}`),
    news.url && `  ${news.url}`,
    '',
  ];
}

/** The counts, for the line inboxes show under the subject. */
function preheader(input: DigestMailInput): { ja: string; en: string } {
  const counts = [
    { n: input.pendingMatches.length, ja: 'ご回答待ちのご提案', en: 'Awaiting your reply' },
    { n: input.newNeeds.length + input.moreNeeds, ja: '新しいニーズ', en: 'New needs' },
    { n: input.newOffers.length + input.moreOffers, ja: '新しい支援の申し出', en: 'New offers' },
    { n: input.news.length, ja: 'お知らせ', en: 'News and events' },
  ].filter((c) => c.n > 0);
  return {
    ja: counts.map((c) => `${c.ja} ${c.n} 件`).join('・'),
    en: counts.map((c) => `${c.en}: ${c.n}`).join(', '),
  };
}
