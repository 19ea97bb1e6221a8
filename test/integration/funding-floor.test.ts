import { beforeAll, describe, expect, it } from 'vitest';
import type { Need } from '#domain';
import { needFormFields } from '#test/builders';
import {
  createHarness,
  type Harness,
  jsonOf,
  type Member,
  type Page,
  type Session,
  uniqueEmail,
} from '#test/harness';
import { getPage, postForm } from '#test/pages';
import { ownPlatform, proposalsOf, runRound } from '#test/rounds';

// The funding floor (docs/matching.md, the capacity filter): a gift of 3万円 does not take a
// proposal slot of a need for 80万円 that states no minimum, unless the need says it accepts
// co-funding (ほかの支援と組み合わせて使えます), on the form and in a round.

let h: Harness;
let platformId: string;
let secretariat: Session;
let npo: Member;

beforeAll(async () => {
  h = await createHarness();
  const email = uniqueEmail('secretariat');
  platformId = await h.platform({}, [email]);
  secretariat = await h.signIn(email);
  npo = await h.member(platformId, secretariat, 'npo');
});

const funding = (title: string, capacity: Record<string, unknown>) => ({
  kind: 'funding',
  title,
  fields: ['children_youth'],
  capacity,
});

describe('co-funding on the need form', () => {
  it('saves the box, shows it on the page and keeps it ticked on the edit form', async () => {
    const res = await postForm(
      h,
      `/needs/new?organization=${npo.org.id}&platform=${platformId}&kind=funding`,
      npo.session,
      needFormFields({
        kind: 'funding',
        title: '子ども食堂の運営費を集めています',
        'capacity.amountJpy': '800000',
        'capacity.coFunding': 'on',
        'capacity.people': '',
        'capacity.sessionsPerMonth': '',
      }),
    );
    expect(res.status, await res.clone().text()).toBe(303);
    const needs = await jsonOf<Page<Need>>(
      await h.request(`/v1/organizations/${npo.org.id}/needs`, { as: npo.session }),
    );
    const saved = needs.items.find((n) => n.title === '子ども食堂の運営費を集めています')!;
    expect(saved.capacity).toEqual({ amountJpy: 800_000, coFunding: true });
    const page = await (await getPage(h, `/needs/${saved.id}`, npo.session)).text();
    expect(page).toContain('800,000円 ・ ほかの支援との組み合わせ可');
    const edit = await (await getPage(h, `/needs/${saved.id}/edit`, npo.session)).text();
    expect(edit).toMatch(/name="capacity.coFunding" value="on" checked=""/);
  });
});

describe('the funding floor in a round', () => {
  it('proposes a small gift only to the need that accepts co-funding', async () => {
    const { platformId: pid, office } = await ownPlatform(h);
    const [a, b, funder] = await Promise.all([
      h.member(pid, office, 'npo'),
      h.member(pid, office, 'npo'),
      h.member(pid, office, 'company', { name: '株式会社つなぐ寄付', legalForm: 'company' }),
    ]);
    const alone = await h.postNeed(
      a.session,
      pid,
      a.org.id,
      funding('運営費（80万円）', { amountJpy: 800_000 }),
    );
    const together = await h.postNeed(
      b.session,
      pid,
      b.org.id,
      funding('運営費（80万円・組み合わせ可）', { amountJpy: 800_000, coFunding: true }),
    );
    const gift = await h.postOffer(funder.session, pid, funder.org.id, {
      ...funding('3万円を寄付します', { amountJpy: 30_000 }),
      introductionsPerRound: 5,
    });
    expect((await runRound(h, pid, office)).proposals).toBe(1);
    const proposed = await proposalsOf(h, funder);
    expect(proposed.map((m) => [m.needId, m.offerId])).toEqual([[together.id, gift.id]]);
    expect(proposed[0]!.explanation?.ja).toContain(
      '3万円のご支援で、希望額80万円の一部に充てられます。ほかのご支援と組み合わせて活用できます。',
    );
    expect(proposed.map((m) => m.needId)).not.toContain(alone.id);
  });
});
