import { salutation } from '#domain';
import type { Mail } from '../sender';
import { renderHtml } from './layout';
import {
  type Bilingual,
  both,
  footerLines,
  linkLines,
  oneLine,
  Paired,
  PlatformMail,
  PostingCard,
  pairedLines,
  postingCardLines,
  STYLE,
  subjectLine,
  textBody,
  tokyoDates,
} from './parts';
import type { OpenCallMailInput } from './types';

// The two mails an open call's applicant receives from the platform: the receipt of its
// application, and — only when it was not selected — one polite word when the selection is over.
// A selected applicant receives the ordinary "connected" mail with the contact instead.

function wording(input: OpenCallMailInput): {
  subject: Bilingual;
  preheader: Bilingual;
  paragraphs: Bilingual[];
} {
  const other = input.other.organizationName;
  const title = input.other.title;
  const by = tokyoDates(input.respondBy);
  if (input.event === 'received') {
    return {
      subject: { ja: '公募へのご応募を受け付けました', en: 'Your application was received' },
      preheader: {
        ja: `${other}様の公募「${title}」へのご応募を受け付けました。`,
        en: `Your application to "${title}" by ${other} was received.`,
      },
      paragraphs: [
        {
          ja: `${other}様の公募「${title}」へのご応募を受け付けました。ありがとうございます。`,
          en: `Thank you: your application to the open call "${title}" by ${other} was received.`,
        },
        {
          ja: `締切後、先方が応募の中から選考します。選ばれた場合は、双方の連絡先をメールでお知らせします。選考の結果は${by.ja}までにお知らせします。`,
          en: `After the deadline, ${other} selects among the applications. If yours is selected, both sides receive each other's contact details by mail. You will hear by ${by.en}.`,
        },
      ],
    };
  }
  return {
    subject: { ja: '公募の選考結果のお知らせ', en: 'About your application to an open call' },
    preheader: {
      ja: `公募「${title}」の選考結果をお知らせします。`,
      en: `The selection for "${title}" is over.`,
    },
    paragraphs: [
      {
        ja: `${other}様の公募「${title}」にご応募いただき、ありがとうございました。慎重に選考が行われましたが、今回は残念ながらご期待に沿う結果とはなりませんでした。`,
        en: `Thank you for applying to the open call "${title}" by ${other}. The selection has been made with care, and this time your application was not among those chosen.`,
      },
      {
        ja: 'ご応募の内容は、今後のつながりづくりにも生かされます。これからも新しいニーズや支援の申し出を、週ごとのお知らせでご案内します。引き続きよろしくお願いいたします。',
        en: 'Your application still counts for future introductions; new needs and offers keep coming in the weekly digest. Thank you for taking part.',
      },
    ],
  };
}

export function openCallMail(input: OpenCallMailInput): Mail {
  const { lang } = input;
  const words = wording(input);
  const subject = subjectLine(input, words.subject, oneLine(input.other.title, 40), 50);
  const greeting = salutation(input.addressee);
  const details = both(lang, '応募の内容を見る', 'View your application');
  const card = {
    lang,
    side: 'need' as const,
    own: input.own,
    other: input.other,
    heading: { ja: '応募先の公募', en: 'The open call' },
  };
  const text = textBody([
    ...pairedLines(lang, greeting.ja, greeting.en),
    ...words.paragraphs.flatMap((p) => pairedLines(lang, p.ja, p.en)),
    ...postingCardLines(card),
    ...linkLines(details, input.matchUrl),
    ...footerLines(input, 'introduction'),
  ]);
  const html = renderHtml(
    <PlatformMail frame={input} purpose="introduction" subject={subject} preheader={words.preheader}>
      <Paired lang={lang} {...greeting} />
      {words.paragraphs.map((p) => (
        <Paired lang={lang} {...p} />
      ))}
      <PostingCard {...card} />
      <p style={STYLE.line}>
        <a href={input.matchUrl} style={STYLE.link}>
          {details}
        </a>
      </p>
    </PlatformMail>,
  );
  return { to: input.to, subject, text, html };
}
