import { monotonicFactory } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Need, Offer, SearchHit } from '#domain';
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

// The type filter (`resourceType`) of a platform's needs and offers and of its search, through
// the real app (docs/api.md, "Lists and pagination"): a posting shows under a type when it lists
// it; a need that takes any type and an offer stored before types show under none. A type without
// its kind, or of another kind, is a 400 in Japanese; the search page offers the chosen kind's
// types.

let h: Harness;
let platformId: string;
let secretariat: Session;
let npo: Member;
let company: Member;
let accountingNeed: Need;
let webNeed: Need;
let anySkillNeed: Need;
let foodNeed: Need;
let accountingOffer: Offer;
let legalOffer: Offer;
let olderOffer: Offer;

const skills = (title: string, types?: string[]) => ({
  kind: 'skills',
  title,
  capacity: { hoursPerMonth: 10 },
  ...(types === undefined ? {} : { types }),
});

const list = async (side: 'needs' | 'offers', query: string) =>
  (
    await jsonOf<Page<{ id: string }>>(
      await h.request(`/v1/platforms/${platformId}/${side}?${query}`, { as: npo.session }),
    )
  ).items.map((p) => p.id);

interface Result {
  items: SearchHit[];
  total: number;
  nextCursor: string | null;
}
const search = async (query: string) =>
  jsonOf<Result>(await h.request(`/v1/platforms/${platformId}/search?${query}`, { as: npo.session }));

beforeAll(async () => {
  h = await createHarness({}, { newId: monotonicFactory() });
  const email = uniqueEmail('type-filter-secretariat');
  platformId = await h.platform({}, [email]);
  secretariat = await h.signIn(email);
  npo = await h.member(platformId, secretariat, 'type-filter-npo');
  company = await h.member(platformId, secretariat, 'type-filter-company', {
    name: '株式会社つなぐ会計',
    legalForm: 'company',
  });
  accountingNeed = await h.postNeed(
    npo.session,
    platformId,
    npo.org.id,
    skills('会計を見てほしい', ['accounting']),
  );
  webNeed = await h.postNeed(
    npo.session,
    platformId,
    npo.org.id,
    skills('会計ソフトとホームページ', ['accounting', 'it_web']),
  );
  anySkillNeed = await h.postNeed(npo.session, platformId, npo.org.id, skills('どんな専門知識でも'));
  foodNeed = await h.postNeed(npo.session, platformId, npo.org.id, {
    kind: 'goods',
    title: 'お米がほしい',
    capacity: { quantity: 30, unit: 'kg' },
    types: ['food'],
  });
  accountingOffer = await h.postOffer(
    company.session,
    platformId,
    company.org.id,
    skills('決算書づくりをお手伝いします', ['accounting']),
  );
  legalOffer = await h.postOffer(company.session, platformId, company.org.id, skills('法律相談', ['legal']));
  // An offer as it was stored before types existed: the same item without them.
  const stored = await h.postOffer(
    company.session,
    platformId,
    company.org.id,
    skills('何でも相談', ['other']),
  );
  const { types: _types, ...legacy } = stored as Offer & { types?: string[] };
  olderOffer = await h.ctx.store.offers.update(legacy as Offer, stored.version);
});

describe('the lists of needs and offers', () => {
  it('show the postings that list the type, newest first', async () => {
    expect(await list('needs', 'kind=skills&resourceType=accounting')).toEqual([
      webNeed.id,
      accountingNeed.id,
    ]);
    expect(await list('needs', 'kind=skills&resourceType=it_web')).toEqual([webNeed.id]);
    expect(await list('needs', 'kind=goods&resourceType=food')).toEqual([foodNeed.id]);
    expect(await list('offers', 'kind=skills&resourceType=accounting')).toEqual([accountingOffer.id]);
    expect(await list('offers', 'kind=skills&resourceType=legal')).toEqual([legalOffer.id]);
  });

  it('leave out a need that takes any type and an offer stored before types; the kind alone shows them', async () => {
    expect(await list('needs', 'kind=skills&resourceType=other')).toEqual([]);
    expect(await list('offers', 'kind=skills&resourceType=other')).toEqual([]);
    expect(await list('needs', 'kind=skills')).toContain(anySkillNeed.id);
    expect(await list('offers', 'kind=skills')).toEqual([olderOffer.id, legalOffer.id, accountingOffer.id]);
  });

  it('page with a cursor bound to the type', async () => {
    const first = await jsonOf<Page<{ id: string }>>(
      await h.request(`/v1/platforms/${platformId}/needs?kind=skills&resourceType=accounting&limit=1`, {
        as: npo.session,
      }),
    );
    expect(first.items.map((p) => p.id)).toEqual([webNeed.id]);
    const cursor = encodeURIComponent(first.nextCursor!);
    expect(await list('needs', `kind=skills&resourceType=accounting&limit=1&cursor=${cursor}`)).toEqual([
      accountingNeed.id,
    ]);
    for (const other of ['kind=skills&resourceType=it_web', 'kind=skills'])
      await expectProblem(
        await h.request(`/v1/platforms/${platformId}/needs?${other}&cursor=${cursor}`, { as: npo.session }),
        400,
      );
  });
});

describe('the search', () => {
  it('means what the lists mean', async () => {
    for (const side of ['need', 'offer'] as const)
      for (const f of [
        'kind=skills&resourceType=accounting',
        'kind=skills&resourceType=other',
        'kind=goods&resourceType=food',
        'kind=venue&resourceType=kitchen',
      ]) {
        const found = (await search(`type=${side}&${f}`)).items.map((i) => i.posting.id);
        expect(found, `${side}s ${f}`).toEqual(await list(`${side}s`, f));
      }
  });

  it('takes a type with keywords, and counts the matches', async () => {
    // 会計 is in both accounting needs' titles and in the company's name (the offer).
    const found = await search(`kind=skills&resourceType=accounting&q=${encodeURIComponent('会計')}`);
    expect(found.items.map((i) => i.posting.id)).toEqual([accountingOffer.id, webNeed.id, accountingNeed.id]);
    expect(found.total).toBe(3);
    const web = await search(`kind=skills&resourceType=it_web&q=${encodeURIComponent('会計')}`);
    expect(web.items.map((i) => i.posting.id)).toEqual([webNeed.id]);
    expect(web.total).toBe(1);
  });
});

describe('a type that does not go with the kind', () => {
  it.each([
    [
      'resourceType=accounting',
      'kind に venue（場所・居場所）、skills（プロボノ・専門知識）、goods（物資・食品） のどれかも指定してください',
    ],
    ['kind=funding&resourceType=other', '資金・助成・寄付（funding）には種類がありません。'],
    ['kind=goods&resourceType=accounting', '「accounting」は物資・食品の種類ではありません。'],
    ['kind=skills&resourceType=rocket', '種類は次から選んでください'],
  ])('%s is a 400 at query.resourceType with a Japanese message', async (query, message) => {
    for (const path of ['needs', 'offers', 'search']) {
      const problem = await expectProblem(
        await h.request(`/v1/platforms/${platformId}/${path}?${query}`, { as: npo.session }),
        400,
        'validation',
      );
      expect(
        problem.errors?.map((e) => e.path),
        path,
      ).toEqual(['query.resourceType']);
      expect(problem.errors?.[0]?.message).toContain(message);
    }
  });
});

describe('the search page', () => {
  const pageOf = async (query: string) => {
    const res = await getPage(h, `/platforms/${platformId}/search?${query}`, npo.session);
    expect(res.status).toBe(200);
    return res.text();
  };
  const shown = (html: string) => [...html.matchAll(/href="\/(?:needs|offers)\/(\w+)"/g)].map((m) => m[1]!);
  const visibleTypeSelects = (html: string) =>
    [...html.matchAll(/<div class="field" data-kind-types="(\w+)"( hidden)?/g)]
      .filter((m) => !m[2])
      .map((m) => m[1]);

  it("offers the chosen kind's types and lists what has the chosen one, with its types", async () => {
    const html = await pageOf('kind=skills&resourceType=accounting');
    expect(visibleTypeSelects(html)).toEqual(['skills']);
    expect(html).toContain('<label for="search-resourceType-skills">プロボノ・専門知識の種類</label>');
    expect(html).toContain('<option value="accounting" selected="">会計・税務</option>');
    // The other kinds' selects are there for the script, hidden and not sent.
    expect(html).toMatch(
      /<div class="field" data-kind-types="goods" hidden=""><label[^>]*>[^<]*<\/label><select id="search-resourceType-goods" name="resourceType" disabled="">/,
    );
    expect(html).toContain('条件に合う掲載：3件');
    expect(new Set(shown(html))).toEqual(new Set([webNeed.id, accountingNeed.id, accountingOffer.id]));
    expect(html).toContain('プロボノ・専門知識（会計・税務、IT・ウェブ）');
  });

  it('shows no type to choose without a kind that has types', async () => {
    for (const query of ['', 'kind=funding'])
      expect(visibleTypeSelects(await pageOf(query)), query).toEqual([]);
  });

  it('drops a type left from the kind searched before, instead of failing', async () => {
    const html = await pageOf('kind=goods&resourceType=accounting');
    expect(visibleTypeSelects(html)).toEqual(['goods']);
    expect(html).not.toContain('role="alert"');
    expect(shown(html)).toEqual([foodNeed.id]);
    expect(html).not.toMatch(/<option value="accounting" selected/);
  });
});
