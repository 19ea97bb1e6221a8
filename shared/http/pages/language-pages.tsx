import type { Context } from 'hono';
import { Hono } from 'hono';
import { ForbiddenError, type Language, ValidationError } from '#domain';
import { type Link, verifyLink } from '#mail';
import { safeNext } from '../auth';
import type { AppEnv } from '../env';
import { InvalidLinkPage } from './errors';
import { isLanguage, setLanguageCookie } from './language';
import { Bi, Page, Title } from './layout';
import { anonymousCsrfOk, render } from './view';

// The language switch. In the header (POST /language, a form with the CSRF token): a signed-in
// person's stored language (one conditional write) or a visitor's cookie, then back to the same
// page (a path of this site only). In a mail's footer (/language/from-mail?token=…, signed like the
// unsubscribe links): GET only shows a button (link scanners fetch links), the POST switches.

type C = Context<AppEnv>;
type LanguageLink = Extract<Link, { a: 'language' }>;

const STALE =
  'ページの有効期限が切れました。ページを再読み込みしてから、もう一度お試しください。 This page expired; reload it and try again.';

function languageLink(c: C, token: string): LanguageLink | undefined {
  const link = verifyLink(c.var.ctx.config.secret, token, c.var.ctx.now());
  return link?.a === 'language' ? link : undefined;
}

/** The person with this id or address reads tsunagu in `lang` from now on (if they exist). */
async function store(c: C, personId: string | undefined, lang: Language): Promise<void> {
  if (personId)
    await c.var.ctx.store.people.patch(personId, { language: lang }, c.var.ctx.now().toISOString());
}

function InvalidLink() {
  return (
    <InvalidLinkPage
      ja="このリンクは正しくないか、途中で切れています。言語は、画面上部の「English」からいつでも切り替えられます。"
      en="This link is not valid or was cut short. The switch at the top of every page changes the language too."
    />
  );
}

function Question({ token, link }: { token: string; link: LanguageLink }) {
  return (
    <Page title="日本語で表示する" titleEn="Read tsunagu in English">
      <Title ja="日本語で表示する" en="Read tsunagu in English" />
      <p>
        <Bi
          ja={`tsunagu のページと、${link.e} あてのメールを日本語でお届けします。`}
          en={`tsunagu's pages, and mail to ${link.e}, will be in English.`}
        />
      </p>
      <form method="post" action={`/language/from-mail?token=${encodeURIComponent(token)}`}>
        <button type="submit">
          <Bi ja="日本語に切り替える" en="Switch to English" />
        </button>
      </form>
    </Page>
  );
}

function Switched({ account }: { account: boolean }) {
  return (
    <Page title="日本語に切り替えました" titleEn="Switched to English">
      <Title ja="日本語に切り替えました" en="Switched to English" />
      <p>
        {account ? (
          <Bi
            ja="これからのページとメールは日本語でお届けします。「配信設定」からいつでも変更できます。"
            en="Pages and mail will be in English from now on. You can change it any time in your email preferences."
          />
        ) : (
          <Bi
            ja="このブラウザでは日本語で表示します。このアドレスでサインインすると、メールも日本語でお届けします。"
            en="This browser shows tsunagu in English. Sign in with this address and mail comes in English too."
          />
        )}
      </p>
      <p>
        <a class="button" href="/">
          <Bi ja="ホームへ" en="Home" />
        </a>
      </p>
    </Page>
  );
}

export const languagePages = new Hono<AppEnv>()
  .post('/language', async (c) => {
    const form = await c.req.parseBody();
    // A signed-in person's token was checked before (session.ts); a visitor's is the double-submit one.
    if (!c.var.auth && !anonymousCsrfOk(c, form)) throw new ForbiddenError(STALE);
    const lang = form.lang;
    if (!isLanguage(lang)) {
      throw new ValidationError([{ path: 'lang', message: '言語を選んでください。 Choose a language.' }]);
    }
    await store(c, c.var.auth?.actor.person.id, lang);
    setLanguageCookie(c, lang);
    return c.redirect(safeNext(form.next) ?? '/', 303);
  })
  .get('/language/from-mail', (c) => {
    const token = c.req.query('token') ?? '';
    const link = languageLink(c, token);
    if (!link) return render(c, <InvalidLink />, 400);
    // The page asks in the language it offers; nothing is stored until the button is pressed.
    c.set('chosenLanguage', link.l);
    return render(c, <Question token={token} link={link} />);
  })
  .post('/language/from-mail', async (c) => {
    const link = languageLink(c, c.req.query('token') ?? '');
    if (!link) return render(c, <InvalidLink />, 400);
    const person = await c.var.ctx.store.people.getByEmail(link.e);
    await store(c, person?.id, link.l);
    setLanguageCookie(c, link.l);
    c.set('chosenLanguage', link.l);
    return render(c, <Switched account={person !== undefined} />);
  });
