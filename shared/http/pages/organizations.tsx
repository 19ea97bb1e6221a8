import { type Context, Hono } from 'hono';
import {
  type Actor,
  hasOrgRole,
  LEGAL_FORMS,
  type LegalForm,
  MEMBERSHIP_STATUS_LABELS,
  type Membership,
  NotFoundError,
  ORG_ROLE_LABELS,
  type Organization,
  type OrganizationInFull,
  regionLabel,
  requireOrgRole,
  ulidSchema,
} from '#domain';
import type { AppEnv } from '../env';
import type { Problem } from '../problem';
import { ContactStatus } from './contact';
import {
  callApi,
  errorsOf,
  Form,
  type FormErrors,
  type FormShape,
  type FormValues,
  fetchApi,
  flatten,
  formValues,
  Legend,
  LocationPicker,
  SelectField,
  TextArea,
  TextField,
  Toggle,
  toBody,
} from './forms';
import { signedInPage } from './guard';
import { Bi, Notice, Page, TableHead, Title } from './layout';
import { render } from './view';

// An organisation's own pages: register one, its profile (with its platforms) and edit it (its
// people are in people.tsx). Every change goes through the JSON API in process, so its rules and messages
// apply; a failed form comes back with what was typed and the message next to the field.

type C = Context<AppEnv>;
export type FormStatus = 200 | 400 | 403 | 404 | 409 | 413 | 429;
/** What the API shows of an organisation: the contact person only to those who may see it. */
export type OrganizationView = Omit<OrganizationInFull, 'contact' | 'contactVerified'> &
  Partial<Pick<OrganizationInFull, 'contact' | 'contactVerified'>>;

const legalFormOptions = (Object.keys(LEGAL_FORMS) as LegalForm[]).map((id) => ({
  value: id,
  label: `${LEGAL_FORMS[id].ja} / ${LEGAL_FORMS[id].en}`,
}));

export const formStatus = (problem: Problem): FormStatus =>
  ([400, 403, 404, 409, 413, 429] as const).find((s) => s === problem.status) ?? 400;

/** The id from the path, or "not found" for anything that cannot be an organisation id. */
export function orgIdOf(c: C): string {
  const id = c.req.param('id') ?? '';
  if (!ulidSchema.safeParse(id).success) throw new NotFoundError('organization');
  return id;
}

/** The form's groups always go as objects, so a blank group is named field by field. */
function organizationBody(values: FormValues, shape: FormShape = {}) {
  const body = toBody(values, { booleans: ['directoryListed'], ...shape });
  body.location ??= {};
  body.contact ??= {};
  return body;
}

/** Text with its line breaks kept, without inline styles. */
export function Lines({ text }: { text: string }) {
  const lines = text.split(/\r?\n/);
  return (
    <>
      {lines.map((line, i) => (
        <>
          {i > 0 ? <br /> : null}
          {line}
        </>
      ))}
    </>
  );
}

const placeOf = (org: { location: Organization['location'] }, lang: 'ja' | 'en') =>
  regionLabel(org.location.municipality ?? org.location.prefecture, lang);

// --- register and edit ------------------------------------------------------------------------

function OrganizationFields() {
  return (
    <>
      <TextField name="name" ja="団体名" en="Name" required maxlength={200} autocomplete="organization" />
      <TextField
        name="nameKana"
        ja="団体名のふりがな"
        en="Name in kana"
        maxlength={200}
        hint="例：かわぐちこどもしょくどうねっと"
      />
      <SelectField
        name="legalForm"
        ja="法人格・団体の種類"
        en="Legal form"
        required
        placeholder="選んでください / Choose"
        options={legalFormOptions}
        hint="法人格がなくても登録できます（任意団体・個人など）。 No legal form is needed."
      />
      <LocationPicker hint="団体の所在地です。市区町村は任意です。 Where the organisation is based." />
      <TextArea
        name="description"
        ja="団体の紹介"
        en="About the organisation"
        rows={5}
        maxlength={2000}
        hint="活動内容や対象の方など。2000文字まで。 What you do and for whom."
      />
      <TextField
        name="website"
        type="url"
        ja="ウェブサイト"
        en="Website"
        inputmode="url"
        maxlength={500}
        hint="https:// で始まるURL。 A URL starting with https://"
      />
      <fieldset class="field">
        <Legend ja="連絡先" en="Contact" required />
        <p class="hint">
          つながりのご提案を双方が承諾したときだけ、相手の団体にお知らせします。あなたのサインイン用アドレス以外のときは、そのアドレスに確認メールをお送りし、確認が済むまでは団体の管理者にメールをお送りします。
          Shared with another organisation only when both accept an introduction. Another address than your
          own gets a confirmation link first; until it is opened, mail goes to the owners.
        </p>
        <TextField
          name="contact.name"
          ja="担当者名"
          en="Contact person"
          required
          maxlength={100}
          autocomplete="name"
        />
        <TextField
          name="contact.email"
          type="email"
          ja="メールアドレス"
          en="Email"
          required
          inputmode="email"
          autocomplete="email"
        />
      </fieldset>
      <Toggle
        name="directoryListed"
        ja="公開の会員名簿に団体名を載せる（任意）"
        en="List us in the public member directory (optional)"
        hint="承認されたプラットフォームの会員名簿に、団体名・種類・所在地・紹介・ウェブサイトが載ります。担当者名やメールアドレスは載りません。 Only organisation details are listed, never the contact person."
      />
    </>
  );
}

function newPage(c: C, values: FormValues, errors: FormErrors = {}, status: FormStatus = 200) {
  return render(
    c,
    <Page title="団体を登録する" titleEn="Register an organisation">
      <Title ja="団体を登録する" en="Register an organisation" />
      <p>
        <Bi
          ja="登録したあなたが、この団体の管理者になります。登録のあと、プラットフォームへの参加を申し込めます。"
          en="You become the owner of the organisation. Then you can apply to a platform."
        />
      </p>
      <Form action="/organizations/new" values={values} errors={errors}>
        <OrganizationFields />
        <p class="actions">
          <button type="submit">
            <Bi ja="登録する" en="Register" />
          </button>
          <a href="/">
            <Bi ja="やめる" en="Cancel" />
          </a>
        </p>
      </Form>
    </Page>,
    status,
  );
}

/** Fields where what is saved now differs from what the person typed (after a stale-version 409). */
function changedMeanwhile(current: Organization, values: FormValues): { label: string; now: string }[] {
  const saved = flatten(current);
  const shown: [string, string][] = [
    ['name', '団体名 / Name'],
    ['nameKana', 'ふりがな / Kana'],
    ['legalForm', '法人格・団体の種類 / Legal form'],
    ['location.prefecture', '都道府県 / Prefecture'],
    ['location.municipality', '市区町村 / Municipality'],
    ['description', '団体の紹介 / About'],
    ['website', 'ウェブサイト / Website'],
    ['contact.name', '担当者名 / Contact person'],
    ['contact.email', 'メールアドレス / Email'],
    ['directoryListed', '会員名簿への掲載 / Directory'],
  ];
  const text = (name: string, v: FormValues[string]) => {
    const s = (Array.isArray(v) ? v[0] : v)?.trim() ?? '';
    if (name === 'legalForm') return LEGAL_FORMS[s as LegalForm]?.ja ?? s;
    if (name.startsWith('location.')) return s ? regionLabel(s, 'ja') : '';
    if (name === 'directoryListed') return s === 'on' ? '載せる' : '載せない';
    return s;
  };
  return shown.flatMap(([name, label]) => {
    const now = text(name, saved[name]);
    return now !== text(name, values[name]) ? [{ label, now: now || '（空欄 / blank）' }] : [];
  });
}

function editPage(
  c: C,
  org: OrganizationInFull,
  values: FormValues,
  errors: FormErrors = {},
  status: FormStatus = 200,
  conflict?: { label: string; now: string }[],
) {
  return render(
    c,
    <Page title={`${org.name}の情報を編集`} titleEn="Edit the profile">
      <p class="note">
        <a href={`/organizations/${org.id}`}>{org.name}</a>
      </p>
      <Title ja="団体の情報を編集" en="Edit the profile" />
      {org.contactVerified === false ? (
        <Notice>
          <div>
            <Bi ja="連絡先メールアドレス" en="Contact address" />: {org.contact.email}{' '}
            <ContactStatus org={org} editor />
          </div>
        </Notice>
      ) : null}
      {conflict ? (
        <Notice kind="error">
          <p>
            <Bi
              ja="下のフォームには、あなたの入力がそのまま残っています。このまま保存すると、あなたの内容で上書きされます。"
              en="The form below keeps what you typed. Saving it now replaces the other change."
            />
          </p>
          {conflict.length > 0 ? (
            <>
              <p>
                <Bi
                  ja="いま保存されている内容（あなたの入力と違う項目）："
                  en="Saved now, where it differs:"
                />
              </p>
              <dl class="facts">
                {conflict.map((d) => (
                  <>
                    <dt>{d.label}</dt>
                    <dd>
                      <Lines text={d.now} />
                    </dd>
                  </>
                ))}
              </dl>
            </>
          ) : null}
        </Notice>
      ) : null}
      <Form action={`/organizations/${org.id}/edit`} values={values} errors={errors}>
        <input type="hidden" name="version" value={String(values.version ?? org.version)} />
        <OrganizationFields />
        <p class="actions">
          <button type="submit">
            <Bi ja="保存する" en="Save" />
          </button>
          <a href={`/organizations/${org.id}`}>
            <Bi ja="やめる" en="Cancel" />
          </a>
        </p>
      </Form>
    </Page>,
    status,
  );
}

// --- profile ----------------------------------------------------------------------------------

async function profilePage(c: C, actor: Actor, id: string) {
  const ctx = c.var.ctx;
  const org = await fetchApi<OrganizationView>(c, `/organizations/${id}`);
  // Who may see the platforms is the API's rule; others just do not get the section.
  const listed = await callApi<{ items: Membership[] }>(c, 'GET', `/organizations/${id}/memberships`);
  const memberships = listed.ok ? listed.data.items : undefined;
  const platforms = new Map(
    (await Promise.all((memberships ?? []).map((m) => ctx.store.platforms.get(m.platformId)))).flatMap((p) =>
      p ? [[p.id, p]] : [],
    ),
  );
  const member = hasOrgRole(actor, id, 'viewer');
  const editor = hasOrgRole(actor, id, 'editor');
  const role = actor.orgRoles.get(id);
  const q = (name: string) => c.req.query(name) === '1';
  return render(
    c,
    <Page title={org.name} titleEn="Organisation">
      {q('created') ? (
        <Notice>
          <Bi
            ja="団体を登録しました。次は、プラットフォームへの参加を申し込みましょう。"
            en="The organisation is registered. Next, apply to a platform."
          />
        </Notice>
      ) : null}
      {q('joined') ? (
        <Notice>
          <Bi ja="招待を受けて、この団体のメンバーになりました。" en="You have joined this organisation." />
        </Notice>
      ) : null}
      {q('saved') ? (
        <Notice>
          <Bi ja="保存しました。" en="Saved." />
        </Notice>
      ) : null}
      {q('resent') ? (
        <Notice>
          <Bi
            ja="連絡先メールアドレスに確認用のリンクをお送りしました。7日以内に開いてください。"
            en="A confirmation link is on its way to the contact address. It works for 7 days."
          />
        </Notice>
      ) : null}
      {q('applied') ? (
        <Notice>
          <Bi
            ja="申し込みました。事務局の承認をお待ちください。"
            en="Applied. Please wait for the secretariat."
          />
        </Notice>
      ) : null}
      <p class="note">
        <Bi ja="団体" en="Organisation" />
        {role ? (
          <>
            {' '}
            ・ あなたの役割 {ORG_ROLE_LABELS[role].ja} / {ORG_ROLE_LABELS[role].en}
          </>
        ) : null}
      </p>
      <h1>{org.name}</h1>
      {org.nameKana ? <p class="note">{org.nameKana}</p> : null}
      <dl class="facts">
        <dt>
          <Bi ja="法人格・種類" en="Legal form" />
        </dt>
        <dd>
          {LEGAL_FORMS[org.legalForm].ja} / {LEGAL_FORMS[org.legalForm].en}
        </dd>
        <dt>
          <Bi ja="所在地" en="Based in" />
        </dt>
        <dd>
          {placeOf(org, 'ja')}{' '}
          <span class="en" lang="en">
            {placeOf(org, 'en')}
          </span>
        </dd>
        {org.description ? (
          <>
            <dt>
              <Bi ja="紹介" en="About" />
            </dt>
            <dd>
              <Lines text={org.description} />
            </dd>
          </>
        ) : null}
        {org.website ? (
          <>
            <dt>
              <Bi ja="ウェブサイト" en="Website" />
            </dt>
            <dd>
              <a href={org.website} rel="noopener noreferrer">
                {org.website}
              </a>
            </dd>
          </>
        ) : null}
        {org.contact ? (
          <>
            <dt>
              <Bi ja="連絡先" en="Contact" />
            </dt>
            <dd>
              {org.contact.name} ・ <a href={`mailto:${org.contact.email}`}>{org.contact.email}</a>{' '}
              <ContactStatus org={org} editor={editor} />
              <br />
              <span class="note">
                つながりが成立した相手の団体にだけお知らせします。 Shared only once an introduction is
                accepted by both.
              </span>
            </dd>
          </>
        ) : null}
        {member ? (
          <>
            <dt>
              <Bi ja="会員名簿への掲載" en="Member directory" />
            </dt>
            <dd>
              {org.directoryListed ? <Bi ja="載せる" en="Listed" /> : <Bi ja="載せない" en="Not listed" />}
            </dd>
          </>
        ) : null}
      </dl>
      {member ? (
        <p class="actions">
          {editor ? (
            <a class="button" href={`/organizations/${id}/edit`}>
              <Bi ja="団体の情報を編集" en="Edit the profile" />
            </a>
          ) : null}
          <a href={`/organizations/${id}/needs`}>
            <Bi ja="ニーズ" en="Needs" />
          </a>
          <a href={`/organizations/${id}/offers`}>
            <Bi ja="支援の申し出" en="Offers" />
          </a>
          <a href={`/organizations/${id}/people`}>
            <Bi ja="メンバー" en="People" />
          </a>
        </p>
      ) : null}
      {memberships ? (
        <section>
          <Title level={2} ja="参加しているプラットフォーム" en="Platforms" />
          {memberships.length === 0 ? (
            <p>
              <Bi ja="まだどのプラットフォームにも参加していません。" en="Not on any platform yet." />
            </p>
          ) : (
            <div class="table-wrap">
              <table>
                <TableHead
                  columns={[
                    ['プラットフォーム', 'Platform'],
                    ['会員区分', 'Tier'],
                    ['状況', 'Status'],
                  ]}
                />
                <tbody>
                  {memberships.map((m) => {
                    const platform = platforms.get(m.platformId);
                    const tier = platform?.tiers.find((t) => t.id === m.tier);
                    return (
                      <tr>
                        <th scope="row">
                          <a href={`/platforms/${m.platformId}`}>{platform?.name ?? m.platformId}</a>
                        </th>
                        <td>{tier ? `${tier.ja} / ${tier.en}` : m.tier}</td>
                        <td>
                          <span class={`badge ${m.status}`}>
                            {MEMBERSHIP_STATUS_LABELS[m.status].ja} / {MEMBERSHIP_STATUS_LABELS[m.status].en}
                          </span>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
          {editor ? (
            <p>
              <a class="button secondary" href={`/platforms?organization=${id}`}>
                <Bi ja="プラットフォームに参加する" en="Join a platform" />
              </a>
            </p>
          ) : null}
        </section>
      ) : null}
    </Page>,
  );
}

async function orgForEdit(c: C, actor: Actor): Promise<OrganizationInFull> {
  const id = orgIdOf(c);
  requireOrgRole(actor, id, 'editor');
  return fetchApi<OrganizationInFull>(c, `/organizations/${id}`);
}

export const organizationPages = new Hono<AppEnv>()
  .get('/organizations/new', (c) =>
    signedInPage(c, (actor) =>
      newPage(c, {
        'contact.name': actor.person.name ?? '',
        'contact.email': actor.person.email,
      }),
    ),
  )
  .post('/organizations/new', (c) =>
    signedInPage(c, async () => {
      const values = await formValues(c);
      if (values._refresh) return newPage(c, values);
      const result = await callApi<Organization>(c, 'POST', '/organizations', organizationBody(values));
      if (!result.ok) return newPage(c, values, errorsOf(result.problem), formStatus(result.problem));
      return c.redirect(`/organizations/${result.data.id}?created=1`, 303);
    }),
  )
  .get('/organizations/:id', (c) => signedInPage(c, (actor) => profilePage(c, actor, orgIdOf(c))))
  .get('/organizations/:id/edit', (c) =>
    signedInPage(c, async (actor) => {
      const org = await orgForEdit(c, actor);
      return editPage(c, org, flatten(org));
    }),
  )
  .post('/organizations/:id/edit', (c) =>
    signedInPage(c, async (actor) => {
      const org = await orgForEdit(c, actor);
      const values = await formValues(c);
      if (values._refresh) return editPage(c, org, values);
      // A cleared description is cleared (the other optional fields cannot be blank in the API).
      const body = organizationBody(values, { numbers: ['version'] });
      body.description ??= '';
      const result = await callApi<Organization>(c, 'PATCH', `/organizations/${org.id}`, body);
      if (result.ok) return c.redirect(`/organizations/${org.id}?saved=1`, 303);
      const { problem } = result;
      if (problem.type.endsWith('/stale-version')) {
        // Keep what they typed, show what changed meanwhile, and let them decide to save over it.
        return editPage(
          c,
          org,
          { ...values, version: String(org.version) },
          errorsOf(problem),
          409,
          changedMeanwhile(org, values),
        );
      }
      return editPage(c, org, values, errorsOf(problem), formStatus(problem));
    }),
  );
