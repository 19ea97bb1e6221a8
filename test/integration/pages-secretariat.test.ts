import { beforeAll, describe, expect, it } from 'vitest';
import type { Match, Membership, Need, News } from '#domain';
import {
  createHarness,
  type Harness,
  jsonOf,
  type Member,
  type Page,
  type Session,
  uniqueEmail,
} from '#test/harness';

// The secretariat's pages of a platform, through the real app as a browser uses them: forms
// posted with the session cookie and its CSRF token, answers followed by their redirects.

let h: Harness;
let platformId: string;
let secretariat: Session;
let npo: Member;
let company: Member;
let applicant: { session: Session; orgId: string };
let venueNeed: Need;

const FORMULA_TITLE = '=HYPERLINK("http://evil.example","詳しく")';

const formHeaders = (s: Session) => ({
  cookie: s.cookie,
  'content-type': 'application/x-www-form-urlencoded',
});

/** Posts a form as a browser would: the session cookie and the page's CSRF token. */
const post = (s: Session, path: string, fields: Record<string, string> = {}) =>
  h.request(path, {
    method: 'POST',
    headers: formHeaders(s),
    body: new URLSearchParams({ ...fields, _csrf: s.csrfToken }).toString(),
  });

const page = (s: Session, path: string) => h.request(path, { headers: { cookie: s.cookie } });

async function follow(s: Session, res: Response): Promise<string> {
  expect(res.status, await res.clone().text()).toBe(303);
  const next = await page(s, res.headers.get('location')!);
  expect(next.status).toBe(200);
  return next.text();
}

const admin = (path = '') => `/platforms/${platformId}/admin${path}`;

beforeAll(async () => {
  h = await createHarness();
  const secretariatEmail = uniqueEmail('jimukyoku');
  platformId = await h.platform({}, [secretariatEmail]);
  secretariat = await h.signIn(secretariatEmail);
  npo = await h.member(platformId, secretariat, 'npo', {
    name: 'NPO法人 かわぐち子ども食堂ネット',
    contact: { name: '川口 花子', email: 'hanako@kodomo.example.jp' },
  });
  company = await h.member(platformId, secretariat, 'company', {
    name: '株式会社 みらいマート',
    legalForm: 'company',
    contact: { name: '加藤 太郎', email: 'kato@miraimart.example.jp' },
  });
  const session = await h.signIn(uniqueEmail('applicant'));
  const org = await h.organization(session, {
    name: 'カフェ こもれび',
    legalForm: 'sole_proprietor',
    location: { prefecture: '11', municipality: '11203' },
    description: '地域の居場所になるカフェです。',
  });
  await h.apply(session, platformId, org.id);
  applicant = { session, orgId: org.id };
  // A hall with a kitchen; the other need states no type (any venue will do).
  venueNeed = await h.postNeed(npo.session, platformId, npo.org.id, { types: ['hall', 'kitchen'] });
  await h.postNeed(npo.session, platformId, npo.org.id, {
    title: FORMULA_TITLE,
    fields: ['elderly'],
    location: { prefecture: '11', municipality: '11100' },
  });
  await h.postOffer(company.session, platformId, company.org.id, { introductionsPerRound: 5 });
});

describe('who may see the secretariat pages', () => {
  const pages = ['', '/memberships', '/application-form', '/news', '/stats', '/export.csv'];

  it('answers "not found" to a member who is not the secretariat, on every page', async () => {
    for (const path of pages) {
      const res = await page(npo.session, admin(path));
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    }
  });

  it('does not run anything for a member who posts the forms', async () => {
    expect((await post(npo.session, admin('/round'))).status).toBe(404);
    expect((await post(npo.session, admin(`/memberships/${applicant.orgId}/approve`))).status).toBe(404);
    expect(await h.ctx.store.matches.latestRound(platformId)).toBeUndefined();
    expect((await h.ctx.store.memberships.get(platformId, applicant.orgId))?.status).toBe('pending');
  });

  it('asks a signed-out visitor to sign in', async () => {
    const res = await h.request(admin());
    expect(res.status).toBe(401);
    expect(await res.text()).toContain('サインインしてください');
  });

  it('shows the secretariat its dashboard with the pending application and the run buttons', async () => {
    const res = await page(secretariat, admin());
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain('事務局ダッシュボード');
    expect(html).toMatch(/<strong>1<\/strong><a href="[^"]+\/memberships">承認待ちの申請/);
    expect(html).toContain(`action="${admin('/round')}"`);
    expect(html).toContain('マッチングを今すぐ実行');
    expect(html).toContain('今週のダイジェストを今すぐ送る');
  });
});

describe("the secretariat's home page", () => {
  it('shows a secretariat member without an organisation their platform and what waits there, not "no organisation yet"', async () => {
    const email = uniqueEmail('home-jimukyoku');
    const ownPlatform = await h.platform({ name: 'ホーム確認プラットフォーム' }, [email]);
    const own = await h.signIn(email);
    const someone = await h.signIn(uniqueEmail('home-applicant'));
    await h.apply(someone, ownPlatform, (await h.organization(someone)).id);

    const html = await (await page(own, '/')).text();

    expect(html).toContain(`<a href="/platforms/${ownPlatform}/admin">ホーム確認プラットフォーム</a>`);
    expect(html).toContain(`href="/platforms/${ownPlatform}/admin/memberships"`);
    expect(html).toContain('承認を待っている参加申し込みが1件あります。');
    expect(html).toContain('事務局ダッシュボードを開く');
    expect(html).not.toContain('まだ団体に所属していません');
    expect(html).not.toContain('<a class="button" href="/matches">');
  });

  it('still tells someone with neither an organisation nor a platform to register one', async () => {
    const html = await (await page(await h.signIn(uniqueEmail('home-nobody')), '/')).text();

    expect(html).toContain('まだ団体に所属していません');
    expect(html).not.toContain('事務局ダッシュボードを開く');
  });
});

describe('applications and members', () => {
  const membership = (orgId: string) =>
    h
      .request(`/v1/platforms/${platformId}/memberships/${orgId}`, { as: secretariat })
      .then((r) => jsonOf<Membership>(r));

  it('lists the pending application with what the organisation told the secretariat', async () => {
    const html = await (await page(secretariat, admin('/memberships'))).text();
    const pending = html.slice(html.indexOf('承認待ちの参加申請'), html.indexOf('会員団体（'));
    expect(pending).toContain('カフェ こもれび');
    expect(pending).toContain('個人事業主');
    expect(pending).toContain('埼玉県川口市');
    expect(pending).toContain('地域の居場所になるカフェです。');
    expect(pending).toContain(`action="${admin(`/memberships/${applicant.orgId}/approve`)}"`);
  });

  it('approves an application with the tier chosen in the form', async () => {
    const html = await follow(
      secretariat,
      await post(secretariat, admin(`/memberships/${applicant.orgId}/approve`), { tier: 'cooperating' }),
    );
    expect(html).toContain('カフェ こもれびを承認しました。');
    expect(await membership(applicant.orgId)).toMatchObject({ status: 'approved', tier: 'cooperating' });
  });

  it("shows the API's message when the application was approved already, and changes nothing", async () => {
    const before = await membership(applicant.orgId);
    const res = await post(secretariat, admin(`/memberships/${applicant.orgId}/approve`), { tier: 'member' });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('現在の状態（承認済み）からは承認できません');
    expect(await membership(applicant.orgId)).toEqual(before);
  });

  it('changes the tier of a member, and refuses a change made from an old version', async () => {
    const { version } = await membership(applicant.orgId);
    const changed = await post(secretariat, admin(`/memberships/${applicant.orgId}/tier`), {
      tier: 'supporting',
      version: String(version),
    });
    expect(await follow(secretariat, changed)).toContain('の会員区分を変更しました。');
    const stale = await post(secretariat, admin(`/memberships/${applicant.orgId}/tier`), {
      tier: 'member',
      version: String(version),
    });
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain('他の方が先に更新しました');
    expect((await membership(applicant.orgId)).tier).toBe('supporting');
  });

  it('suspends a member', async () => {
    await follow(secretariat, await post(secretariat, admin(`/memberships/${applicant.orgId}/suspend`)));
    expect((await membership(applicant.orgId)).status).toBe('suspended');
  });
});

describe('running a round from the dashboard', () => {
  it('proposes matches and says how many', async () => {
    const res = await post(secretariat, admin('/round'));
    const html = await follow(secretariat, res);
    const inbox = await jsonOf<Page<Match>>(
      await h.request(`/v1/matches?organizationId=${company.org.id}`, { as: company.session }),
    );
    expect(inbox.items).toHaveLength(2);
    expect(html).toContain('マッチングを実行し、2件のご提案を作成しました。');
    expect(html).toContain('前回の実行');
  });
});

describe('statistics and the CSV export', () => {
  let connected: Match;

  beforeAll(async () => {
    const inbox = await jsonOf<Page<Match>>(
      await h.request(`/v1/matches?organizationId=${npo.org.id}`, { as: npo.session }),
    );
    connected = inbox.items.find((m) => m.needId === venueNeed.id)!;
    for (const as of [npo.session, company.session]) {
      const res = await h.request(`/v1/matches/${connected.id}/accept`, { method: 'POST', as, json: {} });
      expect(res.status).toBe(200);
    }
    const outcome = await h.request(`/v1/matches/${connected.id}/outcome`, {
      method: 'POST',
      as: npo.session,
      json: { outcome: 'formed' },
    });
    expect(outcome.status).toBe(200);
  });

  it('shows the totals, and charts with tables by field, by region and by type', async () => {
    const res = await page(secretariat, admin('/stats'));
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toMatch(/<strong>2<\/strong>ご提案（累計）/);
    expect(html).toMatch(/<strong>1<\/strong>つながりました/);
    expect(html).toMatch(/<strong>1<\/strong>連携が成立した/);
    expect(html.match(/<svg[^>]*role="img"/g)).toHaveLength(3);
    // Both needs are in Saitama: its row counts both introductions.
    expect(html).toMatch(/<th scope="row">埼玉県<\/th><td class="num">2<\/td>/);
    expect(html).toMatch(/<th scope="row">高齢者支援<\/th><td class="num">1<\/td>/);
    // By the need's types: the connected need counts under both of its types, the other under
    // "no type given"; all proposed, then accepted, connected (formed) for the first two.
    expect(html).toContain('<h2 id="by-type-heading">種類別（ニーズの種類）</h2>');
    const rowOf = (label: string) =>
      html
        .match(new RegExp(`<th scope="row">${label}</th>(.*?)</tr>`))?.[1]
        ?.match(/<td class="num">(\d+)<\/td>/g)
        ?.map((td) => Number(td.replace(/\D/g, '')));
    // ご提案, the five statuses (proposed, accepted, connected, declined, expired), the four outcomes.
    expect(rowOf('場所・居場所 › 多目的ホール')).toEqual([1, 0, 0, 1, 0, 0, 1, 0, 0, 0]);
    expect(rowOf('場所・居場所 › 調理設備')).toEqual([1, 0, 0, 1, 0, 0, 1, 0, 0, 0]);
    expect(rowOf('場所・居場所 › 種類の指定なし')).toEqual([1, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(html).not.toContain('場所・居場所 › 会議室');
    expect(html).not.toMatch(/\sstyle=/);
  });

  it('downloads every introduction as a CSV that Excel opens, without personal data', async () => {
    const res = await page(secretariat, admin('/export.csv'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(
      new RegExp(`^attachment; filename="tsunagu-${platformId}-introductions-\\d{8}\\.csv"$`),
    );
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1);
    const lines = text.split('\r\n');
    expect(lines.at(-1)).toBe('');
    expect(lines[0]).toBe(
      '提案日,状態,ニーズ,ニーズの団体,支援の申し出,申し出の団体,分野,種類,都道府県,市区町村,適合度(%),連携の状況,見送りの理由,ID',
    );
    const rows = lines.slice(1, -1);
    expect(rows).toHaveLength(2);
    // The need's fields and types as the statistics count them: a need without types says so.
    const connectedRow = rows.find((r) => r.endsWith(`,${connected.id}`));
    expect(connectedRow).toContain(',子ども・若者支援、生活困窮者支援,多目的ホール、調理設備,埼玉県,川口市,');
    const otherRow = rows.find((r) => r !== connectedRow);
    expect(otherRow).toContain(',高齢者支援,種類の指定なし,埼玉県,さいたま市,');
    expect(rows.join('\n')).toContain('つながりました');
    expect(rows.join('\n')).toContain('連携が成立した');
    expect(rows.join('\n')).toContain('NPO法人 かわぐち子ども食堂ネット');
    expect(text).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.-]+/);
    expect(text).not.toContain('川口 花子');
  });

  it('defuses a need title that a spreadsheet would run as a formula', async () => {
    const text = await (await page(secretariat, admin('/export.csv'))).text();
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""詳しく"")"`);
    expect(text).not.toMatch(/(^|,)=HYPERLINK/m);
  });
});

describe('news for the digest', () => {
  it('keeps what was typed and shows the message next to the field when an event has no date', async () => {
    const res = await post(secretariat, admin('/news'), {
      kind: 'event',
      title: '夏の交流会',
      body: '会員どうしの交流会を開きます。',
    });
    const html = await res.text();
    expect(res.status).toBe(400);
    expect(html).toContain('イベントには開催日を入力してください');
    expect(html).toMatch(/<p class="field-error" id="f-eventDate-error">/);
    expect(html).toContain('value="夏の交流会"');
    expect(html).toContain('会員どうしの交流会を開きます。</textarea>');
    expect(html).toMatch(/value="event" checked/);
  });

  it('posts an event and lists it', async () => {
    const html = await follow(
      secretariat,
      await post(secretariat, admin('/news'), {
        kind: 'event',
        title: '夏の交流会',
        eventDate: '2026-08-01',
        url: 'https://example.jp/events/summer',
      }),
    );
    expect(html).toContain('掲載しました。');
    expect(html).toContain('<h3>夏の交流会</h3>');
    expect(html).toContain('開催日 2026-08-01');
    const news = await jsonOf<Page<News>>(
      await h.request(`/v1/platforms/${platformId}/news`, { as: secretariat }),
    );
    expect(news.items.map((n) => n.title)).toEqual(['夏の交流会']);
  });

  it("sends this week's digest from the dashboard and says how many mails go out", async () => {
    const html = await follow(secretariat, await post(secretariat, admin('/digest')));
    expect(html).toMatch(/今週のダイジェストを\d+通送ります。/);
  });
});

describe('declining an application (お断り), with a reason', () => {
  it('offers 承認 and お断りする for a pending application, 一時停止 only for members, and mails the reason', async () => {
    const session = await h.signIn(uniqueEmail('declined'));
    const org = await h.organization(session, { name: 'サークル ひだまり' });
    await h.apply(session, platformId, org.id);

    const html = await (await page(secretariat, admin('/memberships'))).text();
    const pending = html.slice(html.indexOf('承認待ちの参加申請'), html.indexOf('会員団体（'));
    const card = pending.slice(pending.indexOf('サークル ひだまり'));
    expect(card).toContain(`action="${admin(`/memberships/${org.id}/approve`)}"`);
    expect(card).toContain(`action="${admin(`/memberships/${org.id}/decline`)}"`);
    expect(card).toContain('お断りする');
    expect(card).toContain('お断りの理由（任意');
    expect(pending).not.toContain('一時停止');
    expect(pending).not.toContain('/suspend"');

    const tooLong = await post(secretariat, admin(`/memberships/${org.id}/decline`), {
      reason: 'あ'.repeat(1001),
    });
    expect(tooLong.status).toBe(400);
    expect(await tooLong.text()).toContain('1000文字以内で入力してください');

    const done = await follow(
      secretariat,
      await post(secretariat, admin(`/memberships/${org.id}/decline`), {
        reason: '活動地域が市外のため、今回は見送らせていただきます。',
      }),
    );
    expect(done).toContain('サークル ひだまりの参加申請をお断りしました。');
    const stored = await jsonOf<Membership>(
      await h.request(`/v1/platforms/${platformId}/memberships/${org.id}`, { as: secretariat }),
    );
    expect(stored).toMatchObject({
      status: 'declined',
      reason: '活動地域が市外のため、今回は見送らせていただきます。',
    });
    await h.drain();
    const mail = (await h.mails(session.email)).find((m) => m.subject.includes('参加申請についてのご連絡'));
    expect(mail?.body.text).toContain('活動地域が市外のため、今回は見送らせていただきます。');
  });
});

describe("the secretariat's contact", () => {
  it('is edited on its own page, linked from the menu, and cleared field by field', async () => {
    const dashboard = await (await page(secretariat, admin())).text();
    expect(dashboard).toContain(`href="${admin('/contact')}"`);

    const form = await (await page(secretariat, admin('/contact'))).text();
    const version = /name="version" value="(\d+)"/.exec(form)![1]!;
    const bad = await post(secretariat, admin('/contact'), { version, 'contact.email': 'not-an-address' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('メールアドレスの形式が正しくありません');

    const saved = await follow(
      secretariat,
      await post(secretariat, admin('/contact'), {
        version,
        'contact.name': '川口市 つながり事務局',
        'contact.email': 'Jimukyoku@City.Example.jp',
        'contact.phone': '048-000-0000',
        'contact.address': '川口市青木2-1-1',
        'contact.hours': '平日 9:00〜17:00',
      }),
    );
    expect(saved).toContain('事務局の連絡先を保存しました。');
    expect(saved).toContain('value="jimukyoku@city.example.jp"');
    const platform = await jsonOf<{ contact?: object; version: number }>(
      await h.request(`/v1/platforms/${platformId}`),
    );
    expect(platform.contact).toEqual({
      name: '川口市 つながり事務局',
      email: 'jimukyoku@city.example.jp',
      phone: '048-000-0000',
      address: '川口市青木2-1-1',
      hours: '平日 9:00〜17:00',
    });

    await follow(
      secretariat,
      await post(secretariat, admin('/contact'), {
        version: String(platform.version),
        'contact.name': '川口市 つながり事務局',
      }),
    );
    const cleared = await jsonOf<{ contact?: object }>(await h.request(`/v1/platforms/${platformId}`));
    expect(cleared.contact).toEqual({ name: '川口市 つながり事務局' });
  });
});
