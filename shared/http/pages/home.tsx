import { Hono } from 'hono';
import { MEMBERSHIP_STATUS_LABELS, type Membership, ORG_ROLE_LABELS, type Person, salutation } from '#domain';
import type { AppEnv } from '../env';
import { SignInForm } from './auth';
import { consentsDueFor, consentsPath } from './consents-due';
import { consentGate } from './guard';
import { NoOrganization, SecretariatSection, type SecretariatWork } from './home-secretariat';
import { Bi, Notice, Page, Title } from './layout';
import { render } from './view';

// The start page. Signed out: what this is and how to sign in. Signed in: the person's
// organisations with their platforms, what to do next, and the secretariat's platforms.

/**
 * Whom the page greets, by the one rule (salutation): 「団体名 氏名 様」 with the person's
 * organisation when they have exactly one, else 「氏名 様」; someone who skipped the name form
 * is asked again here.
 */
function Greeting({ person, organizationName }: { person: Person; organizationName: string | undefined }) {
  const words = salutation({ organizationName, name: person.name });
  return person.name ? (
    <p class="greeting">
      <Bi ja={words.ja} en={words.en} />{' '}
      <a class="note" href="/profile">
        <Bi ja="お名前の変更" en="Change your name" />
      </a>
    </p>
  ) : (
    <Notice>
      <Bi
        ja="お名前がまだ登録されていません。メールや画面でお呼びするお名前を登録してください。"
        en="We do not know your name yet. Please tell us how to address you."
      />{' '}
      <a href="/profile?next=%2F">
        <Bi ja="お名前を登録する" en="Add your name" />
      </a>
    </Notice>
  );
}

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
  const gate = consentGate(c, actor);
  if (gate) return gate;
  // Right after signing in, too: a changed consent is asked for first (pages/consents.tsx).
  if ((await consentsDueFor(c, actor)).length > 0) return c.redirect(consentsPath(c.req.path), 303);
  const orgIds = [...actor.orgRoles.keys()];
  const [orgs, memberships, secretariat] = await Promise.all([
    ctx.store.organizations.getMany(orgIds),
    Promise.all(orgIds.map((id) => ctx.store.memberships.ofOrganization(id))),
    Promise.all(
      [...actor.secretariatOf].map(async (id): Promise<SecretariatWork | undefined> => {
        const [platform, pending] = await Promise.all([
          ctx.store.platforms.get(id),
          ctx.store.memberships.organizationsWithStatus(id, 'pending'),
        ]);
        return platform && { platform, pending: pending.length };
      }),
    ),
  ]);
  const secretariatWork = secretariat.filter((w) => w !== undefined);
  // Someone who only runs platforms has no organisation: their home is the secretariat's work.
  const secretariatOnly = orgs.length === 0 && secretariatWork.length > 0;
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
      <Greeting person={actor.person} organizationName={orgs.length === 1 ? orgs[0]!.name : undefined} />
      {secretariatOnly ? null : (
        <p class="actions">
          <a class="button" href="/matches">
            <Bi ja="つながりのご提案を見る" en="Introductions" />
          </a>
          <a class="button secondary" href="/organizations/new">
            <Bi ja="団体を登録する" en="Register an organisation" />
          </a>
        </p>
      )}
      <SecretariatSection work={secretariatWork} />
      <h2>
        <Bi ja="あなたの団体" en="Your organisations" />
      </h2>
      {orgs.length === 0 ? (
        <NoOrganization secretariat={secretariatOnly} />
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
