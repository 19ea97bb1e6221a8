import { beforeAll, describe, expect, it } from 'vitest';
import type { Membership, Organization } from '#domain';
import {
  CONSENT_FIELDS,
  createHarness,
  type Harness,
  jsonOf,
  type Session,
  uniqueEmail,
} from '#test/harness';

// The organisation and platform pages, through the real app: forms post with the session
// cookie and its CSRF token, every change goes through the JSON API, and a failed form comes
// back with what was typed and the message next to the field.

let h: Harness;
let secretariat: Session;
let owner: Session;
let platformId: string;

const get = (path: string, as?: Session) => h.request(path, as ? { headers: { cookie: as.cookie } } : {});

function post(path: string, as: Session, fields: Record<string, string> | [string, string][], csrf = true) {
  const body = new URLSearchParams(fields);
  if (csrf) body.set('_csrf', as.csrfToken);
  return h.request(path, {
    method: 'POST',
    headers: { cookie: as.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: body.toString(),
  });
}

/** A complete registration form, as a person would fill it in. */
const orgForm = (overrides: Record<string, string> = {}): Record<string, string> => ({
  name: 'NPO法人 ひだまり食堂',
  legalForm: 'npo_corporation',
  'location.prefecture': '11',
  'location.municipality': '11203',
  'contact.name': '川口 花子',
  'contact.email': 'hanako@hidamari.example.jp',
  activityFields: 'children_youth',
  ...overrides,
});

/** The text in the text area named `name` in a page. */
const textareaValue = (html: string, name: string) =>
  html.match(new RegExp(`<textarea[^>]*name="${name}"[^>]*>([^<]*)</textarea>`))?.[1];

/** The value of the text input named `name` in a page. */
const inputValue = (html: string, name: string) =>
  html.match(new RegExp(`<input[^>]*name="${name.replace('.', '\\.')}"[^>]*value="([^"]*)"`))?.[1];

/** The message shown between a field's label and its input (undefined when there is none). */
const errorAfterLabel = (html: string, id: string) =>
  html.match(
    new RegExp(
      `<label for="${id}">(?:(?!</label>).)*</label>\\s*(?:<p class="hint"[^>]*>(?:(?!</p>).)*</p>\\s*)?<p class="field-error"[^>]*>([^<]*)</p>\\s*<(?:input|select|textarea)[^>]*id="${id}"`,
      's',
    ),
  )?.[1];

/** The organisations of the person with this address, or undefined when no such person exists. */
async function myOrgsOf(email: string) {
  const person = await h.ctx.store.people.getByEmail(email);
  if (!person) return undefined;
  return [...((await h.ctx.store.people.actor(person.id))?.orgRoles.keys() ?? [])];
}

const pendingOf = async (orgId: string) =>
  (
    await jsonOf<{ items: { id: string; email: string }[] }>(
      await h.request(`/v1/organizations/${orgId}/invitations`, { as: owner }),
    )
  ).items;

const myOrgs = async (as: Session) =>
  (
    await jsonOf<{ organizations: { organizationId: string; role: string }[] }>(
      await h.request('/v1/me', { as }),
    )
  ).organizations;

beforeAll(async () => {
  h = await createHarness();
  const secretariatEmail = uniqueEmail('jimukyoku');
  platformId = await h.platform({ nameEn: 'Test Prefecture Platform' }, [secretariatEmail]);
  [secretariat, owner] = await Promise.all([h.signIn(secretariatEmail), h.signIn(uniqueEmail('owner'))]);
});

describe('registering an organisation', () => {
  it('asks a signed-out visitor to sign in first', async () => {
    const res = await get('/organizations/new');
    expect(res.status).toBe(401);
    expect(await res.text()).toContain('サインインしてください');
  });

  it('registers the organisation from the form and shows its new page', async () => {
    const res = await post('/organizations/new', owner, orgForm({ directoryListed: 'on' }));

    expect(res.status).toBe(303);
    const location = res.headers.get('location') ?? '';
    const id = location.match(/^\/organizations\/([0-9A-Z]{26})\?created=1$/)?.[1];
    expect(id, location).toBeDefined();
    const org = await jsonOf<Organization>(await h.request(`/v1/organizations/${id}`, { as: owner }));
    expect(org).toMatchObject({ name: 'NPO法人 ひだまり食堂', directoryListed: true });
    const html = await (await get(location, owner)).text();
    expect(html).toContain('団体を登録しました');
    expect(html).toContain('hanako@hidamari.example.jp');
  });

  it('keeps what was typed and shows the Japanese message next to the wrong field', async () => {
    const before = (await myOrgs(owner)).length;

    const res = await post(
      '/organizations/new',
      owner,
      orgForm({ name: '森の図書室', 'contact.email': 'not-an-email' }),
    );

    expect(res.status).toBe(400);
    const html = await res.text();
    expect(errorAfterLabel(html, 'f-contact-email')).toBe('メールアドレスの形式が正しくありません');
    expect(inputValue(html, 'contact.email')).toBe('not-an-email');
    expect(inputValue(html, 'name')).toBe('森の図書室');
    expect(html).toMatch(/<option value="11203" selected="">川口市<\/option>/);
    expect((await myOrgs(owner)).length).toBe(before);
  });

  it('completes a website typed without https:// and links to it, and lets the browser send it', async () => {
    const form = await (await get('/organizations/new', owner)).text();
    // type="url" would make the browser refuse `www.example.org` before it is ever sent.
    expect(form).toMatch(/<input[^>]*name="website"[^>]*type="text"/);

    const res = await post('/organizations/new', owner, orgForm({ website: 'www.hidamari.example.jp' }));

    expect(res.status).toBe(303);
    const location = res.headers.get('location') ?? '';
    const id = location.match(/^\/organizations\/([0-9A-Z]{26})/)?.[1];
    const org = await jsonOf<Organization>(await h.request(`/v1/organizations/${id}`, { as: owner }));
    expect(org.website).toBe('https://www.hidamari.example.jp');
    expect(await (await get(location, owner)).text()).toContain('href="https://www.hidamari.example.jp"');
  });

  it('keeps a website that is no address with a message next to it, and registers nothing', async () => {
    const before = (await myOrgs(owner)).length;

    const res = await post('/organizations/new', owner, orgForm({ website: 'ひだまり食堂のホームページ' }));

    expect(res.status).toBe(400);
    const html = await res.text();
    expect(errorAfterLabel(html, 'f-website')).toBe(
      'URLの形式が正しくありません（例: example.org または https://example.org）',
    );
    expect(inputValue(html, 'website')).toBe('ひだまり食堂のホームページ');
    expect((await myOrgs(owner)).length).toBe(before);
  });

  it('names every missing required field by its place in the form', async () => {
    const res = await post('/organizations/new', owner, { name: '名前だけの会' });

    expect(res.status).toBe(400);
    const html = await res.text();
    for (const id of ['f-location-prefecture', 'f-contact-name', 'f-contact-email']) {
      expect(errorAfterLabel(html, id), id).toBe('入力してください（必須項目です）');
    }
    expect(errorAfterLabel(html, 'f-legalForm')).toBeTruthy();
    expect(inputValue(html, 'name')).toBe('名前だけの会');
  });

  it('updates the municipality list for the chosen prefecture without saving (no JavaScript)', async () => {
    const before = (await myOrgs(owner)).length;

    const res = await post('/organizations/new', owner, {
      name: '東京の会',
      'location.prefecture': '13',
      _refresh: '1',
    });

    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('>千代田区</option>');
    expect(html).not.toContain('>川口市</option>');
    expect(inputValue(html, 'name')).toBe('東京の会');
    expect((await myOrgs(owner)).length).toBe(before);
  });
});

describe('the profile and its edit form', () => {
  it('shows the contact person to its people but not to other signed-in members', async () => {
    const org = await h.organization(owner, {
      contact: { name: '担当 一郎', email: 'ichiro@owner.example.jp' },
      directoryListed: true,
    });
    const unlisted = await h.organization(owner);
    const outsider = await h.signIn(uniqueEmail('outsider'));

    const mine = await (await get(`/organizations/${org.id}`, owner)).text();
    const theirs = await get(`/organizations/${org.id}`, outsider);

    // An organisation outside the directory is not theirs to see at all.
    expect((await get(`/organizations/${unlisted.id}`, outsider)).status).toBe(404);

    expect(mine).toContain('ichiro@owner.example.jp');
    expect(mine).toContain(`href="/organizations/${org.id}/edit"`);
    expect(theirs.status).toBe(200);
    const html = await theirs.text();
    expect(html).toContain(org.name);
    expect(html).not.toContain('ichiro@owner.example.jp');
    expect(html).not.toContain('担当 一郎');
    expect(html).not.toContain('/edit"');
  });

  it('saves an edit and says so', async () => {
    const org = await h.organization(owner);
    const form = await (await get(`/organizations/${org.id}/edit`, owner)).text();
    expect(inputValue(form, 'name')).toBe(org.name);

    const res = await post(`/organizations/${org.id}/edit`, owner, {
      ...orgForm({ name: '新しい名前の会' }),
      version: '1',
    });

    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/organizations/${org.id}?saved=1`);
    const saved = await jsonOf<Organization>(await h.request(`/v1/organizations/${org.id}`, { as: owner }));
    expect(saved).toMatchObject({ name: '新しい名前の会', version: 2 });
    expect(await (await get(res.headers.get('location')!, owner)).text()).toContain('保存しました');
  });

  it('answers an edit from a stale version with 409, keeps the typed values and shows what changed', async () => {
    const org = await h.organization(owner);
    await jsonOf(
      await h.request(`/v1/organizations/${org.id}`, {
        method: 'PATCH',
        as: owner,
        json: { version: 1, name: '他の人が付けた名前' },
      }),
    );

    const res = await post(`/organizations/${org.id}/edit`, owner, {
      ...orgForm({ name: '私が付けた名前' }),
      version: '1',
    });

    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toContain('他の方が先に更新しました');
    expect(inputValue(html, 'name')).toBe('私が付けた名前');
    expect(html).toContain('他の人が付けた名前');
    // Saving the form as it came back now goes through, over the other change.
    expect(inputValue(html, 'version')).toBe('2');
    const again = await post(`/organizations/${org.id}/edit`, owner, {
      ...orgForm({ name: '私が付けた名前' }),
      version: '2',
    });
    expect(again.status).toBe(303);
  });

  it('does not show the edit form to someone who only views the organisation', async () => {
    const org = await h.organization(owner);
    const viewer = await h.addPerson(owner, org.id, uniqueEmail('viewer'), 'viewer');

    const res = await get(`/organizations/${org.id}/edit`, viewer);

    expect(res.status).toBe(404);
    expect(await res.text()).toContain('見つかりません');
  });
});

describe('the people page', () => {
  it('lets an owner invite someone, see the invitation pending and withdraw it', async () => {
    const org = await h.organization(owner);
    const email = uniqueEmail('staff');

    const invited = await post(`/organizations/${org.id}/invitations`, owner, { email, role: 'viewer' });

    expect(invited.status).toBe(303);
    expect(invited.headers.get('location')).toBe(`/organizations/${org.id}/people?invited=1`);
    let html = await (await get(invited.headers.get('location')!, owner)).text();
    expect(html).toContain('招待のメールをお送りしました');
    expect(html).toMatch(new RegExp(`<th scope="row">${email}</th>\\s*<td>閲覧者</td>`));
    expect(await myOrgsOf(email)).toBeUndefined();
    expect(await h.mails(email)).toHaveLength(1);

    const [pending] = await pendingOf(org.id);
    const withdrawn = await post(`/organizations/${org.id}/invitations/${pending!.id}/revoke`, owner, {});
    expect(withdrawn.status).toBe(303);
    html = await (await get(withdrawn.headers.get('location')!, owner)).text();
    expect(html).toContain('招待を取り消しました');
    expect(html).not.toContain(email);
  });

  it('explains each role in the invitation form', async () => {
    const org = await h.organization(owner);

    const html = await (await get(`/organizations/${org.id}/people`, owner)).text();

    expect(html).toContain('メンバーを招待する');
    for (const explained of ['管理者：', '編集者：', '閲覧者：']) expect(html).toContain(explained);
    expect(html).toMatch(/<input id="f-role-1" type="radio" name="role" value="editor" checked=""/);
  });

  it('lets an owner change the role of someone who joined, and remove them', async () => {
    const org = await h.organization(owner);
    const email = uniqueEmail('staff');
    const newcomer = await h.addPerson(owner, org.id, email, 'viewer');

    const changed = await post(`/organizations/${org.id}/people/${newcomer.personId}/role`, owner, {
      role: 'editor',
    });
    expect(changed.status).toBe(303);
    let html = await (await get(changed.headers.get('location')!, owner)).text();
    expect(html).toMatch(new RegExp(`<td>${email}</td>\\s*<td>編集者</td>`));
    expect(await myOrgs(newcomer)).toEqual([{ organizationId: org.id, role: 'editor' }]);

    const removed = await post(`/organizations/${org.id}/people/${newcomer.personId}/remove`, owner, {});
    expect(removed.status).toBe(303);
    html = await (await get(removed.headers.get('location')!, owner)).text();
    expect(html).toContain('メンバーから外しました');
    expect(html).not.toContain(email);
    expect(await myOrgs(newcomer)).toEqual([]);
  });

  it('keeps the last owner and explains why in Japanese', async () => {
    const org = await h.organization(owner);

    for (const res of [
      await post(`/organizations/${org.id}/people/${owner.personId}/remove`, owner, {}),
      await post(`/organizations/${org.id}/people/${owner.personId}/role`, owner, { role: 'viewer' }),
    ]) {
      expect(res.status).toBe(409);
      expect(await res.text()).toContain('団体には管理者が1人以上必要です');
    }
    expect(await myOrgs(owner)).toContainEqual({ organizationId: org.id, role: 'owner' });
  });

  it('keeps a mistyped email in the invitation form with the message next to it', async () => {
    const org = await h.organization(owner);

    const res = await post(`/organizations/${org.id}/invitations`, owner, {
      email: 'tanaka@',
      role: 'editor',
    });

    expect(res.status).toBe(400);
    const html = await res.text();
    expect(errorAfterLabel(html, 'f-email')).toBe('メールアドレスの形式が正しくありません');
    expect(inputValue(html, 'email')).toBe('tanaka@');
    expect(await pendingOf(org.id)).toEqual([]);
  });

  it('shows a viewer the people but no buttons, no invitation form and no pending addresses', async () => {
    const org = await h.organization(owner);
    const viewer = await h.addPerson(owner, org.id, uniqueEmail('reader'), 'viewer');
    const invitee = uniqueEmail('invitee');
    await h.invite(owner, org.id, invitee, 'editor');

    const html = await (await get(`/organizations/${org.id}/people`, viewer)).text();

    expect(html).toContain(owner.email);
    expect(html).not.toContain(`/people/${owner.personId}/`);
    expect(html).not.toContain('メンバーを招待する');
    expect(html).not.toContain(invitee);
  });
});

describe('the invitation link’s page', () => {
  const CSRF = 'c'.repeat(43);
  /** A browser without a session: the page's double-submit cookie, and maybe another cookie. */
  const open = (token: string, cookie = '') =>
    h.request(`/invitations/accept?token=${token}`, {
      headers: { cookie: `tsunagu_csrf=${CSRF}; ${cookie}` },
    });
  const press = (
    token: string,
    fields: Record<string, string> = { _csrf: CSRF },
    cookie = `tsunagu_csrf=${CSRF}`,
  ) =>
    h.request('/invitations/accept', {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token, ...CONSENT_FIELDS, ...fields }).toString(),
    });
  const sessionIn = (res: Response) => res.headers.get('set-cookie')?.match(/tsunagu_session=([^;]+)/)?.[1];

  it('shows who invites to what with which role, and changes nothing when opened', async () => {
    const org = await h.organization(owner, { name: 'NPO法人 招待の会' });
    const email = uniqueEmail('guest');
    const { token } = await h.invite(owner, org.id, email, 'editor');

    const res = await open(token);

    expect(res.status).toBe(200);
    const html = await res.text();
    for (const text of ['NPO法人 招待の会', owner.email, email, '編集者：', '参加する'])
      expect(html).toContain(text);
    expect(html).toContain('action="/invitations/accept"');
    expect(await pendingOf(org.id)).toHaveLength(1);
    expect(await h.ctx.store.people.getByEmail(email)).toBeUndefined();
  });

  it('joins and signs in as the invited address on the button, then shows the organisation', async () => {
    const org = await h.organization(owner);
    const email = uniqueEmail('joining');
    const { token } = await h.invite(owner, org.id, email, 'editor');

    const res = await press(token);

    expect(res.status).toBe(303);
    // A new person gives their name first, then goes on to the organisation (names.test.ts).
    expect(res.headers.get('location')).toBe(
      `/profile?next=${encodeURIComponent(`/organizations/${org.id}?joined=1`)}`,
    );
    const session = sessionIn(res)!;
    const me = await jsonOf<{ person: { email: string }; organizations: unknown[] }>(
      await h.request('/v1/me', { headers: { authorization: `Bearer ${session}` } }),
    );
    expect(me.person.email).toBe(email);
    expect(me.organizations).toEqual([{ organizationId: org.id, role: 'editor' }]);
    const page = await h.request(`/organizations/${org.id}?joined=1`, {
      headers: { cookie: `tsunagu_session=${session}` },
    });
    expect(await page.text()).toContain('この団体のメンバーになりました');
  });

  it('does nothing without the page’s CSRF token (someone else’s form cannot make you join)', async () => {
    const org = await h.organization(owner);
    const email = uniqueEmail('forged');
    const { token } = await h.invite(owner, org.id, email, 'editor');

    const res = await press(token, {}, '');

    expect(res.status).toBe(403);
    expect(sessionIn(res)).toBeUndefined();
    expect(await pendingOf(org.id)).toHaveLength(1);
    expect(await h.ctx.store.people.getByEmail(email)).toBeUndefined();
  });

  it('tells someone signed in as another person, and joining signs them out and in as the invitee', async () => {
    const org = await h.organization(owner);
    const other = await h.signIn(uniqueEmail('someone-else'));
    const email = uniqueEmail('invited');
    const { token } = await h.invite(owner, org.id, email, 'viewer');

    const html = await (await open(token, other.cookie)).text();
    expect(html).toContain(`いま ${other.email} としてサインインしています`);
    expect(html).toContain(`${email} として参加する`);

    const res = await press(token, { _csrf: other.csrfToken }, other.cookie);

    expect(res.status).toBe(303);
    const session = sessionIn(res)!;
    const me = await jsonOf<{ person: { email: string } }>(
      await h.request('/v1/me', { headers: { authorization: `Bearer ${session}` } }),
    );
    expect(me.person.email).toBe(email);
    expect((await h.request('/v1/me', { as: other })).status).toBe(401);
    expect(await myOrgsOf(other.email)).toEqual([]);
  });

  it('says in Japanese when the link no longer works (410)', async () => {
    const org = await h.organization(owner);
    const { token } = await h.invite(owner, org.id, uniqueEmail('twice'), 'viewer');
    expect((await press(token)).status).toBe(303);

    for (const res of [await open(token), await press(token)]) {
      expect(res.status).toBe(410);
      expect(await res.text()).toContain('この招待のリンクは使用済みか');
    }
  });
});

describe('the public platform pages', () => {
  it('lists every platform with its level and region to a signed-out visitor', async () => {
    const res = await get('/platforms');

    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(
      `<a href="/platforms/${platformId}">テスト県 孤独・孤立対策官民連携プラットフォーム</a>`,
    );
    expect(html).toContain('都道府県 ・ 埼玉県');
    expect(html).not.toContain('参加を申し込む');
  });

  it('offers a signed-in owner to apply for the organisation they came from', async () => {
    const org = await h.organization(owner);

    const html = await (await get(`/platforms?organization=${org.id}`, owner)).text();

    expect(html).toContain(`href="/platforms/${platformId}/join?organization=${org.id}"`);
  });

  it("shows a platform's public page with its tiers, and 404 for an unknown one", async () => {
    const res = await get(`/platforms/${platformId}`);
    const html = await res.text();

    expect(res.status).toBe(200);
    expect(html).toContain('協力会員');
    expect(html).toContain(`href="/platforms/${platformId}/directory"`);
    expect(html).toContain(`/auth/sign-in?next=${encodeURIComponent(`/platforms/${platformId}/join`)}`);
    expect((await get('/platforms/no-such-platform')).status).toBe(404);
  });

  it('lists only approved members that opted in, by name, without any person or email', async () => {
    const directoryPlatform = await h.platform({}, [secretariat.email]);
    const contact = (n: string) => ({ name: `担当 ${n}`, email: `private-${n}@example.jp` });
    await h.member(directoryPlatform, secretariat, 'w', {
      name: 'わかば会',
      directoryListed: true,
      description: '高齢の方の見守りをしています。',
      website: 'https://wakaba.example.jp/',
      contact: contact('w'),
    });
    await h.member(directoryPlatform, secretariat, 'a', {
      name: 'あおぞら食堂',
      directoryListed: true,
      contact: contact('a'),
    });
    await h.member(directoryPlatform, secretariat, 'u', { name: '載せない会', contact: contact('u') });
    const pending = await h.organization(owner, {
      name: '承認待ちの会',
      directoryListed: true,
      contact: contact('p'),
    });
    await h.apply(owner, directoryPlatform, pending.id);

    const res = await get(`/platforms/${directoryPlatform}/directory`);

    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html.indexOf('あおぞら食堂')).toBeGreaterThan(0);
    expect(html.indexOf('あおぞら食堂')).toBeLessThan(html.indexOf('わかば会'));
    expect(html).toContain('高齢の方の見守りをしています。');
    expect(html).toContain('埼玉県川口市');
    expect(html).not.toContain('載せない会');
    expect(html).not.toContain('承認待ちの会');
    expect(html).not.toContain('担当');
    expect(html).not.toMatch(/@|mailto:/);
  });
});

describe('applying to join a platform', () => {
  it('creates a pending application from the form and says what happens next', async () => {
    const org = await h.organization(owner, { name: '申し込む会' });
    const form = await (await get(`/platforms/${platformId}/join?organization=${org.id}`, owner)).text();
    expect(form).toContain(`<option value="${org.id}" selected="">申し込む会</option>`);

    const res = await post(`/platforms/${platformId}/join`, owner, {
      organizationId: org.id,
      tier: 'cooperating',
      message: 'よろしくお願いします',
    });

    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/organizations/${org.id}?applied=1`);
    const membership = await jsonOf<Membership>(
      await h.request(`/v1/platforms/${platformId}/memberships/${org.id}`, { as: owner }),
    );
    expect(membership).toMatchObject({
      status: 'pending',
      tier: 'cooperating',
      message: 'よろしくお願いします',
    });
    const html = await (await get(res.headers.get('location')!, owner)).text();
    expect(html).toContain('申し込みました。事務局の承認をお待ちください。');
    expect(html).toContain('<span class="badge pending">承認待ち</span>');
  });

  it('takes a note to the secretariat of 500 characters over several lines, counted as typed', async () => {
    const org = await h.organization(owner, { name: '長いひとことの会' });
    const form = await (await get(`/platforms/${platformId}/join?organization=${org.id}`, owner)).text();
    expect(form).toMatch(/<textarea[^>]*name="message"[^>]*maxlength="500"/);
    expect(form).toContain('<span id="f-message-count">0</span> / 500');
    // A browser sends each line break of a text area as CRLF; it counted each as one character.
    const lines = ['はじめまして。', '地域の子ども食堂を運営しています。', 'よろしくお願いします。'];
    const note = `${lines.join('\r\n')}\r\n${'あ'.repeat(500 - lines.join('\n').length - 1)}`;

    const res = await post(`/platforms/${platformId}/join`, owner, {
      organizationId: org.id,
      tier: 'member',
      message: note,
    });

    expect(res.status, await res.clone().text()).toBe(303);
    const membership = await jsonOf<Membership>(
      await h.request(`/v1/platforms/${platformId}/memberships/${org.id}`, { as: owner }),
    );
    expect(membership.message).toBe(note.replaceAll('\r\n', '\n'));
    expect(membership.message).toHaveLength(500);
  });

  it('keeps a note that is too long in the text area with its count and the message next to it', async () => {
    const org = await h.organization(owner);

    const res = await post(`/platforms/${platformId}/join`, owner, {
      organizationId: org.id,
      tier: 'member',
      message: 'い'.repeat(501),
    });

    expect(res.status).toBe(400);
    const html = await res.text();
    expect(textareaValue(html, 'message')).toBe('い'.repeat(501));
    expect(html).toContain('<span id="f-message-count">501</span> / 500');
    expect(errorAfterLabel(html, 'f-message')).toBe('500文字以内で入力してください');
  });

  it('explains, with the form kept, why an organisation cannot apply twice', async () => {
    const org = await h.organization(owner);
    await h.apply(owner, platformId, org.id);

    const res = await post(`/platforms/${platformId}/join`, owner, {
      organizationId: org.id,
      tier: 'member',
      message: '二度目の申し込み',
    });

    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toContain('承認待ち）からは参加申請できません');
    expect(textareaValue(html, 'message')).toBe('二度目の申し込み');
  });

  it('refuses a form posted without the CSRF token with a page, and applies nothing', async () => {
    const org = await h.organization(owner);

    const res = await post(
      `/platforms/${platformId}/join`,
      owner,
      { organizationId: org.id, tier: 'member' },
      false,
    );

    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toContain('この操作はできません');
    const check = await h.request(`/v1/platforms/${platformId}/memberships/${org.id}`, { as: owner });
    expect(check.status).toBe(404);
  });
});
