import { beforeAll, describe, expect, it } from 'vitest';
import { signLink } from '#mail';
import { createHarness, type Harness, jsonOf, type Member, type Session, uniqueEmail } from '#test/harness';

// One language per page and per mail: a person's stored choice, a visitor's switch (a cookie) or
// Accept-Language; the switch in the header (POST /language) and in the mail footer (a signed link
// to a page with one button).

let h: Harness;
let platformId: string;
let secretariat: Session;
let member: Member;

const formBody = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const FORM = 'application/x-www-form-urlencoded';

/** A visitor's anonymous CSRF cookie and token, as a page hands them out. */
async function visitor(): Promise<{ cookie: string; csrf: string }> {
  const res = await h.request('/');
  const set = res.headers.get('set-cookie') ?? '';
  const csrf = /tsunagu_csrf=([\w-]+)/.exec(set)?.[1];
  expect(csrf).toBeDefined();
  return { cookie: `tsunagu_csrf=${csrf}`, csrf: csrf! };
}

const language = async (s: Session) =>
  (await jsonOf<{ person: { language: string } }>(await h.request('/v1/me', { as: s }))).person.language;

beforeAll(async () => {
  h = await createHarness();
  const secretariatEmail = uniqueEmail('lang-secretariat');
  platformId = await h.platform({}, [secretariatEmail]);
  secretariat = await h.signIn(secretariatEmail);
  member = await h.member(platformId, secretariat, 'lang');
});

describe('the language of a page', () => {
  it('is Japanese alone for a visitor who says nothing, with a switch to English', async () => {
    const res = await h.request('/');
    const html = await res.text();
    expect(html).toContain('<html lang="ja">');
    expect(html).toContain('サインイン');
    expect(html).not.toContain('Sign in');
    expect(html).not.toContain('Skip to content');
    expect(html).toMatch(/<button type="submit" class="link" lang="en">English<\/button>/);
    expect(res.headers.get('vary')).toMatch(/Accept-Language/);
    expect(res.headers.get('vary')).toMatch(/Cookie/);
  });

  it('is English alone when the browser prefers English, with a switch to Japanese', async () => {
    const res = await h.request('/', { headers: { 'accept-language': 'en-GB,en;q=0.9,ja;q=0.5' } });
    const html = await res.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('Sign in');
    expect(html).not.toContain('サインイン');
    expect(html).not.toContain('本文へ移動');
    expect(html).toMatch(/lang="ja">日本語<\/button>/);
  });

  it('shows error pages in one language too', async () => {
    const ja = await (await h.request('/no-such-page')).text();
    expect(ja).toContain('ページが見つかりません');
    expect(ja).not.toContain('Page not found');
    const en = await (await h.request('/no-such-page', { headers: { 'accept-language': 'en' } })).text();
    expect(en).toContain('Page not found');
    expect(en).not.toContain('ページが見つかりません');
  });
});

describe('the switch in the header', () => {
  it("sets a visitor's choice in a cookie and comes back to the same page", async () => {
    const v = await visitor();
    const res = await h.request('/language', {
      method: 'POST',
      headers: { cookie: v.cookie, 'content-type': FORM },
      body: formBody({ _csrf: v.csrf, lang: 'en', next: '/platforms?x=1' }),
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/platforms?x=1');
    const set = res.headers.get('set-cookie') ?? '';
    expect(set).toMatch(/tsunagu_lang=en/);
    expect(set).toMatch(/HttpOnly/i);
    const page = await h.request('/platforms', {
      headers: { cookie: `${v.cookie}; tsunagu_lang=en`, 'accept-language': 'ja' },
    });
    const html = await page.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('Platforms');
    expect(html).not.toContain('プラットフォームの一覧');
  });

  it('refuses a visitor without the CSRF token, and stores nothing', async () => {
    const v = await visitor();
    const res = await h.request('/language', {
      method: 'POST',
      headers: { cookie: v.cookie, 'content-type': FORM },
      body: formBody({ lang: 'en', next: '/' }),
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('set-cookie') ?? '').not.toMatch(/tsunagu_lang/);
  });

  it('never sends anyone to another site', async () => {
    const v = await visitor();
    for (const next of [
      '//evil.example/x',
      'https://evil.example/',
      '/\\evil.example',
      'javascript:alert(1)',
      '',
    ]) {
      const res = await h.request('/language', {
        method: 'POST',
        headers: { cookie: v.cookie, 'content-type': FORM },
        body: formBody({ _csrf: v.csrf, lang: 'en', next }),
      });
      expect(res.status, next).toBe(303);
      expect(res.headers.get('location'), next).toBe('/');
    }
  });

  it('answers 400 for a language it does not know', async () => {
    const v = await visitor();
    const res = await h.request('/language', {
      method: 'POST',
      headers: { cookie: v.cookie, 'content-type': FORM },
      body: formBody({ _csrf: v.csrf, lang: 'fr', next: '/' }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('set-cookie') ?? '').not.toMatch(/tsunagu_lang/);
  });

  it("stores a signed-in person's choice, which then decides every page", async () => {
    const person = await h.signIn(uniqueEmail('lang-person'));
    expect(await language(person)).toBe('ja');
    const refused = await h.request('/language', {
      method: 'POST',
      headers: { cookie: person.cookie, 'content-type': FORM },
      body: formBody({ lang: 'en', next: '/preferences' }),
    });
    expect(refused.status).toBe(403);
    expect(await language(person)).toBe('ja');

    const res = await h.request('/language', {
      method: 'POST',
      headers: { cookie: person.cookie, 'content-type': FORM },
      body: formBody({ _csrf: person.csrfToken, lang: 'en', next: '/preferences' }),
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/preferences');
    expect(await language(person)).toBe('en');
    // The stored choice wins over what the browser asks for.
    const page = await h.request('/preferences', {
      headers: { cookie: person.cookie, 'accept-language': 'ja' },
    });
    const html = await page.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('Email preferences');
    expect(html).not.toContain('配信設定');
  });
});

describe('mails in the reader’s language, and the switch in their footer', () => {
  it('writes the sign-in mail in the language of the page or client that asked', async () => {
    const ja = uniqueEmail('lang-link-ja');
    const en = uniqueEmail('lang-link-en');
    await h.request('/v1/auth/magic-link', { method: 'POST', json: { email: ja } });
    await h.request('/v1/auth/magic-link', {
      method: 'POST',
      json: { email: en },
      headers: { 'accept-language': 'en' },
    });
    const [jaMail] = await h.mails(ja);
    const [enMail] = await h.mails(en);
    expect(jaMail!.subject).toBe('tsunagu サインイン用リンク');
    expect(jaMail!.body.text).not.toContain('To sign in');
    expect(enMail!.subject).toBe('Your tsunagu sign-in link');
    expect(enMail!.body.text).not.toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
  });

  it("gives a Japanese reader's digest no English, and a link to English that changes nothing by GET", async () => {
    const other = await h.member(platformId, secretariat, 'lang-other');
    await h.postNeed(other.session, platformId, other.org.id, { title: '会場を探しています' });
    await h.request(`/v1/platforms/${platformId}/runs/digest`, { method: 'POST', as: secretariat });
    await h.drain();
    const digest = (await h.mails(member.session.email)).find((m) => m.subject.includes('今週のお知らせ'));
    expect(digest).toBeDefined();
    const text = digest!.body.text ?? '';
    expect(digest!.subject).not.toMatch(/update/i);
    expect(text).not.toContain('Email preferences');
    expect(text).not.toContain('This week');
    const link = /Read tsunagu in English: (http\S+)/.exec(text)?.[1];
    expect(link).toBeDefined();
    const path = link!.replace(/^https?:\/\/[^/]+/, '');

    const shown = await h.request(path);
    expect(shown.status).toBe(200);
    const html = await shown.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('Switch to English');
    expect(await language(member.session)).toBe('ja');

    const switched = await h.request(path, { method: 'POST' });
    expect(switched.status).toBe(200);
    expect(await switched.text()).toContain('Switched to English');
    expect(switched.headers.get('set-cookie') ?? '').toMatch(/tsunagu_lang=en/);
    expect(await language(member.session)).toBe('en');
  });

  it('refuses a forged or damaged switch link', async () => {
    const good = signLink(h.config.secret, { a: 'language', e: member.session.email, l: 'ja' });
    for (const token of [`${good}x`, good.replace(/^./, 'A'), 'nonsense', '']) {
      expect((await h.request(`/language/from-mail?token=${token}`)).status).toBe(400);
      expect((await h.request(`/language/from-mail?token=${token}`, { method: 'POST' })).status).toBe(400);
    }
  });
});
