import { beforeAll, describe, expect, it } from 'vitest';
import type { ApplicationForm, Membership, Platform } from '#domain';
import {
  createHarness,
  errorPaths,
  expectProblem,
  type Harness,
  jsonOf,
  type Session,
  uniqueEmail,
} from '#test/harness';
import { getPage, postForm } from '#test/pages';

// A platform's own application form, end to end through the real app: the secretariat defines
// questions, consents and what each tier means on its page; an applicant sees them on the join
// page, must answer the required ones and picks a tier (none is chosen for them); the answers
// and consents are shown to the secretariat; a changed consent text is a new version, and the
// member's owners and editors are asked to agree again before any other page.

let h: Harness;
let platformId: string;
let secretariat: Session;
const admin = (path = '') => `/platforms/${platformId}/admin/application-form${path}`;

const formOf = async () =>
  jsonOf<ApplicationForm>(await h.request(`/v1/platforms/${platformId}/application-form`));

beforeAll(async () => {
  h = await createHarness();
  const email = uniqueEmail('secretariat');
  platformId = await h.platform({ scope: { prefectures: ['11'], municipalities: [] } }, [email]);
  secretariat = await h.signIn(email);
});

/** Defines the form the way the secretariat does: one question or consent per form on its page. */
async function defineForm() {
  const add = async (section: 'questions' | 'consents', fields: Record<string, string>) => {
    const { version } = await formOf();
    const index = (await formOf())[section].length;
    const prefixed = Object.fromEntries(
      Object.entries(fields).map(([k, v]) => [`${section}.${index}.${k}`, v]),
    );
    const res = await postForm(h, admin(`/${section}`), secretariat, {
      _index: String(index),
      version: String(version),
      ...prefixed,
    });
    expect(res.status, await res.clone().text()).toBe(303);
  };
  await add('questions', { kind: 'text', ja: '代表者のお名前', en: 'Representative', required: 'on' });
  await add('questions', {
    kind: 'multiple',
    ja: '活動分野',
    required: 'on',
    options: '居場所 | Drop-in space\n食支援 | Food support\n学習支援',
  });
  await add('consents', {
    purpose: 'antisocial',
    required: 'on',
    ja: '反社会的勢力でないことを表明します。',
  });
  await add('consents', { purpose: 'roster', ja: '会員名簿への情報共有について同意します。' });
  const platform = await jsonOf<Platform>(await h.request(`/v1/platforms/${platformId}`));
  const tiers = await postForm(h, admin('/tiers'), secretariat, {
    version: String(platform.version),
    'tiers.0.description': '日常的に活動へ参加する団体向けです。',
    'tiers.1.description': '活動に協力する企業・団体向けです。',
  });
  expect(tiers.status).toBe(303);
}

describe('the secretariat defines its form', () => {
  it('adds questions and consents on its page; the API answers them with server-made ids and versions', async () => {
    await defineForm();
    const form = await formOf();
    expect(form.questions.map((q) => [q.kind, q.ja, q.required])).toEqual([
      ['text', '代表者のお名前', true],
      ['multiple', '活動分野', true],
    ]);
    expect(form.questions[1]!.options).toEqual([
      { ja: '居場所', en: 'Drop-in space' },
      { ja: '食支援', en: 'Food support' },
      { ja: '学習支援' },
    ]);
    expect(form.consents.map((c) => [c.purpose, c.required, c.version])).toEqual([
      ['antisocial', true, 1],
      ['roster', false, 1],
    ]);
    const page = await (await getPage(h, admin(), secretariat)).text();
    expect(page).toContain('代表者のお名前');
    expect(page).toContain('第1版');
  });

  it('refuses a stale version (409) and an unlabelled question with the message next to the field', async () => {
    const form = await formOf();
    await expectProblem(
      await h.request(`/v1/platforms/${platformId}/application-form`, {
        method: 'PUT',
        as: secretariat,
        json: { version: form.version - 1, questions: [], consents: [] },
      }),
      409,
    );
    const res = await postForm(h, admin('/questions'), secretariat, {
      _index: String(form.questions.length),
      version: String(form.version),
      [`questions.${form.questions.length}.kind`]: 'single',
      [`questions.${form.questions.length}.ja`]: '',
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('入力内容を確認してください');
    expect(html).toContain('選択肢を2つ以上入力してください');
    expect((await formOf()).version).toBe(form.version);
  });
});

describe('applying', () => {
  it('shows the questions, consents and tier descriptions, with no tier chosen', async () => {
    const applicant = await h.signIn(uniqueEmail('applicant'));
    await h.organization(applicant);
    const html = await (await getPage(h, `/platforms/${platformId}/join`, applicant)).text();
    for (const text of [
      '代表者のお名前',
      '活動分野',
      '学習支援',
      '反社会的勢力でないことを表明します。',
      '日常的に活動へ参加する団体向けです。',
    ])
      expect(html).toContain(text);
    expect(html).not.toMatch(/name="tier"[^>]*checked/);
  });

  it('refuses an application without the required answers, consent and tier: one message per field, nothing stored', async () => {
    const applicant = await h.signIn(uniqueEmail('hasty'));
    const org = await h.organization(applicant);
    const form = await formOf();
    const res = await postForm(h, `/platforms/${platformId}/join`, applicant, { organizationId: org.id });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('会員区分を選んでください');
    expect(html).toContain('回答してください（必須の質問です）');
    expect(html).toContain('同意が必要です');
    const api = await h.request(`/v1/platforms/${platformId}/memberships`, {
      method: 'POST',
      as: applicant,
      json: { organizationId: org.id, tier: 'member' },
    });
    expect(errorPaths(await expectProblem(api, 400, 'validation')).sort()).toEqual(
      [...form.questions.map((q) => `answers.${q.id}`), `consents.${form.consents[0]!.id}`].sort(),
    );
    await expectProblem(
      await h.request(`/v1/platforms/${platformId}/memberships/${org.id}`, { as: applicant }),
      404,
    );
  });

  it('stores the answers and consents with the application, and shows them to the secretariat', async () => {
    const applicant = await h.signIn(uniqueEmail('careful'));
    const org = await h.organization(applicant, { name: 'NPO法人 こたえる会' });
    const form = await formOf();
    const [rep, fields] = form.questions;
    const [antisocial, roster] = form.consents;
    const res = await postForm(h, `/platforms/${platformId}/join`, applicant, {
      organizationId: org.id,
      tier: 'cooperating',
      [`answers.${rep!.id}`]: '山田 花子',
      [`answers.${fields!.id}`]: ['食支援', '居場所'],
      [`consents.${antisocial!.id}`]: 'on',
      [`_v.consents.${antisocial!.id}`]: '1',
      [`_v.consents.${roster!.id}`]: '1',
    });
    expect(res.status, await res.clone().text()).toBe(303);
    const membership = await jsonOf<Membership>(
      await h.request(`/v1/platforms/${platformId}/memberships/${org.id}`, { as: applicant }),
    );
    expect(membership.tier).toBe('cooperating');
    expect(membership.answers).toEqual([
      {
        questionId: rep!.id,
        kind: 'text',
        question: { ja: '代表者のお名前', en: 'Representative' },
        value: '山田 花子',
      },
      { questionId: fields!.id, kind: 'multiple', question: { ja: '活動分野' }, value: ['居場所', '食支援'] },
    ]);
    expect(membership.consents?.map((r) => [r.purpose, r.version, r.agreed, r.by])).toEqual([
      ['antisocial', 1, true, applicant.personId],
      ['roster', 1, false, applicant.personId],
    ]);
    const html = await (await getPage(h, `/platforms/${platformId}/admin/memberships`, secretariat)).text();
    const card = html.slice(html.indexOf('NPO法人 こたえる会'));
    expect(card).toContain('代表者のお名前');
    expect(card).toContain('山田 花子');
    expect(card).toContain('居場所、食支援');
    expect(card).toContain('反社会的勢力でないことの表明');
    expect(card).toContain('同意あり');
    expect(card).toContain('同意なし');
  });

  it('refuses a consent given to a text that has changed since (400, asked to read it again)', async () => {
    const applicant = await h.signIn(uniqueEmail('slow'));
    const org = await h.organization(applicant);
    const form = await formOf();
    const res = await h.request(`/v1/platforms/${platformId}/memberships`, {
      method: 'POST',
      as: applicant,
      json: {
        organizationId: org.id,
        tier: 'member',
        answers: { [form.questions[0]!.id]: '代表', [form.questions[1]!.id]: ['居場所'] },
        consents: [{ id: form.consents[0]!.id, version: form.consents[0]!.version + 1 }],
      },
    });
    const problem = await expectProblem(res, 400, 'validation');
    expect(JSON.stringify(problem)).toContain('更新されました');
  });
});

describe('a consent text changes', () => {
  it("is a new version, and the member's owner is asked to agree again before any page; a viewer is not", async () => {
    const owner = await h.signIn(uniqueEmail('member-owner'));
    const org = await h.organization(owner, { name: '一般社団法人 また同意する会' });
    const form = await formOf();
    const apply = await h.request(`/v1/platforms/${platformId}/memberships`, {
      method: 'POST',
      as: owner,
      json: {
        organizationId: org.id,
        tier: 'member',
        answers: { [form.questions[0]!.id]: '代表', [form.questions[1]!.id]: ['居場所'] },
        consents: form.consents.map((c) => ({ id: c.id, version: c.version })),
      },
    });
    expect(apply.status).toBe(201);
    await h.approve(secretariat, platformId, org.id);
    const viewer = await h.addPerson(owner, org.id, uniqueEmail('member-viewer'), 'viewer');
    expect((await getPage(h, `/organizations/${org.id}`, owner)).status).toBe(200);

    // The secretariat changes the declaration's text (the same text again changes nothing).
    const antisocial = form.consents[0]!;
    const edit = (ja: string, version: number) =>
      postForm(h, admin('/consents'), secretariat, {
        _index: '0',
        version: String(version),
        'consents.0.purpose': 'antisocial',
        'consents.0.required': 'on',
        'consents.0.ja': ja,
      });
    expect((await edit(antisocial.ja, form.version)).status).toBe(303);
    expect((await formOf()).consents[0]!.version).toBe(1);
    const changed = '反社会的勢力でないこと、今後も関係を持たないことを表明します。';
    expect((await edit(changed, form.version + 1)).status).toBe(303);
    expect((await formOf()).consents[0]).toMatchObject({ id: antisocial.id, version: 2, ja: changed });

    const asked = await getPage(h, `/organizations/${org.id}`, owner);
    expect(asked.status).toBe(303);
    expect(asked.headers.get('location')).toBe(
      `/consents?next=${encodeURIComponent(`/organizations/${org.id}`)}`,
    );
    expect((await getPage(h, '/', owner)).headers.get('location')).toBe('/consents?next=%2F');
    expect((await getPage(h, `/organizations/${org.id}`, viewer)).status).toBe(200);

    const page = await (await getPage(h, asked.headers.get('location')!, owner)).text();
    expect(page).toContain(changed);
    expect(page).toContain('前に同意した文面（第1版）');

    const refused = await postForm(h, asked.headers.get('location')!, owner, {
      _platformId: platformId,
      _organizationId: org.id,
    });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('同意が必要です');

    const agreed = await postForm(h, asked.headers.get('location')!, owner, {
      _platformId: platformId,
      _organizationId: org.id,
      [`consents.${antisocial.id}`]: 'on',
      [`_v.consents.${antisocial.id}`]: '2',
    });
    expect(agreed.status).toBe(303);
    expect(agreed.headers.get('location')).toBe(asked.headers.get('location'));
    const done = await getPage(h, agreed.headers.get('location')!, owner);
    expect(done.headers.get('location')).toBe(`/organizations/${org.id}`);
    expect((await getPage(h, `/organizations/${org.id}`, owner)).status).toBe(200);

    const membership = await jsonOf<Membership>(
      await h.request(`/v1/platforms/${platformId}/memberships/${org.id}`, { as: owner }),
    );
    expect(membership.consents?.find((r) => r.consentId === antisocial.id)).toMatchObject({
      version: 2,
      agreed: true,
      text: { ja: changed },
      by: owner.personId,
    });
  });
});
