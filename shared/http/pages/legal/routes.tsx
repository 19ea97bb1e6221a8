import { type Context, Hono } from 'hono';
import { type Actor, changesSince, isSecretariat, type Platform, type PlatformRules } from '#domain';
import { safeNext } from '../../auth';
import type { AppEnv } from '../../env';
import { callApi, errorsOf, Form, type FormErrors, type FormValues, formValues, TextArea } from '../forms';
import { signedInPage } from '../guard';
import { Bi, Notice, Page, Title } from '../layout';
import { platformOf } from '../platforms/common';
import { render, useT } from '../view';
import { CONSENT_REQUIRED, ConsentField, consentOf, LegalPage } from './document';
import { privacyNotice } from './privacy-notice';
import { termsOfUse } from './terms';

// The terms of use and the privacy notice (public), the page that asks for agreement to a new
// version, and a platform's own rules (public; its secretariat edits them on the same page).

type C = Context<AppEnv>;

function consentPage(
  c: C,
  actor: Actor,
  state: { errors: FormErrors; next: string | undefined },
  status: 200 | 400 = 200,
) {
  const changes = changesSince(actor.person.consent);
  return render(
    c,
    <Page title="利用規約等の更新" titleEn="Updated terms">
      <Title ja="利用規約・プライバシーポリシーへの同意" en="Please agree to the terms" />
      <p>
        {actor.person.consent ? (
          <Bi
            ja="利用規約またはプライバシーポリシーが更新されました。内容をご確認のうえ、同意してください。"
            en="The terms of use or the privacy notice changed. Please read them and agree to continue."
          />
        ) : (
          <Bi
            ja="引き続きご利用いただくには、利用規約とプライバシーポリシーへの同意が必要です。"
            en="To go on using tsunagu, please agree to the terms of use and the privacy notice."
          />
        )}
      </p>
      {changes.length > 0 ? (
        <>
          <h2>
            <Bi ja="主な変更点" en="What changed" />
          </h2>
          <ul>
            {changes.map((change) => (
              <li>
                <Bi ja={`${change.version}: ${change.ja}`} en={`${change.version}: ${change.en}`} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <Form action="/consent" errors={state.errors}>
        {state.next ? <input type="hidden" name="next" value={state.next} /> : null}
        <ConsentField />
        <button type="submit">
          <Bi ja="同意して進む" en="Agree and continue" />
        </button>
      </Form>
      <p class="note">
        <Bi
          ja="同意されない場合も、アカウントのページからデータのダウンロードやアカウントの削除ができます。"
          en="If you do not agree, you can still download your data or delete your account on your account page."
        />{' '}
        <a href="/account">
          <Bi ja="アカウント" en="Your account" />
        </a>
      </p>
    </Page>,
    status,
  );
}

function RulesText({ rules }: { rules: PlatformRules }) {
  return (
    <>
      {rules.text.split(/\n{2,}/).map((para) => (
        <p class="pre-line">{para}</p>
      ))}
    </>
  );
}

function rulesPage(
  c: C,
  platform: Platform,
  rules: PlatformRules | undefined,
  form?: { values: FormValues; errors: FormErrors },
  status: 200 | 400 | 403 = 200,
) {
  const actor = c.var.auth?.actor;
  const editing = actor !== undefined && isSecretariat(actor, platform.id);
  return render(
    c,
    <Page title={`${platform.name} のルール`} titleEn={`Rules of ${platform.nameEn ?? platform.name}`}>
      <RulesTitle platform={platform} />
      {c.req.query('saved') === '1' ? (
        <Notice>
          <Bi ja="保存しました。" en="Saved." />
        </Notice>
      ) : null}
      <p>
        <a href={`/platforms/${platform.id}`}>
          <Bi ja="プラットフォームのページへ戻る" en="Back to the platform" />
        </a>
      </p>
      {rules ? (
        <article class="legal">
          <RulesText rules={rules} />
          <p class="note">
            <Bi ja={`版: ${rules.version}`} en={`Version: ${rules.version}`} />
          </p>
        </article>
      ) : (
        <p>
          <Bi
            ja="このプラットフォームは、独自のルールをまだ掲載していません。サービス全体の利用規約が適用されます。"
            en="This platform has not published rules of its own; the service's terms of use apply."
          />
        </p>
      )}
      <p>
        <a href="/terms">
          <Bi ja="サービスの利用規約" en="The service's terms of use" />
        </a>
      </p>
      {editing || form ? (
        <>
          <h2>
            <Bi ja="ルールを編集する（事務局）" en="Edit the rules (secretariat)" />
          </h2>
          <Form
            action={`/platforms/${platform.id}/rules`}
            values={form?.values ?? { text: rules?.text ?? '' }}
            errors={form?.errors ?? {}}
          >
            <TextArea
              name="text"
              ja="ルールの本文"
              en="Text of the rules"
              rows={14}
              maxlength={20000}
              hint={
                <Bi
                  ja="空にして保存すると、掲載をやめます。保存した日時が新しい版になります。"
                  en="Saving it empty removes the rules. The time it is saved is its new version."
                />
              }
            />
            <button type="submit">
              <Bi ja="保存する" en="Save" />
            </button>
          </Form>
        </>
      ) : null}
    </Page>,
    status,
  );
}

function RulesTitle({ platform }: { platform: Platform }) {
  const t = useT();
  const name = t(platform.name, platform.nameEn ?? platform.name);
  return <Title ja={`${name} のルール`} en={`Rules of ${name}`} />;
}

export const legalPages = new Hono<AppEnv>()
  .get('/terms', (c) => render(c, <LegalPage doc={termsOfUse(c.var.ctx.config)} />))
  .get('/privacy', (c) => render(c, <LegalPage doc={privacyNotice(c.var.ctx.config)} />))
  .get('/consent', (c) =>
    signedInPage(c, (actor) => consentPage(c, actor, { errors: {}, next: safeNext(c.req.query('next')) })),
  )
  .post('/consent', (c) =>
    signedInPage(c, async (actor) => {
      const values = await formValues(c);
      const next = safeNext(values.next);
      const consent = consentOf(values);
      if (!consent) return consentPage(c, actor, { errors: { consent: CONSENT_REQUIRED }, next }, 400);
      const result = await callApi(c, 'PATCH', '/me', { consent });
      if (!result.ok) return consentPage(c, actor, { errors: errorsOf(result.problem), next }, 400);
      return c.redirect(next ?? '/', 303);
    }),
  )
  .get('/platforms/:platformId/rules', async (c) => {
    const platform = await platformOf(c);
    return rulesPage(c, platform, await c.var.ctx.store.privacy.rules(platform.id));
  })
  .post('/platforms/:platformId/rules', (c) =>
    signedInPage(c, async () => {
      const platform = await platformOf(c);
      const values = await formValues(c);
      const text = typeof values.text === 'string' ? values.text : '';
      const result = await callApi(c, 'PUT', `/platforms/${platform.id}/rules`, { text });
      if (!result.ok) {
        const rules = await c.var.ctx.store.privacy.rules(platform.id);
        const status = result.status === 403 ? 403 : 400;
        return rulesPage(c, platform, rules, { values, errors: errorsOf(result.problem) }, status);
      }
      return c.redirect(`/platforms/${platform.id}/rules?saved=1`, 303);
    }),
  );
