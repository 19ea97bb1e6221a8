import { beforeAll, describe, expect, it } from 'vitest';
import { organizationInput } from '#test/builders';
import {
  createHarness,
  errorPaths,
  expectProblem,
  type Harness,
  jsonOf,
  magicTokenFrom,
  uniqueEmail,
} from '#test/harness';

// Passwordless sign-in end to end: the link really goes through SES local, the token and the
// session really live in DynamoDB Local.

const MINUTE = 60_000;

interface SessionBody {
  token: string;
  csrfToken: string;
  expiresAt: string;
  person: { id: string; email: string };
  created: boolean;
}

interface MeBody {
  person: { id: string; email: string };
  organizations: { organizationId: string; role: string }[];
}

let h: Harness;

beforeAll(async () => {
  h = await createHarness();
});

/** Asks for a link and returns the token from the mail that arrived for it. */
async function requestLink(email: string, harness: Harness = h): Promise<string> {
  const before = (await harness.mails(email)).length;
  const res = await harness.request('/v1/auth/magic-link', { method: 'POST', json: { email } });
  expect(res.status).toBe(202);
  const inbox = await harness.mails(email);
  expect(inbox).toHaveLength(before + 1);
  return magicTokenFrom(inbox.at(-1)!);
}

const exchange = (token: string, harness: Harness = h) =>
  harness.request('/v1/auth/session', { method: 'POST', json: { token } });

/** A harness on the same table whose clock runs `minutes` ahead. */
const later = (minutes: number) =>
  createHarness({ TABLE_NAME: h.config.tableName }, { now: () => new Date(Date.now() + minutes * MINUTE) });

describe('magic link', () => {
  it('mails one sign-in link, in Japanese alone, with a link to /auth/verify', async () => {
    const email = uniqueEmail('mail');

    const res = await h.request('/v1/auth/magic-link', { method: 'POST', json: { email } });

    expect(res.status).toBe(202);
    const inbox = await h.mails(email);
    expect(inbox).toHaveLength(1);
    const mail = inbox[0]!;
    expect(mail.destination.to).toEqual([email]);
    expect(mail.subject).toBe('tsunagu サインイン用リンク');
    expect(mail.body.text?.split('\n')[0]).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    expect(mail.body.text).not.toMatch(/sign in|ignore this email/i);
    expect(mail.body.text).toMatch(/^http:\/\/tsunagu\.test\/auth\/verify\?token=[A-Za-z0-9_%-]{40,}$/m);
    expect(mail.body.html).toContain('href="http://tsunagu.test/auth/verify?token=');
  });

  it('signs up an unknown address on its first sign-in and signs the same person in afterwards', async () => {
    const email = uniqueEmail('newcomer');

    const first = await jsonOf<SessionBody>(await exchange(await requestLink(email)), 201);
    const second = await jsonOf<SessionBody>(await exchange(await requestLink(email)), 201);

    expect(first.created).toBe(true);
    expect(first.person.email).toBe(email);
    expect(second.created).toBe(false);
    expect(second.person.id).toBe(first.person.id);
  });

  it('treats differently cased spellings of an address as the same person', async () => {
    const email = uniqueEmail('case');
    const first = await h.signIn(email);

    const res = await h.request('/v1/auth/magic-link', {
      method: 'POST',
      json: { email: `  ${email.toUpperCase()} ` },
    });
    expect(res.status).toBe(202);
    const again = await jsonOf<SessionBody>(
      await exchange(magicTokenFrom((await h.mails(email)).at(-1)!)),
      201,
    );

    expect(again.person.id).toBe(first.personId);
  });

  it('lets a link be used only once', async () => {
    const token = await requestLink(uniqueEmail('once'));
    expect((await exchange(token)).status).toBe(201);

    const problem = await expectProblem(await exchange(token), 400, 'validation');

    expect(errorPaths(problem)).toEqual(['token']);
  });

  it('accepts a link within 15 minutes and refuses it after', async () => {
    const stillValid = await requestLink(uniqueEmail('fresh'));
    const expired = await requestLink(uniqueEmail('stale'));

    const at14 = await later(14);
    const at16 = await later(16);

    expect((await exchange(stillValid, at14)).status).toBe(201);
    await expectProblem(await exchange(expired, at16), 400, 'validation');
  });

  it('refuses a token that was never issued', async () => {
    const problem = await expectProblem(await exchange('x'.repeat(43)), 400, 'validation');

    expect(errorPaths(problem)).toEqual(['token']);
  });

  it('refuses a malformed address with 400 and mails nothing', async () => {
    const res = await h.request('/v1/auth/magic-link', { method: 'POST', json: { email: 'not-an-address' } });

    const problem = await expectProblem(res, 400, 'validation');
    expect(errorPaths(problem)).toEqual(['email']);
    expect(await h.mails('not-an-address')).toHaveLength(0);
  });
});

describe('the link page', () => {
  // As a browser does: open the page (which sets the CSRF cookie), then send its form.
  const form = async (token: string) => {
    const page = await h.request(`/auth/verify?token=${encodeURIComponent(token)}`);
    const cookie = page.headers.get('set-cookie')?.split(';')[0] ?? '';
    const csrf = (await page.text()).match(/name="_csrf" value="([^"]+)"/)?.[1] ?? '';
    return h.request('/auth/verify', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams({ token, _csrf: csrf }).toString(),
    });
  };

  it('does not use up the link when the page is only opened (mail scanners open links too)', async () => {
    const token = await requestLink(uniqueEmail('scanned'));

    const page = await h.request(`/auth/verify?token=${encodeURIComponent(token)}`);
    await h.request(`/auth/verify?token=${encodeURIComponent(token)}`);

    expect(page.status).toBe(200);
    expect(await page.text()).toContain('method="post"');
    expect((await exchange(token)).status).toBe(201);
  });

  it('signs in with the form on the page, sets the session cookie and asks a new person their name first', async () => {
    const email = uniqueEmail('browser');
    const token = await requestLink(email);

    const res = await form(token);

    expect(res.status).toBe(303);
    // The name form, then the start page with its welcome (test/integration/names.test.ts).
    expect(res.headers.get('location')).toBe(`/profile?next=${encodeURIComponent('/?welcome=1')}`);
    const cookie = res.headers.get('set-cookie')?.split(';')[0] ?? '';
    expect((await jsonOf<MeBody>(await h.request('/v1/me', { headers: { cookie } }))).person.email).toBe(
      email,
    );
  });

  it('refuses a form sent from elsewhere (no CSRF cookie): nobody can sign you in as them', async () => {
    const token = await requestLink(uniqueEmail('forged'));

    const forged = await h.request('/auth/verify', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token, _csrf: 'x'.repeat(43) }).toString(),
    });

    expect(forged.status).toBe(403);
    expect(forged.headers.get('set-cookie') ?? '').not.toContain('tsunagu_session');
    expect((await exchange(token)).status).toBe(201);
  });

  it('answers a used link with a page saying so, not an error', async () => {
    const token = await requestLink(uniqueEmail('twice'));
    await form(token);

    const res = await form(token);

    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toContain('リンクが無効です');
  });
});

describe('magic link rate limit', () => {
  const WINDOW = 15 * MINUTE;
  // The middle of the current 15-minute window, frozen: the limit cannot roll over mid-test.
  const frozen = new Date(Math.floor(Date.now() / WINDOW) * WINDOW + WINDOW / 2);
  let limited: Harness;

  beforeAll(async () => {
    limited = await createHarness({ MAGIC_LINKS_PER_EMAIL: '2' }, { now: () => frozen });
  });

  const ask = (email: string) => limited.request('/v1/auth/magic-link', { method: 'POST', json: { email } });

  it('answers 429 problem+json with Retry-After once an address asked too often, and mails nothing', async () => {
    const email = uniqueEmail('eager');
    expect((await ask(email)).status).toBe(202);
    expect((await ask(email)).status).toBe(202);

    const res = await ask(email.toUpperCase());

    // The clock stands still: the first link leaves the 15-minute window in 15 minutes.
    expect(res.headers.get('retry-after')).toBe(String(WINDOW / 1000));
    await expectProblem(res, 429, 'rate-limited');
    expect(await limited.mails(email)).toHaveLength(2);
  });

  it('still mails other addresses while one is limited', async () => {
    const eager = uniqueEmail('eager');
    for (let i = 0; i < 3; i++) await ask(eager);

    const res = await ask(uniqueEmail('patient'));

    expect(res.status).toBe(202);
  });
});

describe('sessions', () => {
  it('sets an HttpOnly, SameSite=Lax session cookie that signs GET requests in', async () => {
    const email = uniqueEmail('cookie');
    const res = await exchange(await requestLink(email));
    const setCookie = res.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^tsunagu_session=[A-Za-z0-9_-]+;/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).toMatch(/Path=\//);

    const me = await h.request('/v1/me', { headers: { cookie: setCookie.split(';')[0]! } });

    expect((await jsonOf<MeBody>(me)).person.email).toBe(email);
  });

  it('refuses a cookie-authenticated change without X-CSRF-Token and changes nothing', async () => {
    const s = await h.signIn(uniqueEmail('csrf'));

    const res = await h.request('/v1/organizations', {
      method: 'POST',
      json: organizationInput(),
      headers: { cookie: s.cookie },
    });

    await expectProblem(res, 403, 'forbidden');
    const me = await jsonOf<MeBody>(await h.request('/v1/me', { as: s }));
    expect(me.organizations).toEqual([]);
  });

  it("refuses a cookie-authenticated change carrying another session's CSRF token", async () => {
    const s = await h.signIn(uniqueEmail('csrf'));
    const other = await h.signIn(uniqueEmail('other'));

    const res = await h.request('/v1/organizations', {
      method: 'POST',
      json: organizationInput(),
      headers: { cookie: s.cookie, 'x-csrf-token': other.csrfToken },
    });

    await expectProblem(res, 403, 'forbidden');
  });

  it('accepts a cookie-authenticated change with its X-CSRF-Token', async () => {
    const s = await h.signIn(uniqueEmail('csrf'));

    const res = await h.request('/v1/organizations', {
      method: 'POST',
      json: organizationInput(),
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken },
    });

    const org = await jsonOf<{ id: string }>(res, 201);
    const me = await jsonOf<MeBody>(await h.request('/v1/me', { as: s }));
    expect(me.organizations).toEqual([{ organizationId: org.id, role: 'owner' }]);
  });

  it('accepts a Bearer-authenticated change without a CSRF token', async () => {
    const s = await h.signIn(uniqueEmail('bearer'));

    const res = await h.request('/v1/organizations', { method: 'POST', as: s, json: organizationInput() });

    expect(res.status).toBe(201);
  });

  it('ends the session on sign-out: the same token then gets 401', async () => {
    const s = await h.signIn(uniqueEmail('leaving'));
    expect((await h.request('/v1/me', { as: s })).status).toBe(200);

    const out = await h.request('/v1/auth/sign-out', { method: 'POST', as: s });

    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(
      /^tsunagu_session=;.*(Max-Age=0|Expires=Thu, 01 Jan 1970)/i,
    );
    await expectProblem(await h.request('/v1/me', { as: s }), 401, 'unauthorized');
    await expectProblem(await h.request('/v1/me', { headers: { cookie: s.cookie } }), 401, 'unauthorized');
  });

  it('keeps other sessions of the same person when one signs out', async () => {
    const email = uniqueEmail('two-devices');
    const laptop = await h.signIn(email);
    const phone = await h.signIn(email);

    await h.request('/v1/auth/sign-out', { method: 'POST', as: laptop });

    expect((await h.request('/v1/me', { as: phone })).status).toBe(200);
  });

  it('does not accept a session after 30 days', async () => {
    const s = await h.signIn(uniqueEmail('old'));
    const in29Days = await later(29 * 24 * 60);
    const in31Days = await later(31 * 24 * 60);

    expect((await in29Days.request('/v1/me', { as: s })).status).toBe(200);
    await expectProblem(await in31Days.request('/v1/me', { as: s }), 401, 'unauthorized');
  });

  it('answers 401 for a token that is no session, whether sent as Bearer or cookie', async () => {
    const forged = 'A'.repeat(43);

    await expectProblem(
      await h.request('/v1/me', { headers: { authorization: `Bearer ${forged}` } }),
      401,
      'unauthorized',
    );
    await expectProblem(
      await h.request('/v1/me', { headers: { cookie: `tsunagu_session=${forged}` } }),
      401,
      'unauthorized',
    );
  });
});
