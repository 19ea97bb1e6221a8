import { type Kind, kindLabel, type Platform } from '#domain';
import { Form, type FormErrors, type FormValues } from '../forms';
import { Bi, Page, Title } from '../layout';
import { PostingFields } from './fields';
import type { PostingKind } from './words';

// The page around the posting form (new and edit): platform, organisation, kind, and after a
// version conflict what is saved now.

interface FormPageProps {
  side: PostingKind;
  kind: Kind;
  action: string;
  values: FormValues;
  errors: FormErrors;
  title: string;
  titleEn: string;
  platform: Platform;
  orgName: string;
  submit: { ja: string; en: string };
  cancel: string;
  /** After a version conflict: what is saved now where it differs from the form. */
  savedNow?: [label: string, value: string][];
}

export function FormPage(props: FormPageProps) {
  const { side } = props;
  return (
    <Page title={props.title} titleEn={props.titleEn}>
      <p class="note">
        {props.platform.name} ・ {props.orgName}
      </p>
      <Title ja={props.title} en={props.titleEn} />
      <p>
        <span class="badge">
          <Bi ja={kindLabel(props.kind, 'ja')} en={kindLabel(props.kind, 'en')} />
        </span>
      </p>
      {props.savedNow && props.savedNow.length > 0 ? (
        <section class="notice error">
          <h2>
            <Bi ja="いま保存されている内容（あなたの入力と違う項目）" en="Saved now, where it differs" />
          </h2>
          <dl class="facts">
            {props.savedNow.map(([label, value]) => (
              <>
                <dt>{label}</dt>
                <dd class="prewrap">{value || '（空欄）'}</dd>
              </>
            ))}
          </dl>
        </section>
      ) : null}
      <Form action={props.action} values={props.values} errors={props.errors}>
        <input type="hidden" name="kind" value={props.kind} />
        {typeof props.values._version === 'string' ? (
          <input type="hidden" name="_version" value={props.values._version} />
        ) : null}
        <PostingFields side={side} kind={props.kind} platform={props.platform} />
        <p class="actions">
          <button type="submit">
            <Bi ja={props.submit.ja} en={props.submit.en} />
          </button>
          <a href={props.cancel}>
            <Bi ja="やめる" en="Cancel" />
          </a>
        </p>
      </Form>
    </Page>
  );
}
