import { type Actor, hasOrgRole, ORG_ROLE_LABELS, ORG_ROLES, type OrgRole } from '#domain';
import { displayDate } from '#mail';
import {
  ActionButton,
  ChoiceGroup,
  Form,
  type FormErrors,
  type FormValues,
  fetchApi,
  TextField,
} from '../forms';
import { Bi, Notice, Page, TableHead, Title } from '../layout';
import { render } from '../view';
import type { C, FormStatus, OrganizationView } from './common';

// An organisation's people: who they are and their roles; for its owners, changing a role,
// removing someone, inviting someone (by mail: nobody joins before accepting the link) and the
// invitations still pending.

interface OrgMember {
  personId: string;
  organizationId: string;
  email: string;
  role: OrgRole;
  createdAt: string;
}

interface PendingInvitation {
  id: string;
  email: string;
  role: OrgRole;
  invitedBy: { email: string; name?: string };
  expiresAt: string;
}

const roleText = (r: OrgRole) => <Bi ja={ORG_ROLE_LABELS[r].ja} en={ORG_ROLE_LABELS[r].en} />;

/** Each role with what it may do, most trusted last: the choice when inviting someone. */
const roleChoices = [...ORG_ROLES].map((r) => ({
  value: r,
  label: `${ORG_ROLE_LABELS[r].ja}：${ORG_ROLE_LABELS[r].canJa}`,
  en: `${ORG_ROLE_LABELS[r].en}: ${ORG_ROLE_LABELS[r].canEn}`,
}));

const ROLE_HINT = (
  <Bi
    ja={ORG_ROLES.map((r) => `${ORG_ROLE_LABELS[r].ja}：${ORG_ROLE_LABELS[r].canJa}`).join(' ／ ')}
    en={ORG_ROLES.map((r) => `${ORG_ROLE_LABELS[r].en}: ${ORG_ROLE_LABELS[r].canEn}`).join('; ')}
  />
);

interface PeopleState {
  values?: FormValues;
  errors?: FormErrors;
  /** A message about a row's button (role change, removal, withdrawal) that the API refused. */
  problem?: string;
  status?: FormStatus;
}

const NOTICES: Record<string, { ja: string; en: string }> = {
  invited: {
    ja: '招待のメールをお送りしました。ご本人がメールのリンクから参加すると、メンバーの一覧に表示されます（リンクの有効期限は7日間です）。',
    en: 'The invitation is on its way. They appear in the list once they accept it (the link works for 7 days).',
  },
  revoked: {
    ja: '招待を取り消しました。リンクはもう使えません。',
    en: 'Withdrawn: the link no longer works.',
  },
  changed: { ja: '役割を変更しました。', en: 'The role is changed.' },
  removed: { ja: 'メンバーから外しました。', en: 'Removed from the organisation.' },
};

export async function peoplePage(c: C, actor: Actor, id: string, state: PeopleState = {}) {
  const ctx = c.var.ctx;
  const owner = hasOrgRole(actor, id, 'owner');
  const [org, people, invitations] = await Promise.all([
    fetchApi<OrganizationView>(c, `/organizations/${id}`),
    fetchApi<{ items: OrgMember[] }>(c, `/organizations/${id}/people?limit=100`),
    owner
      ? fetchApi<{ items: PendingInvitation[] }>(c, `/organizations/${id}/invitations?limit=100`)
      : undefined,
  ]);
  const names = new Map(
    (await ctx.store.people.getMany(people.items.map((p) => p.personId))).map((p) => [p.id, p.name]),
  );
  const notice = Object.keys(NOTICES).find((name) => c.req.query(name) === '1');
  const base = `/organizations/${id}`;
  return render(
    c,
    <Page title={`${org.name}のメンバー`} titleEn="People">
      <p class="note">
        <a href={base}>{org.name}</a>
      </p>
      <Title ja="メンバー" en="People" />
      {notice ? (
        <Notice>
          <Bi ja={NOTICES[notice]!.ja} en={NOTICES[notice]!.en} />
        </Notice>
      ) : null}
      {state.problem ? <Notice kind="error">{state.problem}</Notice> : null}
      <p class="hint">{ROLE_HINT}</p>
      <div class="table-wrap">
        <table class="wide">
          <TableHead
            columns={[
              ['お名前', 'Name'],
              ['メールアドレス', 'Email'],
              ['役割', 'Role'],
              ['操作', 'Actions'],
            ]}
          />
          <tbody>
            {people.items.map((p) => {
              const self = p.personId === actor.person.id;
              return (
                <tr>
                  <th scope="row">
                    {names.get(p.personId) ?? '—'}
                    {self ? <span class="note">（あなた / you）</span> : null}
                  </th>
                  <td>{p.email}</td>
                  <td>{roleText(p.role)}</td>
                  <td>
                    <div class="actions">
                      {owner
                        ? ORG_ROLES.filter((r) => r !== p.role).map((r) => (
                            <ActionButton
                              action={`${base}/people/${p.personId}/role`}
                              hidden={{ role: r }}
                              kind="secondary"
                              label={
                                <Bi
                                  ja={`${ORG_ROLE_LABELS[r].ja}にする`}
                                  en={`Make ${ORG_ROLE_LABELS[r].en}`}
                                />
                              }
                            />
                          ))
                        : null}
                      {owner || self ? (
                        <ActionButton
                          action={`${base}/people/${p.personId}/remove`}
                          kind="danger"
                          confirm={
                            self
                              ? { ja: 'この団体から抜けますか？', en: 'Leave this organisation?' }
                              : {
                                  ja: `${names.get(p.personId) ?? p.email} 様をメンバーから外しますか？`,
                                  en: `Remove ${names.get(p.personId) ?? p.email}?`,
                                }
                          }
                          label={
                            self ? (
                              <Bi ja="この団体から抜ける" en="Leave" />
                            ) : (
                              <Bi ja="メンバーから外す" en="Remove" />
                            )
                          }
                        />
                      ) : null}
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {invitations && invitations.items.length > 0 ? (
        <section>
          <Title level={2} ja="返事を待っている招待" en="Pending invitations" />
          <div class="table-wrap">
            <table class="wide">
              <TableHead
                columns={[
                  ['メールアドレス', 'Email'],
                  ['役割', 'Role'],
                  ['招待した方', 'Invited by'],
                  ['有効期限', 'Expires'],
                  ['操作', 'Actions'],
                ]}
              />
              <tbody>
                {invitations.items.map((i) => (
                  <tr>
                    <th scope="row">{i.email}</th>
                    <td>{roleText(i.role)}</td>
                    <td>{i.invitedBy.name ?? i.invitedBy.email}</td>
                    <td class="date">
                      <Bi ja={displayDate(i.expiresAt, 'ja')} en={displayDate(i.expiresAt, 'en')} />
                    </td>
                    <td>
                      <ActionButton
                        action={`${base}/invitations/${i.id}/revoke`}
                        kind="danger"
                        confirm={{
                          ja: `${i.email} 様への招待を取り消しますか？`,
                          en: `Withdraw the invitation to ${i.email}?`,
                        }}
                        label={<Bi ja="招待を取り消す" en="Withdraw" />}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
      {owner ? (
        <section>
          <Title level={2} ja="メンバーを招待する" en="Invite someone" />
          <p>
            <Bi
              ja="入力したメールアドレスに招待のメールをお送りします。ご本人がメールのリンクを開いて「参加する」を押すと、選んだ役割でメンバーになります（7日間有効。初めての方はそのまま登録できます）。同じアドレスにもう一度招待すると、新しいリンクをお送りし、前のリンクは使えなくなります。"
              en="We email them a link. They join with the chosen role when they open it and press “Join” (valid 7 days; new people sign up on the way). Inviting the same address again sends a new link and the old one stops working."
            />
          </p>
          <Form
            action={`${base}/invitations`}
            values={state.values ?? { role: 'editor' }}
            errors={state.errors ?? {}}
          >
            <TextField
              name="email"
              type="email"
              ja="メールアドレス"
              en="Email"
              required
              inputmode="email"
              autocomplete="off"
            />
            <ChoiceGroup name="role" ja="役割" en="Role" required type="radio" options={roleChoices} />
            <button type="submit">
              <Bi ja="招待のメールを送る" en="Send the invitation" />
            </button>
          </Form>
        </section>
      ) : null}
    </Page>,
    state.status ?? 200,
  );
}
