import {
  FIELDS,
  KINDS,
  kindLabel,
  type Lang,
  municipalitiesOf,
  PREFECTURES,
  placeLabel,
  regionLabel,
  type SearchHit,
} from '#domain';
import { requirePlatformAndReader } from '../../access';
import type { Problem } from '../../problem';
import { callApi } from '../forms';
import { signedInPage } from '../guard';
import { inLanguage, languageOf } from '../language';
import { Bi, Page, Title } from '../layout';
import { render } from '../view';
import { type C, WORDS } from './words';

// Search of a platform's open needs and offers (GET /v1/platforms/{platformId}/search): a GET
// form (keyword, type, kind, field, place, period), the number of matches and a page of them,
// newest first, with a link to the next page. ﾌｰﾄﾞﾊﾞﾝｸ, ふーどばんく and フードバンク find the same.

const PARAMS = [
  'q',
  'type',
  'kind',
  'field',
  'prefecture',
  'municipality',
  'activeFrom',
  'activeTo',
] as const;
type Params = Partial<Record<(typeof PARAMS)[number], string>>;

interface Result {
  items: SearchHit[];
  total: number;
  nextCursor: string | null;
}

const LABELS: Record<string, [string, string]> = {
  q: ['キーワード', 'Keywords'],
  type: ['種別', 'Type'],
  kind: ['種類', 'Kind'],
  field: ['分野', 'Field'],
  prefecture: ['都道府県', 'Prefecture'],
  municipality: ['市区町村', 'Municipality'],
  activeFrom: ['期間（から）', 'Period from'],
  activeTo: ['期間（まで）', 'Period to'],
  cursor: ['ページ', 'Page'],
};

function Select(props: {
  name: string;
  value: string | undefined;
  any: string;
  options: { value: string; label: string }[];
  attrs?: Record<string, string>;
  lang: Lang;
}) {
  const [ja, en] = LABELS[props.name]!;
  return (
    <div class="field">
      <label for={`search-${props.name}`}>{props.lang === 'en' ? en : ja}</label>
      <select id={`search-${props.name}`} name={props.name} {...(props.attrs ?? {})}>
        <option value="">{props.any}</option>
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === props.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

function DateInput(props: { name: 'activeFrom' | 'activeTo'; value: string | undefined; lang: Lang }) {
  const [ja, en] = LABELS[props.name]!;
  return (
    <div class="field">
      <label for={`search-${props.name}`}>{props.lang === 'en' ? en : ja}</label>
      <input id={`search-${props.name}`} type="date" name={props.name} value={props.value ?? ''} />
    </div>
  );
}

function SearchForm(props: { action: string; params: Params; scope: readonly string[]; lang: Lang }) {
  const { params: p, lang } = props;
  const any = lang === 'ja' ? 'すべて' : 'All';
  // Municipalities of the chosen prefecture, or of the platform's one prefecture.
  const prefecture = p.prefecture ?? (props.scope.length === 1 ? props.scope[0] : undefined);
  const municipalities = prefecture ? municipalitiesOf(prefecture) : [];
  return (
    <form method="get" action={props.action} class="filters">
      <div class="field">
        <label for="search-q">{lang === 'en' ? 'Keywords' : 'キーワード'}</label>
        <p class="hint" id="search-q-hint">
          <Bi
            ja="タイトル・説明・団体名から探します。ひらがなとカタカナ、全角と半角は区別しません。複数の語はスペースで区切ります（すべてを含むもの）。"
            en="Searches titles, descriptions and organisation names; hiragana and katakana, full and half width are the same. Separate several words with spaces (all must occur)."
          />
        </p>
        <input
          id="search-q"
          type="search"
          name="q"
          value={p.q ?? ''}
          maxlength={100}
          class="long"
          aria-describedby="search-q-hint"
        />
      </div>
      <Select
        name="type"
        value={p.type}
        any={lang === 'ja' ? 'ニーズと支援の申し出' : 'Needs and offers'}
        lang={lang}
        options={(['need', 'offer'] as const).map((t) => ({
          value: t,
          label: lang === 'ja' ? WORDS[t].ja : WORDS[t].ens,
        }))}
      />
      <Select
        name="kind"
        value={p.kind}
        any={any}
        lang={lang}
        options={KINDS.map((k) => ({ value: k.id, label: kindLabel(k.id, lang) }))}
      />
      <Select
        name="field"
        value={p.field}
        any={any}
        lang={lang}
        options={FIELDS.map((f) => ({ value: f.slug, label: f.parent ? `— ${f[lang]}` : f[lang] }))}
      />
      <Select
        name="prefecture"
        value={p.prefecture}
        any={any}
        lang={lang}
        options={PREFECTURES.map((x) => ({ value: x.code, label: x[lang] }))}
        attrs={{ 'data-prefecture-for': 'search-municipality' }}
      />
      <Select
        name="municipality"
        value={p.municipality}
        any={any}
        lang={lang}
        options={municipalities.map((m) => ({ value: m.code, label: regionLabel(m.code, lang) }))}
      />
      <DateInput name="activeFrom" value={p.activeFrom} lang={lang} />
      <DateInput name="activeTo" value={p.activeTo} lang={lang} />
      <p class="actions">
        <button type="submit" class="primary">
          <Bi ja="検索する" en="Search" />
        </button>
        <a href={props.action}>
          <Bi ja="条件を外す" en="Clear" />
        </a>
      </p>
    </form>
  );
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
    const params: Params = {};
    for (const name of PARAMS) {
      const value = c.req.query(name);
      if (value?.trim()) params[name] = value;
    }
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
                      {names.get(posting.organizationId) ?? ''} ・ {kindLabel(posting.kind, lang)} ・{' '}
                      {placeLabel(posting, lang, 3)}
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
