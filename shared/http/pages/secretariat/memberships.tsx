import { byLanguage, type Membership, type MembershipStatus, type Platform } from '#domain';
import { ApiProblem } from '../../problem';
import { ActionButton, callApi, errorsOf, type FormValues, formValues, toBody } from '../forms';
import { languageOf } from '../language';
import { Bi, Notice, TableHead } from '../layout';
import { render } from '../view';
import { ApplicationDetail } from './application-detail';
import {
  AdminPage,
  adminBase,
  apiBase,
  type C,
  date,
  type FailureStatus,
  failureStatus,
  secretariatPage,
} from './frame';
import {
  DecisionForm,
  DeclineForm,
  OrganizationFacts,
  placeOf,
  RowError,
  tierLabel,
} from './membership-parts';

// Applications and members: approve (with a tier) or not, change a member's tier, suspend.

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
  declined: { ja: 'の参加申請をお断りしました。', en: 'application declined.' },
  suspended: { ja: 'を一時停止しました。', en: 'suspended.' },
  tier: { ja: 'の会員区分を変更しました。', en: 'tier changed.' },
};

async function declinedOrganization(c: C, platformId: string, organizationId: string) {
  if (!/^[0-9A-HJKMNP-TV-Z]{26}$/.test(organizationId)) return undefined;
  const membership = await c.var.ctx.store.memberships.get(platformId, organizationId);
  return membership?.status === 'declined' ? c.var.ctx.store.organizations.get(organizationId) : undefined;
}

export async function membershipsPage(
  c: C,
  platform: Platform,
  failure?: MembershipFailure,
): Promise<Response> {
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
  const doneId = c.req.query('org') ?? '';
  // A declined application is in none of the lists: its name is read for the notice, only if it
  // applied to this platform (the query names any id).
  const doneOrg = orgs.get(doneId) ?? (done ? await declinedOrganization(c, platform.id, doneId) : undefined);
  const base = adminBase(platform.id);
  const errorFor = (id: string) => (failure?.organizationId === id ? failure.message : undefined);
  const reasonFor = (m: Membership) =>
    failure?.organizationId === m.organizationId && typeof failure.values.reason === 'string'
      ? failure.values.reason
      : undefined;
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
      <p class="actions">
        <a class="button secondary" href={`${base}/members/new`}>
          <Bi ja="会員を手入力で登録" en="Register a member by hand" />
        </a>
        <a href={`${base}/import`}>
          <Bi ja="名簿の取り込み" en="Import members" />
        </a>
      </p>

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
                <ApplicationDetail membership={m} />
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
                <DeclineForm
                  action={`${base}/memberships/${m.organizationId}/decline`}
                  organizationId={m.organizationId}
                  organizationName={nameOf(m.organizationId)}
                  reason={reasonFor(m)}
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
                    <td class="date">{m.decidedAt ? date(m.decidedAt) : ''}</td>
                    <td>
                      <DecisionForm
                        action={`${base}/memberships/${m.organizationId}/tier`}
                        platform={platform}
                        selectId={`tier-${m.organizationId}`}
                        tier={tierFor(m)}
                        version={m.version}
                        label={<Bi ja="変更" en="Change" />}
                        kind="secondary"
                        ariaLabel={byLanguage(
                          languageOf(c),
                          `${nameOf(m.organizationId)}の会員区分`,
                          `Tier of ${nameOf(m.organizationId)}`,
                        )}
                      />
                      <RowError message={errorFor(m.organizationId)} />
                    </td>
                    <td>
                      <ActionButton
                        action={`${base}/memberships/${m.organizationId}/suspend`}
                        kind="danger"
                        label={<Bi ja="一時停止" en="Suspend" />}
                        confirm={{
                          ja: `${nameOf(m.organizationId)} を一時停止します。ご提案の対象から外れます。よろしいですか？`,
                          en: `Suspend ${nameOf(m.organizationId)}? It gets no introductions while suspended.`,
                        }}
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
export async function decideMembership(
  c: C,
  action: 'approve' | 'decline' | 'suspend' | 'tier',
): Promise<Response> {
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
      const message = errors.tier ?? errors.reason ?? result.problem.detail;
      return membershipsPage(c, platform, {
        organizationId,
        message,
        values,
        status: failureStatus(result.problem),
      });
    }
    const done = ({ tier: 'tier', approve: 'approved', decline: 'declined', suspend: 'suspended' } as const)[
      action
    ];
    return c.redirect(
      `${adminBase(platform.id)}/memberships?done=${done}&org=${encodeURIComponent(organizationId)}`,
      303,
    );
  });
}
