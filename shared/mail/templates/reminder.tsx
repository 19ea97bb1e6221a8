import type { Mail } from '../sender';
import { type Bilingual, sideNoun, tokyoDates } from './parts';
import { introductionProposal } from './proposal';
import type { ReminderMailInput } from './types';

// Once, a few days before an unanswered proposal expires: the proposal again, with its deadline.
export function reminderMail(input: ReminderMailInput): Mail {
  const noun = sideNoun(input.side);
  const expires = tokyoDates(input.respondBy);
  const other = input.other.organizationName;
  const paragraphs: Bilingual[] = [
    {
      ja: `先日お送りした、貴団体の${noun.ja}「${input.own.title}」へのつながりのご提案について、ご回答をお待ちしています。このご提案は${expires.ja}に期限を迎えます。`,
      en: `We are still waiting for your reply to the introduction we proposed for your ${noun.en} "${input.own.title}". The proposal expires on ${expires.en}.`,
    },
  ];
  if (input.otherAccepted) {
    paragraphs.push({
      ja: `お相手の${other}は、すでにこのご提案を承諾されています。`,
      en: `${other} has already accepted this proposal.`,
    });
  }
  return introductionProposal(input, {
    subject: {
      ja: 'ご提案の回答期限が近づいています',
      en: 'Reminder: a proposed introduction awaits your reply',
    },
    preheader: {
      ja: `${other}とのつながりのご提案は${expires.ja}に期限を迎えます。`,
      en: `The proposed introduction to ${other} expires on ${expires.en}.`,
    },
    paragraphs,
  });
}
