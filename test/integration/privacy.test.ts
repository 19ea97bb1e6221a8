import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  DELETED_ORGANIZATION_NAME,
  type Match,
  type Need,
  type Offer,
  type Person,
  PRIVACY_VERSION,
  TERMS_VERSION,
} from '#domain';
import {
  CURRENT_CONSENT,
  createHarness,
  errorPaths,
  expectProblem,
  type Harness,
  invitationTokenFrom,
  jsonOf,
  type Session,
  TEST_APP_URL,
  uniqueEmail,
} from '#test/harness';
import { getPage, postForm } from '#test/pages';

// Terms of use, privacy notice and a person's own data (issue 17, item 4; docs/privacy.md):
// the documents are public pages linked from every page and mail, signing up and joining by
// invitation record consent, a new version asks again, a person downloads their data and
// deletes their account, an owner deletes an organisation while the statistics stay the same.

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});

const person = async (id: string) => (await h.ctx.store.people.get(id)) as Person;
const CONSENT_FORM = { consent: 'on', consentTerms: TERMS_VERSION, consentPrivacy: PRIVACY_VERSION };

describe('the documents', () => {
  it('/terms and /privacy are public pages with their version, linked from the footer of every page', async () => {
    for (const [path, heading] of [
      ['/terms', '利用規約'],
      ['/privacy', 'プライバシーポリシー'],
    ] as const) {
      const res = await getPage(h, path);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain(`<h1>${heading}</h1>`);
      expect(html).toContain(path === '/terms' ? TERMS_VERSION : PRIVACY_VERSION);
    }
    const privacy = await (await getPage(h, '/privacy')).text();
    // What the notice says is collected and how to ask about it (APPI).
    for (const said of ['フリガナ', 'IPアドレス', '開示', '利用停止', '30日', '90日'])
      expect(privacy).toContain(said);
    // The operator is not configured in tests: the page says so rather than inventing one.
    expect(privacy).toContain('OPERATOR_NAME');
    const home = await (await getPage(h, '/')).text();
    expect(home).toMatch(/<footer class="site">[\s\S]*href="\/terms"[\s\S]*href="\/privacy"/);
  });

  it('names the operator configured for the deployment', async () => {
    const configured = await createHarness({
      OPERATOR_NAME: '一般社団法人 つなぐ運営協議会',
      OPERATOR_EMAIL: 'privacy@tsunagu.example.jp',
    });
    const html = await (await getPage(configured, '/privacy')).text();
    expect(html).toContain('一般社団法人 つなぐ運営協議会');
    expect(html).toContain('privacy@tsunagu.example.jp');
    expect(html).not.toContain('OPERATOR_NAME');
  });

  it('every mail links to both in its footer (sign-in and invitation mails read from SES local)', async () => {
    const email = uniqueEmail('mail-footer');
    const owner = await h.signIn(email);
    const [signInMail] = await h.mails(email);
    const org = await h.organization(owner);
    const invitee = uniqueEmail('mail-footer-invitee');
    await h.invite(owner, org.id, invitee, 'viewer');
    const [invitationMail] = await h.mails(invitee);
    for (const mail of [signInMail!, invitationMail!]) {
      for (const path of ['/terms', '/privacy']) {
        expect(mail.body.html).toContain(`href="${TEST_APP_URL}${path}"`);
        expect(mail.body.text).toContain(`${TEST_APP_URL}${path}`);
      }
    }
  });
});

describe('consent', () => {
  it('is required and recorded (versions, time) when a new person gives their name', async () => {
    const me = await h.signIn(uniqueEmail('first'), { consent: false });
    // The API refuses the first name without it.
    const refused = await h.request('/v1/me', { method: 'PATCH', as: me, json: { name: '初回 太郎' } });
    expect(errorPaths(await expectProblem(refused, 400, 'validation'))).toEqual(['consent']);
    // Pages send a person without consent to the name form, which has the box.
    const gated = await getPage(h, '/matches', me);
    expect(gated.status).toBe(303);
    expect(gated.headers.get('location')).toBe('/profile?next=%2Fmatches');
    const form = await (await getPage(h, '/profile?next=%2Fmatches', me)).text();
    expect(form).toContain('name="consent"');
    const unticked = await postForm(h, '/profile', me, { name: '初回 太郎', next: '/matches' });
    expect(unticked.status).toBe(400);
    expect(await unticked.text()).toContain('利用規約とプライバシーポリシーへの同意が必要です');
    expect((await person(me.personId)).consent).toBeUndefined();
    const agreed = await postForm(h, '/profile', me, {
      name: '初回 太郎',
      next: '/matches',
      ...CONSENT_FORM,
    });
    expect(agreed.status).toBe(303);
    expect(agreed.headers.get('location')).toBe('/matches');
    const stored = await person(me.personId);
    expect(stored.name).toBe('初回 太郎');
    expect(stored.consent).toEqual({
      terms: TERMS_VERSION,
      privacy: PRIVACY_VERSION,
      at: expect.any(String),
    });
    expect(Date.now() - Date.parse(stored.consent!.at)).toBeLessThan(60_000);
    expect((await getPage(h, '/matches', me)).status).toBe(200);
  });

  it('refuses an older version than the one in force', async () => {
    const me = await h.signIn(uniqueEmail('old-version'), { consent: false });
    const res = await h.request('/v1/me', {
      method: 'PATCH',
      as: me,
      json: { name: '旧版 花子', consent: { terms: '2000-01-01', privacy: PRIVACY_VERSION } },
    });
    expect(errorPaths(await expectProblem(res, 400, 'validation'))).toEqual(['consent.terms']);
  });

  it('is required to join by invitation as a new person, and recorded', async () => {
    const owner = await h.signIn(uniqueEmail('inviter'));
    const org = await h.organization(owner);
    const email = uniqueEmail('invited');
    const { token } = await h.invite(owner, org.id, email, 'editor');
    const refused = await h.request('/v1/invitations/accept', { method: 'POST', json: { token } });
    expect(errorPaths(await expectProblem(refused, 400, 'validation'))).toEqual(['consent']);
    // Nothing happened: the link still works, and with consent it makes the person.
    const accepted = await jsonOf<{ person: Person }>(
      await h.request('/v1/invitations/accept', {
        method: 'POST',
        json: { token, consent: CURRENT_CONSENT },
      }),
      201,
    );
    expect((await person(accepted.person.id)).consent).toMatchObject(CURRENT_CONSENT);
  });

  it('is asked for on the invitation page too', async () => {
    const owner = await h.signIn(uniqueEmail('page-inviter'));
    const org = await h.organization(owner);
    const email = uniqueEmail('page-invited');
    await h.invite(owner, org.id, email, 'viewer');
    const token = invitationTokenFrom((await h.mails(email)).at(-1)!);
    const page = await (await getPage(h, `/invitations/accept?token=${token}`)).text();
    expect(page).toContain('name="consent"');
    const csrf = { cookie: `tsunagu_csrf=${'c'.repeat(43)}` };
    const post = (fields: Record<string, string>) =>
      h.request('/invitations/accept', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...csrf },
        body: new URLSearchParams({ _csrf: 'c'.repeat(43), token, ...fields }).toString(),
      });
    const unticked = await post({});
    expect(unticked.status).toBe(400);
    expect(await unticked.text()).toContain('利用規約とプライバシーポリシーへの同意が必要です');
    expect(await h.ctx.store.people.getByEmail(email)).toBeUndefined();
    const ticked = await post(CONSENT_FORM);
    expect(ticked.status).toBe(303);
    expect((await h.ctx.store.people.getByEmail(email))?.consent).toMatchObject(CURRENT_CONSENT);
  });

  it('is asked for again when the version changes: the pages show what changed, then go on', async () => {
    const me = await h.signIn(uniqueEmail('returning'));
    await h.request('/v1/me', { method: 'PATCH', as: me, json: { name: '再同意 次郎' } });
    // As if they had agreed to an earlier version.
    const before = await person(me.personId);
    await h.ctx.store.people.update({
      ...before,
      consent: { terms: '2026-01-01', privacy: '2026-01-01', at: '2026-01-01T00:00:00.000Z' },
    });
    const me1 = await jsonOf<{ consentCurrent: boolean }>(await h.request('/v1/me', { as: me }));
    expect(me1.consentCurrent).toBe(false);
    const gated = await getPage(h, '/matches', me);
    expect(gated.status).toBe(303);
    expect(gated.headers.get('location')).toBe('/consent?next=%2Fmatches');
    const page = await (await getPage(h, '/consent?next=%2Fmatches', me)).text();
    expect(page).toContain('利用規約とプライバシーポリシーを定めました。');
    expect(page).toContain('name="consent"');
    // Their account page stays open to them (download, delete) without agreeing.
    expect((await getPage(h, '/account', me)).status).toBe(200);
    expect((await postForm(h, '/consent', me, { next: '/matches' })).status).toBe(400);
    const agreed = await postForm(h, '/consent', me, { next: '/matches', ...CONSENT_FORM });
    expect(agreed.status).toBe(303);
    expect(agreed.headers.get('location')).toBe('/matches');
    expect((await person(me.personId)).consent).toMatchObject(CURRENT_CONSENT);
    expect((await getPage(h, '/matches', me)).status).toBe(200);
  });

  it('GET /v1/legal names the versions in force', async () => {
    const legal = await jsonOf<{ terms: { version: string; url: string }; privacy: { version: string } }>(
      await h.request('/v1/legal'),
    );
    expect(legal.terms).toEqual({ version: TERMS_VERSION, url: `${TEST_APP_URL}/terms` });
    expect(legal.privacy.version).toBe(PRIVACY_VERSION);
  });
});

describe('a person’s own data', () => {
  it('the export holds the person’s data and nothing of the others', async () => {
    const owner = await h.signIn(uniqueEmail('export-owner'));
    await h.request('/v1/me', {
      method: 'PATCH',
      as: owner,
      json: { name: '書出 一郎', nameKana: 'カキダシ イチロウ' },
    });
    const org = await h.organization(owner, { name: 'データ書き出しの会' });
    const colleague = uniqueEmail('export-colleague');
    await h.addPerson(owner, org.id, colleague, 'viewer');
    const res = await h.request('/v1/me/export', { as: owner });
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="tsunagu-my-data.json"/);
    const text = await res.text();
    const data = JSON.parse(text) as {
      person: Person;
      organizations: { organizationId: string; organizationName: string; role: string }[];
      sessions: unknown[];
      preferences: unknown;
    };
    expect(data.person).toMatchObject({ id: owner.personId, email: owner.email, name: '書出 一郎' });
    expect(data.person.nameKana).toMatch(/^カキダシ.イチロウ$/);
    expect(data.person.consent).toMatchObject(CURRENT_CONSENT);
    expect(data.organizations).toEqual([
      expect.objectContaining({
        organizationId: org.id,
        organizationName: 'データ書き出しの会',
        role: 'owner',
      }),
    ]);
    expect(data.sessions.length).toBeGreaterThan(0);
    expect(data.preferences).toBeDefined();
    expect(text).not.toContain(colleague);
    expect(text).not.toMatch(/tokenHash|csrfToken|"pk"|"sk"/);
    // The account page offers it.
    expect(await (await getPage(h, '/account', owner)).text()).toContain('href="/v1/me/export"');
  });

  it('deleting an account removes the person: the session ends, signing in again makes a new person', async () => {
    const owner = await h.signIn(uniqueEmail('team-owner'));
    const org = await h.organization(owner);
    const email = uniqueEmail('leaving');
    const leaving = await h.addPerson(owner, org.id, email, 'editor');
    const res = await h.request('/v1/me', { method: 'DELETE', as: leaving });
    expect(await jsonOf<{ organizationsDeleted: string[] }>(res)).toEqual({ organizationsDeleted: [] });
    await expectProblem(await h.request('/v1/me', { as: leaving }), 401);
    expect(await h.ctx.store.people.get(leaving.personId)).toBeUndefined();
    expect(await h.ctx.store.people.getByEmail(email)).toBeUndefined();
    const people = await h.ctx.store.people.allOf(org.id);
    expect(people.map((p) => p.email)).not.toContain(email);
    const again = await h.signIn(email);
    expect(again.personId).not.toBe(leaving.personId);
    const me = await jsonOf<{ organizations: unknown[] }>(await h.request('/v1/me', { as: again }));
    expect(me.organizations).toEqual([]);
  });

  it('refuses the last owner of an organisation with other people (409 last-owner), the page says what to do', async () => {
    const owner = await h.signIn(uniqueEmail('last-owner'));
    const org = await h.organization(owner, { name: '最後の管理者の会' });
    await h.addPerson(owner, org.id, uniqueEmail('stays'), 'viewer');
    const problem = await expectProblem(
      await h.request('/v1/me', { method: 'DELETE', as: owner }),
      409,
      'last-owner',
    );
    expect(problem.detail).toContain('最後の管理者の会');
    expect(problem.detail).toContain('別の方を管理者にする');
    expect(await h.ctx.store.people.get(owner.personId)).toBeDefined();
    // The page: the box must be ticked, and then it shows the refusal.
    expect((await postForm(h, '/account/delete', owner, {})).status).toBe(400);
    const page = await postForm(h, '/account/delete', owner, { confirm: 'on' });
    expect(page.status).toBe(409);
    expect(await page.text()).toContain('別の方を管理者にする');
    // With a second owner, the first may go.
    const second = await h.addPerson(owner, org.id, uniqueEmail('second-owner'), 'owner');
    const gone = await postForm(h, '/account/delete', owner, { confirm: 'on' });
    expect(gone.status).toBe(200);
    expect(await gone.text()).toContain('アカウントを削除しました');
    expect(await h.ctx.store.people.get(owner.personId)).toBeUndefined();
    expect((await h.ctx.store.people.allOf(org.id)).map((p) => p.personId)).toContain(second.personId);
  });

  it('refuses the last owner of an organisation with open postings; alone with nothing open, it goes too', async () => {
    const secretariat = uniqueEmail('secretariat-del');
    const platformId = await h.platform({}, [secretariat]);
    const sec = await h.signIn(secretariat);
    const member = await h.member(platformId, sec, 'open-postings');
    const need = await h.postNeed(member.session, platformId, member.org.id);
    await expectProblem(
      await h.request('/v1/me', { method: 'DELETE', as: member.session }),
      409,
      'last-owner',
    );
    await h.request(`/v1/needs/${need.id}/close`, { method: 'POST', as: member.session });
    const res = await h.request('/v1/me', { method: 'DELETE', as: member.session });
    expect(await jsonOf<{ organizationsDeleted: string[] }>(res)).toEqual({
      organizationsDeleted: [member.org.id],
    });
    const org = await h.ctx.store.organizations.get(member.org.id);
    expect(org?.name).toBe(DELETED_ORGANIZATION_NAME);
    expect((await h.ctx.store.memberships.get(platformId, member.org.id))?.status).toBe('withdrawn');
  });
});

describe('deleting an organisation', () => {
  let platformId: string;
  let sec: Session;
  beforeAll(async () => {
    const email = uniqueEmail('secretariat-org');
    platformId = await h.platform({}, [email]);
    sec = await h.signIn(email);
  });

  function matchOf(need: Need, offer: Offer, status: 'proposed' | 'connected', personId: string): Match {
    const now = new Date().toISOString();
    const accepted = { decision: 'accepted' as const, at: now, personId };
    return {
      id: ulid(),
      platformId: need.platformId,
      origin: 'round',
      roundId: 'privacy-test',
      needId: need.id,
      offerId: offer.id,
      needOrganizationId: need.organizationId,
      offerOrganizationId: offer.organizationId,
      kind: need.kind,
      score: 0.8,
      breakdown: { field: 1, region: 1, capacity: 0.5, timing: 0.5, freshness: 0.5 },
      explanation: { ja: '分野と地域が一致しています', en: 'Same field and region' },
      status,
      respondBy: new Date(Date.now() + 14 * 86_400_000).toISOString(),
      responses: status === 'connected' ? { need: accepted, offer: accepted } : {},
      ...(status === 'connected' ? { connectedAt: now } : {}),
      outcomes: {},
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
  }

  /** The numbers of the secretariat's statistics page. */
  async function statistics(): Promise<string[]> {
    const html = await (await getPage(h, `/platforms/${platformId}/admin/stats`, sec)).text();
    // The introductions' figures; the members' section (by field, area) counts the members there
    // are, and a deleted organisation is not one any more.
    const end = html.includes('id="members-heading"')
      ? html.indexOf('id="members-heading"')
      : html.indexOf('</main>');
    const main = html.slice(html.indexOf('<main'), end);
    return [...main.matchAll(/<(?:strong|td class="num")>([^<]*)</g)].map((m) => m[1]!);
  }

  it('closes its postings, withdraws it, removes its people and anonymises its introductions; the statistics stay', async () => {
    const npo = await h.member(platformId, sec, 'deleted-npo', { name: '削除される子ども食堂' });
    const colleague = await h.addPerson(npo.session, npo.org.id, uniqueEmail('deleted-colleague'), 'editor');
    const company = await h.member(platformId, sec, 'partner-company');
    const need = await h.postNeed(npo.session, platformId, npo.org.id);
    const otherNeed = await h.postNeed(npo.session, platformId, npo.org.id, { title: '別のニーズ' });
    const offer = await h.postOffer(company.session, platformId, company.org.id);
    const connected = matchOf(need, offer, 'connected', npo.session.personId);
    const proposed = matchOf(otherNeed, offer, 'proposed', npo.session.personId);
    expect(await h.ctx.store.matches.propose(connected)).toBe('proposed');
    expect(await h.ctx.store.matches.propose(proposed)).toBe('proposed');
    const before = await statistics();
    expect(before.some((n) => n !== '0')).toBe(true);

    // Someone who is not its owner cannot.
    await expectProblem(
      await h.request(`/v1/organizations/${npo.org.id}`, { method: 'DELETE', as: colleague }),
      403,
    );
    // The page asks for the box first.
    expect((await getPage(h, `/organizations/${npo.org.id}/delete`, npo.session)).status).toBe(200);
    expect((await postForm(h, `/organizations/${npo.org.id}/delete`, npo.session, {})).status).toBe(400);
    const done = await postForm(h, `/organizations/${npo.org.id}/delete`, npo.session, { confirm: 'on' });
    expect(done.status).toBe(200);

    const { store } = h.ctx;
    expect((await store.needs.get(need.id))?.status).toBe('closed');
    expect((await store.needs.get(otherNeed.id))?.status).toBe('closed');
    expect((await store.memberships.get(platformId, npo.org.id))?.status).toBe('withdrawn');
    expect(await store.people.allOf(npo.org.id)).toEqual([]);
    const org = await store.organizations.get(npo.org.id);
    expect(org).toMatchObject({
      name: DELETED_ORGANIZATION_NAME,
      directoryListed: false,
      deletedAt: expect.any(String),
    });
    expect(JSON.stringify(org)).not.toContain(npo.org.contact.email);
    expect(JSON.stringify(org)).not.toContain('削除される子ども食堂');
    const kept = await store.matches.get(connected.id);
    expect(kept?.status).toBe('connected');
    expect(kept?.responses.need).toEqual({ decision: 'accepted', at: connected.responses.need!.at });
    expect(kept?.responses.offer?.personId).toBe(npo.session.personId);
    expect(await statistics()).toEqual(before);
    // The partner's introduction page no longer names it.
    const partnerView = await (await getPage(h, `/matches/${connected.id}`, company.session)).text();
    expect(partnerView).not.toContain('削除される子ども食堂');
    expect(partnerView).toContain(DELETED_ORGANIZATION_NAME);
    // Its former people no longer see it.
    const me = await jsonOf<{ organizations: unknown[] }>(await h.request('/v1/me', { as: npo.session }));
    expect(me.organizations).toEqual([]);
  });
});

describe('a platform’s own rules', () => {
  it('its secretariat writes them, everyone reads them on a page linked from the platform’s', async () => {
    const email = uniqueEmail('secretariat-rules');
    const platformId = await h.platform({}, [email]);
    const sec = await h.signIn(email);
    expect((await getPage(h, `/platforms/${platformId}`)).status).toBe(200);
    expect(await (await getPage(h, `/platforms/${platformId}`)).text()).toContain(
      `href="/platforms/${platformId}/rules"`,
    );
    await expectProblem(await h.request(`/v1/platforms/${platformId}/rules`), 404);
    const member = await h.signIn(uniqueEmail('not-secretariat'));
    await expectProblem(
      await h.request(`/v1/platforms/${platformId}/rules`, {
        method: 'PUT',
        as: member,
        json: { text: 'x' },
      }),
      403,
    );
    const saved = await postForm(h, `/platforms/${platformId}/rules`, sec, {
      text: '第1条 会員は互いの活動を尊重します。\n\n第2条 会員名簿は会員の活動のためにのみ使います。',
    });
    expect(saved.status).toBe(303);
    const page = await (await getPage(h, `/platforms/${platformId}/rules`)).text();
    expect(page).toContain('第1条 会員は互いの活動を尊重します。');
    expect(page).not.toContain('name="text"');
    const api = await jsonOf<{ text: string; version: string }>(
      await h.request(`/v1/platforms/${platformId}/rules`),
    );
    expect(api.text).toContain('第2条');
    expect(api.version).toMatch(/^\d{4}-\d\d-\d\dT/);
  });
});
