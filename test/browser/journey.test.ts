import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  consoleErrors,
  expectAccessible,
  expectFitsPhone,
  expectValidServedHtml,
  isCspViolation,
  newPage,
  shoot,
  signInInBrowser,
  startServerAndBrowser,
  type TestServer,
} from '#test/browser';
import { uniqueEmail } from '#test/harness';

// The whole journey in Debian's Chromium, as the people of a platform live it: an NPO and a
// company sign up by the mailed link, register their organisations and apply to join; the
// secretariat approves them; the NPO posts a need and the company an offer; the secretariat runs
// a round; both accept in the browser and each sees the other's contact; the secretariat reads
// the statistics and downloads the CSV. Every main page is checked with axe-core and at 375 px,
// and shot at desktop and phone width. The steps depend on each other and run in order.

let server: TestServer;
let browser: Browser;
let close: (() => Promise<void>) | undefined;
let platformId: string;

const people = {
  npo: { email: uniqueEmail('npo'), org: 'NPO法人 かわぐち子ども食堂ネット', contact: '川口 花子' },
  company: { email: uniqueEmail('company'), org: '株式会社 みらいマート', contact: '加藤 一郎' },
  secretariat: { email: uniqueEmail('jimukyoku') },
};
const pages: Record<'npo' | 'company' | 'secretariat', Page> = {} as never;
const errors = new Map<Page, string[]>();

beforeAll(async () => {
  ({ server, browser, close } = await startServerAndBrowser());
  // The operator creates the platform and names its secretariat (npm run platform).
  platformId = await server.harness.platform({ name: '埼玉県孤独・孤立対策官民連携プラットフォーム' }, [
    people.secretariat.email,
  ]);
  for (const who of ['npo', 'company', 'secretariat'] as const) {
    pages[who] = await newPage(browser, server);
    errors.set(pages[who], consoleErrors(pages[who]));
  }
});

afterAll(async () => {
  await close?.();
});

/** axe, 375 px and screenshots: what every main page gets. */
async function check(page: Page, name: string): Promise<void> {
  await expectAccessible(page);
  await expectFitsPhone(page);
  await shoot(page, name);
}

async function registerOrganisation(page: Page, who: 'npo' | 'company'): Promise<void> {
  const person = people[who];
  await page
    .getByRole('link', { name: /団体を登録する/ })
    .first()
    .click();
  await page.waitForURL('**/organizations/new');
  await page.locator('#f-name').fill(person.org);
  await page.locator('#f-legalForm').selectOption(who === 'npo' ? 'npo_corporation' : 'company');
  await page.locator('#f-location-prefecture').selectOption('11');
  // The municipality list follows the prefecture (the page's script fetches it).
  await expect.poll(() => page.locator('#f-location-municipality option[value="11203"]').count()).toBe(1);
  await page.locator('#f-location-municipality').selectOption('11203');
  await page.locator('input[name="activityFields"][value="children_youth"]').check();
  await page.locator('#f-contact-name').fill(person.contact);
  await page.locator('#f-contact-email').fill(person.email);
  await page.getByRole('button', { name: /^登録する/ }).click();
  await page.getByText('団体を登録しました').waitFor();
}

async function applyToPlatform(page: Page): Promise<void> {
  await page
    .getByRole('link', { name: /プラットフォームに参加する/ })
    .first()
    .click();
  await page
    .getByRole('link', { name: /参加を申し込む/ })
    .first()
    .click();
  await page.waitForURL(`**/platforms/${platformId}/join**`);
  await page.getByRole('radio').first().check();
  await page.getByRole('button', { name: /^申し込む/ }).click();
  await page.getByText('申し込みました。事務局の承認をお待ちください。').waitFor();
}

describe('from sign-up to connected, in the browser', () => {
  test('an NPO signs up by the mailed link, registers its organisation (fixing a mistake) and applies', async () => {
    const page = pages.npo;
    await signInInBrowser(page, people.npo.email, {
      name: { name: people.npo.contact, kana: 'かわぐち はなこ' },
      onPage: async (step) => {
        if (step === 'check-email') await check(page, 'sign-in-check-email');
      },
    });
    await page.getByText('ようこそ').waitFor();
    await check(page, 'home-new-member');

    // A first try with the name left out: the page says so next to the field, in Japanese,
    // and keeps everything else typed.
    await page
      .getByRole('link', { name: /団体を登録する/ })
      .first()
      .click();
    await page.locator('#f-nameKana').fill('かわぐちこどもしょくどうねっと');
    await page.locator('#f-contact-name').fill(people.npo.contact);
    await page.getByRole('button', { name: /^登録する/ }).click();
    const nameField = page.locator('.field.has-error', { has: page.locator('#f-name') });
    await expect.poll(() => nameField.locator('.field-error').textContent()).toMatch(/入力してください/);
    expect(await page.locator('#f-nameKana').inputValue()).toBe('かわぐちこどもしょくどうねっと');
    expect(await page.locator('#f-contact-name').inputValue()).toBe(people.npo.contact);
    await check(page, 'organization-form-errors');

    await page.goto('/');
    await registerOrganisation(page, 'npo');
    await check(page, 'organization-profile');
    await applyToPlatform(page);
    // Home now greets 「団体名 氏名 様」.
    await page.goto('/');
    await page.getByText(`${people.npo.org} ${people.npo.contact} 様`).waitFor();
  });

  test('a company does the same', async () => {
    const page = pages.company;
    await signInInBrowser(page, people.company.email, { name: { name: people.company.contact } });
    await registerOrganisation(page, 'company');
    await applyToPlatform(page);
  });

  test('the secretariat approves both applications', async () => {
    const page = pages.secretariat;
    await signInInBrowser(page, people.secretariat.email);
    await page
      .getByRole('link', { name: /埼玉県孤独・孤立対策官民連携プラットフォーム/ })
      .first()
      .click();
    await page.waitForURL(`**/platforms/${platformId}/admin`);
    await check(page, 'secretariat-dashboard');
    await page.getByRole('link', { name: /参加申請の承認/ }).click();
    await page.getByText(people.npo.org).first().waitFor();
    await check(page, 'secretariat-applications');
    for (const _ of [1, 2]) {
      await page
        .getByRole('button', { name: /^承認する/ })
        .first()
        .click();
      await page.waitForLoadState();
    }
    await page.getByText('承認待ちの申請はありません。').waitFor();
  });

  test('the NPO posts a need: the kind first, then the form', async () => {
    const page = pages.npo;
    await page.goto('/');
    await page
      .getByRole('link', { name: /^ニーズ/ })
      .first()
      .click();
    await page.getByRole('link', { name: /ニーズを登録する/ }).click();
    await page.getByLabel(/場所・居場所/).check();
    await check(page, 'need-kind');
    await page.getByRole('button', { name: /次へ/ }).click();
    await page.locator('#f-title').fill('子ども食堂の会場を探しています');
    await page
      .locator('#f-description')
      .fill('月2回、土曜日の昼に30人ほどが集まれる調理設備のある場所を探しています。');
    await page.getByLabel('子ども・若者支援', { exact: true }).check();
    await page.locator('#f-capacity-people').fill('30');
    await page.locator('#f-capacity-sessionsPerMonth').fill('2');
    await check(page, 'need-form');
    await page.getByRole('button', { name: /^登録する/ }).click();
    await page.getByText('登録しました').waitFor();
    await page.getByRole('link', { name: '子ども食堂の会場を探しています' }).waitFor();
    await check(page, 'needs-of-organization');
  });

  test('the company posts an offer for all of Saitama', async () => {
    const page = pages.company;
    await page.goto(`/offers/new`);
    await page.getByLabel(/場所・居場所/).check();
    await page.getByRole('button', { name: /次へ/ }).click();
    await page.locator('#f-title').fill('社員食堂を週末に開放します');
    await page.getByLabel('子ども・若者支援', { exact: true }).check();
    // What the venue is: a hall with a kitchen (種類; an offer states at least one).
    await page.getByLabel('多目的ホール', { exact: true }).check();
    await page.getByLabel('調理設備（設備）', { exact: true }).check();
    await page.locator('#f-capacity-people').fill('40');
    await page.getByText('都道府県で選ぶ').click();
    await page.getByLabel('埼玉県', { exact: true }).check();
    await check(page, 'offer-form');
    await page.getByRole('button', { name: /^登録する/ }).click();
    await page.getByText('登録しました').waitFor();
  });

  test('the secretariat runs a round now', async () => {
    const page = pages.secretariat;
    await page.goto(`/platforms/${platformId}/admin`);
    // The button asks first (it sends mail); the secretariat says yes.
    const asked = new Promise<string>((resolve) =>
      page.once('dialog', (dialog) => {
        resolve(dialog.message());
        void dialog.accept();
      }),
    );
    await page.getByRole('button', { name: /マッチングを今すぐ実行/ }).click();
    expect(await asked).toContain('ご提案のメールを送ります');
    await page.getByText(/1件のご提案を作成しました/).waitFor();
  });

  test('both accept in the browser and then see each other’s contact', async () => {
    const npo = pages.npo;
    await npo.goto('/matches');
    await npo.getByText('までにご回答ください').waitFor();
    await check(npo, 'inbox');
    await npo
      .getByRole('link', { name: /子ども食堂の会場を探しています ⇄ 社員食堂を週末に開放します/ })
      .click();
    await check(npo, 'introduction-proposed');
    await npo.getByRole('button', { name: /^承諾する/ }).click();
    await npo.getByText('一方が承諾済み').first().waitFor();
    expect(await npo.getByText(people.company.email).count()).toBe(0);

    const company = pages.company;
    await company.goto('/matches');
    await company
      .getByRole('link', { name: /子ども食堂の会場を探しています ⇄ 社員食堂を週末に開放します/ })
      .click();
    await company.getByRole('button', { name: /^承諾する/ }).click();
    await company.getByText('つながりました').first().waitFor();
    await company.getByRole('link', { name: people.npo.email }).waitFor();
    await company.getByText(people.npo.contact).waitFor();
    await check(company, 'introduction-connected');

    await npo.reload();
    await npo.getByRole('link', { name: people.company.email }).waitFor();
    await npo.getByText(people.company.contact).waitFor();
  });

  test('the secretariat sees the statistics and downloads the CSV', async () => {
    const page = pages.secretariat;
    await page.goto(`/platforms/${platformId}/admin`);
    await page.getByRole('link', { name: /つながりの統計/ }).click();
    await page.locator('svg').first().waitFor();
    const count = (label: string) =>
      page.locator('ul.stats li', { hasText: label }).first().locator('strong').textContent();
    expect(await count('ご提案（累計）')).toBe('1');
    expect(await count('つながりました')).toBe('1');
    // By field, in the chart's table too.
    await page.locator('table', { hasText: '子ども・若者支援' }).first().waitFor();
    await check(page, 'secretariat-stats');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: /CSV/ }).first().click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^tsunagu-.*\.csv$/);
    const bytes = await readFile((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = bytes.subarray(3).toString('utf8');
    const [header, row, ...rest] = csv.split('\r\n').filter(Boolean);
    expect(header).toContain('提案日');
    expect(rest).toEqual([]);
    expect(row).toContain('子ども食堂の会場を探しています');
    expect(row).toContain(people.company.org);
    expect(csv).not.toContain('@');
  });

  test('no page of the journey had anything blocked by the CSP or a script error', () => {
    const all = [...errors.values()].flat();
    expect(all.filter(isCspViolation)).toEqual([]);
    expect(all.filter((e) => e.startsWith('uncaught'))).toEqual([]);
  });

  test('the HTML served for every page view of the journey passes the W3C Nu HTML checker', async () => {
    await expectValidServedHtml();
  });
});
