import { salutation } from '#domain';
import type { Mail } from '../sender';
import { renderHtml } from './layout';
import {
  type Bilingual,
  Button,
  both,
  footerLines,
  Heading,
  headingLines,
  labelled,
  linkLines,
  oneLine,
  Paired,
  PlatformMail,
  PostingCard,
  pairedLines,
  platformName,
  postingCardLines,
  STYLE,
  sideNoun,
  subjectLine,
  textBody,
  tokyoDates,
} from './parts';
import type { ProposalMailInput } from './types';

/** What a proposal and its reminder say differently; the rest of the mail is the same. */
export interface ProposalWording {
  subject: Bilingual;
  preheader: Bilingual;
  paragraphs: Bilingual[];
}

// A new introduction: who the other side is and why, without their contact details. Worded by
// who started it: the round, the other organisation (関心がある) or the secretariat.
export function proposalMail(input: ProposalMailInput): Mail {
  return introductionProposal(input, proposalWording(input));
}

function proposalWording(input: ProposalMailInput): ProposalWording {
  const noun = sideNoun(input.side);
  const ja = platformName(input, 'ja');
  const en = platformName(input, 'en');
  const other = input.other.organizationName;
  switch (input.origin) {
    case 'interest':
    case 'open_call':
      return {
        subject: { ja: 'つながりのお申し出', en: 'An organisation would like to connect' },
        preheader: {
          ja: `${other}様が、貴団体の${noun.ja}に関心を寄せています。`,
          en: `${other} is interested in your ${noun.en}.`,
        },
        paragraphs: [
          {
            ja: `${ja}の${other}様が、貴団体の${noun.ja}「${input.own.title}」に関心を寄せ、つながりを希望されています。先方はすでに承諾されていますので、貴団体が承諾されると、双方の連絡先をお知らせします。`,
            en: `${other}, a member of ${en}, is interested in your ${noun.en} "${input.own.title}" and would like to connect. They have accepted already: if you accept too, we share both sides' contact details.`,
          },
        ],
      };
    case 'secretariat':
      return {
        subject: { ja: '事務局からのご紹介', en: 'An introduction from the secretariat' },
        preheader: {
          ja: `事務局より、${other}様をご紹介します。`,
          en: `The secretariat would like to introduce ${other}.`,
        },
        paragraphs: [
          {
            ja: `${ja}事務局です。貴団体の${noun.ja}「${input.own.title}」について、${other}様とのつながりをご紹介したく、ご連絡しました。`,
            en: `This is the secretariat of ${en}. We would like to introduce ${other} in connection with your ${noun.en} "${input.own.title}".`,
          },
        ],
      };
    case 'round':
      return {
        subject: { ja: '新しいつながりのご提案', en: 'A new introduction is proposed' },
        preheader: {
          ja: `${other}とのつながりをご提案します。`,
          en: `We propose an introduction to ${other}.`,
        },
        paragraphs: [
          {
            ja: `${ja}にご参加いただきありがとうございます。貴団体の${noun.ja}「${input.own.title}」に、新しいつながりのご提案があります。`,
            en: `Thank you for taking part in ${en}. We would like to propose an introduction for your ${noun.en} "${input.own.title}".`,
          },
        ],
      };
    default: {
      const never: never = input.origin;
      return never;
    }
  }
}

/** The heading over a starter's note: the secretariat's, or the interested organisation's. */
function messageHeading(input: ProposalMailInput): Bilingual {
  return input.message?.from === 'secretariat'
    ? { ja: '事務局より', en: 'From the secretariat' }
    : {
        ja: `${input.other.organizationName}様からのメッセージ`,
        en: `Message from ${input.other.organizationName}`,
      };
}

/** The proposal mail with its wording; the reminder uses it too. */
export function introductionProposal(input: ProposalMailInput, wording: ProposalWording): Mail {
  const { lang, other } = input;
  // Both postings: two proposals (the same partner for two of yours, or two partners for one)
  // never share a subject, so a mail program does not fold them into one thread.
  const subject = subjectLine(
    input,
    wording.subject,
    `${oneLine(other.title ?? other.organizationName, 28)} × ${oneLine(input.own.title, 28)}`,
    60,
  );
  const respondBy = tokyoDates(input.respondBy);
  const copy = {
    greeting: salutation(input.addressee),
    why: { ja: 'ご提案の理由', en: 'Why we suggest this' },
    partner: { ja: 'ご提案の相手', en: 'Proposed partner' },
    respondBy: {
      ja: `${respondBy.ja}までにご回答ください。`,
      en: `Please reply by ${respondBy.en}.`,
    },
    accept: labelled(lang, '承諾する', 'Accept'),
    decline: labelled(lang, '見送る', 'Decline'),
    details: both(lang, 'ご提案の詳細を見る', 'View the proposal'),
    privacy: {
      ja: 'ご提案の段階では、どちらの連絡先もお知らせしていません。双方が承諾した場合にのみ、連絡先をお互いにお知らせします。',
      en: 'No contact details have been shared yet. Contact details are exchanged only when both sides accept.',
    },
    noPressure: {
      ja: 'ご都合や活動内容が合わない場合は、どうぞお気軽に「見送る」をお選びください。',
      en: 'If the timing or the fit is not right, please feel free to decline.',
    },
  };
  const card = {
    lang,
    side: input.side,
    own: input.own,
    other,
    heading: copy.partner,
  };

  // A note is quoted as its writer wrote it, in whatever language that was.
  const note = input.message && {
    heading: messageHeading(input),
    ja: input.message.text,
    en: input.message.text,
  };
  const why = input.explanation;
  const text = textBody([
    ...pairedLines(lang, copy.greeting.ja, copy.greeting.en),
    ...wording.paragraphs.flatMap((p) => pairedLines(lang, p.ja, p.en)),
    ...(note
      ? [...headingLines(lang, note.heading.ja, note.heading.en), ...pairedLines(lang, note.ja, note.en)]
      : []),
    ...postingCardLines(card),
    ...(why ? [...headingLines(lang, copy.why.ja, copy.why.en), ...pairedLines(lang, why.ja, why.en)] : []),
    ...pairedLines(lang, copy.respondBy.ja, copy.respondBy.en),
    ...linkLines(copy.accept, input.acceptUrl),
    ...linkLines(copy.decline, input.declineUrl),
    ...linkLines(copy.details, input.matchUrl),
    '',
    ...pairedLines(lang, copy.privacy.ja, copy.privacy.en),
    ...pairedLines(lang, copy.noPressure.ja, copy.noPressure.en),
    ...footerLines(input, 'introduction'),
  ]);

  const html = renderHtml(
    <PlatformMail frame={input} purpose="introduction" subject={subject} preheader={wording.preheader}>
      <Paired lang={lang} {...copy.greeting} />
      {wording.paragraphs.map((p) => (
        <Paired lang={lang} {...p} />
      ))}
      {note && <Heading lang={lang} {...note.heading} />}
      {note && <Paired lang={lang} ja={note.ja} en={note.en} />}
      <PostingCard {...card} />
      {why && <Heading lang={lang} {...copy.why} />}
      {why && <Paired lang={lang} {...why} />}
      <Paired lang={lang} tone="strong" {...copy.respondBy} />
      <p style={STYLE.actions}>
        <Button href={input.acceptUrl}>{copy.accept}</Button>
        <Button href={input.declineUrl} quiet>
          {copy.decline}
        </Button>
      </p>
      <p style={STYLE.line}>
        <a href={input.matchUrl} style={STYLE.link}>
          {copy.details}
        </a>
      </p>
      <Paired lang={lang} tone="note" {...copy.privacy} />
      <Paired lang={lang} tone="note" {...copy.noPressure} />
    </PlatformMail>,
  );
  return { to: input.to, subject, text, html };
}
