import { salutation } from '#domain';
import type { Mail } from '../sender';
import { renderHtml } from './layout';
import {
  Button,
  footerLines,
  labelled,
  linkLines,
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
import type { FollowUpMailInput, Outcome } from './types';

// The answers in the order a reader thinks of them: it worked, not yet, it did not.
const OUTCOMES: readonly { outcome: Outcome; ja: string; en: string }[] = [
  { outcome: 'formed', ja: '連携が成立した', en: 'A collaboration came of it' },
  { outcome: 'in_progress', ja: '進行中', en: 'Still in progress' },
  { outcome: 'not_formed', ja: '連携は成立しなかった', en: 'No collaboration came of it' },
];

// Some weeks after connecting: did a collaboration come of it? The platform's real measure.
export function followUpMail(input: FollowUpMailInput): Mail {
  const { lang, other } = input;
  const org = other.organizationName;
  const connectedAt = tokyoDates(input.connectedAt);
  const subject = subjectLine(
    input,
    { ja: 'その後のご様子をお聞かせください', en: 'How did the introduction go?' },
    org,
  );
  const copy = {
    greeting: salutation(input.addressee),
    question: {
      ja: `${connectedAt.ja}に${org}とおつなぎした件について、その後いかがでしょうか。あてはまるものを一つ選んでください。`,
      en: `On ${connectedAt.en} we connected you with ${org}. How has it gone since? Please choose the answer that fits best.`,
    },
    why: {
      ja: 'ご回答は、事務局がこのプラットフォームから生まれた連携の成果を把握し、これからのつながりづくりに役立てるために使います。連携に至らなかった場合も、大切な情報としてお聞かせください。',
      en: 'Your answer helps the secretariat see what the platform achieves and make future introductions better. If nothing came of it, that is just as useful to know.',
    },
    postingHeading: { ja: 'ご提案の内容', en: 'The introduction' },
  };
  const answers = OUTCOMES.map((o) => ({
    label: labelled(lang, o.ja, o.en),
    url: input.outcomeUrls[o.outcome],
  }));
  const card = { lang, side: input.side, own: input.own, other, heading: copy.postingHeading };

  const text = textBody([
    ...pairedLines(lang, copy.greeting.ja, copy.greeting.en),
    ...pairedLines(lang, copy.question.ja, copy.question.en),
    ...answers.flatMap((a) => linkLines(a.label, a.url)),
    '',
    ...pairedLines(lang, copy.why.ja, copy.why.en),
    ...postingCardLines(card),
    ...footerLines(input, 'introduction'),
  ]);

  const html = renderHtml(
    <PlatformMail
      frame={input}
      purpose="introduction"
      subject={subject}
      preheader={{
        ja: `${org}との連携について、ひとことお聞かせください。`,
        en: `How did it go with ${org}?`,
      }}
    >
      <Paired lang={lang} {...copy.greeting} />
      <Paired lang={lang} {...copy.question} />
      <p style={STYLE.actions}>
        {answers.map((a) => (
          <Button href={a.url} quiet>
            {a.label}
          </Button>
        ))}
      </p>
      <Paired lang={lang} tone="note" {...copy.why} />
      <PostingCard {...card} />
    </PlatformMail>,
  );
  return { to: input.to, subject, text, html };
}
