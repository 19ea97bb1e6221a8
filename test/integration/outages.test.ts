import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Need } from '#domain';
import { type FaultyProxy, faultyProxy } from '#test/faulty-proxy';
import { type FaultySes, faultySes } from '#test/faulty-ses';
import {
  createHarness,
  expectProblem,
  type Harness,
  jsonOf,
  type Member,
  magicTokenFrom,
  uniqueEmail,
} from '#test/harness';

// When DynamoDB is unreachable, stalled or throttling past the SDK's retries, a request is
// answered 503 with Retry-After — problem+json for the API, a page for people — never a 500
// "internal error", and /health says so. When it comes back, everything works again and nothing
// was lost. SES is never called by a request (every mail goes through the outbox): SES throttling
// every send delays a sign-in link, it does not fail the request. DynamoDB Local is reached
// through a TCP proxy that the test stops and stalls; SES local through a proxy that answers 429
// to every send until the test lets it through.

const SECOND = 1000;
let now = Date.parse('2026-12-01T01:00:00Z');
let proxy: FaultyProxy;
let h: Harness;
let direct: Harness;
let platformId: string;
let member: Member;
let need: Need;

beforeAll(async () => {
  proxy = await faultyProxy(inject('dynamoEndpoint'));
  // A short deadline per DynamoDB call, so a stalled line fails within seconds.
  h = await createHarness(
    { DYNAMODB_ENDPOINT: proxy.endpoint, DYNAMODB_TIMEOUT_MS: '1500' },
    { now: () => new Date(now) },
  );
  direct = await createHarness({ TABLE_NAME: h.config.tableName });
  const secretariatEmail = uniqueEmail('outage-secretariat');
  platformId = await h.platform({}, [secretariatEmail]);
  member = await h.member(platformId, await h.signIn(secretariatEmail), 'outage');
  need = await h.postNeed(member.session, platformId, member.org.id);
});

afterAll(async () => {
  await proxy?.close();
});

const later = (ms: number) => {
  now += ms;
};

async function expectUnavailable(res: Response) {
  const problem = await expectProblem(res, 503, 'unavailable');
  expect(res.headers.get('retry-after')).toBe('5');
  expect(problem.detail).toMatch(/時間をおいて/);
  return problem;
}

describe('DynamoDB stopped', () => {
  it('is reported by /health as 503 with Retry-After, and as ok again once it is back', async () => {
    expect(await jsonOf(await h.request('/health'))).toEqual({ status: 'ok', database: 'ok' });
    proxy.stop();
    later(10 * SECOND);
    await expectUnavailable(await h.request('/health'));
    await proxy.start();
    later(1 * SECOND);
    // A failed reading is remembered for two seconds, not longer.
    await expectUnavailable(await h.request('/health'));
    later(2 * SECOND);
    expect(await jsonOf(await h.request('/health'))).toEqual({ status: 'ok', database: 'ok' });
  });

  it('answers reads, writes and sign-in links 503, pages as a page, and loses nothing', async () => {
    proxy.stop();
    try {
      await expectUnavailable(await h.request(`/v1/needs/${need.id}`, { as: member.session }));
      await expectUnavailable(
        await h.request(`/v1/needs/${need.id}`, {
          method: 'PATCH',
          as: member.session,
          json: { version: need.version, title: '停止中の変更' },
        }),
      );
      await expectUnavailable(
        await h.request('/v1/auth/magic-link', { method: 'POST', json: { email: uniqueEmail('during') } }),
      );
      const page = await h.request(`/needs/${need.id}`, {
        headers: { cookie: member.session.cookie, accept: 'text/html' },
      });
      expect(page.status).toBe(503);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(page.headers.get('retry-after')).toBe('5');
      expect(await page.text()).toContain('ただいま一時的にご利用いただけません');
    } finally {
      await proxy.start();
    }
    const stored = await jsonOf<Need>(await direct.request(`/v1/needs/${need.id}`, { as: member.session }));
    expect(stored).toMatchObject({ title: need.title, version: need.version });
    expect(await jsonOf<Need>(await h.request(`/v1/needs/${need.id}`, { as: member.session }))).toEqual(
      stored,
    );
  });
});

describe('DynamoDB stalled', () => {
  it('answers 503 once every try has met its deadline, not a 500 and not never', async () => {
    proxy.pause();
    try {
      const started = performance.now();
      await expectUnavailable(await h.request(`/v1/needs/${need.id}`, { as: member.session }));
      expect(performance.now() - started).toBeLessThan(15 * SECOND);
    } finally {
      proxy.resume();
    }
    expect((await h.request(`/v1/needs/${need.id}`, { as: member.session })).status).toBe(200);
  });
});

describe('SES throttling every send', () => {
  let ses: FaultySes;
  let throttled: Harness;
  let sesClock = Date.parse('2026-12-01T01:00:00Z');

  beforeAll(async () => {
    ses = await faultySes(inject('sesEndpoint'), { seed: 1, rate: 1 });
    throttled = await createHarness({ SES_ENDPOINT: ses.endpoint }, { now: () => new Date(sesClock) });
  });

  afterAll(async () => {
    await ses?.close();
  });

  it('accepts a sign-in link (202) and mails it once SES lets it through, not before', async () => {
    const email = uniqueEmail('throttled');
    const res = await throttled.request('/v1/auth/magic-link', { method: 'POST', json: { email } });
    expect(res.status).toBe(202);
    // The sender tries (mails() runs it): SES throttles every try, the link waits in the outbox.
    expect(await throttled.mails(email)).toEqual([]);
    expect(ses.stats.throttled).toBeGreaterThanOrEqual(1);
    expect(ses.stats.accepted).toBe(0);

    ses.faultRate(0); // SES is back
    sesClock += 60 * SECOND; // the retry is due
    const inbox = await throttled.mails(email);
    expect(inbox).toHaveLength(1);
    const token = magicTokenFrom(inbox[0]!);
    expect((await throttled.request('/v1/auth/session', { method: 'POST', json: { token } })).status).toBe(
      201,
    );
  });
});
