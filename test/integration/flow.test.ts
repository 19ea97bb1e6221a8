import { beforeAll, describe, expect, it } from 'vitest';
import type { Membership, Need, Offer, Organization } from '#domain';
import { needInput, offerInput, organizationInput } from '#test/builders';
import { createHarness, expectProblem, type Harness, jsonOf, type Page, uniqueEmail } from '#test/harness';

// The foundation's whole story through HTTP, as members and a secretariat live it.

let h: Harness;

beforeAll(async () => {
  h = await createHarness();
});

const ids = (page: Page<{ id: string }>) => page.items.map((item) => item.id);

describe('from sign-in to a closed need', () => {
  it('takes an NPO and a company from sign-in through approval to posting, updating and closing', async () => {
    // A prefectural platform with its secretariat (created by the operator, not through the API).
    const secretariatEmail = uniqueEmail('jimukyoku');
    const platformId = await h.platform(
      {
        name: '埼玉県孤独・孤立対策官民連携プラットフォーム',
        level: 'prefecture',
        scope: { prefectures: ['11'], municipalities: [] },
      },
      [secretariatEmail],
    );

    // NPO and company staff sign in with magic links read from SES local.
    const npo = await h.signIn(uniqueEmail('npo'));
    const company = await h.signIn(uniqueEmail('company'));
    const secretariat = await h.signIn(secretariatEmail);

    // Each registers an organisation and becomes its owner.
    const npoOrg = await jsonOf<Organization>(
      await h.request('/v1/organizations', { method: 'POST', as: npo, json: organizationInput() }),
      201,
    );
    const companyOrg = await jsonOf<Organization>(
      await h.request('/v1/organizations', {
        method: 'POST',
        as: company,
        json: organizationInput({
          name: '株式会社さいたま食品',
          legalForm: 'company',
          location: { prefecture: '11', municipality: '11100' },
          contact: { name: '浦和 太郎', email: 'csr@saitama-foods.example.jp' },
        }),
      }),
      201,
    );
    const npoMe = await jsonOf<{ organizations: unknown[] }>(await h.request('/v1/me', { as: npo }));
    expect(npoMe.organizations).toEqual([{ organizationId: npoOrg.id, role: 'owner' }]);

    // Both apply to the platform.
    for (const [as, org] of [
      [npo, npoOrg],
      [company, companyOrg],
    ] as const) {
      const applied = await jsonOf<Membership>(
        await h.request(`/v1/platforms/${platformId}/memberships`, {
          method: 'POST',
          as,
          json: { organizationId: org.id, tier: 'member', message: 'よろしくお願いします' },
        }),
        201,
      );
      expect(applied).toMatchObject({
        platformId,
        organizationId: org.id,
        status: 'pending',
        tier: 'member',
      });
    }

    // The secretariat sees both in the pending list and approves them.
    const pending = await jsonOf<Page<Membership>>(
      await h.request(`/v1/platforms/${platformId}/memberships?status=pending`, { as: secretariat }),
    );
    expect(pending.items.map((m) => m.organizationId).sort()).toEqual([npoOrg.id, companyOrg.id].sort());
    for (const org of [npoOrg, companyOrg]) {
      const approved = await jsonOf<Membership>(
        await h.request(`/v1/platforms/${platformId}/memberships/${org.id}/approve`, {
          method: 'POST',
          as: secretariat,
        }),
      );
      expect(approved).toMatchObject({ status: 'approved', decidedBy: secretariat.personId, version: 2 });
    }
    const stillPending = await jsonOf<Page<Membership>>(
      await h.request(`/v1/platforms/${platformId}/memberships?status=pending`, { as: secretariat }),
    );
    expect(stillPending.items).toEqual([]);

    // The NPO posts a need: a venue for a こども食堂 in 川口市 for 30 people.
    const need = await jsonOf<Need>(
      await h.request(`/v1/platforms/${platformId}/needs`, {
        method: 'POST',
        as: npo,
        json: needInput(npoOrg.id),
      }),
      201,
    );
    expect(need).toMatchObject({
      platformId,
      organizationId: npoOrg.id,
      kind: 'venue',
      location: { prefecture: '11', municipality: '11203' },
      capacity: { people: 30 },
      status: 'open',
      version: 1,
      createdBy: npo.personId,
    });

    // The company offers its canteen to 40 people anywhere in the prefecture.
    const offer = await jsonOf<Offer>(
      await h.request(`/v1/platforms/${platformId}/offers`, {
        method: 'POST',
        as: company,
        json: offerInput(companyOrg.id),
      }),
      201,
    );
    expect(offer).toMatchObject({
      kind: 'venue',
      serviceArea: { prefectures: ['11'] },
      capacity: { people: 40 },
      status: 'open',
      version: 1,
    });

    // Each side finds the other's posting with filters, and not with filters that exclude it.
    const list = async (as: typeof npo, what: 'needs' | 'offers', query: string) =>
      ids(
        await jsonOf<Page<Need | Offer>>(
          await h.request(`/v1/platforms/${platformId}/${what}?${query}`, { as }),
        ),
      );
    expect(await list(company, 'needs', 'kind=venue&field=children_youth&prefecture=11')).toEqual([need.id]);
    expect(await list(company, 'needs', 'municipality=11203')).toEqual([need.id]);
    expect(await list(company, 'needs', 'kind=funding')).toEqual([]);
    expect(await list(company, 'needs', 'field=elderly')).toEqual([]);
    expect(await list(npo, 'offers', 'kind=venue&field=children_youth&prefecture=11')).toEqual([offer.id]);
    expect(await list(npo, 'offers', 'municipality=11203')).toEqual([offer.id]);
    expect(await list(npo, 'offers', 'prefecture=13')).toEqual([]);

    // Both read each other's posting by id.
    expect(await jsonOf<Need>(await h.request(`/v1/needs/${need.id}`, { as: company }))).toEqual(need);
    expect(await jsonOf<Offer>(await h.request(`/v1/offers/${offer.id}`, { as: npo }))).toEqual(offer);

    // The NPO updates the need with the version it read...
    const updated = await jsonOf<Need>(
      await h.request(`/v1/needs/${need.id}`, {
        method: 'PATCH',
        as: npo,
        json: { version: 1, capacity: { people: 35, sessionsPerMonth: 2 } },
      }),
    );
    expect(updated).toMatchObject({
      version: 2,
      capacity: { people: 35, sessionsPerMonth: 2 },
      title: need.title,
    });

    // ...and a second edit from the same stale read is refused, leaving the first one in place.
    const stale = await h.request(`/v1/needs/${need.id}`, {
      method: 'PATCH',
      as: npo,
      json: { version: 1, title: '古い画面からの編集' },
    });
    await expectProblem(stale, 409, 'stale-version');
    expect(await jsonOf<Need>(await h.request(`/v1/needs/${need.id}`, { as: npo }))).toMatchObject({
      version: 2,
      title: need.title,
    });

    // Closing takes the need out of the default (open) list and into status=closed.
    const closed = await jsonOf<Need>(
      await h.request(`/v1/needs/${need.id}/close`, { method: 'POST', as: npo }),
    );
    expect(closed).toMatchObject({ status: 'closed', version: 3, closedAt: expect.any(String) });
    expect(await list(company, 'needs', '')).toEqual([]);
    expect(await list(company, 'needs', 'status=closed')).toEqual([need.id]);
    expect(await list(npo, 'offers', '')).toEqual([offer.id]);
  });
});
