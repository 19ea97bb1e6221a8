import { kindLabel, type Lang, placeLabel, type SearchHit, typesLabel } from '#domain';
import { requirePlatformAndReader } from '../../access';
import type { Problem } from '../../problem';
import { callApi } from '../forms';
import { signedInPage } from '../guard';
import { inLanguage, languageOf } from '../language';
import { Bi, Page, Title } from '../layout';
import { render } from '../view';
import { LABELS, SearchForm, searchParams } from './search-form';
import { type C, WORDS } from './words';

// Search of a platform's open needs and offers (GET /v1/platforms/{platformId}/search): a GET
// form (keyword, type, kind and for venue, skills and goods its types, field, place, period), the
// number of matches and a page of them, newest first, with a link to the next page. ﾌｰﾄﾞﾊﾞﾝｸ,
// ふーどばんく and フードバンク find the same.

interface Result {
  items: SearchHit[];
  total: number;
  nextCursor: string | null;
}

/** A posting's types after its kind: 「（会計・税務、経営・事業計画）」; nothing when it lists none. */
function typesOfHit(posting: SearchHit['posting'], lang: Lang): string {
  const types = typesLabel(posting, lang);
  if (types === undefined) return '';
  return lang === 'ja' ? `（${types}）` : ` (${types})`;
}

function Problems({ problem, lang }: { problem: Problem; lang: Lang }) {
  const errors = problem.errors?.length ? problem.errors : [{ path: '', message: problem.detail }];
  return (
    <div class="error-summary" role="alert">
      <h2>
        <Bi ja="検索条件を確かめてください" en="Please check the search" />
      </h2>
      <ul>
        {errors.map((e) => {
          const label = LABELS[e.path.replace(/^query\./, '')];
          const name = label ? `${lang === 'en' ? label[1] : label[0]}: ` : '';
          return (
            <li>
              {name}
              {inLanguage(lang, e.message)}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

export function searchPage(c: C): Promise<Response> {
  return signedInPage(c, async (actor) => {
    const ctx = c.var.ctx;
    const platformId = c.req.param('platformId') ?? '';
    const platform = await requirePlatformAndReader(ctx, actor, platformId);
    const lang = languageOf(c);
    const params = searchParams((name) => c.req.query(name));
    const cursor = c.req.query('cursor');
    const query = new URLSearchParams({ ...params, ...(cursor ? { cursor } : {}) }).toString();
    const result = await callApi<Result>(c, 'GET', `/platforms/${platformId}/search?${query}`);
    const action = `/platforms/${platformId}/search`;
    const next =
      result.ok && result.data.nextCursor
        ? `${action}?${new URLSearchParams({ ...params, cursor: result.data.nextCursor })}`
        : undefined;
    const orgIds = result.ok ? result.data.items.map((i) => i.posting.organizationId) : [];
    const names = new Map((await ctx.store.organizations.getMany(orgIds)).map((o) => [o.id, o.name]));
    return render(
      c,
      <Page title="ニーズと支援の申し出を探す" titleEn="Search needs and offers">
        <p class="note">
          <a href={`/platforms/${platform.id}`}>{platform.name}</a>
        </p>
        <Title ja="ニーズと支援の申し出を探す" en="Search needs and offers" />
        <SearchForm action={action} params={params} scope={platform.scope.prefectures} lang={lang} />
        {result.ok ? (
          <>
            <p role="status">
              <Bi
                ja={`条件に合う掲載：${result.data.total.toLocaleString('ja-JP')}件`}
                en={`${result.data.total.toLocaleString('en')} matching`}
              />
            </p>
            {result.data.items.length === 0 ? (
              <p>
                <Bi ja="条件に合う受付中の掲載はありません。" en="Nothing open matches." />
              </p>
            ) : (
              <ul class="results">
                {result.data.items.map(({ type, posting }) => (
                  <li>
                    <span class="badge">{lang === 'ja' ? WORDS[type].ja : WORDS[type].en}</span>{' '}
                    <a href={`/${type}s/${posting.id}`}>{posting.title}</a>
                    <br />
                    <span class="note">
                      {names.get(posting.organizationId) ?? ''} ・ {kindLabel(posting.kind, lang)}
                      {typesOfHit(posting, lang)} ・ {placeLabel(posting, lang, 3)}
                    </span>
                  </li>
                ))}
              </ul>
            )}
            {next ? (
              <p>
                <a href={next}>
                  <Bi ja="次のページ" en="Next" />
                </a>
              </p>
            ) : null}
          </>
        ) : (
          <Problems problem={result.problem} lang={lang} />
        )}
      </Page>,
      result.ok ? 200 : 400,
    );
  });
}
