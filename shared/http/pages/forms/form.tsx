import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import type { Language } from '#domain';
import { inLanguage } from '../language';
import { Bi } from '../layout';
import { useView } from '../view';
import { type FieldEntry, FormContext, type FormErrors, type FormState, type FormValues } from './state';

// A <Form> (CSRF token, the default button, the error summary at the top, the values and errors
// for its fields) and the form that is only a button.

export function Form(props: {
  action: string;
  values?: FormValues;
  errors?: FormErrors;
  children: Child;
  class?: string;
}) {
  const { csrf } = useView();
  const state: FormState = { values: props.values ?? {}, errors: props.errors ?? {}, fields: [] };
  // The fields first: each adds itself to `state.fields` as it renders, so the summary above them
  // can name the fields with errors in the order the form shows them.
  const fields = (<FormContext.Provider value={state}>{props.children}</FormContext.Provider>) as unknown as {
    toString(): string | Promise<string>;
  };
  const html = fields.toString();
  const form = (inner: string) => (
    <form method="post" action={props.action} class={props.class} novalidate>
      <input type="hidden" name="_csrf" value={csrf} />
      <DefaultButton />
      {Object.keys(state.errors).length > 0 ? (
        <ErrorSummary errors={state.errors} fields={state.fields} />
      ) : null}
      {raw(inner)}
    </form>
  );
  return typeof html === 'string' ? form(html) : html.then(form);
}

/**
 * Enter in a text field presses a form's first submit button. Pickers have buttons of their own
 * for browsers without JavaScript ("update the list"), so every form starts with a copy of its
 * main action: no name or value, like the main button, hidden from sight, from the tab order and
 * from screen readers (the visible button at the end is the one they use).
 */
function DefaultButton() {
  return (
    // biome-ignore lint/a11y/noAriaHiddenOnFocusable: out of the tab order (tabindex -1) on purpose; the visible main button is the one people reach and hear (axe agrees)
    <button type="submit" class="default-action" tabindex={-1} aria-hidden="true">
      <Bi ja="送信する" en="Submit" />
    </button>
  );
}

/** A form that is only a button (close, approve, run now), with its CSRF token. */
export function ActionButton(props: {
  action: string;
  label: Child;
  kind?: 'primary' | 'secondary' | 'danger';
  hidden?: Record<string, string>;
  /** The question asked before it is sent (with JavaScript), in both languages. */
  confirm?: { ja: string; en: string };
}) {
  const { csrf, lang } = useView();
  return (
    <form method="post" action={props.action} class="inline">
      <input type="hidden" name="_csrf" value={csrf} />
      {Object.entries(props.hidden ?? {}).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      <button
        type="submit"
        class={props.kind ?? 'primary'}
        data-confirm={props.confirm && (lang === 'en' ? props.confirm.en : props.confirm.ja)}
      >
        {props.label}
      </button>
    </form>
  );
}

export interface SummaryItem {
  /** The id the item links to; none for a message about the form as a whole. */
  target?: string;
  text: string;
}

/**
 * The error summary's items: messages about the form as a whole first, then one item per field
 * with an error, in the form's order, as 「ラベル：メッセージ」 ("Label: message" in English), the
 * message in the page's language. An error's path belongs to the field
 * of that name, or else to the nearest enclosing group (`capacity.people` to `capacity`); a
 * sentence already listed is not listed again.
 */
export function summaryItems(
  errors: FormErrors,
  fields: readonly FieldEntry[],
  lang: Language = 'ja',
): SummaryItem[] {
  const byField = new Map<FieldEntry, string>();
  const loose: string[] = [];
  const exact = new Set<FieldEntry>();
  for (const [path, message] of Object.entries(errors)) {
    const own = fields.find((f) => f.name === path);
    const field =
      own ??
      fields.filter((f) => path.startsWith(`${f.name}.`)).sort((a, b) => b.name.length - a.name.length)[0];
    const said = inLanguage(lang, message);
    if (!field || path === '(root)' || path === '') loose.push(said);
    else if (own) {
      // As next to the field: its own message before one about a part of it.
      if (!exact.has(own)) byField.set(own, said);
      exact.add(own);
    } else if (!byField.has(field)) byField.set(field, said);
  }
  const items: SummaryItem[] = [
    ...loose.map((text) => ({ text })),
    ...fields.flatMap((f) => {
      const message = byField.get(f);
      return message === undefined
        ? []
        : [{ target: f.target, text: `${f.label}${lang === 'en' ? ': ' : '：'}${message}` }];
    }),
  ];
  const seen = new Set<string>();
  return items.filter((item) => !seen.has(item.text) && seen.add(item.text));
}

function ErrorSummary({ errors, fields }: { errors: FormErrors; fields: readonly FieldEntry[] }) {
  const { lang } = useView();
  return (
    <div
      class="error-summary"
      role="alert"
      tabindex={-1}
      id="error-summary"
      aria-labelledby="error-summary-title"
    >
      <h2 id="error-summary-title">
        <Bi ja="入力内容を確認してください" en="Please check the highlighted fields" />
      </h2>
      <ul>
        {summaryItems(errors, fields, lang).map((item) => (
          <li>{item.target ? <a href={`#${item.target}`}>{item.text}</a> : item.text}</li>
        ))}
      </ul>
    </div>
  );
}
