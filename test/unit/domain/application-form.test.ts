import { describe, expect, it } from 'vitest';
import {
  type ApplicationForm,
  applicationFormInputSchema,
  checkApplication,
  consentsDue,
  emptyApplicationForm,
  renewConsents,
  reviseApplicationForm,
  ValidationError,
} from '#domain';

// The application form's pure rules: ids and consent versions are the server's, answers fit
// their questions, required ones are required, and who is asked to agree again.

const T0 = '2026-12-01T00:00:00.000Z';
const T1 = '2026-12-02T00:00:00.000Z';
let n = 0;
const newId = () => `01HZY00000000000000000${String(++n).padStart(4, '0')}`;

function revise(current: ApplicationForm, input: unknown, now = T1) {
  return reviseApplicationForm(current, applicationFormInputSchema.parse(input), now, newId);
}

const base = () =>
  revise(
    emptyApplicationForm('saitama', T0),
    {
      version: 0,
      questions: [
        { kind: 'text', ja: '代表者', required: true },
        { kind: 'multiple', ja: '活動分野', required: true, options: [{ ja: '居場所' }, { ja: '食支援' }] },
        { kind: 'single', ja: '会員数', options: [{ ja: '10人未満' }, { ja: '10人以上' }] },
        { kind: 'yesno', ja: '法人格がありますか', required: true },
      ],
      consents: [
        { purpose: 'roster', required: false, ja: '会員名簿への情報共有について同意します。' },
        { purpose: 'antisocial', ja: '反社会的勢力でないことを表明します。' },
      ],
    },
    T0,
  );

function fieldErrors(fn: () => unknown): Record<string, string> {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError)
      return Object.fromEntries((error.errors ?? []).map((e) => [e.path, e.message]));
    throw error;
  }
  throw new Error('no ValidationError');
}

describe('revising the form', () => {
  it('gives new items ids and new consents version 1', () => {
    const form = base();
    expect(form.questions.map((q) => q.id)).toHaveLength(4);
    expect(new Set(form.questions.map((q) => q.id)).size).toBe(4);
    expect(form.consents.map((c) => [c.purpose, c.version, c.changedAt])).toEqual([
      ['roster', 1, T0],
      ['antisocial', 1, T0],
    ]);
  });

  it('counts a new version only for a consent whose text changed', () => {
    const form = base();
    const [roster, antisocial] = form.consents;
    const next = revise(form, {
      version: 1,
      questions: [],
      consents: [
        { id: roster!.id, purpose: 'roster', required: false, ja: roster!.ja },
        {
          id: antisocial!.id,
          purpose: 'antisocial',
          ja: '反社会的勢力でないこと、今後も関わらないことを表明します。',
        },
      ],
    });
    expect(next.consents.map((c) => [c.id, c.version, c.changedAt])).toEqual([
      [roster!.id, 1, T0],
      [antisocial!.id, 2, T1],
    ]);
  });

  it('refuses an id that is not on the form (a client cannot pick versions or resurrect items)', () => {
    const errors = fieldErrors(() =>
      revise(base(), { version: 1, consents: [{ id: '01HZY0000000000000000ZZZZZ', ja: 'x' }] }),
    );
    expect(Object.keys(errors)).toEqual(['consents.0.id']);
  });

  it('refuses a choice question without two options, and two roster consents', () => {
    const parsed = applicationFormInputSchema.safeParse({
      version: 0,
      questions: [{ kind: 'single', ja: '区分', options: [{ ja: 'A' }] }],
      consents: [
        { purpose: 'roster', ja: 'a' },
        { purpose: 'roster', ja: 'b' },
      ],
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join('.')).sort()).toEqual([
      'consents',
      'questions.0.options',
    ]);
  });
});

describe('checking an application', () => {
  it('stores answers as asked and the consents with version, text, time and person', () => {
    const form = base();
    const [rep, fields, , corp] = form.questions;
    const [roster, antisocial] = form.consents;
    const checked = checkApplication(
      form,
      {
        answers: { [rep!.id]: '山田 花子', [fields!.id]: ['食支援', '居場所'], [corp!.id]: false },
        consents: [{ id: antisocial!.id, version: 1 }],
      },
      T1,
      'PERSON',
    );
    expect(checked.answers).toEqual([
      { questionId: rep!.id, kind: 'text', question: { ja: '代表者' }, value: '山田 花子' },
      { questionId: fields!.id, kind: 'multiple', question: { ja: '活動分野' }, value: ['居場所', '食支援'] },
      { questionId: corp!.id, kind: 'yesno', question: { ja: '法人格がありますか' }, value: false },
    ]);
    expect(checked.consents).toEqual([
      expect.objectContaining({ consentId: roster!.id, agreed: false, version: 1 }),
      {
        consentId: antisocial!.id,
        purpose: 'antisocial',
        version: 1,
        agreed: true,
        text: { ja: '反社会的勢力でないことを表明します。' },
        at: T1,
        by: 'PERSON',
      },
    ]);
  });

  it('names every missing required answer and consent, and answers that do not fit', () => {
    const form = base();
    const [rep, fields, size, corp] = form.questions;
    const errors = fieldErrors(() =>
      checkApplication(form, { answers: { [size!.id]: '100人', [corp!.id]: 'はい' } }, T1, 'P'),
    );
    expect(Object.keys(errors).sort()).toEqual(
      [
        `answers.${rep!.id}`,
        `answers.${fields!.id}`,
        `answers.${size!.id}`,
        `answers.${corp!.id}`,
        `consents.${form.consents[1]!.id}`,
      ].sort(),
    );
    expect(errors[`answers.${rep!.id}`]).toContain('必須');
    expect(errors[`answers.${size!.id}`]).toContain('選択肢から選んでください');
    expect(errors[`consents.${form.consents[1]!.id}`]).toContain('同意が必要です');
  });

  it('refuses a consent given to an older version of its text', () => {
    const form = base();
    const antisocial = form.consents[1]!;
    const errors = fieldErrors(() =>
      checkApplication(
        { ...form, questions: [] },
        { consents: [{ id: antisocial.id, version: 0 + 2 }] },
        T1,
        'P',
      ),
    );
    expect(errors[`consents.${antisocial.id}`]).toContain('更新されました');
  });
});

describe('asking again', () => {
  const form = base();
  const [roster, antisocial] = form.consents;
  const agreedAll = checkApplication(
    { ...form, questions: [] },
    {
      consents: [
        { id: roster!.id, version: 1 },
        { id: antisocial!.id, version: 1 },
      ],
    },
    T0,
    'P',
  ).consents;
  const changed = revise(form, {
    version: 1,
    consents: [
      { id: roster!.id, purpose: 'roster', required: false, ja: '新しい名簿の文面' },
      { id: antisocial!.id, purpose: 'antisocial', ja: '新しい表明の文面' },
    ],
  });

  it('asks for a changed required consent, and a changed optional one only if it was given', () => {
    expect(consentsDue(form, agreedAll)).toEqual([]);
    expect(consentsDue(changed, agreedAll).map((c) => c.purpose)).toEqual(['roster', 'antisocial']);
    const withoutRoster = agreedAll.map((r) => (r.purpose === 'roster' ? { ...r, agreed: false } : r));
    expect(consentsDue(changed, withoutRoster).map((c) => c.purpose)).toEqual(['antisocial']);
    expect(consentsDue(changed, undefined).map((c) => c.purpose)).toEqual(['antisocial']);
  });

  it('records the new versions; a due optional one left out as not given; nothing due is a 400', () => {
    const renewed = renewConsents(changed, agreedAll, [{ id: antisocial!.id, version: 2 }], T1, 'Q');
    expect(renewed.map((r) => [r.purpose, r.version, r.agreed, r.text.ja, r.by])).toEqual([
      ['roster', 2, false, '新しい名簿の文面', 'Q'],
      ['antisocial', 2, true, '新しい表明の文面', 'Q'],
    ]);
    expect(consentsDue(changed, renewed)).toEqual([]);
    expect(Object.keys(fieldErrors(() => renewConsents(changed, renewed, [], T1, 'Q')))).toEqual([
      'consents',
    ]);
  });

  it('refuses to renew without the required one', () => {
    const errors = fieldErrors(() =>
      renewConsents(changed, agreedAll, [{ id: roster!.id, version: 2 }], T1, 'Q'),
    );
    expect(Object.keys(errors)).toEqual([`consents.${antisocial!.id}`]);
  });
});
