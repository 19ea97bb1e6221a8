import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { type DigestPlan, planDigest, runMatchRound } from '#batch';
import { type Need, type News, type Offer, outboxTag, type Preferences } from '#domain';
import type { Email } from '#local';
import {
  createHarness,
  errorPaths,
  expectProblem,
  type Harness,
  jsonOf,
  type Member,
  type Session,
  uniqueEmail,
} from '#test/harness';

// The weekly digest (PRODUCT.md "Email"), driven as a secretariat and its members live it: one
// mail per person, platform and week, planned into the outbox and sent through SES local.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A harness whose clock the test moves. */
async function harnessAt(
  start: string,
): Promise<{ h: Harness; advance(ms: number): void; set(at: string): void }> {
  let clock = Date.parse(start);
  const h = await createHarness({}, { now: () => new Date(clock) });
  return {
    h,
    advance: (ms) => {
      clock += ms;
    },
    set: (at) => {
      clock = Date.parse(at);
    },
  };
}

/** A digest, in the reader's one language. */
const isDigest = (m: Email) =>
  m.subject.includes('今週のお知らせ') || m.subject.includes("This week's update");
const header = (m: Email, name: string) =>
  m.headers?.find((x) => x.name.toLowerCase() === name.toLowerCase())?.value;
const digestKey = (platformId: string, week: string, personId: string) =>
  `digest#${platformId}#${week}#${personId}`;

async function digestsTo(h: Harness, email: string): Promise<Email[]> {
  return (await h.mails(email)).filter(isDigest);
}

/** The one-click unsubscribe URL of a mail, as a path the app answers. */
function unsubscribePath(mail: Email): string {
  const value = header(mail, 'List-Unsubscribe') ?? '';
  const url = new URL(value.replace(/^<|>$/g, ''));
  return url.pathname + url.search;
}

const oneClick = (h: Harness, path: string) =>
  h.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'List-Unsubscribe=One-Click',
  });

async function postNews(
  h: Harness,
  as: Session,
  platformId: string,
  body: Record<string, unknown>,
): Promise<News> {
  return jsonOf<News>(
    await h.request(`/v1/platforms/${platformId}/news`, { method: 'POST', as, json: body }),
    201,
  );
}

/** A member whose organisation's contact address is its own, so no other test shares it. */
const memberOf = (h: Harness, platformId: string, secretariat: Session, label: string) =>
  h.member(platformId, secretariat, label, {
    contact: { name: '担当 太郎', email: uniqueEmail(`${label}-contact`) },
  });

describe('the weekly digest of a platform', () => {
  let h: Harness;
  let advance: (ms: number) => void;
  let platformId: string;
  let secretariat: Session;
  let npo: Member;
  let company: Member;
  /** One person owning two member organisations of the platform. */
  let twoOrgs: { session: Session; orgIds: [string, string] };
  let npoNeed: Need;
  let companyOffer: Offer;
  let twoOrgsNeed: Need;
  let matchId: string;
  let plan: DigestPlan;
  let people: Session[];

  beforeAll(async () => {
    ({ h, advance } = await harnessAt('2026-11-23T23:00:00Z')); // Tuesday 08:00 in Tokyo, week 2026-W48
    const secretariatEmail = uniqueEmail('jimukyoku');
    platformId = await h.platform({}, [secretariatEmail]);
    secretariat = await h.signIn(secretariatEmail);
    npo = await memberOf(h, platformId, secretariat, 'npo');
    company = await memberOf(h, platformId, secretariat, 'company');
    const session = await h.signIn(uniqueEmail('two-orgs'));
    const orgIds: string[] = [];
    for (const name of ['NPO法人 ふたつめの会', '一般社団法人 みっつめの会']) {
      const org = await h.organization(session, {
        name,
        contact: { name: '二役 花子', email: uniqueEmail('two-orgs-contact') },
      });
      await h.apply(session, platformId, org.id);
      await h.approve(secretariat, platformId, org.id);
      orgIds.push(org.id);
    }
    twoOrgs = { session, orgIds: orgIds as [string, string] };
    people = [npo.session, company.session, twoOrgs.session];

    npoNeed = await h.postNeed(npo.session, platformId, npo.org.id, {
      title: 'こども食堂の会場を探しています',
    });
    companyOffer = await h.postOffer(company.session, platformId, company.org.id, {
      title: '社員食堂を開放します',
    });
    twoOrgsNeed = await h.postNeed(twoOrgs.session, platformId, twoOrgs.orgIds[1], {
      kind: 'volunteers',
      title: '見守り訪問のボランティアを募集',
      fields: ['elderly'],
      capacity: { people: 5 },
    });
    advance(HOUR);
    const round = await runMatchRound(h.ctx, platformId);
    expect(round.written).toBe(1);
    const [pair] = await h.ctx.store.matches.pairsOf(platformId);
    expect(pair).toMatchObject({ needId: npoNeed.id, offerId: companyOffer.id, status: 'proposed' });
    matchId = pair!.matchId;
    await postNews(h, secretariat, platformId, {
      kind: 'event',
      title: '12月の会員交流会',
      body: '会員同士の顔合わせの場です。',
      eventDate: '2026-12-10',
    });
    advance(HOUR);
    plan = await planDigest(h.ctx, platformId);
    await h.drain();
  });

  it('mails every member person one digest for the week, a person in two organisations only once', async () => {
    expect(plan).toMatchObject({
      week: '2026-W48',
      members: 3,
      planned: 3,
      optedOut: 0,
      empty: 0,
      alreadyPlanned: 0,
    });
    for (const person of people) {
      const digests = await digestsTo(h, person.email);
      expect(digests, person.email).toHaveLength(1);
      expect(header(digests[0]!, 'X-Tsunagu-Message')).toBe(
        outboxTag(digestKey(platformId, '2026-W48', person.personId)),
      );
    }
    expect(await digestsTo(h, secretariat.email)).toEqual([]);
  });

  it("lists other organisations' new needs and offers, the organisation's pending proposals and the secretariat's news, never its own postings", async () => {
    const textOf = async (s: Session) => (await digestsTo(h, s.email))[0]!.body.text ?? '';
    const needUrl = (n: Need) => `http://tsunagu.test/needs/${n.id}`;
    const offerUrl = (o: Offer) => `http://tsunagu.test/offers/${o.id}`;
    const matchUrl = `http://tsunagu.test/matches/${matchId}`;

    const forNpo = await textOf(npo.session);
    expect(forNpo).toContain(offerUrl(companyOffer));
    expect(forNpo).toContain(needUrl(twoOrgsNeed));
    expect(forNpo).toContain(matchUrl);
    expect(forNpo).toContain('12月の会員交流会');
    expect(forNpo).not.toContain(needUrl(npoNeed));

    const forCompany = await textOf(company.session);
    expect(forCompany).toContain(needUrl(npoNeed));
    expect(forCompany).toContain(needUrl(twoOrgsNeed));
    expect(forCompany).toContain(matchUrl);
    expect(forCompany).toContain('12月の会員交流会');
    expect(forCompany).not.toContain(offerUrl(companyOffer));

    const forTwoOrgs = await textOf(twoOrgs.session);
    expect(forTwoOrgs).toContain(needUrl(npoNeed));
    expect(forTwoOrgs).toContain(offerUrl(companyOffer));
    expect(forTwoOrgs).toContain('12月の会員交流会');
    expect(forTwoOrgs).not.toContain(needUrl(twoOrgsNeed));
    expect(forTwoOrgs).not.toContain(matchUrl);
  });

  it('sends nothing new when the same week is planned again, by the batch or by the secretariat', async () => {
    const count = async () => (await Promise.all(people.map((p) => h.mails(p.email)))).flat().length;
    const before = await count();

    const again = await planDigest(h.ctx, platformId);
    expect(again).toMatchObject({ week: '2026-W48', planned: 0, alreadyPlanned: 3 });
    const byApi = await jsonOf<DigestPlan>(
      await h.request(`/v1/platforms/${platformId}/runs/digest`, { method: 'POST', as: secretariat }),
    );
    expect(byApi).toMatchObject({ week: '2026-W48', planned: 0, alreadyPlanned: 3 });
    const report = await h.drain();

    expect(report.sent).toBe(0);
    expect(await count()).toBe(before);
  });

  it('lets only the secretariat run the digest', async () => {
    const res = await h.request(`/v1/platforms/${platformId}/runs/digest`, {
      method: 'POST',
      as: npo.session,
    });
    await expectProblem(res, 403);
  });

  it('carries both RFC 8058 headers on every digest', async () => {
    for (const person of people) {
      const [mail] = await digestsTo(h, person.email);
      expect(header(mail!, 'List-Unsubscribe')).toMatch(
        /^<http:\/\/tsunagu\.test\/v1\/unsubscribe\?token=[\w.-]+>$/,
      );
      expect(header(mail!, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    }
  });

  it("stops one person's digest with a one-click POST and no session; a GET or a tampered link changes nothing", async () => {
    const person = twoOrgs.session;
    const path = unsubscribePath((await digestsTo(h, person.email))[0]!);
    const digestPref = async () =>
      (await jsonOf<Preferences>(await h.request('/v1/me/preferences', { as: person }))).digest[platformId];

    // A mail scanner following the link only sees what the button would do.
    const shown = await h.request(path);
    expect(shown.status).toBe(200);
    expect(await shown.text()).toMatch(/<form method="post"[^>]*action="\/v1\/unsubscribe\?token=/);
    expect(await digestPref()).toBeUndefined();

    const token = new URL(path, 'http://tsunagu.test').searchParams.get('token')!;
    const tampered = `/v1/unsubscribe?token=${encodeURIComponent(`${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`)}`;
    expect((await oneClick(h, tampered)).status).toBe(400);
    expect((await h.request(tampered)).status).toBe(400);
    expect(await digestPref()).toBeUndefined();

    const res = await oneClick(h, path);
    expect(res.status).toBe(200);
    expect(await digestPref()).toBe('off');
    expect((await oneClick(h, path)).status).toBe(200); // pressed twice: still fine

    // Next week something new happens: the others get their digest, this person does not.
    advance(7 * DAY);
    await h.postNeed(company.session, platformId, company.org.id, {
      kind: 'goods',
      title: '防災備蓄品の配布先を探しています',
      fields: ['disaster'],
      capacity: { quantity: 200, unit: 'units' },
    });
    advance(HOUR);
    const next = await planDigest(h.ctx, platformId);
    await h.drain();

    expect(next).toMatchObject({ week: '2026-W49', members: 3, optedOut: 1, planned: 2 });
    expect(await digestsTo(h, person.email)).toHaveLength(1);
    expect(await digestsTo(h, npo.session.email)).toHaveLength(2);
    expect(await digestsTo(h, company.session.email)).toHaveLength(2);
  });

  it('sends no digest to a member with nothing to read: no news, no new postings, no proposals', async () => {
    const quietEmail = uniqueEmail('quiet-jimukyoku');
    const quiet = await h.platform({ name: '静かな町 つながりプラットフォーム' }, [quietEmail]);
    const member = await memberOf(h, quiet, await h.signIn(quietEmail), 'quiet');
    advance(HOUR);

    const quietPlan = await planDigest(h.ctx, quiet);
    await h.drain();

    expect(quietPlan).toMatchObject({ members: 1, empty: 1, planned: 0 });
    expect(await digestsTo(h, member.session.email)).toEqual([]);
  });
});

describe('mail preferences', () => {
  let h: Harness;
  let advance: (ms: number) => void;
  let platformId: string;
  let reader: Member;
  let optedOut: Member;
  let poster: Member;

  const preferencesOf = async (as: Session) =>
    jsonOf<Preferences>(await h.request('/v1/me/preferences', { as }));
  const put = (as: Session, json: unknown) => h.request('/v1/me/preferences', { method: 'PUT', as, json });

  beforeAll(async () => {
    ({ h, advance } = await harnessAt('2026-11-23T23:00:00Z'));
    const secretariatEmail = uniqueEmail('prefs-jimukyoku');
    platformId = await h.platform({ nameEn: 'Test Prefecture Platform' }, [secretariatEmail]);
    const secretariat = await h.signIn(secretariatEmail);
    reader = await memberOf(h, platformId, secretariat, 'reader');
    optedOut = await memberOf(h, platformId, secretariat, 'opted-out');
    poster = await memberOf(h, platformId, secretariat, 'poster');
  });

  it('gives the defaults to a person who never chose: Japanese, every field and region, the weekly digest', async () => {
    expect(await preferencesOf(reader.session)).toEqual({
      language: 'ja',
      digest: {},
      fields: [],
      regions: { prefectures: [], municipalities: [] },
      introductionMails: 'on',
    });
    expect((await h.request('/v1/me/preferences')).status).toBe(401);
  });

  it('rejects unknown fields and region codes with 400 naming each bad value, and stores nothing', async () => {
    const res = await put(reader.session, {
      language: 'ja',
      digest: { [platformId]: 'daily' },
      fields: ['elderly', 'knitting'],
      regions: { prefectures: ['11', '48'], municipalities: ['99999'] },
    });
    const problem = await expectProblem(res, 400, 'validation');
    expect(errorPaths(problem)).toEqual(
      expect.arrayContaining([
        `digest.${platformId}`,
        'fields.1',
        'regions.prefectures.1',
        'regions.municipalities.0',
      ]),
    );
    expect(errorPaths(problem)).not.toContain('fields.0');
    await expectProblem(
      await put(reader.session, { language: 'fr', digest: {}, fields: [], regions: {} }),
      400,
    );
    expect(await preferencesOf(reader.session)).toMatchObject({ language: 'ja', fields: [] });
  });

  it('plans no digest for a person who turned it off, and narrows and translates the digest of one who chose', async () => {
    const saved = await jsonOf<Preferences>(
      await put(reader.session, {
        language: 'en',
        digest: {},
        fields: ['elderly'],
        regions: { prefectures: [], municipalities: [] },
      }),
    );
    expect(saved).toEqual(await preferencesOf(reader.session));
    await jsonOf(
      await put(optedOut.session, {
        language: 'ja',
        digest: { [platformId]: 'off' },
        fields: [],
        regions: { prefectures: [], municipalities: [] },
      }),
    );
    const forElderly = await h.postNeed(poster.session, platformId, poster.org.id, {
      title: '高齢者サロンの会場を探しています',
      fields: ['elderly'],
    });
    const forChildren = await h.postNeed(poster.session, platformId, poster.org.id, {
      title: '学習支援の会場を探しています',
      fields: ['children_youth'],
    });
    advance(HOUR);

    const plan = await planDigest(h.ctx, platformId);
    await h.drain();

    // The poster sees only their own postings: nothing to read, no mail.
    expect(plan).toMatchObject({ members: 3, optedOut: 1, empty: 1, planned: 1 });
    expect(
      await h.ctx.store.outbox.get(outboxTag(digestKey(platformId, plan.week, optedOut.session.personId))),
    ).toBeUndefined();
    expect(await digestsTo(h, optedOut.session.email)).toEqual([]);
    const [digest, ...more] = await digestsTo(h, reader.session.email);
    expect(more).toEqual([]);
    expect(digest!.subject).toMatch(/^\[Test Prefecture Platform\] This week's update/);
    expect(digest!.subject).not.toContain('今週のお知らせ');
    expect(digest!.body.text).not.toContain('配信設定の変更');
    expect(digest!.body.text).toContain(`http://tsunagu.test/needs/${forElderly.id}`);
    expect(digest!.body.text).not.toContain(`http://tsunagu.test/needs/${forChildren.id}`);
  });
});

describe('the digest week in Asia/Tokyo', () => {
  it('plans Sunday 23:30 and Monday 00:30 in Tokyo as two weeks, each with its own outbox key', async () => {
    const { h, set } = await harnessAt('2026-11-22T14:00:00Z');
    const secretariatEmail = uniqueEmail('week-jimukyoku');
    const platformId = await h.platform({}, [secretariatEmail]);
    const secretariat = await h.signIn(secretariatEmail);
    const member = await memberOf(h, platformId, secretariat, 'week');
    await postNews(h, secretariat, platformId, { title: '日曜のお知らせ' });

    set('2026-11-22T14:30:00Z'); // Sunday 23:30 in Tokyo
    const sunday = await planDigest(h.ctx, platformId);
    set('2026-11-22T15:00:00Z');
    await postNews(h, secretariat, platformId, { title: '月曜のお知らせ' });
    set('2026-11-22T15:30:00Z'); // Monday 00:30 in Tokyo
    const monday = await planDigest(h.ctx, platformId);
    await h.drain();

    expect(sunday).toMatchObject({ week: '2026-W47', planned: 1 });
    expect(monday).toMatchObject({ week: '2026-W48', planned: 1 });
    const keys = [sunday, monday].map((p) =>
      outboxTag(digestKey(platformId, p.week, member.session.personId)),
    );
    expect(new Set(keys).size).toBe(2);
    for (const tag of keys) expect(await h.ctx.store.outbox.get(tag)).toMatchObject({ status: 'sent' });
    const digests = await digestsTo(h, member.session.email);
    expect(digests.map((m) => header(m, 'X-Tsunagu-Message')).sort()).toEqual([...keys].sort());
    const textOf = (tag: string) =>
      digests.find((m) => header(m, 'X-Tsunagu-Message') === tag)?.body.text ?? '';
    expect(textOf(keys[0]!)).toContain('日曜のお知らせ');
    expect(textOf(keys[0]!)).not.toContain('月曜のお知らせ');
    expect(textOf(keys[1]!)).toContain('月曜のお知らせ');
    expect(textOf(keys[1]!)).not.toContain('日曜のお知らせ');
  });
});

describe('`npm run digest` from the command line', () => {
  const run = promisify(execFile);

  it('sends the week’s digests once; a rerun of the same week sends nothing new', async () => {
    const { h } = await harnessAt('2026-11-24T01:00:00Z');
    const at = '2026-11-24T02:00:00Z'; // an hour after the news, still week 2026-W48 in Tokyo
    const secretariatEmail = uniqueEmail('cli-jimukyoku');
    const platformId = await h.platform({}, [secretariatEmail]);
    const secretariat = await h.signIn(secretariatEmail);
    const members = [
      await memberOf(h, platformId, secretariat, 'cli-a'),
      await memberOf(h, platformId, secretariat, 'cli-b'),
    ];
    await postNews(h, secretariat, platformId, { title: '年末年始の事務局休業のお知らせ' });
    await h.drain(); // the contacts' confirmation links and the membership mails went out before
    const digest = () =>
      run('npx', ['tsx', 'infra/cli/digest.ts', '--platform', platformId, '--at', at], {
        env: h.cliEnv(),
      });
    const count = async () =>
      (await Promise.all(members.map((m) => digestsTo(h, m.session.email)))).flat().length;

    const first = await digest();
    expect(first.stdout).toMatch(
      new RegExp(
        `^${platformId} digest 2026-W48: 2 new mails put in the outbox to send \\(0 put there by an earlier run`,
        'm',
      ),
    );
    expect(first.stdout).toMatch(/^mail: 2 mails sent\.$/m);
    expect(await count()).toBe(2);

    const again = await digest();
    expect(again.stdout).toMatch(
      new RegExp(
        `^${platformId} digest 2026-W48: 0 new mails put in the outbox to send \\(2 put there by an earlier run`,
        'm',
      ),
    );
    expect(again.stdout).toMatch(/^mail: nothing to send\.$/m);
    expect(await count()).toBe(2);
  });

  it('says that mail npm start is already sending goes within seconds, not that it is "waiting" as if it failed', async () => {
    const { h, advance } = await harnessAt('2026-11-24T01:00:00Z');
    const secretariatEmail = uniqueEmail('cli-busy-jimukyoku');
    const platformId = await h.platform({}, [secretariatEmail]);
    const secretariat = await h.signIn(secretariatEmail);
    await memberOf(h, platformId, secretariat, 'cli-busy-a');
    await memberOf(h, platformId, secretariat, 'cli-busy-b');
    await postNews(h, secretariat, platformId, { title: '年末年始の事務局休業のお知らせ' });
    await h.drain(); // the membership mails went out before
    advance(HOUR);
    expect((await planDigest(h.ctx, platformId)).planned).toBe(2);
    // npm start's mail loop has just taken both digest mails and is sending them.
    const { items } = await h.ctx.store.outbox.pending(100);
    const lease = new Date(Date.now() + 10 * 60_000).toISOString();
    for (const m of items) {
      expect(await h.ctx.store.outbox.claim(m.tag, 'npm-start', '2100-01-01T00:00:00Z', lease, lease)).toBe(
        true,
      );
    }
    expect(items).toHaveLength(2);

    const { stdout } = await run('npx', ['tsx', 'infra/cli/send.ts'], { env: h.cliEnv() });

    expect(stdout.trim().split('\n')).toEqual([
      "mail: 2 mails already being sent by the other sender that is running (npm start's mail loop, or npm run send): it sends them within seconds. Nothing failed.",
    ]);
  });
});
