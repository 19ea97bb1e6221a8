import { monotonicFactory } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Need, Offer } from '#domain';
import { needInput } from '#test/builders';
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

// Listing, paging, filtering and the lifecycle of needs and offers. Ids come from a monotonic
// ULID factory so "newest first" is exactly the reverse of the order of creation.

let h: Harness;
// The secretariat of every platform this file creates.
const secretariatEmail = uniqueEmail('secretariat');
let secretariat: Session;

beforeAll(async () => {
  h = await createHarness({}, { newId: monotonicFactory() });
  secretariat = await h.signIn(secretariatEmail);
});

/** A fresh platform (Saitama) with one approved NPO and one approved company. */
async function platformWithMembers(): Promise<{ platformId: string; npo: Member; company: Member }> {
  const platformId = await h.platform({ scope: { prefectures: ['11'], municipalities: [] } }, [
    secretariatEmail,
  ]);
  const [npo, company] = await Promise.all([
    h.member(platformId, secretariat, 'npo'),
    h.member(platformId, secretariat, 'company', { legalForm: 'company' }),
  ]);
  return { platformId, npo, company };
}

async function readAllPages<T extends { id: string }>(
  path: string,
  as: Session,
): Promise<{ pages: T[][]; last: string | null }> {
  const pages: T[][] = [];
  let cursor: string | null = null;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const url: string = cursor ? `${path}${separator}cursor=${encodeURIComponent(cursor)}` : path;
    const page: Page<T> = await jsonOf<Page<T>>(await h.request(url, { as }));
    pages.push(page.items);
    cursor = page.nextCursor;
    expect(pages.length).toBeLessThan(20);
  } while (cursor);
  return { pages, last: cursor };
}

describe('paging through a platform’s needs', () => {
  let platformId: string;
  let npo: Member;
  let created: Need[];

  beforeAll(async () => {
    ({ platformId, npo } = await platformWithMembers());
    created = [];
    for (let i = 0; i < 25; i++) {
      created.push(
        await h.postNeed(npo.session, platformId, npo.org.id, {
          title: `ニーズ ${i + 1}`,
          fields: i % 3 === 0 ? ['elderly'] : ['children_youth'],
          ...(i % 5 === 0 ? { kind: 'volunteers', capacity: { people: 3 } } : {}),
        }),
      );
    }
  });

  it('returns 25 needs as pages of 10, 10 and 5, newest first, without duplicates', async () => {
    const { pages, last } = await readAllPages<Need>(
      `/v1/platforms/${platformId}/needs?limit=10`,
      npo.session,
    );

    expect(pages.map((p) => p.length)).toEqual([10, 10, 5]);
    expect(last).toBeNull();
    const ids = pages.flat().map((n) => n.id);
    expect(new Set(ids).size).toBe(25);
    expect(ids).toEqual(created.map((n) => n.id).reverse());
  });

  it('says there is no next page on the last page', async () => {
    const all = await jsonOf<Page<Need>>(
      await h.request(`/v1/platforms/${platformId}/needs?limit=100`, { as: npo.session }),
    );

    expect(all.items).toHaveLength(25);
    expect(all.nextCursor).toBeNull();
  });

  it('pages through a field filter without losing or repeating needs', async () => {
    const { pages } = await readAllPages<Need>(
      `/v1/platforms/${platformId}/needs?field=elderly&limit=4`,
      npo.session,
    );

    const expected = created.filter((n) => n.fields.includes('elderly')).map((n) => n.id);
    expect(pages.flat().map((n) => n.id)).toEqual(expected.reverse());
    expect(pages.slice(0, -1).every((p) => p.length === 4)).toBe(true);
  });

  it('pages through a kind filter', async () => {
    const { pages } = await readAllPages<Need>(
      `/v1/platforms/${platformId}/needs?kind=volunteers&limit=2`,
      npo.session,
    );

    const expected = created.filter((n) => n.kind === 'volunteers').map((n) => n.id);
    expect(pages.flat().map((n) => n.id)).toEqual(expected.reverse());
  });

  it('lists an organisation’s needs to its people, newest first', async () => {
    const { pages } = await readAllPages<Need>(`/v1/organizations/${npo.org.id}/needs?limit=7`, npo.session);

    expect(pages.flat().map((n) => n.id)).toEqual(created.map((n) => n.id).reverse());
  });
});

describe('filtering needs by a broader or narrower field', () => {
  it('finds needs in the narrower fields under a broader one, and in the broader one above a narrower one', async () => {
    const { platformId, npo } = await platformWithMembers();
    const post = (fields: string[]) => h.postNeed(npo.session, platformId, npo.org.id, { fields });
    const carers = await post(['carers']);
    const young = await post(['young_carers']);
    const singleParents = await post(['single_parents']);
    await post(['environment']);
    const find = async (field: string) =>
      (
        await jsonOf<Page<Need>>(
          await h.request(`/v1/platforms/${platformId}/needs?field=${field}`, { as: npo.session }),
        )
      ).items
        .map((n) => n.id)
        .sort();

    expect(await find('carers')).toEqual([carers.id, young.id].sort());
    expect(await find('young_carers')).toEqual([carers.id, young.id].sort());
    expect(await find('child_rearing')).toEqual([singleParents.id]);
  });
});

describe('filtering offers by field and region', () => {
  let platformId: string;
  let npo: Member;
  let offers: Record<string, Offer>;

  beforeAll(async () => {
    let company: Member;
    ({ platformId, npo, company } = await platformWithMembers());
    const post = (overrides: Record<string, unknown>) =>
      h.postOffer(company.session, platformId, company.org.id, overrides);
    offers = {
      saitama: await post({ serviceArea: { prefectures: ['11'] }, fields: ['children_youth'] }),
      kawaguchi: await post({ serviceArea: { municipalities: ['11203'] }, fields: ['elderly'] }),
      kanto: await post({ serviceArea: { blocks: ['kanto'] }, fields: 'any' }),
      nationwide: await post({ serviceArea: { nationwide: true }, fields: ['poverty'] }),
      tokyo: await post({ serviceArea: { prefectures: ['13'] }, fields: ['children_youth'] }),
    };
  });

  const find = async (query: string) => {
    const page = await jsonOf<Page<Offer>>(
      await h.request(`/v1/platforms/${platformId}/offers?${query}`, { as: npo.session }),
    );
    const names = Object.fromEntries(Object.entries(offers).map(([name, o]) => [o.id, name]));
    return page.items.map((o) => names[o.id]).sort();
  };

  it('finds offers that reach a prefecture through a prefecture, a municipality, a block or nationwide', async () => {
    expect(await find('prefecture=11')).toEqual(['kanto', 'kawaguchi', 'nationwide', 'saitama']);
  });

  it('finds, within a municipality, only offers that list it or reach its whole prefecture', async () => {
    expect(await find('municipality=11203')).toEqual(['kanto', 'kawaguchi', 'nationwide', 'saitama']);
    expect(await find('municipality=11100')).toEqual(['kanto', 'nationwide', 'saitama']);
  });

  it('does not find offers of another region', async () => {
    expect(await find('prefecture=01')).toEqual(['nationwide']);
  });

  it('finds offers open to any field under every field', async () => {
    expect(await find('field=children_youth')).toEqual(['kanto', 'saitama', 'tokyo']);
    expect(await find('field=environment')).toEqual(['kanto']);
  });

  it('finds an offer in a broader field under a narrower one it covers (高齢者支援 covers 認知症)', async () => {
    expect(await find('field=dementia')).toEqual(['kanto', 'kawaguchi']);
    expect(await find('field=futoko')).toEqual(['kanto', 'saitama', 'tokyo']);
  });

  it('combines field and region filters', async () => {
    expect(await find('field=children_youth&prefecture=13')).toEqual(['kanto', 'tokyo']);
  });
});

describe('updating and closing', () => {
  let platformId: string;
  let npo: Member;

  beforeAll(async () => {
    ({ platformId, npo } = await platformWithMembers());
  });

  it('keeps the fields a PATCH does not mention', async () => {
    const need = await h.postNeed(npo.session, platformId, npo.org.id);

    const updated = await jsonOf<Need>(
      await h.request(`/v1/needs/${need.id}`, {
        method: 'PATCH',
        as: npo.session,
        json: { version: 1, description: '平日夜でも構いません。' },
      }),
    );

    expect(updated).toEqual({
      ...need,
      description: '平日夜でも構いません。',
      version: 2,
      updatedAt: updated.updatedAt,
    });
  });

  it('moves a need to the closed list and out of the open list', async () => {
    const need = await h.postNeed(npo.session, platformId, npo.org.id);

    await jsonOf<Need>(await h.request(`/v1/needs/${need.id}/close`, { method: 'POST', as: npo.session }));

    const open = await jsonOf<Page<Need>>(
      await h.request(`/v1/platforms/${platformId}/needs`, { as: npo.session }),
    );
    const closed = await jsonOf<Page<Need>>(
      await h.request(`/v1/platforms/${platformId}/needs?status=closed`, { as: npo.session }),
    );
    expect(open.items.map((n) => n.id)).not.toContain(need.id);
    expect(closed.items.map((n) => n.id)).toContain(need.id);
  });

  it('treats closing twice as harmless', async () => {
    const need = await h.postNeed(npo.session, platformId, npo.org.id);
    const first = await jsonOf<Need>(
      await h.request(`/v1/needs/${need.id}/close`, { method: 'POST', as: npo.session }),
    );

    const second = await jsonOf<Need>(
      await h.request(`/v1/needs/${need.id}/close`, { method: 'POST', as: npo.session }),
    );

    expect(second).toEqual(first);
  });

  it('does not let a closed need be edited (409)', async () => {
    const need = await h.postNeed(npo.session, platformId, npo.org.id);
    const closed = await jsonOf<Need>(
      await h.request(`/v1/needs/${need.id}/close`, { method: 'POST', as: npo.session }),
    );

    const res = await h.request(`/v1/needs/${need.id}`, {
      method: 'PATCH',
      as: npo.session,
      json: { version: closed.version, title: '再開したい' },
    });

    await expectProblem(res, 409, 'closed');
  });

  it('answers 404 for a need that does not exist', async () => {
    const res = await h.request('/v1/needs/01ARZ3NDEKTSV4RRFFQ69G5FAV', {
      method: 'PATCH',
      as: npo.session,
      json: { version: 1, title: '存在しない' },
    });

    await expectProblem(res, 404, 'not-found');
  });

  it('answers 404 when posting to a platform that does not exist', async () => {
    const res = await h.request('/v1/platforms/no-such-platform/needs', {
      method: 'POST',
      as: npo.session,
      json: needInput(npo.org.id),
    });

    await expectProblem(res, 404, 'not-found');
  });

  it('lets only one of two concurrent edits of the same version win', async () => {
    const need = await h.postNeed(npo.session, platformId, npo.org.id);
    const edit = (title: string) =>
      h.request(`/v1/needs/${need.id}`, { method: 'PATCH', as: npo.session, json: { version: 1, title } });

    const results = await Promise.all([edit('編集A'), edit('編集B'), edit('編集C')]);

    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    const stored = await jsonOf<Need>(await h.request(`/v1/needs/${need.id}`, { as: npo.session }));
    expect(stored.version).toBe(2);
  });
});

describe('designated cities and their wards', () => {
  let platformId: string;
  let npo: Member;
  let company: Member;

  beforeAll(async () => {
    // さいたま市's own platform: its scope is the city, its members work in its wards.
    platformId = await h.platform(
      { level: 'municipality', scope: { prefectures: [], municipalities: ['11100'] } },
      [secretariatEmail],
    );
    [npo, company] = await Promise.all([
      h.member(platformId, secretariat, 'npo'),
      h.member(platformId, secretariat, 'company', { legalForm: 'company' }),
    ]);
  });

  it('accepts a need in a ward of the city the platform covers', async () => {
    const res = await h.request(`/v1/platforms/${platformId}/needs`, {
      method: 'POST',
      as: npo.session,
      json: needInput(npo.org.id, { location: { prefecture: '11', municipality: '11103' } }),
    });

    expect(res.status).toBe(201);
  });

  it('refuses a need elsewhere in the prefecture', async () => {
    const res = await h.request(`/v1/platforms/${platformId}/needs`, {
      method: 'POST',
      as: npo.session,
      json: needInput(npo.org.id, { location: { prefecture: '11', municipality: '11203' } }),
    });

    await expectProblem(res, 400, 'validation');
  });

  // A designated city and its wards are one place for region filters.
  it('finds an offer for the whole city when filtering by one of its wards', async () => {
    const offer = await h.postOffer(company.session, platformId, company.org.id, {
      serviceArea: { municipalities: ['11100'] },
    });

    const page = await jsonOf<Page<Offer>>(
      await h.request(`/v1/platforms/${platformId}/offers?municipality=11103`, { as: npo.session }),
    );

    expect(page.items.map((o) => o.id)).toContain(offer.id);
  });

  // Known bug, as above: make it `it` once fixed.
  it('finds a need in a ward when filtering by its city', async () => {
    const need = await h.postNeed(npo.session, platformId, npo.org.id, {
      location: { prefecture: '11', municipality: '11107' },
    });

    const page = await jsonOf<Page<Need>>(
      await h.request(`/v1/platforms/${platformId}/needs?municipality=11100`, { as: company.session }),
    );

    expect(page.items.map((n) => n.id)).toContain(need.id);
  });
});
