import { beforeAll, describe, expect, it } from 'vitest';
import { runMatchRound } from '#batch';
import type { Match, Need, Offer } from '#domain';
import {
  createHarness,
  expectProblem,
  type Harness,
  isIntroductionMail,
  jsonOf,
  mailContent,
  type Session,
  uniqueEmail,
} from '#test/harness';
import { type TwoMembers, twoMembers } from '#test/scenes';

// Introductions started by people (issue 19): 関心がある on an offer, 協力を申し出る on a need,
// and the secretariat pairing two postings by hand. The same double opt-in as a round's proposal:
// the other side is mailed and answers; contacts only once both accepted; slots never overbooked;
// a decline is final; and only an editor of an approved member of the same platform may ask.

let h: Harness;

beforeAll(async () => {
  h = await createHarness();
});

const mails = async (to: string) => (await h.mails(to)).filter(isIntroductionMail);

interface Scene extends TwoMembers {
  need: Need;
  offer: Offer;
}

async function scene(
  offer: Record<string, unknown> = {},
  need: Record<string, unknown> = {},
): Promise<Scene> {
  const s = await twoMembers(h, 'interest', { company: { name: '株式会社みらい信託' } });
  return {
    ...s,
    need: await h.postNeed(s.npo.session, s.platformId, s.npo.org.id, need),
    offer: await h.postOffer(s.company.session, s.platformId, s.company.org.id, offer),
  };
}

const interestInOffer = (s: Scene, as: Session, body: Record<string, unknown> = {}) =>
  h.request(`/v1/offers/${s.offer.id}/interest`, {
    method: 'POST',
    as,
    json: {
      organizationId: s.npo.org.id,
      postingId: s.need.id,
      message: '子ども食堂の会場として、ぜひご相談させてください。',
      ...body,
    },
  });

const getMatch = async (id: string, as: Session) =>
  jsonOf<Match>(await h.request(`/v1/matches/${id}`, { as }));

const answer = (id: string, action: 'accept' | 'decline', as: Session) =>
  h.request(`/v1/matches/${id}/${action}`, { method: 'POST', as });

describe('関心がある on an offer', { timeout: 120_000 }, () => {
  it('asks the company only, with the message; contacts go out once it accepts', async () => {
    const s = await scene();
    const match = await jsonOf<Match>(await interestInOffer(s, s.npo.session), 201);
    expect(match).toMatchObject({
      origin: 'interest',
      status: 'accepted',
      needId: s.need.id,
      offerId: s.offer.id,
      responses: { need: { decision: 'accepted' } },
      message: { from: 'need', text: '子ども食堂の会場として、ぜひご相談させてください。' },
    });
    // The engine would pair them: its reasons come along.
    expect(match.explanation?.ja).toBeTruthy();
    await h.drain();

    const [proposal, ...more] = await mails(s.companyContact);
    expect(more).toHaveLength(0);
    expect(proposal!.subject).toContain('つながりのお申し出');
    expect(proposal!.subject).toContain(s.need.title.slice(0, 10));
    expect(mailContent(proposal!)).toContain('子ども食堂の会場として、ぜひご相談させてください。');
    expect(mailContent(proposal!)).toContain(`${s.npo.org.name}様`);
    expect(mailContent(proposal!)).not.toContain(s.npoContact);
    // The one who asked is not asked again.
    expect(await mails(s.npoContact)).toHaveLength(0);

    // Before the company accepts, the page shows no contact.
    const before = await (
      await h.request(`/matches/${match.id}`, { headers: { cookie: s.npo.session.cookie } })
    ).text();
    expect(before).toContain('関心の表明');
    expect(before).not.toContain(s.companyContact);

    const connected = await jsonOf<Match>(await answer(match.id, 'accept', s.company.session));
    expect(connected.status).toBe('connected');
    await h.drain();
    const [npoConnected] = await mails(s.npoContact);
    const companyMails = await mails(s.companyContact);
    expect(mailContent(npoConnected!)).toContain(s.companyContact);
    expect(mailContent(companyMails.at(-1)!)).toContain(s.npoContact);
  });

  it('from the offer side on a need takes one of its slots at once, and gives it back on a decline', async () => {
    const s = await scene({ slots: 2 });
    const res = await h.request(`/v1/needs/${s.need.id}/interest`, {
      method: 'POST',
      as: s.company.session,
      json: { organizationId: s.company.org.id, postingId: s.offer.id, message: '会場をお貸しできます。' },
    });
    const match = await jsonOf<Match>(res, 201);
    expect(match).toMatchObject({ origin: 'interest', responses: { offer: { decision: 'accepted' } } });
    const read = () =>
      h.request(`/v1/offers/${s.offer.id}`, { as: s.company.session }).then((r) => jsonOf<Offer>(r));
    expect((await read()).slotsUsed).toBe(1);
    await h.drain();
    expect((await mails(s.npoContact))[0]!.subject).toContain('つながりのお申し出');

    expect((await answer(match.id, 'decline', s.npo.session)).status).toBe(200);
    expect((await read()).slotsUsed).toBe(0);
    // A decline is final: neither asking again nor a round brings the pair back.
    const again = await h.request(`/v1/needs/${s.need.id}/interest`, {
      method: 'POST',
      as: s.company.session,
      json: { organizationId: s.company.org.id, postingId: s.offer.id, message: 'もう一度' },
    });
    await expectProblem(again, 409, 'pair-declined');
    expect(await runMatchRound(h.ctx, s.platformId, { roundId: 'after-decline' })).toMatchObject({
      written: 0,
    });
  });

  it('refuses a second request for the same pair, oneself, and a closed posting', async () => {
    const s = await scene();
    await jsonOf<Match>(await interestInOffer(s, s.npo.session), 201);
    await expectProblem(await interestInOffer(s, s.npo.session), 409, 'match-exists');

    const ownNeed = await h.postNeed(s.company.session, s.platformId, s.company.org.id);
    const self = await h.request(`/v1/offers/${s.offer.id}/interest`, {
      method: 'POST',
      as: s.company.session,
      json: { organizationId: s.company.org.id, postingId: ownNeed.id, message: '自社内で' },
    });
    await expectProblem(self, 409, 'self-introduction');

    const other = await h.postNeed(s.npo.session, s.platformId, s.npo.org.id, { title: '別の会場のニーズ' });
    await h.request(`/v1/offers/${s.offer.id}/close`, { method: 'POST', as: s.company.session });
    const closed = await interestInOffer(s, s.npo.session, { postingId: other.id });
    await expectProblem(closed, 409, 'closed');
  });

  it('is for editors of an approved member of the same platform, with their own posting', async () => {
    const s = await scene();
    const viewer = await h.addPerson(s.npo.session, s.npo.org.id, uniqueEmail('interest-viewer'), 'viewer');
    await expectProblem(await interestInOffer(s, viewer), 403);
    // Its page says who can, rather than offering a form that would be refused.
    const viewerPage = await (
      await h.request(`/offers/${s.offer.id}/interest`, { headers: { cookie: viewer.cookie } })
    ).text();
    expect(viewerPage).toContain('編集者・管理者の方ができます');
    expect(viewerPage).not.toContain('name="message"');

    // A member of another platform cannot even see the offer.
    const elsewhereEmail = uniqueEmail('interest-other-jimukyoku');
    const elsewhere = await h.platform({}, [elsewhereEmail]);
    const stranger = await h.member(elsewhere, await h.signIn(elsewhereEmail), 'interest-stranger');
    const theirNeed = await h.postNeed(stranger.session, elsewhere, stranger.org.id);
    const res = await interestInOffer(s, stranger.session, {
      organizationId: stranger.org.id,
      postingId: theirNeed.id,
    });
    await expectProblem(res, 404);

    // Someone else's need, or an organisation the person does not edit.
    const third = await h.member(s.platformId, s.secretariat, 'interest-third');
    const thirdNeed = await h.postNeed(third.session, s.platformId, third.org.id);
    await expectProblem(await interestInOffer(s, s.npo.session, { postingId: thirdNeed.id }), 400);
    await expectProblem(
      await interestInOffer(s, s.npo.session, { organizationId: third.org.id, postingId: thirdNeed.id }),
      403,
    );
    await expectProblem(await interestInOffer(s, s.npo.session, { message: '   ' }), 400);

    // Nothing was started by any of them.
    const page = await jsonOf<{ items: Match[] }>(
      await h.request(`/v1/matches?organizationId=${s.company.org.id}&limit=50`, { as: s.company.session }),
    );
    expect(page.items).toHaveLength(0);
  });
});

describe('many organisations asking for one offer at once', { timeout: 240_000 }, () => {
  it('never connects more than its slots: 20 interests, 3 slots → 3 connected', async () => {
    const wide = await createHarness({ INTRODUCTION_INBOX_CAP: '20' });
    const email = uniqueEmail('crowd-jimukyoku');
    const platformId = await wide.platform({}, [email]);
    const secretariat = await wide.signIn(email);
    const company = await wide.member(platformId, secretariat, 'crowd-company', { legalForm: 'company' });
    const offer = await wide.postOffer(company.session, platformId, company.org.id, { slots: 3 });
    const npos = [];
    for (let i = 0; i < 20; i++) {
      const npo = await wide.member(platformId, secretariat, `crowd-npo${i}`);
      npos.push({ npo, need: await wide.postNeed(npo.session, platformId, npo.org.id) });
    }
    const asked = await Promise.all(
      npos.map(({ npo, need }) =>
        wide.request(`/v1/offers/${offer.id}/interest`, {
          method: 'POST',
          as: npo.session,
          json: { organizationId: npo.org.id, postingId: need.id, message: 'ぜひお願いします' },
        }),
      ),
    );
    expect(asked.map((r) => r.status)).toEqual(Array(20).fill(201));
    const matches = await Promise.all(asked.map((r) => r.json() as Promise<Match>));
    const answers = await Promise.all(
      matches.map((m) => wide.request(`/v1/matches/${m.id}/accept`, { method: 'POST', as: company.session })),
    );
    const won = answers.filter((r) => r.status === 200);
    expect(won).toHaveLength(3);
    for (const res of answers.filter((r) => r.status !== 200)) await expectProblem(res, 409, 'offer-full');
    const stored = await jsonOf<Offer>(await wide.request(`/v1/offers/${offer.id}`, { as: company.session }));
    expect(stored.slotsUsed).toBe(3);
    console.info(
      `[interest] 20 interests at once on 3 slots: 20 × 201, ${won.length} connected, slotsUsed ${stored.slotsUsed}`,
    );
  });

  it('keeps the offering organisation’s inbox at the cap: 20 at once → 5 asked, 15 told to try later', async () => {
    const email = uniqueEmail('cap-crowd-jimukyoku');
    const platformId = await h.platform({}, [email]);
    const secretariat = await h.signIn(email);
    const company = await h.member(platformId, secretariat, 'cap-crowd-company', { legalForm: 'company' });
    const offer = await h.postOffer(company.session, platformId, company.org.id);
    const npos = [];
    for (let i = 0; i < 20; i++) {
      const npo = await h.member(platformId, secretariat, `cap-crowd-npo${i}`);
      npos.push({ npo, need: await h.postNeed(npo.session, platformId, npo.org.id) });
    }
    const asked = await Promise.all(
      npos.map(({ npo, need }) =>
        h.request(`/v1/offers/${offer.id}/interest`, {
          method: 'POST',
          as: npo.session,
          json: { organizationId: npo.org.id, postingId: need.id, message: 'ぜひお願いします' },
        }),
      ),
    );
    expect(asked.filter((r) => r.status === 201)).toHaveLength(5);
    for (const res of asked.filter((r) => r.status !== 201)) await expectProblem(res, 409, 'inbox-full');
    const counters = await h.ctx.store.matches.inboxWaiting([company.org.id]);
    expect(counters.get(`${company.org.id}|offer`)).toBe(5);
  });
});

describe('the secretariat pairs two postings by hand', { timeout: 120_000 }, () => {
  it('asks both sides with its note, records it, and connects them once both accept', async () => {
    const s = await scene();
    const res = await h.request(`/v1/platforms/${s.platformId}/matches`, {
      method: 'POST',
      as: s.secretariat,
      json: { needId: s.need.id, offerId: s.offer.id, note: '先月の交流会でお話のあった件です。' },
    });
    const match = await jsonOf<Match>(res, 201);
    expect(match).toMatchObject({ origin: 'secretariat', status: 'proposed', responses: {} });
    await h.drain();
    for (const to of [s.npoContact, s.companyContact]) {
      const [mail, ...more] = await mails(to);
      expect(more).toHaveLength(0);
      expect(mail!.subject).toContain('事務局からのご紹介');
      expect(mailContent(mail!)).toContain('事務局より');
      expect(mailContent(mail!)).toContain('先月の交流会でお話のあった件です。');
    }
    const audit = await jsonOf<{ items: { action: string; target?: { id: string } }[] }>(
      await h.request(`/v1/platforms/${s.platformId}/audit`, { as: s.secretariat }),
    );
    expect(audit.items.filter((e) => e.action === 'match.introduce').map((e) => e.target?.id)).toEqual([
      match.id,
    ]);

    await jsonOf<Match>(await answer(match.id, 'accept', s.npo.session));
    expect((await jsonOf<Match>(await answer(match.id, 'accept', s.company.session))).status).toBe(
      'connected',
    );

    // The same from the posting's page: 事務局としてつなぐ, a search, a choice and a note.
    const second = await h.postOffer(s.company.session, s.platformId, s.company.org.id, {
      title: '会議室の貸し出し',
    });
    const asBrowser = { cookie: s.secretariat.cookie };
    const posting = await (await h.request(`/needs/${s.need.id}`, { headers: asBrowser })).text();
    expect(posting).toContain(`/needs/${s.need.id}/introduce`);
    const search = await h.request(`/needs/${s.need.id}/introduce?q=${encodeURIComponent('会議室')}`, {
      headers: asBrowser,
    });
    const form = await search.text();
    expect(search.status).toBe(200);
    expect(form).toContain('会議室の貸し出し');
    expect(form).not.toContain(s.offer.title);
    const sent = await h.request(`/needs/${s.need.id}/introduce`, {
      method: 'POST',
      headers: { ...asBrowser, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        _csrf: s.secretariat.csrfToken,
        counterpart: second.id,
        note: '会議室もございます。',
      }),
    });
    expect(sent.status).toBe(303);
    const introduced = await getMatch(
      sent.headers.get('location')!.split('/').pop()!.split('?')[0]!,
      s.secretariat,
    );
    expect(introduced).toMatchObject({
      origin: 'secretariat',
      offerId: second.id,
      message: { text: '会議室もございます。' },
    });
    // A member does not even see the page.
    expect(
      (await h.request(`/needs/${s.need.id}/introduce`, { headers: { cookie: s.npo.session.cookie } }))
        .status,
    ).toBe(404);

    // Only the secretariat may do it.
    const other = await h.postNeed(s.npo.session, s.platformId, s.npo.org.id, { title: '二つ目' });
    const byMember = await h.request(`/v1/platforms/${s.platformId}/matches`, {
      method: 'POST',
      as: s.company.session,
      json: { needId: other.id, offerId: s.offer.id, note: '自分で' },
    });
    await expectProblem(byMember, 403);
  });

  it('shows no contact before both accept, and a decline is final for the pair', async () => {
    const s = await scene();
    const introduce = () =>
      h.request(`/v1/platforms/${s.platformId}/matches`, {
        method: 'POST',
        as: s.secretariat,
        json: { needId: s.need.id, offerId: s.offer.id, note: 'ご紹介します。' },
      });
    const match = await jsonOf<Match>(await introduce(), 201);
    await jsonOf<Match>(await answer(match.id, 'accept', s.npo.session));
    const page = await (
      await h.request(`/matches/${match.id}`, { headers: { cookie: s.npo.session.cookie } })
    ).text();
    expect(page).toContain('事務局からのご紹介');
    expect(page).not.toContain(s.companyContact);
    await h.drain();
    expect((await mails(s.npoContact)).map((m) => m.subject).join()).not.toContain('つながりが成立');

    expect((await answer(match.id, 'decline', s.company.session)).status).toBe(200);
    await expectProblem(await introduce(), 409, 'pair-declined');
    await expectProblem(await interestInOffer(s, s.npo.session), 409, 'pair-declined');
    expect(await runMatchRound(h.ctx, s.platformId, { roundId: 'after-secretariat-decline' })).toMatchObject({
      written: 0,
    });
  });
});
