import { beforeAll, describe, expect, it } from 'vitest';
import { planDigest, runMatchRound } from '#batch';
import type { Match, Offer } from '#domain';
import {
  createHarness,
  expectProblem,
  type Harness,
  isIntroductionMail,
  jsonOf,
  mailContent,
  type Session,
} from '#test/harness';
import { postForm } from '#test/pages';
import { twoMembers } from '#test/scenes';

// 関心がある without a posting of one's own (issue 19: "or none, for a need-less offer of
// interest"): an NPO that has posted no need asks about an offer, a company with no offer offers
// to help with a need. The same double opt-in: the other side is mailed with the message and
// answers; contacts only once it accepts; a decline is final for the pair; no slot is taken by a
// side that has no offer; pages, digest and the secretariat's CSV name the organisation instead
// of a posting. An open call still takes a need.

let h: Harness;

beforeAll(async () => {
  h = await createHarness();
});

const mails = async (to: string) => (await h.mails(to)).filter(isIntroductionMail);
const page = async (path: string, as: Session) =>
  (await h.request(path, { headers: { cookie: as.cookie } })).text();

/** Two approved members with confirmed contacts, and nothing posted yet. */
const scene = () =>
  twoMembers(h, 'noposting', {
    npo: { name: 'NPO法人 みんなの食卓', description: '川口市で子ども食堂を週2回ひらいています。' },
    company: { name: '株式会社みらい不動産', description: '埼玉県南部で賃貸物件を管理しています。' },
  });

const ask = (path: string, as: Session, organizationId: string, message = 'ぜひご相談させてください。') =>
  h.request(path, { method: 'POST', as, json: { organizationId, message } });

describe('関心がある without a posting of one’s own', { timeout: 120_000 }, () => {
  it('an NPO with no need asks about an offer: the company is asked, with the NPO and its message', async () => {
    const s = await scene();
    const offer = await h.postOffer(s.company.session, s.platformId, s.company.org.id, {
      title: '会議室を無料でお貸しします',
      slots: 1,
    });
    const res = await ask(`/v1/offers/${offer.id}/interest`, s.npo.session, s.npo.org.id);
    const match = await jsonOf<Match>(res, 201);
    expect(match).toMatchObject({
      origin: 'interest',
      status: 'accepted',
      offerId: offer.id,
      needOrganizationId: s.npo.org.id,
      offerOrganizationId: s.company.org.id,
      kind: offer.kind,
      responses: { need: { decision: 'accepted' } },
    });
    expect(match.needId).toBeUndefined();
    // Nothing for the engine to score without a need.
    expect(match.score).toBeUndefined();
    await h.drain();

    const [proposal, ...more] = await mails(s.companyContact);
    expect(more).toHaveLength(0);
    expect(proposal!.subject).toContain('つながりのお申し出');
    expect(proposal!.subject).toContain('NPO法人 みんなの食卓');
    const text = mailContent(proposal!);
    expect(text).toContain('ぜひご相談させてください。');
    expect(text).toContain('掲載を通さないお申し出');
    // Who is asking, in its own words (its profile), but not its contact.
    expect(text).toContain('川口市で子ども食堂を週2回ひらいています。');
    expect(text).not.toContain(s.npoContact);
    expect(text).not.toContain('undefined');
    expect(await mails(s.npoContact)).toHaveLength(0);

    // Both pages and the answer page name the NPO where a need would be.
    for (const who of [s.npo.session, s.company.session]) {
      const html = await page(`/matches/${match.id}`, who);
      expect(html).toContain('NPO法人 みんなの食卓（');
      expect(html).toContain('掲載を通さないお申し出');
      expect(html).not.toContain(s.npoContact);
      expect(html).not.toContain(s.companyContact);
    }
    const inbox = await page(`/matches?organization=${s.company.org.id}`, s.company.session);
    expect(inbox).toContain('NPO法人 みんなの食卓');
    const offerPage = await page(`/offers/${offer.id}`, s.company.session);
    expect(offerPage).toContain(`/matches/${match.id}`);

    // The company accepts: both receive the other's contact. The offer's one slot is taken.
    const connected = await jsonOf<Match>(
      await h.request(`/v1/matches/${match.id}/accept`, { method: 'POST', as: s.company.session }),
    );
    expect(connected.status).toBe('connected');
    const read = await jsonOf<Offer>(await h.request(`/v1/offers/${offer.id}`, { as: s.company.session }));
    expect(read.slotsUsed).toBe(1);
    await h.drain();
    const [npoConnected] = await mails(s.npoContact);
    expect(mailContent(npoConnected!)).toContain(s.companyContact);
    expect(mailContent(npoConnected!)).toContain('会議室を無料でお貸しします');
    expect(mailContent(npoConnected!)).not.toContain('undefined');
    const companyConnected = (await mails(s.companyContact)).at(-1)!;
    expect(mailContent(companyConnected)).toContain(s.npoContact);

    // The same organisation and offer again: already connected.
    await expectProblem(
      await ask(`/v1/offers/${offer.id}/interest`, s.npo.session, s.npo.org.id),
      409,
      'match-exists',
    );
  });

  it('a company with no offer offers help with a need; a decline is final for that pair', async () => {
    const s = await scene();
    const need = await h.postNeed(s.npo.session, s.platformId, s.npo.org.id, { title: '学習支援の会場' });
    const res = await ask(
      `/v1/needs/${need.id}/interest`,
      s.company.session,
      s.company.org.id,
      '会場をご用意できます。',
    );
    const match = await jsonOf<Match>(res, 201);
    expect(match).toMatchObject({ needId: need.id, responses: { offer: { decision: 'accepted' } } });
    expect(match.offerId).toBeUndefined();
    await h.drain();
    const [proposal] = await mails(s.npoContact);
    expect(mailContent(proposal!)).toContain('会場をご用意できます。');
    expect(mailContent(proposal!)).toContain('株式会社みらい不動産');

    // The NPO's digest lists it as waiting for its answer, named by the company.
    await planDigest(h.ctx, s.platformId);
    await h.drain();
    const digest = (await h.mails(s.npo.session.email)).find((m) => m.subject.includes('今週のお知らせ'));
    expect(digest, 'the NPO person’s digest').toBeDefined();
    expect(mailContent(digest!)).toContain('株式会社みらい不動産');
    expect(mailContent(digest!)).not.toContain('undefined');

    expect(
      (await h.request(`/v1/matches/${match.id}/decline`, { method: 'POST', as: s.npo.session })).status,
    ).toBe(200);
    await expectProblem(
      await ask(`/v1/needs/${need.id}/interest`, s.company.session, s.company.org.id),
      409,
      'pair-declined',
    );
    // With an offer of its own, the company may still ask: that is another pair.
    const offer = await h.postOffer(s.company.session, s.platformId, s.company.org.id);
    const withOffer = await h.request(`/v1/needs/${need.id}/interest`, {
      method: 'POST',
      as: s.company.session,
      json: { organizationId: s.company.org.id, postingId: offer.id, message: '改めて、会場のご提案です。' },
    });
    expect(withOffer.status).toBe(201);
    // The round reads every pair of the platform, the one without an offer included, unharmed.
    await expect(runMatchRound(h.ctx, s.platformId, { roundId: 'noposting' })).resolves.toMatchObject({
      skipped: false,
    });

    // The secretariat's CSV says which side wrote without a posting.
    const csv = await page(`/platforms/${s.platformId}/admin/export.csv`, s.secretariat);
    const line = csv.split('\n').find((l) => l.includes(match.id))!;
    expect(line).toContain('学習支援の会場');
    expect(line).toContain('（掲載なし）');
    expect(line).toContain('株式会社みらい不動産');
  });

  it('the form offers "as our organisation" when it has no posting, and sends it', async () => {
    const s = await scene();
    const offer = await h.postOffer(s.company.session, s.platformId, s.company.org.id);
    const form = await page(`/offers/${offer.id}/interest`, s.npo.session);
    expect(form).toContain('name="message"');
    expect(form).toContain(`value="${s.npo.org.id}:"`);
    expect(form).toContain('ニーズを選ばずに、NPO法人 みんなの食卓として');
    const sent = await postForm(h, `/offers/${offer.id}/interest`, s.npo.session, {
      posting: `${s.npo.org.id}:`,
      message: '一度お話を伺えますか。',
    });
    expect(sent.status).toBe(303);
    const location = sent.headers.get('location') ?? '';
    expect(location).toMatch(/^\/matches\/[0-9A-Z]{26}\?started=1$/);
    const shown = await page(location, s.npo.session);
    expect(shown).toContain('お申し出を送りました');
    expect(shown).toContain('一度お話を伺えますか。');
  });

  it('an open call still takes a need', async () => {
    const s = await scene();
    const deadline = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    const call = await h.postOffer(s.company.session, s.platformId, s.company.org.id, {
      openCall: { deadline, questions: [] },
    });
    const res = await ask(`/v1/offers/${call.id}/interest`, s.npo.session, s.npo.org.id);
    const problem = await expectProblem(res, 400);
    expect(JSON.stringify(problem)).toContain('postingId');
    const form = await page(`/offers/${call.id}/interest`, s.npo.session);
    expect(form).not.toContain(`value="${s.npo.org.id}:"`);
  });
});
