import { beforeAll, describe, expect, it } from 'vitest';
import { planDigest } from '#batch';
import type { Organization, OrganizationInFull } from '#domain';
import {
  createHarness,
  expectProblem,
  type Harness,
  jsonOf,
  type Member,
  type Session,
  uniqueEmail,
} from '#test/harness';
import { getPage, postForm } from '#test/pages';

// The full organisation profile (issue 17.5) through the real app: 活動分野 required (in
// Japanese, in the API and the form), the phone stored in one form and shown only to those who
// see the organisation in full, an older organisation asked to complete it, and the profile in
// the member directory, the statistics and the digest.

let h: Harness;
let secretariat: Session;
let platformId: string;

const profile = {
  activityFields: ['elderly', 'poverty'],
  activities: ['visiting', 'food'],
  activityArea: { municipalities: ['11203'] },
  phone: '０４８（１２３）４５６７',
  representative: '理事長 川口 太郎',
  staffRange: '5-9',
  volunteerRange: '30-99',
};

beforeAll(async () => {
  h = await createHarness();
  const email = uniqueEmail('profile-secretariat');
  platformId = await h.platform({}, [email]);
  secretariat = await h.signIn(email);
});

const patch = (as: Session, id: string, json: unknown) =>
  h.request(`/v1/organizations/${id}`, { method: 'PATCH', as, json });

describe('the profile in the API', () => {
  it('registers the whole profile and stores the phone in one form', async () => {
    const owner = await h.signIn(uniqueEmail('profile-owner'));
    const org = await h.organization(owner, profile);
    expect(org).toMatchObject({
      activityFields: ['elderly', 'poverty'],
      activities: ['visiting', 'food'],
      activityArea: { nationwide: false, prefectures: [], municipalities: ['11203'] },
      phone: '048-123-4567',
      representative: '理事長 川口 太郎',
      staffRange: '5-9',
      volunteerRange: '30-99',
    });
    const read = await jsonOf<OrganizationInFull>(
      await h.request(`/v1/organizations/${org.id}`, { as: owner }),
    );
    expect(read.phone).toBe('048-123-4567');
  });

  it('refuses an organisation without 活動分野, saying so in Japanese, and stores nothing', async () => {
    const owner = await h.signIn(uniqueEmail('profile-nofields'));
    const { activityFields: _none, ...rest } = (await import('#test/builders')).organizationInput();
    const res = await h.request('/v1/organizations', { method: 'POST', as: owner, json: rest });
    const problem = await expectProblem(res, 400);
    expect(problem.errors).toEqual([{ path: 'activityFields', message: '活動分野を1つ以上選んでください' }]);
    const me = await jsonOf<{ organizations: unknown[] }>(await h.request('/v1/me', { as: owner }));
    expect(me.organizations).toEqual([]);
  });

  it('refuses a phone number that cannot be Japanese, by its field', async () => {
    const owner = await h.signIn(uniqueEmail('profile-phone'));
    const org = await h.organization(owner);
    const problem = await expectProblem(
      await patch(owner, org.id, { version: 1, phone: '090-1234-567' }),
      400,
    );
    expect(problem.errors?.[0]).toMatchObject({
      path: 'phone',
      message: expect.stringMatching(/^電話番号の形式/),
    });
    const cleared = await jsonOf<Organization>(
      await patch(owner, org.id, { version: 1, phone: '09012345678', staffRange: '1-4' }),
    );
    expect(cleared.phone).toBe('090-1234-5678');
    const again = await jsonOf<Organization>(await patch(owner, org.id, { version: 2, phone: null }));
    expect(again).not.toHaveProperty('phone');
    expect(again.staffRange).toBe('1-4');
  });

  it('shows the phone and the representative only to those who see the organisation in full', async () => {
    const owner = await h.signIn(uniqueEmail('profile-listed'));
    const org = await h.organization(owner, { ...profile, directoryListed: true });
    const outsider = await h.signIn(uniqueEmail('profile-outsider'));
    const body = await (await h.request(`/v1/organizations/${org.id}`, { as: outsider })).text();
    expect(JSON.parse(body)).toMatchObject({ activityFields: ['elderly', 'poverty'] });
    expect(body).not.toContain('048-123-4567');
    expect(body).not.toContain('川口 太郎');
    const page = await (await getPage(h, `/organizations/${org.id}`, outsider)).text();
    expect(page).toContain('高齢者支援');
    expect(page).not.toContain('048-123-4567');
  });

  it('asks an organisation registered before 活動分野 to add them at its next edit, and its page says so', async () => {
    const owner = await h.signIn(uniqueEmail('profile-legacy'));
    const created = await h.organization(owner);
    const { activityFields: _gone, ...legacy } = (await h.ctx.store.organizations.require(
      created.id,
    )) as Organization;
    await h.ctx.store.organizations.update(legacy as Organization, 1);

    // Still readable as it is.
    const read = await jsonOf<Organization>(
      await h.request(`/v1/organizations/${created.id}`, { as: owner }),
    );
    expect(read).not.toHaveProperty('activityFields');
    const page = await (await getPage(h, `/organizations/${created.id}`, owner)).text();
    expect(page).toContain('「活動分野」が登録されていません');

    const refused = await expectProblem(
      await patch(owner, created.id, { version: 2, name: '新しい名前' }),
      400,
    );
    expect(refused.errors).toEqual([{ path: 'activityFields', message: '活動分野を1つ以上選んでください' }]);
    const form = await postForm(h, `/organizations/${created.id}/edit`, owner, {
      version: '2',
      name: '新しい名前',
      legalForm: 'npo_corporation',
      'location.prefecture': '11',
      'contact.name': '川口 花子',
      'contact.email': created.contact.email,
    });
    expect(form.status).toBe(400);
    expect(await form.text()).toContain('活動分野を1つ以上選んでください');

    const saved = await postForm(h, `/organizations/${created.id}/edit`, owner, {
      version: '2',
      name: '新しい名前',
      legalForm: 'npo_corporation',
      'location.prefecture': '11',
      'contact.name': '川口 花子',
      'contact.email': created.contact.email,
      activityFields: ['elderly', 'dementia'],
      activities: 'visiting',
      'activityArea.prefectures': '11',
      phone: '048 123 4567',
      representative: '代表 花子',
      staffRange: '1-4',
      volunteerRange: '0',
    });
    expect(saved.status).toBe(303);
    const now = await h.ctx.store.organizations.require(created.id);
    expect(now).toMatchObject({
      name: '新しい名前',
      activityFields: ['elderly', 'dementia'],
      activities: ['visiting'],
      activityArea: { nationwide: false, prefectures: ['11'], municipalities: [] },
      phone: '048-123-4567',
      representative: '代表 花子',
      staffRange: '1-4',
      volunteerRange: '0',
    });
    const after = await (await getPage(h, `/organizations/${created.id}`, owner)).text();
    expect(after).not.toContain('「活動分野」が登録されていません');
    expect(after).not.toContain('未入力の項目');

    // A cleared phone on the form is cleared.
    const cleared = await postForm(h, `/organizations/${created.id}/edit`, owner, {
      version: '3',
      name: '新しい名前',
      legalForm: 'npo_corporation',
      'location.prefecture': '11',
      'contact.name': '川口 花子',
      'contact.email': created.contact.email,
      activityFields: ['elderly'],
      phone: '',
    });
    expect(cleared.status).toBe(303);
    expect(await h.ctx.store.organizations.require(created.id)).not.toHaveProperty('phone');
  });

  it('says on the registration form, next to the field, that 活動分野 are required', async () => {
    const owner = await h.signIn(uniqueEmail('profile-form'));
    const res = await postForm(h, '/organizations/new', owner, {
      name: 'ひだまりの会',
      legalForm: 'unincorporated_group',
      'location.prefecture': '11',
      'contact.name': '川口 花子',
      'contact.email': owner.email,
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    const block = html.slice(html.indexOf('id="f-activityFields"'), html.indexOf('id="f-activityFields-0"'));
    expect(block).toContain('活動分野を1つ以上選んでください');
  });
});

describe('the profile in the directory, the statistics and the digest', () => {
  let elderly: Member;
  let children: Member;
  let tokyo: Member;

  beforeAll(async () => {
    const contact = (label: string) => ({ contact: { name: '担当', email: uniqueEmail(label) } });
    elderly = await h.member(platformId, secretariat, 'p-elderly', {
      name: 'NPO法人 見守りの会',
      activityFields: ['dementia'],
      activities: ['visiting'],
      activityArea: { municipalities: ['11203'] },
      directoryListed: true,
      ...contact('p-elderly-contact'),
    });
    children = await h.member(platformId, secretariat, 'p-children', {
      name: 'NPO法人 こども広場',
      activityFields: ['children_youth'],
      activities: ['ibasho', 'learning'],
      directoryListed: true,
      ...contact('p-children-contact'),
    });
    tokyo = await h.member(platformId, secretariat, 'p-tokyo', {
      name: '株式会社 東京の会社',
      legalForm: 'company',
      activityFields: ['children_youth', 'elderly'],
      activities: ['funding'],
      activityArea: { prefectures: ['13'] },
      directoryListed: true,
      ...contact('p-tokyo-contact'),
    });
  });

  const directory = async (query: string) =>
    (await getPage(h, `/platforms/${platformId}/directory${query}`, secretariat)).text();

  it('shows the profile in the directory and filters by field, area and activity', async () => {
    const all = await directory('');
    for (const name of ['NPO法人 見守りの会', 'NPO法人 こども広場', '株式会社 東京の会社'])
      expect(all).toContain(name);
    expect(all).toContain('認知症');

    // 高齢者支援 takes in 認知症 (a narrower field).
    const byField = await directory('?field=elderly');
    expect(byField).toContain('NPO法人 見守りの会');
    expect(byField).toContain('株式会社 東京の会社');
    expect(byField).not.toContain('NPO法人 こども広場');

    // In 埼玉県: one by its area (川口市), one by where it is based; not the Tokyo one.
    const byArea = await directory('?prefecture=11');
    expect(byArea).toContain('NPO法人 見守りの会');
    expect(byArea).toContain('NPO法人 こども広場');
    expect(byArea).not.toContain('株式会社 東京の会社');

    const byActivity = await directory('?activity=ibasho&prefecture=11');
    expect(byActivity).toContain('NPO法人 こども広場');
    expect(byActivity).not.toContain('NPO法人 見守りの会');
    expect(byActivity).toContain('条件に合う団体：1団体');

    // Unknown values are no filter, never an error.
    expect(
      (await getPage(h, `/platforms/${platformId}/directory?field=%00&prefecture=99`, secretariat)).status,
    ).toBe(200);
  });

  it('counts the members by field, activity and area on the statistics page', async () => {
    const html = await (await getPage(h, `/platforms/${platformId}/admin/stats`, secretariat)).text();
    const table = (id: string) =>
      html.slice(html.indexOf(`id="${id}"`), html.indexOf('</table>', html.indexOf(`id="${id}"`)));
    const row = (id: string, label: string) =>
      table(id).match(new RegExp(`<th scope="row">${label}</th>\\s*<td class="num">(\\d+)</td>`))?.[1];
    expect(row('members-by-field', '子ども・若者支援')).toBe('2');
    expect(row('members-by-field', '認知症')).toBe('1');
    expect(row('members-by-activity', '資金の提供')).toBe('1');
    expect(row('members-by-area', '東京都')).toBe('1');
    expect(row('members-by-area', '埼玉県')).toBe('2');
  });

  it("puts the week's postings in the reader's fields and area first in the digest, and marks them", async () => {
    // Newest last: without the profile the digest would list the children's need first.
    const elderlyNeed = await h.postNeed(tokyo.session, platformId, tokyo.org.id, {
      title: '認知症カフェの会場を探しています',
      fields: ['dementia'],
      location: { prefecture: '11', municipality: '11203' },
    });
    const childrenNeed = await h.postNeed(tokyo.session, platformId, tokyo.org.id, {
      title: '学習支援のボランティアを探しています',
      kind: 'volunteers',
      fields: ['children_youth'],
      location: { prefecture: '11', municipality: '11201' },
      capacity: { people: 3 },
    });
    await planDigest(h.ctx, platformId);
    await h.drain();
    const [mail] = (await h.mails(elderly.session.email)).filter((m) => m.subject.includes('今週のお知らせ'));
    expect(mail).toBeDefined();
    const text = mail!.body.text ?? '';
    expect(text.indexOf(elderlyNeed.title)).toBeGreaterThan(-1);
    expect(text.indexOf(elderlyNeed.title)).toBeLessThan(text.indexOf(childrenNeed.title));
    expect(text).toContain('【貴団体の活動分野・活動地域】');
    // The children's group reads the other order: its own field first.
    const [theirs] = (await h.mails(children.session.email)).filter((m) =>
      m.subject.includes('今週のお知らせ'),
    );
    const other = theirs!.body.text ?? '';
    expect(other.indexOf(childrenNeed.title)).toBeLessThan(other.indexOf(elderlyNeed.title));
  });
});
