import { type Context, Hono } from 'hono';
import type { Child } from 'hono/jsx';
import type { DigestPlan } from '#batch';
import {
  type Actor,
  COLLABORATION_LABELS,
  COLLABORATION_STATES,
  collaborationOf,
  fieldLabel,
  type IntroductionCounts,
  type IntroductionStats,
  introductionStats,
  isSecretariat,
  LEGAL_FORMS,
  MATCH_STATUS_LABELS,
  MATCH_STATUSES,
  type Membership,
  type MembershipStatus,
  municipality,
  type News,
  NotFoundError,
  type Organization,
  type Platform,
  prefecture,
  type Round,
  regionLabel,
  tokyoDate,
} from '#domain';
import type { AppEnv } from '../env';
import { ApiProblem, type Problem } from '../problem';
import { BarChart, type BarSeries } from './charts';
import { toCsv } from './csv';
import {
  ActionButton,
  callApi,
  errorsOf,
  Form,
  type FormErrors,
  type FormValues,
  formValues,
  TextArea,
  TextField,
  toBody,
} from './forms';
import { signedInPage } from './guard';
import { Bi, Notice, Page, TableHead, Title } from './layout';
import { render, useView } from './view';

// The secretariat's (事務局) pages of one platform: a dashboard with "run now" buttons, the
// applications and members, news for the digest, statistics with charts, and a CSV export.
// Anyone else gets "not found". Every change goes through the JSON API (callApi), so its rules
// and Japanese messages are the ones shown here.

type C = Context<AppEnv>;

const adminBase = (platformId: string) => `/platforms/${platformId}/admin`;
const apiBase = (platformId: string) => `/platforms/${encodeURIComponent(platformId)}`;

/** Runs a page for the platform's secretariat; for anyone else the platform "does not exist". */
function secretariatPage(
  c: C,
  page: (platform: Platform, actor: Actor) => Response | Promise<Response>,
): Promise<Response> {
  return signedInPage(c, async (actor) => {
    const platformId = c.req.param('platformId') ?? '';
    if (!isSecretariat(actor, platformId)) throw new NotFoundError('platform');
    return page(await c.var.ctx.store.platforms.require(platformId), actor);
  });
}

type FailureStatus = 400 | 409 | 429;

/** A failed API call as the status of a re-rendered form; anything else goes to the error page. */
function failureStatus(problem: Problem): FailureStatus {
  if (problem.status === 400 || problem.status === 409 || problem.status === 429) return problem.status;
  throw new ApiProblem(problem);
}

const TOKYO_DATE_TIME = new Intl.DateTimeFormat('ja-JP', {
  timeZone: 'Asia/Tokyo',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});
const dateTime = (iso: string) => TOKYO_DATE_TIME.format(new Date(iso));
const date = (iso: string) => tokyoDate(new Date(iso));
const n = (x: number) => x.toLocaleString('ja-JP');

/** A whole number from the query string (counts in a notice), or undefined. */
function countParam(c: C, name: string): number | undefined {
  const raw = c.req.query(name);
  return raw !== undefined && /^\d{1,7}$/.test(raw) ? Number(raw) : undefined;
}

// --- frame -----------------------------------------------------------------------------------

function AdminPage(props: { platform: Platform; ja: string; en: string; children: Child }) {
  const { path } = useView();
  const base = adminBase(props.platform.id);
  const links = [
    [base, 'ダッシュボード', 'Dashboard'],
    [`${base}/memberships`, '参加申請・会員', 'Members'],
    [`${base}/news`, 'お知らせ', 'News'],
    [`${base}/stats`, '統計', 'Statistics'],
  ] as const;
  return (
    <Page title={props.ja} titleEn={props.en}>
      <p class="note">
        {props.platform.name} ・ <Bi ja="事務局" en="Secretariat" />
      </p>
      <nav aria-label="事務局メニュー / Secretariat menu">
        <ul class="actions admin-nav">
          {links.map(([href, ja, en]) => (
            <li>
              <a href={href} aria-current={path === href ? 'page' : undefined}>
                <Bi ja={ja} en={en} />
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <Title ja={props.ja} en={props.en} />
      {props.children}
    </Page>
  );
}

// --- dashboard -------------------------------------------------------------------------------

function roundNotice(c: C): Child {
  const done = c.req.query('done');
  if (done === 'round-skipped') {
    return (
      <Notice>
        <Bi
          ja="前回のラウンドから新しいニーズ・申し出や変更がなかったため、新しいご提案はありません。"
          en="Nothing changed since the last round, so there are no new introductions."
        />
      </Notice>
    );
  }
  if (done === 'round') {
    const written = countParam(c, 'written') ?? 0;
    const proposals = countParam(c, 'proposals') ?? written;
    const earlier = Math.max(0, proposals - written);
    return (
      <Notice>
        <Bi
          ja={`マッチングを実行し、${n(written)}件のご提案を作成しました。${earlier > 0 ? `（${n(earlier)}件は本日すでに提案済みです）` : ''}両方の団体にメールでお知らせします。`}
          en={`The round made ${written} new introduction${written === 1 ? '' : 's'}${earlier > 0 ? ` (${earlier} already proposed today)` : ''}. Both organisations are told by email.`}
        />
      </Notice>
    );
  }
  if (done === 'digest') {
    const planned = countParam(c, 'planned') ?? 0;
    const already = countParam(c, 'already') ?? 0;
    return (
      <Notice>
        <Bi
          ja={`今週のダイジェストを${n(planned)}通送ります。${already > 0 ? `（${n(already)}通は今週すでに送信済みです）` : ''}`}
          en={`${planned} digest mail${planned === 1 ? '' : 's'} will be sent this week${already > 0 ? ` (${already} already sent)` : ''}.`}
        />
      </Notice>
    );
  }
  return null;
}

async function dashboard(
  c: C,
  platform: Platform,
  failure?: { message: string; status: FailureStatus },
): Promise<Response> {
  const { store } = c.var.ctx;
  const [pending, approved, openNeeds, openOffers, lastRound, pairs] = await Promise.all([
    store.memberships.organizationsWithStatus(platform.id, 'pending'),
    store.memberships.organizationsWithStatus(platform.id, 'approved'),
    store.needs.openOf(platform.id),
    store.offers.openOf(platform.id),
    store.matches.latestRound(platform.id),
    store.matches.pairsOf(platform.id),
  ]);
  const { total } = introductionStats(pairs, []);
  const base = adminBase(platform.id);
  return render(
    c,
    <AdminPage platform={platform} ja="事務局ダッシュボード" en="Secretariat dashboard">
      {failure ? <Notice kind="error">{failure.message}</Notice> : roundNotice(c)}
      <ul class="stats">
        <StatItem value={pending.length} ja="承認待ちの申請" en="Applications" href={`${base}/memberships`} />
        <StatItem value={approved.length} ja="会員団体" en="Members" />
        <StatItem value={openNeeds.length} ja="募集中のニーズ" en="Open needs" />
        <StatItem value={openOffers.length} ja="受付中の申し出" en="Open offers" />
        <StatItem value={total.proposals} ja="ご提案（累計）" en="Introductions" href={`${base}/stats`} />
        <StatItem value={total.status.connected} ja="つながった件数" en="Connected" />
        <StatItem value={total.collaboration.formed} ja="連携が成立" en="Collaborations" />
      </ul>

      <h2>
        <Bi ja="マッチング" en="Matching" />
      </h2>
      {lastRound ? (
        <dl class="facts">
          <dt>
            <Bi ja="前回の実行" en="Last round" />
          </dt>
          <dd>{dateTime(lastRound.startedAt)}</dd>
          <dt>
            <Bi ja="対象" en="Considered" />
          </dt>
          <dd>
            ニーズ {n(lastRound.needs)}件・申し出 {n(lastRound.offers)}件
          </dd>
          <dt>
            <Bi ja="ご提案" en="Introductions" />
          </dt>
          <dd>
            {lastRound.skipped ? (
              <Bi ja="変更がなかったため実行しませんでした" en="Skipped: nothing changed" />
            ) : (
              <>
                {n(lastRound.proposals)}件（新規 {n(lastRound.written)}件）
              </>
            )}
          </dd>
        </dl>
      ) : (
        <p>
          <Bi ja="まだマッチングは実行されていません。" en="No round has run yet." />
        </p>
      )}
      <p class="hint">
        <Bi
          ja="マッチングは毎日自動で実行されます。新しいニーズや申し出をすぐに提案したいときは、今すぐ実行できます。"
          en="A round runs every day; run one now to propose new needs and offers straight away."
        />
      </p>
      <div class="actions">
        <ActionButton
          action={`${base}/round`}
          label={<Bi ja="マッチングを今すぐ実行" en="Run a round now" />}
          confirm="マッチングを今すぐ実行し、ご提案のメールを送ります。よろしいですか？"
        />
        <ActionButton
          action={`${base}/digest`}
          kind="secondary"
          label={<Bi ja="今週のダイジェストを今すぐ送る" en="Send this week's digest now" />}
          confirm="今週のダイジェストを会員に送ります。よろしいですか？"
        />
      </div>

      <h2>
        <Bi ja="事務局のメニュー" en="Secretariat pages" />
      </h2>
      <ul>
        <li>
          <a href={`${base}/memberships`}>
            <Bi ja="参加申請の承認・会員区分の変更" en="Applications and members" />
          </a>
        </li>
        <li>
          <a href={`${base}/news`}>
            <Bi ja="お知らせ・イベントの掲載" en="News and events" />
          </a>
        </li>
        <li>
          <a href={`${base}/stats`}>
            <Bi ja="つながりの統計（分野別・地域別）" en="Statistics by field and region" />
          </a>
        </li>
        <li>
          <a href={`${base}/export.csv`} download>
            <Bi ja="ご提案の一覧をCSVでダウンロード" en="Download introductions (CSV)" />
          </a>
        </li>
      </ul>
    </AdminPage>,
    failure?.status ?? 200,
  );
}

function StatItem(props: { value: number; ja: string; en: string; href?: string }) {
  const label = <Bi ja={props.ja} en={props.en} />;
  return (
    <li>
      <strong>{n(props.value)}</strong>
      {props.href ? <a href={props.href}>{label}</a> : label}
    </li>
  );
}

// --- memberships -----------------------------------------------------------------------------

interface MembershipFailure {
  organizationId: string;
  message: string;
  values: FormValues;
  status: FailureStatus;
}

/** Every membership of the platform with a status, a page of 100 at a time (a Query, no Scan). */
async function membershipsWith(c: C, platformId: string, status: MembershipStatus): Promise<Membership[]> {
  const out: Membership[] = [];
  let cursor: string | undefined;
  do {
    const page = await c.var.ctx.store.memberships.ofPlatform(platformId, { status, limit: 100, cursor });
    out.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return out;
}

const MEMBERSHIP_DONE: Record<string, { ja: string; en: string }> = {
  approved: { ja: 'を承認しました。', en: 'approved.' },
  suspended: { ja: 'を一時停止しました。', en: 'suspended.' },
  tier: { ja: 'の会員区分を変更しました。', en: 'tier changed.' },
};

async function membershipsPage(c: C, platform: Platform, failure?: MembershipFailure): Promise<Response> {
  const [pending, approved, suspended] = await Promise.all([
    membershipsWith(c, platform.id, 'pending'),
    membershipsWith(c, platform.id, 'approved'),
    membershipsWith(c, platform.id, 'suspended'),
  ]);
  const orgs = new Map(
    (
      await c.var.ctx.store.organizations.getMany(
        [...pending, ...approved, ...suspended].map((m) => m.organizationId),
      )
    ).map((o) => [o.id, o]),
  );
  const nameOf = (id: string) => orgs.get(id)?.name ?? id;
  const byName = (a: Membership, b: Membership) =>
    nameOf(a.organizationId).localeCompare(nameOf(b.organizationId), 'ja');
  pending.sort((a, b) => a.updatedAt.localeCompare(b.updatedAt));
  approved.sort(byName);
  suspended.sort(byName);
  const done = MEMBERSHIP_DONE[c.req.query('done') ?? ''];
  const doneOrg = orgs.get(c.req.query('org') ?? '');
  const base = adminBase(platform.id);
  const errorFor = (id: string) => (failure?.organizationId === id ? failure.message : undefined);
  const tierFor = (m: Membership) =>
    failure?.organizationId === m.organizationId && typeof failure.values.tier === 'string'
      ? failure.values.tier
      : m.tier;
  return render(
    c,
    <AdminPage platform={platform} ja="参加申請・会員" en="Applications and members">
      {failure ? (
        <Notice kind="error">
          {nameOf(failure.organizationId)}: {failure.message}
        </Notice>
      ) : done && doneOrg ? (
        <Notice>
          <Bi ja={`${doneOrg.name}${done.ja}`} en={`${doneOrg.name}: ${done.en}`} />
        </Notice>
      ) : null}

      <h2>
        <Bi ja={`承認待ちの参加申請（${pending.length}件）`} en="Applications waiting for approval" />
      </h2>
      {pending.length === 0 ? (
        <p>
          <Bi ja="承認待ちの申請はありません。" en="No applications are waiting." />
        </p>
      ) : (
        <ul class="cards">
          {pending.map((m) => (
            <li class="card">
              <h3>{nameOf(m.organizationId)}</h3>
              <OrganizationFacts org={orgs.get(m.organizationId)}>
                <dt>
                  <Bi ja="申請日" en="Applied" />
                </dt>
                <dd>{date(m.updatedAt)}</dd>
                <dt>
                  <Bi ja="希望する区分" en="Tier asked for" />
                </dt>
                <dd>{tierLabel(platform, m.tier)}</dd>
                {m.message ? (
                  <>
                    <dt>
                      <Bi ja="事務局へのメッセージ" en="Message" />
                    </dt>
                    <dd class="pre-line">{m.message}</dd>
                  </>
                ) : null}
              </OrganizationFacts>
              <RowError message={errorFor(m.organizationId)} />
              <div class="actions">
                <DecisionForm
                  action={`${base}/memberships/${m.organizationId}/approve`}
                  platform={platform}
                  selectId={`tier-${m.organizationId}`}
                  tier={tierFor(m)}
                  label={<Bi ja="承認する" en="Approve" />}
                  visibleLabel
                />
                <ActionButton
                  action={`${base}/memberships/${m.organizationId}/suspend`}
                  kind="danger"
                  label={<Bi ja="承認しない（一時停止）" en="Decline (suspend)" />}
                  confirm={`${nameOf(m.organizationId)} の申請を承認せず、一時停止にします。よろしいですか？`}
                />
              </div>
            </li>
          ))}
        </ul>
      )}

      <h2>
        <Bi ja={`会員団体（${approved.length}団体）`} en="Member organisations" />
      </h2>
      {approved.length === 0 ? (
        <p>
          <Bi ja="まだ会員団体はありません。" en="No members yet." />
        </p>
      ) : (
        <div class="table-wrap">
          <table class="wide">
            <TableHead
              columns={[
                ['団体', 'Organisation'],
                ['所在地', 'Place'],
                ['承認日', 'Approved'],
                ['会員区分', 'Tier'],
                ['操作', 'Actions'],
              ]}
            />
            <tbody>
              {approved.map((m) => {
                const org = orgs.get(m.organizationId);
                return (
                  <tr>
                    <th scope="row">{nameOf(m.organizationId)}</th>
                    <td>{org ? placeOf(org) : ''}</td>
                    <td>{m.decidedAt ? date(m.decidedAt) : ''}</td>
                    <td>
                      <DecisionForm
                        action={`${base}/memberships/${m.organizationId}/tier`}
                        platform={platform}
                        selectId={`tier-${m.organizationId}`}
                        tier={tierFor(m)}
                        version={m.version}
                        label={<Bi ja="変更" en="Change" />}
                        kind="secondary"
                        ariaLabel={`${nameOf(m.organizationId)}の会員区分 / Tier`}
                      />
                      <RowError message={errorFor(m.organizationId)} />
                    </td>
                    <td>
                      <ActionButton
                        action={`${base}/memberships/${m.organizationId}/suspend`}
                        kind="danger"
                        label={<Bi ja="一時停止" en="Suspend" />}
                        confirm={`${nameOf(m.organizationId)} を一時停止します。ご提案の対象から外れます。よろしいですか？`}
                      />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}

      {suspended.length > 0 ? (
        <>
          <h2>
            <Bi ja={`一時停止中（${suspended.length}団体）`} en="Suspended" />
          </h2>
          <ul class="cards">
            {suspended.map((m) => (
              <li class="card">
                <h3>{nameOf(m.organizationId)}</h3>
                <p class="note">
                  {tierLabel(platform, m.tier)}
                  {m.decidedAt ? ` ・ ${date(m.decidedAt)}` : ''}
                </p>
                <RowError message={errorFor(m.organizationId)} />
                <ActionButton
                  action={`${base}/memberships/${m.organizationId}/approve`}
                  kind="secondary"
                  label={<Bi ja="承認する（再開）" en="Approve again" />}
                />
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </AdminPage>,
    failure?.status ?? 200,
  );
}

const tierLabel = (platform: Platform, tier: string) => {
  const t = platform.tiers.find((x) => x.id === tier);
  return t ? `${t.ja} / ${t.en}` : tier;
};

const placeOf = (org: Organization) =>
  regionLabel(org.location.municipality ?? org.location.prefecture, 'ja');

function OrganizationFacts(props: { org: Organization | undefined; children: Child }) {
  const { org } = props;
  return (
    <dl class="facts">
      {org ? (
        <>
          <dt>
            <Bi ja="法人格" en="Legal form" />
          </dt>
          <dd>{LEGAL_FORMS[org.legalForm].ja}</dd>
          <dt>
            <Bi ja="所在地" en="Place" />
          </dt>
          <dd>{placeOf(org)}</dd>
          {org.description ? (
            <>
              <dt>
                <Bi ja="団体の紹介" en="About" />
              </dt>
              <dd class="pre-line">{org.description}</dd>
            </>
          ) : null}
        </>
      ) : null}
      {props.children}
    </dl>
  );
}

function RowError({ message }: { message: string | undefined }) {
  return message ? (
    <p class="field-error" role="alert">
      {message}
    </p>
  ) : null;
}

/** A tier select and a button: approve with a tier, or change the tier of a member. */
function DecisionForm(props: {
  action: string;
  platform: Platform;
  selectId: string;
  tier: string;
  label: Child;
  version?: number;
  kind?: 'primary' | 'secondary';
  visibleLabel?: boolean;
  ariaLabel?: string;
}) {
  const { csrf } = useView();
  return (
    <form method="post" action={props.action} class="decision">
      <input type="hidden" name="_csrf" value={csrf} />
      {props.version !== undefined ? (
        <input type="hidden" name="version" value={String(props.version)} />
      ) : null}
      {props.visibleLabel ? (
        <label for={props.selectId}>
          <Bi ja="会員区分" en="Tier" />
        </label>
      ) : null}
      <select id={props.selectId} name="tier" aria-label={props.visibleLabel ? undefined : props.ariaLabel}>
        {props.platform.tiers.map((t) => (
          <option value={t.id} selected={t.id === props.tier}>
            {t.ja} / {t.en}
          </option>
        ))}
      </select>
      <button type="submit" class={props.kind ?? 'primary'}>
        {props.label}
      </button>
    </form>
  );
}

async function decideMembership(c: C, action: 'approve' | 'suspend' | 'tier'): Promise<Response> {
  return secretariatPage(c, async (platform) => {
    const organizationId = c.req.param('organizationId') ?? '';
    const values = await formValues(c);
    const path = `${apiBase(platform.id)}/memberships/${encodeURIComponent(organizationId)}`;
    const result =
      action === 'tier'
        ? await callApi(c, 'PATCH', path, toBody(values, { numbers: ['version'] }))
        : await callApi(c, 'POST', `${path}/${action}`, toBody(values));
    if (!result.ok) {
      if (result.status === 404) throw new ApiProblem(result.problem);
      const errors = errorsOf(result.problem);
      const message = errors.tier ?? result.problem.detail;
      return membershipsPage(c, platform, {
        organizationId,
        message,
        values,
        status: failureStatus(result.problem),
      });
    }
    const done = action === 'tier' ? 'tier' : action === 'approve' ? 'approved' : 'suspended';
    return c.redirect(
      `${adminBase(platform.id)}/memberships?done=${done}&org=${encodeURIComponent(organizationId)}`,
      303,
    );
  });
}

// --- news ------------------------------------------------------------------------------------

const NEWS_KIND: Record<News['kind'], string> = { news: 'お知らせ / News', event: 'イベント / Event' };

async function newsPage(
  c: C,
  platform: Platform,
  form: { values: FormValues; errors: FormErrors; status: FailureStatus } = {
    values: { kind: 'news' },
    errors: {},
    status: 400,
  },
): Promise<Response> {
  const failed = Object.keys(form.errors).length > 0;
  const recent = await c.var.ctx.store.news.list(platform.id, { limit: 20 });
  const base = adminBase(platform.id);
  return render(
    c,
    <AdminPage platform={platform} ja="お知らせ・イベント" en="News and events">
      {c.req.query('done') === 'posted' && !failed ? (
        <Notice>
          <Bi
            ja="掲載しました。次の週のダイジェストでお知らせします。"
            en="Posted: it goes out in the next digest."
          />
        </Notice>
      ) : null}
      <p>
        <Bi
          ja="ここに掲載したお知らせやイベントは、会員あての週1回のダイジェストメールに載ります。"
          en="News and events posted here go out in the weekly digest to members."
        />
      </p>
      <h2>
        <Bi ja="新しく掲載する" en="Post news or an event" />
      </h2>
      <Form action={`${base}/news`} values={form.values} errors={form.errors}>
        <NewsKindChoice value={typeof form.values.kind === 'string' ? form.values.kind : 'news'} />
        <TextField name="title" ja="タイトル" en="Title" required maxlength={120} />
        <TextArea name="body" ja="本文" en="Text" rows={6} maxlength={2000} />
        <TextField
          name="url"
          ja="詳しい情報のURL"
          en="Link"
          type="url"
          inputmode="url"
          hint="https:// で始まるURL。 A link starting with https://"
        />
        <TextField
          name="eventDate"
          ja="開催日"
          en="Event date"
          type="date"
          size="short"
          hint="イベントの場合は必須です。 Required for events."
        />
        <p>
          <button type="submit">
            <Bi ja="掲載する" en="Post" />
          </button>
        </p>
      </Form>

      <h2>
        <Bi ja="最近のお知らせ" en="Recent news" />
      </h2>
      {recent.items.length === 0 ? (
        <p>
          <Bi ja="まだ掲載はありません。" en="Nothing posted yet." />
        </p>
      ) : (
        <ul class="cards">
          {recent.items.map((item) => (
            <li class="card">
              <p class="note">
                <span class="badge">{NEWS_KIND[item.kind]}</span> ・ 掲載 {date(item.createdAt)}
                {item.eventDate ? ` ・ 開催日 ${item.eventDate}` : ''}
              </p>
              <h3>{item.title}</h3>
              {item.body ? <p class="pre-line">{item.body}</p> : null}
              {item.url ? (
                <p>
                  <a href={item.url} rel="noopener noreferrer">
                    {item.url}
                  </a>
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </AdminPage>,
    failed ? form.status : 200,
  );
}

/** News or event, as two radios (the kit's ChoiceGroup is for several values). */
function NewsKindChoice({ value }: { value: string }) {
  return (
    <fieldset class="field">
      <legend>
        <Bi ja="種類" en="Kind" />
      </legend>
      <div class="choices">
        {(['news', 'event'] as const).map((kind) => (
          <label class="choice" for={`f-kind-${kind}`}>
            <input id={`f-kind-${kind}`} type="radio" name="kind" value={kind} checked={value === kind} />{' '}
            {NEWS_KIND[kind]}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

// --- statistics ------------------------------------------------------------------------------

const CHART_SERIES: readonly (BarSeries & { of: (c: IntroductionCounts) => number })[] = [
  { ja: 'ご提案', en: 'Introductions', color: '#0b5c8f', of: (c) => c.proposals },
  { ja: 'つながった', en: 'Connected', color: '#2a6b59', of: (c) => c.status.connected },
  { ja: '連携が成立', en: 'Collaborations', color: '#a04b00', of: (c) => c.collaboration.formed },
];

const prefectureName = (code: string) => prefecture(code)?.ja ?? code;

function statsSections(stats: IntroductionStats) {
  return [
    {
      id: 'by-field',
      ja: '分野別',
      en: 'By field',
      note: '1件のご提案は、ニーズのすべての分野に数えます（合計は全体の件数より多くなることがあります）。 An introduction counts toward each field of its need.',
      rows: stats.byField.map((r) => ({ label: fieldLabel(r.field, 'ja'), counts: r.counts })),
    },
    {
      id: 'by-region',
      ja: '地域別（ニーズの都道府県）',
      en: "By region (the need's prefecture)",
      note: undefined,
      rows: stats.byPrefecture.map((r) => ({ label: prefectureName(r.prefecture), counts: r.counts })),
    },
  ];
}

function CountsTable(props: { caption: string; rows: { label: string; counts: IntroductionCounts }[] }) {
  return (
    <div class="table-wrap">
      <table class="wide">
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">
              <Bi ja="区分" en="Group" />
            </th>
            <th scope="col" class="num">
              <Bi ja="ご提案" en="All" />
            </th>
            {MATCH_STATUSES.map((s) => (
              <th scope="col" class="num">
                <Bi ja={MATCH_STATUS_LABELS[s].ja} en={MATCH_STATUS_LABELS[s].en} />
              </th>
            ))}
            {COLLABORATION_STATES.map((s) => (
              <th scope="col" class="num">
                <Bi ja={COLLABORATION_LABELS[s].ja} en={COLLABORATION_LABELS[s].en} />
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr>
              <th scope="row">{r.label}</th>
              <td class="num">{n(r.counts.proposals)}</td>
              {MATCH_STATUSES.map((s) => (
                <td class="num">{n(r.counts.status[s])}</td>
              ))}
              {COLLABORATION_STATES.map((s) => (
                <td class="num">{n(r.counts.collaboration[s])}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

async function statsPage(c: C, platform: Platform): Promise<Response> {
  const { store } = c.var.ctx;
  const pairs = await store.matches.pairsOf(platform.id);
  const needs = await store.needs.getMany(pairs.map((p) => p.needId));
  const stats = introductionStats(pairs, needs);
  const { total } = stats;
  return render(
    c,
    <AdminPage platform={platform} ja="つながりの統計" en="Statistics">
      <p>
        <Bi
          ja="このプラットフォームでこれまでに行ったご提案と、そこから生まれた連携の件数です。"
          en="Introductions made on this platform so far, and the collaborations that came of them."
        />
      </p>
      <h2>
        <Bi ja="ご提案の状況" en="Introductions" />
      </h2>
      <ul class="stats">
        <li>
          <strong>{n(total.proposals)}</strong>
          <Bi ja="ご提案（累計）" en="All introductions" />
        </li>
        {MATCH_STATUSES.map((s) => (
          <li>
            <strong>{n(total.status[s])}</strong>
            <Bi ja={MATCH_STATUS_LABELS[s].ja} en={MATCH_STATUS_LABELS[s].en} />
          </li>
        ))}
      </ul>
      <h2>
        <Bi ja="連携の状況（つながった件数のうち）" en="What came of connections" />
      </h2>
      <ul class="stats">
        {COLLABORATION_STATES.map((s) => (
          <li>
            <strong>{n(total.collaboration[s])}</strong>
            <Bi ja={COLLABORATION_LABELS[s].ja} en={COLLABORATION_LABELS[s].en} />
          </li>
        ))}
      </ul>
      {total.proposals === 0 ? (
        <p>
          <Bi
            ja="まだご提案はありません。マッチングが実行されると、ここに分野別・地域別の件数が表示されます。"
            en="No introductions yet. Counts by field and region appear here after a round."
          />
        </p>
      ) : (
        statsSections(stats).map((section) => (
          <section aria-labelledby={`${section.id}-heading`}>
            <h2 id={`${section.id}-heading`}>
              <Bi ja={section.ja} en={section.en} />
            </h2>
            {section.note ? <p class="note">{section.note}</p> : null}
            <BarChart
              id={`${section.id}-chart`}
              title={`${section.ja}のご提案・つながった件数・連携の成立 / ${section.en}`}
              description={section.rows
                .map((r) => `${r.label}: ${CHART_SERIES.map((s) => `${s.ja} ${s.of(r.counts)}`).join('、')}`)
                .join('。')}
              series={CHART_SERIES}
              rows={section.rows.map((r) => ({
                label: r.label,
                values: CHART_SERIES.map((s) => s.of(r.counts)),
              }))}
            />
            <CountsTable caption={`${section.ja}の件数 / ${section.en}`} rows={section.rows} />
          </section>
        ))
      )}
      <p>
        <a href={`${adminBase(platform.id)}/export.csv`} download>
          <Bi ja="ご提案の一覧をCSVでダウンロード" en="Download introductions (CSV)" />
        </a>
      </p>
    </AdminPage>,
  );
}

// --- CSV export --------------------------------------------------------------------------------

const CSV_HEADER = [
  '提案日',
  '状態',
  'ニーズ',
  'ニーズの団体',
  '支援の申し出',
  '申し出の団体',
  '分野',
  '都道府県',
  '市区町村',
  '適合度(%)',
  '連携の状況',
  '見送りの理由',
  'ID',
];

/** Every introduction of the platform, organisation-level only: no person's name or email. */
async function exportCsv(c: C, platform: Platform): Promise<Response> {
  const { store } = c.var.ctx;
  const pairs = await store.matches.pairsOf(platform.id);
  const matches = await store.matches.getMany(pairs.map((p) => p.matchId));
  const [needs, offers] = await Promise.all([
    store.needs.getMany(matches.map((m) => m.needId)),
    store.offers.getMany(matches.map((m) => m.offerId)),
  ]);
  const orgs = await store.organizations.getMany(
    matches.flatMap((m) => [m.needOrganizationId, m.offerOrganizationId]),
  );
  const needById = new Map(needs.map((x) => [x.id, x]));
  const offerById = new Map(offers.map((x) => [x.id, x]));
  const orgName = new Map(orgs.map((o) => [o.id, o.name]));
  const pairByMatch = new Map(pairs.map((p) => [p.matchId, p]));
  const rows = [...matches]
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))
    .map((m) => {
      const need = needById.get(m.needId);
      const state = collaborationOf(pairByMatch.get(m.id) ?? { status: m.status, outcomes: {} });
      return [
        date(m.createdAt),
        MATCH_STATUS_LABELS[m.status].ja,
        need?.title ?? '',
        orgName.get(m.needOrganizationId) ?? '',
        offerById.get(m.offerId)?.title ?? '',
        orgName.get(m.offerOrganizationId) ?? '',
        need ? need.fields.map((f) => fieldLabel(f, 'ja')).join('、') : '',
        need ? prefectureName(need.location.prefecture) : '',
        need?.location.municipality ? (municipality(need.location.municipality)?.ja ?? '') : '',
        Math.round(m.score * 100),
        state ? COLLABORATION_LABELS[state].ja : '',
        m.declineReason ?? '',
        m.id,
      ];
    });
  const day = tokyoDate(c.var.ctx.now()).replaceAll('-', '');
  return c.body(toCsv([CSV_HEADER, ...rows]), 200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="tsunagu-${platform.id}-introductions-${day}.csv"`,
    'cache-control': 'no-store',
  });
}

// --- routes ----------------------------------------------------------------------------------

export const secretariatPages = new Hono<AppEnv>()
  .get('/platforms/:platformId/admin', (c) => secretariatPage(c, (platform) => dashboard(c, platform)))
  .post('/platforms/:platformId/admin/round', (c) =>
    secretariatPage(c, async (platform) => {
      const result = await callApi<Round>(c, 'POST', `${apiBase(platform.id)}/runs/match`);
      if (!result.ok)
        return dashboard(c, platform, {
          message: result.problem.detail,
          status: failureStatus(result.problem),
        });
      const round = result.data;
      const query = round.skipped
        ? 'done=round-skipped'
        : `done=round&written=${round.written}&proposals=${round.proposals}`;
      return c.redirect(`${adminBase(platform.id)}?${query}`, 303);
    }),
  )
  .post('/platforms/:platformId/admin/digest', (c) =>
    secretariatPage(c, async (platform) => {
      const result = await callApi<DigestPlan>(c, 'POST', `${apiBase(platform.id)}/runs/digest`);
      if (!result.ok)
        return dashboard(c, platform, {
          message: result.problem.detail,
          status: failureStatus(result.problem),
        });
      const plan = result.data;
      return c.redirect(
        `${adminBase(platform.id)}?done=digest&planned=${plan.planned}&already=${plan.alreadyPlanned}`,
        303,
      );
    }),
  )
  .get('/platforms/:platformId/admin/memberships', (c) =>
    secretariatPage(c, (platform) => membershipsPage(c, platform)),
  )
  .post('/platforms/:platformId/admin/memberships/:organizationId/approve', (c) =>
    decideMembership(c, 'approve'),
  )
  .post('/platforms/:platformId/admin/memberships/:organizationId/suspend', (c) =>
    decideMembership(c, 'suspend'),
  )
  .post('/platforms/:platformId/admin/memberships/:organizationId/tier', (c) => decideMembership(c, 'tier'))
  .get('/platforms/:platformId/admin/news', (c) => secretariatPage(c, (platform) => newsPage(c, platform)))
  .post('/platforms/:platformId/admin/news', (c) =>
    secretariatPage(c, async (platform) => {
      const values = await formValues(c);
      const result = await callApi(c, 'POST', `${apiBase(platform.id)}/news`, toBody(values));
      if (!result.ok) {
        return newsPage(c, platform, {
          values,
          errors: errorsOf(result.problem),
          status: failureStatus(result.problem),
        });
      }
      return c.redirect(`${adminBase(platform.id)}/news?done=posted`, 303);
    }),
  )
  .get('/platforms/:platformId/admin/stats', (c) => secretariatPage(c, (platform) => statsPage(c, platform)))
  .get('/platforms/:platformId/admin/export.csv', (c) =>
    secretariatPage(c, (platform) => exportCsv(c, platform)),
  );
