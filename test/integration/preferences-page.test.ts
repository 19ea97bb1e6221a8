import { beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, jsonOf, type Member, type Session, uniqueEmail } from '#test/harness';

// The preferences page every mail links to: a form for signed-in people, protected against
// cross-site posts by the session's CSRF token.

let h: Harness;
let platformId: string;
let member: Member;

const form = (fields: [string, string][]) => new URLSearchParams(fields).toString();
const formHeaders = (s: Session) => ({
  cookie: s.cookie,
  'content-type': 'application/x-www-form-urlencoded',
});

beforeAll(async () => {
  h = await createHarness();
  const secretariatEmail = uniqueEmail('secretariat');
  platformId = await h.platform({}, [secretariatEmail]);
  member = await h.member(platformId, await h.signIn(secretariatEmail), 'prefs');
});

describe('the preferences page', () => {
  it('asks a signed-out visitor to sign in', async () => {
    const res = await h.request('/preferences');
    expect(res.status).toBe(401);
    expect(await res.text()).toContain('サインインしてください');
  });

  it('shows the platforms the person is a member of, with the digest on by default', async () => {
    const res = await h.request('/preferences', { headers: { cookie: member.session.cookie } });
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toMatch(new RegExp(`name="digest" value="${platformId}" checked`));
    expect(html).toContain(`name="_csrf" value="${member.session.csrfToken}"`);
  });

  it('saves the form: digest off, English, two fields', async () => {
    const res = await h.request('/preferences', {
      method: 'POST',
      headers: formHeaders(member.session),
      body: form([
        ['_csrf', member.session.csrfToken],
        ['language', 'en'],
        ['fields', 'elderly'],
        ['fields', 'children_youth'],
      ]),
    });
    expect(res.status).toBe(303);
    const prefs = await jsonOf<{ language: string; digest: Record<string, string>; fields: string[] }>(
      await h.request('/v1/me/preferences', { as: member.session }),
    );
    expect(prefs).toMatchObject({ language: 'en', digest: { [platformId]: 'off' } });
    expect(prefs.fields.sort()).toEqual(['children_youth', 'elderly']);
  });

  it('narrows the digest to regions picked from prefecture and municipality lists', async () => {
    // The platform's prefecture (埼玉県) is listed from the start, as checkboxes.
    const first = await (
      await h.request('/preferences', { headers: { cookie: member.session.cookie } })
    ).text();
    expect(first).toMatch(
      /<input id="f-regions-municipalities-11203" type="checkbox" name="regions.municipalities" value="11203"\/> 川口市/,
    );
    expect(first).not.toContain('value="13101"');
    // Another prefecture's list, without JavaScript: the chooser and 「市区町村を表示」.
    const refreshed = await h.request('/preferences', {
      method: 'POST',
      headers: formHeaders(member.session),
      body: form([
        ['_csrf', member.session.csrfToken],
        ['_pref-f-regions-municipalities', '13'],
        ['_refresh', '1'],
      ]),
    });
    expect(refreshed.status).toBe(200);
    const listed = await refreshed.text();
    expect(listed).toMatch(/name="regions.municipalities" value="13101"\/> 千代田区/);
    expect(listed).toMatch(/name="regions.municipalities" value="11203"\/> 川口市/);

    const res = await h.request('/preferences', {
      method: 'POST',
      headers: formHeaders(member.session),
      body: form([
        ['_csrf', member.session.csrfToken],
        ['language', 'ja'],
        ['regions.prefectures', '13'],
        ['regions.municipalities', '11203'],
      ]),
    });
    expect(res.status).toBe(303);
    const prefs = await jsonOf<{ regions: { prefectures: string[]; municipalities: string[] } }>(
      await h.request('/v1/me/preferences', { as: member.session }),
    );
    expect(prefs.regions).toEqual({ prefectures: ['13'], municipalities: ['11203'] });
    const page = await (
      await h.request('/preferences', { headers: { cookie: member.session.cookie } })
    ).text();
    expect(page).toMatch(/name="regions.municipalities" value="11203" checked=""\/> 川口市/);
  });

  it('refuses a post without the CSRF token and changes nothing', async () => {
    const before = await jsonOf(await h.request('/v1/me/preferences', { as: member.session }));
    const res = await h.request('/preferences', {
      method: 'POST',
      headers: formHeaders(member.session),
      body: form([['language', 'ja']]),
    });
    expect(res.status).toBe(403);
    expect(await jsonOf(await h.request('/v1/me/preferences', { as: member.session }))).toEqual(before);
  });
});
