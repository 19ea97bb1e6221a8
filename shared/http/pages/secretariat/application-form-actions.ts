import type { ApplicationForm, Consent, Platform, Question } from '#domain';
import { callApi, errorsOf, type FormValues, formValues } from '../forms';
import { applicationFormPage, type EditorSection } from './application-form';
import { adminBase, apiBase, type C, failureStatus, secretariatPage } from './frame';

// What the editor's forms do: each one changes one question, consent or the tiers' descriptions,
// and sends the whole form (PUT, with the version read) or the tiers (PATCH) to the JSON API.

const one = (values: FormValues, name: string) => {
  const v = values[name];
  return (Array.isArray(v) ? v[0] : v)?.trim() ?? '';
};
const optional = (s: string) => (s === '' ? undefined : s);
const on = (values: FormValues, name: string) => values[name] === 'on' || values[name] === 'true';

const questionInput = (q: Question) => ({
  id: q.id,
  kind: q.kind,
  ja: q.ja,
  en: q.en,
  required: q.required,
  options: q.options,
});
const consentInput = (c: Consent) => ({
  id: c.id,
  purpose: c.purpose,
  required: c.required,
  ja: c.ja,
  en: c.en,
});

/** 「日本語 | English」 lines as options. */
export function parseOptions(text: string) {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .map((l) => {
      const [ja = '', ...en] = l.split('|');
      const english = en.join('|').trim();
      return { ja: ja.trim(), ...(english ? { en: english } : {}) };
    });
}

function questionFrom(values: FormValues, i: number, id: string | undefined) {
  const p = `questions.${i}`;
  return {
    ...(id ? { id } : {}),
    kind: one(values, `${p}.kind`),
    ja: one(values, `${p}.ja`),
    en: optional(one(values, `${p}.en`)),
    required: on(values, `${p}.required`),
    options: parseOptions(one(values, `${p}.options`)),
  };
}

function consentFrom(values: FormValues, i: number, id: string | undefined) {
  const p = `consents.${i}`;
  return {
    ...(id ? { id } : {}),
    purpose: one(values, `${p}.purpose`),
    required: on(values, `${p}.required`),
    ja: one(values, `${p}.ja`),
    en: optional(one(values, `${p}.en`)),
  };
}

/** The list after one item's action: saved (or added at the end), moved or deleted. */
function edited<T>(list: T[], i: number, action: string, item: () => T): T[] {
  const out = [...list];
  if (i < 0 || i > out.length) return out;
  if (action === 'delete') out.splice(i, 1);
  else if (action === 'up' && i > 0 && i < out.length) [out[i - 1], out[i]] = [out[i]!, out[i - 1]!];
  else if (action === 'down' && i < out.length - 1) [out[i + 1], out[i]] = [out[i]!, out[i + 1]!];
  else if (action === 'save' || action === '') out[i] = item();
  return out;
}

export function editApplicationForm(c: C, section: 'questions' | 'consents'): Promise<Response> {
  return secretariatPage(c, async (platform) => {
    const values = await formValues(c);
    const form = await c.var.ctx.store.applicationForms.get(platform.id, c.var.ctx.now().toISOString());
    const index = /^\d{1,2}$/.test(one(values, '_index')) ? Number(one(values, '_index')) : -1;
    const action = one(values, '_action');
    const version = Number(one(values, 'version'));
    const questions = form.questions.map(questionInput);
    const consents = form.consents.map(consentInput);
    const body = {
      version: Number.isInteger(version) ? version : one(values, 'version'),
      questions:
        section === 'questions'
          ? edited<object>(questions, index, action, () =>
              questionFrom(values, index, form.questions[index]?.id),
            )
          : questions,
      consents:
        section === 'consents'
          ? edited<object>(consents, index, action, () =>
              consentFrom(values, index, form.consents[index]?.id),
            )
          : consents,
    };
    const result = await callApi<ApplicationForm>(c, 'PUT', `${apiBase(platform.id)}/application-form`, body);
    if (result.ok)
      return c.redirect(`${adminBase(platform.id)}/application-form?done=${section}#${section}`, 303);
    return failed(c, platform, section, index, values, result.problem);
  });
}

export function editTierDescriptions(c: C): Promise<Response> {
  return secretariatPage(c, async (platform) => {
    const values = await formValues(c);
    const version = Number(one(values, 'version'));
    const tiers = platform.tiers.map((t, j) => ({
      id: t.id,
      ja: t.ja,
      en: t.en,
      description: optional(one(values, `tiers.${j}.description`)),
      descriptionEn: optional(one(values, `tiers.${j}.descriptionEn`)),
    }));
    const result = await callApi(c, 'PATCH', apiBase(platform.id), {
      version: Number.isInteger(version) ? version : one(values, 'version'),
      tiers,
    });
    if (result.ok) return c.redirect(`${adminBase(platform.id)}/application-form?done=tiers#tiers`, 303);
    return failed(c, platform, 'tiers', 0, values, result.problem);
  });
}

function failed(
  c: C,
  platform: Platform,
  section: EditorSection,
  index: number,
  values: FormValues,
  problem: Parameters<typeof errorsOf>[0],
) {
  const status = failureStatus(problem);
  const errors = errorsOf(problem);
  // A stale version or a whole-form message (not about this item's fields) is said at the top.
  const own = Object.keys(errors).some(
    (k) => k.startsWith(`${section}.${index}.`) || k === `${section}.${index}`,
  );
  return applicationFormPage(c, platform, {
    section,
    index,
    values,
    errors: own ? errors : { '(root)': problem.detail, ...errors },
    status,
  });
}
