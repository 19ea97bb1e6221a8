import type { Context } from 'hono';
import { text } from '#domain';
import type { AppEnv } from '../../env';
import { ApiProblem, type Problem } from '../../problem';
import type { FormErrors, FormValues } from './state';

// Pages are clients of the JSON API, in process: a form becomes the same JSON body an API
// client would send, so validation, permissions and messages are the API's, in one place.

const reasonSchema = text(1000);

/** The optional decline reason of an answer form; unusable text counts as none (it is optional). */
export function declineReasonOf(form: Record<string, unknown>): string | undefined {
  const parsed = reasonSchema.safeParse(typeof form.reason === 'string' ? form.reason : '');
  return parsed.success && parsed.data ? parsed.data : undefined;
}

export type ApiResult<T> =
  | { ok: true; status: number; data: T }
  | { ok: false; status: number; problem: Problem; retryAfter?: string | undefined };

/** Calls the JSON API as the signed-in person (their session token as a Bearer token). */
export async function callApi<T = unknown>(
  c: Context<AppEnv>,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = c.var.auth?.token;
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const forwarded = c.req.header('x-forwarded-for');
  if (forwarded) headers['x-forwarded-for'] = forwarded;
  const response = await c.var.internal(`/v1${path}`, {
    method,
    headers,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const data = response.status === 204 ? undefined : await response.json();
  // An outage is not the form's fault: the error page says so (503, Retry-After) instead of the
  // form showing it as if a field were wrong.
  if (response.status >= 500)
    throw new ApiProblem(data as Problem, response.headers.get('retry-after') ?? undefined);
  return response.ok
    ? { ok: true, status: response.status, data: data as T }
    : {
        ok: false,
        status: response.status,
        problem: data as Problem,
        retryAfter: response.headers.get('retry-after') ?? undefined,
      };
}

/** Like callApi, but any failure is thrown on to the error page (reads that should not fail). */
export async function fetchApi<T>(c: Context<AppEnv>, path: string): Promise<T> {
  const result = await callApi<T>(c, 'GET', path);
  if (!result.ok) throw new ApiProblem(result.problem);
  return result.data;
}

/** Field errors by path; a problem without any is shown at the top under "(root)". */
export function errorsOf(problem: Problem): FormErrors {
  const errors: FormErrors = {};
  for (const e of problem.errors ?? []) errors[e.path] ??= e.message;
  if (Object.keys(errors).length === 0) errors['(root)'] = problem.detail;
  return errors;
}

/** The form as posted: strings, and arrays for names given more than once. */
export async function formValues(c: Context<AppEnv>): Promise<FormValues> {
  const body = await c.req.parseBody({ all: true });
  const values: FormValues = {};
  for (const [key, value] of Object.entries(body)) {
    if (Array.isArray(value)) values[key] = value.filter((v): v is string => typeof v === 'string');
    else if (typeof value === 'string') values[key] = value;
  }
  return values;
}

const MAX_FIELD_DEPTH = 8;

export interface FormShape {
  /** Paths sent as numbers (a value that is not a number is sent as typed, for the API to name). */
  numbers?: readonly string[];
  /** Checkboxes sent as true/false. */
  booleans?: readonly string[];
  /** Names that are always lists (checkbox groups). */
  lists?: readonly string[];
}

/**
 * A form's values as the API's JSON: dotted names nest (`capacity.people`), blank fields are
 * left out (so "required" reads as required), `_csrf` and other `_` names are dropped.
 */
export function toBody(values: FormValues, shape: FormShape = {}): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const set = (path: string, value: unknown) => {
    const parts = path.split('.');
    // No form of ours nests deeper than a few levels; a deeper name is not ours, and left out.
    if (parts.length > MAX_FIELD_DEPTH) return;
    let node = body;
    for (const part of parts.slice(0, -1)) {
      if (part === '__proto__' || part === 'constructor' || part === 'prototype') return;
      node[part] = typeof node[part] === 'object' && node[part] !== null ? node[part] : {};
      node = node[part] as Record<string, unknown>;
    }
    const last = parts.at(-1)!;
    if (last === '__proto__' || last === 'constructor' || last === 'prototype') return;
    node[last] = value;
  };
  for (const name of shape.lists ?? []) set(name, listOf(values[name]));
  for (const name of shape.booleans ?? []) set(name, values[name] === 'on' || values[name] === 'true');
  for (const [name, raw] of Object.entries(values)) {
    if (name.startsWith('_') || shape.lists?.includes(name) || shape.booleans?.includes(name)) continue;
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (value === undefined || value.trim() === '') continue;
    if (shape.numbers?.includes(name)) {
      const n = Number(
        value.replace(/[,，]/g, '').replace(/[０-９]/g, (d) => String(d.charCodeAt(0) - 0xff10)),
      );
      set(name, Number.isFinite(n) ? n : value);
    } else set(name, value.trim());
  }
  return body;
}

const listOf = (v: string | string[] | undefined): string[] =>
  (Array.isArray(v) ? v : v === undefined || v === '' ? [] : [v]).filter((x) => x !== '');

/** The other way: a stored object as a form's flat values (for edit forms). */
export function flatten(value: unknown, prefix = '', out: FormValues = {}): FormValues {
  if (Array.isArray(value)) {
    out[prefix] = value.map(String);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (typeof value === 'boolean') {
    out[prefix] = value ? 'on' : '';
  } else if (value !== undefined && value !== null) {
    out[prefix] = String(value);
  }
  return out;
}
