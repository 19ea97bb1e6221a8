import { type Context, Hono } from 'hono';
import { type Platform, type Preferences, wantsDigest } from '#domain';
import type { AppEnv } from '../env';
import {
  ChoiceGroup,
  callApi,
  errorsOf,
  FieldPicker,
  Form,
  type FormErrors,
  type FormValues,
  fetchApi,
  formValues,
  Legend,
  RegionsPicker,
  scopePrefectures,
  Toggle,
} from './forms';
import { signedInPage } from './guard';
import { Bi, Notice, Page, Title } from './layout';
import { render } from './view';

// 配信設定: the page every mail links to. The same preferences as GET|PUT /v1/me/preferences:
// language, the weekly digest per platform, introduction mails, and the fields and regions the
// digest's "new needs and offers" are narrowed to.

type C = Context<AppEnv>;

type MemberPlatform = Pick<Platform, 'id' | 'name' | 'scope'>;

/** Platforms where one of the person's organisations is an approved member: one Query per organisation. */
async function memberPlatforms(c: C): Promise<MemberPlatform[]> {
  const { ctx } = c.var;
  const orgIds = [...c.var.auth!.actor.orgRoles.keys()];
  const memberships = (
    await Promise.all(orgIds.map((id) => ctx.store.memberships.ofOrganization(id)))
  ).flat();
  const ids = [
    ...new Set(memberships.filter((m) => m.status === 'approved').map((m) => m.platformId)),
  ].sort();
  const platforms = await Promise.all(ids.map((id) => ctx.store.platforms.get(id)));
  return platforms.flatMap((p) => (p ? [{ id: p.id, name: p.name, scope: p.scope }] : []));
}

function valuesOf(prefs: Preferences, platforms: { id: string }[]): FormValues {
  return {
    language: prefs.language,
    digest: platforms.filter((p) => wantsDigest(prefs, p.id)).map((p) => p.id),
    introductionMails: prefs.introductionMails === 'off' ? '' : 'on',
    fields: prefs.fields,
    'regions.prefectures': prefs.regions.prefectures,
    'regions.municipalities': prefs.regions.municipalities,
  };
}

async function preferencesPage(c: C, values: FormValues, errors: FormErrors, status: 200 | 400 = 200) {
  const platforms = await memberPlatforms(c);
  const email = c.var.auth!.actor.person.email;
  return render(
    c,
    <Page title="配信設定" titleEn="Email preferences">
      <Title ja="配信設定" en="Email preferences" />
      {c.req.query('saved') === '1' ? (
        <Notice>
          <Bi ja="保存しました。" en="Saved." />
        </Notice>
      ) : null}
      <p class="note">
        <Bi ja={`${email} あてのメールの設定です。`} en={`Mail to ${email}.`} />
      </p>
      <Form action="/preferences" values={values} errors={errors}>
        <ChoiceGroup
          name="language"
          type="radio"
          ja="言語"
          en="Language"
          hint={
            <Bi
              ja="ページとメールは、選んだ言語だけで表示します。画面上部の切り替えからも変更できます。"
              en="Pages and mail are in the chosen language only. The switch at the top of every page changes it too."
            />
          }
          options={[
            { value: 'ja', label: '日本語' },
            { value: 'en', label: 'English' },
          ]}
        />
        <ChoiceGroup
          name="digest"
          ja="週1回のお知らせ（ダイジェスト）を受け取るプラットフォーム"
          en="Weekly digest"
          hint={
            platforms.length === 0 ? (
              <Bi
                ja="会員として参加しているプラットフォームはまだありません。"
                en="Your organisations are not members of a platform yet."
              />
            ) : undefined
          }
          options={platforms.map((p) => ({ value: p.id, label: p.name }))}
        />
        <Toggle
          name="introductionMails"
          ja="団体の連絡先として、ご提案・リマインド・連携状況のおたずねを受け取る"
          en="Proposals, reminders and follow-ups"
          hint={
            <Bi
              ja="双方が承諾した後の連絡先のお知らせは、この設定にかかわらずお送りします。"
              en="Contact details, once both sides accept, always arrive."
            />
          }
        />
        <FieldPicker
          hint={
            <Bi
              ja="ダイジェストの「新しいニーズ・支援の申し出」を、選んだ分野に絞ります。未選択はすべて。"
              en="The digest's new needs and offers, narrowed to these fields. None = every field."
            />
          }
        />
        <fieldset class="field">
          <Legend ja="地域" en="Regions" />
          <p class="hint">
            <Bi
              ja="ダイジェストの「新しいニーズ・支援の申し出」を、選んだ地域に絞ります。未選択はすべて。"
              en="The digest's new needs and offers, narrowed to these regions. None = every region."
            />
          </p>
          <RegionsPicker
            prefectures="regions.prefectures"
            municipalities="regions.municipalities"
            show={scopePrefectures(...platforms)}
          />
        </fieldset>
        <button type="submit">
          <Bi ja="保存する" en="Save" />
        </button>
      </Form>
    </Page>,
    status,
  );
}

const list = (v: string | string[] | undefined): string[] => (Array.isArray(v) ? v : v ? [v] : []);

export const preferencesPages = new Hono<AppEnv>()
  .get('/preferences', (c) =>
    signedInPage(c, async () => {
      const [prefs, platforms] = await Promise.all([
        fetchApi<Preferences>(c, '/me/preferences'),
        memberPlatforms(c),
      ]);
      return preferencesPage(c, valuesOf(prefs, platforms), {});
    }),
  )
  .post('/preferences', (c) =>
    signedInPage(c, async () => {
      const values = await formValues(c);
      if (values._refresh) return preferencesPage(c, values, {});
      const [stored, platforms] = await Promise.all([
        fetchApi<Preferences>(c, '/me/preferences'),
        memberPlatforms(c),
      ]);
      const on = new Set(list(values.digest));
      const digest = { ...stored.digest };
      for (const p of platforms) digest[p.id] = on.has(p.id) ? 'weekly' : 'off';
      const result = await callApi(c, 'PUT', '/me/preferences', {
        language: values.language ?? stored.language,
        digest,
        fields: list(values.fields),
        regions: {
          prefectures: list(values['regions.prefectures']),
          municipalities: list(values['regions.municipalities']),
        },
        introductionMails: values.introductionMails === 'on' ? 'on' : 'off',
      });
      if (!result.ok) return preferencesPage(c, values, errorsOf(result.problem), 400);
      return c.redirect('/preferences?saved=1', 303);
    }),
  );
