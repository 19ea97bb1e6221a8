import { INVITATION_DAYS, PRIVACY_VERSION } from '#domain';
import { SENT_RETENTION_DAYS } from '#store';
import { MAGIC_LINK_MINUTES, SESSION_DAYS } from '../../auth';
import { type LegalDocument, LOG_RETENTION_DAYS, type OperatorSettings, operatorOf } from './texts';

// The privacy notice (プライバシーポリシー) under the APPI, Japanese and English. What it says is
// collected and how long it is kept follows the code: the periods are the constants the store and
// the sign-in use; docs/privacy.md says the same in more detail. A change of meaning is a new
// PRIVACY_VERSION (shared/domain/legal.ts).

export function privacyNotice(config: OperatorSettings): LegalDocument {
  const op = operatorOf(config);
  const days = (n: number) => ({ ja: `${n}日`, en: `${n} days` });
  const session = days(SESSION_DAYS);
  const sent = days(SENT_RETENTION_DAYS);
  const logs = days(LOG_RETENTION_DAYS);
  const invitation = days(INVITATION_DAYS);
  return {
    version: PRIVACY_VERSION,
    title: { ja: 'プライバシーポリシー', en: 'Privacy notice' },
    intro: {
      ja: `${op.name.ja}（以下「運営者」）は、「つなぐ」（以下「本サービス」）で取り扱う個人情報を、個人情報の保護に関する法律（個人情報保護法）その他の法令に従い、次のとおり取り扱います。`,
      en: `${op.name.en} (the "operator") handles the personal information of tsunagu (the "service") as follows, under Japan's Act on the Protection of Personal Information (APPI) and other laws.`,
    },
    sections: [
      {
        heading: { ja: '1. 取得する情報', en: '1. What we collect' },
        items: [
          {
            ja: 'ご本人の情報: メールアドレス、氏名、フリガナ、表示言語、利用規約等への同意（版と日時）',
            en: 'About you: email address, name and its reading (フリガナ), language, your agreement to these documents (version and time)',
          },
          {
            ja: '団体の情報: 団体名、フリガナ、法人格、所在地、活動内容、ウェブサイト、連絡先の担当者名とメールアドレス、名簿への掲載の希望',
            en: "About organisations: name and reading, legal form, location, description, website, the contact person's name and email, whether it is listed in the directory",
          },
          {
            ja: '団体内の役割（管理者・編集者・閲覧者）、事務局の担当、招待（招待先のメールアドレス、招待した方の氏名とメールアドレス）',
            en: 'Roles in organisations (owner, editor, viewer), secretariat roles, invitations (the invited address, the name and address of who invited)',
          },
          {
            ja: '投稿とご提案: ニーズ・支援の申し出の内容、プラットフォームへの参加申請と事務局への連絡、ご提案への回答（回答した方、見送りの理由）、連携の結果',
            en: 'Postings and introductions: needs and offers, applications to platforms and notes to the secretariat, answers to introductions (who answered, a reason for declining), what came of them',
          },
          {
            ja: 'メールの配信設定と配信記録: 週1回のお知らせの希望、分野・地域、送信したメール（宛先・件名・配信結果）、不達・苦情・配信停止の記録',
            en: 'Mail settings and delivery: your digest choices, fields and regions, mail we sent (address, subject, delivery result), bounces, complaints and unsubscribes',
          },
          {
            ja: 'アクセスの記録: IPアドレス、アクセス日時、ページのパス、応答の状態（不正利用の防止のため、サインイン用リンクの依頼はIPアドレスごとに回数を数えます）。Cookie はサインインの維持、表示言語、フォームの保護にのみ使い、広告や解析には使いません。',
            en: 'Access records: IP address, time, page path and status (sign-in link requests are counted per IP address to prevent abuse). Cookies keep you signed in, remember your language and protect forms; none are used for advertising or analytics.',
          },
        ],
      },
      {
        heading: { ja: '2. 利用目的', en: '2. Why' },
        items: [
          {
            ja: '本人確認とサインイン、アカウントの管理',
            en: 'To identify you, sign you in and run your account',
          },
          {
            ja: '団体どうしのつながりのご提案、双方が承諾した場合の連絡先のお知らせ',
            en: 'To propose introductions between organisations and, when both accept, share contact details',
          },
          {
            ja: 'プラットフォームの事務局による会員の管理、お知らせの配信、統計の作成（個人を特定しない形）',
            en: "For the platform secretariat's membership management, news, and statistics (which identify no one)",
          },
          {
            ja: 'ご提案・週1回のお知らせ等のメールの配信、不達の管理',
            en: 'To send introductions, the weekly digest and other mail, and to stop mail that bounces',
          },
          {
            ja: '不正利用の防止、障害の調査、サービスの改善',
            en: 'To prevent abuse, investigate faults and improve the service',
          },
        ],
      },
      {
        heading: { ja: '3. 情報を見ることができる方', en: '3. Who sees what' },
        items: [
          {
            ja: '団体のメンバー: 自分の団体の情報、メンバーの氏名とメールアドレス、団体のご提案',
            en: "An organisation's people: its information, its people's names and addresses, its introductions",
          },
          {
            ja: 'プラットフォームの事務局: 参加を申請・承認された団体の情報と連絡先、投稿、ご提案と回答（見送りの理由を含む）、統計',
            en: 'The platform secretariat: the information and contact of organisations that applied or were approved, their postings, introductions and answers (including reasons for declining), statistics',
          },
          {
            ja: 'ご提案の相手の団体: 双方が承諾した後にかぎり、連絡先の担当者名とメールアドレス（それまでは団体名と投稿の内容のみ）',
            en: 'The other organisation of an introduction: the contact name and address only after both accept (before that, only the name and the posting)',
          },
          {
            ja: '同じプラットフォームの会員とだれでも: 公開されたニーズ・申し出、名簿への掲載を希望した団体の名前と紹介文（連絡先は含みません）',
            en: 'Members of the same platform and anyone: open needs and offers; the name and description of organisations that chose to be listed in the directory (never their contact)',
          },
        ],
        paragraphs: [
          {
            ja: '法令に基づく場合等を除き、ご本人の同意なく第三者に提供することはありません。メールの送信とデータの保管には Amazon Web Services を利用しており、運営者が委託先として必要かつ適切な監督を行います。',
            en: 'We give no one else your information without your consent, except where the law requires it. Mail and storage run on Amazon Web Services, which the operator supervises as a processor.',
          },
        ],
      },
      {
        heading: { ja: '4. 保存期間', en: '4. How long it is kept' },
        items: [
          {
            ja: `アカウント・団体の情報: 削除されるまで（削除後に残るものは次項）`,
            en: 'Accounts and organisations: until deleted (what remains after that: next section)',
          },
          {
            ja: `サインインの状態: 最長${session.ja}（サインアウトで終了）。サインイン用リンク: ${MAGIC_LINK_MINUTES}分。招待のリンク: ${invitation.ja}`,
            en: `Sign-in sessions: at most ${session.en} (ended by signing out). Sign-in links: ${MAGIC_LINK_MINUTES} minutes. Invitation links: ${invitation.en}`,
          },
          {
            ja: `送信したメールの記録: 配信結果が確定してから${sent.ja}。リンクを含むメールの本文は送信後すぐに削除します`,
            en: `Records of mail sent: ${sent.en} after the delivery result is known. The body of a mail carrying a link is removed as soon as it is sent`,
          },
          {
            ja: `アクセスの記録: ${logs.ja}。不正利用防止のための回数の記録: 最後のアクセスから15分〜1時間`,
            en: `Access records: ${logs.en}. Counts kept against abuse: 15 minutes to 1 hour after the last request`,
          },
          {
            ja: '不達・苦情・配信停止の記録: そのアドレスへ再び送らないために、解除されるまで',
            en: 'Bounces, complaints and unsubscribes: until lifted, so that the address is not mailed again',
          },
        ],
      },
      {
        heading: { ja: '5. 削除したときに残る情報', en: '5. What remains after deletion' },
        items: [
          {
            ja: 'アカウントを削除すると、氏名・フリガナ・メールアドレス・配信設定・団体での役割・サインインの状態を削除します。ご提案への回答には、だれが回答したかを示す内部の番号だけが残り、個人には結びつきません。',
            en: 'Deleting your account removes your name, reading, email address, mail settings, roles and sessions. Answers you gave to introductions keep only an internal number that no longer leads to anyone.',
          },
          {
            ja: '団体を削除すると、団体名・連絡先・紹介文などを削除し、公開中の投稿を締め切り、プラットフォームを退会します。プラットフォームの統計のため、ご提案の件数・状況・分野・地域と、締め切った投稿は残ります（団体名や連絡先は表示されません）。',
            en: "Deleting an organisation removes its name, contact, description and the like, closes its open postings and withdraws it from platforms. For the platforms' statistics its introductions (counts, status, field, region) and its closed postings remain, without its name or contact.",
          },
          {
            ja: `送信済みメールの記録（${sent.ja}）とアクセスの記録（${logs.ja}）は、上の期間が過ぎると自動的に削除されます。不達・配信停止の記録は、再送を防ぐために残ります。`,
            en: `Mail records (${sent.en}) and access records (${logs.en}) are removed automatically when their time is up. Bounce and unsubscribe records stay, so the address is not mailed again.`,
          },
        ],
      },
      {
        heading: { ja: '6. 開示・訂正・利用停止等の請求', en: '6. Disclosure, correction, deletion' },
        paragraphs: [
          {
            ja: 'ご自身の情報は、アカウントのページからいつでもダウンロード（JSON形式）、訂正、削除できます。個人情報保護法に基づく保有個人データの開示、訂正・追加・削除、利用停止・消去、第三者提供の停止、利用目的の通知の請求は、下記の窓口で受け付けます。ご本人であることを確認したうえで、法令に従い遅滞なく対応します。',
            en: 'You can download (as JSON), correct and delete your own information at any time from your account page. Requests under the APPI for disclosure, correction, addition or deletion, suspension of use or erasure, stopping provision to third parties, or notification of the purposes of use go to the contact below; we confirm it is you and answer without delay as the law requires.',
          },
        ],
      },
      {
        heading: { ja: '7. 安全管理措置', en: '7. Security' },
        paragraphs: [
          {
            ja: '通信は暗号化し、保存するデータも暗号化します。サインイン用リンクやセッションはハッシュ値のみを保存し、データを見られる方を役割で制限しています。',
            en: 'Traffic and stored data are encrypted. Sign-in links and sessions are stored as hashes only, and who may see what is limited by role.',
          },
        ],
      },
      {
        heading: { ja: '8. 改定', en: '8. Changes' },
        paragraphs: [
          {
            ja: 'このポリシーを改定したときは本ページで公表し、サインインしている方には次にご利用いただく際にお知らせして同意をお願いします。',
            en: 'When this notice changes, it is published here and signed-in users are told the next time they use the service and asked to agree.',
          },
        ],
      },
      {
        heading: { ja: '9. お問い合わせ窓口', en: '9. Contact' },
        paragraphs: [
          {
            ja: `個人情報取扱事業者: ${op.name.ja}`,
            en: `Business handling personal information: ${op.name.en}`,
          },
          { ja: `窓口: ${op.contact.ja}`, en: `Contact: ${op.contact.en}` },
          {
            ja: '各プラットフォームの会員情報の扱いについては、そのプラットフォームの事務局にもお問い合わせいただけます。',
            en: "For a platform's membership information you may also ask that platform's secretariat.",
          },
        ],
      },
    ],
  };
}
