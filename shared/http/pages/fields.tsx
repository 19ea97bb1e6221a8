import { type Child, createContext, useContext } from 'hono/jsx';
import {
  FIELDS,
  type FieldSlug,
  isMunicipalityCode,
  isPrefectureCode,
  municipalitiesOf,
  PREFECTURES,
  regionLabel,
} from '#domain';
import { Bi } from './layout';
import { useView } from './view';

// Form building blocks. A <Form> holds what the person typed (flat, keyed by field name such as
// `capacity.people`) and the errors the API answered (keyed by the same path); each field reads
// both by name, so a failed submit shows the message next to the field and keeps every value.

export type FormValues = Record<string, string | string[] | undefined>;
export type FormErrors = Record<string, string>;

interface FormState {
  values: FormValues;
  errors: FormErrors;
}

const FormContext = createContext<FormState>({ values: {}, errors: {} });

/** What the enclosing <Form> holds, for components that depend on other fields' values. */
export function useFormValues(): FormValues {
  return useContext(FormContext).values;
}

export const fieldId = (name: string) => `f-${name.replace(/[^A-Za-z0-9]+/g, '-')}`;

function one(values: FormValues, name: string): string {
  const v = values[name];
  return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
}

function many(values: FormValues, name: string): string[] {
  const v = values[name];
  return Array.isArray(v) ? v : v === undefined || v === '' ? [] : [v];
}

/** The message for a field: its own path, or (for groups) the first one under it. */
function errorOf(errors: FormErrors, name: string): string | undefined {
  if (errors[name]) return errors[name];
  const nested = Object.keys(errors).find((k) => k.startsWith(`${name}.`));
  return nested ? errors[nested] : undefined;
}

export function Form(props: {
  action: string;
  values?: FormValues;
  errors?: FormErrors;
  children: Child;
  class?: string;
  /** Field names the page shows; errors on other paths are listed at the top only. */
}) {
  const { csrf } = useView();
  const state = { values: props.values ?? {}, errors: props.errors ?? {} };
  return (
    <FormContext.Provider value={state}>
      <form method="post" action={props.action} class={props.class} novalidate>
        <input type="hidden" name="_csrf" value={csrf} />
        {Object.keys(state.errors).length > 0 ? <ErrorSummary errors={state.errors} /> : null}
        {props.children}
      </form>
    </FormContext.Provider>
  );
}

/** A form that is only a button (close, approve, run now), with its CSRF token. */
export function ActionButton(props: {
  action: string;
  label: Child;
  kind?: 'primary' | 'secondary' | 'danger';
  hidden?: Record<string, string>;
  confirm?: string;
}) {
  const { csrf } = useView();
  return (
    <form method="post" action={props.action} class="inline">
      <input type="hidden" name="_csrf" value={csrf} />
      {Object.entries(props.hidden ?? {}).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      <button type="submit" class={props.kind ?? 'primary'} data-confirm={props.confirm}>
        {props.label}
      </button>
    </form>
  );
}

function ErrorSummary({ errors }: { errors: FormErrors }) {
  return (
    <div class="error-summary" role="alert" tabindex={-1} id="error-summary">
      <h2>
        <Bi ja="入力内容を確認してください" en="Please check the highlighted fields" />
      </h2>
      <ul>
        {Object.entries(errors).map(([path, message]) => (
          <li>{path === '(root)' || path === '' ? message : <a href={`#${fieldId(path)}`}>{message}</a>}</li>
        ))}
      </ul>
    </div>
  );
}

function useField(name: string) {
  const { values, errors } = useContext(FormContext);
  const id = fieldId(name);
  const error = errorOf(errors, name);
  return { id, error, values, value: one(values, name), list: many(values, name) };
}

function Label(props: { id: string; ja: string; en: string; required?: boolean | undefined; hint?: Child }) {
  return (
    <>
      <label for={props.id}>
        {props.ja}
        {props.required ? <span class="req">必須</span> : <span class="opt">任意</span>}{' '}
        <span class="en" lang="en">
          {props.en}
        </span>
      </label>
      {props.hint ? (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      ) : null}
    </>
  );
}

function FieldError({ id, error }: { id: string; error: string | undefined }) {
  return error ? (
    <p class="field-error" id={`${id}-error`}>
      {error}
    </p>
  ) : null;
}

const describedBy = (id: string, error?: string, hint?: Child) =>
  [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;

interface FieldProps {
  name: string;
  ja: string;
  en: string;
  required?: boolean;
  hint?: Child;
}

/** A labelled field: label (必須/任意), hint, the error next to it, then the control. */
function FieldShell(props: FieldProps & { id: string; error: string | undefined; children: Child }) {
  return (
    <div class={props.error ? 'field has-error' : 'field'}>
      <Label id={props.id} ja={props.ja} en={props.en} required={props.required} hint={props.hint} />
      <FieldError id={props.id} error={props.error} />
      {props.children}
    </div>
  );
}

/** What ties a control to its label, hint and error for assistive technology. */
const controlAttrs = (id: string, error: string | undefined, hint: Child) => ({
  id,
  'aria-invalid': error ? ('true' as const) : undefined,
  'aria-describedby': describedBy(id, error, hint),
});

export function TextField(
  props: FieldProps & {
    type?: 'text' | 'email' | 'url' | 'number' | 'date';
    autocomplete?: string;
    inputmode?: 'numeric' | 'decimal' | 'email' | 'url';
    maxlength?: number;
    min?: number;
    step?: string;
    size?: 'short' | 'long';
  },
) {
  const { id, error, value } = useField(props.name);
  return (
    <FieldShell {...props} id={id} error={error}>
      <input
        {...controlAttrs(id, error, props.hint)}
        name={props.name}
        type={props.type ?? 'text'}
        value={value}
        class={props.size}
        required={props.required}
        autocomplete={props.autocomplete}
        inputmode={props.inputmode}
        maxlength={props.maxlength}
        min={props.min}
        step={props.step}
      />
    </FieldShell>
  );
}

export function TextArea(props: FieldProps & { rows?: number; maxlength?: number }) {
  const { id, error, value } = useField(props.name);
  return (
    <FieldShell {...props} id={id} error={error}>
      <textarea
        {...controlAttrs(id, error, props.hint)}
        name={props.name}
        rows={props.rows ?? 5}
        maxlength={props.maxlength}
      >
        {value}
      </textarea>
    </FieldShell>
  );
}

export interface Option {
  value: string;
  label: string;
}

export function SelectField(
  props: FieldProps & { options: Option[]; placeholder?: string; attrs?: Record<string, string> },
) {
  const { id, error, value } = useField(props.name);
  return (
    <FieldShell {...props} id={id} error={error}>
      <select {...controlAttrs(id, error, props.hint)} name={props.name} {...(props.attrs ?? {})}>
        {props.placeholder !== undefined ? <option value="">{props.placeholder}</option> : null}
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

/** Checkboxes (several values under one name) or radios (one value), in a fieldset. */
export function ChoiceGroup(
  props: FieldProps & { options: Option[]; type?: 'checkbox' | 'radio'; columns?: boolean },
) {
  const { id, error, list } = useField(props.name);
  const type = props.type ?? 'checkbox';
  return (
    <fieldset
      id={id}
      class={error ? 'field has-error' : 'field'}
      aria-describedby={describedBy(id, error, props.hint)}
    >
      <Legend ja={props.ja} en={props.en} required={props.required} />
      {props.hint ? (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      <FieldError id={id} error={error} />
      <div class={props.columns ? 'choices columns' : 'choices'}>
        {props.options.map((o, i) => (
          <label class="choice" for={`${id}-${i}`}>
            <input
              id={`${id}-${i}`}
              type={type}
              name={props.name}
              value={o.value}
              checked={list.includes(o.value)}
            />{' '}
            {o.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** A single checkbox (on/off). */
export function Toggle(props: { name: string; ja: string; en: string; hint?: Child }) {
  const { id, error, value } = useField(props.name);
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <FieldError id={id} error={error} />
      <label class="choice" for={id}>
        <input
          id={id}
          type="checkbox"
          name={props.name}
          value="on"
          checked={value === 'on' || value === 'true'}
        />{' '}
        {props.ja}{' '}
        <span class="en" lang="en">
          {props.en}
        </span>
      </label>
      {props.hint ? <p class="hint">{props.hint}</p> : null}
    </div>
  );
}

/**
 * The message for a group as a whole (e.g. "location" outside the platform's area, "capacity"
 * needing one of two numbers), shown at the top of the group's fieldset, whose id it links to.
 */
export function GroupError({ name }: { name: string }) {
  const { errors } = useContext(FormContext);
  const error = errors[name];
  return error ? (
    <p class="field-error" id={`${fieldId(name)}-error`}>
      {error}
    </p>
  ) : null;
}

/** A group's legend: Japanese, 必須 when required, the English beside it. */
export function Legend(props: { ja: string; en: string; required?: boolean | undefined }) {
  return (
    <legend>
      {props.ja}
      {props.required ? <span class="req">必須</span> : null}{' '}
      <span class="en" lang="en">
        {props.en}
      </span>
    </legend>
  );
}

// --- pickers ---------------------------------------------------------------------------------

/** Fields of the taxonomy by their Japanese labels, narrower ones under their parent. */
export function FieldPicker(props: { name?: string; required?: boolean; hint?: Child; anyOption?: boolean }) {
  const name = props.name ?? 'fields';
  const { id, error, list } = useField(name);
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
  const { values } = useContext(FormContext);
  const prefecture = one(values, `${name}.prefecture`);
  const muniId = fieldId(`${name}.municipality`);
  const only = props.prefectures?.length ? new Set(props.prefectures) : undefined;
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
  return (
    <fieldset class="field region-picker">
      <Legend ja="市区町村で選ぶ" en="By municipality" />
      <SelectField
        name={chooser}
        ja="都道府県"
        en="Prefecture"
        placeholder="選んでください / Choose"
        options={prefectureOptions()}
        attrs={{ 'data-prefecture-for': fieldId(name) }}
      />
      <div class="field">
        <label for={fieldId(name)}>
          <Bi ja="市区町村（複数選択可）" en="Municipalities (several allowed)" />
        </label>
        <p class="hint">Ctrl（Macは⌘）を押しながら選ぶと、複数選べます。 Hold Ctrl (⌘) to choose several.</p>
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
