import { type Child, useContext } from 'hono/jsx';
import { FIELDS, type FieldSlug, municipalitiesOf, PREFECTURES } from '#domain';
import { Bi } from '../layout';
import { useT } from '../view';
import { FieldError, GroupError, Legend, type Option, SelectField } from './fields';
import { FormContext, fieldId, one, useField, useRegister } from './state';

// Pickers: fields of the taxonomy, and one place (prefecture → municipality); several
// municipalities are ticked in municipalities.tsx.

/** Fields of the taxonomy by their Japanese labels, narrower ones under their parent. */
export function FieldPicker(props: {
  name?: string;
  required?: boolean;
  hint?: Child;
  anyOption?: boolean;
  /** The legend, when not 分野 (an organisation's 活動分野). */
  ja?: string;
  en?: string;
}) {
  const name = props.name ?? 'fields';
  const legend = { ja: props.ja ?? '分野', en: props.en ?? 'Fields' };
  const { id, error, list } = useField(name);
  useRegister(name, useT()(legend.ja, legend.en), `${id}-0`);
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
      <Legend ja={legend.ja} en={legend.en} required={props.required} />
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
  useRegister(name, useT()('場所', 'Place'));
  const { values } = useContext(FormContext);
  const prefecture = one(values, `${name}.prefecture`);
  const muniId = fieldId(`${name}.municipality`);
  const only = props.prefectures?.length ? new Set(props.prefectures) : undefined;
  const t = useT();
  return (
    <fieldset class="field region-picker" id={fieldId(name)}>
      <Legend ja="場所" en="Place" required={props.required} />
      {props.hint ? <p class="hint">{props.hint}</p> : null}
      <GroupError name={name} ja="場所" en="Place" />
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
 * Without JavaScript: sends the form back to itself to show the chosen prefecture's list. Never
 * the form's default button (Enter): <Form> starts with a copy of the main action.
 */
export function RefreshButton(props: { ja?: string; en?: string }) {
  return (
    <button type="submit" name="_refresh" value="1" class="secondary no-js">
      <Bi ja={props.ja ?? '市区町村の一覧を更新'} en={props.en ?? 'Update the list'} />
    </button>
  );
}
