import { TERMS_VERSION } from '#domain';
import { type LegalDocument, type OperatorSettings, operatorOf } from './texts';

// The terms of use (利用規約), Japanese and English (a reader reads one). A change of meaning is
// a new TERMS_VERSION (shared/domain/legal.ts), which everyone is asked to agree to again.

export function termsOfUse(config: OperatorSettings): LegalDocument {
  const op = operatorOf(config);
  return {
    version: TERMS_VERSION,
    title: { ja: '利用規約', en: 'Terms of use' },
    intro: {
      ja: `この利用規約は、${op.name.ja}（以下「運営者」）が提供するマッチングサービス「つなぐ」（以下「本サービス」）の利用条件を定めるものです。本サービスを利用する方は、この規約とプライバシーポリシーに同意のうえご利用ください。`,
      en: `These terms govern the use of tsunagu (the "service"), a matchmaking service run by ${op.name.en} (the "operator"). Please agree to them and to the privacy notice before you use the service.`,
    },
    sections: [
      {
        heading: { ja: '第1条（本サービスの目的）', en: '1. What the service is for' },
        paragraphs: [
          {
            ja: '本サービスは、孤独・孤立対策官民連携プラットフォーム（以下「プラットフォーム」）の会員団体が、支援のニーズと支援の申し出を登録し、互いにつながり支え合うことを助けるためのものです。',
            en: 'The service helps member organisations of public-private platforms against loneliness and isolation ("platforms") post needs and offers of support and connect with each other.',
          },
        ],
      },
      {
        heading: { ja: '第2条（利用者とアカウント）', en: '2. Users and accounts' },
        items: [
          {
            ja: 'メールアドレスでサインインし、氏名を登録した方が利用者となります。アカウントはご本人のみが利用し、第三者に使わせないでください。',
            en: 'You become a user by signing in with your email address and giving your name. Use your account yourself only.',
          },
          {
            ja: '団体の情報は、その団体の管理者・編集者が正確に登録し、最新に保ってください。',
            en: "An organisation's owners and editors keep its information accurate and up to date.",
          },
          {
            ja: 'プラットフォームへの参加は、各プラットフォームの事務局が承認します。プラットフォームが独自の会則・ルールを定めている場合は、あわせて従ってください。',
            en: "Each platform's secretariat approves who joins it. Where a platform has rules of its own, follow them too.",
          },
        ],
      },
      {
        heading: {
          ja: '第3条（つながりのご提案と連絡先の共有）',
          en: '3. Introductions and contact details',
        },
        paragraphs: [
          {
            ja: '本サービスは、ニーズと申し出の内容から団体どうしのつながりをご提案します。連絡先は、双方の団体が承諾した場合にのみ相手の団体にお知らせします。その後のやり取りや連携は、団体どうしの責任で行ってください。',
            en: 'The service proposes introductions between organisations from their needs and offers. Contact details are shared only when both organisations accept. What follows between them is their own responsibility.',
          },
        ],
      },
      {
        heading: { ja: '第4条（禁止事項）', en: '4. What is not allowed' },
        items: [
          {
            ja: '法令または公序良俗に反する行為、反社会的勢力への利益供与',
            en: 'Anything unlawful or against public order, and any benefit to anti-social forces',
          },
          {
            ja: '他の利用者や支援を受ける方の個人情報を、本人の同意なく登録・公開すること',
            en: 'Posting or disclosing personal information of other people, including those being supported, without their consent',
          },
          {
            ja: '虚偽の情報の登録、他人へのなりすまし',
            en: 'Entering false information or posing as someone else',
          },
          {
            ja: '営業・勧誘のみを目的とした利用、迷惑メールの送信',
            en: 'Using the service only to sell or solicit, or to send unwanted mail',
          },
          {
            ja: '本サービスの運営を妨げる行為、不正なアクセス',
            en: 'Disrupting the service or accessing it without authorisation',
          },
        ],
      },
      {
        heading: { ja: '第5条（利用の停止）', en: '5. Suspension' },
        paragraphs: [
          {
            ja: '運営者またはプラットフォームの事務局は、利用者がこの規約に反したときは、事前の通知なく、参加の停止、投稿の非公開その他必要な措置をとることがあります。',
            en: 'If a user breaks these terms, the operator or the platform secretariat may suspend their membership, hide their postings or take other necessary steps without notice.',
          },
        ],
      },
      {
        heading: { ja: '第6条（退会とデータの削除）', en: '6. Leaving and deletion' },
        paragraphs: [
          {
            ja: '利用者はいつでも、アカウントのページから自分のデータをダウンロードし、アカウントを削除できます。団体の管理者は団体を削除できます。削除後に残る情報とその理由は、プライバシーポリシーに記載しています。',
            en: 'You can download your data and delete your account at any time from your account page; an owner can delete their organisation. What remains after deletion, and why, is in the privacy notice.',
          },
        ],
      },
      {
        heading: { ja: '第7条（免責）', en: '7. Disclaimer' },
        paragraphs: [
          {
            ja: '運営者は、本サービスを通じて生まれた団体どうしの連携の内容・結果について責任を負いません。本サービスは予告なく変更・中断することがあります。ただし、運営者の故意または重大な過失による損害はこの限りではありません。',
            en: 'The operator is not responsible for what organisations agree or do together through the service, and may change or interrupt it without notice, except for damage caused intentionally or by gross negligence of the operator.',
          },
        ],
      },
      {
        heading: { ja: '第8条（規約の変更）', en: '8. Changes to these terms' },
        paragraphs: [
          {
            ja: '運営者はこの規約を変更することがあります。変更後の規約は本ページで公表し、サインインしている利用者には、次にご利用いただく際に変更点をお知らせして同意をお願いします。',
            en: 'The operator may change these terms. The new terms are published on this page, and signed-in users are shown what changed and asked to agree the next time they use the service.',
          },
        ],
      },
      {
        heading: { ja: '第9条（準拠法・管轄）', en: '9. Governing law' },
        paragraphs: [
          {
            ja: 'この規約は日本法に従って解釈されます。本サービスに関する紛争は、運営者の所在地を管轄する地方裁判所を第一審の専属的合意管轄裁判所とします。',
            en: "These terms are governed by Japanese law. The district court for the operator's location has exclusive jurisdiction in the first instance.",
          },
        ],
      },
      {
        heading: { ja: 'お問い合わせ', en: 'Contact' },
        paragraphs: [
          { ja: `運営者: ${op.name.ja}`, en: `Operator: ${op.name.en}` },
          { ja: `連絡先: ${op.contact.ja}`, en: `Contact: ${op.contact.en}` },
        ],
      },
    ],
  };
}
