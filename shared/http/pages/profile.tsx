import { type Context, Hono } from 'hono';
import { hasCurrentConsent, type Person } from '#domain';
import { safeNext } from '../auth';
import type { AppEnv } from '../env';
import { callApi, errorsOf, Form, type FormErrors, type FormValues, formValues, TextField } from './forms';
import { signedInPage } from './guard';
import { Bi, Notice, Page, Title } from './layout';
import { ConsentField, consentOf } from './legal/document';
import { render } from './view';

// お名前: the one short form that asks a person's name (氏名) and its reading (フリガナ). A person
// without a name lands here right after signing in for the first time (by the mailed link or an
// invitation) and then goes on to where they were going; later it changes the name. The name is
// required (mail and pages address people by it, docs/mail.md); the reading is optional but asked
// for, as Japanese forms do. Signing up also means agreeing to the terms of use and the privacy
// notice: a required box while the person has not agreed to the versions in force. Saved
// through PATCH /v1/me.

type C = Context<AppEnv>;

function profilePage(
  c: C,
  person: Person,
  state: { values: FormValues; errors: FormErrors; next: string | undefined },
  status: 200 | 400 = 200,
) {
  const first = !person.name;
  return render(
    c,
    <Page title={first ? 'お名前の登録' : 'お名前の変更'} titleEn={first ? 'Your name' : 'Change your name'}>
      <Title ja={first ? 'お名前の登録' : 'お名前の変更'} en={first ? 'Your name' : 'Change your name'} />
      {c.req.query('saved') === '1' ? (
        <Notice>
          <Bi ja="保存しました。" en="Saved." />
        </Notice>
      ) : null}
      <p>
        {first ? (
          <Bi
            ja="はじめに、お名前を教えてください。メールや画面で「団体名 氏名 様」のようにお呼びするときに使います。"
            en="First, please tell us your name. Mail and pages address you by it."
          />
        ) : (
          <Bi ja="メールや画面でお呼びするときのお名前です。" en="The name mail and pages address you by." />
        )}
      </p>
      <Form action="/profile" values={state.values} errors={state.errors}>
        {state.next ? <input type="hidden" name="next" value={state.next} /> : null}
        <TextField
          name="name"
          ja="氏名"
          en="Name"
          required
          autocomplete="name"
          maxlength={100}
          hint="例: 田中 恵 As you write it."
        />
        <TextField
          name="nameKana"
          ja="フリガナ"
          en="Reading in kana"
          maxlength={100}
          hint="カタカナまたはひらがなで、なるべくご記入ください。 例: タナカ メグミ Katakana or hiragana, recommended."
        />
        {hasCurrentConsent(person) ? null : <ConsentField />}
        <button type="submit">
          {first ? <Bi ja="登録して進む" en="Save and continue" /> : <Bi ja="保存する" en="Save" />}
        </button>
      </Form>
      <p class="note">
        <Bi ja={`サインイン中のメールアドレス: ${person.email}`} en={`Signed in as ${person.email}`} />
      </p>
    </Page>,
    status,
  );
}

const stringOf = (value: string | string[] | undefined): string =>
  (Array.isArray(value) ? value[0] : value) ?? '';

export const profilePages = new Hono<AppEnv>()
  .get('/profile', (c) =>
    signedInPage(c, (actor) =>
      profilePage(c, actor.person, {
        values: { name: actor.person.name ?? '', nameKana: actor.person.nameKana ?? '' },
        errors: {},
        next: safeNext(c.req.query('next')),
      }),
    ),
  )
  .post('/profile', (c) =>
    signedInPage(c, async (actor) => {
      const values = await formValues(c);
      const next = safeNext(values.next);
      const kana = stringOf(values.nameKana).trim();
      // The name always goes to the API, blank too, so a blank name is "required", not "no change".
      const consent = consentOf(values);
      const result = await callApi(c, 'PATCH', '/me', {
        name: stringOf(values.name),
        nameKana: kana === '' ? null : kana,
        ...(consent ? { consent } : {}),
      });
      if (!result.ok)
        return profilePage(c, actor.person, { values, errors: errorsOf(result.problem), next }, 400);
      return c.redirect(next ?? '/profile?saved=1', 303);
    }),
  );
