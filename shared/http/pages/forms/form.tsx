import type { Child } from 'hono/jsx';
import { inLanguage } from '../language';
import { Bi } from '../layout';
import { useView } from '../view';
import { FormContext, type FormErrors, type FormValues, fieldId } from './state';

// A <Form> (CSRF token, the error summary at the top, the values and errors for its fields) and
// the form that is only a button.

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

function ErrorSummary({ errors }: { errors: FormErrors }) {
  const { lang } = useView();
  return (
    <div class="error-summary" role="alert" tabindex={-1} id="error-summary">
      <h2>
        <Bi ja="入力内容を確認してください" en="Please check the highlighted fields" />
      </h2>
      <ul>
        {Object.entries(errors).map(([path, bilingual]) => {
          const message = inLanguage(lang, bilingual);
          return (
            <li>
              {path === '(root)' || path === '' ? message : <a href={`#${fieldId(path)}`}>{message}</a>}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
