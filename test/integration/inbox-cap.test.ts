import { beforeAll, describe, expect, it } from 'vitest';
import { runMatchRound, sweepIntroductions } from '#batch';
import type { Match, Need, Offer } from '#domain';
import {
  createHarness,
  type Harness,
  jsonOf,
  type Member,
  type Page,
  type Session,
  uniqueEmail,
} from '#test/harness';

// The fair inbox (issue 19): no organisation has more than INTRODUCTION_INBOX_CAP (5) proposals
// waiting for its answer on one side; the round leaves the rest for a later round, and an expired
// pair comes back only once one of its postings was edited.

const DAY = 86_400_000;
let clock = Date.parse('2026-11-02T01:00:00.000Z');

let h: Harness;

beforeAll(async () => {
  h = await createHarness({}, { now: () => new Date(clock) });
});

interface World {
  platformId: string;
  secretariat: Session;
  company: Member;
  offer: Offer;
  npos: { member: Member; need: Need }[];
}

/** One company with one venue for many, and `n` NPOs each needing a venue that fits it. */
async function world(n: number): Promise<World> {
  const email = uniqueEmail('cap-jimukyoku');
  const platformId = await h.platform({}, [email]);
  const secretariat = await h.signIn(email);
  const company = await h.member(platformId, secretariat, 'cap-company', { legalForm: 'company' });
  const offer = await h.postOffer(company.session, platformId, company.org.id, { introductionsPerRound: 20 });
  const npos = [];
  for (let i = 0; i < n; i++) {
    const member = await h.member(platformId, secretariat, `cap-npo${i}`);
    npos.push({ member, need: await h.postNeed(member.session, platformId, member.org.id) });
  }
  return { platformId, secretariat, company, offer, npos };
}

const inboxOf = async (member: Member) =>
  (
    await jsonOf<Page<Match>>(
      await h.request(`/v1/matches?organizationId=${member.org.id}&limit=100`, { as: member.session }),
    )
  ).items;

const waitingFor = (matches: Match[], side: 'need' | 'offer') =>
  matches.filter((m) => (m.status === 'proposed' || m.status === 'accepted') && !m.responses[side]);

describe('the fair inbox', { timeout: 120_000 }, () => {
  it('proposes at most five at once to one organisation, and the rest once it has answered', async () => {
    const w = await world(8);
    const first = await runMatchRound(h.ctx, w.platformId, { roundId: 'cap-1' });
    expect(first).toMatchObject({ proposals: 5, written: 5, deferred: 3, skipped: false });
    let inbox = await inboxOf(w.company);
    expect(waitingFor(inbox, 'offer')).toHaveLength(5);
    // The counter the next proposals are checked against says the same.
    const counters = await h.ctx.store.matches.inboxWaiting([w.company.org.id]);
    expect(counters.get(`${w.company.org.id}|offer`)).toBe(5);

    // Nothing answered: the next round proposes nothing more, but is not skipped as "nothing new".
    const again = await runMatchRound(h.ctx, w.platformId, { roundId: 'cap-2' });
    expect(again).toMatchObject({ skipped: false, written: 0, deferred: 3 });

    // The company answers two (one yes, one no): room for two more.
    const [a, b] = waitingFor(inbox, 'offer');
    const post = (id: string, action: string) =>
      h.request(`/v1/matches/${id}/${action}`, { method: 'POST', as: w.company.session });
    expect((await post(a!.id, 'accept')).status).toBe(200);
    expect((await post(b!.id, 'decline')).status).toBe(200);
    const third = await runMatchRound(h.ctx, w.platformId, { roundId: 'cap-3' });
    expect(third).toMatchObject({ written: 2, deferred: 1 });
    inbox = await inboxOf(w.company);
    expect(waitingFor(inbox, 'offer')).toHaveLength(5);
    expect(
      (await h.ctx.store.matches.inboxWaiting([w.company.org.id])).get(`${w.company.org.id}|offer`),
    ).toBe(5);
    // Each NPO side counts on its own: one proposal each, far from the cap.
    for (const { member } of w.npos) {
      const mine = waitingFor(await inboxOf(member), 'need');
      expect(mine.length).toBeLessThanOrEqual(1);
    }
  });

  it('does not propose an expired pair again until one of its postings changes', async () => {
    const w = await world(1);
    const { member, need } = w.npos[0]!;
    expect(await runMatchRound(h.ctx, w.platformId, { roundId: 'exp-1' })).toMatchObject({ written: 1 });
    clock += 15 * DAY;
    expect(await sweepIntroductions(h.ctx, w.platformId)).toMatchObject({ expired: 1 });
    // Expiry gave both sides their room back.
    const counters = await h.ctx.store.matches.inboxWaiting([w.company.org.id, member.org.id]);
    expect(counters.get(`${w.company.org.id}|offer`)).toBe(0);
    expect(counters.get(`${member.org.id}|need`)).toBe(0);

    expect(await runMatchRound(h.ctx, w.platformId, { roundId: 'exp-2' })).toMatchObject({ written: 0 });

    clock += DAY;
    const edited = await h.request(`/v1/needs/${need.id}`, {
      method: 'PATCH',
      as: member.session,
      json: { version: need.version, description: `${need.description}（平日夜も可）` },
    });
    expect(edited.status).toBe(200);
    const after = await runMatchRound(h.ctx, w.platformId, { roundId: 'exp-3' });
    expect(after).toMatchObject({ written: 1 });
    const open = waitingFor(await inboxOf(member), 'need');
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ needId: need.id, offerId: w.offer.id, origin: 'round' });
  });
});
