import { type Child, useContext } from 'hono/jsx';
import {
  FIELDS,
  type FieldSlug,
  isMunicipalityCode,
  isPrefectureCode,
  municipalitiesOf,
  PREFECTURES,
  regionLabel,
} from '#domain';
import { Bi } from '../layout';
import { ChoiceGroup, FieldError, GroupError, Legend, type Option, SelectField } from './fields';
import { FormContext, fieldId, many, one, useField, useFormValues, useRegister } from './state';

// Pickers: fields of the taxonomy, and places (prefecture → municipality, several of either).

/** Fields of the taxonomy by their Japanese labels, narrower ones under their parent. */
export function FieldPicker(props: { name?: string; required?: boolean; hint?: Child; anyOption?: boolean }) {
  const name = props.name ?? 'fields';
  const { id, error, list } = useField(name);
  useRegister(name, '分野', `${id}-0`);
  const tops = FIELDS.filter((f) => !f.parent);
  const childrenOf = (slug: FieldSlug) => FIELDS.filter((f) => f.parent === slug);
  let i = 0;
  const box = (slug: string, label: string) => {
    const boxId = `${id}-${i++}`;
    return (
      <label class="choice" for={boxId}>
        <input id={boxId} type="checkbox" name={name} value={slug} checked={list.includes(slug)} /> {label}
      </label>
    );
  };
  return (
    <fieldset id={id} class={error ? 'field has-error' : 'field'}>
      <Legend ja="分野" en="Fields" required={props.required} />
      <p class="hint">{props.hint ?? '1〜5つ選んでください。 Choose one to five.'}</p>
      <FieldError id={id} error={error} />
      {props.anyOption ? <div class="choices">{box('any', 'すべての分野 / Every field')}</div> : null}
      <div class="choices columns">
        {tops.map((f) => (
          <div class="choice-group">
            {box(f.slug, f.ja)}
            {childrenOf(f.slug).map((child) => (
              <div class="nested">{box(child.slug, child.ja)}</div>
            ))}
          </div>
        ))}
      </div>
    </fieldset>
  );
}

export const prefectureOptions = (): Option[] => PREFECTURES.map((p) => ({ value: p.code, label: p.ja }));

export const municipalityOptions = (prefecture: string): Option[] =>
  prefecture ? municipalitiesOf(prefecture).map((m) => ({ value: m.code, label: m.ja })) : [];

/**
 * Prefecture → municipality. Without JavaScript the municipality list follows the chosen
 * prefecture after "一覧を更新" (the form comes back with everything kept); with it, the list
 * changes as soon as a prefecture is chosen (assets/app.js, from /regions/<code>.json).
 */
export function LocationPicker(props: {
  name?: string;
  required?: boolean;
  municipalityRequired?: boolean;
  hint?: Child;
  /** Only these prefectures (a platform's scope); all 47 when absent or empty. */
  prefectures?: readonly string[] | undefined;
}) {
  const name = props.name ?? 'location';
  useRegister(name, '場所');
  const { values } = useContext(FormContext);
  const prefecture = one(values, `${name}.prefecture`);
  const muniId = fieldId(`${name}.municipality`);
  const only = props.prefectures?.length ? new Set(props.prefectures) : undefined;
  return (
    <fieldset class="field region-picker" id={fieldId(name)}>
      <Legend ja="場所" en="Place" required={props.required} />
      {props.hint ? <p class="hint">{props.hint}</p> : null}
      <GroupError name={name} label="場所" />
      <SelectField
        name={`${name}.prefecture`}
        ja="都道府県"
        en="Prefecture"
        required={props.required ?? true}
        placeholder="選んでください / Choose"
        options={prefectureOptions().filter((o) => !only || only.has(o.value))}
        attrs={{ 'data-prefecture-for': muniId }}
      />
      <SelectField
        name={`${name}.municipality`}
        ja="市区町村"
        en="Municipality"
        required={props.municipalityRequired ?? false}
        placeholder={
          prefecture
            ? '（指定しない / Not specified）'
            : '先に都道府県を選んでください / Choose a prefecture first'
        }
        options={municipalityOptions(prefecture)}
      />
      <RefreshButton />
    </fieldset>
  );
}

/**
 * Several municipalities (an offer's area, a digest's regions): a checkbox list grouped by
 * prefecture, one folding group each, with how many are chosen. Shown: the prefectures `show`
 * names (a platform's), those of the chosen municipalities (kept on errors and on edit) and
 * those asked for; another prefecture is added by the chooser below the list (at once with
 * JavaScript, from /regions/<code>.json; without it by 「市区町村を表示」, which sends the form
 * back to itself with everything kept). With JavaScript a search box filters the list by name
 * or reading. Only the chosen municipalities are sent, under `name`, as before; the `_` names
 * (the prefectures shown, the chooser) are the page's own and never reach the API.
 */
const MAX_LISTED_AT_FIRST = 3;

export function MunicipalitiesPicker({ name, show = [] }: { name: string; show?: readonly string[] }) {
  const { id, error, values, list } = useField(name);
  useRegister(name, '市区町村', id);
  const chooser = `_pref-${id}`;
  const shownName = `_shown-${id}`;
  const asked = one(values, chooser);
  const chosen = list.filter(isMunicipalityCode);
  // A platform of a few prefectures lists theirs from the start; a wider one lets people choose.
  const listed = show.length <= MAX_LISTED_AT_FIRST ? show : [];
  const prefs = [
    ...new Set([...listed, ...many(values, shownName), asked, ...chosen.map((code) => code.slice(0, 2))]),
  ]
    .filter(isPrefectureCode)
    .sort();
  return (
    <fieldset
      class={error ? 'field muni-picker has-error' : 'field muni-picker'}
      id={id}
      aria-describedby={[`${id}-hint`, error ? `${id}-error` : ''].filter(Boolean).join(' ')}
    >
      <Legend ja="市区町村で選ぶ" en="By municipality" />
      <p class="hint" id={`${id}-hint`}>
        <Bi
          ja="都道府県ごとの一覧を開き、チェックを入れて選びます（いくつでも）。"
          en="Open a prefecture and tick as many as you like."
        />
      </p>
      <FieldError id={id} error={error} />
      <div class="muni-search" hidden data-muni-search="">
        <label for={`${id}-search`}>
          <Bi ja="市区町村名で絞り込む" en="Filter by name" />
        </label>
        <input
          type="search"
          id={`${id}-search`}
          data-muni-filter={`${id}-groups`}
          autocomplete="off"
          aria-describedby={`${id}-found`}
        />
        <p class="hint" id={`${id}-found`} aria-live="polite" />
      </div>
      <div class="muni-groups" id={`${id}-groups`} data-name={name} data-shown-name={shownName}>
        {prefs.map((code) => (
          <MunicipalityGroup
            name={name}
            id={id}
            shownName={shownName}
            prefecture={code}
            chosen={chosen}
            open={prefs.length === 1 || code === asked || chosen.some((m) => m.startsWith(code))}
          />
        ))}
      </div>
      <div class="muni-add">
        <SelectField
          name={chooser}
          ja="ほかの都道府県の市区町村も表示する"
          en="Show another prefecture"
          placeholder="選んでください / Choose"
          options={prefectureOptions().filter((o) => !prefs.includes(o.value))}
          attrs={{ 'data-muni-add': `${id}-groups` }}
        />
        <RefreshButton ja="市区町村を表示" en="Show its municipalities" />
      </div>
    </fieldset>
  );
}

/** One prefecture's municipalities as checkboxes, folded away unless some are chosen. */
function MunicipalityGroup(props: {
  name: string;
  id: string;
  shownName: string;
  prefecture: string;
  chosen: readonly string[];
  open: boolean;
}) {
  const municipalities = municipalitiesOf(props.prefecture);
  const count = municipalities.filter((m) => props.chosen.includes(m.code)).length;
  const label = regionLabel(props.prefecture, 'ja');
  return (
    <details class="muni-group" open={props.open} data-prefecture={props.prefecture}>
      <summary>
        {label}{' '}
        <span class="muni-count">
          <Bi
            ja={
              <>
                選択 <span data-chosen="">{count}</span>／{municipalities.length}
              </>
            }
            en={
              <>
                <span data-chosen="">{count}</span> of {municipalities.length} chosen
              </>
            }
          />
        </span>
      </summary>
      <input type="hidden" name={props.shownName} value={props.prefecture} />
      <fieldset class="muni-list">
        <legend class="muni-legend">{label}</legend>
        <div class="choices columns">
          {municipalities.map((m) => (
            <label class="choice" for={`${props.id}-${m.code}`} data-search={`${m.ja} ${m.kana}`}>
              <input
                id={`${props.id}-${m.code}`}
                type="checkbox"
                name={props.name}
                value={m.code}
                checked={props.chosen.includes(m.code)}
              />{' '}
              {m.ja}
            </label>
          ))}
        </div>
      </fieldset>
    </details>
  );
}

/**
 * Prefectures (folded away until wanted, open when some are chosen) and municipalities; `show`:
 * the prefectures whose municipalities are listed from the start (a platform's).
 */
export function RegionsPicker(props: {
  prefectures: string;
  municipalities: string;
  show?: readonly string[] | undefined;
}) {
  const chosen = many(useFormValues(), props.prefectures);
  return (
    <>
      <details open={chosen.length > 0}>
        <summary>
          <Bi ja="都道府県で選ぶ" en="By prefecture" />
        </summary>
        <ChoiceGroup
          name={props.prefectures}
          ja="都道府県"
          en="Prefectures"
          columns
          options={PREFECTURES.map((p) => ({ value: p.code, label: p.ja }))}
        />
      </details>
      <MunicipalitiesPicker name={props.municipalities} show={props.show ?? []} />
    </>
  );
}

/**
 * Without JavaScript: sends the form back to itself to show the chosen prefecture's list. Never
 * the form's default button (Enter): <Form> starts with a copy of the main action.
 */
function RefreshButton(props: { ja?: string; en?: string }) {
  return (
    <button type="submit" name="_refresh" value="1" class="secondary no-js">
      <Bi ja={props.ja ?? '市区町村の一覧を更新'} en={props.en ?? 'Update the list'} />
    </button>
  );
}
