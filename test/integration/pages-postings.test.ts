import { beforeAll, describe, expect, it } from 'vitest';
import type { Match, Need, Offer } from '#domain';
import { needFormFields } from '#test/builders';
import { createHarness, type Harness, type Member, type Session, uniqueEmail } from '#test/harness';
import { fieldBlock, getPage, inputValue, postForm } from '#test/pages';

// Needs and offers by form, as an NPO or a company does it in the browser: choose the kind, fill
// in the form, fix what the page points out, edit, close; and the inbox of introductions.

let h: Harness;
let platformId: string;
let secretariat: Session;
let npo: Member;
let company: Member;

beforeAll(async () => {
  h = await createHarness();
  const email = uniqueEmail('secretariat');
  platformId = await h.platform({}, [email]);
  secretariat = await h.signIn(email);
  npo = await h.member(platformId, secretariat, 'npo');
  company = await h.member(platformId, secretariat, 'company', {
    name: '株式会社つなぐ食品',
    legalForm: 'company',
  });
});

const needForm = needFormFields;

const newNeedPath = (kind = 'venue') =>
  `/needs/new?organization=${npo.org.id}&platform=${platformId}&kind=${kind}`;

async function needsOf(organizationId: string, as: Session): Promise<Need[]> {
  const res = await h.request(`/v1/organizations/${organizationId}/needs`, { as });
  return ((await res.json()) as { items: Need[] }).items;
}

describe('posting a need by form', () => {
  it('asks for the kind first, then shows the capacity fields of that kind', async () => {
    const first = await getPage(h, `/needs/new?organization=${npo.org.id}`, npo.session);
    const step1 = await first.text();
    expect(first.status).toBe(200);
    expect(step1).toContain('場所・居場所');
    expect(step1).toContain('name="kind"');

    const funding = await (await getPage(h, newNeedPath('funding'), npo.session)).text();
    expect(funding).toContain('name="capacity.amountJpy"');
    expect(funding).toContain('name="capacity.minAmountJpy"');
    expect(funding).not.toContain('name="capacity.people"');
  });

  it('saves what was typed and lists it on the organisation page', async () => {
    const res = await postForm(
      h,
      newNeedPath(),
      npo.session,
      needForm({ title: '週末の会場を探しています' }),
    );

    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/organizations/${npo.org.id}/needs?done=created`);
    const saved = (await needsOf(npo.org.id, npo.session)).find(
      (n) => n.title === '週末の会場を探しています',
    );
    expect(saved).toMatchObject({
      kind: 'venue',
      fields: ['children_youth', 'poverty'],
      capacity: { people: 30, sessionsPerMonth: 2 },
      location: { prefecture: '11', municipality: '11203' },
      targetGroups: ['children'],
      period: { start: '2026-12-01' },
      onlineOk: false,
    });
    const list = await (await getPage(h, res.headers.get('location')!, npo.session)).text();
    expect(list).toContain('週末の会場を探しています');
    expect(list).toContain('登録しました');
  });

  it('shows each problem in Japanese next to its field and keeps everything typed', async () => {
    const before = (await needsOf(npo.org.id, npo.session)).length;

    const res = await postForm(
      h,
      newNeedPath(),
      npo.session,
      needForm({
        title: '',
        'capacity.people': '-3',
        description: '手書きの説明<b>そのまま</b>',
        fields: [],
      }),
    );
    const html = await res.text();

    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(fieldBlock(html, 'title')).toMatch(/class="field-error"[^>]*>[^<]*(入力|必須|文字)/);
    expect(fieldBlock(html, 'capacity.people')).toContain('1以上の数を入力してください');
    expect(html).toContain('1つ以上選んでください');
    // What was typed comes back, escaped.
    expect(inputValue(html, 'capacity.people')).toBe('-3');
    expect(html).toContain('手書きの説明&lt;b&gt;そのまま&lt;/b&gt;');
    expect(html).toMatch(/value="11203" selected/);
    expect(html).toMatch(/name="targetGroups" value="children" checked/);
    expect((await needsOf(npo.org.id, npo.session)).length).toBe(before);
  });

  it('updates the municipality list for a new prefecture without saving (works without JavaScript)', async () => {
    const before = (await needsOf(npo.org.id, npo.session)).length;

    const res = await postForm(h, newNeedPath(), npo.session, {
      ...needForm({ 'location.prefecture': '13', 'location.municipality': '' }),
      _refresh: '1',
    });
    const html = await res.text();

    expect(res.status).toBe(200);
    expect(html).toContain('千代田区');
    expect(html).not.toContain('>川口市<');
    expect(inputValue(html, 'title')).toBe('子ども食堂の会場を探しています');
    expect((await needsOf(npo.org.id, npo.session)).length).toBe(before);
  });

  it('offers only the platform’s prefectures, and puts a place outside its area next to the place', async () => {
    const form = await (await getPage(h, newNeedPath(), npo.session)).text();
    const prefectures = fieldBlock(form, 'location.prefecture');
    expect(prefectures).toContain('value="11"');
    expect(prefectures).not.toContain('value="13"');

    const res = await postForm(
      h,
      newNeedPath(),
      npo.session,
      needForm({ 'location.prefecture': '13', 'location.municipality': '13101' }),
    );
    const html = await res.text();
    expect(res.status).toBe(400);
    const place = html.slice(html.indexOf('id="f-location"'), html.indexOf('id="f-location-prefecture"'));
    expect(place).toContain('対象地域の外です');
    expect(html).toContain('href="#f-location"');
  });

  it('says which of two numbers a volunteers need wants, at the capacity', async () => {
    const res = await postForm(h, newNeedPath('volunteers'), npo.session, {
      ...needForm({ kind: 'volunteers' }),
      'capacity.people': '',
      'capacity.sessionsPerMonth': '',
    });
    const html = await res.text();
    expect(res.status).toBe(400);
    const capacity = html.slice(html.indexOf('id="f-capacity"'), html.indexOf('id="f-capacity-people"'));
    expect(capacity).toContain('人数か月あたりの時間を入力してください');
  });

  it('shows each narrower field indented under its broader one, and no label that repeats another', async () => {
    const html = await (await getPage(h, newNeedPath(), npo.session)).text();
    const groups = [
      ...html.matchAll(/<div class="choice-group">(.*?)<\/div>(?=<div class="choice-group">|<\/div>)/gs),
    ].map((m) => m[1] ?? '');
    const groupOf = (slug: string) => groups.find((g) => g.includes(`value="${slug}"`)) ?? '';

    for (const [parent, child, childLabel] of [
      ['carers', 'young_carers', 'ヤングケアラー支援'],
      ['child_rearing', 'single_parents', 'ひとり親支援'],
    ]) {
      const group = groupOf(parent!);
      expect(group, parent).toContain(`value="${child}"`);
      expect(group.indexOf(`value="${parent}"`)).toBeLessThan(group.indexOf(`value="${child}"`));
      expect(group).toMatch(
        new RegExp(`<div class="nested"><label[^>]*>.*?value="${child}".*?${childLabel}`, 's'),
      );
    }
    expect(html).toContain('ケアラー支援</label>');
    expect(html).not.toContain('ヤングケアラー含む');
    expect(html).not.toContain('子育て・ひとり親');
  });

  it('asks for the kind when "next" is pressed without one', async () => {
    const res = await getPage(
      h,
      `/needs/new?organization=${npo.org.id}&platform=${platformId}&step=1`,
      npo.session,
    );
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('種類を選んでください');
  });

  it('serves the municipalities of a prefecture as JSON for the picker', async () => {
    const res = await h.request('/regions/11.json');
    const list = (await res.json()) as { code: string; ja: string; kana: string }[];
    expect(list).toContainEqual({ code: '11203', ja: '川口市', kana: 'かわぐちし' });
    expect((await h.request('/regions/99.json')).status).toBe(404);
  });

  it('refuses a form without the CSRF token and saves nothing', async () => {
    const before = (await needsOf(npo.org.id, npo.session)).length;
    // The session cookie alone, as a form on another site would send it.
    const res = await postForm(h, newNeedPath(), { ...npo.session, csrfToken: '' }, needForm());
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toContain('再読み込み');
    expect((await needsOf(npo.org.id, npo.session)).length).toBe(before);
  });

  it('does not let another organisation post for this one', async () => {
    const res = await getPage(h, newNeedPath(), company.session);
    expect(res.status).toBe(404);
  });
});

describe('posting an offer by form', () => {
  it('takes "every field", prefectures and municipalities, and slots', async () => {
    const res = await postForm(
      h,
      `/offers/new?organization=${company.org.id}&platform=${platformId}&kind=venue`,
      company.session,
      {
        kind: 'venue',
        title: '社員食堂を週末に開放します',
        fields: ['any'],
        types: ['hall', 'kitchen'],
        'capacity.people': '40',
        'serviceArea.prefectures': ['11'],
        'serviceArea.municipalities': ['13101'],
        'serviceArea.online': 'on',
        slots: '3',
        introductionsPerRound: '',
        'period.start': '2026-12-01',
      },
    );

    expect(res.status, await res.clone().text()).toBe(303);
    const offers = (
      (await (
        await h.request(`/v1/organizations/${company.org.id}/offers`, { as: company.session })
      ).json()) as { items: Offer[] }
    ).items;
    expect(offers[0]).toMatchObject({
      fields: 'any',
      types: ['hall', 'kitchen'],
      serviceArea: { prefectures: ['11'], municipalities: ['13101'], online: true, nationwide: false },
      slots: 3,
      introductionsPerRound: 3,
    });
  });
});

describe('one word for what is open', () => {
  it('says 受付中 for open needs and offers on every page that lists them, never 募集中', async () => {
    const need = await h.postNeed(npo.session, platformId, npo.org.id);
    const offer = await h.postOffer(company.session, platformId, company.org.id);
    const pages: [string, Session][] = [
      [`/needs/${need.id}`, npo.session],
      [`/offers/${offer.id}`, company.session],
      [`/organizations/${npo.org.id}/needs`, npo.session],
      [`/organizations/${company.org.id}/offers`, company.session],
      [`/platforms/${platformId}/needs`, company.session],
      [`/platforms/${platformId}/offers`, npo.session],
      [`/platforms/${platformId}`, npo.session],
      [`/platforms/${platformId}/admin`, secretariat],
    ];

    for (const [path, as] of pages) {
      const html = await (await getPage(h, path, as)).text();
      expect(html, path).toContain('受付中');
      expect(html, path).not.toContain('募集中');
    }
  });
});

describe('editing and closing', () => {
  let need: Need;
  beforeAll(async () => {
    need = await h.postNeed(npo.session, platformId, npo.org.id, { title: '編集する前のタイトル' });
  });

  it('shows the stored values in the edit form and saves a change', async () => {
    const form = await (await getPage(h, `/needs/${need.id}/edit`, npo.session)).text();
    expect(inputValue(form, 'title')).toBe('編集する前のタイトル');
    expect(inputValue(form, 'capacity.people')).toBe('30');

    const res = await postForm(h, `/needs/${need.id}/edit`, npo.session, {
      ...needForm({ title: '編集した後のタイトル' }),
      _version: inputValue(form, '_version') ?? '',
    });

    expect(res.status).toBe(303);
    const stored = (await (await h.request(`/v1/needs/${need.id}`, { as: npo.session })).json()) as Need;
    expect(stored.title).toBe('編集した後のタイトル');
    expect(stored.version).toBe(need.version + 1);
  });

  it('says someone else changed it meanwhile, and keeps the typed text', async () => {
    const res = await postForm(h, `/needs/${need.id}/edit`, npo.session, {
      ...needForm({ title: '古い画面からの変更' }),
      _version: String(need.version),
    });
    const html = await res.text();

    expect(res.status).toBe(409);
    expect(html).toContain('ほかの方がこの内容を変更しました');
    // What the other person saved is shown beside the form, so saving again is a choice.
    const savedNow = html.slice(
      html.indexOf('いま保存されている内容'),
      html.indexOf(`action="/needs/${need.id}/edit"`),
    );
    expect(savedNow).toContain('タイトル');
    expect(savedNow).toContain('編集した後のタイトル');
    expect(inputValue(html, 'title')).toBe('古い画面からの変更');
    const stored = (await (await h.request(`/v1/needs/${need.id}`, { as: npo.session })).json()) as Need;
    expect(stored.title).toBe('編集した後のタイトル');
    // Saving again from this page now works: it carries the version it just read.
    expect(inputValue(html, '_version')).toBe(String(stored.version));
  });

  it('closes a need from its page', async () => {
    const page = await (await getPage(h, `/needs/${need.id}`, npo.session)).text();
    expect(page).toContain(`action="/needs/${need.id}/close"`);

    const res = await postForm(h, `/needs/${need.id}/close`, npo.session, {});

    expect(res.status).toBe(303);
    const stored = (await (await h.request(`/v1/needs/${need.id}`, { as: npo.session })).json()) as Need;
    expect(stored.status).toBe('closed');
  });

  it('shows a member of the platform the need but no edit or close buttons', async () => {
    const other = await h.postNeed(npo.session, platformId, npo.org.id);
    const html = await (await getPage(h, `/needs/${other.id}`, company.session)).text();
    expect(html).toContain(other.title);
    expect(html).not.toContain('/close"');
    expect((await getPage(h, `/needs/${other.id}/edit`, company.session)).status).toBe(404);
  });
});

describe("a posting's page: its platform and its introductions", () => {
  let p: string;
  let a: Member;
  let b: Member;
  let outsider: Member;
  let need: Need;
  let offer: Offer;
  let matchId: string;
  beforeAll(async () => {
    p = await h.platform({ name: '掲載ページ確認の会議' }, [secretariat.email]);
    a = await h.member(p, secretariat, 'detail-npo', { name: '掲載ページのNPO' });
    b = await h.member(p, secretariat, 'detail-company', { name: '掲載ページの会社', legalForm: 'company' });
    outsider = await h.member(p, secretariat, 'detail-other', { name: 'ほかの会員' });
    need = await h.postNeed(a.session, p, a.org.id, { title: '掲載ページのニーズ' });
    offer = await h.postOffer(b.session, p, b.org.id, { title: '掲載ページの申し出' });
    expect(
      (await h.request(`/v1/platforms/${p}/runs/match`, { method: 'POST', as: secretariat })).status,
    ).toBe(200);
    const matches = (await (
      await h.request(`/v1/matches?organizationId=${a.org.id}`, { as: a.session })
    ).json()) as {
      items: Match[];
    };
    matchId = matches.items.find((m) => m.needId === need.id)!.id;
  });

  const introductions = (html: string) => {
    const start = html.indexOf('id="posting-introductions"');
    return start < 0 ? undefined : html.slice(start, html.indexOf('</section>', start));
  };

  it('names the platform with a link to its page, for every member who may read it', async () => {
    for (const [path, as] of [
      [`/needs/${need.id}`, outsider.session],
      [`/offers/${offer.id}`, a.session],
    ] as const) {
      const html = await (await getPage(h, path, as)).text();
      expect(html, path).toContain(`<a href="/platforms/${p}">掲載ページ確認の会議</a>`);
    }
  });

  it("shows the owning organisation its need's introductions with status and links, and the offer's to its owner", async () => {
    const needPage = introductions(await (await getPage(h, `/needs/${need.id}`, a.session)).text());
    expect(needPage).toContain(`href="/matches/${matchId}"`);
    expect(needPage).toContain('掲載ページの申し出');
    expect(needPage).toContain('掲載ページの会社');
    expect(needPage).toContain('ご回答待ち');

    const offerPage = introductions(await (await getPage(h, `/offers/${offer.id}`, b.session)).text());
    expect(offerPage).toContain(`href="/matches/${matchId}"`);
    expect(offerPage).toContain('掲載ページのニーズ');
  });

  it('shows them to the secretariat, and says when there are none yet', async () => {
    expect(introductions(await (await getPage(h, `/needs/${need.id}`, secretariat)).text())).toContain(
      `href="/matches/${matchId}"`,
    );
    const fresh = await h.postNeed(a.session, p, a.org.id, { title: 'まだ提案のないニーズ' });
    expect(introductions(await (await getPage(h, `/needs/${fresh.id}`, a.session)).text())).toContain(
      'まだご提案はありません',
    );
  });

  it('shows another member of the platform nothing of them, not even that there are any', async () => {
    for (const path of [`/needs/${need.id}`, `/offers/${offer.id}`]) {
      const html = await (await getPage(h, path, outsider.session)).text();
      expect(html, path).not.toContain('posting-introductions');
      expect(html, path).not.toContain(matchId);
      expect(html, path).not.toContain('この掲載へのつながりのご提案');
    }
    // The counterpart sees the posting but not the introductions of its other side either.
    const seenByCompany = await (await getPage(h, `/needs/${need.id}`, b.session)).text();
    expect(seenByCompany).toContain('掲載ページのニーズ');
    expect(introductions(seenByCompany)).toBeUndefined();
  });
});

describe('the inbox', () => {
  it('lists a new introduction as waiting for our answer, and answering from the page records it', async () => {
    const p = await h.platform({}, [secretariat.email]);
    const a = await h.member(p, secretariat, 'inbox-npo');
    const b = await h.member(p, secretariat, 'inbox-company');
    await h.postNeed(a.session, p, a.org.id, { title: 'インボックスのニーズ' });
    await h.postOffer(b.session, p, b.org.id, { title: 'インボックスの申し出' });
    expect(
      (await h.request(`/v1/platforms/${p}/runs/match`, { method: 'POST', as: secretariat })).status,
    ).toBe(200);

    const inbox = await (await getPage(h, '/matches', a.session)).text();
    expect(inbox).toContain('インボックスのニーズ ⇄ インボックスの申し出');
    expect(inbox).toContain('までにご回答ください');
    const matchId = inbox.match(/href="\/matches\/([0-9A-Z]{26})"/)?.[1];
    expect(matchId).toBeDefined();

    const answered = await postForm(h, `/matches/${matchId}/accept`, a.session, { side: 'need' });
    expect(answered.status).toBe(303);
    const match = (await (await h.request(`/v1/matches/${matchId}`, { as: a.session })).json()) as Match;
    expect(match.responses.need?.decision).toBe('accepted');
    const after = await (await getPage(h, '/matches', a.session)).text();
    expect(after).not.toContain('までにご回答ください');
  });

  it('asks to sign in, and comes back here afterwards', async () => {
    const res = await getPage(h, '/matches');
    const html = await res.text();
    expect(res.status).toBe(401);
    expect(html).toContain('name="next" value="/matches"');
  });
});
