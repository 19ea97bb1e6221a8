import { beforeAll, describe, expect, it } from 'vitest';
import type { Offer } from '#domain';
import { needFormFields, offerInput } from '#test/builders';
import {
  createHarness,
  expectProblem,
  type Harness,
  jsonOf,
  type Member,
  type Session,
  uniqueEmail,
} from '#test/harness';
import { getPage, postForm } from '#test/pages';
import { ownPlatform, proposalsOf, runRound } from '#test/rounds';

// Types (種類) of venue, skills and goods postings through the API, the forms and a round
// (docs/matching.md, "Types"): an offer states them, a need may; a round never proposes a pair
// whose types cannot meet, and an offer stored before types keeps matching.

let h: Harness;
let platformId: string;
let secretariat: Session;
let npo: Member;
let company: Member;

beforeAll(async () => {
  h = await createHarness();
  const email = uniqueEmail('secretariat');
  platformId = await h.platform({}, [email]);
  secretariat = await h.signIn(email);
  npo = await h.member(platformId, secretariat, 'npo');
  company = await h.member(platformId, secretariat, 'company', {
    name: '株式会社つなぐ会計',
    legalForm: 'company',
  });
});

const skills = (types?: string[]) => ({
  kind: 'skills',
  capacity: { hoursPerMonth: 10 },
  fields: ['children_youth'],
  ...(types === undefined ? {} : { types }),
});

async function postOfferRaw(body: Record<string, unknown>) {
  return h.request(`/v1/platforms/${platformId}/offers`, {
    method: 'POST',
    as: company.session,
    json: offerInput(company.org.id, body),
  });
}

describe('types through the API', () => {
  it('asks an offer of skills, goods or a venue what exactly it offers', async () => {
    const none = await postOfferRaw({ ...skills(), types: undefined });
    const problem = await expectProblem(none, 400, 'validation');
    expect(problem.errors?.map((e) => e.path)).toEqual(['types']);

    const empty = await expectProblem(await postOfferRaw(skills([])), 400, 'validation');
    expect(empty.errors?.[0]).toMatchObject({ path: 'types', message: '1つ以上選んでください' });

    const unknown = await expectProblem(await postOfferRaw(skills(['bookkeeping'])), 400, 'validation');
    expect(unknown.errors?.[0]?.path).toBe('types.0');

    // A venue names a kind of room, not only its features.
    const featuresOnly = await expectProblem(
      await postOfferRaw({ kind: 'venue', types: ['kitchen'] }),
      400,
      'validation',
    );
    expect(featuresOnly.errors?.[0]?.message).toContain('会場の種類');

    // Funding has no types.
    const funding = await expectProblem(
      await postOfferRaw({ kind: 'funding', capacity: { amountJpy: 100_000 }, types: ['other'] }),
      400,
      'validation',
    );
    expect(funding.errors?.[0]?.path).toBe('types');
  });

  it('keeps a need’s types, and lets a need leave them out', async () => {
    const need = await h.postNeed(npo.session, platformId, npo.org.id, skills(['it_web', 'design']));
    expect(need).toMatchObject({ kind: 'skills', types: ['it_web', 'design'] });
    const plain = await h.postNeed(npo.session, platformId, npo.org.id, skills());
    expect('types' in plain).toBe(false);
  });

  it('edits an offer stored before types without asking for them, and never empties them', async () => {
    const stored = await h.postOffer(company.session, platformId, company.org.id, skills(['accounting']));
    // As an offer written before types existed: the same item without them.
    const { types: _types, ...legacy } = stored as Offer & { types?: string[] };
    const written = await h.ctx.store.offers.update(legacy as Offer, stored.version);
    expect('types' in (await h.ctx.store.offers.require(stored.id))).toBe(false);
    const edit = await h.request(`/v1/offers/${stored.id}`, {
      method: 'PATCH',
      as: company.session,
      json: { version: written.version, title: '決算書づくりをお手伝いします' },
    });
    const edited = await jsonOf<Offer>(edit);
    expect(edited.title).toBe('決算書づくりをお手伝いします');
    expect('types' in edited).toBe(false);

    const emptied = await h.request(`/v1/offers/${stored.id}`, {
      method: 'PATCH',
      as: company.session,
      json: { version: edited.version, types: [] },
    });
    expect((await expectProblem(emptied, 400, 'validation')).errors?.[0]?.path).toBe('types');
  });
});

describe('types on the forms', () => {
  const newOffer = (kind: string) =>
    `/offers/new?organization=${company.org.id}&platform=${platformId}&kind=${kind}`;

  it('asks for the offer’s types and says which field is missing', async () => {
    const res = await postForm(h, newOffer('goods'), company.session, {
      kind: 'goods',
      title: '衣類をご提供します',
      fields: ['any'],
      'capacity.quantity': '50',
      'capacity.unit': 'units',
      'serviceArea.prefectures': ['11'],
      'period.start': '2026-12-01',
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('<a href="#f-types-0">種類：1つ以上選んでください</a>');
    expect(html).toContain('value="clothing"/> 衣類');
  });

  it('saves the ticked types of a need and shows them on its page', async () => {
    const res = await postForm(
      h,
      `/needs/new?organization=${npo.org.id}&platform=${platformId}&kind=venue`,
      npo.session,
      needFormFields({ title: '調理のできる会場を探しています', types: ['meeting_room', 'kitchen'] }),
    );
    expect(res.status, await res.clone().text()).toBe(303);
    const needs = await jsonOf<{ items: { id: string; title: string; types?: string[] }[] }>(
      await h.request(`/v1/organizations/${npo.org.id}/needs`, { as: npo.session }),
    );
    const saved = needs.items.find((n) => n.title === '調理のできる会場を探しています')!;
    expect(saved.types).toEqual(['meeting_room', 'kitchen']);
    const page = await (await getPage(h, `/needs/${saved.id}`, npo.session)).text();
    expect(page).toContain('<dt>種類</dt><dd>会議室、調理設備</dd>');
    const edit = await (await getPage(h, `/needs/${saved.id}/edit`, npo.session)).text();
    expect(edit).toContain('value="kitchen" checked=""/> 調理設備（設備）');
    expect(edit).toContain('value="hall"/> 多目的ホール');
  });
});

describe('types in a round', () => {
  it('proposes the offer of the skill asked for, never bookkeeping for web design', async () => {
    const { platformId: pid, office } = await ownPlatform(h);
    const [nonprofit, accountant, web] = await Promise.all([
      h.member(pid, office, 'npo'),
      h.member(pid, office, 'company', { name: '株式会社つなぐ会計', legalForm: 'company' }),
      h.member(pid, office, 'company', { name: '株式会社つなぐウェブ', legalForm: 'company' }),
    ]);
    const need = await h.postNeed(nonprofit.session, pid, nonprofit.org.id, {
      ...skills(['it_web']),
      title: 'ホームページを作り直したい',
    });
    const bookkeeping = await h.postOffer(accountant.session, pid, accountant.org.id, {
      ...skills(['accounting']),
      title: '経理をお手伝いします',
    });
    const design = await h.postOffer(web.session, pid, web.org.id, {
      ...skills(['it_web', 'design']),
      title: 'ウェブ制作をプロボノで',
    });
    expect((await runRound(h, pid, office)).proposals).toBe(1);
    const proposed = await proposalsOf(h, nonprofit);
    expect(proposed.map((m) => [m.needId, m.offerId])).toEqual([[need.id, design.id]]);
    expect(proposed.map((m) => m.offerId)).not.toContain(bookkeeping.id);
  });
});
