import { beforeAll, describe, expect, it } from 'vitest';
import type { Membership } from '#domain';
import { needInput } from '#test/builders';
import {
  createHarness,
  errorPaths,
  expectProblem,
  type Harness,
  jsonOf,
  type Page,
  type Session,
  uniqueEmail,
} from '#test/harness';

// Applying to a platform and the secretariat's decisions: pending → approved → suspended /
// withdrawn, and what each status lets an organisation do.

let h: Harness;
let platformId: string;
let secretariat: Session;

beforeAll(async () => {
  h = await createHarness();
  const email = uniqueEmail('secretariat');
  platformId = await h.platform(
    {
      scope: { prefectures: ['11'], municipalities: [] },
      tiers: [
        { id: 'kanji', ja: '幹事団体', en: 'Steering member' },
        { id: 'ippan', ja: '一般団体', en: 'General member' },
      ],
    },
    [email],
  );
  secretariat = await h.signIn(email);
});

/** A person with an organisation that has applied (pending). */
async function applicant(label = 'applicant') {
  const session = await h.signIn(uniqueEmail(label));
  const org = await h.organization(session);
  const membership = await h.apply(session, platformId, org.id);
  return { session, org, membership };
}

const membershipPath = (orgId: string, action = '') =>
  `/v1/platforms/${platformId}/memberships/${orgId}${action ? `/${action}` : ''}`;

const decide = (orgId: string, action: string, as: Session = secretariat, json?: unknown) =>
  h.request(membershipPath(orgId, action), { method: 'POST', as, ...(json ? { json } : {}) });

const postNeed = (as: Session, orgId: string) =>
  h.request(`/v1/platforms/${platformId}/needs`, { method: 'POST', as, json: needInput(orgId) });

describe('applying', () => {
  it('puts a new application in the pending list with the tier chosen', async () => {
    const { org, membership } = await applicant();

    const pending = await jsonOf<Page<Membership>>(
      await h.request(`/v1/platforms/${platformId}/memberships?status=pending&limit=100`, {
        as: secretariat,
      }),
    );

    expect(membership).toMatchObject({ status: 'pending', tier: 'kanji', version: 1 });
    expect(pending.items.map((m) => m.organizationId)).toContain(org.id);
    expect(pending.items.every((m) => m.status === 'pending')).toBe(true);
  });

  it('lets an applicant choose a tier of the platform', async () => {
    const session = await h.signIn(uniqueEmail('tiered'));
    const org = await h.organization(session);

    const res = await h.request(`/v1/platforms/${platformId}/memberships`, {
      method: 'POST',
      as: session,
      json: { organizationId: org.id, tier: 'ippan' },
    });

    expect(await jsonOf<Membership>(res, 201)).toMatchObject({ tier: 'ippan', status: 'pending' });
  });

  it('refuses a second application while the first is pending (409)', async () => {
    const { session, org } = await applicant();

    const res = await h.request(`/v1/platforms/${platformId}/memberships`, {
      method: 'POST',
      as: session,
      json: { organizationId: org.id },
    });

    await expectProblem(res, 409, 'membership-state');
  });

  it('answers 404 for a platform that does not exist', async () => {
    const session = await h.signIn(uniqueEmail('lost'));
    const org = await h.organization(session);

    const res = await h.request('/v1/platforms/no-such-platform/memberships', {
      method: 'POST',
      as: session,
      json: { organizationId: org.id },
    });

    await expectProblem(res, 404, 'not-found');
  });

  it('shows an organisation its own memberships across platforms', async () => {
    const { session, org } = await applicant();
    const other = await h.platform({ level: 'national', scope: { prefectures: [], municipalities: [] } });
    await h.apply(session, other, org.id);

    const res = await h.request(`/v1/organizations/${org.id}/memberships`, { as: session });

    const { items } = await jsonOf<{ items: Membership[] }>(res);
    expect(items.map((m) => m.platformId).sort()).toEqual([platformId, other].sort());
  });
});

describe('deciding', () => {
  it('approves a pending application and records who decided', async () => {
    const { org } = await applicant();

    const approved = await jsonOf<Membership>(await decide(org.id, 'approve'));

    expect(approved).toMatchObject({ status: 'approved', decidedBy: secretariat.personId, version: 2 });
    const approvedList = await jsonOf<Page<Membership>>(
      await h.request(`/v1/platforms/${platformId}/memberships?status=approved&limit=100`, {
        as: secretariat,
      }),
    );
    expect(approvedList.items.map((m) => m.organizationId)).toContain(org.id);
  });

  it('sets the tier while approving', async () => {
    const { org } = await applicant();

    const approved = await jsonOf<Membership>(
      await decide(org.id, 'approve', secretariat, { tier: 'ippan' }),
    );

    expect(approved).toMatchObject({ status: 'approved', tier: 'ippan' });
  });

  it('refuses to approve with a tier the platform does not have and keeps the application pending', async () => {
    const { org, session } = await applicant();

    const problem = await expectProblem(await decide(org.id, 'approve', secretariat, { tier: 'gold' }), 400);

    expect(errorPaths(problem)).toEqual(['tier']);
    const stored = await jsonOf<Membership>(await h.request(membershipPath(org.id), { as: session }));
    expect(stored.status).toBe('pending');
  });

  it('refuses to approve twice (409)', async () => {
    const { org } = await applicant();
    await decide(org.id, 'approve');

    await expectProblem(await decide(org.id, 'approve'), 409, 'membership-state');
  });

  it('answers 404 when approving an organisation that never applied', async () => {
    const session = await h.signIn(uniqueEmail('never'));
    const org = await h.organization(session);

    await expectProblem(await decide(org.id, 'approve'), 404, 'not-found');
  });

  it('lets the secretariat change the tier with the version it read, and refuses a stale one', async () => {
    const { org } = await applicant();
    const approved = await jsonOf<Membership>(await decide(org.id, 'approve'));
    const change = (version: number, tier: string) =>
      h.request(membershipPath(org.id), { method: 'PATCH', as: secretariat, json: { version, tier } });

    const changed = await jsonOf<Membership>(await change(approved.version, 'ippan'));
    const stale = await change(approved.version, 'kanji');

    expect(changed).toMatchObject({ tier: 'ippan', version: approved.version + 1 });
    await expectProblem(stale, 409, 'stale-version');
  });
});

describe('what each status allows', () => {
  it('lets an organisation post once it is approved', async () => {
    const { session, org } = await applicant();
    await expectProblem(await postNeed(session, org.id), 403, 'forbidden');

    await decide(org.id, 'approve');

    expect((await postNeed(session, org.id)).status).toBe(201);
  });

  it('stops a suspended member from posting and reading, until approved again', async () => {
    const { session, org } = await applicant();
    await decide(org.id, 'approve');

    const suspended = await jsonOf<Membership>(await decide(org.id, 'suspend'));

    expect(suspended.status).toBe('suspended');
    await expectProblem(await postNeed(session, org.id), 403, 'forbidden');
    await expectProblem(
      await h.request(`/v1/platforms/${platformId}/needs`, { as: session }),
      403,
      'forbidden',
    );
    expect((await jsonOf<Membership>(await decide(org.id, 'approve'))).status).toBe('approved');
    expect((await postNeed(session, org.id)).status).toBe(201);
  });

  it('lets the owner withdraw and apply again later', async () => {
    const { session, org } = await applicant();
    await decide(org.id, 'approve');

    const withdrawn = await jsonOf<Membership>(await decide(org.id, 'withdraw', session));
    expect(withdrawn.status).toBe('withdrawn');
    await expectProblem(await postNeed(session, org.id), 403, 'forbidden');

    const again = await h.request(`/v1/platforms/${platformId}/memberships`, {
      method: 'POST',
      as: session,
      json: { organizationId: org.id, tier: 'kanji' },
    });
    expect(await jsonOf<Membership>(again, 201)).toMatchObject({
      status: 'pending',
      version: withdrawn.version + 1,
    });
  });

  it('does not let a withdrawn membership be suspended (409)', async () => {
    const { session, org } = await applicant();
    await decide(org.id, 'withdraw', session);

    await expectProblem(await decide(org.id, 'suspend'), 409, 'membership-state');
  });
});
