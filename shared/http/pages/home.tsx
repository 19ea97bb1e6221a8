import { Hono } from 'hono';
import { MEMBERSHIP_STATUS_LABELS, type Membership, ORG_ROLE_LABELS } from '#domain';
import type { AppEnv } from '../env';
import { SignInForm } from './auth';
import { Bi, Notice, Page, Title } from './layout';
import { render } from './view';

// The start page. Signed out: what this is and how to sign in. Signed in: the person's
// organisations with their platforms, what to do next, and the secretariat's platforms.

export const homePages = new Hono<AppEnv>().get('/', async (c) => {
  const auth = c.var.auth;
  if (!auth) {
    return render(
      c,
      <Page title="ホーム" titleEn="Home">
        {c.req.query('signed-out') ? (
          <Notice>
            <Bi ja="サインアウトしました。" en="You are signed out." />
          </Notice>
        ) : null}
        <Title ja="団体どうしの「つながり」をつくる" en="Connecting organisations that support each other" />
        <p>
          <Bi
            ja="つなぐは、孤独・孤立対策の官民連携プラットフォームで、NPOなどの団体の「ニーズ」と、企業などの「支援の申し出」（場所・資金・就労の機会など）を結びつけるサービスです。"
            en="tsunagu matches the needs of NPOs with offers from companies and others (venues, funding, jobs and more) on public-private platforms against loneliness and isolation."
          />
        </p>
        <p>
          <a href="/platforms">
            <Bi ja="プラットフォームの一覧を見る" en="See the platforms" />
          </a>
        </p>
        <h2>
          <Bi ja="サインイン・新規登録" en="Sign in or sign up" />
        </h2>
        <SignInForm />
      </Page>,
    );
  }
  const { ctx } = c.var;
  const actor = auth.actor;
  const orgIds = [...actor.orgRoles.keys()];
  const [orgs, memberships, secretariat] = await Promise.all([
    ctx.store.organizations.getMany(orgIds),
    Promise.all(orgIds.map((id) => ctx.store.memberships.ofOrganization(id))),
    Promise.all([...actor.secretariatOf].map((id) => ctx.store.platforms.get(id))),
  ]);
  const membershipsOf = new Map<string, Membership[]>(orgIds.map((id, i) => [id, memberships[i] ?? []]));
  const platformIds = [...new Set(memberships.flat().map((m) => m.platformId))];
  const platforms = new Map(
    (await Promise.all(platformIds.map((id) => ctx.store.platforms.get(id)))).flatMap((p) =>
      p ? [[p.id, p]] : [],
    ),
  );
  return render(
    c,
    <Page title="ホーム" titleEn="Home">
      {c.req.query('welcome') ? (
        <Notice>
          <Bi
            ja="ようこそ。まずはあなたの団体を登録し、プラットフォームへの参加を申し込みましょう。"
            en="Welcome. Start by registering your organisation and applying to a platform."
          />
        </Notice>
      ) : null}
      <Title ja="ホーム" en="Home" />
      <p>
        {actor.person.name ?? actor.person.email} さん <span class="note">({actor.person.email})</span>
      </p>
      <p class="actions">
        <a class="button" href="/matches">
          <Bi ja="つながりのご提案を見る" en="Introductions" />
        </a>
        <a class="button secondary" href="/organizations/new">
          <Bi ja="団体を登録する" en="Register an organisation" />
        </a>
      </p>
      {secretariat.some(Boolean) ? (
        <section>
          <h2>
            <Bi ja="事務局として" en="As secretariat" />
          </h2>
          <ul>
            {secretariat.flatMap((p) =>
              p
                ? [
                    <li>
                      <a href={`/platforms/${p.id}/admin`}>{p.name}</a> —{' '}
                      <Bi ja="事務局の管理画面" en="secretariat" />
                    </li>,
                  ]
                : [],
            )}
          </ul>
        </section>
      ) : null}
      <h2>
        <Bi ja="あなたの団体" en="Your organisations" />
      </h2>
      {orgs.length === 0 ? (
        <p>
          <Bi
            ja="まだ団体に所属していません。団体を登録するか、登録済みの団体の管理者に追加を依頼してください。"
            en="You do not belong to an organisation yet. Register one, or ask its owner to add you."
          />
        </p>
      ) : (
        <ul class="cards">
          {orgs.map((org) => {
            const role = actor.orgRoles.get(org.id)!;
            const mine = membershipsOf.get(org.id) ?? [];
            return (
              <li class="card">
                <h3>
                  <a href={`/organizations/${org.id}`}>{org.name}</a>
                </h3>
                <p class="note">
                  <Bi ja={ORG_ROLE_LABELS[role].ja} en={ORG_ROLE_LABELS[role].en} />
                </p>
                <ul>
                  {mine.map((m) => (
                    <li>
                      {platforms.get(m.platformId)?.name ?? m.platformId}{' '}
                      <span class={`badge ${m.status}`}>
                        <Bi {...MEMBERSHIP_STATUS_LABELS[m.status]} />
                      </span>
                    </li>
                  ))}
                </ul>
                {mine.length === 0 ? (
                  <p class="note">
                    <Bi ja="まだどのプラットフォームにも参加していません。" en="Not on any platform yet." />
                  </p>
                ) : null}
                <p class="actions">
                  <a href={`/organizations/${org.id}/needs`}>
                    <Bi ja="ニーズ" en="Needs" />
                  </a>
                  <a href={`/organizations/${org.id}/offers`}>
                    <Bi ja="支援の申し出" en="Offers" />
                  </a>
                  <a href={`/organizations/${org.id}/people`}>
                    <Bi ja="メンバー" en="People" />
                  </a>
                  <a href={`/platforms?organization=${org.id}`}>
                    <Bi ja="プラットフォームに参加する" en="Join a platform" />
                  </a>
                </p>
              </li>
            );
          })}
        </ul>
      )}
    </Page>,
  );
});
