import type { ApplicationForm, Consent, Platform, Question } from '#domain';
import { Form, type FormErrors, type FormValues, TextArea } from '../forms';
import { Bi, Notice } from '../layout';
import { render } from '../view';
import { ConsentInputs, ItemButtons, QuestionInputs } from './application-form-inputs';
import { AdminPage, adminBase, type C, dateTime, type FailureStatus } from './frame';

// The secretariat's page for its application form: one small form per question and per consent
// (save, move up or down, delete) and one to add each, then the tiers' descriptions. Works
// without JavaScript; Enter saves. Field names are the API's paths (`questions.2.ja`), so its
// messages land next to the field they are about.

export type EditorSection = 'questions' | 'consents' | 'tiers';

export interface EditorFailure {
  section: EditorSection;
  index: number;
  values: FormValues;
  errors: FormErrors;
  status: FailureStatus;
}

const DONE: Record<string, { ja: string; en: string }> = {
  questions: { ja: '質問を保存しました。', en: 'Questions saved.' },
  consents: {
    ja: '同意事項を保存しました。文面を変えた同意事項は新しい版になり、会員には次にサインインしたときに同意をお願いします。',
    en: 'Consents saved. A changed text is a new version; members are asked to agree again at their next visit.',
  },
  tiers: { ja: '会員区分の説明を保存しました。', en: 'Tier descriptions saved.' },
};

/** Options as typed: one a line, 「日本語 | English」. */
export const optionsText = (q: Pick<Question, 'options'>) =>
  q.options.map((o) => (o.en ? `${o.ja} | ${o.en}` : o.ja)).join('\n');

function questionValues(q: Question, i: number): FormValues {
  return {
    [`questions.${i}.kind`]: q.kind,
    [`questions.${i}.ja`]: q.ja,
    [`questions.${i}.en`]: q.en,
    [`questions.${i}.required`]: q.required ? 'on' : '',
    [`questions.${i}.options`]: optionsText(q),
  };
}

function consentValues(c: Consent, i: number): FormValues {
  return {
    [`consents.${i}.purpose`]: c.purpose,
    [`consents.${i}.required`]: c.required ? 'on' : '',
    [`consents.${i}.ja`]: c.ja,
    [`consents.${i}.en`]: c.en,
  };
}

function tierValues(platform: Platform): FormValues {
  return Object.fromEntries(
    platform.tiers.flatMap((t, j) => [
      [`tiers.${j}.description`, t.description],
      [`tiers.${j}.descriptionEn`, t.descriptionEn],
    ]),
  );
}

/**
 * One list of the form (questions or consents): a small form per item (save, move, delete), then
 * one to add an item (`added`: its first values). A form that failed comes back with what was typed.
 */
function ItemForms(props: {
  list: 'questions' | 'consents';
  items: { values: FormValues; note?: { ja: string; en: string } }[];
  added: FormValues;
  noun: { ja: string; en: string };
  base: string;
  version: string;
  failure: EditorFailure | undefined;
}) {
  const { list, items, noun, base, version, failure } = props;
  const failed = (i: number) =>
    failure && failure.section === list && failure.index === i ? failure : undefined;
  const Inputs = list === 'questions' ? QuestionInputs : ConsentInputs;
  const n = items.length;
  const hidden = (i: number) => (
    <>
      <input type="hidden" name="_index" value={String(i)} />
      <input type="hidden" name="version" value={version} />
    </>
  );
  return (
    <>
      <ol class="cards">
        {items.map((item, i) => (
          <li class="card">
            {item.note ? (
              <p class="note">
                <Bi {...item.note} />
              </p>
            ) : null}
            <Form
              action={`${base}/${list}`}
              values={failed(i)?.values ?? item.values}
              errors={failed(i)?.errors}
            >
              {hidden(i)}
              <Inputs i={i} />
              <ItemButtons index={i} count={n} noun={noun} />
            </Form>
          </li>
        ))}
      </ol>
      <h3>
        <Bi ja={`${noun.ja}を追加する`} en={`Add a ${noun.en}`} />
      </h3>
      <Form action={`${base}/${list}`} values={failed(n)?.values ?? props.added} errors={failed(n)?.errors}>
        {hidden(n)}
        <Inputs i={n} />
        <p class="actions">
          <button type="submit">
            <Bi ja="追加する" en="Add" />
          </button>
        </p>
      </Form>
    </>
  );
}

export async function applicationFormPage(
  c: C,
  platform: Platform,
  failure?: EditorFailure,
): Promise<Response> {
  const form: ApplicationForm = await c.var.ctx.store.applicationForms.get(
    platform.id,
    c.var.ctx.now().toISOString(),
  );
  const base = `${adminBase(platform.id)}/application-form`;
  const done = DONE[c.req.query('done') ?? ''];
  const failed = (section: EditorSection, i: number) =>
    failure && failure.section === section && failure.index === i ? failure : undefined;
  const version = String(form.version);
  const nq = form.questions.length;
  const nc = form.consents.length;
  const shared = { base, version, failure };
  return render(
    c,
    <AdminPage platform={platform} ja="申込書の設定" en="Application form">
      {failure?.errors['(root)'] ? <Notice kind="error">{failure.errors['(root)']}</Notice> : null}
      {done && !failure ? (
        <Notice>
          <Bi {...done} />
        </Notice>
      ) : null}
      <p>
        <Bi
          ja="参加を申し込む団体に答えていただく質問と、同意をお願いする事項を設定します。回答と同意は申請とともに記録され、承認のときにこの事務局の画面で確認できます。"
          en="The questions applicants answer and the consents they give. Both are stored with the application and shown here when you approve."
        />
      </p>

      <h2 id="questions">
        <Bi ja={`質問（${nq}件）`} en="Questions" />
      </h2>
      <ItemForms
        list="questions"
        items={form.questions.map((q, i) => ({ values: questionValues(q, i) }))}
        added={{ [`questions.${nq}.kind`]: 'text' }}
        noun={{ ja: '質問', en: 'question' }}
        {...shared}
      />

      <h2 id="consents">
        <Bi ja={`同意事項（${nc}件）`} en="Consents" />
      </h2>
      <p class="note">
        <Bi
          ja="文面を変えると新しい版になり、前の版に同意した会員には、次にサインインしたときに改めて同意をお願いします。"
          en="Changing a text makes a new version; members who agreed to an older one are asked again at their next visit."
        />
      </p>
      <ItemForms
        list="consents"
        items={form.consents.map((consent, i) => ({
          values: consentValues(consent, i),
          note: {
            ja: `第${consent.version}版（${dateTime(consent.changedAt)}から）`,
            en: `Version ${consent.version} (since ${dateTime(consent.changedAt)})`,
          },
        }))}
        added={{ [`consents.${nc}.purpose`]: 'other', [`consents.${nc}.required`]: 'on' }}
        noun={{ ja: '同意事項', en: 'consent' }}
        {...shared}
      />

      <h2 id="tiers">
        <Bi ja="会員区分の説明" en="What each tier means" />
      </h2>
      <p class="note">
        <Bi
          ja="申し込む団体が区分を選べるよう、どんな団体向けか、何ができるかを書いてください。"
          en="Who each tier is for and what it means, for applicants to choose."
        />
      </p>
      <Form
        action={`${base}/tiers`}
        values={failed('tiers', 0)?.values ?? tierValues(platform)}
        errors={failed('tiers', 0)?.errors}
      >
        <input type="hidden" name="version" value={String(platform.version)} />
        {platform.tiers.map((t, j) => (
          <>
            <TextArea
              name={`tiers.${j}.description`}
              ja={`「${t.ja}」の説明（日本語）`}
              en={`${t.en}: description (Japanese)`}
              rows={3}
              maxlength={400}
            />
            <TextArea
              name={`tiers.${j}.descriptionEn`}
              ja={`「${t.ja}」の説明（英語）`}
              en={`${t.en}: description (English)`}
              rows={3}
              maxlength={600}
            />
          </>
        ))}
        <p class="actions">
          <button type="submit">
            <Bi ja="説明を保存する" en="Save descriptions" />
          </button>
        </p>
      </Form>
    </AdminPage>,
    failure?.status ?? 200,
  );
}
