import { beforeAll, describe, expect, it } from 'vitest';
import type { Need, Organization } from '#domain';
import { type Body, needInput, offerInput, organizationInput } from '#test/builders';
import {
  createHarness,
  errorPaths,
  expectProblem,
  type Harness,
  jsonOf,
  type Member,
  type Page,
  uniqueEmail,
} from '#test/harness';

// Every bad input is a 400 (or 413) problem+json naming the field, and leaves nothing behind.

let h: Harness;
let platformId: string;
let npo: Member;
let company: Member;
let need: Need;
let storedNeeds: string[];
let storedOffers: string[];

const listIds = async (what: 'needs' | 'offers', query = '') =>
  (
    await jsonOf<Page<{ id: string }>>(
      await h.request(`/v1/platforms/${platformId}/${what}?limit=100${query}`, { as: npo.session }),
    )
  ).items.map((p) => p.id);

beforeAll(async () => {
  h = await createHarness();
  const secretariatEmail = uniqueEmail('secretariat');
  platformId = await h.platform({ scope: { prefectures: ['11'], municipalities: [] } }, [secretariatEmail]);
  const secretariat = await h.signIn(secretariatEmail);
  [npo, company] = await Promise.all([
    h.member(platformId, secretariat, 'npo'),
    h.member(platformId, secretariat, 'company', { legalForm: 'company' }),
  ]);
  need = await h.postNeed(npo.session, platformId, npo.org.id);
  // Two offers, so that a page of one has a next cursor.
  for (let i = 0; i < 2; i++) await h.postOffer(company.session, platformId, company.org.id);
  storedNeeds = await listIds('needs');
  storedOffers = await listIds('offers');
});

interface Case {
  name: string;
  change: Body;
  path: string;
}

const NEED_CASES: Case[] = [
  { name: 'people as a string', change: { capacity: { people: '30' } }, path: 'capacity.people' },
  { name: 'negative capacity', change: { capacity: { people: -5 } }, path: 'capacity.people' },
  { name: 'zero capacity', change: { capacity: { people: 0 } }, path: 'capacity.people' },
  { name: 'fractional capacity', change: { capacity: { people: 2.5 } }, path: 'capacity.people' },
  { name: 'absurd capacity', change: { capacity: { people: 1e9 } }, path: 'capacity.people' },
  {
    name: "another kind's capacity",
    change: { capacity: { amountJpy: 100_000 } },
    path: 'capacity.amountJpy',
  },
  {
    name: 'an unknown capacity field',
    change: { capacity: { people: 30, seats: 30 } },
    path: 'capacity.seats',
  },
  { name: 'a title as a number', change: { title: 123 }, path: 'title' },
  { name: 'a blank title', change: { title: '   ' }, path: 'title' },
  { name: 'an over-long title', change: { title: 'あ'.repeat(121) }, path: 'title' },
  { name: 'a title with a line break', change: { title: '一行目\n二行目' }, path: 'title' },
  {
    name: 'a control character in the description',
    change: { description: 'ok\u0007' },
    path: 'description',
  },
  { name: 'an over-long description', change: { description: 'x'.repeat(4001) }, path: 'description' },
  { name: 'onlineOk as a string', change: { onlineOk: 'yes' }, path: 'onlineOk' },
  { name: 'an unknown kind', change: { kind: 'hugs' }, path: 'kind' },
  { name: 'an unknown field slug', change: { fields: ['children_youth', 'gardening'] }, path: 'fields.1' },
  { name: 'fields as a string', change: { fields: 'children_youth' }, path: 'fields' },
  { name: 'no fields', change: { fields: [] }, path: 'fields' },
  { name: 'a field twice', change: { fields: ['elderly', 'elderly'] }, path: 'fields' },
  { name: 'an unknown target group', change: { targetGroups: ['aliens'] }, path: 'targetGroups.0' },
  {
    name: 'an unknown prefecture code',
    change: { location: { prefecture: '48' } },
    path: 'location.prefecture',
  },
  {
    name: 'an unknown municipality code',
    change: { location: { prefecture: '11', municipality: '11999' } },
    path: 'location.municipality',
  },
  {
    name: 'a municipality outside its prefecture',
    change: { location: { prefecture: '11', municipality: '13101' } },
    path: 'location.municipality',
  },
  {
    name: 'an unknown location field',
    change: { location: { prefecture: '11', city: '川口' } },
    path: 'location.city',
  },
  {
    name: 'a period ending before it starts',
    change: { period: { start: '2026-04-01', end: '2026-03-31' } },
    path: 'period.end',
  },
  { name: 'an impossible date', change: { period: { start: '2026-02-30' } }, path: 'period.start' },
  { name: 'a date in another format', change: { period: { start: '2026/04/01' } }, path: 'period.start' },
  { name: 'no period', change: { period: undefined }, path: 'period' },
  { name: 'an unknown top-level field', change: { priority: 'high' }, path: 'priority' },
  { name: 'a status chosen by the client', change: { status: 'closed' }, path: 'status' },
  { name: 'an id chosen by the client', change: { id: '01ARZ3NDEKTSV4RRFFQ69G5FAV' }, path: 'id' },
  { name: 'an organisation id that is no ULID', change: { organizationId: 'org-1' }, path: 'organizationId' },
  {
    name: 'a minimum above the amount',
    change: { kind: 'funding', capacity: { amountJpy: 100_000, minAmountJpy: 200_000 } },
    path: 'capacity.minAmountJpy',
  },
  {
    name: 'goods of zero quantity',
    change: { kind: 'goods', capacity: { quantity: 0, unit: 'kg' } },
    path: 'capacity.quantity',
  },
  {
    name: 'volunteers without people or hours',
    change: { kind: 'volunteers', capacity: {} },
    path: 'capacity',
  },
];

const OFFER_CASES: Case[] = [
  { name: 'an empty service area', change: { serviceArea: {} }, path: 'serviceArea' },
  {
    name: 'an unknown block',
    change: { serviceArea: { blocks: ['atlantis'] } },
    path: 'serviceArea.blocks.0',
  },
  {
    name: 'an unknown prefecture in the service area',
    change: { serviceArea: { prefectures: ['00'] } },
    path: 'serviceArea.prefectures.0',
  },
  {
    name: 'an unknown municipality in the service area',
    change: { serviceArea: { municipalities: ['99999'] } },
    path: 'serviceArea.municipalities.0',
  },
  {
    name: 'zero introductions per round',
    change: { introductionsPerRound: 0 },
    path: 'introductionsPerRound',
  },
  { name: 'fields "all" instead of "any"', change: { fields: 'all' }, path: 'fields' },
  {
    name: 'a minimum amount (needs only)',
    change: { kind: 'funding', capacity: { amountJpy: 500_000, minAmountJpy: 100_000 } },
    path: 'capacity.minAmountJpy',
  },
  { name: 'a need location', change: { location: { prefecture: '11' } }, path: 'location' },
  { name: 'negative capacity', change: { capacity: { people: -40 } }, path: 'capacity.people' },
];

describe('posting a need', () => {
  it.each(NEED_CASES)('rejects $name with 400 naming $path and stores nothing', async ({ change, path }) => {
    const res = await h.request(`/v1/platforms/${platformId}/needs`, {
      method: 'POST',
      as: npo.session,
      json: needInput(npo.org.id, change),
    });

    const problem = await expectProblem(res, 400, 'validation');
    expect(errorPaths(problem)).toContain(path);
    expect(problem.errors!.every((e) => e.message.length > 0)).toBe(true);
    expect(await listIds('needs')).toEqual(storedNeeds);
  });

  it('rejects a place outside the platform’s region with 400 on location', async () => {
    const res = await h.request(`/v1/platforms/${platformId}/needs`, {
      method: 'POST',
      as: npo.session,
      json: needInput(npo.org.id, { location: { prefecture: '13', municipality: '13101' } }),
    });

    const problem = await expectProblem(res, 400, 'validation');
    expect(errorPaths(problem)).toEqual(['location']);
    expect(await listIds('needs')).toEqual(storedNeeds);
  });

  it('rejects malformed JSON with 400 problem+json', async () => {
    const res = await h.request(`/v1/platforms/${platformId}/needs`, {
      method: 'POST',
      as: npo.session,
      headers: { 'content-type': 'application/json' },
      body: '{"kind": "venue", "title": ',
    });

    await expectProblem(res, 400, 'bad-request');
    expect(await listIds('needs')).toEqual(storedNeeds);
  });

  it.each([
    ['a lone continuation byte', [0x80]],
    ['a truncated two-byte sequence', [0xc3]],
    ['an overlong encoding of "/"', [0xc0, 0xaf]],
    ['an encoded surrogate', [0xed, 0xa0, 0x80]],
    ['a byte that never occurs in UTF-8', [0xff]],
  ])(
    'rejects invalid UTF-8 (%s) in a JSON body with 400 validation and stores nothing',
    async (_label, bad) => {
      const [before, after] = JSON.stringify(needInput(npo.org.id, { title: 'こども食堂の会場XX' })).split(
        'XX',
      );
      const body = Buffer.concat([Buffer.from(before!), Buffer.from(bad), Buffer.from(after!)]);
      const res = await h.request(`/v1/platforms/${platformId}/needs`, {
        method: 'POST',
        as: npo.session,
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body,
      });

      const problem = await expectProblem(res, 400, 'validation');
      expect(problem.detail).toMatch(/UTF-8/);
      expect(await listIds('needs')).toEqual(storedNeeds);
    },
  );

  it('rejects invalid UTF-8 in an update and keeps the stored need', async () => {
    const stored = await jsonOf<Need>(await h.request(`/v1/needs/${need.id}`, { as: npo.session }));
    const res = await h.request(`/v1/needs/${need.id}`, {
      method: 'PATCH',
      as: npo.session,
      headers: { 'content-type': 'application/json' },
      body: Buffer.concat([
        Buffer.from(`{"version":${stored.version},"title":"会場`),
        Buffer.from([0xe3, 0x81]),
        Buffer.from('"}'),
      ]),
    });

    await expectProblem(res, 400, 'validation');
    expect(await jsonOf<Need>(await h.request(`/v1/needs/${need.id}`, { as: npo.session }))).toEqual(stored);
  });

  it('rejects a "__proto__" key anywhere in a JSON body, however it is spelled', async () => {
    for (const key of ['__proto__', '\\u005f_proto__']) {
      const res = await h.request(`/v1/platforms/${platformId}/needs`, {
        method: 'POST',
        as: npo.session,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(needInput(npo.org.id)).replace(
          '"capacity":{',
          `"capacity":{"${key}":{"people":3},`,
        ),
      });
      const problem = await expectProblem(res, 400, 'validation');
      expect(errorPaths(problem)).toEqual(['__proto__']);
    }
    expect(await listIds('needs')).toEqual(storedNeeds);
  });

  it.each([
    ['null', null],
    ['an array', [needInput('01ARZ3NDEKTSV4RRFFQ69G5FAV')]],
    ['a string', 'venue'],
    ['a number', 42],
    ['an empty object', {}],
  ])('rejects %s as the body with 400', async (_label, body) => {
    const res = await h.request(`/v1/platforms/${platformId}/needs`, {
      method: 'POST',
      as: npo.session,
      json: body,
    });

    await expectProblem(res, 400, 'validation');
  });

  it('rejects a body over 64 KB with 413 and stores nothing', async () => {
    const huge = needInput(npo.org.id, { description: 'あ'.repeat(30_000) });
    expect(Buffer.byteLength(JSON.stringify(huge))).toBeGreaterThan(64 * 1024);

    const res = await h.request(`/v1/platforms/${platformId}/needs`, {
      method: 'POST',
      as: npo.session,
      json: huge,
    });

    await expectProblem(res, 413, 'payload-too-large');
    expect(await listIds('needs')).toEqual(storedNeeds);
  });

  it('rejects a body declared over 64 KB by Content-Length with 413', async () => {
    const body = JSON.stringify(needInput(npo.org.id, { description: 'x'.repeat(70_000) }));

    const res = await h.request(`/v1/platforms/${platformId}/needs`, {
      method: 'POST',
      as: npo.session,
      headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
      body,
    });

    await expectProblem(res, 413, 'payload-too-large');
  });
});

describe('registering an offer', () => {
  it.each(OFFER_CASES)('rejects $name with 400 naming $path and stores nothing', async ({ change, path }) => {
    const res = await h.request(`/v1/platforms/${platformId}/offers`, {
      method: 'POST',
      as: company.session,
      json: offerInput(company.org.id, change),
    });

    const problem = await expectProblem(res, 400, 'validation');
    expect(errorPaths(problem)).toContain(path);
    expect(await listIds('offers')).toEqual(storedOffers);
  });
});

describe('updating a need', () => {
  const patch = (json: unknown) =>
    h.request(`/v1/needs/${need.id}`, { method: 'PATCH', as: npo.session, json });

  it.each<Case>([
    { name: 'no version', change: { title: '新しい題名' }, path: 'version' },
    { name: 'a version as a string', change: { version: '1', title: '新しい題名' }, path: 'version' },
    { name: 'version zero', change: { version: 0 }, path: 'version' },
    { name: 'a change of kind', change: { version: 1, kind: 'funding' }, path: 'kind' },
    {
      name: 'a status (closing goes through /close)',
      change: { version: 1, status: 'closed' },
      path: 'status',
    },
    { name: 'an unknown field', change: { version: 1, urgent: true }, path: 'urgent' },
    {
      name: "a capacity of another kind's shape",
      change: { version: 1, capacity: { amountJpy: 100_000 } },
      path: 'capacity.amountJpy',
    },
    {
      name: 'a capacity that is negative',
      change: { version: 1, capacity: { people: -1 } },
      path: 'capacity.people',
    },
    {
      name: 'a period ending before it starts',
      change: { version: 1, period: { start: '2026-04-01', end: '2026-01-01' } },
      path: 'period.end',
    },
    { name: 'an over-long title', change: { version: 1, title: 'x'.repeat(121) }, path: 'title' },
    {
      name: 'a place outside the platform’s region',
      change: { version: 1, location: { prefecture: '13' } },
      path: 'location',
    },
  ])('rejects $name with 400 naming $path and leaves the need as it was', async ({ change, path }) => {
    const problem = await expectProblem(await patch(change), 400, 'validation');

    expect(errorPaths(problem)).toContain(path);
    const stored = await jsonOf<Need>(await h.request(`/v1/needs/${need.id}`, { as: npo.session }));
    expect(stored).toEqual(need);
  });
});

describe('paths and queries', () => {
  it('rejects an id that is no ULID with 400 naming the path parameter', async () => {
    const problem = await expectProblem(
      await h.request('/v1/needs/not-a-ulid', { as: npo.session }),
      400,
      'validation',
    );

    expect(errorPaths(problem)).toEqual(['param.id']);
  });

  it('rejects a platform id with characters a platform id cannot have', async () => {
    await expectProblem(
      await h.request('/v1/platforms/Saitama!/needs', { as: npo.session }),
      400,
      'validation',
    );
  });

  it.each([
    ['limit=0', 'query.limit'],
    ['limit=101', 'query.limit'],
    ['limit=ten', 'query.limit'],
    ['status=deleted', 'query.status'],
    ['kind=hugs', 'query.kind'],
    ['field=gardening', 'query.field'],
    ['prefecture=48', 'query.prefecture'],
    ['municipality=1', 'query.municipality'],
  ])('rejects ?%s with 400 naming %s', async (query, path) => {
    const res = await h.request(`/v1/platforms/${platformId}/needs?${query}`, { as: npo.session });

    expect(errorPaths(await expectProblem(res, 400, 'validation'))).toEqual([path]);
  });

  it.each([
    ['garbage', 'not-a-cursor'],
    ['a forged signature', `${Buffer.from('{"s":"x","k":{}}').toString('base64url')}.AAAAAAAAAAAAAAAAAAAAAA`],
    ['an over-long one', 'a'.repeat(2001)],
  ])('rejects %s as a cursor with 400', async (_label, cursor) => {
    const res = await h.request(`/v1/platforms/${platformId}/needs?cursor=${encodeURIComponent(cursor)}`, {
      as: npo.session,
    });

    const problem = await expectProblem(res, 400, 'validation');
    expect(errorPaths(problem).some((p) => p.endsWith('cursor'))).toBe(true);
  });

  it('rejects a cursor taken from another list', async () => {
    const offers = await jsonOf<Page<{ id: string }>>(
      await h.request(`/v1/platforms/${platformId}/offers?limit=1`, { as: npo.session }),
    );
    expect(offers.nextCursor).toEqual(expect.any(String));

    const res = await h.request(`/v1/platforms/${platformId}/needs?cursor=${offers.nextCursor}`, {
      as: npo.session,
    });

    await expectProblem(res, 400, 'validation');
  });
});

describe('organisations and memberships', () => {
  const myOrganizations = async () =>
    (await jsonOf<{ organizations: unknown[] }>(await h.request('/v1/me', { as: npo.session })))
      .organizations;

  it.each<Case>([
    { name: 'an unknown legal form', change: { legalForm: 'corporation' }, path: 'legalForm' },
    { name: 'a javascript: website', change: { website: 'javascript:alert(1)' }, path: 'website' },
    { name: 'a website that is no address', change: { website: 'our homepage' }, path: 'website' },
    { name: 'an ftp website', change: { website: 'ftp://example.org' }, path: 'website' },
    { name: 'a website with a user in it', change: { website: 'user@example.org' }, path: 'website' },
    {
      name: 'a contact without a valid email',
      change: { contact: { name: '担当', email: 'nope' } },
      path: 'contact.email',
    },
    { name: 'an unknown field', change: { taxId: '123' }, path: 'taxId' },
    { name: 'directoryListed as a string', change: { directoryListed: 'yes' }, path: 'directoryListed' },
  ])('rejects an organisation with $name and registers nothing', async ({ change, path }) => {
    const before = await myOrganizations();

    const res = await h.request('/v1/organizations', {
      method: 'POST',
      as: npo.session,
      json: organizationInput(change),
    });

    expect(errorPaths(await expectProblem(res, 400, 'validation'))).toContain(path);
    expect(await myOrganizations()).toEqual(before);
  });

  it('rejects an application with a tier the platform does not have', async () => {
    const org = await h.organization(npo.session);

    const res = await h.request(`/v1/platforms/${platformId}/memberships`, {
      method: 'POST',
      as: npo.session,
      json: { organizationId: org.id, tier: 'platinum' },
    });

    expect(errorPaths(await expectProblem(res, 400, 'validation'))).toEqual(['tier']);
    await expectProblem(
      await h.request(`/v1/platforms/${platformId}/memberships/${org.id}`, { as: npo.session }),
      404,
      'not-found',
    );
  });

  it('rejects a profile update with a stale version as 409 and keeps the stored profile', async () => {
    const org = await h.organization(npo.session);
    const first = await h.request(`/v1/organizations/${org.id}`, {
      method: 'PATCH',
      as: npo.session,
      json: { version: 1, name: '新しい名前' },
    });
    expect(first.status).toBe(200);

    const stale = await h.request(`/v1/organizations/${org.id}`, {
      method: 'PATCH',
      as: npo.session,
      json: { version: 1, name: '古い画面からの名前' },
    });

    await expectProblem(stale, 409, 'stale-version');
    const stored = await jsonOf<Organization>(
      await h.request(`/v1/organizations/${org.id}`, { as: npo.session }),
    );
    expect(stored).toMatchObject({ name: '新しい名前', version: 2 });
  });
});
