import { DomainError, NotFoundError, type Platform } from '#domain';
import { Bi, Page, Title } from '../layout';
import { render } from '../view';
import { applyingOrganizations, type C, canApply, LEVELS, StatusBadge, scopeLabel } from './common';

// The public list of platforms; signed in, each with an apply button or the membership's status.

export async function listPage(c: C) {
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
          <Bi ja={`「${org.name}」として申し込みます。`} en={`Applying for ${org.name}.`} />
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
                  <a href={`/platforms/${p.id}`}>
                    <Bi ja={p.name} en={p.nameEn ?? p.name} />
                  </a>
                </h2>
                <p>
                  <Bi
                    ja={`${LEVELS[p.level].ja} ・ ${scopeLabel(p, 'ja')}`}
                    en={`${LEVELS[p.level].en}: ${scopeLabel(p, 'en')}`}
                  />
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
