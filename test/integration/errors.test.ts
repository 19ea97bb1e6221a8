import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Need } from '#domain';
import { type Body, needInput, offerInput, organizationInput } from '#test/builders';
import {
  createHarness,
  expectProblem,
  type Harness,
  type Member,
  type Session,
  uniqueEmail,
} from '#test/harness';

// Whatever a client sends, the answer is a 4xx problem+json (or a success), never a 500 and
// never internals. The catalogue names one request per kind of error; the properties throw
// arbitrary input at the routes that take bodies, queries and ids.

let h: Harness;
let platformId: string;
let npo: Member;
let viewer: Session;
let need: Need;

beforeAll(async () => {
  h = await createHarness();
  const email = uniqueEmail('secretariat');
  platformId = await h.platform({ scope: { prefectures: ['11'], municipalities: [] } }, [email]);
  const secretariat = await h.signIn(email);
  npo = await h.member(platformId, secretariat, 'npo');
  viewer = await h.addPerson(npo.session, npo.org.id, uniqueEmail('viewer'), 'viewer');
  need = await h.postNeed(npo.session, platformId, npo.org.id);
  // Move the need to version 2 so that version 1 is stale.
  await h.request(`/v1/needs/${need.id}`, {
    method: 'PATCH',
    as: npo.session,
    json: { version: 1, title: '更新済み' },
  });
});

const json = { 'content-type': 'application/json' };
const needsPath = () => `/v1/platforms/${platformId}/needs`;
const raw = (path: string, init: RequestInit, as?: Session) =>
  h.request(path, { ...init, ...(as ? { as } : {}) });

describe('the catalogue of errors', () => {
  const catalogue: [name: string, status: number, type: string, request: () => Promise<Response>][] = [
    ['an unknown route', 404, 'not-found', () => raw('/v1/nothing-here', {})],
    [
      'an unknown method on a known path',
      404,
      'not-found',
      () => raw('/v1/me', { method: 'PUT' }, npo.session),
    ],
    ['no session', 401, 'unauthorized', () => raw('/v1/me', {})],
    [
      'a Basic authorization header',
      401,
      'unauthorized',
      () => raw('/v1/me', { headers: { authorization: 'Basic dXNlcjpwYXNz' } }),
    ],
    [
      'a Bearer token with markup in it',
      401,
      'unauthorized',
      () => raw('/v1/me', { headers: { authorization: 'Bearer <script>alert(1)</script>' } }),
    ],
    [
      'a session cookie with broken percent-encoding',
      401,
      'unauthorized',
      () => raw('/v1/me', { headers: { cookie: 'tsunagu_session=%E0%A4%A; other=1' } }),
    ],
    [
      'an over-long session cookie',
      401,
      'unauthorized',
      () => raw('/v1/me', { headers: { cookie: `tsunagu_session=${'a'.repeat(5000)}` } }),
    ],
    [
      'the wrong role',
      403,
      'forbidden',
      () =>
        raw(
          needsPath(),
          { method: 'POST', body: JSON.stringify(needInput(npo.org.id)), headers: json },
          viewer,
        ),
    ],
    ['a missing need', 404, 'not-found', () => raw('/v1/needs/01ARZ3NDEKTSV4RRFFQ69G5FAV', {}, npo.session)],
    ['a missing platform', 404, 'not-found', () => raw('/v1/platforms/no-such-platform', {})],
    [
      'a stale version',
      409,
      'stale-version',
      () =>
        raw(
          `/v1/needs/${need.id}`,
          { method: 'PATCH', body: JSON.stringify({ version: 1, title: '古い' }), headers: json },
          npo.session,
        ),
    ],
    [
      'malformed JSON',
      400,
      'bad-request',
      () => raw(needsPath(), { method: 'POST', body: '{"kind":', headers: json }, npo.session),
    ],
    [
      'JSON with a trailing comma',
      400,
      'bad-request',
      () => raw('/v1/organizations', { method: 'POST', body: '{"name": "x",}', headers: json }, npo.session),
    ],
    [
      'an invalid field',
      400,
      'validation',
      () =>
        raw(
          needsPath(),
          { method: 'POST', body: JSON.stringify(needInput(npo.org.id, { title: '' })), headers: json },
          npo.session,
        ),
    ],
    [
      'JSON sent as text/plain',
      415,
      'unsupported-media-type',
      () =>
        raw(
          needsPath(),
          {
            method: 'POST',
            body: JSON.stringify(needInput(npo.org.id)),
            headers: { 'content-type': 'text/plain' },
          },
          npo.session,
        ),
    ],
    [
      'a form instead of JSON',
      415,
      'unsupported-media-type',
      () =>
        raw('/v1/auth/magic-link', {
          method: 'POST',
          body: 'email=a%40example.jp',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        }),
    ],
    [
      'a body over 64 KB',
      413,
      'payload-too-large',
      () =>
        raw(
          '/v1/organizations',
          {
            method: 'POST',
            body: JSON.stringify(organizationInput({ description: 'x'.repeat(70_000) })),
            headers: json,
          },
          npo.session,
        ),
    ],
  ];

  it.each(catalogue)('answers %s with %i problem+json', async (_name, status, type, request) => {
    await expectProblem(await request(), status, type);
  });

  it('answers a JSON body without a Content-Type with a 4xx problem, not a 500', async () => {
    const res = await h.request(needsPath(), {
      method: 'POST',
      as: npo.session,
      body: JSON.stringify(needInput(npo.org.id)),
    });

    expect(res.status).toBeGreaterThanOrEqual(400);
    await expectProblem(res, res.status);
    expect(res.status).toBeLessThan(500);
  });
});

describe('unexpected failures', () => {
  it('answers with a generic 500 problem that carries a request id and no internals', async () => {
    const broken = await createHarness(
      { TABLE_NAME: h.config.tableName },
      {
        newId: () => {
          throw new Error(`DynamoDB exploded in table ${h.config.tableName} at shared/store/x.ts:10:5`);
        },
      },
    );

    const res = await broken.request('/v1/organizations', {
      method: 'POST',
      as: npo.session,
      json: organizationInput(),
    });

    const problem = await expectProblem(res, 500, 'internal');
    expect(problem.instance).toMatch(/^urn:request:/);
    const text = JSON.stringify(problem);
    expect(text).not.toContain('exploded');
    expect(text).not.toContain(h.config.tableName);
  });
});

describe('arbitrary input', () => {
  const RUNS = { numRuns: 40 };

  /** Any answer is fine as long as it is not a server error and every error is problem+json. */
  async function expectHandled(res: Response): Promise<void> {
    if (res.status >= 400) await expectProblem(res, res.status);
    expect(res.status).toBeLessThan(500);
  }

  it('never fails with a 500 on arbitrary JSON bodies', async () => {
    const routes: [method: string, path: () => string][] = [
      ['POST', needsPath],
      ['POST', () => `/v1/platforms/${platformId}/offers`],
      ['PATCH', () => `/v1/needs/${need.id}`],
      ['POST', () => '/v1/organizations'],
      ['PATCH', () => `/v1/organizations/${npo.org.id}`],
      ['POST', () => `/v1/platforms/${platformId}/memberships`],
      ['POST', () => '/v1/auth/session'],
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), fc.jsonValue(), async ([method, path], body) => {
        await expectHandled(await h.request(path(), { method, as: npo.session, json: body }));
      }),
      RUNS,
    );
  });

  it('never fails with a 500 when one field of a valid need or offer holds an arbitrary value', async () => {
    const needKeys = Object.keys(needInput(npo.org.id));
    const offerKeys = Object.keys(offerInput(npo.org.id));
    const arbitraryValue = fc.oneof(fc.jsonValue(), fc.constant(undefined));
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.record({ what: fc.constant('needs' as const), key: fc.constantFrom(...needKeys) }),
          fc.record({ what: fc.constant('offers' as const), key: fc.constantFrom(...offerKeys) }),
        ),
        arbitraryValue,
        async ({ what, key }, value) => {
          const body: Body = (what === 'needs' ? needInput : offerInput)(npo.org.id, { [key]: value });
          const res = await h.request(`/v1/platforms/${platformId}/${what}`, {
            method: 'POST',
            as: npo.session,
            json: body,
          });
          await expectHandled(res);
        },
      ),
      RUNS,
    );
  });

  it('never fails with a 500 on arbitrary query strings', async () => {
    await fc.assert(
      fc.asyncProperty(fc.webQueryParameters(), async (query) => {
        await expectHandled(await h.request(`${needsPath()}?${query}`, { as: npo.session }));
      }),
      RUNS,
    );
  });

  it('never fails with a 500 on arbitrary ids in the path', async () => {
    const templates = ['/v1/needs/', '/v1/offers/', '/v1/organizations/', '/v1/platforms/'];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...templates), fc.webSegment(), async (prefix, segment) => {
        await expectHandled(await h.request(`${prefix}${segment}`, { as: npo.session }));
      }),
      RUNS,
    );
  });

  it('never fails with a 500 on arbitrary Authorization and Cookie headers', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary-ascii', maxLength: 300 }), async (value) => {
        const clean = value.replace(/[\r\n\0]/g, '');
        await expectHandled(
          await h.request('/v1/me', {
            headers: { authorization: `Bearer ${clean}`, cookie: `tsunagu_session=${clean}` },
          }),
        );
      }),
      RUNS,
    );
  });
});
