import { Hono } from 'hono';
import { awaitsAnswerFrom, kindLabel, type Match, ORIGIN_LABELS, organizationOf, SIDES } from '#domain';
import { displayDate } from '#mail';
import type { AppEnv } from '../../env';
import { fetchApi } from '../forms';
import { signedInPage } from '../guard';
import { languageOf } from '../language';
import { Bi, Page, Title } from '../layout';
import { render } from '../view';
import { MATCH_STATUS } from './page';

// つながりのご提案: an organisation's introductions, newest first, those waiting for its answer
// marked. One organisation at a time (tabs when a person belongs to several).

export const inboxPages = new Hono<AppEnv>().get('/matches', (c) =>
  signedInPage(c, async (actor) => {
    const { ctx } = c.var;
    const orgIds = [...actor.orgRoles.keys()];
    const orgs = (await ctx.store.organizations.getMany(orgIds)).sort((a, b) =>
      a.name.localeCompare(b.name, 'ja'),
    );
    const asked = c.req.query('organization');
    const org = orgs.find((o) => o.id === asked) ?? orgs[0];
    if (!org) {
      return render(
        c,
        <Page title="つながりのご提案" titleEn="Introductions">
          <Title ja="つながりのご提案" en="Introductions" />
          <p>
            <Bi
              ja="団体に所属すると、ここにご提案が届きます。"
              en="Introductions appear here once you belong to an organisation."
            />{' '}
            <a href="/organizations/new">
              <Bi ja="団体を登録する" en="Register one" />
            </a>
          </p>
        </Page>,
      );
    }
    const cursor = c.req.query('cursor');
    const page = await fetchApi<{ items: Match[]; nextCursor: string | null }>(
      c,
      `/matches?organizationId=${org.id}&limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    const [needs, offers, others] = await Promise.all([
      ctx.store.needs.getMany(page.items.flatMap((m) => m.needId ?? [])),
      ctx.store.offers.getMany(page.items.flatMap((m) => m.offerId ?? [])),
      ctx.store.organizations.getMany(
        page.items.flatMap((m) => SIDES.map((s) => organizationOf(m, s))).filter((id) => id !== org.id),
      ),
    ]);
    const title = new Map([...needs, ...offers].map((p) => [p.id, p.title]));
    const orgName = new Map([...others, org].map((o) => [o.id, o.name]));
    // A side without a posting (関心がある sent without one) is named by its organisation.
    const label = (postingId: string | undefined, organizationId: string, fallback: string) =>
      (postingId ? title.get(postingId) : orgName.get(organizationId)) ?? fallback;
    return render(
      c,
      <Page title="つながりのご提案" titleEn="Introductions">
        <Title ja="つながりのご提案" en="Introductions" />
        {orgs.length > 1 ? (
          <nav aria-label={languageOf(c) === 'en' ? 'Organisation' : '団体'}>
            <ul class="actions">
              {orgs.map((o) => (
                <li>
                  <a
                    href={`/matches?organization=${o.id}`}
                    aria-current={o.id === org.id ? 'page' : undefined}
                  >
                    {o.name}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        ) : (
          <p class="note">{org.name}</p>
        )}
        {page.items.length === 0 ? (
          <p>
            <Bi
              ja="まだご提案はありません。ニーズや支援の申し出を登録すると、マッチングの後にここに届きます。"
              en="No introductions yet. Post a need or an offer; proposals arrive here after a matching round."
            />
          </p>
        ) : (
          <ul class="cards">
            {page.items.map((m) => {
              const ourSide = SIDES.find((s) => organizationOf(m, s) === org.id)!;
              const otherSide = ourSide === 'need' ? 'offer' : 'need';
              const waiting = awaitsAnswerFrom(m, ourSide);
              return (
                <li class="card">
                  <h2>
                    <a href={`/matches/${m.id}`}>
                      {label(m.needId, m.needOrganizationId, 'ニーズ')} ⇄{' '}
                      {label(m.offerId, m.offerOrganizationId, '支援の申し出')}
                    </a>
                  </h2>
                  <p>
                    <span class={`badge ${m.status}`}>
                      <Bi {...MATCH_STATUS[m.status]} />
                    </span>{' '}
                    {waiting ? (
                      <strong>
                        <Bi
                          ja={`${displayDate(m.respondBy, 'ja')}までにご回答ください`}
                          en="Your answer is needed"
                        />
                      </strong>
                    ) : null}
                  </p>
                  <p class="note">
                    {orgName.get(organizationOf(m, otherSide)) ?? ''} ・ {kindLabel(m.kind, languageOf(c))} ・{' '}
                    {m.score === undefined ? (
                      <Bi {...ORIGIN_LABELS[m.origin]} />
                    ) : (
                      <Bi
                        ja={`適合度 ${Math.round(m.score * 100)}%`}
                        en={`Fit ${Math.round(m.score * 100)}%`}
                      />
                    )}
                  </p>
                </li>
              );
            })}
          </ul>
        )}
        {page.nextCursor ? (
          <p>
            <a href={`/matches?organization=${org.id}&cursor=${encodeURIComponent(page.nextCursor)}`}>
              <Bi ja="次のページ" en="Next page" />
            </a>
          </p>
        ) : null}
      </Page>,
    );
  }),
);
