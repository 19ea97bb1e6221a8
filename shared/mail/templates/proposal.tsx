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

// A new introduction: who the other side is and why, without their contact details.
export function proposalMail(input: ProposalMailInput): Mail {
  const noun = sideNoun(input.side);
  const ja = platformName(input, 'ja');
  const en = platformName(input, 'en');
  return introductionProposal(input, {
    subject: { ja: '新しいつながりのご提案', en: 'A new introduction is proposed' },
    preheader: {
      ja: `${input.other.organizationName}とのつながりをご提案します。`,
      en: `We propose an introduction to ${input.other.organizationName}.`,
    },
    paragraphs: [
      {
        ja: `${ja}にご参加いただきありがとうございます。貴団体の${noun.ja}「${input.own.title}」に、新しいつながりのご提案があります。`,
        en: `Thank you for taking part in ${en}. We would like to propose an introduction for your ${noun.en} "${input.own.title}".`,
      },
    ],
  });
}

/** The proposal mail with its wording; the reminder uses it too. */
export function introductionProposal(input: ProposalMailInput, wording: ProposalWording): Mail {
  const { lang, other } = input;
  // Both postings: two proposals (the same partner for two of yours, or two partners for one)
  // never share a subject, so a mail program does not fold them into one thread.
  const subject = subjectLine(
    input,
    wording.subject,
    `${oneLine(other.title, 28)} × ${oneLine(input.own.title, 28)}`,
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

  const text = textBody([
    ...pairedLines(lang, copy.greeting.ja, copy.greeting.en),
    ...wording.paragraphs.flatMap((p) => pairedLines(lang, p.ja, p.en)),
    ...postingCardLines(card),
    ...headingLines(lang, copy.why.ja, copy.why.en),
    ...pairedLines(lang, input.explanation.ja, input.explanation.en),
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
      <PostingCard {...card} />
      <Heading lang={lang} {...copy.why} />
      <Paired lang={lang} {...input.explanation} />
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
