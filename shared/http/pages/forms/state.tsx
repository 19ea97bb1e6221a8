import { createContext, useContext } from 'hono/jsx';

// What a <Form> holds: what the person typed (flat, keyed by field name such as `capacity.people`)
// and the errors the API answered (keyed by the same path); each field reads both by name, so a
// failed submit shows the message next to the field and keeps every value.

export type FormValues = Record<string, string | string[] | undefined>;
export type FormErrors = Record<string, string>;

/** A field as the error summary names it: its name (the API's path), label and where to link. */
export interface FieldEntry {
  name: string;
  label: string;
  /** The element the summary's link goes to: the control, or a group's first control. */
  target: string;
}

export interface FormState {
  values: FormValues;
  errors: FormErrors;
  /** The fields as the form renders them, in order: each field adds itself (`useRegister`). */
  fields: FieldEntry[];
}

const OUTSIDE_A_FORM: FormState = { values: {}, errors: {}, fields: [] };
export const FormContext = createContext<FormState>(OUTSIDE_A_FORM);

/**
 * Adds a field to its form's list (in the order the form shows them), so the error summary at
 * the top can name each field with an error and link to it.
 */
export function useRegister(name: string, label: string, target: string = fieldId(name)): void {
  const state = useContext(FormContext);
  if (state === OUTSIDE_A_FORM) return;
  const { fields } = state;
  if (!fields.some((f) => f.name === name)) fields.push({ name, label, target });
}

/** What the enclosing <Form> holds, for components that depend on other fields' values. */
export function useFormValues(): FormValues {
  return useContext(FormContext).values;
}

export const fieldId = (name: string) => `f-${name.replace(/[^A-Za-z0-9]+/g, '-')}`;

export function one(values: FormValues, name: string): string {
  const v = values[name];
  return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
}

export function many(values: FormValues, name: string): string[] {
  const v = values[name];
  return Array.isArray(v) ? v : v === undefined || v === '' ? [] : [v];
}

/** The message for a field: its own path, or (for groups) the first one under it. */
function errorOf(errors: FormErrors, name: string): string | undefined {
  if (errors[name]) return errors[name];
  const nested = Object.keys(errors).find((k) => k.startsWith(`${name}.`));
  return nested ? errors[nested] : undefined;
}

/** A field's id, its error, and its value(s), by name. */
export function useField(name: string) {
  const { values, errors } = useContext(FormContext);
  const id = fieldId(name);
  const error = errorOf(errors, name);
  return { id, error, values, value: one(values, name), list: many(values, name) };
}
