import { type Context, Hono } from 'hono';
import {
  type Actor,
  BLOCKS,
  DomainError,
  type FieldSlug,
  fieldLabel,
  hasOrgRole,
  isMunicipalityCode,
  isPrefectureCode,
  KINDS,
  type Kind,
  kindLabel,
  type Need,
  NotFoundError,
  type Offer,
  type Platform,
  placeLabel,
  regionLabel,
  requireOrgRole,
  slotsLeft,
  TARGET_GROUPS,
  targetGroupLabel,
} from '#domain';
import { displayDate } from '#mail';
import { requirePlatformReader, requirePostingReader } from '../access';
import type { AppEnv } from '../env';
import { ApiProblem } from '../problem';
import {
  ActionButton,
  ChoiceGroup,
  callApi,
  errorsOf,
  FieldPicker,
  Form,
  type FormErrors,
  type FormValues,
  fetchApi,
  flatten,
  formValues,
  GroupError,
  Legend,
  LocationPicker,
  RegionsPicker,
  TextArea,
  TextField,
  Toggle,
  toBody,
} from './forms';
import { signedInPage } from './guard';
import { Bi, Notice, Page, Title } from './layout';
import { render } from './view';

// Needs (ニーズ) and offers (支援の申し出), for the organisations that post them: their list,
// a two-step form (first the kind, whose capacity has its own shape, then the rest), edit and
// close; and one posting's page for every member of the platform. Writes go through the API.

type C = Context<AppEnv>;
type PostingKind = 'need' | 'offer';
type Posting = Need | Offer;

const WORDS = {
  need: { ja: 'ニーズ', en: 'Need', plural: 'needs', ens: 'Needs' },
  offer: { ja: '支援の申し出', en: 'Offer', plural: 'offers', ens: 'Offers' },
} as const;

const STATUS = { open: '募集中 / Open', closed: '終了 / Closed' } as const;

// --- capacity, by kind -----------------------------------------------------------------------

interface CapacityInput {
  key: string;
  ja: string;
  en: string;
  required?: boolean;
  text?: boolean;
  hint?: string;
}

function capacityInputs(kind: Kind, side: PostingKind): CapacityInput[] {
  const peopleOrHours = [
    { key: 'people', ja: '人数（人）', en: 'People', hint: '人数か時間の、どちらかを入力してください。' },
    { key: 'hoursPerMonth', ja: '月あたりの時間', en: 'Hours a month' },
  ];
  switch (kind) {
    case 'venue':
      return [
        { key: 'people', ja: '定員（人）', en: 'Seats', required: true },
        { key: 'sessionsPerMonth', ja: '月あたりの回数', en: 'Times a month' },
      ];
    case 'funding':
      return side === 'need'
        ? [
            { key: 'amountJpy', ja: '希望額（円）', en: 'Amount (yen)', required: true },
            { key: 'minAmountJpy', ja: '最低限必要な額（円）', en: 'Minimum (yen)' },
          ]
        : [{ key: 'amountJpy', ja: '提供できる額（円）', en: 'Amount (yen)', required: true }];
    case 'employment':
      return [{ key: 'positions', ja: '人数（人分）', en: 'Positions', required: true }];
    case 'volunteers':
    case 'skills':
      return peopleOrHours;
    case 'goods':
      return [{ key: 'quantity', ja: '数量', en: 'Quantity', required: true }];
    case 'publicity':
      return [{ key: 'reach', ja: '届く人数の目安', en: 'People reached' }];
    case 'other':
      return [{ key: 'note', ja: '規模のメモ', en: 'Note on size', text: true }];
  }
}

function numberFields(kind: Kind, side: PostingKind): string[] {
  const capacity = capacityInputs(kind, side)
    .filter((i) => !i.text)
    .map((i) => `capacity.${i.key}`);
  return side === 'offer' ? [...capacity, 'introductionsPerRound', 'slots'] : capacity;
}

const LISTS = {
  need: ['fields', 'targetGroups'],
  offer: ['fields', 'serviceArea.blocks', 'serviceArea.prefectures', 'serviceArea.municipalities'],
} as const;
const BOOLEANS = { need: ['onlineOk'], offer: ['serviceArea.nationwide', 'serviceArea.online'] } as const;

/** The form as the API's body; "every field" on an offer is the string "any". */
function postingBody(side: PostingKind, kind: Kind, values: FormValues): Record<string, unknown> {
  const body = toBody(values, {
    numbers: numberFields(kind, side),
    lists: LISTS[side],
    booleans: BOOLEANS[side],
  });
  if (side === 'offer' && Array.isArray(body.fields) && body.fields.includes('any')) body.fields = 'any';
  // Always a capacity, so a kind that needs one of two numbers says which (not just "required").
  body.capacity ??= {};
  return body;
}

/** The prefectures a platform covers (its own, and those of its municipalities); empty = all. */
function scopePrefectures(platform: Platform): string[] {
  return [
    ...new Set([...platform.scope.prefectures, ...platform.scope.municipalities.map((m) => m.slice(0, 2))]),
  ];
}

// --- the form ------------------------------------------------------------------------------

function PostingFields(props: { side: PostingKind; kind: Kind; platform: Platform }) {
  const { side, kind } = props;
  return (
    <>
      <TextField name="title" ja="タイトル" en="Title" required maxlength={120} />
      <TextArea
        name="description"
        ja="内容"
        en="Description"
        maxlength={4000}
        hint={
          side === 'need'
            ? '活動の様子や、どんな支えがあると助かるかを書いてください。'
            : '提供できる内容や、ご一緒したい活動を書いてください。'
        }
      />
      <FieldPicker required anyOption={side === 'offer'} />
      <fieldset class="field" id="f-capacity">
        <Legend ja="規模" en="Capacity" />
        <GroupError name="capacity" />
        {capacityInputs(kind, side).map((input) => (
          <TextField
            name={`capacity.${input.key}`}
            ja={input.ja}
            en={input.en}
            required={input.required ?? false}
            {...(input.hint ? { hint: input.hint } : {})}
            {...(input.text
              ? { maxlength: 200 }
              : { type: 'number' as const, inputmode: 'numeric' as const, min: 0, size: 'short' as const })}
          />
        ))}
        {kind === 'goods' ? (
          <ChoiceGroup
            name="capacity.unit"
            type="radio"
            ja="単位"
            en="Unit"
            required
            options={[
              { value: 'units', label: '点・個 / items' },
              { value: 'kg', label: 'kg' },
            ]}
          />
        ) : null}
      </fieldset>
      {side === 'need' ? (
        <>
          <LocationPicker
            prefectures={scopePrefectures(props.platform)}
            required
            hint="活動する場所です。対象地域の中から選んでください。 Where you work."
          />
          <Toggle name="onlineOk" ja="オンラインでの支援でもかまわない" en="Online support is fine" />
          <ChoiceGroup
            name="targetGroups"
            ja="届けたい人"
            en="Who it reaches"
            columns
            options={TARGET_GROUPS.map((g) => ({ value: g.id, label: g.ja }))}
          />
        </>
      ) : (
        <ServiceAreaFields />
      )}
      <fieldset class="field">
        <Legend ja="期間" en="Period" />
        <TextField name="period.start" type="date" ja="開始日" en="From" required size="short" />
        <TextField
          name="period.end"
          type="date"
          ja="終了日"
          en="Until"
          size="short"
          hint="空欄は期限なし。 Blank = open-ended."
        />
      </fieldset>
      {side === 'offer' ? (
        <>
          <TextField
            name="slots"
            type="number"
            inputmode="numeric"
            min={1}
            size="short"
            ja="受け入れ枠（団体数）"
            en="Slots in all"
            hint="承諾したご紹介ごとに1枠を使います。空欄は上限なし。 Blank = no limit."
          />
          <TextField
            name="introductionsPerRound"
            type="number"
            inputmode="numeric"
            min={1}
            size="short"
            ja="1回のマッチングで受けるご提案の数"
            en="Introductions per round"
            hint="空欄は3件。 Blank = 3."
          />
          <TextArea name="conditions" ja="条件" en="Conditions" rows={3} maxlength={2000} />
        </>
      ) : null}
    </>
  );
}

function ServiceAreaFields() {
  return (
    <fieldset class="field" id="f-serviceArea">
      <Legend ja="対応できる地域" en="Service area" required />
      <GroupError name="serviceArea" />
      <p class="hint">1つ以上選んでください（全国・オンラインも可）。 Choose at least one.</p>
      <Toggle name="serviceArea.nationwide" ja="全国" en="Nationwide" />
      <Toggle name="serviceArea.online" ja="オンライン" en="Online" />
      <ChoiceGroup
        name="serviceArea.blocks"
        ja="地方"
        en="Regions"
        options={BLOCKS.map((b) => ({ value: b.id, label: b.ja }))}
      />
      <RegionsPicker prefectures="serviceArea.prefectures" municipalities="serviceArea.municipalities" />
    </fieldset>
  );
}

// --- pages -----------------------------------------------------------------------------------

interface FormPageProps {
  side: PostingKind;
  kind: Kind;
  action: string;
  values: FormValues;
  errors: FormErrors;
  title: string;
  titleEn: string;
  platform: Platform;
  orgName: string;
  submit: { ja: string; en: string };
  cancel: string;
  /** After a version conflict: what is saved now where it differs from the form. */
  savedNow?: [label: string, value: string][];
}

function FormPage(props: FormPageProps) {
  const { side } = props;
  return (
    <Page title={props.title} titleEn={props.titleEn}>
      <p class="note">
        {props.platform.name} ・ {props.orgName}
      </p>
      <Title ja={props.title} en={props.titleEn} />
      <p>
        <span class="badge">{kindLabel(props.kind, 'ja')}</span>{' '}
        <span class="en" lang="en">
          {kindLabel(props.kind, 'en')}
        </span>
      </p>
      {props.savedNow && props.savedNow.length > 0 ? (
        <section class="notice error">
          <h2>
            <Bi ja="いま保存されている内容（あなたの入力と違う項目）" en="Saved now, where it differs" />
          </h2>
          <dl class="facts">
            {props.savedNow.map(([label, value]) => (
              <>
                <dt>{label}</dt>
                <dd class="prewrap">{value || '（空欄）'}</dd>
              </>
            ))}
          </dl>
        </section>
      ) : null}
      <Form action={props.action} values={props.values} errors={props.errors}>
        <input type="hidden" name="kind" value={props.kind} />
        {typeof props.values._version === 'string' ? (
          <input type="hidden" name="_version" value={props.values._version} />
        ) : null}
        <PostingFields side={side} kind={props.kind} platform={props.platform} />
        <p class="actions">
          <button type="submit">
            <Bi ja={props.submit.ja} en={props.submit.en} />
          </button>
          <a href={props.cancel}>
            <Bi ja="やめる" en="Cancel" />
          </a>
        </p>
      </Form>
    </Page>
  );
}

// --- data the pages need ----------------------------------------------------------------------

const repoOf = (c: C, side: PostingKind) =>
  side === 'need' ? c.var.ctx.store.needs : c.var.ctx.store.offers;

/** The platforms where the organisation is an approved member (where it may post). */
async function approvedPlatforms(c: C, organizationId: string) {
  const memberships = await c.var.ctx.store.memberships.ofOrganization(organizationId);
  const ids = memberships.filter((m) => m.status === 'approved').map((m) => m.platformId);
  const platforms = await Promise.all(ids.map((id) => c.var.ctx.store.platforms.get(id)));
  return platforms.flatMap((p) => (p ? [p] : []));
}

async function requireEditableOrg(c: C, actor: Actor, organizationId: string) {
  requireOrgRole(actor, organizationId, 'editor');
  return c.var.ctx.store.organizations.require(organizationId);
}

const today = (c: C) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Tokyo' }).format(c.var.ctx.now());

// --- list of an organisation's needs or offers ------------------------------------------------

function listOfOrganization(side: PostingKind) {
  const w = WORDS[side];
  return (c: C) =>
    signedInPage(c, async (actor) => {
      const organizationId = c.req.param('organizationId') ?? '';
      requireOrgRole(actor, organizationId, 'viewer');
      const org = await c.var.ctx.store.organizations.require(organizationId);
      const cursor = c.req.query('cursor');
      const page = await fetchApi<{ items: Posting[]; nextCursor: string | null }>(
        c,
        `/organizations/${organizationId}/${w.plural}?limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      const platforms = await approvedPlatforms(c, organizationId);
      const names = new Map(platforms.map((p) => [p.id, p.name]));
      const editor = hasOrgRole(actor, organizationId, 'editor');
      const done = c.req.query('done');
      return render(
        c,
        <Page title={`${org.name}の${w.ja}`} titleEn={w.ens}>
          <p class="note">
            <a href={`/organizations/${org.id}`}>{org.name}</a>
          </p>
          <Title ja={w.ja} en={w.ens} />
          {done === 'created' || done === 'saved' || done === 'closed' ? (
            <Notice>
              {done === 'created' ? (
                <Bi
                  ja="登録しました。次のマッチングから、ご提案の対象になります。"
                  en="Posted. It takes part in the next round."
                />
              ) : done === 'saved' ? (
                <Bi ja="保存しました。" en="Saved." />
              ) : (
                <Bi ja="締め切りました。" en="Closed." />
              )}
            </Notice>
          ) : null}
          {editor ? (
            platforms.length > 0 ? (
              <p class="actions">
                <a class="button" href={`/${w.plural}/new?organization=${org.id}`}>
                  <Bi
                    ja={`${w.ja}を登録する`}
                    en={`Post a${side === 'offer' ? 'n' : ''} ${w.en.toLowerCase()}`}
                  />
                </a>
              </p>
            ) : (
              <p>
                <Bi
                  ja="プラットフォームへの参加が承認されると、登録できるようになります。"
                  en="You can post once a platform has approved your membership."
                />{' '}
                <a href={`/platforms?organization=${org.id}`}>
                  <Bi ja="参加を申し込む" en="Apply to join" />
                </a>
              </p>
            )
          ) : null}
          {page.items.length === 0 ? (
            <p>
              <Bi ja="まだ登録がありません。" en="Nothing posted yet." />
            </p>
          ) : (
            <ul class="cards">
              {page.items.map((p) => (
                <li class="card">
                  <h2>
                    <a href={`/${w.plural}/${p.id}`}>{p.title}</a>
                  </h2>
                  <p>
                    <span class={`badge ${p.status}`}>{STATUS[p.status]}</span> {kindLabel(p.kind, 'ja')} ・{' '}
                    {placeLabel(p, 'ja', 3)} ・ {names.get(p.platformId) ?? p.platformId}
                  </p>
                  {editor && p.status === 'open' ? (
                    <div class="actions">
                      <a class="button secondary" href={`/${w.plural}/${p.id}/edit`}>
                        <Bi ja="編集" en="Edit" />
                      </a>
                      <ActionButton
                        action={`/${w.plural}/${p.id}/close`}
                        kind="danger"
                        label={<Bi ja="締め切る" en="Close" />}
                        confirm={`「${p.title}」を締め切りますか？ Close it?`}
                      />
                    </div>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
          {page.nextCursor ? (
            <p>
              <a href={`/organizations/${org.id}/${w.plural}?cursor=${encodeURIComponent(page.nextCursor)}`}>
                <Bi ja="次のページ" en="Next page" />
              </a>
            </p>
          ) : null}
        </Page>,
      );
    });
}

// --- new: choose the kind (and platform), then the form ----------------------------------------

function newPosting(side: PostingKind) {
  const w = WORDS[side];
  return (c: C) =>
    signedInPage(c, async (actor) => {
      const editable = [...actor.orgRoles.entries()]
        .filter(([, role]) => role !== 'viewer')
        .map(([id]) => id);
      const organizationId = c.req.query('organization') ?? (editable.length === 1 ? editable[0]! : '');
      if (!organizationId) {
        const orgs = await c.var.ctx.store.organizations.getMany(editable);
        return render(
          c,
          <Page title={`${w.ja}を登録する`} titleEn={`New ${w.en.toLowerCase()}`}>
            <Title ja={`${w.ja}を登録する`} en={`New ${w.en.toLowerCase()}`} />
            {orgs.length === 0 ? (
              <p>
                <Bi
                  ja="編集者として所属している団体がありません。"
                  en="You are not an editor of any organisation."
                />{' '}
                <a href="/organizations/new">
                  <Bi ja="団体を登録する" en="Register one" />
                </a>
              </p>
            ) : (
              <ul>
                {orgs.map((o) => (
                  <li>
                    <a href={`/${w.plural}/new?organization=${o.id}`}>{o.name}</a>
                  </li>
                ))}
              </ul>
            )}
          </Page>,
        );
      }
      const org = await requireEditableOrg(c, actor, organizationId);
      const platforms = await approvedPlatforms(c, org.id);
      const kindParam = c.req.query('kind');
      const kind = KINDS.find((k) => k.id === kindParam)?.id;
      const platformId = c.req.query('platform') ?? (platforms.length === 1 ? platforms[0]!.id : '');
      const platform = platforms.find((p) => p.id === platformId);
      if (!kind || !platform) {
        // "次へ" pressed without a choice: say what is missing (and answer 400).
        const missing =
          c.req.query('step') === '1'
            ? [
                ...(platform ? [] : ['プラットフォームを選んでください。 Choose a platform.']),
                ...(kind ? [] : ['種類を選んでください。 Choose what kind.']),
              ]
            : [];
        return render(
          c,
          <Page title={`${w.ja}を登録する`} titleEn={`New ${w.en.toLowerCase()}`}>
            <p class="note">{org.name}</p>
            <Title ja={`${w.ja}を登録する`} en={`New ${w.en.toLowerCase()}`} />
            {missing.length > 0 ? <Notice kind="error">{missing.join(' ')}</Notice> : null}
            {platforms.length === 0 ? (
              <p>
                <Bi
                  ja="プラットフォームへの参加が承認されると、登録できるようになります。"
                  en="You can post once a platform has approved your membership."
                />
              </p>
            ) : (
              <form method="get" action={`/${w.plural}/new`}>
                <input type="hidden" name="organization" value={org.id} />
                <input type="hidden" name="step" value="1" />
                {platforms.length > 1 ? (
                  <fieldset class="field">
                    <Legend ja="プラットフォーム" en="Platform" required />
                    {platforms.map((p, i) => (
                      <label class="choice" for={`platform-${i}`}>
                        <input
                          id={`platform-${i}`}
                          type="radio"
                          name="platform"
                          value={p.id}
                          checked={p.id === platformId}
                        />{' '}
                        {p.name}
                      </label>
                    ))}
                  </fieldset>
                ) : (
                  <input type="hidden" name="platform" value={platforms[0]!.id} />
                )}
                <fieldset class="field">
                  <Legend ja="種類" en="What kind" required />
                  <p class="hint">
                    種類によって、次の画面で入力する「規模」が変わります。 The next step asks for the size
                    that fits the kind.
                  </p>
                  {KINDS.map((k, i) => (
                    <label class="choice" for={`kind-${i}`}>
                      <input
                        id={`kind-${i}`}
                        type="radio"
                        name="kind"
                        value={k.id}
                        checked={k.id === kindParam}
                      />{' '}
                      {k.ja}{' '}
                      <span class="en" lang="en">
                        {k.en}
                      </span>
                    </label>
                  ))}
                </fieldset>
                <button type="submit">
                  <Bi ja="次へ" en="Next" />
                </button>
              </form>
            )}
          </Page>,
          missing.length > 0 ? 400 : 200,
        );
      }
      const values: FormValues = {
        'period.start': today(c),
        ...(side === 'need'
          ? {
              'location.prefecture': org.location.prefecture,
              'location.municipality': org.location.municipality,
            }
          : {}),
        ...(kind === 'goods' ? { 'capacity.unit': 'units' } : {}),
      };
      return render(
        c,
        <CreateForm side={side} kind={kind} platform={platform} org={org} values={values} errors={{}} />,
      );
    });
}

function CreateForm(props: {
  side: PostingKind;
  kind: Kind;
  platform: Platform;
  org: { id: string; name: string };
  values: FormValues;
  errors: FormErrors;
}) {
  const w = WORDS[props.side];
  return (
    <FormPage
      side={props.side}
      kind={props.kind}
      action={`/${w.plural}/new?organization=${props.org.id}&platform=${props.platform.id}&kind=${props.kind}`}
      values={props.values}
      errors={props.errors}
      title={`${w.ja}を登録する`}
      titleEn={`New ${w.en.toLowerCase()}`}
      platform={props.platform}
      orgName={props.org.name}
      submit={{ ja: '登録する', en: 'Post' }}
      cancel={`/organizations/${props.org.id}/${w.plural}`}
    />
  );
}

function createPosting(side: PostingKind) {
  const w = WORDS[side];
  return (c: C) =>
    signedInPage(c, async (actor) => {
      const org = await requireEditableOrg(c, actor, c.req.query('organization') ?? '');
      const platform = (await approvedPlatforms(c, org.id)).find((p) => p.id === c.req.query('platform'));
      const kind = KINDS.find((k) => k.id === c.req.query('kind'))?.id;
      if (!platform || !kind) throw new NotFoundError('platform');
      const values = await formValues(c);
      const again = (errors: FormErrors, status: 200 | 400 | 409 = 400) =>
        render(
          c,
          <CreateForm
            side={side}
            kind={kind}
            platform={platform}
            org={org}
            values={values}
            errors={errors}
          />,
          status,
        );
      if (values._refresh) return again({}, 200);
      const body = { ...postingBody(side, kind, values), kind, organizationId: org.id };
      const result = await callApi<Posting>(c, 'POST', `/platforms/${platform.id}/${w.plural}`, body);
      if (!result.ok) return again(errorsOf(result.problem), result.status === 409 ? 409 : 400);
      return c.redirect(`/organizations/${org.id}/${w.plural}?done=created`, 303);
    });
}

// --- edit and close ----

const LABELS: Record<string, string> = {
  title: 'タイトル',
  description: '内容',
  fields: '分野',
  targetGroups: '届けたい人',
  'location.prefecture': '都道府県',
  'location.municipality': '市区町村',
  onlineOk: 'オンライン可',
  'period.start': '開始日',
  'period.end': '終了日',
  slots: '受け入れ枠',
  introductionsPerRound: '1回のご提案の数',
  conditions: '条件',
  'serviceArea.nationwide': '全国',
  'serviceArea.online': 'オンライン',
  'serviceArea.blocks': '地方',
  'serviceArea.prefectures': '都道府県',
  'serviceArea.municipalities': '市区町村',
};

/** The saved value of each field the form shows, where it differs from what was typed. */
function differences(side: PostingKind, saved: Posting, typed: FormValues): [string, string][] {
  const stored = valuesOf(saved);
  const labels = {
    ...LABELS,
    ...Object.fromEntries(capacityInputs(saved.kind, side).map((i) => [`capacity.${i.key}`, i.ja])),
    'capacity.unit': '単位',
  };
  const norm = (v: string | string[] | undefined) =>
    Array.isArray(v) ? [...v].sort().join('、') : (v ?? '');
  return Object.entries(labels).flatMap(([path, label]) => {
    const now = norm(stored[path]);
    if (now === norm(typed[path])) return [];
    const shown = Array.isArray(stored[path])
      ? (stored[path] as string[])
          .map((v) => (path === 'fields' ? readableField(v) : isRegion(v) ? regionLabel(v, 'ja') : v))
          .join('、')
      : path.startsWith('location.') && now
        ? regionLabel(now, 'ja')
        : now === 'on'
          ? 'はい'
          : now;
    return [[label, shown] as [string, string]];
  });
}

const readableField = (slug: string) =>
  slug === 'any' ? 'すべての分野' : fieldLabel(slug as FieldSlug, 'ja');
const isRegion = (code: string) => isPrefectureCode(code) || isMunicipalityCode(code);

async function editable(c: C, actor: Actor, side: PostingKind): Promise<Posting> {
  const posting = (await repoOf(c, side).require(c.req.param('id') ?? '')) as Posting;
  requireOrgRole(actor, posting.organizationId, 'editor');
  return posting;
}

async function EditPage(
  c: C,
  side: PostingKind,
  posting: Posting,
  values: FormValues,
  errors: FormErrors,
  status: 200 | 400 | 409,
  savedNow: [label: string, value: string][] = [],
) {
  const w = WORDS[side];
  const [org, platform] = await Promise.all([
    c.var.ctx.store.organizations.require(posting.organizationId),
    c.var.ctx.store.platforms.require(posting.platformId),
  ]);
  return render(
    c,
    <FormPage
      side={side}
      kind={posting.kind}
      action={`/${w.plural}/${posting.id}/edit`}
      values={values}
      errors={errors}
      title={`${w.ja}を編集する`}
      titleEn={`Edit ${w.en.toLowerCase()}`}
      platform={platform}
      orgName={org.name}
      submit={{ ja: '保存する', en: 'Save' }}
      cancel={`/${w.plural}/${posting.id}`}
      savedNow={savedNow}
    />,
    status,
  );
}

/** An entity as the edit form's values; "any" fields show as the "every field" box. */
function valuesOf(posting: Posting): FormValues {
  const values = flatten(posting);
  if ((posting as Offer).fields === 'any') values.fields = ['any'];
  values._version = String(posting.version);
  return values;
}

function editPosting(side: PostingKind) {
  const w = WORDS[side];
  return {
    show: (c: C) =>
      signedInPage(c, async (actor) => {
        const posting = await editable(c, actor, side);
        if (posting.status === 'closed') return c.redirect(`/${w.plural}/${posting.id}`, 303);
        return EditPage(c, side, posting, valuesOf(posting), {}, 200);
      }),
    save: (c: C) =>
      signedInPage(c, async (actor) => {
        const posting = await editable(c, actor, side);
        const values = await formValues(c);
        if (values._refresh) return EditPage(c, side, posting, values, {}, 200);
        const { kind: _kind, ...content } = postingBody(side, posting.kind, values);
        const body = {
          ...content,
          description: typeof values.description === 'string' ? values.description : '',
          ...(side === 'offer'
            ? { conditions: typeof values.conditions === 'string' ? values.conditions : '' }
            : {}),
          version: Number(values._version),
        };
        const result = await callApi<Posting>(c, 'PATCH', `/${w.plural}/${posting.id}`, body);
        if (!result.ok) {
          const errors = errorsOf(result.problem);
          if (result.problem.status === 409) {
            const current = (await repoOf(c, side).require(posting.id)) as Posting;
            errors['(root)'] =
              'この間に、ほかの方がこの内容を変更しました。下の「いま保存されている内容」と見比べてください。入力した内容はフォームに残っています。このまま保存すると、あなたの入力で上書きされます。 Someone else changed it meanwhile: compare with what is saved now; saving again keeps your version.';
            values._version = String(current.version);
            return EditPage(c, side, posting, values, errors, 409, differences(side, current, values));
          }
          return EditPage(c, side, posting, values, errors, 400);
        }
        return c.redirect(`/organizations/${posting.organizationId}/${w.plural}?done=saved`, 303);
      }),
    close: (c: C) =>
      signedInPage(c, async (actor) => {
        const posting = await editable(c, actor, side);
        const result = await callApi<Posting>(c, 'POST', `/${w.plural}/${posting.id}/close`);
        if (!result.ok) throw new ApiProblem(result.problem);
        return c.redirect(`/organizations/${posting.organizationId}/${w.plural}?done=closed`, 303);
      }),
  };
}

// --- one posting, and a platform's open ones (every member of the platform) ---------------------

const n = (x: number) => x.toLocaleString('ja-JP');

/** The capacity in words, e.g. 30名・月2回, 50万円, 30kg. */
function capacityLines(p: Need | Offer): string[] {
  const c = p.capacity as Record<string, number | string | undefined>;
  const out: string[] = [];
  const num = (key: string) => (typeof c[key] === 'number' ? (c[key] as number) : undefined);
  const people = num('people');
  if (people !== undefined) out.push(p.kind === 'venue' ? `定員${n(people)}名` : `${n(people)}名`);
  const sessions = num('sessionsPerMonth');
  if (sessions !== undefined) out.push(`月${n(sessions)}回`);
  const hours = num('hoursPerMonth');
  if (hours !== undefined) out.push(`月${n(hours)}時間`);
  const positions = num('positions');
  if (positions !== undefined) out.push(`${n(positions)}人分`);
  const amount = num('amountJpy');
  if (amount !== undefined) out.push(`${n(amount)}円`);
  const minimum = num('minAmountJpy');
  if (minimum !== undefined) out.push(`最低${n(minimum)}円`);
  const quantity = num('quantity');
  if (quantity !== undefined) out.push(c.unit === 'kg' ? `${n(quantity)}kg` : `${n(quantity)}点`);
  const reach = num('reach');
  if (reach !== undefined) out.push(`約${n(reach)}人に届く`);
  if (typeof c.note === 'string') out.push(c.note);
  return out;
}

async function postingPage(c: C, kind: 'need' | 'offer'): Promise<Response> {
  return signedInPage(c, async (actor) => {
    const ctx = c.var.ctx;
    const repo = kind === 'need' ? ctx.store.needs : ctx.store.offers;
    const posting = await repo.get(c.req.param('id') ?? '');
    if (!posting) throw new NotFoundError(kind);
    await requirePostingReader(ctx, actor, posting, kind);
    const org = await ctx.store.organizations.require(posting.organizationId);
    const w = WORDS[kind];
    const editor = hasOrgRole(actor, posting.organizationId, 'editor');
    const left = kind === 'offer' ? slotsLeft(posting as Offer) : undefined;
    return render(
      c,
      <Page title={posting.title} titleEn={w.en}>
        <p class="note">
          <Bi ja={w.ja} en={w.en} /> ・ {kindLabel(posting.kind, 'ja')}{' '}
          <span class={`badge ${posting.status}`}>{STATUS[posting.status]}</span>
        </p>
        <h1>{posting.title}</h1>
        <p>{org.name}</p>
        {posting.description ? <p class="prewrap">{posting.description}</p> : null}
        <dl class="facts">
          <dt>
            <Bi ja="分野" en="Fields" />
          </dt>
          <dd>
            {posting.fields === 'any'
              ? 'すべての分野 / Every field'
              : posting.fields.map((f) => fieldLabel(f, 'ja')).join('、')}
          </dd>
          <dt>{kind === 'need' ? <Bi ja="場所" en="Where" /> : <Bi ja="対応地域" en="Service area" />}</dt>
          <dd>
            {placeLabel(posting, 'ja')}
            {kind === 'need' && (posting as Need).onlineOk ? ' ・ オンライン可 / Online is fine' : ''}
          </dd>
          <dt>
            <Bi ja="規模" en="Capacity" />
          </dt>
          <dd>{capacityLines(posting).join(' ・ ') || '—'}</dd>
          {kind === 'need' && (posting as Need).targetGroups.length > 0 ? (
            <>
              <dt>
                <Bi ja="届けたい人" en="Who it reaches" />
              </dt>
              <dd>{(posting as Need).targetGroups.map((g) => targetGroupLabel(g, 'ja')).join('、')}</dd>
            </>
          ) : null}
          {left !== undefined ? (
            <>
              <dt>
                <Bi ja="受け入れ枠" en="Slots" />
              </dt>
              <dd>
                残り {left} / {(posting as Offer).slots}
              </dd>
            </>
          ) : null}
          {kind === 'offer' && (posting as Offer).conditions ? (
            <>
              <dt>
                <Bi ja="条件" en="Conditions" />
              </dt>
              <dd class="prewrap">{(posting as Offer).conditions}</dd>
            </>
          ) : null}
          <dt>
            <Bi ja="期間" en="Period" />
          </dt>
          <dd>
            {displayDate(posting.period.start, 'ja')} 〜{' '}
            {posting.period.end ? displayDate(posting.period.end, 'ja') : '（期限なし / open-ended）'}
          </dd>
        </dl>
        {editor && posting.status === 'open' ? (
          <div class="actions">
            <a class="button secondary" href={`/${w.plural}/${posting.id}/edit`}>
              <Bi ja="編集" en="Edit" />
            </a>
            <ActionButton
              action={`/${w.plural}/${posting.id}/close`}
              kind="danger"
              label={<Bi ja="締め切る" en="Close" />}
              confirm={`「${posting.title}」を締め切りますか？ Close it?`}
            />
          </div>
        ) : null}
        {editor ? (
          <p>
            <a href={`/organizations/${posting.organizationId}/${w.plural}`}>
              <Bi ja={`${org.name}の${w.ja}の一覧`} en="All of them" />
            </a>
          </p>
        ) : null}
      </Page>,
    );
  });
}

async function listPage(c: C, kind: 'need' | 'offer'): Promise<Response> {
  return signedInPage(c, async (actor) => {
    const ctx = c.var.ctx;
    const platformId = c.req.param('platformId') ?? '';
    const platform = await ctx.store.platforms.get(platformId);
    if (!platform) throw new NotFoundError('platform');
    await requirePlatformReader(ctx, actor, platformId);
    const repo = kind === 'need' ? ctx.store.needs : ctx.store.offers;
    const cursor = c.req.query('cursor');
    let page: Awaited<ReturnType<typeof repo.ofPlatform>>;
    try {
      page = await repo.ofPlatform(platformId, { status: 'open', limit: 20, cursor });
    } catch (error) {
      if (error instanceof DomainError && error.status === 400) throw new NotFoundError('page');
      throw error;
    }
    const title = kind === 'need' ? '募集中のニーズ / Open needs' : '受付中の支援の申し出 / Open offers';
    return render(
      c,
      <Page title={title}>
        <p class="note">{platform.name}</p>
        <h1>{title}</h1>
        <ul>
          {page.items.map((p) => (
            <li>
              <a href={`/${kind}s/${p.id}`}>{p.title}</a>（{kindLabel(p.kind, 'ja')} ・ {placeLabel(p, 'ja')}
              ）
            </li>
          ))}
        </ul>
        {page.items.length === 0 ? <p>いまは掲載がありません。 Nothing open right now.</p> : null}
        {page.cursor ? (
          <p>
            <a href={`/platforms/${platformId}/${kind}s?cursor=${encodeURIComponent(page.cursor)}`}>
              次のページ / Next
            </a>
          </p>
        ) : null}
      </Page>,
    );
  });
}

const needEdit = editPosting('need');
const offerEdit = editPosting('offer');

// /needs/new before /needs/:id.
export const postingPages = new Hono<AppEnv>()
  .get('/organizations/:organizationId/needs', listOfOrganization('need'))
  .get('/organizations/:organizationId/offers', listOfOrganization('offer'))
  .get('/needs/new', newPosting('need'))
  .post('/needs/new', createPosting('need'))
  .get('/offers/new', newPosting('offer'))
  .post('/offers/new', createPosting('offer'))
  .get('/needs/:id/edit', needEdit.show)
  .post('/needs/:id/edit', needEdit.save)
  .post('/needs/:id/close', needEdit.close)
  .get('/offers/:id/edit', offerEdit.show)
  .post('/offers/:id/edit', offerEdit.save)
  .post('/offers/:id/close', offerEdit.close)
  .get('/needs/:id', (c) => postingPage(c, 'need'))
  .get('/offers/:id', (c) => postingPage(c, 'offer'))
  .get('/platforms/:platformId/needs', (c) => listPage(c, 'need'))
  .get('/platforms/:platformId/offers', (c) => listPage(c, 'offer'));
