import { Hono } from 'hono';
import { FIELDS, type Preferences, preferencesSchema, wantsDigest } from '#domain';
import { introductionMailsOf, setIntroductionMails } from '#mail';
import type { AppEnv } from '../env';
import { Page } from './layout';
import { render } from './view';

// 配信設定: the page every mail links to. Signed out, it asks to sign in; signed in, it changes
// the same preferences as PUT /v1/me/preferences (regions are kept as they are).

/** Platforms where one of the person's organisations is an approved member: one Query per organisation. */
async function memberPlatforms(c: { var: AppEnv['Variables'] }): Promise<{ id: string; name: string }[]> {
  const { ctx } = c.var;
  const orgIds = [...c.var.auth!.actor.orgRoles.keys()];
  const memberships = (
    await Promise.all(orgIds.map((id) => ctx.store.memberships.ofOrganization(id)))
  ).flat();
  const ids = [
    ...new Set(memberships.filter((m) => m.status === 'approved').map((m) => m.platformId)),
  ].sort();
  const platforms = await Promise.all(ids.map((id) => ctx.store.platforms.get(id)));
  return platforms.flatMap((p) => (p ? [{ id: p.id, name: p.name }] : []));
}

function PreferencesForm(props: {
  prefs: Preferences;
  email: string;
  platforms: { id: string; name: string }[];
  csrf: string;
  saved?: boolean;
}) {
  const { prefs } = props;
  return (
    <Page title="配信設定">
      <h1>配信設定 / Email preferences</h1>
      {props.saved ? (
        <p role="status">
          保存しました。 <span class="note">Saved.</span>
        </p>
      ) : null}
      <form method="post" action="/preferences">
        <input type="hidden" name="_csrf" value={props.csrf} />
        <fieldset>
          <legend>言語 / Language</legend>
          <label>
            <input type="radio" name="language" value="ja" checked={prefs.language === 'ja'} /> 日本語
          </label>{' '}
          <label>
            <input type="radio" name="language" value="en" checked={prefs.language === 'en'} />{' '}
            English（日本語も併記）
          </label>
        </fieldset>
        <fieldset>
          <legend>週1回のお知らせ（ダイジェスト） / Weekly digest</legend>
          {props.platforms.length === 0 ? (
            <p class="note">会員として参加しているプラットフォームはまだありません。</p>
          ) : null}
          {props.platforms.map((p) => (
            <p>
              <label>
                <input type="checkbox" name="digest" value={p.id} checked={wantsDigest(prefs, p.id)} />{' '}
                {p.name}
              </label>
            </p>
          ))}
        </fieldset>
        <fieldset>
          <legend>つながりのご提案 / Introductions</legend>
          <label>
            <input
              type="checkbox"
              name="introductionMails"
              value="on"
              checked={prefs.introductionMails !== 'off'}
            />{' '}
            団体の連絡先として、ご提案・リマインド・連携状況のおたずねを受け取る
          </label>
          <p class="note">
            Proposals, reminders and follow-ups to {props.email}.
            双方が承諾した後の連絡先のお知らせは、この設定にかかわらずお送りします。
          </p>
        </fieldset>
        <fieldset>
          <legend>関心のある分野（未選択はすべて） / Fields (none = all)</legend>
          {FIELDS.map((f) => (
            <label class="choice">
              <input type="checkbox" name="fields" value={f.slug} checked={prefs.fields.includes(f.slug)} />{' '}
              {f.ja}
            </label>
          ))}
        </fieldset>
        <p>
          <button type="submit">保存する / Save</button>
        </p>
      </form>
    </Page>
  );
}

const all = (v: unknown): string[] =>
  (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x) => typeof x === 'string');

export const preferencesPages = new Hono<AppEnv>()
  .get('/preferences', async (c) => {
    const auth = c.var.auth;
    if (!auth) {
      return render(
        c,
        <Page title="配信設定">
          <h1>配信設定 / Email preferences</h1>
          <p>配信設定を変更するには、サインインしてください。</p>
          <p class="note">Please sign in to change your email preferences.</p>
          <p>
            <a href="/">サインイン / Sign in</a>
          </p>
        </Page>,
        401,
      );
    }
    const [stored, introductionMails] = await Promise.all([
      c.var.ctx.store.people.preferences(auth.actor.person.id),
      introductionMailsOf(c.var.ctx, auth.actor.person.email),
    ]);
    return render(
      c,
      <PreferencesForm
        prefs={{ language: auth.actor.person.language, ...stored, introductionMails }}
        email={auth.actor.person.email}
        platforms={await memberPlatforms(c)}
        csrf={auth.session.csrfToken}
        saved={c.req.query('saved') === '1'}
      />,
    );
  })
  .post('/preferences', async (c) => {
    const auth = c.var.auth;
    if (!auth) return c.redirect('/preferences', 303);
    const form = await c.req.parseBody({ all: true });
    const stored = await c.var.ctx.store.people.preferences(auth.actor.person.id);
    const on = new Set(all(form.digest));
    const digest = { ...stored.digest };
    for (const p of await memberPlatforms(c)) digest[p.id] = on.has(p.id) ? 'weekly' : 'off';
    const parsed = preferencesSchema.safeParse({
      language: form.language,
      digest,
      fields: all(form.fields),
      regions: stored.regions,
    });
    if (!parsed.success) {
      return render(
        c,
        <Page title="配信設定">
          <p class="error">入力内容を確認してください。 Please check your choices.</p>
          <p>
            <a href="/preferences">戻る / Back</a>
          </p>
        </Page>,
        400,
      );
    }
    const { language, ...prefs } = parsed.data;
    if (language !== auth.actor.person.language) {
      await c.var.ctx.store.people.update({
        ...auth.actor.person,
        language,
        updatedAt: c.var.ctx.now().toISOString(),
      });
    }
    await c.var.ctx.store.people.setPreferences(auth.actor.person.id, prefs);
    await setIntroductionMails(
      c.var.ctx,
      auth.actor.person.email,
      form.introductionMails === 'on' ? 'on' : 'off',
    );
    return c.redirect('/preferences?saved=1', 303);
  });
