import { CONSENT_PURPOSE_LABELS, CONSENT_PURPOSES, QUESTION_KIND_LABELS, QUESTION_KINDS } from '#domain';
import { SelectField, TextArea, TextField, Toggle } from '../forms';
import { Bi } from '../layout';

// The inputs of one question, one consent, and the buttons under each item of the application
// form's editor (application-form.tsx).

export function ItemButtons(props: { index: number; count: number; noun: { ja: string; en: string } }) {
  const { index, count } = props;
  return (
    <p class="actions">
      <button type="submit" name="_action" value="save">
        <Bi ja="保存する" en="Save" />
      </button>
      {index > 0 ? (
        <button type="submit" name="_action" value="up" class="secondary">
          <Bi ja="上へ" en="Move up" />
        </button>
      ) : null}
      {index < count - 1 ? (
        <button type="submit" name="_action" value="down" class="secondary">
          <Bi ja="下へ" en="Move down" />
        </button>
      ) : null}
      <button type="submit" name="_action" value="delete" class="danger">
        <Bi ja={`この${props.noun.ja}を削除する`} en={`Delete this ${props.noun.en}`} />
      </button>
    </p>
  );
}

export function QuestionInputs({ i }: { i: number }) {
  return (
    <>
      <SelectField
        name={`questions.${i}.kind`}
        ja="回答の形式"
        en="Kind of answer"
        required
        options={QUESTION_KINDS.map((k) => ({
          value: k,
          label: QUESTION_KIND_LABELS[k].ja,
          en: QUESTION_KIND_LABELS[k].en,
        }))}
      />
      <TextField
        name={`questions.${i}.ja`}
        ja="質問（日本語）"
        en="Question (Japanese)"
        required
        maxlength={200}
      />
      <TextField name={`questions.${i}.en`} ja="質問（英語）" en="Question (English)" maxlength={300} />
      <Toggle name={`questions.${i}.required`} ja="回答を必須にする" en="An answer is required" />
      <TextArea
        name={`questions.${i}.options`}
        ja="選択肢"
        en="Options"
        rows={4}
        hint={
          <Bi
            ja="選択式の質問だけ。1行に1つ、英語を添えるときは「日本語 | English」。"
            en="Choice questions only: one a line; add English as 'Japanese | English'."
          />
        }
      />
    </>
  );
}

export function ConsentInputs({ i }: { i: number }) {
  return (
    <>
      <SelectField
        name={`consents.${i}.purpose`}
        ja="種類"
        en="Purpose"
        required
        options={CONSENT_PURPOSES.map((p) => ({
          value: p,
          label: CONSENT_PURPOSE_LABELS[p].ja,
          en: CONSENT_PURPOSE_LABELS[p].en,
        }))}
      />
      <TextArea
        name={`consents.${i}.ja`}
        ja="文面（日本語）"
        en="Text (Japanese)"
        required
        rows={5}
        maxlength={2000}
      />
      <TextArea name={`consents.${i}.en`} ja="文面（英語）" en="Text (English)" rows={4} maxlength={3000} />
      <Toggle name={`consents.${i}.required`} ja="同意を必須にする" en="Consent is required" />
    </>
  );
}
