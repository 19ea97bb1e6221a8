import {
  isMunicipalityCode,
  isPrefectureCode,
  municipalitiesOf,
  type Platform,
  PREFECTURES,
  regionLabel,
} from '#domain';
import { Bi } from '../layout';
import { useT } from '../view';
import { ChoiceGroup, FieldError, Legend, SelectField } from './fields';
import { prefectureOptions, RefreshButton } from './pickers';
import { many, one, useField, useFormValues, useRegister } from './state';

// Several municipalities, ticked in a list grouped by prefecture (offers' service area, the
// digest's regions).

/** The prefectures platforms cover (their own, and those of their municipalities); empty = all. */
export function scopePrefectures(...platforms: readonly Pick<Platform, 'scope'>[]): string[] {
  return [
    ...new Set(
      platforms.flatMap((p) => [...p.scope.prefectures, ...p.scope.municipalities.map((m) => m.slice(0, 2))]),
    ),
  ];
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
  const t = useT();
  useRegister(name, t('市区町村', 'Municipalities'), id);
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
          placeholder={t('選んでください', 'Choose')}
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
