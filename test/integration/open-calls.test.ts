import { beforeAll, describe, expect, it } from 'vitest';
import { runMatchRound, sweepIntroductions } from '#batch';
import type { Match, Need, Offer } from '#domain';
import {
  createHarness,
  expectProblem,
  type Harness,
  isIntroductionMail,
  jsonOf,
  type Member,
  mailContent,
  type Session,
  uniqueEmail,
} from '#test/harness';

// Open calls (公募, issue 19): an offer with a deadline and questions. Members apply through
// 関心がある with a need and the answers; the offering organisation sees the applicants ranked,
// selects up to its slots (its acceptance: contacts go to both at once); when the selection
// period is over, every applicant not selected gets one polite mail. No proposal mail to the
// offerer per application, and applications do not fill its inbox.

const DAY = 86_400_000;
// One clock for the file, only ever moved forward; each test has its own platform.
let clock = Date.parse('2026-11-02T01:00:00.000Z'); // 10:00 in Japan, Monday 2 November
let h: Harness;

beforeAll(async () => {
  h = await createHarness({}, { now: () => new Date(clock) });
});

const mails = async (to: string) => (await h.mails(to)).filter(isIntroductionMail);
const tokyoDay = (ms: number) => new Date(ms + 9 * 3_600_000).toISOString().slice(0, 10);

interface Applicant {
  npo: Member;
  contact: string;
  need: Need;
}

interface Scene {
  platformId: string;
  secretariat: Session;
  company: Member;
  companyContact: string;
  offer: Offer;
  deadline: string;
}

const QUESTIONS = [
  { id: 'plan', label: '会場をどのように使う予定ですか', required: true },
  { id: 'since', label: '活動を始めた年', required: false },
];

async function scene(offer: Record<string, unknown> = {}): Promise<Scene> {
  const email = uniqueEmail('opencall-jimukyoku');
  const platformId = await h.platform({}, [email]);
  const secretariat = await h.signIn(email);
  const companyContact = uniqueEmail('opencall-company-contact');
  const company = await h.member(platformId, secretariat, 'opencall-company', {
    name: '株式会社ひまわり不動産',
    legalForm: 'company',
    contact: { name: '大宮 一郎', email: companyContact },
  });
  await h.confirmContact(company.org);
  const deadline = tokyoDay(clock + 5 * DAY);
  const posted = await h.postOffer(company.session, platformId, company.org.id, {
    title: '公募：週末の社員食堂を子ども食堂に',
    slots: 2,
    openCall: { deadline, questions: QUESTIONS },
    ...offer,
  });
  return { platformId, secretariat, company, companyContact, offer: posted, deadline };
}

async function applicant(s: Scene, label: string, need: Record<string, unknown> = {}): Promise<Applicant> {
  const contact = uniqueEmail(`${label}-contact`);
  const npo = await h.member(s.platformId, s.secretariat, label, {
    contact: { name: '川口 花子', email: contact },
  });
  await h.confirmContact(npo.org);
  return { npo, contact, need: await h.postNeed(npo.session, s.platformId, npo.org.id, need) };
}

const apply = (s: Scene, a: Applicant, body: Record<string, unknown> = {}) =>
  h.request(`/v1/offers/${s.offer.id}/interest`, {
    method: 'POST',
    as: a.npo.session,
    json: {
      organizationId: a.npo.org.id,
      postingId: a.need.id,
      message: '地域の子どもたちのために、ぜひ使わせてください。',
      answers: { plan: '月2回、土曜の昼に子ども食堂を開きます。' },
      ...body,
    },
  });

interface Applications {
  slotsLeft?: number;
  closesAt: string;
  selectionEndsAt: string;
  items: { rank: number; match: Match; need?: { title: string }; organizationName?: string }[];
}
const applications = (s: Scene, as: Session) => h.request(`/v1/offers/${s.offer.id}/applications`, { as });
const select = (id: string, as: Session) => h.request(`/v1/matches/${id}/accept`, { method: 'POST', as });

describe('an open call', { timeout: 180_000 }, () => {
  it('takes applications with answers, ranks them, connects the selected and tells the others once', async () => {
    const s = await scene();
    const good = await applicant(s, 'opencall-good');
    const other = await applicant(s, 'opencall-other');
    // A need of another kind: the engine would not pair it, so it has no score and ranks last.
    const far = await applicant(s, 'opencall-far', {
      kind: 'goods',
      title: '食料品のご寄付をお願いします',
      capacity: { quantity: 100, unit: 'kg' },
    });
    const applied = [];
    for (const a of [far, good, other]) applied.push(await jsonOf<Match>(await apply(s, a), 201));
    const [farMatch, goodMatch, otherMatch] = applied;
    expect(goodMatch).toMatchObject({
      origin: 'open_call',
      status: 'accepted',
      responses: { need: { decision: 'accepted' } },
      application: { answers: { plan: '月2回、土曜の昼に子ども食堂を開きます。' } },
    });
    expect(farMatch!.score).toBeUndefined();
    // Selection ends 7 days after the deadline day, at its end in Japan.
    expect(goodMatch!.respondBy).toBe(
      new Date(
        `${tokyoDay(Date.parse(`${s.deadline}T12:00:00+09:00`) + 7 * DAY)}T23:59:59.999+09:00`,
      ).toISOString(),
    );

    // The applicant gets a receipt; the offerer gets no mail per application.
    await h.drain();
    const [receipt, ...more] = await mails(good.contact);
    expect(more).toHaveLength(0);
    expect(receipt!.subject).toContain('公募へのご応募を受け付けました');
    expect(mailContent(receipt!)).toContain(s.offer.title);
    expect(mailContent(receipt!)).not.toContain(s.companyContact);
    expect(await mails(s.companyContact)).toHaveLength(0);

    // Ranked by the engine's score, the one without a score last; answers and reasons shown.
    const list = await jsonOf<Applications>(await applications(s, s.company.session));
    expect(list.slotsLeft).toBe(2);
    expect(list.items.map((i) => i.rank)).toEqual([1, 2, 3]);
    expect(list.items.at(-1)!.match.id).toBe(farMatch!.id);
    const scores = list.items.slice(0, 2).map((i) => i.match.score!);
    expect(scores[0]).toBeGreaterThanOrEqual(scores[1]!);
    expect(list.items[0]!.match.explanation?.ja).toBeTruthy();
    expect(list.items[0]!.match.application?.answers.plan).toBe('月2回、土曜の昼に子ども食堂を開きます。');
    expect(JSON.stringify(list)).not.toContain(good.contact);

    // The page shows them in that order, with a 選ぶ button each.
    const page = await (
      await h.request(`/offers/${s.offer.id}/applications`, { headers: { cookie: s.company.session.cookie } })
    ).text();
    expect(page).toContain('選ぶ');
    expect(page).toContain('月2回、土曜の昼に子ども食堂を開きます。');
    const at = (id: string) => page.indexOf(`/matches/${id}`);
    expect(at(list.items[1]!.match.id)).toBeGreaterThan(at(list.items[0]!.match.id));
    expect(at(farMatch!.id)).toBeGreaterThan(at(list.items[1]!.match.id));

    // Before selection, nobody has a contact.
    const before = await (
      await h.request(`/matches/${goodMatch!.id}`, { headers: { cookie: good.npo.session.cookie } })
    ).text();
    expect(before).not.toContain(s.companyContact);

    // Selecting is the offer side's acceptance: connected at once, contacts to both.
    const connected = await jsonOf<Match>(await select(goodMatch!.id, s.company.session));
    expect(connected.status).toBe('connected');
    await h.drain();
    const goodMails = await mails(good.contact);
    expect(goodMails).toHaveLength(2);
    expect(mailContent(goodMails[1]!)).toContain(s.companyContact);
    const [companyMail, ...companyMore] = await mails(s.companyContact);
    expect(companyMore).toHaveLength(0);
    expect(mailContent(companyMail!)).toContain(good.contact);

    // No round proposes an open call, not even to a fitting need that has not applied.
    const late = await applicant(s, 'opencall-late');
    expect(await runMatchRound(h.ctx, s.platformId, { roundId: 'with-open-call' })).toMatchObject({
      proposals: 0,
    });

    // After the deadline, nobody can apply.
    clock = Date.parse(`${s.deadline}T23:59:59.999+09:00`) + 1;
    await expectProblem(await apply(s, late), 409, 'open-call-closed');

    // The selection period over: the two not selected hear it once, politely; the selected does not.
    clock = Date.parse(goodMatch!.respondBy) - 60_000;
    expect((await sweepIntroductions(h.ctx, s.platformId)).expired).toBe(0);
    clock = Date.parse(goodMatch!.respondBy) + 60_000;
    expect((await sweepIntroductions(h.ctx, s.platformId)).expired).toBe(2);
    await sweepIntroductions(h.ctx, s.platformId);
    await h.drain();
    for (const a of [far, other]) {
      const got = await mails(a.contact);
      expect(got.map((m) => m.subject)).toHaveLength(2);
      expect(got.filter((m) => m.subject.includes('公募へのご応募を受け付けました'))).toHaveLength(1);
      const result = got.find((m) => m.subject.includes('公募の選考結果のお知らせ'));
      expect(mailContent(result!)).toContain('ご応募いただき、ありがとうございました');
      expect(mailContent(result!)).not.toContain(s.companyContact);
    }
    expect(await mails(good.contact)).toHaveLength(2);
    expect(await mails(s.companyContact)).toHaveLength(1);
    const after = await jsonOf<Applications>(await applications(s, s.secretariat));
    expect(after.items.map((i) => [i.match.id, i.match.status])).toEqual(
      expect.arrayContaining([
        [goodMatch!.id, 'connected'],
        [otherMatch!.id, 'expired'],
        [farMatch!.id, 'expired'],
      ]),
    );
  });

  it('checks the questions and the deadline, and a pass by the offerer is final with one mail', async () => {
    const s = await scene();
    const a = await applicant(s, 'opencall-check');
    await expectProblem(await apply(s, a, { answers: {} }), 400, 'validation');
    await expectProblem(await apply(s, a, { answers: { plan: '使います', nope: 'x' } }), 400, 'validation');

    // A deadline in the past is refused on create and on edit.
    const yesterday = tokyoDay(clock - DAY);
    const past = await h.request(`/v1/platforms/${s.platformId}/offers`, {
      method: 'POST',
      as: s.company.session,
      json: {
        organizationId: s.company.org.id,
        kind: 'venue',
        title: '過去の公募',
        fields: ['children_youth'],
        types: ['meeting_room'],
        serviceArea: { prefectures: ['11'] },
        capacity: { people: 10 },
        period: { start: '2026-04-01' },
        openCall: { deadline: yesterday },
      },
    });
    expect((await expectProblem(past, 400, 'validation')).errors?.[0]?.path).toBe('openCall.deadline');
    const edit = await h.request(`/v1/offers/${s.offer.id}`, {
      method: 'PATCH',
      as: s.company.session,
      json: { version: s.offer.version, openCall: { deadline: yesterday } },
    });
    await expectProblem(edit, 400, 'validation');

    // Answers are for open calls only.
    const plain = await h.postOffer(s.company.session, s.platformId, s.company.org.id, {
      title: '普通の申し出',
    });
    const onPlain = await h.request(`/v1/offers/${plain.id}/interest`, {
      method: 'POST',
      as: a.npo.session,
      json: {
        organizationId: a.npo.org.id,
        postingId: a.need.id,
        message: 'よろしく',
        answers: { plan: 'x' },
      },
    });
    await expectProblem(onPlain, 400, 'validation');

    const match = await jsonOf<Match>(await apply(s, a), 201);
    const passed = await h.request(`/v1/matches/${match.id}/decline`, {
      method: 'POST',
      as: s.company.session,
    });
    expect((await jsonOf<Match>(passed)).status).toBe('declined');
    await h.drain();
    // The receipt and the result, each once (sent in one drain: in either order).
    const subjects = (await mails(a.contact)).map((m) => m.subject);
    expect(subjects).toHaveLength(2);
    expect(subjects).toEqual(
      expect.arrayContaining([
        expect.stringContaining('公募へのご応募を受け付けました'),
        expect.stringContaining('公募の選考結果のお知らせ'),
      ]),
    );
    // Final: the same need cannot apply again, and the sweep sends nothing more.
    await expectProblem(await apply(s, a), 409, 'pair-declined');
    clock = Date.parse(match.respondBy) + DAY;
    await sweepIntroductions(h.ctx, s.platformId);
    await h.drain();
    expect(await mails(a.contact)).toHaveLength(2);
  });

  it('is for members of the platform to apply, and for the offerer and the secretariat to read', async () => {
    const s = await scene({ openCall: { deadline: tokyoDay(clock + 5 * DAY) } });
    const a = await applicant(s, 'opencall-authz');
    const viewer = await h.addPerson(a.npo.session, a.npo.org.id, uniqueEmail('opencall-viewer'), 'viewer');
    expect((await apply(s, a, { answers: undefined })).status).toBe(201);
    const b = await applicant(s, 'opencall-authz-b');
    await expectProblem(
      await h.request(`/v1/offers/${s.offer.id}/interest`, {
        method: 'POST',
        as: viewer,
        json: { organizationId: a.npo.org.id, postingId: a.need.id, message: 'x' },
      }),
      403,
    );
    // A person without an organisation, and a member of another platform: the offer is not there.
    const loner = await h.signIn(uniqueEmail('opencall-loner'));
    await expectProblem(await applications(s, loner), 404);
    await expectProblem(
      await h.request(`/v1/offers/${s.offer.id}/interest`, {
        method: 'POST',
        as: loner,
        json: { organizationId: a.npo.org.id, postingId: a.need.id, message: 'x' },
      }),
      404,
    );
    const elsewhereEmail = uniqueEmail('opencall-other-jimukyoku');
    const elsewhere = await h.platform({}, [elsewhereEmail]);
    const otherSecretariat = await h.signIn(elsewhereEmail);
    const stranger = await h.member(elsewhere, otherSecretariat, 'opencall-stranger');
    const theirNeed = await h.postNeed(stranger.session, elsewhere, stranger.org.id);
    await expectProblem(
      await h.request(`/v1/offers/${s.offer.id}/interest`, {
        method: 'POST',
        as: stranger.session,
        json: { organizationId: stranger.org.id, postingId: theirNeed.id, message: 'x' },
      }),
      404,
    );
    // The applicants: the offerer's people (a viewer too) and this platform's secretariat only.
    const companyViewer = await h.addPerson(
      s.company.session,
      s.company.org.id,
      uniqueEmail('opencall-company-viewer'),
      'viewer',
    );
    expect((await jsonOf<Applications>(await applications(s, companyViewer))).items).toHaveLength(1);
    expect((await jsonOf<Applications>(await applications(s, s.secretariat))).items).toHaveLength(1);
    for (const who of [b.npo.session, a.npo.session, stranger.session, otherSecretariat]) {
      await expectProblem(await applications(s, who), 404);
    }
    expect((await h.request(`/v1/offers/${s.offer.id}/applications`)).status).toBe(401);
    // A viewer of the offerer cannot select.
    const [only] = (await jsonOf<Applications>(await applications(s, s.secretariat))).items;
    await expectProblem(await select(only!.match.id, companyViewer), 403);
  });
});

describe('the pages of an open call', { timeout: 120_000 }, () => {
  it('are made and edited with the offer form, and applied to with the questions', async () => {
    const s = await scene();
    const post = (path: string, session: Session, fields: [string, string][]) =>
      h.request(path, {
        method: 'POST',
        headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams([['_csrf', session.csrfToken], ...fields]).toString(),
      });
    const created = await post(
      `/offers/new?organization=${s.company.org.id}&platform=${s.platformId}&kind=venue`,
      s.company.session,
      [
        ['kind', 'venue'],
        ['title', 'フォームからの公募'],
        ['fields', 'children_youth'],
        ['types', 'meeting_room'],
        ['capacity.people', '40'],
        ['serviceArea.prefectures', '11'],
        ['period.start', '2026-04-01'],
        ['openCall.deadline', s.deadline],
        ['openCall.questions.0.label', '活動の内容'],
        ['openCall.questions.0.required', 'on'],
        ['openCall.questions.2.label', '連絡のとりやすい曜日'],
      ],
    );
    expect(created.status).toBe(303);
    const mine = await jsonOf<{ items: Offer[] }>(
      await h.request(`/v1/organizations/${s.company.org.id}/offers`, { as: s.company.session }),
    );
    const offerId = mine.items.find((o) => o.title === 'フォームからの公募')!.id;
    const offer = await jsonOf<Offer>(await h.request(`/v1/offers/${offerId}`, { as: s.company.session }));
    expect(offer.openCall).toEqual({
      deadline: s.deadline,
      questions: [
        { id: 'q1', label: '活動の内容', required: true },
        { id: 'q3', label: '連絡のとりやすい曜日', required: false },
      ],
    });

    // A member sees the call and applies through its form; a required question left blank is said so.
    const a = await applicant(s, 'opencall-page');
    const cookie = { cookie: a.npo.session.cookie };
    const detail = await (await h.request(`/offers/${offerId}`, { headers: cookie })).text();
    expect(detail).toContain('公募');
    expect(detail).toContain('この公募に応募する');
    const form = await (await h.request(`/offers/${offerId}/interest`, { headers: cookie })).text();
    expect(form).toContain('活動の内容');
    const fields = (answer: string): [string, string][] => [
      ['posting', `${a.npo.org.id}:${a.need.id}`],
      ['message', 'よろしくお願いします'],
      ['answer-q1', answer],
    ];
    const blank = await post(`/offers/${offerId}/interest`, a.npo.session, fields(''));
    expect(blank.status).toBe(400);
    expect(await blank.text()).toContain('活動の内容」にお答えください');
    const sent = await post(
      `/offers/${offerId}/interest`,
      a.npo.session,
      fields('子ども食堂を運営しています'),
    );
    expect(sent.status).toBe(303);
    const list = await jsonOf<Applications>(
      await h.request(`/v1/offers/${offerId}/applications`, { as: s.company.session }),
    );
    expect(list.items[0]!.match.application?.answers).toEqual({ q1: '子ども食堂を運営しています' });

    // 「選ぶ」 on the applicants page connects and comes back to the list.
    const selected = await post(`/matches/${list.items[0]!.match.id}/accept`, s.company.session, [
      ['side', 'offer'],
      ['next', 'applications'],
    ]);
    expect(selected.status).toBe(303);
    expect(selected.headers.get('location')).toBe(`/offers/${offerId}/applications`);
    const after = await (
      await h.request(`/offers/${offerId}/applications`, { headers: { cookie: s.company.session.cookie } })
    ).text();
    expect(after).toContain('選考済み');

    // Emptying the deadline on the edit form makes it an ordinary offer again.
    const current = await jsonOf<Offer>(await h.request(`/v1/offers/${offerId}`, { as: s.company.session }));
    const edited = await post(`/offers/${offerId}/edit`, s.company.session, [
      ['_version', String(current.version)],
      ['kind', 'venue'],
      ['title', 'フォームからの公募'],
      ['fields', 'children_youth'],
      ['types', 'meeting_room'],
      ['capacity.people', '40'],
      ['serviceArea.prefectures', '11'],
      ['period.start', '2026-04-01'],
      ['openCall.deadline', ''],
    ]);
    expect(edited.status).toBe(303);
    const plain = await jsonOf<Offer>(await h.request(`/v1/offers/${offerId}`, { as: s.company.session }));
    expect(plain.openCall).toBeUndefined();
  });
});

describe('many applications at once', { timeout: 240_000 }, () => {
  it('20 applications on 3 slots, all selected at once → exactly 3 connected', async () => {
    const s = await scene({ slots: 3, openCall: { deadline: tokyoDay(clock + 5 * DAY) } });
    const applicants = [];
    for (let i = 0; i < 20; i++) applicants.push(await applicant(s, `opencall-crowd${i}`));
    // Applications do not fill the offerer's inbox: all 20 are taken (the cap is 5).
    const applied = await Promise.all(applicants.map((a) => apply(s, a, { answers: undefined })));
    expect(applied.map((r) => r.status)).toEqual(Array(20).fill(201));
    const list = await jsonOf<Applications>(await applications(s, s.company.session));
    expect(list.items).toHaveLength(20);
    const answers = await Promise.all(list.items.map((i) => select(i.match.id, s.company.session)));
    const won = answers.filter((r) => r.status === 200);
    expect(won).toHaveLength(3);
    for (const res of answers.filter((r) => r.status !== 200)) await expectProblem(res, 409, 'offer-full');
    const after = await jsonOf<Applications>(await applications(s, s.company.session));
    expect(after.slotsLeft).toBe(0);
    expect(after.items.filter((i) => i.match.status === 'connected')).toHaveLength(3);
    console.info(`[open-call] 20 applications on 3 slots, selected at once: ${won.length} connected`);
  });
});
