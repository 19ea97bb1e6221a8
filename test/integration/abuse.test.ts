import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { newPerson } from '#domain';
import { MAX_SESSIONS } from '#http';
import {
  createHarness,
  expectProblem,
  type Harness,
  jsonOf,
  magicTokenFrom,
  type Session,
  uniqueEmail,
} from '#test/harness';

// What someone trying to misuse sign-in would try: flooding inboxes with links (limited per
// address and per client IP, through the API and the sign-in form alike), telling known
// addresses from unknown ones (same answer, same time; also when inviting someone to an
// organisation), racing one link, planting a session cookie before the victim signs in, and
// using a session after signing out.

const MINUTE = 60_000;
const WINDOW = 15 * MINUTE;
const CSRF = 'c'.repeat(43);

/** The environment API Gateway gives the Lambda: the client address the limit counts. */
const fromIp = (sourceIp: string) => ({ event: { requestContext: { http: { sourceIp } } } });

function askByApi(h: Harness, email: string, env: object, headers: Record<string, string> = {}) {
  return Promise.resolve(
    h.app.request(
      '/v1/auth/magic-link',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ email }),
      },
      env,
    ),
  );
}

/** The sign-in form as a browser sends it: with the double-submit cookie the page set. */
function askByForm(h: Harness, email: string, env: object, headers: Record<string, string> = {}) {
  return Promise.resolve(
    h.app.request(
      '/auth/sign-in',
      {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          cookie: `tsunagu_csrf=${CSRF}`,
          ...headers,
        },
        body: new URLSearchParams({ email, _csrf: CSRF }).toString(),
      },
      env,
    ),
  );
}

describe('sign-in links are rate limited', () => {
  // A frozen clock: every hit is at the same moment, so the oldest leaves the window in 15 minutes.
  const frozen = new Date(Math.floor(Date.now() / WINDOW) * WINDOW + WINDOW / 2);
  const retryAfter = String(WINDOW / 1000);
  let h: Harness;

  beforeAll(async () => {
    h = await createHarness(
      { MAGIC_LINKS_PER_EMAIL: '2', MAGIC_LINKS_PER_IP: '3', MAGIC_LINKS_PER_DOMAIN: '10000' },
      { now: () => frozen },
    );
  });

  const mailsTo = async (email: string) => (await h.mails(email)).length;

  async function expectLimitedPage(res: Response) {
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe(retryAfter);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toContain('しばらく受け付けを止めています');
  }

  it('per client IP, whatever the addresses, through the API and the sign-in form together', async () => {
    const ip = '203.0.113.10';
    const [first, second, third, fourth, fifth] = ['1', '2', '3', '4', '5'].map((n) =>
      uniqueEmail(`flood-${n}`),
    ) as [string, string, string, string, string];
    expect((await askByApi(h, first, fromIp(ip))).status).toBe(202);
    expect((await askByForm(h, second, fromIp(ip))).status).toBe(202);
    expect((await askByApi(h, third, fromIp(ip))).status).toBe(202);

    const byApi = await askByApi(h, fourth, fromIp(ip));
    const byForm = await askByForm(h, fifth, fromIp(ip));

    expect(byApi.headers.get('retry-after')).toBe(retryAfter);
    await expectProblem(byApi, 429, 'rate-limited');
    await expectLimitedPage(byForm);
    expect([await mailsTo(fourth), await mailsTo(fifth)]).toEqual([0, 0]);
    // Another client is not held back by this one.
    expect((await askByApi(h, fourth, fromIp('203.0.113.11'))).status).toBe(202);
    expect(await mailsTo(fourth)).toBe(1);
  });

  it('per client IP as the local server sees it, too', async () => {
    const local = { incoming: { socket: { remoteAddress: '198.51.100.20' } } };
    for (let i = 0; i < 3; i++) expect((await askByForm(h, uniqueEmail('local'), local)).status).toBe(202);

    await expectLimitedPage(await askByForm(h, uniqueEmail('local'), local));
  });

  it('per client IP even when the request claims another address in X-Forwarded-For', async () => {
    const ip = '203.0.113.30';
    for (let i = 0; i < 3; i++)
      expect((await askByApi(h, uniqueEmail('spoof'), fromIp(ip))).status).toBe(202);
    const spoofed = {
      'x-forwarded-for': '192.0.2.99',
      'x-real-ip': '192.0.2.99',
      forwarded: 'for=192.0.2.99',
    };

    const byApi = await askByApi(h, uniqueEmail('spoof'), fromIp(ip), spoofed);
    const byForm = await askByForm(h, uniqueEmail('spoof'), fromIp(ip), spoofed);

    await expectProblem(byApi, 429, 'rate-limited');
    await expectLimitedPage(byForm);
  });

  it('per address, whichever way and from wherever the links are asked for', async () => {
    const email = uniqueEmail('target');
    expect((await askByApi(h, email, fromIp('203.0.113.40'))).status).toBe(202);
    expect((await askByForm(h, email, fromIp('203.0.113.41'))).status).toBe(202);

    const byApi = await askByApi(h, email, fromIp('203.0.113.42'));
    const byForm = await askByForm(h, `  ${email.toUpperCase()} `, fromIp('203.0.113.43'));

    await expectProblem(byApi, 429, 'rate-limited');
    await expectLimitedPage(byForm);
    expect(await mailsTo(email)).toBe(2);
  });

  it('per mailbox: +tags, capitals and Gmail dots reach one inbox and share its allowance', async () => {
    const id = ulid().toLowerCase();
    const spellings = [`victim${id}+a@example.jp`, `Victim${id}+b@Example.jp`, `victim${id}@example.jp`];
    expect((await askByApi(h, spellings[0]!, fromIp('203.0.113.50'))).status).toBe(202);
    expect((await askByApi(h, spellings[1]!, fromIp('203.0.113.51'))).status).toBe(202);
    await expectProblem(await askByApi(h, spellings[2]!, fromIp('203.0.113.52')), 429, 'rate-limited');
    await expectLimitedPage(await askByForm(h, `victim${id}+c@example.jp`, fromIp('203.0.113.53')));

    const gmail = [`v.i.c.t.i.m.${id}@gmail.com`, `victim${id}+x@googlemail.com`, `VICTIM${id}@gmail.com`];
    expect((await askByApi(h, gmail[0]!, fromIp('203.0.113.54'))).status).toBe(202);
    expect((await askByApi(h, gmail[1]!, fromIp('203.0.113.55'))).status).toBe(202);
    await expectProblem(await askByApi(h, gmail[2]!, fromIp('203.0.113.56')), 429, 'rate-limited');
    // Mail goes to the address as it was typed.
    expect(await mailsTo(gmail[0]!)).toBe(1);
  });
});

describe('sign-in links per mail domain', () => {
  const frozen = new Date(Math.floor(Date.now() / WINDOW) * WINDOW + WINDOW / 2);
  let h: Harness;

  beforeAll(async () => {
    h = await createHarness({ MAGIC_LINKS_PER_DOMAIN: '3' }, { now: () => frozen });
  });

  it('caps links to one organisation’s domain across mailboxes and clients', async () => {
    const domain = `city-${ulid().toLowerCase()}.example.lg.jp`;
    for (let i = 0; i < 3; i++) {
      expect((await askByApi(h, `staff${i}@${domain}`, fromIp(`203.0.113.${60 + i}`))).status).toBe(202);
    }
    const refused = await askByApi(h, `staff9@${domain}`, fromIp('203.0.113.69'));
    await expectProblem(refused, 429, 'rate-limited');
    expect((await h.mails(`staff9@${domain}`)).length).toBe(0);
    // Another domain is not held back.
    expect((await askByApi(h, `staff9@other-${domain}`, fromIp('203.0.113.69'))).status).toBe(202);
  });

  it('gives a large shared mail service ten times the cap, so one flood cannot lock out its users', async () => {
    for (let i = 0; i < 30; i++) {
      const email = `member${i}-${ulid().toLowerCase()}@docomo.ne.jp`;
      expect((await askByApi(h, email, fromIp(`198.51.100.${i}`))).status).toBe(202);
    }
    const email = `member-last-${ulid().toLowerCase()}@docomo.ne.jp`;
    await expectProblem(await askByApi(h, email, fromIp('198.51.100.99')), 429, 'rate-limited');
  });
});

describe('sign-in limits over a sliding window', () => {
  let now = 0;
  let h: Harness;

  beforeAll(async () => {
    h = await createHarness(
      { MAGIC_LINKS_PER_EMAIL: '2', MAGIC_LINKS_PER_DOMAIN: '10000' },
      { now: () => new Date(now) },
    );
  });

  it('does not let a burst at the edge of a window double the allowance', async () => {
    const email = uniqueEmail('edge');
    const edge = Math.floor(Date.now() / WINDOW) * WINDOW + WINDOW;
    now = edge - 1000; // one second before a 15-minute boundary
    expect((await askByApi(h, email, fromIp('203.0.113.80'))).status).toBe(202);
    expect((await askByApi(h, email, fromIp('203.0.113.80'))).status).toBe(202);
    expect((await h.mails(email)).length).toBe(2); // sent now: a link not sent within its 15 minutes never is
    now = edge + 1000; // one second after it: a fixed window would start counting afresh
    const refused = await askByApi(h, email, fromIp('203.0.113.80'));
    await expectProblem(refused, 429, 'rate-limited');
    expect(refused.headers.get('retry-after')).toBe(String(WINDOW / 1000 - 2));
    now = edge - 1000 + WINDOW - 1000; // still within 15 minutes of the first two
    await expectProblem(await askByApi(h, email, fromIp('203.0.113.80')), 429, 'rate-limited');
    now = edge - 1000 + WINDOW + 1; // the first two have left the window
    expect((await askByApi(h, email, fromIp('203.0.113.80'))).status).toBe(202);
    expect((await askByApi(h, email, fromIp('203.0.113.80'))).status).toBe(202);
    await expectProblem(await askByApi(h, email, fromIp('203.0.113.80')), 429, 'rate-limited');
    expect((await h.mails(email)).length).toBe(4);
  });

  it('counts every one of many requests at the same moment, none twice', async () => {
    now = Date.now();
    const email = uniqueEmail('burst');
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) => askByApi(h, email, fromIp(`203.0.113.${90 + i}`))),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([202, 202, 429, 429, 429, 429, 429, 429]);
    expect((await h.mails(email)).length).toBe(2);
  });
});

describe('no account enumeration', () => {
  let h: Harness;
  let known: Session;

  beforeAll(async () => {
    // Many links per address here: the timing test asks for 20 of each kind.
    h = await createHarness({ MAGIC_LINKS_PER_EMAIL: '1000' });
    known = await h.signIn(uniqueEmail('known'));
    await h.organization(known);
  });

  /** Headers as a list, without the request id (different on every answer). */
  const headersOf = (res: Response) => [...res.headers].filter(([name]) => name !== 'x-request-id');

  it('answers the API alike for a known and an unknown address: status, headers and body', async () => {
    const unknown = uniqueEmail('unknown');
    const env = fromIp('192.0.2.1');

    const forKnown = await askByApi(h, known.email, env);
    const forUnknown = await askByApi(h, unknown, env);

    expect(forKnown.status).toBe(202);
    expect(forUnknown.status).toBe(forKnown.status);
    expect(headersOf(forUnknown)).toEqual(headersOf(forKnown));
    expect(await forUnknown.text()).toBe(await forKnown.text());
  });

  it('answers the sign-in form alike for a known and an unknown address, but for the address itself', async () => {
    const unknown = uniqueEmail('unknown');
    const env = fromIp('192.0.2.2');

    const forKnown = await askByForm(h, known.email, env);
    const forUnknown = await askByForm(h, unknown, env);

    expect(forKnown.status).toBe(202);
    expect(forUnknown.status).toBe(forKnown.status);
    expect(headersOf(forUnknown)).toEqual(headersOf(forKnown));
    const page = async (res: Response, email: string) => (await res.text()).replaceAll(email, '<email>');
    expect(await page(forUnknown, unknown)).toBe(await page(forKnown, known.email));
  });

  it('takes about as long for a known address as for an unknown one', async () => {
    // Twenty accounts that exist and twenty addresses that do not, asked for in turns so both
    // see the same load; medians, so one slow request does not decide.
    const stamp = new Date().toISOString();
    const knownEmails = Array.from({ length: 20 }, () => uniqueEmail('timing-known'));
    await Promise.all(
      knownEmails.map((email) =>
        h.ctx.store.people.findOrCreate(email, () => newPerson(ulid(), email, stamp)),
      ),
    );
    const env = fromIp('192.0.2.3');
    const timed = async (email: string) => {
      const started = performance.now();
      const res = await askByApi(h, email, env);
      expect(res.status).toBe(202);
      return performance.now() - started;
    };
    for (let i = 0; i < 3; i++) await timed(uniqueEmail('warm-up'));

    const knownTimes: number[] = [];
    const unknownTimes: number[] = [];
    for (const email of knownEmails) {
      knownTimes.push(await timed(email));
      unknownTimes.push(await timed(uniqueEmail('timing-unknown')));
    }

    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const [k, u] = [median(knownTimes), median(unknownTimes)];
    const [fast, slow] = [Math.min(k, u), Math.max(k, u)];
    expect(slow, `median known ${k.toFixed(1)} ms, unknown ${u.toFixed(1)} ms`).toBeLessThanOrEqual(
      Math.max(3 * fast, fast + 50),
    );
  });
});

describe('no account or person enumeration through invitations', () => {
  let h: Harness;
  let owner: Session;
  let orgId: string;

  beforeAll(async () => {
    h = await createHarness();
    owner = await h.signIn(uniqueEmail('inviting-owner'));
    orgId = (await h.organization(owner)).id;
  });

  const invite = (email: string, role = 'viewer') =>
    h.request(`/v1/organizations/${orgId}/invitations`, { method: 'POST', as: owner, json: { email, role } });
  /** Headers as a list, without those that differ on every answer (request id, date). */
  const headersOf = (res: Response) =>
    [...res.headers].filter(([name]) => name !== 'x-request-id' && name !== 'date');
  /** A body's keys with the shape of each value. */
  const shapeOf = (body: Record<string, unknown>) =>
    Object.fromEntries(
      Object.entries(body).map(([k, v]) => [
        k,
        typeof v === 'string' ? v.replace(/[0-9A-Z]/g, 'X').replace(/[a-z]/g, 'x') : typeof v,
      ]),
    );
  const isMember = async (personId: string) =>
    (await h.ctx.store.people.peopleOf(orgId, { limit: 100 })).items.some((p) => p.personId === personId);

  it('answers alike for a registered and an unregistered address: status, headers and body shape', async () => {
    const registered = await h.signIn(uniqueEmail('registered'));
    const unregistered = uniqueEmail('unregistered');

    const forRegistered = await invite(registered.email);
    const forUnregistered = await invite(unregistered);

    expect(forRegistered.status).toBe(202);
    expect(forUnregistered.status).toBe(forRegistered.status);
    expect(headersOf(forUnregistered)).toEqual(headersOf(forRegistered));
    type Body = Record<string, unknown>;
    const [a, b] = [(await forRegistered.json()) as Body, (await forUnregistered.json()) as Body];
    expect(Object.keys(a)).toEqual(['id', 'expiresAt']);
    expect(shapeOf(b)).toEqual(shapeOf(a));
    // Nothing in the answer points at the account: the id is the invitation's, made now.
    expect(a.id).not.toBe(registered.personId);
    expect(JSON.stringify(a)).not.toContain(registered.personId);
    // And nobody is anybody's yet: no member, no person for the new address.
    expect(await isMember(registered.personId)).toBe(false);
    expect(await h.ctx.store.people.getByEmail(unregistered)).toBeUndefined();
  });

  it('takes about as long for a registered address as for an unregistered one', async () => {
    // Twenty accounts that exist and twenty addresses that do not, invited in turns so both
    // see the same load; medians, so one slow request does not decide.
    const stamp = new Date().toISOString();
    const registered = Array.from({ length: 20 }, () => uniqueEmail('timing-registered'));
    await Promise.all(
      registered.map((email) =>
        h.ctx.store.people.findOrCreate(email, () => newPerson(ulid(), email, stamp)),
      ),
    );
    const timed = async (email: string) => {
      const started = performance.now();
      const res = await invite(email);
      expect(res.status).toBe(202);
      return performance.now() - started;
    };
    for (let i = 0; i < 3; i++) await timed(uniqueEmail('warm-up'));

    const registeredTimes: number[] = [];
    const unregisteredTimes: number[] = [];
    for (const email of registered) {
      registeredTimes.push(await timed(email));
      unregisteredTimes.push(await timed(uniqueEmail('timing-unregistered')));
    }

    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const [r, u] = [median(registeredTimes), median(unregisteredTimes)];
    const [fast, slow] = [Math.min(r, u), Math.max(r, u)];
    expect(slow, `median registered ${r.toFixed(1)} ms, unregistered ${u.toFixed(1)} ms`).toBeLessThanOrEqual(
      Math.max(3 * fast, fast + 50),
    );
  });

  it('no longer adds anyone by email: the old route answers 404 and nobody joins or is created', async () => {
    const victim = await h.signIn(uniqueEmail('victim'));
    const stranger = uniqueEmail('stranger');

    for (const email of [victim.email, stranger]) {
      const res = await h.request(`/v1/organizations/${orgId}/people`, {
        method: 'POST',
        as: owner,
        json: { email, role: 'editor' },
      });
      const body = await expectProblem(res, 404, 'not-found');
      expect(JSON.stringify(body)).not.toContain(victim.personId);
    }

    expect(await isMember(victim.personId)).toBe(false);
    expect(await h.ctx.store.people.getByEmail(stranger)).toBeUndefined();
  });
});

describe('sign-in links and sessions', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await createHarness();
  });

  async function linkFor(email: string): Promise<string> {
    expect((await askByApi(h, email, fromIp('192.0.2.10'))).status).toBe(202);
    return magicTokenFrom((await h.mails(email)).at(-1)!);
  }

  const sessionCookie = (res: Response) =>
    res.headers.get('set-cookie')?.match(/tsunagu_session=([^;]*)/)?.[1];
  const me = (cookie: string) => h.request('/v1/me', { headers: { cookie: `tsunagu_session=${cookie}` } });

  /** Completes sign-in on the link's page in a browser that already holds `cookie`. */
  const completeOnPage = (token: string, cookie: string) =>
    h.request('/auth/verify', {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: `${cookie}; tsunagu_csrf=${CSRF}`,
      },
      body: new URLSearchParams({ token, _csrf: CSRF }).toString(),
    });

  it('signs in once when the same link is sent many times at once', async () => {
    const token = await linkFor(uniqueEmail('race'));

    const answers = await Promise.all(
      Array.from({ length: 6 }, () => h.request('/v1/auth/session', { method: 'POST', json: { token } })),
    );

    expect(answers.map((r) => r.status).sort()).toEqual([201, 400, 400, 400, 400, 400]);
  });

  it('issues a new random session on the link page, never the cookie planted before (session fixation)', async () => {
    const email = uniqueEmail('victim');
    const planted = 'P'.repeat(43);

    const res = await completeOnPage(await linkFor(email), `tsunagu_session=${planted}`);

    expect(res.status).toBe(303);
    const issued = sessionCookie(res)!;
    expect(issued).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}[A-Za-z0-9_-]{43}$/);
    expect(issued).not.toBe(planted);
    expect((await jsonOf<{ person: { email: string } }>(await me(issued))).person.email).toBe(email);
    await expectProblem(await me(planted), 401, 'unauthorized');
  });

  it('issues a new random session through the API too, whatever cookie comes with it', async () => {
    const planted = 'Q'.repeat(43);

    const res = await h.request('/v1/auth/session', {
      method: 'POST',
      json: { token: await linkFor(uniqueEmail('victim')) },
      headers: { cookie: `tsunagu_session=${planted}` },
    });

    const body = await jsonOf<{ token: string }>(res, 201);
    expect(sessionCookie(res)).toBe(body.token);
    expect(body.token).not.toBe(planted);
    await expectProblem(await me(planted), 401, 'unauthorized');
  });

  it("does not turn someone's existing session into the next person's sign-in", async () => {
    // The attacker signs in, leaves their session cookie in a browser, and the victim signs in there.
    const attacker = await h.signIn(uniqueEmail('attacker'));
    const victim = uniqueEmail('victim');

    const res = await completeOnPage(await linkFor(victim), attacker.cookie);

    const issued = sessionCookie(res)!;
    expect(issued).not.toBe(attacker.token);
    expect((await jsonOf<{ person: { email: string } }>(await me(issued))).person.email).toBe(victim);
    expect((await jsonOf<{ person: { email: string } }>(await me(attacker.token))).person.email).toBe(
      attacker.email,
    );
  });

  it('gives every sign-in of the same person its own session and CSRF token', async () => {
    const email = uniqueEmail('twice');

    const [first, second] = [await h.signIn(email), await h.signIn(email)];

    expect(second.token).not.toBe(first.token);
    expect(second.csrfToken).not.toBe(first.csrfToken);
  });

  it("finds no one with a token whose person part is someone else's, or whose secret is changed", async () => {
    const [a, b] = [await h.signIn(uniqueEmail('owner-a')), await h.signIn(uniqueEmail('owner-b'))];
    expect(a.token.startsWith(a.personId)).toBe(true);
    const flipped = (ch: string) => (ch === 'A' ? 'B' : 'A');

    for (const token of [
      `${b.personId}${a.token.slice(a.personId.length)}`,
      `${a.token.slice(0, -1)}${flipped(a.token.at(-1)!)}`,
      a.token.slice(a.personId.length),
    ]) {
      await expectProblem(await h.request('/v1/me', { as: { ...a, token } }), 401, 'unauthorized');
    }
    expect((await h.request('/v1/me', { as: a })).status).toBe(200);
    expect((await h.request('/v1/me', { as: b })).status).toBe(200);
  });

  it(`keeps a person signed in on at most ${MAX_SESSIONS} devices: a new sign-in ends the oldest`, async () => {
    const email = uniqueEmail('many-devices');
    const many = await createHarness({ TABLE_NAME: h.config.tableName, MAGIC_LINKS_PER_EMAIL: '100' });
    const sessions = [];
    for (let i = 0; i <= MAX_SESSIONS; i++) sessions.push(await many.signIn(email));

    const statuses = await Promise.all(
      sessions.map(async (s) => (await many.request('/v1/me', { as: s })).status),
    );
    expect(statuses).toEqual([401, ...Array(MAX_SESSIONS).fill(200)]);
  });

  it('ends the session on the sign-out button: neither its cookie nor the same token as Bearer works after', async () => {
    const s = await h.signIn(uniqueEmail('leaving'));

    const res = await h.request('/auth/sign-out', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: s.cookie },
      body: new URLSearchParams({ _csrf: s.csrfToken }).toString(),
    });

    expect(res.status).toBe(303);
    expect(res.headers.get('set-cookie')).toMatch(
      /^tsunagu_session=;.*(Max-Age=0|Expires=Thu, 01 Jan 1970)/i,
    );
    await expectProblem(await h.request('/v1/me', { headers: { cookie: s.cookie } }), 401, 'unauthorized');
    await expectProblem(await h.request('/v1/me', { as: s }), 401, 'unauthorized');
  });

  it('does not sign anyone out from another site (a sign-out form without the CSRF token)', async () => {
    const s = await h.signIn(uniqueEmail('staying'));

    const res = await h.request('/auth/sign-out', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: s.cookie },
      body: '',
    });

    expect(res.status).toBe(403);
    expect(res.headers.get('set-cookie') ?? '').not.toContain('tsunagu_session=;');
    expect((await h.request('/v1/me', { headers: { cookie: s.cookie } })).status).toBe(200);
  });
});
