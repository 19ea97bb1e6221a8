import * as z from 'zod';
import { line, platformIdSchema, text, timestamps, ulidSchema } from './common';
import { type FieldError, ValidationError } from './errors';

// A platform's application form: the questions an organisation answers when it applies, and the
// consents it gives (each a text with a version). The server numbers the versions: a consent
// whose text changes gets the next one, and members who agreed to an older one are asked again.
// Answers and consents are stored with the membership as snapshots (question and text as they
// were), so editing or removing a question never changes what an answer meant.

export const QUESTION_KINDS = ['text', 'single', 'multiple', 'yesno'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];
export const QUESTION_KIND_LABELS: Record<QuestionKind, { ja: string; en: string }> = {
  text: { ja: '記述式', en: 'Text' },
  single: { ja: '選択式（ひとつ）', en: 'Single choice' },
  multiple: { ja: '選択式（複数）', en: 'Multiple choice' },
  yesno: { ja: 'はい・いいえ', en: 'Yes / no' },
};

/** What a consent is for, so other code can find e.g. "the roster-sharing consent". */
export const CONSENT_PURPOSES = ['roster', 'antisocial', 'rules', 'other'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];
export const CONSENT_PURPOSE_LABELS: Record<ConsentPurpose, { ja: string; en: string }> = {
  roster: { ja: '会員名簿への情報共有', en: 'Sharing in the member roster' },
  antisocial: { ja: '反社会的勢力でないことの表明', en: 'Not an anti-social force' },
  rules: { ja: 'プラットフォームの規約', en: 'Platform rules' },
  other: { ja: 'その他', en: 'Other' },
};

export const MAX_QUESTIONS = 30;
export const MAX_CONSENTS = 10;
export const MAX_OPTIONS = 20;
export const ANSWER_MAX = 2000;

const optionSchema = z.strictObject({ ja: line(100), en: line(150).optional() });

export const questionInputSchema = z
  .strictObject({
    id: ulidSchema.optional().describe('Absent for a new question; the server gives it one'),
    kind: z.enum(QUESTION_KINDS),
    ja: line(200),
    en: line(300).optional(),
    required: z.boolean().default(false),
    options: z.array(optionSchema).max(MAX_OPTIONS).default([]),
  })
  .superRefine((q, ctx) => {
    const choice = q.kind === 'single' || q.kind === 'multiple';
    if (choice && q.options.length < 2)
      ctx.addIssue({ code: 'custom', path: ['options'], message: '選択肢を2つ以上入力してください' });
    if (!choice && q.options.length > 0)
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'この形式の質問に選択肢はありません' });
    if (new Set(q.options.map((o) => o.ja)).size !== q.options.length)
      ctx.addIssue({ code: 'custom', path: ['options'], message: '同じ選択肢が重なっています' });
  });

export const consentInputSchema = z.strictObject({
  id: ulidSchema.optional().describe('Absent for a new consent; the server gives it one'),
  purpose: z.enum(CONSENT_PURPOSES).default('other'),
  required: z.boolean().default(true),
  ja: text(2000).pipe(z.string().min(1, '入力してください')),
  en: text(3000).optional(),
});

export const applicationFormInputSchema = z
  .strictObject({
    version: z.number().int().min(0).describe('The version read; 0 when the platform has no form yet'),
    questions: z.array(questionInputSchema).max(MAX_QUESTIONS).default([]),
    consents: z.array(consentInputSchema).max(MAX_CONSENTS).default([]),
  })
  .superRefine((f, ctx) => {
    for (const purpose of ['roster', 'antisocial', 'rules'] as const) {
      if (f.consents.filter((c) => c.purpose === purpose).length > 1)
        ctx.addIssue({
          code: 'custom',
          path: ['consents'],
          message: `「${CONSENT_PURPOSE_LABELS[purpose].ja}」の同意事項はひとつまでです`,
        });
    }
  });
export type ApplicationFormInput = z.input<typeof applicationFormInputSchema>;

const questionSchema = z.object({
  id: ulidSchema,
  kind: z.enum(QUESTION_KINDS),
  ja: z.string(),
  en: z.string().optional(),
  required: z.boolean(),
  options: z.array(z.object({ ja: z.string(), en: z.string().optional() })),
});
export type Question = z.infer<typeof questionSchema>;

const consentSchema = z.object({
  id: ulidSchema,
  purpose: z.enum(CONSENT_PURPOSES),
  required: z.boolean(),
  ja: z.string(),
  en: z.string().optional(),
  version: z.number().int().min(1).describe('Counted by the server: the next one when the text changes'),
  changedAt: z.iso.datetime().describe('When this version of the text was set'),
});
export type Consent = z.infer<typeof consentSchema>;

export const applicationFormSchema = z
  .object({
    platformId: platformIdSchema,
    questions: z.array(questionSchema),
    consents: z.array(consentSchema),
    ...timestamps,
    version: z.number().int().min(0).describe('0 = no form defined yet'),
  })
  .meta({ id: 'ApplicationForm' });
export type ApplicationForm = z.infer<typeof applicationFormSchema>;

/** The form of a platform that has defined none: no questions, no consents, version 0. */
export const emptyApplicationForm = (platformId: string, now: string): ApplicationForm => ({
  platformId,
  questions: [],
  consents: [],
  createdAt: now,
  updatedAt: now,
  version: 0,
});

/**
 * The form after an edit. Ids and consent versions come from here, never from the client: an
 * item without an id is new (a fresh id); an id must be one of the current form's; a consent
 * whose text (Japanese or English) changed gets the next version.
 */
export function reviseApplicationForm(
  current: ApplicationForm,
  input: z.output<typeof applicationFormInputSchema>,
  now: string,
  newId: () => string,
): ApplicationForm {
  const errors: FieldError[] = [];
  const checkIds = (list: 'questions' | 'consents', ids: (string | undefined)[], known: Set<string>) => {
    const seen = new Set<string>();
    ids.forEach((id, i) => {
      if (id === undefined) return;
      if (!known.has(id) || seen.has(id))
        errors.push({
          path: `${list}.${i}.id`,
          message:
            'この項目は申込書にありません。ページを読み込み直してください。 This item is not on the form; please reload.',
        });
      seen.add(id);
    });
  };
  checkIds(
    'questions',
    input.questions.map((q) => q.id),
    new Set(current.questions.map((q) => q.id)),
  );
  checkIds(
    'consents',
    input.consents.map((c) => c.id),
    new Set(current.consents.map((c) => c.id)),
  );
  if (errors.length > 0) throw new ValidationError(errors);
  const questions: Question[] = input.questions.map((q) => ({
    id: q.id ?? newId(),
    kind: q.kind,
    ja: q.ja,
    ...(q.en ? { en: q.en } : {}),
    required: q.required,
    options: q.options.map((o) => ({ ja: o.ja, ...(o.en ? { en: o.en } : {}) })),
  }));
  const consents: Consent[] = input.consents.map((c) => {
    const before = c.id ? current.consents.find((x) => x.id === c.id) : undefined;
    const en = c.en || undefined;
    const same = before !== undefined && before.ja === c.ja && before.en === en;
    return {
      id: c.id ?? newId(),
      purpose: c.purpose,
      required: c.required,
      ja: c.ja,
      ...(en ? { en } : {}),
      version: before ? (same ? before.version : before.version + 1) : 1,
      changedAt: before && same ? before.changedAt : now,
    };
  });
  return { ...current, questions, consents, updatedAt: now };
}

// What an applicant sends, and what is stored with the membership.

export const answerValueSchema = z.union([
  text(ANSWER_MAX),
  z.array(line(150)).max(MAX_OPTIONS),
  z.boolean(),
]);
export const applicationAnswersSchema = z
  .record(ulidSchema, answerValueSchema)
  .describe(
    'Answers by question id: text (text, single choice), a list (multiple choice), true/false (yes/no)',
  );
export const consentGivenSchema = z.strictObject({
  id: ulidSchema,
  version: z.number().int().min(1).describe('The version of the text the person read'),
});
export const consentsGivenSchema = z
  .array(consentGivenSchema)
  .max(MAX_CONSENTS)
  .describe('The consents agreed to; a required one left out is refused');

export const storedAnswerSchema = z
  .object({
    questionId: ulidSchema,
    kind: z.enum(QUESTION_KINDS),
    question: z.object({ ja: z.string(), en: z.string().optional() }).describe('The question as asked'),
    value: z.union([z.string(), z.array(z.string()), z.boolean()]),
  })
  .meta({ id: 'ApplicationAnswer' });
export type StoredAnswer = z.infer<typeof storedAnswerSchema>;

export const consentRecordSchema = z
  .object({
    consentId: ulidSchema,
    purpose: z.enum(CONSENT_PURPOSES),
    version: z.number().int().min(1),
    agreed: z.boolean().describe('false: an optional consent not given'),
    text: z.object({ ja: z.string(), en: z.string().optional() }).describe('The text as read'),
    at: z.iso.datetime(),
    by: ulidSchema.describe('The person who agreed for the organisation'),
  })
  .meta({ id: 'ConsentRecord' });
export type ConsentRecord = z.infer<typeof consentRecordSchema>;

const CHANGED_FORM =
  '申込書が変更されました。内容を確かめて、もう一度送ってください。 The form has changed; please check it and send it again.';
const REQUIRED_ANSWER = '回答してください（必須の質問です）。 Please answer this question.';
const BAD_ANSWER = '回答の形式が正しくありません。 This answer does not fit the question.';
const NOT_AN_OPTION = '選択肢から選んでください。 Please choose from the options.';
const REQUIRED_CONSENT = '同意が必要です。 Your consent is required to apply.';
const NEW_VERSION =
  '同意事項の内容が更新されました。新しい内容をお読みのうえ、もう一度同意してください。 The text has changed; please read it and agree again.';

type AnswerValue = z.infer<typeof answerValueSchema>;

function checkAnswer(q: Question, raw: AnswerValue | undefined): { value?: AnswerValue; error?: string } {
  const empty =
    raw === undefined || (typeof raw === 'string' && raw === '') || (Array.isArray(raw) && raw.length === 0);
  if (empty) return q.required ? { error: REQUIRED_ANSWER } : {};
  const labels = new Set(q.options.map((o) => o.ja));
  switch (q.kind) {
    case 'text':
      return typeof raw === 'string' ? { value: raw } : { error: BAD_ANSWER };
    case 'yesno':
      return typeof raw === 'boolean' ? { value: raw } : { error: BAD_ANSWER };
    case 'single':
      if (typeof raw !== 'string') return { error: BAD_ANSWER };
      return labels.has(raw) ? { value: raw } : { error: NOT_AN_OPTION };
    case 'multiple': {
      const list = typeof raw === 'string' ? [raw] : raw;
      if (!Array.isArray(list)) return { error: BAD_ANSWER };
      if (!list.every((v) => labels.has(v))) return { error: NOT_AN_OPTION };
      // In the form's order, each once.
      return { value: q.options.map((o) => o.ja).filter((v) => list.includes(v)) };
    }
  }
}

/**
 * An application's answers and consents checked against the platform's form: every required
 * question answered, every answer fitting its question, every required consent given for the
 * current version of its text. Returns what is stored with the membership; throws one 400 with
 * an error per field (`answers.<questionId>`, `consents.<consentId>`).
 */
export function checkApplication(
  form: Pick<ApplicationForm, 'questions' | 'consents'>,
  input: {
    answers?: Record<string, AnswerValue> | undefined;
    consents?: { id: string; version: number }[] | undefined;
  },
  now: string,
  personId: string,
): { answers: StoredAnswer[]; consents: ConsentRecord[] } {
  const errors: FieldError[] = [];
  const given = input.answers ?? {};
  if (Object.keys(given).some((id) => !form.questions.some((q) => q.id === id)))
    errors.push({ path: 'answers', message: CHANGED_FORM });
  const answers: StoredAnswer[] = [];
  for (const q of form.questions) {
    const { value, error } = checkAnswer(q, Object.hasOwn(given, q.id) ? given[q.id] : undefined);
    if (error) errors.push({ path: `answers.${q.id}`, message: error });
    else if (value !== undefined)
      answers.push({
        questionId: q.id,
        kind: q.kind,
        question: { ja: q.ja, ...(q.en ? { en: q.en } : {}) },
        value,
      });
  }
  const agreed = input.consents ?? [];
  if (agreed.some((a) => !form.consents.some((c) => c.id === a.id)))
    errors.push({ path: 'consents', message: CHANGED_FORM });
  const { records, errors: consentErrors } = consentRecords(form.consents, agreed, now, personId);
  errors.push(...consentErrors);
  if (errors.length > 0) throw new ValidationError(errors);
  return { answers, consents: records };
}

function consentRecords(
  consents: readonly Consent[],
  agreed: readonly { id: string; version: number }[],
  now: string,
  personId: string,
): { records: ConsentRecord[]; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const records: ConsentRecord[] = [];
  for (const c of consents) {
    const given = agreed.find((a) => a.id === c.id);
    if (given && given.version !== c.version) errors.push({ path: `consents.${c.id}`, message: NEW_VERSION });
    else if (!given && c.required) errors.push({ path: `consents.${c.id}`, message: REQUIRED_CONSENT });
    else
      records.push({
        consentId: c.id,
        purpose: c.purpose,
        version: c.version,
        agreed: given !== undefined,
        text: { ja: c.ja, ...(c.en ? { en: c.en } : {}) },
        at: now,
        by: personId,
      });
  }
  return { records, errors };
}

/**
 * The consents an organisation is asked for (again): a required one it has not agreed to in its
 * current version, and an optional one it agreed to in an older version (its agreement was to
 * another text). An optional one it declined is not asked again.
 */
export function consentsDue(
  form: Pick<ApplicationForm, 'consents'> | undefined,
  records: readonly ConsentRecord[] | undefined,
): Consent[] {
  if (!form) return [];
  return form.consents.filter((c) => {
    const rec = records?.find((r) => r.consentId === c.id);
    const current = rec?.agreed === true && rec.version === c.version;
    return c.required ? !current : rec?.agreed === true && !current;
  });
}

/**
 * The membership's consent records after agreeing again to the consents due: every due required
 * one must be given (in its current version); a due optional one left out is recorded as not
 * given. Records of consents not due stay as they were.
 */
export function renewConsents(
  form: Pick<ApplicationForm, 'consents'>,
  records: readonly ConsentRecord[] | undefined,
  agreed: readonly { id: string; version: number }[],
  now: string,
  personId: string,
): ConsentRecord[] {
  const due = consentsDue(form, records);
  if (due.length === 0)
    throw new ValidationError(
      [{ path: 'consents', message: '同意が必要な事項はありません。 Nothing needs your consent.' }],
      '同意が必要な事項はありません。 Nothing needs your consent.',
    );
  const { records: fresh, errors } = consentRecords(due, agreed, now, personId);
  if (agreed.some((a) => !due.some((c) => c.id === a.id)))
    errors.push({ path: 'consents', message: CHANGED_FORM });
  if (errors.length > 0) throw new ValidationError(errors);
  const renewed = new Set(fresh.map((r) => r.consentId));
  return [...(records ?? []).filter((r) => !renewed.has(r.consentId)), ...fresh];
}

/** An answer in words, in the reader's language (はい / いいえ, choices joined). */
export function answerText(answer: Pick<StoredAnswer, 'value'>, lang: 'ja' | 'en'): string {
  const { value } = answer;
  if (typeof value === 'boolean')
    return value ? (lang === 'en' ? 'Yes' : 'はい') : lang === 'en' ? 'No' : 'いいえ';
  return Array.isArray(value) ? value.join(lang === 'en' ? ', ' : '、') : value;
}
