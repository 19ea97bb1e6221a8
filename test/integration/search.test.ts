import { monotonicFactory } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { createContext } from '#context';
import type { Need, Offer, SearchHit } from '#domain';
import { createApp } from '#http';
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
import { getPage } from '#test/pages';

// Keyword search of a platform's open needs and offers through the API: every spelling of a
// Japanese word, words inside words, organisation names, each filter (with the list routes'
// meaning), the period, the count and the pages, and results that follow postings as they are
// posted, edited and closed, on this API instance and on another one.

interface Result {
  items: SearchHit[];
  total: number;
  nextCursor: string | null;
}

let h: Harness;
let platformId: string;
let secretariat: Session;
let npo: Member;
let company: Member;
let foods: Member;
let outsider: Member;
let foodOffer: Offer;
let hallOffer: Offer;
let venueNeed: Need;
let wardNeed: Need;

const secretariatEmail = uniqueEmail('search-secretariat');

async function search(query: string, as: Session = npo.session): Promise<Result> {
  return jsonOf<Result>(await h.request(`/v1/platforms/${platformId}/search?${query}`, { as }));
}

const ids = (r: Result) => r.items.map((i) => i.posting.id);
const q = (words: string) => `q=${encodeURIComponent(words)}`;

beforeAll(async () => {
  h = await createHarness({}, { newId: monotonicFactory() });
  secretariat = await h.signIn(secretariatEmail);
  platformId = await h.platform({ scope: { prefectures: ['11'], municipalities: [] } }, [secretariatEmail]);
  const elsewhere = await h.platform({ scope: { prefectures: ['13'], municipalities: [] } }, [
    secretariatEmail,
  ]);
  [npo, company, foods, outsider] = await Promise.all([
    h.member(platformId, secretariat, 'search-npo', { name: 'NPO法人 ひだまりの家' }),
    h.member(platformId, secretariat, 'search-company', {
      name: '株式会社 みらいマート',
      legalForm: 'company',
    }),
    h.member(platformId, secretariat, 'search-foods', {
      name: 'こもれびフーズ株式会社',
      legalForm: 'company',
    }),
    h.member(elsewhere, secretariat, 'search-outsider'),
  ]);
  foodOffer = await h.postOffer(company.session, platformId, company.org.id, {
    kind: 'goods',
    title: 'フードバンクへ食品を寄付します',
    description: '賞味期限の近い食品を毎月お届けします。',
    fields: ['poverty'],
    capacity: { quantity: 100, unit: 'kg' },
  });
  hallOffer = await h.postOffer(foods.session, platformId, foods.org.id, {
    title: '会議室をお貸しします',
    description: '平日の夜に30人まで。',
    serviceArea: { nationwide: true },
    period: { start: '2026-01-01', end: '2026-06-30' },
  });
  venueNeed = await h.postNeed(npo.session, platformId, npo.org.id);
  wardNeed = await h.postNeed(npo.session, platformId, npo.org.id, {
    kind: 'volunteers',
    title: 'ひきこもり相談のボランティア募集',
    description: '電話相談を手伝ってくださる方を探しています。',
    fields: ['hikikomori'],
    location: { prefecture: '11', municipality: '11101' },
    capacity: { people: 3 },
    period: { start: '2027-05-01' },
  });
});

describe('keywords', () => {
  it('find フードバンク typed in half-width kana, hiragana, katakana or in part', async () => {
    for (const words of ['ﾌｰﾄﾞﾊﾞﾝｸ', 'ふーどばんく', 'フードバンク', 'ードバ', '食品　ﾌｰﾄﾞ']) {
      const found = await search(q(words));
      expect(ids(found), words).toEqual([foodOffer.id]);
      expect(found.total).toBe(1);
      expect(found.items[0]!.type).toBe('offer');
      expect(found.items[0]!.posting).toMatchObject({
        title: foodOffer.title,
        organizationId: company.org.id,
      });
    }
  });

  it('find a word inside another, in the description, and the organisation by its name', async () => {
    // 食堂 inside 子ども食堂 (title); 電話相談 inside the description; こもれび only in the name.
    expect(ids(await search(q('食堂')))).toEqual([venueNeed.id]);
    expect(ids(await search(q('電話')))).toEqual([wardNeed.id]);
    expect(ids(await search(q('こもれび')))).toEqual([hallOffer.id]);
    expect(ids(await search(q('ひだまり')))).toEqual([wardNeed.id, venueNeed.id]);
    // Every word must occur; one letter is enough for a word.
    expect(ids(await search(q('ひだまり ボランティア')))).toEqual([wardNeed.id]);
    expect(ids(await search(q('ひだまり 宇宙')))).toEqual([]);
    expect((await search(q('室'))).total).toBe(1);
  });

  it('without a keyword, list every open posting, newest first', async () => {
    const all = await search('');
    expect(ids(all)).toEqual([wardNeed.id, venueNeed.id, hallOffer.id, foodOffer.id]);
    expect(all.total).toBe(4);
    expect(all.nextCursor).toBeNull();
  });
});

describe('filters', () => {
  it('narrow by type, kind, field and place', async () => {
    expect(ids(await search('type=offer'))).toEqual([hallOffer.id, foodOffer.id]);
    expect(ids(await search('type=need&kind=volunteers'))).toEqual([wardNeed.id]);
    expect(ids(await search(`${q('ひだまり')}&kind=venue`))).toEqual([venueNeed.id]);
    expect(ids(await search('field=poverty'))).toEqual([venueNeed.id, foodOffer.id]);
    // さいたま市 takes in its ward (西区); the nationwide offer reaches it; the Saitama offer too.
    expect(ids(await search('municipality=11100'))).toEqual([wardNeed.id, hallOffer.id, foodOffer.id]);
    expect(ids(await search('prefecture=13'))).toEqual([hallOffer.id]);
  });

  it('keep postings whose period overlaps the one asked for', async () => {
    // venueNeed 2026-04-01..2027-03-31, wardNeed from 2027-05-01, hallOffer 2026-01-01..06-30,
    // foodOffer from 2026-04-01 (no end).
    expect(ids(await search('activeFrom=2027-04-01'))).toEqual([wardNeed.id, foodOffer.id]);
    expect(ids(await search('activeTo=2026-03-31'))).toEqual([hallOffer.id]);
    expect(ids(await search('activeFrom=2026-07-01&activeTo=2027-04-30'))).toEqual([
      venueNeed.id,
      foodOffer.id,
    ]);
    expect(ids(await search('activeFrom=2026-06-30&activeTo=2026-06-30'))).toEqual([
      venueNeed.id,
      hallOffer.id,
      foodOffer.id,
    ]);
  });

  it('mean what the list routes mean (the same postings for the same filters)', async () => {
    const filters = [
      '',
      'kind=venue',
      'field=poverty',
      'field=children_youth',
      'field=hikikomori',
      'prefecture=11',
      'prefecture=13',
      'municipality=11100',
      'municipality=11101',
      'municipality=11203',
      'prefecture=11&municipality=11203',
      'kind=goods&prefecture=11',
      'kind=venue&resourceType=hall',
      'kind=venue&resourceType=kitchen&prefecture=11',
      'kind=goods&resourceType=food',
      'kind=goods&resourceType=hygiene',
    ];
    for (const type of ['need', 'offer'] as const) {
      for (const f of filters) {
        const listed = await jsonOf<Page<{ id: string }>>(
          await h.request(`/v1/platforms/${platformId}/${type}s?limit=100&${f}`, { as: npo.session }),
        );
        expect(ids(await search(`type=${type}&limit=100&${f}`)), `${type}s ${f}`).toEqual(
          listed.items.map((p) => p.id),
        );
      }
    }
  });
});

describe('count and pages', () => {
  it('give the total on every page and each match once, newest first', async () => {
    const posted: string[] = [];
    for (let i = 0; i < 5; i++)
      posted.unshift(
        (await h.postNeed(npo.session, platformId, npo.org.id, { title: `ページ送りの試験 ${i}` })).id,
      );
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Result = await search(
        `${q('ﾍﾟｰｼﾞ送り')}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(page.total).toBe(5);
      seen.push(...ids(page));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual(posted);
  });

  it('keep a cursor to its own query and refuse a forged one', async () => {
    const first = await search(`${q('ページ送り')}&limit=2`);
    const borrowed = encodeURIComponent(first.nextCursor!);
    await expectProblem(
      await h.request(`/v1/platforms/${platformId}/search?q=other&cursor=${borrowed}`, { as: npo.session }),
      400,
    );
    await expectProblem(
      await h.request(`/v1/platforms/${platformId}/search?cursor=${borrowed.slice(0, -3)}abc`, {
        as: npo.session,
      }),
      400,
    );
  });
});

describe('freshness', () => {
  it('shows a new posting at once, an edit by its new words, and never a closed one', async () => {
    const before = (await search('')).total;
    const posted = await h.postOffer(company.session, platformId, company.org.id, {
      title: '送迎用の車を貸します',
    });
    expect(ids(await search(q('送迎')))).toEqual([posted.id]);
    expect((await search('')).total).toBe(before + 1);

    const edited = await h.request(`/v1/offers/${posted.id}`, {
      method: 'PATCH',
      as: company.session,
      json: { version: posted.version, title: 'マイクロバスを貸します' },
    });
    expect(edited.status).toBe(200);
    expect(ids(await search(q('送迎')))).toEqual([]);
    expect(ids(await search(q('まいくろばす')))).toEqual([posted.id]);

    const closed = await h.request(`/v1/offers/${posted.id}/close`, { method: 'POST', as: company.session });
    expect(closed.status).toBe(200);
    expect(ids(await search(q('マイクロバス')))).toEqual([]);
    expect((await search('')).total).toBe(before);
  });

  it('on another API instance too, through the change feed, within seconds', async () => {
    // A second app on the same table: its own store, so its own index (another Lambda instance).
    const other = createApp(createContext(h.config));
    const searchThere = async (words: string) =>
      (await jsonOf<Result>(
        await other.request(`/v1/platforms/${platformId}/search?${q(words)}`, {
          headers: { authorization: `Bearer ${npo.session.token}` },
        }),
      )) as Result;
    expect(ids(await searchThere('ﾌｰﾄﾞﾊﾞﾝｸ'))).toEqual([foodOffer.id]);
    const posted = await h.postOffer(company.session, platformId, company.org.id, {
      title: '古着の回収ボックス',
    });
    const closed = await h.request(`/v1/offers/${foodOffer.id}/close`, {
      method: 'POST',
      as: company.session,
    });
    expect(closed.status).toBe(200);
    const until = Date.now() + 5000;
    let found: string[] = [];
    let gone: string[] = [foodOffer.id];
    while (Date.now() < until && (found.length === 0 || gone.length > 0)) {
      await new Promise((r) => setTimeout(r, 200));
      found = ids(await searchThere('ぼっくす'));
      gone = ids(await searchThere('フードバンク'));
    }
    expect(found).toEqual([posted.id]);
    expect(gone).toEqual([]);
  });
});

describe('who may search, and what is refused', () => {
  it('is for the platform’s members and secretariat; others are refused', async () => {
    expect((await search('', secretariat)).total).toBeGreaterThan(0);
    await expectProblem(
      await h.request(`/v1/platforms/${platformId}/search`, { as: outsider.session }),
      403,
      'forbidden',
    );
    await expectProblem(await h.request(`/v1/platforms/${platformId}/search`), 401);
    await expectProblem(await h.request('/v1/platforms/no-such-platform/search', { as: npo.session }), 404);
  });

  it('counts an approved organisation of the person, not one whose application is pending', async () => {
    // The platform and every organisation's membership are read together (one BatchGetItem):
    // each organisation counts on its own, a pending one never, an approved one whichever it is.
    const person = await h.signIn(uniqueEmail('search-two-orgs'));
    const first = await h.organization(person);
    await h.apply(person, platformId, first.id);
    for (const path of [`/v1/platforms/${platformId}/search`, `/v1/platforms/${platformId}/needs`])
      await expectProblem(await h.request(path, { as: person }), 403, 'forbidden');
    const second = await h.organization(person);
    await h.apply(person, platformId, second.id);
    await h.approve(secretariat, platformId, second.id);
    expect((await search('', person)).total).toBeGreaterThan(0);
    expect((await h.request(`/v1/platforms/${platformId}/needs`, { as: person })).status).toBe(200);
    await expectProblem(await h.request('/v1/platforms/no-such-platform/search', { as: person }), 404);
  });

  it('answers a bad query with 400 problem+json naming the parameter', async () => {
    const bad = [
      ['limit=0', 'query.limit'],
      ['kind=spaceship', 'query.kind'],
      ['field=nothing', 'query.field'],
      ['prefecture=99', 'query.prefecture'],
      ['activeFrom=2027-13-01', 'query.activeFrom'],
      ['activeFrom=2027-05-01&activeTo=2027-04-01', 'query.activeTo'],
      [q('一 二 三 四 五 六'), 'query.q'],
      [q('あ'.repeat(101)), 'query.q'],
      [q('改行\nあり'), 'query.q'],
      ['type=both', 'query.type'],
      ['resourceType=food', 'query.resourceType'],
      ['kind=goods&resourceType=hall', 'query.resourceType'],
      ['sort=title', 'query'],
    ] as const;
    for (const [query, path] of bad) {
      const problem = await expectProblem(
        await h.request(`/v1/platforms/${platformId}/search?${query}`, { as: npo.session }),
        400,
      );
      expect(problem.errors?.map((e) => e.path).join(' '), query).toContain(path);
    }
  });
});

describe('the search page', () => {
  it('finds the offer for ﾌｰﾄﾞﾊﾞﾝｸ typed in half-width kana, with the count, in one language', async () => {
    // (The offer found above was closed by now.)
    const offer = await h.postOffer(company.session, platformId, company.org.id, {
      title: 'フードバンク活動に冷蔵庫を寄贈します',
    });
    const res = await getPage(
      h,
      `/platforms/${platformId}/search?q=${encodeURIComponent('ﾌｰﾄﾞﾊﾞﾝｸ')}`,
      npo.session,
    );
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain('<form method="get"');
    expect(html).toContain('条件に合う掲載：1件');
    expect(html).toContain(`href="/offers/${offer.id}"`);
    expect(html).toContain('フードバンク活動に冷蔵庫を寄贈します');
    expect(html).toContain(company.org.name);
    // The keyword stays in its box; nothing else matches.
    expect(html).toContain('value="ﾌｰﾄﾞﾊﾞﾝｸ"');
    expect(html).not.toContain(`href="/needs/${venueNeed.id}"`);
    expect(html).not.toContain('matching');
  });

  it('pages with a link that keeps the filters, and shows a bad filter instead of failing', async () => {
    const posted = new Set<string>();
    for (let i = 0; i < 21; i += 7)
      for (const n of await Promise.all(
        Array.from({ length: 7 }, (_, j) =>
          h.postNeed(npo.session, platformId, npo.org.id, { title: `まとめて掲載 ${i + j}` }),
        ),
      ))
        posted.add(n.id);
    const path = `/platforms/${platformId}/search?q=${encodeURIComponent('まとめて')}&type=need`;
    const first = await (await getPage(h, path, npo.session)).text();
    expect(first).toContain('条件に合う掲載：21件');
    const next = first.match(/href="(\/platforms\/[^"]+cursor=[^"]+)"/)?.[1]?.replaceAll('&amp;', '&');
    expect(next).toContain('type=need');
    const second = await (await getPage(h, next!, npo.session)).text();
    expect(second).toContain('条件に合う掲載：21件');
    const links = (html: string) => [...html.matchAll(/href="\/needs\/(\w+)"/g)].map((m) => m[1]!);
    expect(links(first)).toHaveLength(20);
    expect(new Set([...links(first), ...links(second)])).toEqual(posted);
    expect(second).not.toContain('次のページ');

    const bad = await getPage(
      h,
      `/platforms/${platformId}/search?activeFrom=2027-05-01&activeTo=2027-04-01`,
      npo.session,
    );
    expect(bad.status).toBe(400);
    const text = await bad.text();
    expect(text).toContain('role="alert"');
    expect(text).toContain('期間（まで）');
  });

  it('is linked from the platform page and refused to another platform’s members', async () => {
    const page = await (await getPage(h, `/platforms/${platformId}`, npo.session)).text();
    expect(page).toContain(`href="/platforms/${platformId}/search"`);
    const refused = await getPage(h, `/platforms/${platformId}/search`, outsider.session);
    expect(refused.status).toBe(404);
  });
});
