import { beforeAll, describe, expect, it } from 'vitest';
import { inChunks, runMatchRound, sweepIntroductions } from '#batch';
import type { Match, Need, Offer, Round } from '#domain';
import type { Email } from '#local';
import { proposalOf } from '#test/builders';
import {
  createHarness,
  expectProblem,
  type Harness,
  isIntroductionMail,
  jsonOf,
  type Member,
  mailContent,
  type Page,
  type Session,
  uniqueEmail,
} from '#test/harness';

// The double opt-in (PRODUCT.md "Introductions") as the two organisations live it: the mails they
// receive, the links in them, the answers through the API, and what time does to a proposal.
// One clock for the file, only ever moved forward; each test has its own platform.

const DAY = 86_400_000;
let clock = Date.parse('2026-11-02T01:00:00.000Z');
const advance = (ms: number) => {
  clock += ms;
};

let h: Harness;

beforeAll(async () => {
  h = await createHarness({}, { now: () => new Date(clock) });
});

// --- helpers ---------------------------------------------------------------------------------------

interface MailLink {
  token: string;
  a: 'accept' | 'decline' | 'outcome';
  m: string;
  s: 'need' | 'offer';
  o?: 'formed' | 'not_formed' | 'in_progress';
}

/** The signed answer links of a mail, with what each one says it does. */
function respondLinks(mail: Email): MailLink[] {
  const text = mail.body.text ?? '';
  return [...text.matchAll(/http:\/\/tsunagu\.test\/respond\?token=([A-Za-z0-9._-]+)/g)].map((found) => {
    const token = found[1]!;
    const payload = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8'));
    return { token, ...payload } as MailLink;
  });
}

function linkOf(mail: Email, a: MailLink['a'], o?: MailLink['o']): MailLink {
  const link = respondLinks(mail).find((l) => l.a === a && l.o === o);
  if (!link) throw new Error(`no ${a} link in mail "${mail.subject}"`);
  return link;
}

/** Follows a link from a mail the way a browser does: no session, no cookie. */
const followLink = (token: string, method: 'GET' | 'POST' = 'POST') =>
  h.request(`/respond?token=${token}`, { method });

/** The introduction mails to an address (not the confirmation of a contact address). */
// Introduction mails only: not the contact's confirmation link, nor its membership's mails.
const mails = async (to: string) => (await h.mails(to)).filter(isIntroductionMail);

interface Scene {
  platformId: string;
  secretariatEmail: string;
  secretariat: Session;
  npo: Member;
  company: Member;
  npoContact: { name: string; email: string };
  companyContact: { name: string; email: string };
  need: Need;
  offer: Offer;
}

/** A platform with an NPO needing a venue and a company offering one, each with its own confirmed contact. */
async function scene(offer: Record<string, unknown> = {}): Promise<Scene> {
  const secretariatEmail = uniqueEmail('jimukyoku');
  const platformId = await h.platform({}, [secretariatEmail]);
  const secretariat = await h.signIn(secretariatEmail);
  const npoContact = { name: '川口 花子', email: uniqueEmail('npo-contact') };
  const companyContact = { name: '浦和 太郎', email: uniqueEmail('company-contact') };
  const npo = await h.member(platformId, secretariat, 'npo', { contact: npoContact });
  const company = await h.member(platformId, secretariat, 'company', {
    name: '株式会社さいたま食品',
    legalForm: 'company',
    location: { prefecture: '11', municipality: '11100' },
    contact: companyContact,
  });
  // Each contact confirms its address (docs/mail.md): from then on the introductions go there.
  await h.confirmContact(npo.org);
  await h.confirmContact(company.org);
  const need = await h.postNeed(npo.session, platformId, npo.org.id);
  const posted = await h.postOffer(company.session, platformId, company.org.id, offer);
  return {
    platformId,
    secretariatEmail,
    secretariat,
    npo,
    company,
    npoContact,
    companyContact,
    need,
    offer: posted,
  };
}

async function runRound(s: Scene): Promise<Round> {
  return jsonOf<Round>(
    await h.request(`/v1/platforms/${s.platformId}/runs/match`, { method: 'POST', as: s.secretariat }),
  );
}

async function inboxOf(as: Session, organizationId: string): Promise<Match[]> {
  const page = await jsonOf<Page<Match>>(
    await h.request(`/v1/matches?organizationId=${organizationId}&limit=100`, { as }),
  );
  return page.items;
}

/** A scene after one round and one send: the one match and the two proposal mails. */
async function proposed(offer: Record<string, unknown> = {}) {
  const s = await scene(offer);
  const round = await runRound(s);
  expect(round.written).toBe(1);
  await h.drain();
  const [match] = await inboxOf(s.npo.session, s.npo.org.id);
  expect(match).toMatchObject({ needId: s.need.id, offerId: s.offer.id, status: 'proposed' });
  const [npoMail] = await mails(s.npoContact.email);
  const [companyMail] = await mails(s.companyContact.email);
  return { ...s, match: match!, npoMail: npoMail!, companyMail: companyMail! };
}

const getMatch = async (id: string, as: Session) =>
  jsonOf<Match>(await h.request(`/v1/matches/${id}`, { as }));

const answer = (id: string, action: 'accept' | 'decline', as: Session, json?: unknown) =>
  h.request(`/v1/matches/${id}/${action}`, { method: 'POST', as, ...(json === undefined ? {} : { json }) });

/** Connects the two sides through the API and sends the contact mails. */
async function connected(offer: Record<string, unknown> = {}) {
  const p = await proposed(offer);
  await jsonOf<Match>(await answer(p.match.id, 'accept', p.npo.session));
  const done = await jsonOf<Match>(await answer(p.match.id, 'accept', p.company.session));
  expect(done.status).toBe('connected');
  await h.drain();
  return p;
}

// --- tests ---------------------------------------------------------------------------------------

describe('a proposal', () => {
  it("mails each side's contact once, without the other side's contact details", async () => {
    const p = await proposed();
    const npoMails = await mails(p.npoContact.email);
    const companyMails = await mails(p.companyContact.email);
    expect(npoMails).toHaveLength(1);
    expect(companyMails).toHaveLength(1);

    for (const [mail, other, otherOrgName, otherTitle, side] of [
      [npoMails[0]!, p.companyContact, p.company.org.name, p.offer.title, 'need'],
      [companyMails[0]!, p.npoContact, p.npo.org.name, p.need.title, 'offer'],
    ] as const) {
      const content = mailContent(mail);
      expect(content).not.toContain(other.email);
      expect(content).not.toContain(other.name);
      expect(mail.body.text).toContain(otherOrgName);
      expect(mail.body.text).toContain(otherTitle);
      const accept = linkOf(mail, 'accept');
      const decline = linkOf(mail, 'decline');
      expect(accept).toMatchObject({ m: p.match.id, s: side });
      expect(decline).toMatchObject({ m: p.match.id, s: side });
      expect(mail.body.html).toContain(accept.token);
      expect(mail.body.html).toContain(decline.token);
    }
  });

  it('is not mailed again when the round runs again, the same day or the next', async () => {
    const p = await proposed();
    const again = await runRound(p);
    expect(again.written).toBe(0);
    advance(DAY);
    const nextDay = await runMatchRound(h.ctx, p.platformId);
    expect(nextDay).toMatchObject({ skipped: false, written: 0 });
    await h.drain();
    expect(await mails(p.npoContact.email)).toHaveLength(1);
    expect(await mails(p.companyContact.email)).toHaveLength(1);
    expect(await inboxOf(p.npo.session, p.npo.org.id)).toHaveLength(1);
  });
});

describe('when both sides accept', () => {
  it("connects them and mails each side the other's contact, once", async () => {
    const p = await proposed();

    const first = await jsonOf<Match>(await answer(p.match.id, 'accept', p.npo.session));
    expect(first.status).toBe('accepted');
    await h.drain();
    // One acceptance reveals nothing yet.
    expect(await mails(p.npoContact.email)).toHaveLength(1);
    expect(await mails(p.companyContact.email)).toHaveLength(1);

    const page = await followLink(linkOf(p.companyMail, 'accept').token);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('双方が承諾しました');
    expect((await getMatch(p.match.id, p.npo.session)).status).toBe('connected');

    await h.drain();
    const npoMails = await mails(p.npoContact.email);
    const companyMails = await mails(p.companyContact.email);
    expect(npoMails).toHaveLength(2);
    expect(companyMails).toHaveLength(2);
    for (const [mail, other, own] of [
      [npoMails[1]!, p.companyContact, p.npoContact],
      [companyMails[1]!, p.npoContact, p.companyContact],
    ] as const) {
      expect(mail.body.text).toContain(`ご担当者: ${other.name} 様`);
      expect(mail.body.text).toContain(other.email);
      expect(mail.body.html).toContain(other.email);
      // The reader's own name greets them (docs/mail.md); it is never given as the contact.
      expect(mail.body.text?.split('\n')[0]).toContain(`${own.name} 様`);
      expect(mail.body.text).not.toContain(`ご担当者: ${own.name}`);
    }

    // A second round and a second send change nothing.
    await runMatchRound(h.ctx, p.platformId);
    await h.drain();
    expect(await mails(p.npoContact.email)).toHaveLength(2);
    expect(await mails(p.companyContact.email)).toHaveLength(2);
  });
});

describe('a contact who unsubscribed from introductions', () => {
  it('still receives the contact exchange their own acceptance asked for, and can turn introductions back on', async () => {
    const p = await proposed();
    const header = p.companyMail.headers?.find((x) => x.name === 'List-Unsubscribe')?.value ?? '';
    const url = new URL(header.replace(/^<|>$/g, ''));
    const unsubscribed = await h.request(url.pathname + url.search, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(unsubscribed.status).toBe(200);

    await followLink(linkOf(p.companyMail, 'accept').token);
    await followLink(linkOf(p.npoMail, 'accept').token);
    await h.drain();

    const companyMails = await mails(p.companyContact.email);
    expect(companyMails).toHaveLength(2);
    expect(companyMails[1]!.body.text).toContain(p.npoContact.email);

    // The contact signs in and turns introduction mails back on in the preferences.
    const contact = await h.signIn(p.companyContact.email);
    const before = await jsonOf<{ introductionMails: string }>(
      await h.request('/v1/me/preferences', { as: contact }),
    );
    expect(before.introductionMails).toBe('off');
    const after = await jsonOf<{ introductionMails: string }>(
      await h.request('/v1/me/preferences', {
        method: 'PUT',
        as: contact,
        json: {
          language: 'ja',
          digest: {},
          fields: [],
          regions: { prefectures: [], municipalities: [] },
          introductionMails: 'on',
        },
      }),
    );
    expect(after.introductionMails).toBe('on');
    expect(await h.ctx.store.suppressions.get(p.companyContact.email)).toBeUndefined();
  });
});

describe('a decline', () => {
  it('is final: the other side cannot accept any more and the pair is not proposed again', async () => {
    const p = await proposed();
    const reason = '今期は別の会場が見つかりました';
    const declined = await jsonOf<Match>(await answer(p.match.id, 'decline', p.npo.session, { reason }));
    expect(declined.status).toBe('declined');
    expect(declined).not.toHaveProperty('declineReason');

    await expectProblem(await answer(p.match.id, 'accept', p.company.session), 409, 'match-declined');
    const viaLink = await followLink(linkOf(p.companyMail, 'accept').token);
    expect(viaLink.status).toBe(409);
    expect((await getMatch(p.match.id, p.company.session)).status).toBe('declined');

    advance(DAY);
    const later = await runMatchRound(h.ctx, p.platformId);
    expect(later).toMatchObject({ skipped: false, proposals: 0, written: 0 });
    await h.drain();
    expect(await inboxOf(p.npo.session, p.npo.org.id)).toHaveLength(1);
    expect(await mails(p.npoContact.email)).toHaveLength(1);
    expect(await mails(p.companyContact.email)).toHaveLength(1);
  });

  it('shows its reason to the secretariat only', async () => {
    const p = await proposed();
    const reason = '対象地域が合いませんでした';
    await jsonOf<Match>(await answer(p.match.id, 'decline', p.company.session, { reason }));

    expect((await getMatch(p.match.id, p.secretariat)).declineReason).toBe(reason);
    for (const { session: as, org } of [p.npo, p.company]) {
      const seen = await h.request(`/v1/matches/${p.match.id}`, { as });
      expect(seen.status).toBe(200);
      expect(await seen.text()).not.toContain(reason);
      const inbox = await h.request(`/v1/matches?organizationId=${org.id}`, { as });
      expect(inbox.status).toBe(200);
      expect(await inbox.text()).not.toContain(reason);
    }
  });
});

describe('an unanswered proposal', () => {
  it('is reminded once before it expires, then expires and can no longer be answered', async () => {
    const p = await proposed();
    const start = Date.parse(p.match.createdAt);
    // The end of the day in Japan, 14 days on: the day the mail prints is answerable in full.
    const lastDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(start + 14 * DAY);
    expect(p.match.respondBy).toBe(new Date(`${lastDay}T23:59:59.999+09:00`).toISOString());

    // Not yet due: 10 days in, nothing is sent.
    clock = start + 10 * DAY;
    expect((await sweepIntroductions(h.ctx, p.platformId)).reminded).toBe(0);
    await h.drain();
    expect(await mails(p.npoContact.email)).toHaveLength(1);

    clock = start + 12 * DAY;
    expect((await sweepIntroductions(h.ctx, p.platformId)).reminded).toBe(1);
    await sweepIntroductions(h.ctx, p.platformId);
    await h.drain();
    for (const email of [p.npoContact.email, p.companyContact.email]) {
      const received = await mails(email);
      expect(received).toHaveLength(2);
      expect(received[1]!.subject).toContain('回答期限');
      expect(linkOf(received[1]!, 'accept').m).toBe(p.match.id);
    }

    clock = start + 13 * DAY;
    await sweepIntroductions(h.ctx, p.platformId);
    await h.drain();
    expect(await mails(p.npoContact.email)).toHaveLength(2);
    expect(await mails(p.companyContact.email)).toHaveLength(2);

    clock = Date.parse(p.match.respondBy) - 60_000;
    expect((await sweepIntroductions(h.ctx, p.platformId)).expired).toBe(0);
    clock = Date.parse(p.match.respondBy) + 60_000;
    expect((await sweepIntroductions(h.ctx, p.platformId)).expired).toBe(1);
    expect((await getMatch(p.match.id, p.npo.session)).status).toBe('expired');

    const viaLink = await followLink(linkOf(p.npoMail, 'accept').token);
    expect(viaLink.status).toBe(400);
    expect(viaLink.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await viaLink.text()).toContain('リンクが無効です');
    await expectProblem(await answer(p.match.id, 'accept', p.company.session), 409, 'match-expired');
    expect((await getMatch(p.match.id, p.npo.session)).status).toBe('expired');
  });
});

describe('a proposal one side has accepted', () => {
  it('reminds only the side still to answer, telling it the other side accepted', async () => {
    const p = await proposed();
    await jsonOf<Match>(await answer(p.match.id, 'accept', p.npo.session));
    clock = Date.parse(p.match.createdAt) + 12 * DAY;
    await sweepIntroductions(h.ctx, p.platformId);
    await h.drain();
    expect(await mails(p.npoContact.email)).toHaveLength(1);
    const companyMails = await mails(p.companyContact.email);
    expect(companyMails).toHaveLength(2);
    expect(companyMails[1]!.body.text).toContain(`${p.npo.org.name}は、すでにこのご提案を承諾されています`);
  });

  it("gives the offer's slot back when it expires after the offer side accepted", async () => {
    const p = await proposed({ slots: 1 });
    await jsonOf<Match>(await answer(p.match.id, 'accept', p.company.session));
    const offerPath = `/v1/offers/${p.offer.id}`;
    expect((await jsonOf<Offer>(await h.request(offerPath, { as: p.company.session }))).slotsUsed).toBe(1);
    clock = Date.parse(p.match.respondBy) + 60_000;
    expect((await sweepIntroductions(h.ctx, p.platformId)).expired).toBe(1);
    const offer = await jsonOf<Offer>(await h.request(offerPath, { as: p.company.session }));
    expect(offer.slotsUsed).toBe(0);
  });
});

describe("an offer's slots", () => {
  it('are never overbooked by 50 acceptances at once', async () => {
    const s = await scene({ slots: 5, introductionsPerRound: 50 });
    // One NPO network with 50 member organisations, each with its own need.
    const npo = await h.signIn(uniqueEmail('npo-network'));
    const needs = await inChunks(
      Array.from({ length: 50 }, (_, i) => i),
      10,
      async (i) => {
        const org = await h.organization(npo, {
          name: `NPO法人 つながり食堂 ${i + 1}`,
          contact: { name: `担当 ${i + 1}`, email: uniqueEmail(`npo-${i + 1}`) },
        });
        await h.apply(npo, s.platformId, org.id);
        await h.approve(s.secretariat, s.platformId, org.id);
        return h.postNeed(npo, s.platformId, org.id);
      },
    );
    const now = new Date(clock).toISOString();
    const respondBy = new Date(clock + 14 * DAY).toISOString();
    const matches = needs.map((need) => proposalOf(need, s.offer, now, respondBy));
    for (const m of matches) expect(await h.ctx.store.matches.propose(m)).toBe('proposed');

    const needSide = await Promise.all(matches.map((m) => answer(m.id, 'accept', npo)));
    for (const res of needSide) expect((await jsonOf<Match>(res)).status).toBe('accepted');

    const offerSide = await Promise.all(matches.map((m) => answer(m.id, 'accept', s.company.session)));
    const won = offerSide.filter((res) => res.status === 200);
    const lost = offerSide.filter((res) => res.status !== 200);
    expect(won).toHaveLength(5);
    expect(lost).toHaveLength(45);
    for (const res of won) expect((await jsonOf<Match>(res)).status).toBe('connected');
    for (const res of lost) await expectProblem(res, 409, 'offer-full');

    const offer = await jsonOf<Offer>(await h.request(`/v1/offers/${s.offer.id}`, { as: s.company.session }));
    expect(offer.slotsUsed).toBe(5);
    const stored = await h.ctx.store.matches.ofOffer(s.offer.id, { limit: 100 });
    expect(stored.items).toHaveLength(50);
    expect(stored.items.filter((m) => m.status === 'connected')).toHaveLength(5);

    // The company receives the contacts of exactly five organisations.
    await h.drain();
    expect(await mails(s.companyContact.email)).toHaveLength(5);
  }, 90_000); // its setup applies and approves 50 organisations, each change with its mails (receipt, notice, approval)
});

describe('the follow-up', () => {
  it('asks both sides once what came of it, and the answer shows in the platform stats', async () => {
    const p = await connected();
    const connectedAt = Date.parse((await getMatch(p.match.id, p.npo.session)).connectedAt!);

    clock = connectedAt + 29 * DAY;
    expect((await sweepIntroductions(h.ctx, p.platformId)).followedUp).toBe(0);
    clock = connectedAt + 30 * DAY;
    expect((await sweepIntroductions(h.ctx, p.platformId)).followedUp).toBe(1);
    await sweepIntroductions(h.ctx, p.platformId);
    await h.drain();

    const npoMails = await mails(p.npoContact.email);
    const companyMails = await mails(p.companyContact.email);
    expect(npoMails).toHaveLength(3);
    expect(companyMails).toHaveLength(3);
    for (const [mail, side] of [
      [npoMails[2]!, 'need'],
      [companyMails[2]!, 'offer'],
    ] as const) {
      const links = respondLinks(mail);
      expect(links.map((l) => l.o).sort()).toEqual(['formed', 'in_progress', 'not_formed']);
      expect(links.every((l) => l.a === 'outcome' && l.m === p.match.id && l.s === side)).toBe(true);
    }

    const page = await followLink(linkOf(npoMails[2]!, 'outcome', 'formed').token);
    expect(page.status).toBe(200);

    // A month on, the sessions of the first day have expired: both sign in again.
    const secretariat = await h.signIn(p.secretariatEmail);
    const stats = await jsonOf<{ matches: Record<string, number>; outcomes: Record<string, number> }>(
      await h.request(`/v1/platforms/${p.platformId}/stats`, { as: secretariat }),
    );
    expect(stats.matches.connected).toBe(1);
    expect(stats.outcomes).toEqual({ formed: 1, not_formed: 0, in_progress: 0, unanswered: 0 });

    const npo = await h.signIn(p.npo.session.email);
    await expectProblem(await h.request(`/v1/platforms/${p.platformId}/stats`, { as: npo }), 403);
  });
});

describe('the links in the mails', () => {
  it('say how things stand when opened after the other side declined, without a form', async () => {
    const p = await proposed();
    expect((await answer(p.match.id, 'decline', p.npo.session)).status).toBe(200);
    const page = await followLink(linkOf(p.companyMail, 'accept').token, 'GET');
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('このご提案は見送りとなりました');
    expect(html).not.toContain('action="/respond');
  });

  it('refuse a token whose signature was changed', async () => {
    const p = await proposed();
    const { token } = linkOf(p.npoMail, 'accept');
    const [payload, signature] = token.split('.') as [string, string];
    const i = Math.floor(signature.length / 2);
    const changed = `${signature.slice(0, i)}${signature[i] === 'A' ? 'B' : 'A'}${signature.slice(i + 1)}`;
    for (const method of ['GET', 'POST'] as const) {
      const res = await followLink(`${payload}.${changed}`, method);
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('リンクが無効です');
    }
    expect((await getMatch(p.match.id, p.npo.session)).status).toBe('proposed');
  });

  it('refuse a link rewritten to answer for the other side', async () => {
    const p = await proposed();
    const { token } = linkOf(p.npoMail, 'accept');
    const [payload, signature] = token.split('.') as [string, string];
    const link = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    const forged = Buffer.from(JSON.stringify({ ...link, s: 'offer' })).toString('base64url');
    expect((await followLink(`${forged}.${signature}`)).status).toBe(400);
    expect((await getMatch(p.match.id, p.npo.session)).responses).toEqual({});
  });

  it('only show a confirmation when opened, so a mail scanner answers nothing', async () => {
    const p = await proposed();
    for (const link of [linkOf(p.npoMail, 'accept'), linkOf(p.companyMail, 'decline')]) {
      const res = await followLink(link.token, 'GET');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await res.text()).toMatch(/<form method="post" action="\/respond\?token=/);
    }
    const match = await getMatch(p.match.id, p.npo.session);
    expect(match).toMatchObject({ status: 'proposed', responses: {}, version: 1 });
  });

  it('say which need and which offer, whose, and why, before the button (never a contact)', async () => {
    const p = await proposed();
    for (const [link, own, other] of [
      [linkOf(p.npoMail, 'accept'), ['貴団体のニーズ', p.need.title, p.npo.org.name], p.offer],
      [linkOf(p.companyMail, 'decline'), ['貴団体の支援の申し出', p.offer.title, p.company.org.name], p.need],
    ] as const) {
      const html = await (await followLink(link.token, 'GET')).text();
      const before = html.slice(0, html.indexOf('<form method="post" action="/respond'));
      for (const text of [...own, other.title, p.match.explanation!.ja]) expect(before).toContain(text);
      expect(before).toContain(other === p.offer ? p.company.org.name : p.npo.org.name);
      for (const address of [p.npoContact.email, p.companyContact.email]) expect(html).not.toContain(address);
    }
  });
});

describe('answering through the API', () => {
  it('is refused to people outside the two organisations, and to viewers', async () => {
    const p = await proposed();
    const stranger = await h.member(p.platformId, p.secretariat, 'stranger');
    await expectProblem(await answer(p.match.id, 'accept', stranger.session), 404);
    await expectProblem(await answer(p.match.id, 'decline', stranger.session), 404);

    const viewer = await h.addPerson(p.npo.session, p.npo.org.id, uniqueEmail('viewer'), 'viewer');
    await expectProblem(await answer(p.match.id, 'accept', viewer), 403);
    expect((await getMatch(p.match.id, p.npo.session)).responses).toEqual({});
  });

  it('takes one slot however often the offer side accepts', async () => {
    const p = await proposed({ slots: 3 });
    const first = await jsonOf<Match>(await answer(p.match.id, 'accept', p.company.session));
    const second = await jsonOf<Match>(await answer(p.match.id, 'accept', p.company.session));
    expect(first.status).toBe('accepted');
    expect(second).toEqual(first);
    const offer = await jsonOf<Offer>(await h.request(`/v1/offers/${p.offer.id}`, { as: p.company.session }));
    expect(offer.slotsUsed).toBe(1);
  });

  it('says "accepted", not an error, when an accepted side answers again after connecting', async () => {
    const p = await connected({ slots: 3 });
    const again = await jsonOf<Match>(await answer(p.match.id, 'accept', p.company.session));
    expect(again.status).toBe('connected');
    const page = await followLink(linkOf(p.npoMail, 'accept').token);
    expect(page.status).toBe(200);
    await h.drain();
    expect(await mails(p.npoContact.email)).toHaveLength(2);
    const offer = await jsonOf<Offer>(await h.request(`/v1/offers/${p.offer.id}`, { as: p.company.session }));
    expect(offer.slotsUsed).toBe(1);
  });

  it('gives the slot back when the need side declines after the offer side accepted', async () => {
    const p = await proposed({ slots: 1 });
    await jsonOf<Match>(await answer(p.match.id, 'accept', p.company.session));
    const offerPath = `/v1/offers/${p.offer.id}`;
    expect((await jsonOf<Offer>(await h.request(offerPath, { as: p.company.session }))).slotsUsed).toBe(1);
    await jsonOf<Match>(await answer(p.match.id, 'decline', p.npo.session));
    expect((await jsonOf<Offer>(await h.request(offerPath, { as: p.company.session }))).slotsUsed).toBe(0);
  });
});

describe('the pages the mails link to', () => {
  const asBrowser = (s: Session) => ({ cookie: s.cookie });
  const formPost = (path: string, s: Session, fields: Record<string, string>) =>
    h.request(path, {
      method: 'POST',
      headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: s.csrfToken, ...fields }).toString(),
    });
  const matchUrlIn = (mail: Email) => {
    const found = (mail.body.text ?? '').match(/http:\/\/tsunagu\.test(\/matches\/[0-9A-Z]{26})/);
    if (!found) throw new Error('no match link in the mail');
    return found[1]!;
  };

  it('lets both sides answer on the match page and then shows each the other’s contact', async () => {
    const p = await proposed();
    const path = matchUrlIn(p.npoMail);
    expect(matchUrlIn(p.companyMail)).toBe(path);

    const signedOut = await h.request(path);
    expect(signedOut.status).toBe(401);

    const before = await (await h.request(path, { headers: asBrowser(p.npo.session) })).text();
    expect(before).toContain(p.match.explanation!.ja);
    expect(before).toContain('承諾する');
    expect(before).not.toContain(p.companyContact.email);

    expect((await formPost(`${path}/accept`, p.npo.session, { side: 'need' })).status).toBe(303);
    expect((await formPost(`${path}/accept`, p.company.session, { side: 'offer' })).status).toBe(303);

    const npoView = await (await h.request(path, { headers: asBrowser(p.npo.session) })).text();
    expect(npoView).toContain('つながりました');
    expect(npoView).toContain(p.companyContact.email);
    expect(npoView).not.toContain(`mailto:${p.npoContact.email}`);
    const companyView = await (await h.request(path, { headers: asBrowser(p.company.session) })).text();
    expect(companyView).toContain(p.npoContact.email);

    expect(
      (await formPost(`${path}/outcome`, p.npo.session, { side: 'need', outcome: 'in_progress' })).status,
    ).toBe(303);
    expect((await getMatch(p.match.id, p.npo.session)).outcomes.need?.outcome).toBe('in_progress');
  });

  it('refuses a form without the CSRF token and answers for no side the person cannot edit', async () => {
    const p = await proposed();
    const path = `/matches/${p.match.id}`;
    const noToken = await h.request(`${path}/accept`, {
      method: 'POST',
      headers: { cookie: p.npo.session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'side=need',
    });
    expect(noToken.status).toBe(403);
    const wrongSide = await formPost(`${path}/accept`, p.npo.session, { side: 'offer' });
    expect(wrongSide.status).toBe(403);
    expect((await getMatch(p.match.id, p.npo.session)).status).toBe('proposed');
  });

  it('shows the need, the offer and the platform lists to members, and nothing to an outsider', async () => {
    const p = await proposed();
    const outsider = await h.signIn(uniqueEmail('outsider'));
    for (const path of [
      `/needs/${p.need.id}`,
      `/offers/${p.offer.id}`,
      `/platforms/${p.platformId}/needs`,
      `/platforms/${p.platformId}/offers`,
      `/matches/${p.match.id}`,
    ]) {
      const member = await h.request(path, { headers: asBrowser(p.company.session) });
      expect(member.status, path).toBe(200);
      const stranger = await h.request(path, { headers: asBrowser(outsider) });
      expect(stranger.status, path).toBe(404);
    }
    const list = await (
      await h.request(`/platforms/${p.platformId}/needs`, { headers: asBrowser(p.company.session) })
    ).text();
    expect(list).toContain(p.need.title);
    const needPage = await (
      await h.request(`/needs/${p.need.id}`, { headers: asBrowser(p.company.session) })
    ).text();
    expect(needPage.startsWith('<!doctype html>')).toBe(true);
    // The capacity in words, not the field names of the API.
    expect(needPage).toMatch(/定員\d+名|\d+名/);
    expect(needPage).not.toMatch(/people:|sessionsPerMonth/);
  });
});
