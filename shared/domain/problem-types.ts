// Every kind of error tsunagu answers, by its stable `type`: the last segment of the problem's
// `type` URI (RFC 9457), `<APP_URL>/problems/<type>`, which is also a page explaining it
// (shared/http/pages/problems.tsx). A DomainError can only carry a type listed here, so every
// type a client can meet is explained; docs/api.md lists the same (test/unit/problem-types.test.ts).

export interface ProblemTypeInfo {
  status: number;
  /** What happened, in a few words. */
  name: { ja: string; en: string };
  /** When it is answered, and what to do about it. */
  explanation: { ja: string; en: string };
}

export const PROBLEM_TYPES = {
  validation: {
    status: 400,
    name: { ja: '入力内容に誤りがあります', en: 'Invalid input' },
    explanation: {
      ja: '本文、クエリ、パスのいずれかの値が正しくありません。`errors` に、項目ごとの場所（`path`）と理由（`message`）が入っています。直してから送り直してください。',
      en: 'A value in the body, the query or the path is invalid. `errors` lists each one with its place (`path`) and the reason (`message`). Correct them and send again.',
    },
  },
  'bad-request': {
    status: 400,
    name: { ja: 'リクエストの形式が正しくありません', en: 'Bad request' },
    explanation: {
      ja: '本文を JSON として読み取れませんでした。JSON の書き方を確かめてください。',
      en: 'The body could not be read as JSON. Check its syntax.',
    },
  },
  unauthorized: {
    status: 401,
    name: { ja: 'サインインが必要です', en: 'Sign-in required' },
    explanation: {
      ja: 'サインインしていないか、セッションの期限が切れています。メールのリンクからサインインし直してください。',
      en: 'You are not signed in, or the session has expired. Sign in again with a link by mail.',
    },
  },
  forbidden: {
    status: 403,
    name: { ja: '権限がありません', en: 'Forbidden' },
    explanation: {
      ja: 'サインインしていますが、この操作を行う役割がありません。ブラウザからの変更では、`X-CSRF-Token` ヘッダーがないか正しくない場合もこの答えになります。',
      en: 'You are signed in but your role does not allow this. For changes made from a browser, a missing or wrong `X-CSRF-Token` header also gives this answer.',
    },
  },
  'not-found': {
    status: 404,
    name: { ja: '見つかりません', en: 'Not found' },
    explanation: {
      ja: '指定されたデータやページはありません。存在していても、閲覧する権限がない場合も同じ答えになります。',
      en: 'No such item or route. Something you may not see is answered the same way as something that does not exist.',
    },
  },
  'method-not-allowed': {
    status: 405,
    name: { ja: 'この操作はできません', en: 'Method not allowed' },
    explanation: {
      ja: 'このアドレスは、このメソッドでは使えません。API の説明（/v1/openapi.json）をご覧ください。',
      en: 'This address does not take this method. See the API description (/v1/openapi.json).',
    },
  },
  conflict: {
    status: 409,
    name: { ja: '競合が発生しました', en: 'Conflict' },
    explanation: {
      ja: '同時に行われた別の操作と重なりました。最新の内容を読み込んでから、もう一度お試しください。',
      en: 'Another change happened at the same moment. Read the latest state and try again.',
    },
  },
  'stale-version': {
    status: 409,
    name: { ja: '他の方が先に更新しました', en: 'Stale version' },
    explanation: {
      ja: '送られた `version` は、読み込んだ後に他の方が更新したため古くなっています。最新の内容と `version` を読み込み直して、変更をやり直してください。',
      en: 'The `version` sent is out of date: someone updated the item after you read it. Read it again and redo the change with the new `version`.',
    },
  },
  closed: {
    status: 409,
    name: { ja: '締め切り済みです', en: 'Closed' },
    explanation: {
      ja: '締め切ったニーズや支援の申し出は編集できません。',
      en: 'A closed need or offer cannot be edited.',
    },
  },
  'membership-state': {
    status: 409,
    name: { ja: '会員登録の状態と合いません', en: 'Membership state' },
    explanation: {
      ja: '会員登録の今の状態（申請中、承認済み、一時停止など）からは、その操作はできません。',
      en: 'The membership’s current status (pending, approved, suspended …) does not allow this action.',
    },
  },
  'membership-exists': {
    status: 409,
    name: { ja: 'すでに参加申請しています', en: 'Membership exists' },
    explanation: {
      ja: 'この団体は、このプラットフォームにすでに参加申請しています。',
      en: 'This organisation has already applied to this platform.',
    },
  },
  'member-exists': {
    status: 409,
    name: { ja: 'すでに登録されている会員です', en: 'Member exists' },
    explanation: {
      ja: '同じ名前（会員番号があればその番号）の団体が、このプラットフォームの会員としてすでに登録されています。',
      en: 'An organisation with the same name (or member number) is already registered as a member of this platform.',
    },
  },
  'last-owner': {
    status: 409,
    name: { ja: '管理者がいなくなります', en: 'Last owner' },
    explanation: {
      ja: '団体には管理者が1人以上必要です。先に別の方を管理者にしてください。',
      en: 'An organisation needs at least one owner. Make someone else an owner first.',
    },
  },
  'already-member': {
    status: 409,
    name: { ja: 'すでにメンバーです', en: 'Already a member' },
    explanation: {
      ja: 'このメールアドレスの方は、すでにこの団体のメンバーです。役割はメンバーの一覧から変更できます。',
      en: 'This address is already one of the organisation’s people. Change their role in the list instead.',
    },
  },
  'match-connected': {
    status: 409,
    name: { ja: 'すでにつながりました', en: 'Already connected' },
    explanation: {
      ja: 'このご提案は双方が承諾し、つながっています。回答は変えられません。',
      en: 'Both sides have accepted this introduction; the answers can no longer change.',
    },
  },
  'match-declined': {
    status: 409,
    name: { ja: '見送りとなったご提案です', en: 'Declined' },
    explanation: {
      ja: 'このご提案は見送りとなりました。',
      en: 'This introduction was declined.',
    },
  },
  'match-expired': {
    status: 409,
    name: { ja: '回答期限を過ぎたご提案です', en: 'Expired' },
    explanation: {
      ja: 'このご提案は回答期限を過ぎました。',
      en: 'This introduction has passed its deadline.',
    },
  },
  'match-not-connected': {
    status: 409,
    name: { ja: 'まだつながっていません', en: 'Not connected yet' },
    explanation: {
      ja: '連携の結果は、双方がつながった後にお知らせください。',
      en: 'Outcomes can be reported once both sides are connected.',
    },
  },
  'offer-full': {
    status: 409,
    name: { ja: '受け入れ枠がいっぱいです', en: 'Offer full' },
    explanation: {
      ja: 'この支援の申し出は受け入れ枠がいっぱいか、受付を終了しています。',
      en: 'This offer has no slot left, or is closed.',
    },
  },
  'open-call-closed': {
    status: 409,
    name: { ja: '公募の締切を過ぎています', en: 'Open call closed' },
    explanation: {
      ja: 'この公募は締切を過ぎたため、応募を受け付けていません。次の公募をお待ちください。',
      en: 'The deadline of this open call has passed: it takes no more applications.',
    },
  },
  'match-exists': {
    status: 409,
    name: { ja: 'すでにご提案があります', en: 'Already introduced' },
    explanation: {
      ja: 'このニーズと支援の申し出の間には、回答待ちか、つながったご提案がすでにあります。そのご提案のページからご回答・ご確認ください。',
      en: 'This need and this offer already have an open or connected introduction. Answer or read it on its page.',
    },
  },
  'pair-declined': {
    status: 409,
    name: { ja: '以前に見送られた組み合わせです', en: 'Declined before' },
    explanation: {
      ja: 'このニーズと支援の申し出の組み合わせは、以前にどちらかが見送っています。見送りは最終的なもので、同じ組み合わせを改めてご提案することはありません。',
      en: 'One side declined this need and offer before. A decline is final: the same pair is not proposed again.',
    },
  },
  'self-introduction': {
    status: 409,
    name: { ja: '同じ団体どうしです', en: 'Same organisation' },
    explanation: {
      ja: 'ご自身の団体の掲載には、関心を寄せたり、つないだりすることはできません。',
      en: 'An organisation cannot be introduced to its own postings.',
    },
  },
  'inbox-full': {
    status: 409,
    name: { ja: '先方の回答待ちが多くなっています', en: 'Their inbox is full' },
    explanation: {
      ja: '先方の団体には、回答待ちのご提案がすでに上限まであります。先方が回答すると受け付けられるようになりますので、数日後にもう一度お試しください。',
      en: 'The other organisation already has as many introductions waiting for its answer as it may have. Once it answers some, yours can be sent: please try again in a few days.',
    },
  },
  'contact-verified': {
    status: 409,
    name: { ja: '確認済みの連絡先です', en: 'Contact already confirmed' },
    explanation: {
      ja: 'この連絡先メールアドレスはすでに確認されています。確認メールは送りません。',
      en: 'The contact address is already confirmed; no confirmation mail is sent.',
    },
  },
  'contact-undeliverable': {
    status: 409,
    name: { ja: 'メールが届かないアドレスです', en: 'Contact undeliverable' },
    explanation: {
      ja: 'このアドレスには以前メールが届かなかったか、迷惑メールとして報告されました。別のアドレスを登録してください。',
      en: 'Mail to this address bounced or was reported as spam before. Enter another address.',
    },
  },
  gone: {
    status: 410,
    name: { ja: 'このリンクは使えません', en: 'Gone' },
    explanation: {
      ja: '一度使われたか、取り消されたか、期限が切れたリンクです。',
      en: 'The link was used, withdrawn or has expired.',
    },
  },
  'import-gone': {
    status: 410,
    name: { ja: 'この取り込みは期限切れです', en: 'Import expired' },
    explanation: {
      ja: 'アップロードした名簿は24時間だけ保管され、その後は消えます。もう一度ファイルを選んで、プレビューから進めてください。',
      en: 'An uploaded member list is kept for 24 hours and then removed. Upload the file again and start from the preview.',
    },
  },
  'invitation-gone': {
    status: 410,
    name: { ja: 'この招待は使えません', en: 'Invitation gone' },
    explanation: {
      ja: '招待はすでに使われたか、取り消されたか、新しい招待に置き換えられました。団体の管理者に、もう一度招待を依頼してください。',
      en: 'The invitation was used, withdrawn or replaced by a newer one. Ask the organisation’s owner to invite you again.',
    },
  },
  'invitation-expired': {
    status: 410,
    name: { ja: '招待の期限が切れています', en: 'Invitation expired' },
    explanation: {
      ja: '招待のリンクは7日間有効です。団体の管理者に、もう一度招待を依頼してください。',
      en: 'An invitation link is valid for 7 days. Ask the organisation’s owner to invite you again.',
    },
  },
  'payload-too-large': {
    status: 413,
    name: { ja: '送信データが大きすぎます', en: 'Payload too large' },
    explanation: {
      ja: '送信できるデータは64KBまでです。',
      en: 'Request bodies are limited to 64 KB.',
    },
  },
  'unsupported-media-type': {
    status: 415,
    name: { ja: 'データ形式が正しくありません', en: 'Unsupported media type' },
    explanation: {
      ja: '本文は Content-Type: application/json の JSON で送ってください。',
      en: 'Send the body as JSON with Content-Type: application/json.',
    },
  },
  'rate-limited': {
    status: 429,
    name: { ja: 'リクエストが多すぎます', en: 'Too many requests' },
    explanation: {
      ja: 'サインインのリンク、招待、連絡先の確認メールを短い時間に多く求めました。`Retry-After` ヘッダーの秒数だけ待ってから、もう一度お試しください。',
      en: 'Too many sign-in links, invitations or contact confirmations were asked for in a short time. Wait the seconds the `Retry-After` header says, then try again.',
    },
  },
  internal: {
    status: 500,
    name: { ja: 'サーバーで問題が発生しました', en: 'Internal error' },
    explanation: {
      ja: 'tsunagu の不具合です。時間をおいてもう一度お試しください。解決しない場合は、`instance` の値（urn:request:…）を添えて事務局にお問い合わせください。運用担当者はその値で記録をたどれます。',
      en: 'A bug in tsunagu. Please try again later; if it keeps happening, tell the secretariat the `instance` value (urn:request:…), with which the operators find the request in their logs.',
    },
  },
  unavailable: {
    status: 503,
    name: { ja: '一時的にご利用いただけません', en: 'Service unavailable' },
    explanation: {
      ja: 'tsunagu が使うサービス（データベースなど）が混み合っているか、一時的に接続できません。`Retry-After` ヘッダーの秒数だけ待ってから、もう一度お試しください。',
      en: 'A service tsunagu relies on (the database, …) is busy or briefly unreachable. Wait the seconds the `Retry-After` header says, then try again.',
    },
  },
} as const satisfies Record<string, ProblemTypeInfo>;

/** The stable id of a kind of error: the last segment of its `type` URI. */
export type ProblemType = keyof typeof PROBLEM_TYPES;

export const isProblemType = (value: string): value is ProblemType => Object.hasOwn(PROBLEM_TYPES, value);
