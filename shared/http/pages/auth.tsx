import { Hono } from 'hono';
import { emailSchema, type Language, ValidationError } from '#domain';
import { requestMagicLink, signIn } from '../auth';
import { clientIp } from '../client-ip';
import type { AppEnv } from '../env';
import { setSessionCookie } from '../session';
import { Page } from './layout';

// The minimum a person needs to get in from the mail: a landing page for the magic link that
// signs in on a button press (mail scanners that follow links must not use up the token).

export const authPages = new Hono<AppEnv>()
  .get('/', async (c) => {
    const person = c.var.auth?.actor.person;
    return c.html(
      <Page title="ホーム">
        <h1>tsunagu つなぐ</h1>
        <p>孤独・孤立対策の官民連携プラットフォームで、団体どうしのつながりをつくるサービスです。</p>
        {person ? (
          <p>
            {person.email} でサインインしています。 Signed in as {person.email}.
          </p>
        ) : (
          <SignInForm />
        )}
      </Page>,
    );
  })
  .post('/auth/sign-in', async (c) => {
    const form = await c.req.parseBody();
    const email = emailSchema.safeParse(form.email);
    if (!email.success) {
      return c.html(
        <Page title="サインイン">
          <SignInForm
            error="メールアドレスの形式が正しくありません。 Please check the address."
            value={String(form.email ?? '')}
          />
        </Page>,
        400,
      );
    }
    await requestMagicLink(c.var.ctx, email.data, clientIp(c));
    return c.html(
      <Page title="メールを確認してください">
        <h1>メールを確認してください</h1>
        <p>サインイン用のリンクをお送りしました。15分以内に開いてください。</p>
        <p class="note">We sent you a sign-in link. Open it within 15 minutes.</p>
      </Page>,
      202,
    );
  })
  .get('/auth/verify', (c) => {
    const token = c.req.query('token') ?? '';
    return c.html(
      <Page title="サインイン">
        <h1>サインイン / Sign in</h1>
        <form method="post" action="/auth/verify">
          <input type="hidden" name="token" value={token} />
          <button type="submit">サインインを完了する / Complete sign-in</button>
        </form>
      </Page>,
    );
  })
  .post('/auth/verify', async (c) => {
    const form = await c.req.parseBody();
    const token = typeof form.token === 'string' ? form.token : '';
    try {
      const session = await signIn(c.var.ctx, token);
      setSessionCookie(c, session.token, session.expiresAt);
      return c.redirect('/', 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return c.html(
        <Page title="リンクが無効です">
          <h1>リンクが無効です</h1>
          <p class="error">
            このリンクは使用済みか、有効期限（15分）が切れています。お手数ですが、もう一度サインインをお試しください。
          </p>
          <p class="note">This link was already used or has expired. Please request a new one.</p>
          <SignInForm />
        </Page>,
        400,
      );
    }
  });

function SignInForm({ error, value, lang = 'ja' }: { error?: string; value?: string; lang?: Language }) {
  return (
    <form method="post" action="/auth/sign-in" lang={lang}>
      <label for="email">メールアドレス / Email</label>
      <br />
      <input
        id="email"
        name="email"
        type="email"
        autocomplete="email"
        required
        value={value ?? ''}
        aria-describedby={error ? 'email-error' : undefined}
      />
      {error ? (
        <p id="email-error" class="error">
          {error}
        </p>
      ) : null}
      <p>
        <button type="submit">サインイン用リンクを送る / Email me a link</button>
      </p>
    </form>
  );
}
