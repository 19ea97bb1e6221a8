import { type Child, useContext } from 'hono/jsx';
import { inLanguage } from '../language';
import { useT, useView } from '../view';
import { FormContext, fieldId, useField, useRegister } from './state';

// Labelled fields: each reads its value and error from the enclosing <Form> by name and shows
// the label (必須/任意), the hint and the error next to the control.

/** 必須 / 任意 after a label, in the view's language. */
function Required({ required, optional = true }: { required?: boolean | undefined; optional?: boolean }) {
  const t = useT();
  if (required) return <span class="req">{t('必須', 'Required')}</span>;
  return optional ? <span class="opt">{t('任意', 'Optional')}</span> : null;
}

function Label(props: { id: string; ja: string; en: string; required?: boolean | undefined; hint?: Child }) {
  return (
    <>
      <label for={props.id}>
        {useT()(props.ja, props.en)}
        <Required required={props.required} />
      </label>
      {props.hint ? (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      ) : null}
    </>
  );
}

/** A field's message; messages written in both languages (from the API) show the view's part. */
export function FieldError({ id, error }: { id: string; error: string | undefined }) {
  const { lang } = useView();
  return error ? (
    <p class="field-error" id={`${id}-error`}>
      {inLanguage(lang, error)}
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
  useRegister(props.name, useT()(props.ja, props.en), props.id);
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
    type?: 'text' | 'email' | 'url' | 'number' | 'date' | 'tel';
    autocomplete?: string;
    inputmode?: 'numeric' | 'decimal' | 'email' | 'url' | 'tel';
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
  /** The label in Japanese (or a name, the same in both languages). */
  label: string;
  /** The label on English pages, when it differs. */
  en?: string | undefined;
}

export function SelectField(
  props: FieldProps & { options: Option[]; placeholder?: string; attrs?: Record<string, string> },
) {
  const { id, error, value } = useField(props.name);
  const t = useT();
  return (
    <FieldShell {...props} id={id} error={error}>
      <select {...controlAttrs(id, error, props.hint)} name={props.name} {...(props.attrs ?? {})}>
        {props.placeholder !== undefined ? <option value="">{props.placeholder}</option> : null}
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === value}>
            {t(o.label, o.en ?? o.label)}
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
  useRegister(props.name, useT()(props.ja, props.en), props.options.length > 0 ? `${id}-0` : id);
  const type = props.type ?? 'checkbox';
  const t = useT();
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
            {t(o.label, o.en ?? o.label)}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** A single checkbox (on/off). */
export function Toggle(props: { name: string; ja: string; en: string; hint?: Child }) {
  const { id, error, value } = useField(props.name);
  useRegister(props.name, useT()(props.ja, props.en), id);
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
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
        />{' '}
        {useT()(props.ja, props.en)}
      </label>
      {props.hint ? <p class="hint">{props.hint}</p> : null}
    </div>
  );
}

/**
 * The message for a group as a whole (e.g. "location" outside the platform's area, "capacity"
 * needing one of two numbers), shown at the top of the group's fieldset (id `fieldId(name)`),
 * which the error summary links to under the group's label.
 */
export function GroupError({ name, ja, en }: { name: string; ja: string; en: string }) {
  const { lang } = useView();
  useRegister(name, lang === 'en' ? en : ja);
  const { errors } = useContext(FormContext);
  const error = errors[name];
  return error ? (
    <p class="field-error" id={`${fieldId(name)}-error`}>
      {inLanguage(lang, error)}
    </p>
  ) : null;
}

/** A group's legend in the view's language, 必須 when required. */
export function Legend(props: { ja: string; en: string; required?: boolean | undefined }) {
  return (
    <legend>
      {useT()(props.ja, props.en)}
      <Required required={props.required} optional={false} />
    </legend>
  );
}
