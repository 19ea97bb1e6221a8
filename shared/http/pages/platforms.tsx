import { type Context, Hono } from 'hono';
import {
  type Actor,
  DomainError,
  hasOrgRole,
  isSecretariat,
  LEGAL_FORMS,
  MEMBERSHIP_STATUS_LABELS,
  type Membership,
  NotFoundError,
  type Organization,
  type Platform,
  platformIdSchema,
  regionLabel,
} from '#domain';
import type { AppEnv } from '../env';
import type { Problem } from '../problem';
import {
  ChoiceGroup,
  callApi,
  errorsOf,
  Form,
  type FormErrors,
  type FormValues,
  formValues,
  SelectField,
  TextField,
  toBody,
} from './forms';
import { signedInPage } from './guard';
import { Bi, Page, Title } from './layout';
import { Lines } from './organizations/common';
import { render } from './view';

// The platforms: a public list, each platform's public page and its opt-in member directory
// (organisation details only, never a person), and the form an organisation applies with.
// The application goes through the JSON API, so its rules and messages apply.

type C = Context<AppEnv>;
type FormStatus = 200 | 400 | 403 | 404 | 409 | 413 | 429;

const formStatus = (problem: Problem): FormStatus =>
  ([400, 403, 404, 409, 413, 429] as const).find((s) => s === problem.status) ?? 400;

const LEVELS: Record<Platform['level'], { ja: string; en: string }> = {
  national: { ja: '全国', en: 'National' },
  prefecture: { ja: '都道府県', en: 'Prefectural' },
  municipality: { ja: '市区町村', en: 'Municipal' },
};

/** The regions a platform covers, in words: 埼玉県・川口市, or 全国. */
function scopeLabel(platform: Platform, lang: 'ja' | 'en'): string {
  const codes = [...platform.scope.prefectures, ...platform.scope.municipalities];
  if (codes.length === 0) return lang === 'ja' ? '全国' : 'Nationwide';
  return codes.map((code) => regionLabel(code, lang)).join(lang === 'ja' ? '・' : '; ');
}

/** The platform named in the path, or "not found". */
async function platformOf(c: C): Promise<Platform> {
  const id = c.req.param('platformId') ?? '';
  const platform = platformIdSchema.safeParse(id).success
    ? await c.var.ctx.store.platforms.get(id)
    : undefined;
  if (!platform) throw new NotFoundError('platform');
  return platform;
}

/** The person's organisations they may apply for (editor or owner), by name. */
async function applyingOrganizations(c: C, actor: Actor): Promise<Organization[]> {
  const ids = [...actor.orgRoles.keys()].filter((id) => hasOrgRole(actor, id, 'editor'));
  const orgs = await c.var.ctx.store.organizations.getMany(ids);
  return orgs.sort((a, b) => byName(a, b));
}

const collator = new Intl.Collator('ja');
/** 五十音順: by the reading where one is given, else by the name. */
const byName = (a: Organization, b: Organization) =>
  collator.compare(a.nameKana ?? a.name, b.nameKana ?? b.name) || collator.compare(a.name, b.name);

function StatusBadge({ status }: { status: Membership['status'] }) {
  return (
    <span class={`badge ${status}`}>
      {MEMBERSHIP_STATUS_LABELS[status].ja} / {MEMBERSHIP_STATUS_LABELS[status].en}
    </span>
  );
}

/** Applying again is possible after withdrawing; otherwise an existing membership is shown instead. */
const canApply = (m: Membership | undefined) => m === undefined || m.status === 'withdrawn';

// --- the list ---------------------------------------------------------------------------------

async function listPage(c: C) {
  const ctx = c.var.ctx;
  let page: Awaited<ReturnType<typeof ctx.store.platforms.list>>;
  try {
    page = await ctx.store.platforms.list({ limit: 100, cursor: c.req.query('cursor') });
  } catch (error) {
    if (error instanceof DomainError && error.status === 400) throw new NotFoundError('route');
    throw error;
  }
  const actor = c.var.auth?.actor;
  const mine = actor ? await applyingOrganizations(c, actor) : [];
  // The organisation to apply for: the one asked for, else the only one.
  const asked = c.req.query('organization');
  const org = mine.find((o) => o.id === asked) ?? (mine.length === 1 ? mine[0] : undefined);
  const memberships = new Map(
    (org ? await ctx.store.memberships.ofOrganization(org.id) : []).map((m) => [m.platformId, m]),
  );
  const joinHref = (p: Platform) => `/platforms/${p.id}/join${org ? `?organization=${org.id}` : ''}`;
  return render(
    c,
    <Page title="プラットフォーム" titleEn="Platforms">
      <Title ja="プラットフォームの一覧" en="Platforms" />
      <p>
        <Bi
          ja="孤独・孤立対策に取り組む官民連携プラットフォームです。団体として参加すると、ニーズや支援の申し出を掲載し、つながりのご提案を受け取れます。"
          en="Public-private platforms against loneliness and isolation. Member organisations post needs and offers and receive introductions."
        />
      </p>
      {org ? (
        <p class="note">
          「{org.name}」として申し込みます。 Applying for {org.name}.
        </p>
      ) : null}
      {page.items.length === 0 ? (
        <p>
          <Bi ja="まだプラットフォームがありません。" en="No platforms yet." />
        </p>
      ) : (
        <ul class="cards">
          {page.items.map((p) => {
            const membership = memberships.get(p.id);
            return (
              <li class="card">
                <h2>
                  <a href={`/platforms/${p.id}`}>{p.name}</a>
                </h2>
                {p.nameEn ? (
                  <p class="note" lang="en">
                    {p.nameEn}
                  </p>
                ) : null}
                <p>
                  {LEVELS[p.level].ja} ・ {scopeLabel(p, 'ja')}{' '}
                  <span class="en" lang="en">
                    {LEVELS[p.level].en}: {scopeLabel(p, 'en')}
                  </span>
                </p>
                {actor && mine.length > 0 ? (
                  <p class="actions">
                    {membership && !canApply(membership) ? (
                      <StatusBadge status={membership.status} />
                    ) : (
                      <a class="button" href={joinHref(p)}>
                        <Bi ja="参加を申し込む" en="Apply to join" />
                      </a>
                    )}
                  </p>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
      {page.cursor ? (
        <p>
          <a href={`/platforms?cursor=${encodeURIComponent(page.cursor)}`}>
            <Bi ja="次のページ" en="Next" />
          </a>
        </p>
      ) : null}
      {actor && mine.length === 0 ? (
        <p>
          <Bi
            ja="参加を申し込むには、まず団体を登録してください。"
            en="To apply, first register your organisation."
          />{' '}
          <a href="/organizations/new">
            <Bi ja="団体を登録する" en="Register an organisation" />
          </a>
        </p>
      ) : null}
    </Page>,
  );
}

// --- one platform -----------------------------------------------------------------------------

async function platformPage(c: C) {
  const platform = await platformOf(c);
  const actor = c.var.auth?.actor;
  const secretariat = actor ? isSecretariat(actor, platform.id) : false;
  const approved = actor
    ? (
        await Promise.all(
          [...actor.orgRoles.keys()].map((id) => c.var.ctx.store.memberships.get(platform.id, id)),
        )
      ).some((m) => m?.status === 'approved')
    : false;
  const join = `/platforms/${platform.id}/join`;
  return render(
    c,
    <Page title={platform.name} titleEn={platform.nameEn}>
      <p class="note">
        <a href="/platforms">
          <Bi ja="プラットフォームの一覧" en="Platforms" />
        </a>
      </p>
      <h1>{platform.name}</h1>
      {platform.nameEn ? (
        <p class="note" lang="en">
          {platform.nameEn}
        </p>
      ) : null}
      <dl class="facts">
        <dt>
          <Bi ja="区分" en="Level" />
        </dt>
        <dd>
          {LEVELS[platform.level].ja} / {LEVELS[platform.level].en}
        </dd>
        <dt>
          <Bi ja="対象地域" en="Covers" />
        </dt>
        <dd>
          {scopeLabel(platform, 'ja')}{' '}
          <span class="en" lang="en">
            {scopeLabel(platform, 'en')}
          </span>
        </dd>
      </dl>
      <Title level={2} ja="会員区分" en="Membership tiers" />
      <ul>
        {platform.tiers.map((t) => (
          <li>
            <Bi ja={t.ja} en={t.en} />
          </li>
        ))}
      </ul>
      <p class="actions">
        <a class="button" href={actor ? join : `/auth/sign-in?next=${encodeURIComponent(join)}`}>
          <Bi ja="参加を申し込む" en="Apply to join" />
        </a>
        <a href={`/platforms/${platform.id}/directory`}>
          <Bi ja="会員名簿を見る" en="Member directory" />
        </a>
      </p>
      {!actor ? (
        <p class="note">
          <Bi
            ja="申し込みにはサインインが必要です（メールアドレスだけで登録できます）。"
            en="Applying needs a sign-in (just an email address)."
          />
        </p>
      ) : null}
      {approved || secretariat ? (
        <p class="actions">
          <a href={`/platforms/${platform.id}/needs`}>
            <Bi ja="募集中のニーズ" en="Open needs" />
          </a>
          <a href={`/platforms/${platform.id}/offers`}>
            <Bi ja="受付中の支援の申し出" en="Open offers" />
          </a>
          {secretariat ? (
            <a href={`/platforms/${platform.id}/admin`}>
              <Bi ja="事務局の管理画面" en="Secretariat" />
            </a>
          ) : null}
        </p>
      ) : null}
    </Page>,
  );
}

// --- the member directory ---------------------------------------------------------------------

async function directoryPage(c: C) {
  const ctx = c.var.ctx;
  const platform = await platformOf(c);
  const ids = await ctx.store.memberships.organizationsWithStatus(platform.id, 'approved');
  // Opt-in: only organisations that chose to be listed, and only their organisation details.
  const listed = (await ctx.store.organizations.getMany(ids))
    .filter((o) => o.directoryListed === true)
    .sort(byName)
    .map((o) => ({
      id: o.id,
      name: o.name,
      legalForm: LEGAL_FORMS[o.legalForm],
      place: regionLabel(o.location.municipality ?? o.location.prefecture, 'ja'),
      description: o.description,
      website: o.website,
    }));
  return render(
    c,
    <Page title={`${platform.name} 会員名簿`} titleEn="Member directory">
      <p class="note">
        <a href={`/platforms/${platform.id}`}>{platform.name}</a>
      </p>
      <Title ja="会員名簿" en="Member directory" />
      <p>
        <Bi
          ja={`承認された会員団体のうち、掲載を希望した団体です（${listed.length}団体）。`}
          en={`Approved member organisations that chose to be listed (${listed.length}).`}
        />
      </p>
      {listed.length === 0 ? (
        <p>
          <Bi ja="掲載している団体はまだありません。" en="No organisation is listed yet." />
        </p>
      ) : (
        <ul class="cards">
          {listed.map((o) => (
            <li class="card">
              <h2>{o.name}</h2>
              <p class="note">
                {o.legalForm.ja} ・ {o.place}
              </p>
              {o.description ? (
                <p>
                  <Lines text={o.description} />
                </p>
              ) : null}
              {o.website ? (
                <p>
                  <a href={o.website} rel="noopener noreferrer nofollow">
                    {o.website}
                  </a>
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </Page>,
  );
}

// --- apply to join ----------------------------------------------------------------------------

async function joinPage(
  c: C,
  actor: Actor,
  platform: Platform,
  values?: FormValues,
  errors: FormErrors = {},
  status: FormStatus = 200,
) {
  const orgs = await applyingOrganizations(c, actor);
  const memberships = new Map(
    (await Promise.all(orgs.map((o) => c.var.ctx.store.memberships.get(platform.id, o.id)))).flatMap((m) =>
      m ? [[m.organizationId, m]] : [],
    ),
  );
  const asked = c.req.query('organization');
  const shown = values ?? {
    organizationId: (orgs.find((o) => o.id === asked) ?? orgs.find((o) => canApply(memberships.get(o.id))))
      ?.id,
    tier: platform.tiers[0]?.id,
  };
  const options = orgs.map((o) => {
    const m = memberships.get(o.id);
    return {
      value: o.id,
      label: m ? `${o.name}（${MEMBERSHIP_STATUS_LABELS[m.status].ja}）` : o.name,
    };
  });
  return render(
    c,
    <Page title={`${platform.name}に参加を申し込む`} titleEn="Apply to join">
      <p class="note">
        <a href={`/platforms/${platform.id}`}>{platform.name}</a>
      </p>
      <Title ja="参加を申し込む" en="Apply to join" />
      {orgs.length === 0 ? (
        <>
          <p>
            <Bi
              ja="申し込めるのは、団体の管理者か編集者です。まず団体を登録してください。"
              en="Owners and editors of an organisation can apply. First register your organisation."
            />
          </p>
          <p>
            <a class="button" href="/organizations/new">
              <Bi ja="団体を登録する" en="Register an organisation" />
            </a>
          </p>
        </>
      ) : (
        <>
          <p>
            <Bi
              ja="申し込むと、プラットフォームの事務局が確認して承認します。承認されると、ニーズや支援の申し出を掲載できます。"
              en="The secretariat reviews the application. Once approved, you can post needs and offers."
            />
          </p>
          <Form action={`/platforms/${platform.id}/join`} values={shown} errors={errors}>
            <SelectField
              name="organizationId"
              ja="申し込む団体"
              en="Organisation"
              required
              options={options}
            />
            <ChoiceGroup
              name="tier"
              type="radio"
              ja="会員区分"
              en="Tier"
              required
              options={platform.tiers.map((t) => ({ value: t.id, label: `${t.ja} / ${t.en}` }))}
            />
            <TextField
              name="message"
              ja="事務局へのひとこと"
              en="A note to the secretariat"
              maxlength={500}
              size="long"
              hint="活動の様子や、参加したい理由など。500文字まで。 Optional, up to 500 characters."
            />
            <p class="actions">
              <button type="submit">
                <Bi ja="申し込む" en="Apply" />
              </button>
              <a href={`/platforms/${platform.id}`}>
                <Bi ja="やめる" en="Cancel" />
              </a>
            </p>
          </Form>
        </>
      )}
    </Page>,
    status,
  );
}

export const platformPages = new Hono<AppEnv>()
  .get('/platforms', (c) => listPage(c))
  .get('/platforms/:platformId', (c) => platformPage(c))
  .get('/platforms/:platformId/directory', (c) => directoryPage(c))
  .get('/platforms/:platformId/join', (c) =>
    signedInPage(c, async (actor) => joinPage(c, actor, await platformOf(c))),
  )
  .post('/platforms/:platformId/join', (c) =>
    signedInPage(c, async (actor) => {
      const platform = await platformOf(c);
      const values = await formValues(c);
      const result = await callApi<Membership>(
        c,
        'POST',
        `/platforms/${platform.id}/memberships`,
        toBody(values),
      );
      if (result.ok) return c.redirect(`/organizations/${result.data.organizationId}?applied=1`, 303);
      return joinPage(c, actor, platform, values, errorsOf(result.problem), formStatus(result.problem));
    }),
  );
