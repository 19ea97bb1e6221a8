import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Match, OrganizationInFull } from '#domain';
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

// Who may read an organisation that is not listed in the directory (issue 25, item 9): its
// people and the secretariat of a platform it applied to (in full), and people of an
// organisation that has a match with it (without the contact person). To anyone else it does
// not exist. A listed organisation stays readable, without its contact, by anyone.

let h: Harness;
let platformA: string;
let secretariatA: Session;
let secretariatB: Session;
/** X: unlisted, an approved member of A, with a proposed match with W. */
let x: Member;
/** W: X's partner in a match. */
let partner: Member;
/** Y: another approved member of A, with postings but no match with X. */
let neighbour: Member;
let stranger: Session;

beforeAll(async () => {
  h = await createHarness();
  const [emailA, emailB] = [uniqueEmail('jimukyoku-a'), uniqueEmail('jimukyoku-b')];
  platformA = await h.platform({}, [emailA]);
  await h.platform({ scope: { prefectures: ['13'], municipalities: [] } }, [emailB]);
  [secretariatA, secretariatB, stranger] = await Promise.all([
    h.signIn(emailA),
    h.signIn(emailB),
    h.signIn(uniqueEmail('stranger')),
  ]);
  const contact = (label: string) => ({ contact: { name: '担当', email: uniqueEmail(label) } });
  x = await h.member(platformA, secretariatA, 'x', { name: 'NPO法人 ないしょの会', ...contact('x-contact') });
  partner = await h.member(platformA, secretariatA, 'w', {
    name: '株式会社 パートナー',
    legalForm: 'company',
    ...contact('w-contact'),
  });
  neighbour = await h.member(platformA, secretariatA, 'y', {
    name: '株式会社 となり',
    legalForm: 'company',
    ...contact('y-contact'),
  });
  await h.postNeed(x.session, platformA, x.org.id);
  await h.postOffer(partner.session, platformA, partner.org.id);
  const round = await jsonOf<{ written: number }>(
    await h.request(`/v1/platforms/${platformA}/runs/match`, { method: 'POST', as: secretariatA }),
  );
  expect(round.written).toBe(1);
  // Y posts later, so it has no match with X.
  await h.postOffer(neighbour.session, platformA, neighbour.org.id, { title: 'となりの申し出' });
});

const get = (id: string, as?: Session) => h.request(`/v1/organizations/${id}`, as ? { as } : {});
const page = (id: string, as: Session) =>
  h.request(`/organizations/${id}`, { headers: { cookie: as.cookie } });

describe('an organisation not listed in the directory', () => {
  it('is unknown to a signed-in account with no tie to it, exactly like an id that does not exist', async () => {
    const unknown = ulid();

    for (const as of [stranger, neighbour.session, secretariatB]) {
      const [hidden, missing] = await Promise.all([get(x.org.id, as), get(unknown, as)]);
      expect(await expectProblem(hidden, 404, 'not-found')).toEqual(
        await expectProblem(missing, 404, 'not-found'),
      );
      const shown = await page(x.org.id, as);
      expect(shown.status).toBe(404);
      expect(await shown.text()).not.toContain(x.org.name);
    }
  });

  it('asks anonymous visitors to sign in, whether or not it exists', async () => {
    const [hidden, missing] = await Promise.all([get(x.org.id), get(ulid())]);

    expect(await expectProblem(hidden, 401, 'unauthorized')).toEqual(
      await expectProblem(missing, 401, 'unauthorized'),
    );
  });

  it('is shown in full to its people and to the secretariat of a platform it applied to', async () => {
    for (const as of [x.session, secretariatA]) {
      const seen = await jsonOf<OrganizationInFull>(await get(x.org.id, as));
      expect(seen).toMatchObject({ id: x.org.id, contact: x.org.contact, contactVerified: false });
      expect(await (await page(x.org.id, as)).text()).toContain(x.org.contact.email);
    }
  });

  it('is shown without its contact to people of an organisation that has a match with it', async () => {
    const [match] = (
      await jsonOf<Page<Match>>(
        await h.request(`/v1/matches?organizationId=${partner.org.id}`, { as: partner.session }),
      )
    ).items;
    expect(match?.needOrganizationId).toBe(x.org.id);

    const seen = await jsonOf<Partial<OrganizationInFull>>(await get(x.org.id, partner.session));
    const shown = await page(x.org.id, partner.session);

    expect(seen).toMatchObject({ id: x.org.id, name: x.org.name });
    expect(seen).not.toHaveProperty('contact');
    expect(seen).not.toHaveProperty('contactVerified');
    expect(shown.status).toBe(200);
    expect(await shown.text()).not.toContain(x.org.contact.email);
  });

  it('still names itself on its postings to the platform’s members (by design), without opening its profile', async () => {
    const needs = await jsonOf<Page<{ organizationId: string; id: string }>>(
      await h.request(`/v1/platforms/${platformA}/needs`, { as: neighbour.session }),
    );
    const need = needs.items.find((n) => n.organizationId === x.org.id)!;

    const shown = await h.request(`/needs/${need.id}`, { headers: { cookie: neighbour.session.cookie } });

    expect(await shown.text()).toContain(x.org.name);
    await expectProblem(await get(x.org.id, neighbour.session), 404, 'not-found');
  });
});

describe('an organisation listed in the directory', () => {
  it('is shown without its contact to anyone, signed in or not', async () => {
    const owner = await h.signIn(uniqueEmail('listed'));
    const listed = await h.organization(owner, { directoryListed: true });

    for (const as of [undefined, stranger]) {
      const seen = await jsonOf<Partial<OrganizationInFull>>(await get(listed.id, as));
      expect(seen).toMatchObject({ id: listed.id, name: listed.name });
      expect(seen).not.toHaveProperty('contact');
      expect(seen).not.toHaveProperty('contactVerification');
    }
  });
});
