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
import { useT } from '../view';
import { ChoiceGroup, FieldError, GroupError, Legend, type Option, SelectField } from './fields';
import { FormContext, fieldId, many, one, useField, useFormValues } from './state';

// Pickers: fields of the taxonomy, and places (prefecture → municipality, several of either).

/** Fields of the taxonomy by their Japanese labels, narrower ones under their parent. */
export function FieldPicker(props: { name?: string; required?: boolean; hint?: Child; anyOption?: boolean }) {
  const name = props.name ?? 'fields';
  const { id, error, list } = useField(name);
  const tops = FIELDS.filter((f) => !f.parent);
  const childrenOf = (slug: FieldSlug) => FIELDS.filter((f) => f.parent === slug);
  const t = useT();
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
      <p class="hint">{props.hint ?? t('1〜5つ選んでください。', 'Choose one to five.')}</p>
      <FieldError id={id} error={error} />
      {props.anyOption ? <div class="choices">{box('any', t('すべての分野', 'Every field'))}</div> : null}
      <div class="choices columns">
        {tops.map((f) => (
          <div class="choice-group">
            {box(f.slug, t(f.ja, f.en))}
            {childrenOf(f.slug).map((child) => (
              <div class="nested">{box(child.slug, t(child.ja, child.en))}</div>
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
  const { values } = useContext(FormContext);
  const prefecture = one(values, `${name}.prefecture`);
  const muniId = fieldId(`${name}.municipality`);
  const only = props.prefectures?.length ? new Set(props.prefectures) : undefined;
  const t = useT();
  return (
    <fieldset class="field region-picker" id={fieldId(name)}>
      <Legend ja="場所" en="Place" required={props.required} />
      {props.hint ? <p class="hint">{props.hint}</p> : null}
      <GroupError name={name} />
      <SelectField
        name={`${name}.prefecture`}
        ja="都道府県"
        en="Prefecture"
        required={props.required ?? true}
        placeholder={t('選んでください', 'Choose')}
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
            ? t('（指定しない）', '(Not specified)')
            : t('先に都道府県を選んでください', 'Choose a prefecture first')
        }
        options={municipalityOptions(prefecture)}
      />
      <RefreshButton />
    </fieldset>
  );
}

/**
 * Several municipalities (an offer's area, a digest's regions): the chosen ones stay listed and
 * selected; choosing a prefecture adds its municipalities to choose from (at once with
 * JavaScript, or after "一覧を更新"). The prefecture chooser itself is not sent to the API.
 */
export function MunicipalitiesPicker({ name }: { name: string }) {
  const chooser = `_pref-${fieldId(name)}`;
  const values = useFormValues();
  const asked = values[chooser];
  const pref = typeof asked === 'string' && isPrefectureCode(asked) ? asked : '';
  const chosen = many(values, name).filter(isMunicipalityCode);
  const codes = [...new Set([...chosen, ...(pref ? municipalitiesOf(pref).map((m) => m.code) : [])])];
  const t = useT();
  return (
    <fieldset class="field region-picker">
      <Legend ja="市区町村で選ぶ" en="By municipality" />
      <SelectField
        name={chooser}
        ja="都道府県"
        en="Prefecture"
        placeholder={t('選んでください', 'Choose')}
        options={prefectureOptions()}
        attrs={{ 'data-prefecture-for': fieldId(name) }}
      />
      <div class="field">
        <label for={fieldId(name)}>
          <Bi ja="市区町村（複数選択可）" en="Municipalities (several allowed)" />
        </label>
        <p class="hint">
          <Bi
            ja="Ctrl（Macは⌘）を押しながら選ぶと、複数選べます。"
            en="Hold Ctrl (⌘ on a Mac) to choose several."
          />
        </p>
        <select id={fieldId(name)} name={name} multiple size={8}>
          {codes.map((code) => (
            <option value={code} selected={chosen.includes(code)}>
              {regionLabel(code, 'ja')}
            </option>
          ))}
        </select>
      </div>
      <RefreshButton />
    </fieldset>
  );
}

/** Prefectures (folded away until wanted, open when some are chosen) and municipalities. */
export function RegionsPicker(props: { prefectures: string; municipalities: string }) {
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
      <MunicipalitiesPicker name={props.municipalities} />
    </>
  );
}

/** Without JavaScript: sends the form back to itself to show the chosen prefecture's list. */
function RefreshButton() {
  return (
    <button type="submit" name="_refresh" value="1" class="secondary no-js">
      <Bi ja="市区町村の一覧を更新" en="Update the list" />
    </button>
  );
}
