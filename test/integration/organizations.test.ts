import { beforeAll, describe, expect, it } from 'vitest';
import type { Organization } from '#domain';
import { organizationInput } from '#test/builders';
import {
  CURRENT_CONSENT,
  createHarness,
  expectProblem,
  type Harness,
  jsonOf,
  type Page,
  type Session,
  uniqueEmail,
} from '#test/harness';

// Organisations and their people: the creator owns it, owners invite people and manage their
// roles, and an organisation always keeps an owner (contact history survives staff rotation,
// 異動). The invitations themselves (single use, expiry, limits) are in invitations.test.ts.

interface Me {
  organizations: { organizationId: string; role: string }[];
}
interface OrgPerson {
  personId: string;
  email: string;
  role: string;
}

let h: Harness;

beforeAll(async () => {
  h = await createHarness();
});

const me = async (as: Session) => jsonOf<Me>(await h.request('/v1/me', { as }));
const people = async (orgId: string, as: Session) =>
  (await jsonOf<Page<OrgPerson>>(await h.request(`/v1/organizations/${orgId}/people`, { as }))).items;
const changeRole = (orgId: string, as: Session, personId: string, role: string) =>
  h.request(`/v1/organizations/${orgId}/people/${personId}`, { method: 'PATCH', as, json: { role } });
const removePerson = (orgId: string, as: Session, personId: string) =>
  h.request(`/v1/organizations/${orgId}/people/${personId}`, { method: 'DELETE', as });

describe('registering', () => {
  it('makes the creator the owner of a new, unlisted organisation at version 1', async () => {
    const owner = await h.signIn(uniqueEmail('founder'));

    const res = await h.request('/v1/organizations', {
      method: 'POST',
      as: owner,
      json: organizationInput({ legalForm: 'unincorporated_group', name: '川口ひだまりの会' }),
    });

    const org = await jsonOf<Organization>(res, 201);
    expect(org).toMatchObject({ name: '川口ひだまりの会', directoryListed: false, version: 1 });
    expect((await me(owner)).organizations).toEqual([{ organizationId: org.id, role: 'owner' }]);
    expect(await people(org.id, owner)).toEqual([
      expect.objectContaining({ personId: owner.personId, email: owner.email, role: 'owner' }),
    ]);
  });

  it('registers an individual activist as well as incorporated bodies', async () => {
    const owner = await h.signIn(uniqueEmail('individual'));

    const res = await h.request('/v1/organizations', {
      method: 'POST',
      as: owner,
      json: organizationInput({ legalForm: 'individual', name: '山田 一郎（個人）' }),
    });

    expect(res.status).toBe(201);
  });
});

describe('updating the profile', () => {
  it('changes only what the PATCH names and bumps the version', async () => {
    const owner = await h.signIn(uniqueEmail('owner'));
    const org = await h.organization(owner);

    const res = await h.request(`/v1/organizations/${org.id}`, {
      method: 'PATCH',
      as: owner,
      json: { version: 1, website: 'https://hidamari.example.jp', directoryListed: true },
    });

    const updated = await jsonOf<Organization>(res);
    expect(updated).toMatchObject({
      name: org.name,
      contact: org.contact,
      website: 'https://hidamari.example.jp',
      directoryListed: true,
      version: 2,
    });
  });

  it.each([
    ['example.org', 'https://example.org'],
    ['www.example.org/about?lang=ja', 'https://www.example.org/about?lang=ja'],
    ['  hidamari.example.jp  ', 'https://hidamari.example.jp'],
    ['http://example.org', 'http://example.org'],
    ['https://example.org/about', 'https://example.org/about'],
  ])('stores the website %j as %j', async (typed, stored) => {
    const owner = await h.signIn(uniqueEmail('website'));
    const org = await h.organization(owner);

    const res = await h.request(`/v1/organizations/${org.id}`, {
      method: 'PATCH',
      as: owner,
      json: { version: 1, website: typed },
    });

    expect((await jsonOf<Organization>(res)).website).toBe(stored);
  });

  it('shows an organisation listed in the directory to anonymous visitors, without its contact person', async () => {
    const owner = await h.signIn(uniqueEmail('listed'));
    const listed = await h.organization(owner, { directoryListed: true });
    const unlisted = await h.organization(owner);

    const seen = await jsonOf<Partial<Organization>>(await h.request(`/v1/organizations/${listed.id}`));

    expect(seen).toMatchObject({ id: listed.id, name: listed.name });
    expect(seen).not.toHaveProperty('contact');
    await expectProblem(await h.request(`/v1/organizations/${unlisted.id}`), 401, 'unauthorized');
  });

  it('answers 404 for an organisation that does not exist', async () => {
    const someone = await h.signIn(uniqueEmail('someone'));

    await expectProblem(
      await h.request('/v1/organizations/01ARZ3NDEKTSV4RRFFQ69G5FAV', { as: someone }),
      404,
      'not-found',
    );
  });
});

describe('people of an organisation', () => {
  it('lets the owner invite a colleague, who joins with that role only on accepting the mailed link', async () => {
    const owner = await h.signIn(uniqueEmail('owner'));
    const org = await h.organization(owner);
    const email = uniqueEmail('colleague');

    const { token } = await h.invite(owner, org.id, email, 'editor');

    expect((await people(org.id, owner)).map((p) => p.email)).toEqual([owner.email]);
    const accepted = await h.request('/v1/invitations/accept', {
      method: 'POST',
      json: { token, consent: CURRENT_CONSENT },
    });
    const colleague = await jsonOf<{ token: string; organizationId: string; role: string; joined: boolean }>(
      accepted,
      201,
    );
    expect(colleague).toMatchObject({ organizationId: org.id, role: 'editor', joined: true });
    expect((await me({ ...owner, token: colleague.token })).organizations).toEqual([
      { organizationId: org.id, role: 'editor' },
    ]);
    expect((await people(org.id, owner)).map((p) => [p.email, p.role])).toEqual(
      expect.arrayContaining([
        [owner.email, 'owner'],
        [email, 'editor'],
      ]),
    );
  });

  it('lets the owner change a colleague’s role by their person id', async () => {
    const owner = await h.signIn(uniqueEmail('owner'));
    const org = await h.organization(owner);
    const colleague = await h.addPerson(owner, org.id, uniqueEmail('colleague'), 'viewer');

    const res = await changeRole(org.id, owner, colleague.personId, 'editor');

    expect(await jsonOf<OrgPerson>(res)).toMatchObject({ personId: colleague.personId, role: 'editor' });
    expect((await me(colleague)).organizations).toEqual([{ organizationId: org.id, role: 'editor' }]);
  });

  it('answers 404 for a role change of someone who is not one of the people', async () => {
    const owner = await h.signIn(uniqueEmail('owner'));
    const org = await h.organization(owner);
    const stranger = await h.signIn(uniqueEmail('stranger'));

    await expectProblem(await changeRole(org.id, owner, stranger.personId, 'viewer'), 404, 'not-found');
    expect((await me(stranger)).organizations).toEqual([]);
  });

  it('does not let an editor change roles', async () => {
    const owner = await h.signIn(uniqueEmail('owner'));
    const org = await h.organization(owner);
    const editor = await h.addPerson(owner, org.id, uniqueEmail('editor'), 'editor');

    await expectProblem(await changeRole(org.id, editor, editor.personId, 'owner'), 403, 'forbidden');
    expect((await me(editor)).organizations).toEqual([{ organizationId: org.id, role: 'editor' }]);
  });

  it('lets the owner remove a colleague, who then loses access', async () => {
    const owner = await h.signIn(uniqueEmail('owner'));
    const org = await h.organization(owner);
    const colleague = await h.addPerson(owner, org.id, uniqueEmail('leaving'), 'editor');

    const res = await removePerson(org.id, owner, colleague.personId);

    expect(res.status).toBe(204);
    expect((await me(colleague)).organizations).toEqual([]);
    await expectProblem(
      await h.request(`/v1/organizations/${org.id}/people`, { as: colleague }),
      403,
      'forbidden',
    );
  });

  it('does not let the last owner leave (409) but lets them once another owner exists', async () => {
    const owner = await h.signIn(uniqueEmail('owner'));
    const org = await h.organization(owner);

    await expectProblem(await removePerson(org.id, owner, owner.personId), 409, 'last-owner');

    const successor = await h.addPerson(owner, org.id, uniqueEmail('successor'), 'owner');
    expect((await removePerson(org.id, owner, owner.personId)).status).toBe(204);
    expect((await people(org.id, successor)).map((p) => p.personId)).toEqual([successor.personId]);
  });

  it('does not let the last owner step down (409), but lets an owner who is not the last', async () => {
    const owner = await h.signIn(uniqueEmail('owner'));
    const org = await h.organization(owner);

    await expectProblem(await changeRole(org.id, owner, owner.personId, 'editor'), 409, 'last-owner');
    expect((await me(owner)).organizations).toEqual([{ organizationId: org.id, role: 'owner' }]);

    await h.addPerson(owner, org.id, uniqueEmail('second-owner'), 'owner');
    expect((await changeRole(org.id, owner, owner.personId, 'editor')).status).toBe(200);
    expect((await me(owner)).organizations).toEqual([{ organizationId: org.id, role: 'editor' }]);
  });

  it('lets a viewer leave on their own', async () => {
    const owner = await h.signIn(uniqueEmail('owner'));
    const org = await h.organization(owner);
    const viewer = await h.addPerson(owner, org.id, uniqueEmail('viewer'), 'viewer');

    const res = await removePerson(org.id, viewer, viewer.personId);

    expect(res.status).toBe(204);
    expect((await me(viewer)).organizations).toEqual([]);
  });

  it('does not let a viewer remove someone else', async () => {
    const owner = await h.signIn(uniqueEmail('owner'));
    const org = await h.organization(owner);
    const viewer = await h.addPerson(owner, org.id, uniqueEmail('viewer'), 'viewer');

    await expectProblem(await removePerson(org.id, viewer, owner.personId), 403, 'forbidden');
    expect((await people(org.id, owner)).map((p) => p.role).sort()).toEqual(['owner', 'viewer']);
  });
});
