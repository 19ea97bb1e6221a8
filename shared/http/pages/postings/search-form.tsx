import {
  FIELDS,
  isKind,
  isTypedKind,
  KIND_IDS,
  KINDS,
  kindLabel,
  type Lang,
  municipalitiesOf,
  PREFECTURES,
  regionLabel,
  resourceTypeGroup,
  resourceTypeLabel,
  resourceTypesOf,
  type TypedKind,
} from '#domain';
import { Bi } from '../layout';
import { WORDS } from './words';

// The search page's GET form (search.tsx): its parameters, as the page reads them from the query,
// and the form with the values of the last search. The types (種類) of venue, skills and goods show
// for the kind chosen.

const PARAMS = [
  'q',
  'type',
  'kind',
  'resourceType',
  'field',
  'prefecture',
  'municipality',
  'activeFrom',
  'activeTo',
] as const;
export type Params = Partial<Record<(typeof PARAMS)[number], string>>;

export const LABELS: Record<string, [string, string]> = {
  q: ['キーワード', 'Keywords'],
  type: ['種別', 'Type'],
  kind: ['種類', 'Kind'],
  resourceType: ['種類の内訳', 'Type in detail'],
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

/** What a kind's types are called on the page: 「プロボノ・専門知識の種類」. */
const typesLabelOf = (kind: TypedKind): [string, string] => [
  `${kindLabel(kind, 'ja')}の種類`,
  `Type (${kindLabel(kind, 'en').toLowerCase()})`,
];

/**
 * The types (docs/matching.md, "Types") of venue, skills and goods, one select each: the chosen
 * kind's shows, the others are hidden and disabled (not sent). Without script the one of the last
 * search's kind shows; the script shows the right one as soon as a kind is chosen.
 */
function TypeSelects(props: {
  kind: string | undefined;
  value: string | undefined;
  any: string;
  lang: Lang;
}) {
  const { lang } = props;
  return (
    <>
      {KIND_IDS.filter(isTypedKind).map((kind) => {
        const chosen = kind === props.kind;
        const [ja, en] = typesLabelOf(kind);
        const id = `search-resourceType-${kind}`;
        return (
          <div class="field" data-kind-types={kind} hidden={!chosen}>
            <label for={id}>{lang === 'en' ? en : ja}</label>
            <select id={id} name="resourceType" disabled={!chosen}>
              <option value="">{props.any}</option>
              {resourceTypesOf(kind).map((type) => (
                <option value={type} selected={chosen && type === props.value}>
                  {resourceTypeLabel(kind, type, lang)}
                  {resourceTypeGroup(kind, type) === 'feature'
                    ? lang === 'ja'
                      ? '（設備）'
                      : ' (feature)'
                    : ''}
                </option>
              ))}
            </select>
          </div>
        );
      })}
    </>
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

export function SearchForm(props: { action: string; params: Params; scope: readonly string[]; lang: Lang }) {
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
        attrs={{ 'data-kind-types-for': 'resourceType' }}
      />
      <TypeSelects kind={p.kind} value={p.resourceType} any={any} lang={lang} />
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

/** Whether the type is one of the kind's (venue, skills and goods have types). */
function typeOfKind(kind: string | undefined, type: string): boolean {
  if (kind === undefined || !isKind(kind) || !isTypedKind(kind)) return false;
  return (resourceTypesOf(kind) as readonly string[]).includes(type);
}

/** The search's parameters from the page's query: blanks left out, a type only with its kind. */
export function searchParams(query: (name: string) => string | undefined): Params {
  const params: Params = {};
  for (const name of PARAMS) {
    const value = query(name);
    if (value?.trim()) params[name] = value;
  }
  // A type left from the kind searched before (the form without script keeps it) is dropped.
  if (params.resourceType !== undefined && !typeOfKind(params.kind, params.resourceType))
    delete params.resourceType;
  return params;
}
