import { beforeAll, describe, expect, it } from 'vitest';
import type { Membership, Need, Offer, Organization } from '#domain';
import { needInput, offerInput, organizationInput } from '#test/builders';
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

// Who may do what. Platform A has approved members (an NPO with an editor and a viewer, a
// company), an organisation still pending, and an outsider approved on platform B only.

let h: Harness;
let platformA: string;
let platformB: string;
let secretariatA: Session;
let secretariatB: Session;
let npo: Member;
let company: Member;
let outsider: Member;
let pending: Member;
let editor: Session;
let viewer: Session;
let need: Need;
let offer: Offer;

async function addPerson(owner: Member, role: 'editor' | 'viewer'): Promise<Session> {
  const email = uniqueEmail(role);
  const res = await h.request(`/v1/organizations/${owner.org.id}/people`, {
    method: 'POST',
    as: owner.session,
    json: { email, role },
  });
  expect(res.status).toBe(201);
  return h.signIn(email);
}

beforeAll(async () => {
  h = await createHarness();
  const emailA = uniqueEmail('secretariat-a');
  const emailB = uniqueEmail('secretariat-b');
  platformA = await h.platform({ scope: { prefectures: ['11'], municipalities: [] } }, [emailA]);
  platformB = await h.platform({ scope: { prefectures: ['13'], municipalities: [] } }, [emailB]);
  [secretariatA, secretariatB] = await Promise.all([h.signIn(emailA), h.signIn(emailB)]);
  [npo, company, outsider] = await Promise.all([
    h.member(platformA, secretariatA, 'npo'),
    h.member(platformA, secretariatA, 'company', { name: '株式会社テスト', legalForm: 'company' }),
    h.member(platformB, secretariatB, 'outsider', { location: { prefecture: '13' } }),
  ]);
  const pendingSession = await h.signIn(uniqueEmail('pending'));
  const pendingOrg = await h.organization(pendingSession);
  await h.apply(pendingSession, platformA, pendingOrg.id);
  pending = { session: pendingSession, org: pendingOrg };
  [editor, viewer] = await Promise.all([addPerson(npo, 'editor'), addPerson(npo, 'viewer')]);
  need = await h.postNeed(npo.session, platformA, npo.org.id);
  offer = await h.postOffer(company.session, platformA, company.org.id);
});

const readNeed = async () => jsonOf<Need>(await h.request(`/v1/needs/${need.id}`, { as: npo.session }));
const readOffer = async () =>
  jsonOf<Offer>(await h.request(`/v1/offers/${offer.id}`, { as: company.session }));
const needsOfA = async (as: Session) =>
  (await jsonOf<Page<Need>>(await h.request(`/v1/platforms/${platformA}/needs`, { as }))).items.map(
    (n) => n.id,
  );

describe('without a session', () => {
  // Every protected operation, with real ids and a valid body: only the missing session is wrong.
  const routes: [method: string, path: string, body?: () => unknown][] = [
    ['POST', '/v1/auth/sign-out'],
    ['GET', '/v1/me'],
    ['PATCH', '/v1/me', () => ({ name: '山田 太郎' })],
    ['PATCH', '/v1/platforms/{platformId}', () => ({ version: 1, name: '新しい名前' })],
    ['GET', '/v1/platforms/{platformId}/secretariat'],
    ['POST', '/v1/platforms/{platformId}/secretariat', () => ({ email: uniqueEmail('new-secretariat') })],
    ['POST', '/v1/organizations', () => organizationInput()],
    ['GET', '/v1/organizations/{organizationId}'],
    ['PATCH', '/v1/organizations/{organizationId}', () => ({ version: 1, name: '乗っ取り' })],
    ['GET', '/v1/organizations/{organizationId}/people'],
    ['POST', '/v1/organizations/{organizationId}/people', () => ({ email: uniqueEmail('x'), role: 'owner' })],
    ['DELETE', '/v1/organizations/{organizationId}/people/{personId}'],
    ['GET', '/v1/organizations/{organizationId}/memberships'],
    ['POST', '/v1/platforms/{platformId}/memberships', () => ({ organizationId: pending.org.id })],
    ['GET', '/v1/platforms/{platformId}/memberships'],
    ['GET', '/v1/platforms/{platformId}/memberships/{organizationId}'],
    [
      'PATCH',
      '/v1/platforms/{platformId}/memberships/{organizationId}',
      () => ({ version: 2, tier: 'supporting' }),
    ],
    ['POST', '/v1/platforms/{platformId}/memberships/{organizationId}/approve', () => ({})],
    ['POST', '/v1/platforms/{platformId}/memberships/{organizationId}/suspend', () => ({})],
    ['POST', '/v1/platforms/{platformId}/memberships/{organizationId}/withdraw', () => ({})],
    ['POST', '/v1/platforms/{platformId}/needs', () => needInput(npo.org.id)],
    ['GET', '/v1/platforms/{platformId}/needs'],
    ['GET', '/v1/organizations/{organizationId}/needs'],
    ['GET', '/v1/needs/{id}'],
    ['PATCH', '/v1/needs/{id}', () => ({ version: 1, title: '乗っ取り' })],
    ['POST', '/v1/needs/{id}/close'],
    ['POST', '/v1/platforms/{platformId}/offers', () => offerInput(company.org.id)],
    ['GET', '/v1/platforms/{platformId}/offers'],
    ['GET', '/v1/organizations/{organizationId}/offers'],
    ['GET', '/v1/offers/{id}'],
    ['PATCH', '/v1/offers/{id}', () => ({ version: 1, title: '乗っ取り' })],
    ['POST', '/v1/offers/{id}/close'],
    ['GET', '/v1/matches?organizationId={organizationId}'],
    ['GET', '/v1/matches/{matchId}'],
    ['POST', '/v1/platforms/{platformId}/runs/match'],
    ['GET', '/v1/platforms/{platformId}/rounds'],
    ['POST', '/v1/matches/{matchId}/accept', () => ({})],
    ['POST', '/v1/matches/{matchId}/decline', () => ({ reason: '今回は見送ります' })],
    ['POST', '/v1/matches/{matchId}/outcome', () => ({ outcome: 'formed' })],
    ['GET', '/v1/me/preferences'],
    [
      'PUT',
      '/v1/me/preferences',
      () => ({ language: 'ja', digest: {}, fields: [], regions: { prefectures: [], municipalities: [] } }),
    ],
    ['POST', '/v1/platforms/{platformId}/news', () => ({ title: 'お知らせ', body: '本文' })],
    ['GET', '/v1/platforms/{platformId}/news'],
    ['POST', '/v1/platforms/{platformId}/runs/digest'],
    ['GET', '/v1/platforms/{platformId}/stats'],
  ];

  const concrete = (path: string) =>
    path
      .replace('{platformId}', platformA)
      .replace('{organizationId}', npo.org.id)
      .replace('{personId}', npo.session.personId)
      .replace('{matchId}', '01ARZ3NDEKTSV4RRFFQ69G5FAV')
      .replace('{id}', path.startsWith('/v1/offers') ? offer.id : need.id);

  it('covers every operation the OpenAPI document marks as secured', async () => {
    const doc = await jsonOf<{ paths: Record<string, Record<string, { security?: unknown[] }>> }>(
      await h.request('/v1/openapi.json'),
    );
    const secured = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).flatMap(([method, op]) => (op.security ? [`${method.toUpperCase()} ${path}`] : [])),
    );

    const documented = routes.map(([method, path]) => `${method} ${path.replace(/\?.*$/, '')}`);
    expect(documented.sort()).toEqual(secured.sort());
  });

  it.each(routes)('answers %s %s with 401 problem+json', async (method, path, body) => {
    const res = await h.request(concrete(path), { method, ...(body ? { json: body() } : {}) });

    await expectProblem(res, 401, 'unauthorized');
  });

  it('changed nothing while refusing those requests', async () => {
    expect(await readNeed()).toMatchObject({ version: 1, status: 'open', title: need.title });
    expect(await readOffer()).toMatchObject({ version: 1, status: 'open' });
    const org = await jsonOf<Organization>(
      await h.request(`/v1/organizations/${npo.org.id}`, { as: npo.session }),
    );
    expect(org).toMatchObject({ version: 1, name: npo.org.name });
    const membership = await jsonOf<Membership>(
      await h.request(`/v1/platforms/${platformA}/memberships/${npo.org.id}`, { as: npo.session }),
    );
    expect(membership).toMatchObject({ status: 'approved', tier: 'member' });
  });
});

describe('posting, updating and closing', () => {
  it('does not let a viewer post a need for their organisation', async () => {
    const before = await needsOfA(npo.session);

    const res = await h.request(`/v1/platforms/${platformA}/needs`, {
      method: 'POST',
      as: viewer,
      json: needInput(npo.org.id),
    });

    await expectProblem(res, 403, 'forbidden');
    expect(await needsOfA(npo.session)).toEqual(before);
  });

  it('does not let a viewer update or close a need of their organisation', async () => {
    const patch = await h.request(`/v1/needs/${need.id}`, {
      method: 'PATCH',
      as: viewer,
      json: { version: 1, title: '閲覧者の編集' },
    });
    const close = await h.request(`/v1/needs/${need.id}/close`, { method: 'POST', as: viewer });

    await expectProblem(patch, 403, 'forbidden');
    await expectProblem(close, 403, 'forbidden');
    expect(await readNeed()).toMatchObject({ status: 'open', title: need.title });
  });

  it('lets an editor post and update needs of their organisation', async () => {
    const posted = await h.postNeed(editor, platformA, npo.org.id, { title: '編集者の投稿' });

    const res = await h.request(`/v1/needs/${posted.id}`, {
      method: 'PATCH',
      as: editor,
      json: { version: 1, title: '編集者が直しました' },
    });

    expect(await jsonOf<Need>(res)).toMatchObject({ version: 2, title: '編集者が直しました' });
  });

  it('does not let a member post for an organisation they do not belong to', async () => {
    const before = await needsOfA(npo.session);

    const res = await h.request(`/v1/platforms/${platformA}/needs`, {
      method: 'POST',
      as: company.session,
      json: needInput(npo.org.id),
    });

    await expectProblem(res, 403, 'forbidden');
    expect(await needsOfA(npo.session)).toEqual(before);
  });

  it('does not let an editor of another organisation update a need', async () => {
    const res = await h.request(`/v1/needs/${need.id}`, {
      method: 'PATCH',
      as: company.session,
      json: { version: 1, title: '他団体による編集' },
    });

    await expectProblem(res, 403, 'forbidden');
    expect(await readNeed()).toMatchObject({ version: 1, title: need.title });
  });

  it('does not let an editor of another organisation close a need', async () => {
    const res = await h.request(`/v1/needs/${need.id}/close`, { method: 'POST', as: company.session });

    await expectProblem(res, 403, 'forbidden');
    expect(await readNeed()).toMatchObject({ status: 'open', version: 1 });
  });

  it("does not let another organisation update or close a company's offer", async () => {
    const patch = await h.request(`/v1/offers/${offer.id}`, {
      method: 'PATCH',
      as: npo.session,
      json: { version: 1, introductionsPerRound: 50 },
    });
    const close = await h.request(`/v1/offers/${offer.id}/close`, { method: 'POST', as: npo.session });

    await expectProblem(patch, 403, 'forbidden');
    await expectProblem(close, 403, 'forbidden');
    expect(await readOffer()).toMatchObject({ status: 'open', version: 1, introductionsPerRound: 2 });
  });

  it('does not let the secretariat edit a member’s need', async () => {
    const res = await h.request(`/v1/needs/${need.id}/close`, { method: 'POST', as: secretariatA });

    await expectProblem(res, 403, 'forbidden');
  });

  it('does not let an organisation whose application is pending post', async () => {
    const need = await h.request(`/v1/platforms/${platformA}/needs`, {
      method: 'POST',
      as: pending.session,
      json: needInput(pending.org.id),
    });
    const offer = await h.request(`/v1/platforms/${platformA}/offers`, {
      method: 'POST',
      as: pending.session,
      json: offerInput(pending.org.id),
    });

    await expectProblem(need, 403, 'forbidden');
    await expectProblem(offer, 403, 'forbidden');
  });

  it('does not let a member of another platform post to this one', async () => {
    const res = await h.request(`/v1/platforms/${platformA}/needs`, {
      method: 'POST',
      as: outsider.session,
      json: needInput(outsider.org.id),
    });

    await expectProblem(res, 403, 'forbidden');
  });
});

describe('reading platform content', () => {
  it('does not show a need to a member of another platform, answering as if it did not exist', async () => {
    const hidden = await h.request(`/v1/needs/${need.id}`, { as: outsider.session });
    const missing = await h.request('/v1/needs/01ARZ3NDEKTSV4RRFFQ69G5FAV', { as: outsider.session });

    const hiddenProblem = await expectProblem(hidden, 404, 'not-found');
    expect(hiddenProblem).toEqual(await expectProblem(missing, 404, 'not-found'));
  });

  it('does not show an offer to a person without any membership', async () => {
    const stranger = await h.signIn(uniqueEmail('stranger'));

    await expectProblem(await h.request(`/v1/offers/${offer.id}`, { as: stranger }), 404, 'not-found');
  });

  it('does not list a platform’s needs or offers to members of other platforms or pending organisations', async () => {
    for (const as of [outsider.session, pending.session, secretariatB]) {
      await expectProblem(await h.request(`/v1/platforms/${platformA}/needs`, { as }), 403, 'forbidden');
      await expectProblem(await h.request(`/v1/platforms/${platformA}/offers`, { as }), 403, 'forbidden');
    }
  });

  it('lists a platform’s needs to its secretariat and to every approved member', async () => {
    for (const as of [secretariatA, company.session, viewer]) {
      expect(await needsOfA(as)).toContain(need.id);
    }
  });

  it("does not list an organisation's needs to people outside it", async () => {
    const res = await h.request(`/v1/organizations/${npo.org.id}/needs`, { as: company.session });

    await expectProblem(res, 403, 'forbidden');
  });
});

describe('memberships', () => {
  it('does not let a member organisation approve an application', async () => {
    const res = await h.request(`/v1/platforms/${platformA}/memberships/${pending.org.id}/approve`, {
      method: 'POST',
      as: npo.session,
    });

    await expectProblem(res, 403, 'forbidden');
    const membership = await jsonOf<Membership>(
      await h.request(`/v1/platforms/${platformA}/memberships/${pending.org.id}`, { as: pending.session }),
    );
    expect(membership.status).toBe('pending');
  });

  it('does not let the secretariat of another platform approve an application', async () => {
    const res = await h.request(`/v1/platforms/${platformA}/memberships/${pending.org.id}/approve`, {
      method: 'POST',
      as: secretariatB,
    });

    await expectProblem(res, 403, 'forbidden');
  });

  it('does not let an organisation approve its own application', async () => {
    const res = await h.request(`/v1/platforms/${platformA}/memberships/${pending.org.id}/approve`, {
      method: 'POST',
      as: pending.session,
    });

    await expectProblem(res, 403, 'forbidden');
  });

  it('does not let anyone but the secretariat list memberships or suspend a member', async () => {
    for (const as of [npo.session, company.session, secretariatB]) {
      await expectProblem(
        await h.request(`/v1/platforms/${platformA}/memberships?status=pending`, { as }),
        403,
        'forbidden',
      );
    }
    const suspend = await h.request(`/v1/platforms/${platformA}/memberships/${company.org.id}/suspend`, {
      method: 'POST',
      as: npo.session,
    });
    await expectProblem(suspend, 403, 'forbidden');
  });

  it('does not let an editor withdraw the organisation (owners only)', async () => {
    const res = await h.request(`/v1/platforms/${platformA}/memberships/${npo.org.id}/withdraw`, {
      method: 'POST',
      as: editor,
    });

    await expectProblem(res, 403, 'forbidden');
  });

  it('does not let a non-secretariat change the platform', async () => {
    const res = await h.request(`/v1/platforms/${platformA}`, {
      method: 'PATCH',
      as: npo.session,
      json: { version: 1, name: '乗っ取られたプラットフォーム' },
    });

    await expectProblem(res, 403, 'forbidden');
  });
});

describe('organisation profiles', () => {
  it('hides the contact person from signed-in people outside the organisation', async () => {
    const res = await h.request(`/v1/organizations/${npo.org.id}`, { as: company.session });

    const seen = await jsonOf<Partial<Organization>>(res);
    expect(seen).not.toHaveProperty('contact');
    expect(seen).toMatchObject({ id: npo.org.id, name: npo.org.name });
  });

  it('shows the contact person to its own people and to the secretariat of a platform it applied to', async () => {
    for (const as of [npo.session, viewer, secretariatA]) {
      const seen = await jsonOf<Organization>(await h.request(`/v1/organizations/${npo.org.id}`, { as }));
      expect(seen.contact).toEqual(npo.org.contact);
    }
  });

  it('hides the contact person from the secretariat of a platform it never applied to', async () => {
    const seen = await jsonOf<Partial<Organization>>(
      await h.request(`/v1/organizations/${npo.org.id}`, { as: secretariatB }),
    );

    expect(seen).not.toHaveProperty('contact');
  });

  it("does not show an organisation's people to outsiders", async () => {
    const res = await h.request(`/v1/organizations/${npo.org.id}/people`, { as: company.session });

    await expectProblem(res, 403, 'forbidden');
  });

  it('does not let a non-owner add people to the organisation', async () => {
    const res = await h.request(`/v1/organizations/${npo.org.id}/people`, {
      method: 'POST',
      as: editor,
      json: { email: uniqueEmail('friend'), role: 'owner' },
    });

    await expectProblem(res, 403, 'forbidden');
  });

  it('does not let another organisation edit the profile', async () => {
    const res = await h.request(`/v1/organizations/${npo.org.id}`, {
      method: 'PATCH',
      as: company.session,
      json: { version: 1, name: '乗っ取り' },
    });

    await expectProblem(res, 403, 'forbidden');
  });
});

describe('news, digest runs and stats', () => {
  it('lets only the platform secretariat post news, run the digest and read the stats', async () => {
    for (const as of [npo.session, company.session, secretariatB]) {
      await expectProblem(
        await h.request(`/v1/platforms/${platformA}/news`, {
          method: 'POST',
          as,
          json: { title: '無断の投稿' },
        }),
        403,
        'forbidden',
      );
      await expectProblem(
        await h.request(`/v1/platforms/${platformA}/runs/digest`, { method: 'POST', as }),
        403,
        'forbidden',
      );
      await expectProblem(await h.request(`/v1/platforms/${platformA}/stats`, { as }), 403, 'forbidden');
    }
    const posted = await h.request(`/v1/platforms/${platformA}/news`, {
      method: 'POST',
      as: secretariatA,
      json: { title: '交流会のお知らせ', kind: 'event', eventDate: '2026-12-10' },
    });
    expect(posted.status).toBe(201);
  });

  it('shows the news to members and the secretariat, not to outsiders', async () => {
    for (const as of [npo.session, viewer, secretariatA]) {
      expect((await h.request(`/v1/platforms/${platformA}/news`, { as })).status).toBe(200);
    }
    for (const as of [outsider.session, pending.session, secretariatB]) {
      await expectProblem(await h.request(`/v1/platforms/${platformA}/news`, { as }), 403, 'forbidden');
    }
  });
});
