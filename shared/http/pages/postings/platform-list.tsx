import { DomainError, kindLabel, NotFoundError, placeLabel } from '#domain';
import { requirePlatformAndReader } from '../../access';
import { signedInPage } from '../guard';
import { languageOf } from '../language';
import { Bi, Page, Title } from '../layout';
import { render } from '../view';
import type { C } from './words';

// A platform's open needs or offers, for its members and secretariat.

export async function listPage(c: C, kind: 'need' | 'offer'): Promise<Response> {
  return signedInPage(c, async (actor) => {
    const ctx = c.var.ctx;
    const platformId = c.req.param('platformId') ?? '';
    const platform = await requirePlatformAndReader(ctx, actor, platformId);
    const repo = kind === 'need' ? ctx.store.needs : ctx.store.offers;
    const cursor = c.req.query('cursor');
    let page: Awaited<ReturnType<typeof repo.ofPlatform>>;
    try {
      page = await repo.ofPlatform(platformId, { status: 'open', limit: 20, cursor });
    } catch (error) {
      if (error instanceof DomainError && error.status === 400) throw new NotFoundError('page');
      throw error;
    }
    const title =
      kind === 'need' ? ['受付中のニーズ', 'Open needs'] : ['受付中の支援の申し出', 'Open offers'];
    const lang = languageOf(c);
    return render(
      c,
      <Page title={title[0]!} titleEn={title[1]!}>
        <p class="note">{platform.name}</p>
        <Title ja={title[0]!} en={title[1]!} />
        <p>
          <a href={`/platforms/${platformId}/search?type=${kind}`}>
            <Bi ja="キーワードや条件で探す" en="Search by keyword and filters" />
          </a>
        </p>
        <ul>
          {page.items.map((p) => (
            <li>
              <a href={`/${kind}s/${p.id}`}>{p.title}</a>（{kindLabel(p.kind, lang)} ・ {placeLabel(p, lang)}
              ）
            </li>
          ))}
        </ul>
        {page.items.length === 0 ? (
          <p>
            <Bi ja="いまは掲載がありません。" en="Nothing open right now." />
          </p>
        ) : null}
        {page.cursor ? (
          <p>
            <a href={`/platforms/${platformId}/${kind}s?cursor=${encodeURIComponent(page.cursor)}`}>
              <Bi ja="次のページ" en="Next" />
            </a>
          </p>
        ) : null}
      </Page>,
    );
  });
}
