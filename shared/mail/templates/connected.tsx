import { honorific, salutation } from '#domain';
import type { Mail } from '../sender';
import { Card, renderHtml } from './layout';
import {
  Button,
  both,
  footerLines,
  Heading,
  headingLines,
  isWebUrl,
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
} from './parts';
import type { ConnectedMailInput } from './types';

// Both sides accepted: now, and only now, each receives the other's contact person and email.
export function connectedMail(input: ConnectedMailInput): Mail {
  const { lang, contact } = input;
  const org = contact.organizationName;
  const subject = subjectLine(input, { ja: 'つながりが成立しました', en: 'You are now connected' }, org);
  const website = contact.website?.trim() || undefined;
  const copy = {
    greeting: salutation(input.addressee),
    connected: {
      ja: `${org}と貴団体の双方がご提案を承諾され、つながりが成立しました。ありがとうございます。お相手の連絡先をお知らせします。`,
      en: `Both ${org} and your organisation accepted the proposed introduction, so you are now connected. Thank you. Here are their contact details.`,
    },
    contactHeading: { ja: 'お相手の連絡先', en: 'Their contact details' },
    person: both(lang, 'ご担当者', 'Contact person'),
    personName: lang === 'en' ? (contact.name ?? '—') : honorific(contact.name),
    email: both(lang, 'メール', 'Email'),
    website: both(lang, 'ウェブサイト', 'Website'),
    nextStep: {
      ja: 'お相手にも貴団体の連絡先をお知らせしています。まずはメールで自己紹介をして、お互いの活動やご希望をお話しされてはいかがでしょうか。',
      en: 'They have received your contact details too. Why not write to them first, introduce yourselves and talk about what you hope to do together?',
    },
    write: labelled(lang, 'メールを送る', 'Write to them'),
    postingHeading: { ja: 'ご提案の内容', en: 'The introduction' },
    later: {
      ja: 'しばらくしてから、連携の状況についてお伺いするご連絡を差し上げます。',
      en: 'In a few weeks we will ask you how it went.',
    },
    privacy: {
      ja: 'お知らせした連絡先は、このつながりのためにのみお使いください。',
      en: 'Please use these contact details only for this introduction.',
    },
    details: both(lang, 'このつながりのページを見る', 'View this introduction'),
  };
  const card = { lang, side: input.side, own: input.own, other: input.other, heading: copy.postingHeading };
  const mailto = `mailto:${contact.email}`;

  const text = textBody([
    ...pairedLines(lang, copy.greeting.ja, copy.greeting.en),
    ...pairedLines(lang, copy.connected.ja, copy.connected.en),
    ...headingLines(lang, copy.contactHeading.ja, copy.contactHeading.en),
    org,
    `${copy.person}: ${copy.personName}`,
    `${copy.email}: ${contact.email}`,
    website && `${copy.website}: ${website}`,
    '',
    ...pairedLines(lang, copy.nextStep.ja, copy.nextStep.en),
    ...postingCardLines(card),
    ...pairedLines(lang, copy.later.ja, copy.later.en),
    ...pairedLines(lang, copy.privacy.ja, copy.privacy.en),
    ...linkLines(copy.details, input.matchUrl),
    ...footerLines(input, 'introduction'),
  ]);

  const html = renderHtml(
    <PlatformMail
      frame={input}
      purpose="introduction"
      subject={subject}
      preheader={{ ja: `${org}の連絡先をお知らせします。`, en: `Here are the contact details of ${org}.` }}
    >
      <Paired lang={lang} {...copy.greeting} />
      <Paired lang={lang} {...copy.connected} />
      <Heading lang={lang} {...copy.contactHeading} />
      <Card>
        <p style={STYLE.name}>{org}</p>
        <p style={STYLE.line}>
          {copy.person}: {copy.personName}
        </p>
        <p style={STYLE.line}>
          {copy.email}:{' '}
          <a href={mailto} style={STYLE.link}>
            {contact.email}
          </a>
        </p>
        {website ? (
          <p style={STYLE.line}>
            {copy.website}:{' '}
            {isWebUrl(website) ? (
              <a href={website} style={STYLE.link}>
                {website}
              </a>
            ) : (
              website
            )}
          </p>
        ) : null}
      </Card>
      <Paired lang={lang} {...copy.nextStep} />
      <p style={STYLE.actions}>
        <Button href={mailto}>{copy.write}</Button>
      </p>
      <PostingCard {...card} />
      <Paired lang={lang} {...copy.later} />
      <p style={STYLE.line}>
        <a href={input.matchUrl} style={STYLE.link}>
          {copy.details}
        </a>
      </p>
      <Paired lang={lang} tone="note" {...copy.privacy} />
    </PlatformMail>,
  );
  return { to: input.to, subject, text, html };
}
