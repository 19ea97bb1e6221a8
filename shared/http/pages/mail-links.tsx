import { Hono } from 'hono';
import { answerIntroduction, reportOutcome } from '#batch';
import { DomainError, type Match, OUTCOME_LABELS } from '#domain';
import { applyUnsubscribe, type Link, verifyLink } from '#mail';
import type { AppEnv } from '../env';
import { InvalidLinkPage } from './errors';
import { declineReasonOf } from './forms';
import { answerSummary, MatchSummary } from './introductions/answer-summary';
import { inLanguage } from './language';
import { Bi, Page, Title } from './layout';
import { render } from './view';

// The pages behind the links in mails. Each link is signed and does one thing; GET only shows
// what it will do (mail scanners follow links), the button POSTs. RFC 8058 one-click
// unsubscribe POSTs straight to the same URL.

type AnswerLink = Extract<Link, { a: 'accept' | 'decline' | 'outcome' }>;

function InvalidLink() {
  return (
    <InvalidLinkPage
      ja="このリンクは正しくないか、有効期限が切れています。サインインすると、ご提案は「つながりのご提案」から、メールの設定は「配信設定」から確認・変更できます。"
      en="This link is not valid or has expired. Sign in to see your introductions, or to change your email preferences."
    >
      <div class="actions">
        <a class="button" href="/matches">
          <Bi ja="つながりのご提案" en="Introductions" />
        </a>
        <a class="button secondary" href="/preferences">
          <Bi ja="配信設定" en="Email preferences" />
        </a>
      </div>
    </InvalidLinkPage>
  );
}

const question: Record<AnswerLink['a'], { ja: string; en: string; button: { ja: string; en: string } }> = {
  accept: {
    ja: 'このご提案を承諾しますか？ 双方が承諾すると、お互いの連絡先をメールでお知らせします。',
    en: 'Accept this introduction? When both sides accept, each receives the other’s contact by email.',
    button: { ja: '承諾する', en: 'Accept' },
  },
  decline: {
    ja: 'このご提案を見送りますか？ 見送ったご提案は、再度ご提案することはありません。',
    en: 'Decline this introduction? It will not be proposed again.',
    button: { ja: '見送る', en: 'Decline' },
  },
  outcome: {
    ja: '連携の状況を次のとおり回答しますか？',
    en: 'Report this outcome?',
    button: { ja: '回答する', en: 'Send' },
  },
};

/** What to say instead of the question when the answer is no longer open (the link is seen later). */
function answeredAlready(link: AnswerLink, match: Match): { ja: string; en: string } | undefined {
  if (link.a === 'outcome') return undefined;
  if (match.status === 'connected') {
    return {
      ja: '双方が承諾し、つながりました。連絡先はメールでお送りしています。',
      en: 'Both sides accepted; the contacts were emailed.',
    };
  }
  if (match.status === 'declined')
    return { ja: 'このご提案は見送りとなりました。', en: 'This introduction was declined.' };
  if (match.status === 'expired')
    return { ja: 'このご提案は回答期限を過ぎました。', en: 'This introduction has expired.' };
  const own = match.responses[link.s];
  if (own?.decision === 'accepted' && link.a === 'accept') {
    return {
      ja: '承諾を受け付けています。相手の団体の回答をお待ちください。',
      en: 'You have accepted; waiting for the other side.',
    };
  }
  return undefined;
}

async function loadAnswerLink(c: { var: AppEnv['Variables'] }, token: string) {
  const link = verifyLink(c.var.ctx.config.secret, token, c.var.ctx.now());
  if (!link || (link.a !== 'accept' && link.a !== 'decline' && link.a !== 'outcome')) return undefined;
  const match = await c.var.ctx.store.matches.get(link.m);
  return match ? { link, match, summary: await answerSummary(c.var.ctx, match, link.s) } : undefined;
}

function unsubscribeLink(c: { var: AppEnv['Variables'] }, token: string) {
  const link = verifyLink(c.var.ctx.config.secret, token, c.var.ctx.now());
  return link && (link.a === 'digest-off' || link.a === 'unsubscribe') ? link : undefined;
}

export const mailLinkPages = new Hono<AppEnv>()
  .get('/respond', async (c) => {
    const token = c.req.query('token') ?? '';
    const found = await loadAnswerLink(c, token);
    if (!found) return render(c, <InvalidLink />, 400);
    const closed = answeredAlready(found.link, found.match);
    if (closed) {
      return render(
        c,
        <Page title="ご提案への回答" titleEn="Your answer">
          <Title ja="ご提案への回答" en="Your answer" />
          <MatchSummary summary={found.summary} side={found.link.s} />
          <p>
            <Bi {...closed} />
          </p>
        </Page>,
      );
    }
    const q = question[found.link.a];
    return render(
      c,
      <Page title="ご提案への回答" titleEn="Your answer">
        <Title ja="ご提案への回答" en="Your answer" />
        <MatchSummary summary={found.summary} side={found.link.s} />
        <p>
          <Bi ja={q.ja} en={q.en} />
        </p>
        {found.link.a === 'outcome' ? (
          <p>
            <strong>
              <Bi {...OUTCOME_LABELS[found.link.o]} />
            </strong>
          </p>
        ) : null}
        <form method="post" action={`/respond?token=${encodeURIComponent(token)}`}>
          {found.link.a === 'decline' ? (
            <p>
              <label for="reason">
                <Bi
                  ja="見送りの理由（任意・事務局のみが閲覧します）"
                  en="Reason (optional, seen by the secretariat only)"
                />
              </label>
              <br />
              <textarea id="reason" name="reason" rows={3} maxlength={1000} />
            </p>
          ) : null}
          <button type="submit">
            <Bi {...q.button} />
          </button>
        </form>
      </Page>,
    );
  })
  .post('/respond', async (c) => {
    const token = c.req.query('token') ?? '';
    const found = await loadAnswerLink(c, token);
    if (!found) return render(c, <InvalidLink />, 400);
    const { link } = found;
    const form = await c.req.parseBody();
    try {
      const match =
        link.a === 'outcome'
          ? await reportOutcome(c.var.ctx, { matchId: link.m, side: link.s, outcome: link.o })
          : await answerIntroduction(c.var.ctx, {
              matchId: link.m,
              side: link.s,
              decision: link.a,
              reason: declineReasonOf(form),
            });
      const [ja, en] =
        link.a === 'outcome'
          ? [
              'ご回答ありがとうございました。プラットフォームの取り組みに役立てます。',
              'Thank you for letting us know.',
            ]
          : match.status === 'connected'
            ? [
                '双方が承諾しました。お互いの連絡先をメールでお送りしました。',
                'Both sides accepted: we have emailed each of you the other’s contact.',
              ]
            : link.a === 'accept'
              ? [
                  '承諾を受け付けました。相手の団体の回答をお待ちください。',
                  'Accepted. We will let you know when the other side answers.',
                ]
              : [
                  '見送りを受け付けました。ご回答ありがとうございました。',
                  'Declined. Thank you for answering.',
                ];
      return render(
        c,
        <Page title="回答を受け付けました" titleEn="Thank you">
          <Title ja="回答を受け付けました" en="Thank you" />
          <p>
            <Bi ja={ja} en={en} />
          </p>
        </Page>,
      );
    } catch (error) {
      if (!(error instanceof DomainError) || error.status !== 409) throw error;
      return render(
        c,
        <Page title="回答できませんでした" titleEn="Your answer was not taken">
          <Title ja="回答できませんでした" en="Your answer was not taken" />
          <p class="error">
            <Bi ja={inLanguage('ja', error.detail)} en={inLanguage('en', error.detail)} />
          </p>
        </Page>,
        409,
      );
    }
  })
  .get('/v1/unsubscribe', async (c) => {
    const token = c.req.query('token') ?? '';
    const link = unsubscribeLink(c, token);
    if (!link) return render(c, <InvalidLink />, 400);
    return render(
      c,
      <Page title="配信停止" titleEn="Unsubscribe">
        <Title ja="配信停止" en="Unsubscribe" />
        <p>
          {link.a === 'digest-off' ? (
            <Bi
              ja="このプラットフォームの週1回のお知らせ（ダイジェスト）の配信を停止しますか？"
              en="Stop the weekly digest of this platform?"
            />
          ) : link.c === 'digest' ? (
            <Bi
              ja="このアドレスへの、週1回のお知らせ（ダイジェスト）の配信を停止しますか？"
              en="Stop the weekly digest to this address?"
            />
          ) : (
            <Bi
              ja="このアドレスへの、つながりのご提案に関するメールの配信を停止しますか？"
              en="Stop introduction emails to this address?"
            />
          )}
        </p>
        <form method="post" action={`/v1/unsubscribe?token=${encodeURIComponent(token)}`}>
          <button type="submit">
            <Bi ja="配信を停止する" en="Unsubscribe" />
          </button>
        </form>
      </Page>,
    );
  })
  .post('/v1/unsubscribe', async (c) => {
    const link = unsubscribeLink(c, c.req.query('token') ?? '');
    if (!link) return render(c, <InvalidLink />, 400);
    await applyUnsubscribe(c.var.ctx, link);
    return render(
      c,
      <Page title="配信を停止しました" titleEn="Unsubscribed">
        <Title ja="配信を停止しました" en="Unsubscribed" />
        {link.a === 'unsubscribe' && link.c === 'digest' ? (
          // The address of a member without people: it has no preferences to sign in to.
          <p>
            <Bi
              ja="このアドレスへの週1回のお知らせの配信を停止しました。ご不明な点は、プラットフォームの事務局にお問い合わせください。"
              en="The weekly digest to this address is stopped. For any questions, please contact the platform's secretariat."
            />
          </p>
        ) : (
          <>
            <p>
              <Bi
                ja="配信を停止しました。設定はサインイン後の「配信設定」からいつでも変更できます。"
                en="You are unsubscribed. You can change this any time in your preferences after signing in."
              />
            </p>
            <p>
              <a href="/preferences">
                <Bi ja="配信設定" en="Preferences" />
              </a>
            </p>
          </>
        )}
      </Page>,
    );
  });
