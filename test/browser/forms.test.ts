import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Need, Offer, Preferences } from '#domain';
import {
  consoleErrors,
  DESKTOP,
  expectAccessible,
  expectFitsPhone,
  expectValidServedHtml,
  isCspViolation,
  newPage,
  shoot,
  startServerAndBrowser,
  type TestServer,
} from '#test/browser';
import type { Member, Session } from '#test/harness';
import { uniqueEmail } from '#test/harness';

// The forms in Debian's Chromium (issue 18, items 1, 2 and 5): Enter in a text field does the
// form's main action on every form of the app; the error summary names the fields in the form's
// order, each a link to its field; municipalities are ticked in a list grouped by prefecture,
// searchable with JavaScript, usable by keyboard and without JavaScript.

let server: TestServer;
let browser: Browser;
let close: (() => Promise<void>) | undefined;
let platformId: string;
let secretariat: Session;
let npo: Member;
let company: Member;
const errors = new Map<Page, string[]>();

beforeAll(async () => {
  ({ server, browser, close } = await startServerAndBrowser());
  const h = server.harness;
  const email = uniqueEmail('jimukyoku');
  platformId = await h.platform({ name: '埼玉県孤独・孤立対策官民連携プラットフォーム' }, [email]);
  secretariat = await h.signIn(email);
  npo = await h.member(platformId, secretariat, 'npo');
  company = await h.member(platformId, secretariat, 'company', {
    name: '株式会社 みらいマート',
    legalForm: 'company',
  });
});

afterAll(async () => {
  await close?.();
});

/** A page signed in as `as` (its session cookie, as the sign-in link sets it), or signed out. */
async function pageAs(as?: Session): Promise<Page> {
  const page = await newPage(browser, server);
  errors.set(page, consoleErrors(page));
  if (as) {
    const at = as.cookie.indexOf('=');
    await page
      .context()
      .addCookies([{ name: as.cookie.slice(0, at), value: as.cookie.slice(at + 1), url: server.url }]);
  }
  return page;
}

/** The same without JavaScript (the page's script never runs). */
async function pageWithoutScript(as: Session): Promise<Page> {
  const context = await browser.newContext({
    baseURL: server.url,
    viewport: { ...DESKTOP },
    locale: 'ja-JP',
    javaScriptEnabled: false,
  });
  context.setDefaultTimeout(15_000);
  const at = as.cookie.indexOf('=');
  await context.addCookies([
    { name: as.cookie.slice(0, at), value: as.cookie.slice(at + 1), url: server.url },
  ]);
  const page = await context.newPage();
  errors.set(page, consoleErrors(page));
  return page;
}

/** Types into a text field and presses Enter there; nothing else is clicked. */
async function typeAndEnter(page: Page, selector: string, text: string): Promise<void> {
  const field = page.locator(selector);
  await field.fill(text);
  await field.press('Enter');
}

async function offersOf(member: Member): Promise<Offer[]> {
  const res = await server.harness.request(`/v1/organizations/${member.org.id}/offers`, {
    as: member.session,
  });
  return ((await res.json()) as { items: Offer[] }).items;
}

async function needsOf(member: Member): Promise<Need[]> {
  const res = await server.harness.request(`/v1/organizations/${member.org.id}/needs`, {
    as: member.session,
  });
  return ((await res.json()) as { items: Need[] }).items;
}

const newPath = (side: 'needs' | 'offers', who: Member, kind = 'venue') =>
  `/${side}/new?organization=${who.org.id}&platform=${platformId}&kind=${kind}`;

describe('Enter in a text field does the form’s main action, on every form', () => {
  test('sign in: Enter in the email field sends the link', async () => {
    const page = await pageAs();
    await page.goto('/auth/sign-in');
    await typeAndEnter(page, '#f-email', uniqueEmail('enter'));
    await page.getByRole('heading', { name: /メールを確認してください/ }).waitFor();
  });

  test('new organisation: Enter in the name registers it (the place picker’s button is not pressed)', async () => {
    const page = await pageAs(npo.session);
    await page.goto('/organizations/new');
    await page.locator('#f-legalForm').selectOption('npo_corporation');
    await page.locator('#f-location-prefecture').selectOption('11');
    await page.locator('input[name="activityFields"][value="children_youth"]').check();
    await page.locator('#f-contact-name').fill('川口 花子');
    await page.locator('#f-contact-email').fill(npo.session.email);
    await typeAndEnter(page, '#f-name', 'Enterで登録した団体');
    await page.waitForURL(/\/organizations\/[^/]+\?created=1$/);
    await page.getByRole('heading', { level: 1, name: /Enterで登録した団体/ }).waitFor();
  });

  test('editing an organisation: Enter in the name saves it', async () => {
    const page = await pageAs(npo.session);
    await page.goto(`/organizations/${npo.org.id}/edit`);
    await typeAndEnter(page, '#f-name', 'Enterで名前を変えた団体');
    await page.waitForURL(`**/organizations/${npo.org.id}?saved=1`);
    await page.getByRole('heading', { level: 1, name: /Enterで名前を変えた団体/ }).waitFor();
  });

  test('inviting someone: Enter in the email sends the invitation', async () => {
    const page = await pageAs(npo.session);
    await page.goto(`/organizations/${npo.org.id}/people`);
    await typeAndEnter(page, '#f-email', uniqueEmail('invited'));
    await page.waitForURL(`**/organizations/${npo.org.id}/people?invited=1`);
  });

  test('joining a platform: Enter in a text field applies', async () => {
    const h = server.harness;
    const joiner = await h.signIn(uniqueEmail('joiner'));
    await h.organization(joiner, { name: '一般社団法人 となりの居場所' });
    const page = await pageAs(joiner);
    await page.goto(`/platforms/${platformId}/join`);
    await page.getByRole('radio').first().check();
    // The note is a one-line field today (another change may make it a text area, where Enter
    // is a new line); then Enter on the tier chooses the main action just the same.
    const note = page.locator('input#f-message');
    if ((await note.count()) > 0) await typeAndEnter(page, 'input#f-message', 'よろしくお願いします');
    else await page.getByRole('radio').first().press('Enter');
    await page.getByText('申し込みました').waitFor();
  });

  test('news by the secretariat: Enter in the title posts it', async () => {
    const page = await pageAs(secretariat);
    await page.goto(`/platforms/${platformId}/admin/news`);
    await page.locator('#f-body').fill('12月の交流会のお知らせです。');
    await typeAndEnter(page, '#f-title', 'Enterで掲載したお知らせ');
    await page.waitForURL(/\/admin\/news\?done=posted$/);
    await page.getByText('Enterで掲載したお知らせ').first().waitFor();
  });

  test('new need: Enter in the title saves it (not 「市区町村の一覧を更新」)', async () => {
    const page = await pageAs(npo.session);
    await page.goto(newPath('needs', npo));
    await page.getByLabel('子ども・若者支援', { exact: true }).check();
    await page.locator('#f-capacity-people').fill('30');
    await typeAndEnter(page, '#f-title', 'Enterで登録したニーズ');
    await page.waitForURL(`**/organizations/${npo.org.id}/needs?done=created`);
    expect((await needsOf(npo)).map((n) => n.title)).toContain('Enterで登録したニーズ');
  });

  test('editing a need: Enter in the title saves it', async () => {
    const need = await server.harness.postNeed(npo.session, platformId, npo.org.id, {
      title: '編集する前のニーズ',
    });
    const page = await pageAs(npo.session);
    await page.goto(`/needs/${need.id}/edit`);
    await typeAndEnter(page, '#f-title', 'Enterで保存したニーズ');
    await page.waitForURL(`**/organizations/${npo.org.id}/needs?done=saved`);
    expect((await needsOf(npo)).find((n) => n.id === need.id)?.title).toBe('Enterで保存したニーズ');
  });

  test('new offer: Enter in the title saves it', async () => {
    const page = await pageAs(company.session);
    await page.goto(newPath('offers', company));
    await page.getByLabel('子ども・若者支援', { exact: true }).check();
    await page.locator('input[name="types"][value="meeting_room"]').check();
    await page.locator('#f-capacity-people').fill('40');
    await page.getByLabel('川口市', { exact: true }).check();
    await typeAndEnter(page, '#f-title', 'Enterで登録した申し出');
    await page.waitForURL(`**/organizations/${company.org.id}/offers?done=created`);
    const offer = (await offersOf(company)).find((o) => o.title === 'Enterで登録した申し出');
    expect(offer?.serviceArea.municipalities).toEqual(['11203']);
  });

  test('editing an offer: Enter in the title saves it', async () => {
    const offer = await server.harness.postOffer(company.session, platformId, company.org.id, {
      title: '編集する前の申し出',
    });
    const page = await pageAs(company.session);
    await page.goto(`/offers/${offer.id}/edit`);
    await typeAndEnter(page, '#f-title', 'Enterで保存した申し出');
    await page.waitForURL(`**/organizations/${company.org.id}/offers?done=saved`);
    expect((await offersOf(company)).find((o) => o.id === offer.id)?.title).toBe('Enterで保存した申し出');
  });

  test('the kind step and the preferences (no text field): Enter on a choice does the main action', async () => {
    const page = await pageAs(npo.session);
    await page.goto(`/needs/new?organization=${npo.org.id}`);
    await page.getByLabel(/場所・居場所/).check();
    await page.getByLabel(/場所・居場所/).press('Enter');
    await page.locator('#f-title').waitFor();

    await page.goto('/preferences');
    await page.getByLabel('高齢者支援', { exact: true }).check();
    await page.getByLabel('高齢者支援', { exact: true }).press('Enter');
    await page.waitForURL('**/preferences?saved=1');
  });

  test('a form with a mistake: Enter gives the form’s answer, not a silent reload', async () => {
    const page = await pageAs(npo.session);
    await page.goto(newPath('needs', npo));
    await page.locator('#f-title').press('Enter');
    await page.locator('#error-summary').waitFor();
    expect(await page.locator('#f-title').getAttribute('aria-invalid')).toBe('true');
  });
});

describe('the error summary', () => {
  test('names the fields in the form’s order, each a link that takes you to the field', async () => {
    const page = await pageAs(npo.session);
    await page.goto(newPath('needs', npo));
    await page.locator('#f-capacity-people').fill('-3');
    await page.getByRole('button', { name: /^登録する/ }).click();
    const summary = page.locator('#error-summary');
    await summary.waitFor();
    // Announced: it takes focus, and is an alert.
    await expect
      .poll(() => page.evaluate('document.activeElement && document.activeElement.id'))
      .toBe('error-summary');
    expect(await summary.getAttribute('role')).toBe('alert');

    const links = summary.locator('li a');
    const texts = await links.allTextContents();
    expect(texts.map((t) => t.split('：')[0])).toEqual(['タイトル', '分野', '定員（人）']);
    expect(texts[0]).toMatch(/^タイトル：.+/);
    expect(new Set(texts).size).toBe(texts.length);

    await shoot(page, 'form-error-summary');
    await expectAccessible(page);
    await expectFitsPhone(page);

    // Following a link by keyboard lands on the field.
    await links.nth(2).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate('location.hash')).toBe('#f-capacity-people');
    await page.locator('#f-capacity-people').focus();
    await page.locator('#f-capacity-people').fill('30');
    await links.first().click();
    await page.locator('#f-title').fill('直してから登録したニーズ');
    await page.locator('#f-title').press('Enter');
    // Still wrong (no field chosen): the answer is the summary again, without the fixed ones.
    await expect
      .poll(() => page.locator('#error-summary li a').allTextContents())
      .toEqual([expect.stringMatching(/^分野：/)]);
  });
});

describe('the municipality picker', () => {
  test('lists the platform’s prefecture by prefecture; the search box filters it; Tab and Space tick', async () => {
    const page = await pageAs(company.session);
    await page.goto(newPath('offers', company));
    const group = page.locator('details.muni-group[data-prefecture="11"]');
    await group.locator('summary', { hasText: '埼玉県' }).waitFor();
    expect(await group.getAttribute('open')).not.toBeNull();

    const search = page.getByLabel('市区町村名で絞り込む');
    await search.fill('さいたま');
    const shown = group.locator('label.choice:visible');
    await expect.poll(() => shown.count()).toBeGreaterThan(1);
    for (const text of await shown.allTextContents()) expect(text).toContain('さいたま');
    expect(await group.getByLabel('川口市', { exact: true }).isVisible()).toBe(false);
    await page.getByText(/^\d+件$/).waitFor();
    // By reading too, in hiragana or katakana: 「かわぐち」 finds 川口市.
    await search.fill('かわぐち');
    await expect.poll(() => shown.allTextContents()).toEqual([' 川口市']);
    await search.fill('カワグチ');
    await expect.poll(() => shown.allTextContents()).toEqual([' 川口市']);
    await search.fill('鶴ヶ島');
    await expect.poll(() => shown.allTextContents()).toEqual([' 鶴ヶ島市']);
    await search.fill('かわぐち');
    await expect.poll(() => shown.allTextContents()).toEqual([' 川口市']);
    // Enter in the search box stays there (it is not the form's text).
    await search.press('Enter');
    expect(new URL(page.url()).pathname).toBe('/offers/new');

    // Keyboard: Tab from the search box reaches the prefecture's summary, then the first listed
    // checkbox; Space ticks it.
    await search.focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.tagName')).toBe('SUMMARY');
    await page.keyboard.press('Tab');
    await expect
      .poll(() => page.evaluate('document.activeElement && document.activeElement.value'))
      .toBe('11203');
    await page.keyboard.press('Space');
    expect(await page.getByLabel('川口市', { exact: true }).isChecked()).toBe(true);
    await expect.poll(() => group.locator('summary [data-chosen]').first().textContent()).toBe('1');

    // Another prefecture, at once: its list comes in, open, searchable.
    await search.fill('');
    await page.getByLabel(/ほかの都道府県の市区町村も表示する/).selectOption('13');
    const tokyo = page.locator('details.muni-group[data-prefecture="13"]');
    await tokyo.getByLabel('千代田区', { exact: true }).check();
    await search.fill('千代田');
    await shoot(page, 'municipality-picker-search');
    await expectAccessible(page);
    await expectFitsPhone(page);
    await search.fill('');

    await page.getByLabel('子ども・若者支援', { exact: true }).check();
    await page.locator('input[name="types"][value="meeting_room"]').check();
    await page.locator('#f-capacity-people').fill('40');
    await typeAndEnter(page, '#f-title', '川口と千代田の申し出');
    await page.waitForURL('**/offers?done=created');
    const offer = (await offersOf(company)).find((o) => o.title === '川口と千代田の申し出');
    expect(offer?.serviceArea.municipalities).toEqual(['11203', '13101']);

    // On edit: the ticked ones are ticked, their prefectures open.
    await page.goto(`/offers/${offer!.id}/edit`);
    expect(await page.getByLabel('川口市', { exact: true }).isChecked()).toBe(true);
    expect(await page.getByLabel('千代田区', { exact: true }).isChecked()).toBe(true);
    await shoot(page, 'municipality-picker-edit');
    await expectAccessible(page);
  });

  test('works without JavaScript: another prefecture by 「市区町村を表示」, Space ticks, Enter saves', async () => {
    const page = await pageWithoutScript(company.session);
    await page.goto(newPath('offers', company));
    // No search box to type into without the script; the list is there.
    expect(await page.getByLabel('市区町村名で絞り込む').isVisible()).toBe(false);
    await page.locator('#f-title').fill('スクリプトなしの申し出');
    await page.getByLabel('子ども・若者支援', { exact: true }).check();
    await page.locator('input[name="types"][value="meeting_room"]').check();
    await page.locator('#f-capacity-people').fill('12');
    await page.getByLabel(/ほかの都道府県の市区町村も表示する/).selectOption('13');
    await page.getByRole('button', { name: /市区町村を表示/ }).click();
    const tokyo = page.locator('details.muni-group[data-prefecture="13"]');
    await tokyo.waitFor();
    // Everything typed is kept, and Saitama's list is still there.
    expect(await page.locator('#f-title').inputValue()).toBe('スクリプトなしの申し出');
    await page.locator('details.muni-group[data-prefecture="11"]').waitFor();
    // By keyboard: the summary opens with Enter, the box ticks with Space.
    const box = tokyo.getByLabel('世田谷区', { exact: true });
    if (!(await box.isVisible())) {
      await tokyo.locator('summary').focus();
      await page.keyboard.press('Enter');
    }
    await box.focus();
    await page.keyboard.press('Space');
    expect(await box.isChecked()).toBe(true);
    await shoot(page, 'municipality-picker-no-js');
    await page.locator('#f-title').press('Enter');
    await page.waitForURL('**/offers?done=created');
    const offer = (await offersOf(company)).find((o) => o.title === 'スクリプトなしの申し出');
    expect(offer?.serviceArea.municipalities).toEqual(['13112']);
  });

  test('the same picker on the preferences page, saved and shown ticked', async () => {
    const page = await pageAs(npo.session);
    await page.goto('/preferences');
    await page.getByLabel('さいたま市浦和区', { exact: true }).check();
    await shoot(page, 'preferences-municipalities');
    await expectAccessible(page);
    await expectFitsPhone(page);
    await page.getByRole('button', { name: /^保存する/ }).click();
    await page.waitForURL('**/preferences?saved=1');
    expect(await page.getByLabel('さいたま市浦和区', { exact: true }).isChecked()).toBe(true);
    const res = await server.harness.request('/v1/me/preferences', { as: npo.session });
    expect(((await res.json()) as Preferences).regions.municipalities).toEqual(['11107']);
  });
});

describe('afterwards', () => {
  test('no page had anything blocked by the CSP or a script error', () => {
    const all = [...errors.values()].flat();
    expect(all.filter(isCspViolation)).toEqual([]);
    expect(all.filter((e) => e.startsWith('uncaught'))).toEqual([]);
  });

  test('the HTML served for every page view passes the W3C Nu HTML checker', async () => {
    await expectValidServedHtml();
  });
});
