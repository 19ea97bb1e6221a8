import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Match } from '#domain';
import { createLogger } from '#log';
import { organizationInput } from '#test/builders';
import {
  createHarness,
  expectProblem,
  type Harness,
  jsonOf,
  type Member,
  type Page,
  type Session,
  uniqueEmail,
} from '#test/harness';
import { postForm } from '#test/pages';

// Issue 18, item 11: one request, one id. Every log line written while a request is handled —
// the route's own and those of the batch and store code it calls — carries the id API Gateway
// writes into the access log as `$context.requestId` (and Lambda's awsRequestId), the answer says
// it in X-Request-Id, and a 500's problem names it. A page's in-process call to the API is the
// same request. A client cannot choose the id.

interface LogLine {
  level: string;
  msg: string;
  requestId?: string;
  awsRequestId?: string;
  [field: string]: unknown;
}

const lines: LogLine[] = [];
let h: Harness;
let platformId: string;
let secretariat: Session;
let npo: Member;
let company: Member;

/** The environment hono/aws-lambda hands the app for one invocation behind API Gateway (HTTP API). */
function gateway() {
  // HTTP APIs' ids look like this (base64); REST APIs' are UUIDs.
  const requestId = `${randomUUID().replaceAll('-', '').slice(0, 14)}=`;
  const awsRequestId = randomUUID();
  return {
    requestId,
    awsRequestId,
    env: {
      event: { requestContext: { requestId, http: { sourceIp: '192.0.2.7' } } },
      lambdaContext: { awsRequestId },
    },
  };
}

/** The lines `send` logged (nothing else runs meanwhile: each test's requests are awaited in turn). */
async function logged(send: () => Promise<Response>): Promise<{ res: Response; lines: LogLine[] }> {
  const from = lines.length;
  const res = await send();
  await res.clone().text();
  return { res, lines: lines.slice(from) };
}

beforeAll(async () => {
  h = await createHarness(
    {},
    { log: createLogger('debug', (line) => lines.push(JSON.parse(line) as LogLine)) },
  );
  const email = uniqueEmail('jimukyoku');
  platformId = await h.platform({}, [email]);
  secretariat = await h.signIn(email);
  npo = await h.member(platformId, secretariat, 'npo');
  company = await h.member(platformId, secretariat, 'company');
  await h.postNeed(npo.session, platformId, npo.org.id);
  await h.postOffer(company.session, platformId, company.org.id);
});

describe('behind API Gateway', () => {
  it('a sign-in: every line and the answer carry the access log’s requestId, with Lambda’s id', async () => {
    const g = gateway();
    const { res, lines: mine } = await logged(() =>
      h.request('/v1/auth/magic-link', {
        method: 'POST',
        json: { email: npo.session.email },
        env: g.env,
      }),
    );
    expect(res.status).toBe(202);
    expect(res.headers.get('x-request-id')).toBe(g.requestId);
    expect(mine.map((l) => l.msg)).toContain('magic link queued');
    for (const line of mine)
      expect(line).toMatchObject({ requestId: g.requestId, awsRequestId: g.awsRequestId });
  });

  it('a matching round run by the secretariat: the batch code’s lines carry it too', async () => {
    const g = gateway();
    const { res, lines: mine } = await logged(() =>
      h.request(`/v1/platforms/${platformId}/runs/match`, { method: 'POST', as: secretariat, env: g.env }),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe(g.requestId);
    // shared/batch/match-round.ts logs it; nothing passes it the request's id.
    expect(mine.map((l) => l.msg)).toContain('match round done');
    for (const line of mine)
      expect(line).toMatchObject({ requestId: g.requestId, awsRequestId: g.awsRequestId });

    const inbox = await jsonOf<Page<Match>>(
      await h.request(`/v1/matches?organizationId=${npo.org.id}`, { as: npo.session }),
    );
    const answer = gateway();
    const accepted = await logged(() =>
      h.request(`/v1/matches/${inbox.items[0]!.id}/accept`, {
        method: 'POST',
        as: npo.session,
        env: answer.env,
      }),
    );
    expect(accepted.res.status).toBe(200);
    expect(accepted.lines.map((l) => l.msg)).toContain('introduction answered');
    for (const line of accepted.lines) expect(line.requestId).toBe(answer.requestId);
  });

  it('requests handled at the same time keep their own ids, line by line', async () => {
    const asks = Array.from({ length: 6 }, () => gateway());
    const from = lines.length;
    const answers = await Promise.all(
      asks.map((g, i) =>
        h.request('/v1/auth/magic-link', {
          method: 'POST',
          json: { email: uniqueEmail(`concurrent-${i}`) },
          env: g.env,
        }),
      ),
    );
    expect(answers.map((res) => res.headers.get('x-request-id'))).toEqual(asks.map((g) => g.requestId));
    const queued = lines.slice(from).filter((l) => l.msg === 'magic link queued');
    expect(queued).toHaveLength(asks.length);
    for (const line of queued) {
      const g = asks.find((a) => a.requestId === line.requestId);
      expect(g, `a line with requestId ${line.requestId}`).toBeDefined();
      expect(line.awsRequestId).toBe(g!.awsRequestId);
    }
    expect(new Set(queued.map((l) => l.requestId)).size).toBe(asks.length);
  });

  it('a 500: the problem’s instance, X-Request-Id and the error line name the same id', async () => {
    const broken = await createHarness(
      { TABLE_NAME: h.config.tableName },
      {
        log: createLogger('debug', (line) => lines.push(JSON.parse(line) as LogLine)),
        newId: () => {
          throw new Error('boom');
        },
      },
    );
    const g = gateway();
    const { res, lines: mine } = await logged(() =>
      broken.request('/v1/organizations', {
        method: 'POST',
        as: npo.session,
        json: organizationInput(),
        env: g.env,
      }),
    );
    expect(res.headers.get('x-request-id')).toBe(g.requestId);
    const problem = await expectProblem(res, 500, 'internal');
    expect(problem.instance).toBe(`urn:request:${g.requestId}`);
    const error = mine.find((l) => l.msg === 'unhandled error');
    expect(error).toMatchObject({ level: 'error', requestId: g.requestId, awsRequestId: g.awsRequestId });
  });

  it('ignores the X-Request-Id a client sends', async () => {
    const g = gateway();
    const { res, lines: mine } = await logged(() =>
      h.request('/v1/auth/magic-link', {
        method: 'POST',
        json: { email: uniqueEmail('forger') },
        headers: { 'x-request-id': 'chosen-by-the-client' },
        env: g.env,
      }),
    );
    expect(res.headers.get('x-request-id')).toBe(g.requestId);
    expect(mine.length).toBeGreaterThan(0);
    for (const line of mine) expect(line.requestId).toBe(g.requestId);
  });
});

describe('without API Gateway (npm start, tests)', () => {
  it('gives each request a fresh id, never the client’s', async () => {
    const { res, lines: mine } = await logged(() =>
      h.request('/v1/auth/magic-link', {
        method: 'POST',
        json: { email: uniqueEmail('local') },
        headers: { 'x-request-id': 'chosen-by-the-client' },
      }),
    );
    const id = res.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const again = await h.request('/health');
    expect(again.headers.get('x-request-id')).not.toBe(id);
    expect(mine.length).toBeGreaterThan(0);
    for (const line of mine) {
      expect(line.requestId).toBe(id);
      expect(line).not.toHaveProperty('awsRequestId');
    }
  });

  it('a page that calls the API in process: the API’s lines carry the page’s id', async () => {
    const { res, lines: mine } = await logged(() =>
      postForm(h, `/organizations/${npo.org.id}/invitations`, npo.session, {
        email: uniqueEmail('invitee'),
        role: 'viewer',
      }),
    );
    expect(res.status).toBe(303);
    const id = res.headers.get('x-request-id');
    expect(id).toBeTruthy();
    // Logged by the /v1 route the page called (shared/http/invitations.ts).
    expect(mine.map((l) => l.msg)).toContain('invitation queued');
    for (const line of mine) expect(line.requestId).toBe(id);
  });
});

describe('a page behind API Gateway', () => {
  it('its in-process API call keeps the event’s id', async () => {
    const g = gateway();
    const { res, lines: mine } = await logged(() =>
      h.request(`/organizations/${npo.org.id}/invitations`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          cookie: npo.session.cookie,
        },
        body: new URLSearchParams({
          _csrf: npo.session.csrfToken,
          email: uniqueEmail('invitee'),
          role: 'viewer',
        }).toString(),
        env: g.env,
      }),
    );
    expect(res.status).toBe(303);
    expect(res.headers.get('x-request-id')).toBe(g.requestId);
    expect(mine.map((l) => l.msg)).toContain('invitation queued');
    for (const line of mine)
      expect(line).toMatchObject({ requestId: g.requestId, awsRequestId: g.awsRequestId });
  });
});
