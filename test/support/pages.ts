import type { Harness, Session } from './harness';

// Pages as a browser uses them: GET with the session cookie, forms posted urlencoded with the
// session's CSRF token, redirects not followed (tests look at where they go).

export type FormFields = Record<string, string | readonly string[]>;

export function getPage(h: Harness, path: string, as?: Session): Promise<Response> {
  return h.request(path, as ? { headers: { cookie: as.cookie } } : {});
}

export function postForm(
  h: Harness,
  path: string,
  as: Session | undefined,
  fields: FormFields,
): Promise<Response> {
  const body = new URLSearchParams();
  if (as) body.append('_csrf', as.csrfToken);
  for (const [name, value] of Object.entries(fields)) {
    for (const v of typeof value === 'string' ? [value] : value) body.append(name, v);
  }
  return h.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(as ? { cookie: as.cookie } : {}) },
    body: body.toString(),
  });
}

/** The HTML of one form field's block (label, hint, error, input), by the field's name. */
export function fieldBlock(html: string, name: string): string {
  const id = `f-${name.replace(/[^A-Za-z0-9]+/g, '-')}`;
  const at = html.indexOf(`id="${id}"`);
  if (at < 0) return '';
  const start = html.lastIndexOf('<div class="field', at);
  const fieldset = html.lastIndexOf('<fieldset', at);
  const from = Math.max(start, fieldset);
  return html.slice(from, html.indexOf('</', html.indexOf(`id="${id}"`, at)) + 200);
}

/** The value attribute of the input with this name, as the page shows it. */
export function inputValue(html: string, name: string): string | undefined {
  const tag = html.match(new RegExp(`<input[^>]*name="${name.replace(/\./g, '\\.')}"[^>]*>`))?.[0];
  return tag?.match(/value="([^"]*)"/)?.[1];
}
