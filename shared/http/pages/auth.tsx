import { Hono } from 'hono';
import { emailSchema, type Person, RateLimitError, ValidationError } from '#domain';
import { requestMagicLink, safeNext, signIn, signOut } from '../auth';
import { clientIp } from '../client-ip';
import type { AppEnv } from '../env';
import { clearSessionCookie, setSessionCookie } from '../session';
import { Form, TextField } from './forms';
import { languageOf } from './language';
import { Bi, Notice, Page, Title } from './layout';
import { anonymousCsrfOk, render, useT } from './view';

// Sign in by email: a form that mails a single-use link, and a landing page for the link that
// signs in on a button press (mail scanners that follow links must not use up the token).
// Both forms carry the anonymous double-submit CSRF token; a signed-in person signs out by POST.

const STALE = {
  ja: 'ページの有効期限が切れました。もう一度送信してください。',
  en: 'This page expired; please send it again.',
};
const BAD_ADDRESS = {
  ja: 'メールアドレスの形式が正しくありません（例: name@example.jp）。',
  en: 'Please check the address (for example name@example.jp).',
};
const TOO_MANY = {
  ja: '短い時間にリンクの依頼が続いたため、しばらく受け付けを止めています。15分ほどたってからお試しください。',
  en: 'Too many requests; please try again in about 15 minutes.',
};
type Message = { ja: string; en: string };

/**
 * Where a browser goes once signed in: `target`, or first the name form for a person who has not
 * given their name yet (then on to `target`).
 */
export function afterSignIn(person: Person, target: string): string {
  return person.name ? target : `/profile?next=${encodeURIComponent(target)}`;
}

export function SignInForm(props: { email?: string; error?: Message; next?: string | undefined }) {
  const t = useT();
  return (
    <Form
      action="/auth/sign-in"
      values={{ email: props.email ?? '' }}
      errors={props.error ? { email: t(props.error.ja, props.error.en) } : {}}
    >
      {props.next ? <input type="hidden" name="next" value={props.next} /> : null}
      <TextField
        name="email"
        type="email"
        ja="メールアドレス"
        en="Email"
        autocomplete="email"
        required
        hint={
          <Bi
            ja="サインイン用のリンクをお送りします。初めての方も、このまま登録できます。"
            en="We email you a sign-in link. New here? The same link signs you up."
          />
        }
      />
      <button type="submit">
        <Bi ja="サインイン用リンクを送る" en="Email me a link" />
      </button>
    </Form>
  );
}

function SignInPage(props: { email?: string; error?: Message; next?: string | undefined }) {
  return (
    <Page title="サインイン" titleEn="Sign in">
      <Title ja="サインイン" en="Sign in" />
      <p>
        <Bi
          ja="パスワードは不要です。メールアドレスに届くリンクからサインインします。"
          en="No password: we email you a link."
        />
      </p>
      <SignInForm {...props} />
    </Page>
  );
}

export const authPages = new Hono<AppEnv>()
  .get('/auth/sign-in', (c) => {
    if (c.var.auth) return c.redirect(safeNext(c.req.query('next')) ?? '/', 303);
    return render(c, <SignInPage next={safeNext(c.req.query('next'))} />);
  })
  .post('/auth/sign-in', async (c) => {
    const form = await c.req.parseBody();
    const typed = typeof form.email === 'string' ? form.email : '';
    const next = safeNext(form.next);
    if (!anonymousCsrfOk(c, form))
      return render(c, <SignInPage email={typed} error={STALE} next={next} />, 403);
    const email = emailSchema.safeParse(typed.trim());
    if (!email.success) {
      return render(c, <SignInPage email={typed} error={BAD_ADDRESS} next={next} />, 400);
    }
    try {
      await requestMagicLink(c.var.ctx, email.data, clientIp(c), next, languageOf(c));
    } catch (error) {
      if (!(error instanceof RateLimitError)) throw error;
      c.header('retry-after', String(error.retryAfterSeconds));
      return render(c, <SignInPage email={typed} error={TOO_MANY} next={next} />, 429);
    }
    return render(
      c,
      <Page title="メールを確認してください" titleEn="Check your email">
        <Title ja="メールを確認してください" en="Check your email" />
        <Notice>
          <Bi
            ja={`${email.data} あてに、サインイン用のリンクをお送りしました。15分以内に開いてください。`}
            en="We sent you a sign-in link. Open it within 15 minutes."
          />
        </Notice>
        <p class="note">
          <Bi
            ja="メールが届かない場合は、迷惑メールのフォルダもご確認ください。"
            en="If it does not arrive, check your spam folder."
          />
        </p>
      </Page>,
      202,
    );
  })
  .get('/auth/verify', (c) => {
    const token = c.req.query('token') ?? '';
    const next = safeNext(c.req.query('next'));
    return render(
      c,
      <Page title="サインイン" titleEn="Sign in">
        <Title ja="サインインを完了する" en="Complete sign-in" />
        <Form action="/auth/verify">
          <input type="hidden" name="token" value={token} />
          {next ? <input type="hidden" name="next" value={next} /> : null}
          <button type="submit">
            <Bi ja="サインインを完了する" en="Complete sign-in" />
          </button>
        </Form>
      </Page>,
    );
  })
  .post('/auth/verify', async (c) => {
    const form = await c.req.parseBody();
    const token = typeof form.token === 'string' ? form.token : '';
    const next = safeNext(form.next);
    if (!anonymousCsrfOk(c, form)) {
      return render(
        c,
        <Page title="もう一度お試しください" titleEn="Please try again">
          <Title ja="もう一度お試しください" en="Please try again" />
          <p>
            <Bi {...STALE} />
          </p>
          <p>
            <a
              class="button"
              href={`/auth/verify?token=${encodeURIComponent(token)}${next ? `&next=${encodeURIComponent(next)}` : ''}`}
            >
              <Bi ja="サインインのページを開き直す" en="Open the sign-in page again" />
            </a>
          </p>
        </Page>,
        403,
      );
    }
    try {
      const session = await signIn(c.var.ctx, token, languageOf(c));
      setSessionCookie(c, session.token, session.expiresAt);
      return c.redirect(afterSignIn(session.person, next ?? (session.created ? '/?welcome=1' : '/')), 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return render(
        c,
        <Page title="リンクが無効です" titleEn="This link no longer works">
          <Title ja="リンクが無効です" en="This link no longer works" />
          <p>
            <Bi
              ja="このリンクは使用済みか、有効期限（15分）が切れています。お手数ですが、もう一度サインインをお試しください。"
              en="This link was already used or has expired. Please request a new one."
            />
          </p>
          <SignInForm next={next} />
        </Page>,
        400,
      );
    }
  })
  .post('/auth/sign-out', async (c) => {
    // The session's CSRF token was checked on the way in (authenticate); without a session
    // there is nothing to end.
    const auth = c.var.auth;
    if (auth) await signOut(c.var.ctx, auth.session);
    clearSessionCookie(c);
    return c.redirect('/?signed-out=1', 303);
  });
