import { hasOrgRole, kindLabel, placeLabel, requireOrgRole } from '#domain';
import { ActionButton, fetchApi } from '../forms';
import { signedInPage } from '../guard';
import { Bi, Notice, Page, Title } from '../layout';
import { render } from '../view';
import { approvedPlatforms } from './load';
import { type C, type Posting, type PostingKind, STATUS, WORDS } from './words';

// An organisation's needs or offers, for its people: the list, posting and closing.

export function listOfOrganization(side: PostingKind) {
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
                    <span class={`badge ${p.status}`}>
                      <Bi {...STATUS[p.status]} />
                    </span>{' '}
                    {kindLabel(p.kind, 'ja')} ・ {placeLabel(p, 'ja', 3)} ・{' '}
                    {names.get(p.platformId) ?? p.platformId}
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
                        confirm={{ ja: `「${p.title}」を締め切りますか？`, en: `Close “${p.title}”?` }}
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
