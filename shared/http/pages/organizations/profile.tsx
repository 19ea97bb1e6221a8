import {
  type Actor,
  hasOrgRole,
  LEGAL_FORMS,
  MEMBERSHIP_STATUS_LABELS,
  type Membership,
  missingProfile,
  ORG_ROLE_LABELS,
} from '#domain';
import { caretakerPlatformOf } from '../../access';
import { callApi, fetchApi } from '../forms';
import { Bi, Notice, Page, TableHead, Title } from '../layout';
import { render } from '../view';
import { type C, Lines, type OrganizationView, placeOf } from './common';
import { ContactStatus } from './contact';
import { CompleteProfile, ProfileFacts } from './profile-facts';

// An organisation's profile: its facts, the contact person for those who may see it, and its
// platforms.

export async function profilePage(c: C, actor: Actor, id: string) {
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
  // The secretariat looks after a member it registered by hand (nobody of its own signs in).
  const caretakerOf = editor ? undefined : await caretakerPlatformOf(ctx, actor, id);
  const caretaker = caretakerOf !== undefined;
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
      {c.req.query('registered') ? (
        <Notice>
          {c.req.query('registered') === 'queued' ? (
            <Bi
              ja="会員として登録しました。連絡先メールアドレスに確認用のリンクをお送りしました。"
              en="Registered as a member. A confirmation link is on its way to the contact address."
            />
          ) : (
            <Bi
              ja="会員として登録しました。連絡先への確認メールは、いまはお送りできませんでした。時間をおいて下の「確認メールを再送する」を押してください。"
              en="Registered as a member. The confirmation link could not be sent now; press “Send the link again” below later."
            />
          )}
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
      {editor ? <CompleteProfile id={id} missing={missingProfile(org)} /> : null}
      <p class="note">
        <Bi ja="団体" en="Organisation" />
        {role ? (
          <>
            {' '}
            ・{' '}
            <Bi
              ja={`あなたの役割 ${ORG_ROLE_LABELS[role].ja}`}
              en={`Your role: ${ORG_ROLE_LABELS[role].en}`}
            />
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
          <Bi {...LEGAL_FORMS[org.legalForm]} />
        </dd>
        <dt>
          <Bi ja="所在地" en="Based in" />
        </dt>
        <dd>
          <Bi ja={placeOf(org, 'ja')} en={placeOf(org, 'en')} />
        </dd>
        <ProfileFacts org={org} />
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
              <ContactStatus org={org} editor={editor} caretaker={caretaker} />
              <br />
              <span class="note">
                <Bi
                  ja="つながりが成立した相手の団体にだけお知らせします。"
                  en="Shared only once an introduction is accepted by both."
                />
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
      {caretaker ? (
        <p class="note">
          <Bi
            ja="この団体には、サインインする方がいません（事務局が登録した団体です）。団体の情報の更新と連絡先の確認は、事務局が行えます。"
            en="Nobody of this organisation signs in (the secretariat registered it), so the secretariat keeps its profile and confirms its contact."
          />
        </p>
      ) : null}
      {caretaker ? (
        <p class="actions">
          <a class="button" href={`/organizations/${id}/edit`}>
            <Bi ja="団体の情報を編集" en="Edit the profile" />
          </a>
          <a href={`/organizations/${id}/delete`}>
            <Bi ja="団体を削除する" en="Delete the organisation" />
          </a>
          <a href={`/platforms/${caretakerOf}/admin/memberships`}>
            <Bi ja="参加申請・会員の一覧へ" en="Back to the members" />
          </a>
        </p>
      ) : null}
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
          {role === 'owner' ? (
            <a href={`/organizations/${id}/delete`}>
              <Bi ja="団体を削除する" en="Delete the organisation" />
            </a>
          ) : null}
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
                        <td>{tier ? <Bi ja={tier.ja} en={tier.en} /> : m.tier}</td>
                        <td>
                          <span class={`badge ${m.status}`}>
                            <Bi {...MEMBERSHIP_STATUS_LABELS[m.status]} />
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
