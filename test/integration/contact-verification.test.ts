import { beforeAll, describe, expect, it } from 'vitest';
import { sweepIntroductions } from '#batch';
import type { Match, Organization, OrganizationInFull } from '#domain';
import type { Email } from '#local';
import {
  contactTokenFrom,
  createHarness,
  expectProblem,
  type Harness,
  isContactConfirmation,
  jsonOf,
  type Member,
  type Page,
  type Session,
  uniqueEmail,
} from '#test/harness';

// An organisation's contact address is confirmed by a mailed link before anything but that
// link goes to it; until then its mail goes to its owners' own addresses, and a partner is
// shown an owner's name and address, never the address nobody confirmed (issue 25, item 8).
// One clock for the file, only ever moved forward.

const DAY = 86_400_000;
let clock = Date.parse('2026-11-02T01:00:00.000Z');

let h: Harness;

beforeAll(async () => {
  h = await createHarness({}, { now: () => new Date(clock) });
});

const read = async (id: string, as: Session) =>
  jsonOf<OrganizationInFull>(await h.request(`/v1/organizations/${id}`, { as }));
const patch = (id: string, as: Session, json: Record<string, unknown>) =>
  h.request(`/v1/organizations/${id}`, { method: 'PATCH', as, json });
const resend = (id: string, as: Session) =>
  h.request(`/v1/organizations/${id}/contact/verification`, { method: 'POST', as });
const confirmations = async (email: string) => (await h.mails(email)).filter(isContactConfirmation);
/** Opens a confirmation link the way a browser does: no session; GET shows, POST confirms. */
const openLink = (token: string, method: 'GET' | 'POST') =>
  h.request(`/contact/verify?token=${token}`, { method });
const contact = (label: string) => ({ name: '連絡 花子', email: uniqueEmail(label) });

describe('registering an organisation', () => {
  it('confirms a contact that is the owner’s own sign-in address at once, and mails it nothing more', async () => {
    const owner = await h.signIn(uniqueEmail('own'));

    const org = await jsonOf<OrganizationInFull>(
      await h.request('/v1/organizations', {
        method: 'POST',
        as: owner,
        json: {
          name: '川口ひだまりの会',
          legalForm: 'unincorporated_group',
          location: { prefecture: '11' },
          contact: { name: '本人', email: owner.email },
          activityFields: ['community_development'],
        },
      }),
      201,
    );

    expect(org).toMatchObject({
      contactVerified: true,
      contactVerification: { email: owner.email, verifiedAt: new Date(clock).toISOString() },
    });
    expect(await confirmations(owner.email)).toEqual([]);
  });

  it('mails one confirmation link to another address; a GET of the link changes nothing, the button confirms it once', async () => {
    const owner = await h.signIn(uniqueEmail('owner'));
    const typed = contact('typed');

    const org = await h.organization(owner, { contact: typed });

    expect(org).toMatchObject({ contactVerified: false });
    expect(org).not.toHaveProperty('contactVerification');
    const [mail, ...more] = await h.mails(typed.email);
    expect(more).toEqual([]);
    expect(isContactConfirmation(mail!)).toBe(true);
    expect(mail!.body.text).toContain(org.name);
    const token = contactTokenFrom(mail!);
    // The link's page only asks (mail scanners open links too).
    const shown = await openLink(token, 'GET');
    expect(shown.status).toBe(200);
    expect(await shown.text()).toContain('連絡先を確認する');
    expect(await read(org.id, owner)).toMatchObject({ contactVerified: false, version: 1 });

    const confirmed = await openLink(token, 'POST');

    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain('連絡先を確認しました');
    expect(await read(org.id, owner)).toMatchObject({
      contactVerified: true,
      contactVerification: { email: typed.email },
      version: 2,
    });
    const again = await openLink(token, 'POST');
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('使用済み');
  });

  it('keeps the token only as a hash', async () => {
    const owner = await h.signIn(uniqueEmail('owner'));
    const typed = contact('hashed');
    await h.organization(owner, { contact: typed });
    const token = contactTokenFrom((await confirmations(typed.email))[0]!);

    // The link works, but the secret in it is not what the table is keyed by.
    expect((await openLink(token, 'GET')).status).toBe(200);
    expect(await h.ctx.store.organizations.peekContactToken(decodeURIComponent(token), 0)).toBeUndefined();
  });

  it('confirms nothing with a link older than 7 days', async () => {
    const owner = await h.signIn(uniqueEmail('owner'));
    const typed = contact('late');
    const org = await h.organization(owner, { contact: typed });
    const token = contactTokenFrom((await confirmations(typed.email))[0]!);

    clock += 7 * DAY + 60_000;
    const shown = await openLink(token, 'GET');
    const used = await openLink(token, 'POST');

    expect(shown.status).toBe(400);
    expect(used.status).toBe(400);
    expect(await used.text()).toContain('有効期限');
    expect(await read(org.id, owner)).toMatchObject({ contactVerified: false });
  });
});

describe('changing the contact address', () => {
  it('starts over: the new address is unconfirmed and gets its own link, the old address’s link does nothing', async () => {
    const owner = await h.signIn(uniqueEmail('owner'));
    const first = contact('first');
    const second = contact('second');
    const org = await h.organization(owner, { contact: first });
    const firstToken = contactTokenFrom((await confirmations(first.email))[0]!);

    const changed = await jsonOf<OrganizationInFull>(
      await patch(org.id, owner, { version: 1, contact: second }),
    );

    expect(changed).toMatchObject({ contactVerified: false, version: 2 });
    const stale = await openLink(firstToken, 'POST');
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain('変更されました');
    expect(await read(org.id, owner)).toMatchObject({ contactVerified: false, contact: second });
    await h.confirmContact(changed);
    expect(await read(org.id, owner)).toMatchObject({
      contactVerified: true,
      contactVerification: { email: second.email },
    });
  });

  it('resets a confirmed address when it changes again, keeps it when only the name changes', async () => {
    const owner = await h.signIn(uniqueEmail('owner'));
    const typed = contact('kept');
    const org = await h.organization(owner, { contact: typed });
    await h.confirmContact(org);

    const renamed = await jsonOf<OrganizationInFull>(
      await patch(org.id, owner, { version: 2, contact: { name: '新しい担当', email: typed.email } }),
    );
    const moved = await jsonOf<OrganizationInFull>(
      await patch(org.id, owner, { version: 3, contact: contact('moved') }),
    );

    expect(renamed).toMatchObject({ contactVerified: true, contactVerification: { email: typed.email } });
    expect(moved.contactVerified).toBe(false);
    expect(moved).not.toHaveProperty('contactVerification');
    expect(await confirmations(moved.contact.email)).toHaveLength(1);
  });

  it('confirms the editor’s own sign-in address at once', async () => {
    const owner = await h.signIn(uniqueEmail('owner'));
    const org = await h.organization(owner, { contact: contact('other') });

    const mine = await jsonOf<OrganizationInFull>(
      await patch(org.id, owner, { version: 1, contact: { name: '本人', email: owner.email } }),
    );

    expect(mine).toMatchObject({ contactVerified: true, contactVerification: { email: owner.email } });
    expect(await confirmations(owner.email)).toEqual([]);
  });
});

describe('sending the link again', () => {
  it('mails a new link to an editor’s request, at most three an hour to one address, then 429 with Retry-After', async () => {
    const owner = await h.signIn(uniqueEmail('owner'));
    const typed = contact('resend');
    const org = await h.organization(owner, { contact: typed });

    const second = await resend(org.id, owner);
    const third = await resend(org.id, owner);
    const fourth = await resend(org.id, owner);

    expect(second.status).toBe(202);
    expect(third.status).toBe(202);
    await expectProblem(fourth, 429, 'rate-limited');
    expect(Number(fourth.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await confirmations(typed.email)).toHaveLength(3);
    // Any of the links works; the newest is as good as the first.
    await h.confirmContact(org);
    expect(await read(org.id, owner)).toMatchObject({ contactVerified: true });
    await expectProblem(await resend(org.id, owner), 409, 'contact-verified');
  });

  it('is the owner’s or an editor’s to ask for, not a stranger’s', async () => {
    const owner = await h.signIn(uniqueEmail('owner'));
    const stranger = await h.signIn(uniqueEmail('stranger'));
    const typed = contact('guarded');
    const org = await h.organization(owner, { contact: typed });

    await expectProblem(await resend(org.id, stranger), 403, 'forbidden');
    await expectProblem(
      await h.request(`/v1/organizations/${org.id}/contact/verification`, { method: 'POST' }),
      401,
      'unauthorized',
    );
    expect(await confirmations(typed.email)).toHaveLength(1);
  });

  it('lets one person cause at most 20 links an hour, whatever the addresses', async () => {
    const owner = await h.signIn(uniqueEmail('prolific'));
    const orgs = [];
    for (let i = 0; i < 21; i++) orgs.push(await h.organization(owner, { contact: contact(`many-${i}`) }));

    const mailed = await Promise.all(orgs.map(async (o) => (await confirmations(o.contact.email)).length));

    // The 21st organisation is registered all the same, without the mail; asking again is a 429.
    expect(mailed).toEqual([...Array(20).fill(1), 0]);
    expect(await read(orgs[20]!.id, owner)).toMatchObject({ contactVerified: false });
    await expectProblem(await resend(orgs[20]!.id, owner), 429, 'rate-limited');
  });

  it('sends nothing to an address that bounced before', async () => {
    const owner = await h.signIn(uniqueEmail('owner'));
    const typed = contact('bounced');
    await h.ctx.store.suppressions.add({
      email: typed.email,
      reason: 'bounce',
      since: new Date(clock).toISOString(),
      source: 'test',
    });

    const org = await h.organization(owner, { contact: typed });

    expect(await h.mails(typed.email)).toEqual([]);
    await expectProblem(await resend(org.id, owner), 409, 'contact-undeliverable');
  });

  it('registers the organisation whatever SES answers, and mails the link once SES is back', async () => {
    const owner = await h.signIn(uniqueEmail('owner'));
    const typed = contact('ses-down');
    const real = h.ctx.mailer;
    const unavailable = Object.assign(new Error('Service unavailable.'), {
      name: 'ServiceUnavailable',
      $metadata: { httpStatusCode: 503 },
    });
    h.ctx.mailer = {
      send: (mail) => (mail.to === typed.email ? Promise.reject(unavailable) : real.send(mail)),
    };
    let org: Organization;
    try {
      org = await h.organization(owner, { contact: typed });
      // The sender tried and SES said "not now": nothing arrived, the link waits in the outbox.
      expect(await h.mails(typed.email)).toEqual([]);
    } finally {
      h.ctx.mailer = real;
    }

    expect(org).toMatchObject({ contactVerified: false });
    clock += 60_000; // the retry is due
    expect(await confirmations(typed.email)).toHaveLength(1);
    expect((await resend(org.id, owner)).status).toBe(202);
    expect(await confirmations(typed.email)).toHaveLength(2);
  });

  it('has a button on the organisation’s page that says where mail goes meanwhile', async () => {
    const owner = await h.signIn(uniqueEmail('owner'));
    const typed = contact('page');
    const org = await h.organization(owner, { contact: typed });
    const cookie = { cookie: owner.cookie };

    const page = await (await h.request(`/organizations/${org.id}`, { headers: cookie })).text();
    const pressed = await h.request(`/organizations/${org.id}/contact/resend`, {
      method: 'POST',
      headers: { ...cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: owner.csrfToken }).toString(),
    });

    const edit = await (await h.request(`/organizations/${org.id}/edit`, { headers: cookie })).text();
    for (const html of [page, edit]) {
      expect(html).toContain('未確認');
      expect(html).toContain('管理者の方のメールアドレスにお送りします');
      expect(html).toContain(`action="/organizations/${org.id}/contact/resend"`);
    }
    expect(pressed.status).toBe(303);
    expect(pressed.headers.get('location')).toBe(`/organizations/${org.id}?resent=1`);
    expect(await confirmations(typed.email)).toHaveLength(2);
  });
});

// --- where the organisation's mail goes ---------------------------------------------------------

const proposals = (mails: Email[]) => mails.filter((m) => m.subject.includes('新しいつながりのご提案'));
const reminders = (mails: Email[]) => mails.filter((m) => m.subject.includes('回答期限'));
const connections = (mails: Email[]) => mails.filter((m) => m.subject.includes('つながりが成立しました'));

interface Scene {
  platformId: string;
  npo: Member;
  company: Member;
  /** What the NPO's owner typed as its contact: nobody has confirmed it. */
  typed: { name: string; email: string };
  match: Match;
}

/** An NPO whose typed contact is unconfirmed, a company whose contact is its owner, one proposal. */
async function scene(): Promise<Scene> {
  const secretariatEmail = uniqueEmail('jimukyoku');
  const platformId = await h.platform({}, [secretariatEmail]);
  const secretariat = await h.signIn(secretariatEmail);
  const typed = contact('npo-typed');
  const npo = await h.member(platformId, secretariat, 'npo-owner', { contact: typed });
  await jsonOf(await h.request('/v1/me', { method: 'PATCH', as: npo.session, json: { name: '田中 恵' } }));
  const companyOwner = await h.signIn(uniqueEmail('company-owner'));
  const companyOrg = await h.organization(companyOwner, {
    name: '株式会社さいたま食品',
    legalForm: 'company',
    contact: { name: '浦和 太郎', email: companyOwner.email },
  });
  await h.apply(companyOwner, platformId, companyOrg.id);
  await h.approve(secretariat, platformId, companyOrg.id);
  await h.postNeed(npo.session, platformId, npo.org.id);
  await h.postOffer(companyOwner, platformId, companyOrg.id);
  const round = await jsonOf<{ written: number }>(
    await h.request(`/v1/platforms/${platformId}/runs/match`, { method: 'POST', as: secretariat }),
  );
  expect(round.written).toBe(1);
  await h.drain();
  const inbox = await jsonOf<Page<Match>>(
    await h.request(`/v1/matches?organizationId=${npo.org.id}`, { as: npo.session }),
  );
  return {
    platformId,
    npo,
    company: { session: companyOwner, org: companyOrg },
    typed,
    match: inbox.items[0]!,
  };
}

describe('mail for an organisation whose contact address is unconfirmed', () => {
  it('goes to its owner, not to the typed address, and to the contact once it is confirmed', async () => {
    const s = await scene();

    const toOwner = proposals(await h.mails(s.npo.session.email));
    expect(toOwner).toHaveLength(1);
    expect(toOwner[0]!.body.text).toContain('連絡先メールアドレスがまだ確認されていない');
    expect(await h.mails(s.typed.email)).toEqual([
      expect.objectContaining({ subject: expect.stringContaining('連絡先メールアドレスの確認') }),
    ]);
    expect(proposals(await h.mails(s.company.session.email))).toHaveLength(1);

    await h.confirmContact(s.npo.org);
    clock = Date.parse(s.match.createdAt) + 12 * DAY;
    expect((await sweepIntroductions(h.ctx, s.platformId)).reminded).toBe(1);
    await h.drain();

    expect(reminders(await h.mails(s.typed.email))).toHaveLength(1);
    expect(reminders(await h.mails(s.npo.session.email))).toEqual([]);
  });

  it('shows the partner the owner’s name and address after both accept, never the unconfirmed one', async () => {
    const s = await scene();
    const accept = (as: Session) =>
      h.request(`/v1/matches/${s.match.id}/accept`, { method: 'POST', as, json: {} });
    await jsonOf(await accept(s.npo.session));
    expect((await jsonOf<Match>(await accept(s.company.session))).status).toBe('connected');
    await h.drain();

    const [toCompany] = connections(await h.mails(s.company.session.email));
    expect(toCompany!.body.text).toContain(s.npo.session.email);
    expect(toCompany!.body.text).toContain('田中 恵');
    expect(`${toCompany!.body.text}${toCompany!.body.html}`).not.toContain(s.typed.email);
    // The NPO's own copy (with the company's contact) reaches its owner, not the typed address.
    expect(connections(await h.mails(s.npo.session.email))).toHaveLength(1);
    expect(connections(await h.mails(s.typed.email))).toEqual([]);
    const page = async () =>
      (await h.request(`/matches/${s.match.id}`, { headers: { cookie: s.company.session.cookie } })).text();
    const before = await page();
    expect(before).toContain(`mailto:${s.npo.session.email}`);
    expect(before).not.toContain(s.typed.email);

    await h.confirmContact(s.npo.org);

    const after = await page();
    expect(after).toContain(`mailto:${s.typed.email}`);
    expect(after).toContain(s.typed.name);
  });
});
