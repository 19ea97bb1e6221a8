import { beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '#context';
import type { Membership, Need, Offer } from '#domain';
import { createHarness, type Harness, jsonOf, type Page, type Session } from '#test/harness';
import { DEMO_LOGINS, seedDemo } from '../../infra/local/seed';

async function list<T>(h: Harness, path: string, as: Session): Promise<T[]> {
  const page = await jsonOf<Page<T>>(
    await h.request(`${path}${path.includes('?') ? '&' : '?'}limit=100`, { as }),
  );
  expect(page.nextCursor).toBeNull();
  return page.items;
}

/** What a secretariat sees of its platform: every membership and every open need and offer. */
async function platformContents(h: Harness, platformId: string, secretariat: Session) {
  const memberships = await list<Membership>(h, `/v1/platforms/${platformId}/memberships`, secretariat);
  const needs = await list<Need>(h, `/v1/platforms/${platformId}/needs`, secretariat);
  const offers = await list<Offer>(h, `/v1/platforms/${platformId}/offers`, secretariat);
  return {
    memberships: memberships.map((m) => `${m.organizationId} ${m.status}`).sort(),
    needs: needs.map((n) => n.title).sort(),
    offers: offers.map((o) => o.title).sort(),
  };
}

describe('demo seed', () => {
  let h: Harness;
  let first: { seeded: boolean; summary: string };
  let second: { seeded: boolean; summary: string };

  beforeAll(async () => {
    h = await createHarness();
    first = await seedDemo(h.ctx);
    second = await seedDemo(h.ctx);
  });

  it('seeds on the first run only, and the summary names the demo logins', async () => {
    const secretariat = await h.signIn(DEMO_LOGINS.saitamaSecretariat);

    const contents = await platformContents(h, 'saitama', secretariat);

    expect(first.seeded).toBe(true);
    expect(second.seeded).toBe(false);
    for (const email of Object.values(DEMO_LOGINS)) expect(first.summary).toContain(email);
    expect(contents.memberships).toHaveLength(11);
    expect(new Set(contents.memberships.map((m) => m.split(' ')[0])).size).toBe(11);
    expect(contents.needs).toHaveLength(5);
    expect(new Set(contents.needs).size).toBe(5);
    expect(contents.offers).toHaveLength(5);
  });

  it('lets the seeded secretariat sign in and see the applications waiting for approval', async () => {
    const secretariat = await h.signIn(DEMO_LOGINS.saitamaSecretariat);

    const pending = await list<Membership>(
      h,
      '/v1/platforms/saitama/memberships?status=pending',
      secretariat,
    );

    expect(pending).toHaveLength(2);
    expect(pending.every((m) => m.status === 'pending' && m.message)).toBe(true);
    // Not the café's application: a later test relies on it still waiting.
    const application = pending.find((m) => m.message?.includes('外国にルーツ'))!;
    const approved = await h.request(
      `/v1/platforms/saitama/memberships/${application.organizationId}/approve`,
      { method: 'POST', as: secretariat },
    );
    expect(approved.status).toBe(200);
  });

  it('shows an approved NPO person the needs and offers of both platforms it belongs to', async () => {
    const npo = await h.signIn(DEMO_LOGINS.npo);

    const needs = await list<Need>(h, '/v1/platforms/saitama/needs', npo);
    const offers = await list<Offer>(h, '/v1/platforms/saitama/offers', npo);
    const cityNeeds = await list<Need>(h, '/v1/platforms/kawaguchi/needs', npo);

    expect(needs.map((n) => n.kind).sort()).toEqual([
      'employment',
      'funding',
      'goods',
      'publicity',
      'volunteers',
    ]);
    expect(new Set(offers.map((o) => o.kind))).toEqual(
      new Set(['goods', 'funding', 'publicity', 'employment', 'skills']),
    );
    expect(cityNeeds.map((n) => n.kind).sort()).toEqual(['venue', 'volunteers']);
    expect(needs.every((n) => n.status === 'open' && n.platformId === 'saitama')).toBe(true);
  });

  it('has every organisation’s contact confirmed (it is its owner’s own address), so introductions reach it', async () => {
    const secretariat = await h.signIn(DEMO_LOGINS.saitamaSecretariat);
    const memberships = await list<Membership>(h, '/v1/platforms/saitama/memberships', secretariat);

    const orgs = await Promise.all(
      memberships.map(async (m) =>
        jsonOf<{ contactVerified: boolean; contact: { email: string } }>(
          await h.request(`/v1/organizations/${m.organizationId}`, { as: secretariat }),
        ),
      ),
    );

    expect(orgs).toHaveLength(11);
    expect(orgs.filter((o) => !o.contactVerified).map((o) => o.contact.email)).toEqual([]);
  });

  it('lets an NPO person edit a seeded need, with the usual version check', async () => {
    const npo = await h.signIn(DEMO_LOGINS.npo);
    const mine = (await list<Need>(h, '/v1/platforms/kawaguchi/needs', npo)).find((n) => n.kind === 'venue')!;

    const edited = await h.request(`/v1/needs/${mine.id}`, {
      method: 'PATCH',
      as: npo,
      json: { version: mine.version, capacity: { people: 35, sessionsPerMonth: 2 } },
    });
    const stale = await h.request(`/v1/needs/${mine.id}`, {
      method: 'PATCH',
      as: npo,
      json: { version: mine.version, title: '古い版からの変更' },
    });

    expect(edited.status).toBe(200);
    expect(stale.status).toBe(409);
  });

  it('keeps a member awaiting approval out of that platform but not out of the one it belongs to', async () => {
    const cafe = await h.signIn(DEMO_LOGINS.pendingMember);

    const prefecture = await h.request('/v1/platforms/saitama/needs', { as: cafe });
    const city = await h.request('/v1/platforms/kawaguchi/needs', { as: cafe });

    expect(prefecture.status).toBe(403);
    expect(city.status).toBe(200);
  });
});

describe('demo seed after an interrupted run', () => {
  it('completes the data on the next run without duplicating what was already written', async () => {
    const clean = await createHarness();
    await seedDemo(clean.ctx);
    const h = await createHarness();
    const crashing: AppContext = {
      ...h.ctx,
      store: {
        ...h.ctx.store,
        platforms: {
          ...h.ctx.store.platforms,
          create: () => Promise.reject(new Error('simulated crash before the platforms are written')),
        },
      },
    };

    await expect(seedDemo(crashing)).rejects.toThrow('simulated crash');
    const rerun = await seedDemo(h.ctx);

    expect(rerun.seeded).toBe(true);
    for (const [platformId, email] of [
      ['saitama', DEMO_LOGINS.saitamaSecretariat],
      ['kawaguchi', DEMO_LOGINS.kawaguchiSecretariat],
    ] as const) {
      const resumed = await platformContents(h, platformId, await h.signIn(email));
      const expected = await platformContents(clean, platformId, await clean.signIn(email));
      expect(resumed.needs).toEqual(expected.needs);
      expect(resumed.offers).toEqual(expected.offers);
      expect(resumed.memberships).toHaveLength(expected.memberships.length);
    }
  });
});
