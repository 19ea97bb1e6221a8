import { salutation } from '#domain';
import type { Mail } from '../sender';
import { Card, renderHtml } from './layout';
import {
  type Bilingual,
  Button,
  footerLines,
  labelled,
  linkLines,
  type MailPurpose,
  Paired,
  PlatformMail,
  pairedLines,
  STYLE,
  subjectLine,
  textBody,
} from './parts';
import type { MailFrame } from './types';

// The membership's lifecycle in mail (docs/mail.md "Membership mails"): an application reaches
// the secretariat and the applicant gets a receipt; approval, a decline, a suspension and a
// withdrawal each tell the organisation. Written from the platform's secretariat, in the reader's
// language, ending with its contact.

export type MembershipEvent =
  | 'received'
  | 'receipt'
  | 'approved'
  | 'resumed'
  | 'declined'
  | 'suspended'
  | 'withdrawn';

export interface MembershipMailInput extends MailFrame {
  event: MembershipEvent;
  /** The organisation the membership is of. */
  organizationName: string;
  /** The tier applied for or approved, in both languages. */
  tier: Bilingual;
  /** The applicant's note to the secretariat (received). */
  message?: string | undefined;
  /** Why the secretariat declined (declined), as it typed it. */
  reason?: string | undefined;
  /** The button: the application list (received), the platform's page (the others). */
  url: string;
}

interface Copy {
  subject: Bilingual;
  preheader: Bilingual;
  paragraphs: Bilingual[];
  button: Bilingual;
  purpose: MailPurpose;
}

function copyOf(input: MembershipMailInput): Copy {
  const org = input.organizationName;
  const p = { ja: input.platform.name, en: input.platform.nameEn ?? input.platform.name };
  const tier = input.tier;
  const toPlatform = { ja: 'プラットフォームのページを開く', en: 'Open the platform' };
  switch (input.event) {
    case 'received':
      return {
        purpose: 'secretariat',
        subject: { ja: '新しい参加申請が届きました', en: 'New membership application' },
        preheader: { ja: `${org}から参加申請が届きました。`, en: `${org} applied to join.` },
        paragraphs: [
          {
            ja: `${org}から、${p.ja}への参加申請（希望する区分：${tier.ja}）が届きました。内容をご確認のうえ、承認またはお断りの手続きをお願いいたします。`,
            en: `${org} applied to join ${p.en} (tier asked for: ${tier.en}). Please review the application and approve or decline it.`,
          },
        ],
        button: { ja: '参加申請を確認する', en: 'Review the application' },
      };
    case 'receipt':
      return {
        purpose: 'membership',
        subject: { ja: '参加申請を受け付けました', en: 'We have received your application' },
        preheader: {
          ja: '事務局で確認のうえ、結果をメールでお知らせします。',
          en: 'The secretariat will review it and let you know by email.',
        },
        paragraphs: [
          {
            ja: `${org}の${p.ja}への参加申請（希望する区分：${tier.ja}）を受け付けました。お申し込みいただき、ありがとうございます。`,
            en: `Thank you: we have received the application of ${org} to join ${p.en} (tier asked for: ${tier.en}).`,
          },
          {
            ja: '事務局で内容を確認のうえ、結果をこのアドレスにメールでお知らせします。しばらくお待ちください。',
            en: 'The secretariat will review it and let you know the result at this address.',
          },
        ],
        button: toPlatform,
      };
    case 'approved':
      return {
        purpose: 'membership',
        subject: { ja: '参加申請が承認されました', en: 'Your application has been approved' },
        preheader: {
          ja: `${org}は${p.ja}の会員になりました。`,
          en: `${org} is now a member of ${p.en}.`,
        },
        paragraphs: [
          {
            ja: `${org}の${p.ja}への参加を承認いたしました（会員区分：${tier.ja}）。これからどうぞよろしくお願いいたします。`,
            en: `The application of ${org} to join ${p.en} has been approved (tier: ${tier.en}). Welcome!`,
          },
          {
            ja: '次のステップ：団体として必要としていること（ニーズ）や、提供できる支援（支援の申し出）を登録してください。事務局が内容の合う団体同士をおつなぎし、ご提案をメールでお届けします。週1回のお知らせメールの受け取りは、配信設定で変更できます。',
            en: 'Next: post what your organisation needs, or the support it can offer. The secretariat introduces organisations whose needs and offers fit, and proposals come by email. The weekly update can be turned on or off in your email preferences.',
          },
        ],
        button: toPlatform,
      };
    case 'resumed':
      return {
        purpose: 'membership',
        subject: { ja: '会員資格の一時停止を解除しました', en: 'Your membership is active again' },
        preheader: {
          ja: `${org}の${p.ja}での会員資格が再開しました。`,
          en: `The membership of ${org} in ${p.en} is active again.`,
        },
        paragraphs: [
          {
            ja: `${org}の${p.ja}での会員資格の一時停止を解除いたしました（会員区分：${tier.ja}）。ニーズや支援の申し出の登録・閲覧、ご提案のお届けを再開します。`,
            en: `The suspension of ${org} in ${p.en} has been lifted (tier: ${tier.en}). Your organisation can post and read needs and offers again and receives introductions.`,
          },
        ],
        button: toPlatform,
      };
    case 'declined':
      return {
        purpose: 'membership',
        subject: { ja: '参加申請についてのご連絡', en: 'About your membership application' },
        preheader: {
          ja: `${org}の参加申請について、事務局からのご連絡です。`,
          en: `A message from the secretariat about the application of ${org}.`,
        },
        paragraphs: [
          {
            ja: `このたびは、${org}の${p.ja}への参加をお申し込みいただき、誠にありがとうございました。事務局で慎重に検討いたしましたが、今回は参加を見送らせていただくこととなりました。ご期待に沿えず申し訳ございません。`,
            en: `Thank you for the application of ${org} to join ${p.en}. After careful consideration, the secretariat has decided not to accept it this time. We are sorry to disappoint you.`,
          },
          {
            ja: 'ご事情が変わった場合は、あらためてお申し込みいただけます。ご不明な点は、下記の事務局までお問い合わせください。',
            en: 'Should circumstances change, you are welcome to apply again. For any question, please contact the secretariat below.',
          },
        ],
        button: toPlatform,
      };
    case 'suspended':
      return {
        purpose: 'membership',
        subject: { ja: '会員資格を一時停止しました', en: 'Your membership has been suspended' },
        preheader: {
          ja: `${org}の${p.ja}での会員資格を一時停止しました。`,
          en: `The membership of ${org} in ${p.en} is suspended.`,
        },
        paragraphs: [
          {
            ja: `${org}の${p.ja}での会員資格を、事務局の判断により一時停止いたしました。停止中は、ニーズや支援の申し出の登録・閲覧、新しいご提案のお届けができません。`,
            en: `The secretariat has suspended the membership of ${org} in ${p.en}. While it is suspended, your organisation cannot post or read needs and offers and receives no new introductions.`,
          },
          {
            ja: '詳しくは、下記の事務局までお問い合わせください。',
            en: 'Please contact the secretariat below for details.',
          },
        ],
        button: toPlatform,
      };
    case 'withdrawn':
      return {
        purpose: 'membership',
        subject: { ja: '退会の手続きが完了しました', en: 'Your organisation has left the platform' },
        preheader: {
          ja: `${org}の${p.ja}からの退会手続きが完了しました。`,
          en: `${org} is no longer a member of ${p.en}.`,
        },
        paragraphs: [
          {
            ja: `${org}の${p.ja}からの退会の手続きが完了しました。これまでのご参加、誠にありがとうございました。新しいご提案や会員向けのお知らせは届かなくなります。`,
            en: `${org} has left ${p.en}. Thank you for taking part. You will receive no more introductions or member updates from this platform.`,
          },
          {
            ja: 'また参加される場合は、いつでもあらためてお申し込みいただけます。',
            en: 'You are welcome to apply again at any time.',
          },
        ],
        button: toPlatform,
      };
    default: {
      const never: never = input.event;
      return never;
    }
  }
}

export function membershipMail(input: MembershipMailInput): Mail {
  const { lang } = input;
  const copy = copyOf(input);
  const subject = subjectLine(input, copy.subject, input.organizationName);
  const greeting = salutation(input.addressee);
  const button = labelled(lang, copy.button.ja, copy.button.en);
  const note: Bilingual | undefined =
    input.event === 'received' && input.message
      ? { ja: '申請団体からのメッセージ', en: 'Message from the applicant' }
      : input.event === 'declined' && input.reason
        ? { ja: '事務局からのコメント', en: 'Comment from the secretariat' }
        : undefined;
  const noteText = input.event === 'received' ? input.message : input.reason;
  const text = textBody([
    ...pairedLines(lang, greeting.ja, greeting.en),
    ...copy.paragraphs.flatMap((p) => pairedLines(lang, p.ja, p.en)),
    ...(note && noteText ? [`■ ${labelled(lang, note.ja, note.en)}`, noteText, ''] : []),
    ...linkLines(button, input.url),
    ...footerLines(input, copy.purpose),
  ]);
  const html = renderHtml(
    <PlatformMail frame={input} purpose={copy.purpose} subject={subject} preheader={copy.preheader}>
      <Paired lang={lang} {...greeting} />
      {copy.paragraphs.map((p) => (
        <Paired lang={lang} {...p} />
      ))}
      {note && noteText ? (
        <Card>
          <p style={STYLE.name}>{labelled(lang, note.ja, note.en)}</p>
          <p style={STYLE.prose}>{noteText}</p>
        </Card>
      ) : null}
      <p style={STYLE.actions}>
        <Button href={input.url}>{button}</Button>
      </p>
    </PlatformMail>,
  );
  return { to: input.to, subject, text, html };
}
