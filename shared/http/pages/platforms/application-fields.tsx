import { ANSWER_MAX, type ApplicationForm, CONSENT_PURPOSE_LABELS, type Platform } from '#domain';
import { ChoiceGroup, type FormValues, TextArea, Toggle, toBody } from '../forms';
import { Bi } from '../layout';

// The platform's own part of the join form: what each tier means, its questions and its
// consents; and the posted form as the API's body (answers by question id, consents with the
// version of the text the person read).

const YES_NO = [
  { value: 'yes', label: 'はい', en: 'Yes' },
  { value: 'no', label: 'いいえ', en: 'No' },
];

/** What each tier is for, where the platform says so. */
export function TierDescriptions({ platform }: { platform: Platform }) {
  const described = platform.tiers.filter((t) => t.description || t.descriptionEn);
  if (described.length === 0) return null;
  return (
    <dl class="facts tiers">
      {described.map((t) => (
        <>
          <dt>
            <Bi ja={t.ja} en={t.en} />
          </dt>
          <dd class="pre-line">
            <Bi ja={t.description ?? t.descriptionEn ?? ''} en={t.descriptionEn ?? t.description ?? ''} />
          </dd>
        </>
      ))}
    </dl>
  );
}

export function QuestionFields({ form }: { form: ApplicationForm }) {
  if (form.questions.length === 0) return null;
  return (
    <>
      {form.questions.map((q) => {
        const name = `answers.${q.id}`;
        const label = { ja: q.ja, en: q.en ?? q.ja, required: q.required };
        const options = q.options.map((o) => ({ value: o.ja, label: o.ja, en: o.en }));
        if (q.kind === 'text') return <TextArea name={name} {...label} rows={3} maxlength={ANSWER_MAX} />;
        if (q.kind === 'multiple') return <ChoiceGroup name={name} {...label} options={options} />;
        return (
          <ChoiceGroup name={name} {...label} type="radio" options={q.kind === 'yesno' ? YES_NO : options} />
        );
      })}
    </>
  );
}

export function ConsentFields({ form }: { form: ApplicationForm }) {
  if (form.consents.length === 0) return null;
  return (
    <section class="consents">
      <h2>
        <Bi ja="同意事項" en="Consents" />
      </h2>
      {form.consents.map((c) => (
        <ConsentField consent={c} />
      ))}
    </section>
  );
}

/**
 * What a consent's box says: what it agrees to (its purpose, unless "other"), so that two boxes,
 * their errors and the error summary's lines are told apart, by screen readers too.
 */
export function consentLabel(c: ApplicationForm['consents'][number]): { ja: string; en: string } {
  const what = c.purpose === 'other' ? undefined : CONSENT_PURPOSE_LABELS[c.purpose];
  const need = c.required ? { ja: '（必須）', en: ' (required)' } : { ja: '（任意）', en: ' (optional)' };
  return {
    ja: `${what ? `上記の「${what.ja}」に` : '上記に'}同意します${need.ja}`,
    en: `I agree to the above${what ? `: ${what.en}` : ''}${need.en}`,
  };
}

export function ConsentField({ consent: c }: { consent: ApplicationForm['consents'][number] }) {
  return (
    <div class="consent">
      <p class="pre-line consent-text">
        <Bi ja={c.ja} en={c.en ?? c.ja} />
      </p>
      <input type="hidden" name={`_v.consents.${c.id}`} value={String(c.version)} />
      <Toggle name={`consents.${c.id}`} {...consentLabel(c)} />
    </div>
  );
}

/** The agreed consents of a posted form: the ticked ones, each with the version shown. */
export function consentsOf(values: FormValues, form: Pick<ApplicationForm, 'consents'>) {
  return form.consents.flatMap((c) => {
    const ticked = values[`consents.${c.id}`];
    if (ticked !== 'on' && ticked !== 'true') return [];
    const shown = Number(values[`_v.consents.${c.id}`]);
    return [{ id: c.id, version: Number.isInteger(shown) && shown > 0 ? shown : c.version }];
  });
}

/** The join form as the API's application body. */
export function applicationBody(values: FormValues, form: ApplicationForm): Record<string, unknown> {
  const multiple = form.questions.filter((q) => q.kind === 'multiple').map((q) => `answers.${q.id}`);
  const own = Object.fromEntries(
    Object.entries(values).filter(([k]) => !k.startsWith('consents.') && !k.startsWith('answers.')),
  );
  const body = toBody(own);
  const answers: Record<string, unknown> = {};
  for (const q of form.questions) {
    const name = `answers.${q.id}`;
    const raw = values[name];
    if (multiple.includes(name)) {
      answers[q.id] = (Array.isArray(raw) ? raw : raw ? [raw] : []).filter((v) => v !== '');
      continue;
    }
    const value = (Array.isArray(raw) ? raw[0] : raw)?.trim();
    if (!value) continue;
    answers[q.id] = q.kind === 'yesno' ? (value === 'yes' ? true : value === 'no' ? false : value) : value;
  }
  if (form.questions.length > 0) body.answers = answers;
  if (form.consents.length > 0) body.consents = consentsOf(values, form);
  return body;
}
