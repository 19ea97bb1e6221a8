import type { Offer } from '#domain';
import { displayDate } from '#mail';
import { Legend, TextArea, TextField, Toggle } from '../forms';
import { Bi } from '../layout';

// An open call (公募) on the pages: its facts on the offer's page, its questions on the
// application form (the 関心がある form of an open-call offer).

export const APPLY_WORDS = { ja: 'この公募に応募する', en: 'Apply to this open call' } as const;

/** The open call's deadline and questions, and for its own people the link to the applicants. */
export function OpenCallFacts(props: { offer: Offer; insider: boolean }) {
  const call = props.offer.openCall;
  if (!call) return null;
  return (
    <section aria-labelledby="open-call">
      <h2 id="open-call">
        <span class="badge open">
          <Bi ja="公募" en="Open call" />
        </span>{' '}
        <Bi
          ja={`締切 ${displayDate(call.deadline, 'ja')}`}
          en={`Closes ${displayDate(call.deadline, 'en')}`}
        />
      </h2>
      <p>
        <Bi
          ja="この支援の申し出は公募です。締切までに、貴団体のニーズと質問への回答を添えて応募できます。締切後、提供団体が応募の中から受け入れ枠の数まで選びます。"
          en="This offer is an open call: apply with one of your needs and the answers below by the deadline. After it, the offering organisation selects up to its slots."
        />
      </p>
      {call.questions.length > 0 ? (
        <ul>
          {call.questions.map((q) => (
            <li>
              {q.label}
              {q.required ? (
                <>
                  {' '}
                  <Bi ja="（必須）" en="(required)" />
                </>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {props.insider ? (
        <p>
          <a class="button" href={`/offers/${props.offer.id}/applications`}>
            <Bi ja="応募者を見る" en="See the applicants" />
          </a>
        </p>
      ) : null}
    </section>
  );
}

/** One text field per question of the call (answer-<id>). */
export function QuestionFields({ offer }: { offer: Offer }) {
  return (
    <>
      {(offer.openCall?.questions ?? []).map((q) => (
        <TextArea
          name={`answer-${q.id}`}
          ja={q.label}
          en={q.label}
          required={q.required}
          rows={3}
          maxlength={1000}
        />
      ))}
    </>
  );
}

/** The answers from the form's fields, for the API. */
export function answersOf(offer: Offer, values: Record<string, unknown>): Record<string, string> | undefined {
  const questions = offer.openCall?.questions;
  if (!offer.openCall) return undefined;
  return Object.fromEntries((questions ?? []).map((q) => [q.id, String(values[`answer-${q.id}`] ?? '')]));
}

/** The offer form's open call: a deadline (blank = an ordinary offer) and up to five questions. */
export function OpenCallFields() {
  return (
    <fieldset class="field" id="f-openCall">
      <Legend ja="公募にする" en="Make it an open call" />
      <p class="hint">
        <Bi
          ja="締切を入れると公募になります。会員団体は締切まで応募でき、締切後に応募の中から受け入れ枠の数まで選べます。自動のご提案は行いません。空欄は通常の申し出です。"
          en="With a deadline the offer is an open call: members apply until then, and you select up to your slots. It is not proposed by matching. Blank = an ordinary offer."
        />
      </p>
      <TextField name="openCall.deadline" type="date" ja="締切日" en="Deadline" size="short" />
      {[0, 1, 2, 3, 4].map((i) => (
        <>
          <TextField
            name={`openCall.questions.${i}.label`}
            ja={`応募者への質問${i + 1}`}
            en={`Question ${i + 1} to applicants`}
            maxlength={200}
          />
          <Toggle name={`openCall.questions.${i}.required`} ja="回答を必須にする" en="Answer required" />
        </>
      ))}
    </fieldset>
  );
}
