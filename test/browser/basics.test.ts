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

// Today's pages in Debian's Chromium: signed out, the magic-link sign-in, the 404 page and the
// sign-in form's error; each checked with axe-core and at 375 px, screenshots kept.

let server: TestServer;
let browser: Browser;
let close: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ server, browser, close } = await startServerAndBrowser());
});

afterAll(async () => {
  await close?.();
});

async function open(): Promise<{ page: Page; errors: string[] }> {
  const page = await newPage(browser, server);
  return { page, errors: consoleErrors(page) };
}

describe('pages in a browser', () => {
  test('the console listener sees a CSP violation (so the checks below mean something)', async () => {
    const { page, errors } = await open();
    await page.goto('/');
    await page.evaluate(`(() => {
      const s = document.createElement('script');
      s.textContent = 'window.inlineRan = true';
      document.body.append(s);
    })()`);
    await expect.poll(() => errors.filter(isCspViolation).length).toBeGreaterThan(0);
    expect(await page.evaluate('window.inlineRan === true')).toBe(false);
  });

  test('home, signed out: strict CSP with nothing blocked, its script runs, accessible', async () => {
    const { page, errors } = await open();
    const res = await page.goto('/');
    expect(res?.status()).toBe(200);
    const csp = res?.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");

    await expect.poll(() => page.evaluate('document.documentElement.classList.contains("js")')).toBe(true);
    expect(await page.getAttribute('html', 'lang')).toBe('ja');
    await page.getByRole('heading', { level: 1, name: /団体どうしの「つながり」をつくる/ }).waitFor();
    await page.getByRole('link', { name: /サインイン/ }).waitFor();

    await shoot(page, 'home-signed-out');
    await expectAccessible(page);
    await expectFitsPhone(page);
    expect(errors.filter(isCspViolation)).toEqual([]);
    expect(errors).toEqual([]);
  });

  test('a new person signs in by the link in the mail, is asked name and kana, and home greets 「氏名 様」', async () => {
    const { page, errors } = await open();
    const email = uniqueEmail('browser');
    await signInInBrowser(page, email, {
      name: { name: '佐藤 優子', kana: 'さとう ゆうこ' },
      onPage: async (step) => {
        if (step === 'name') {
          // One short form, before anything else: 氏名 (required) and フリガナ.
          await page.getByRole('heading', { level: 1, name: /お名前の登録/ }).waitFor();
          expect(await page.getByLabel('氏名').getAttribute('required')).not.toBeNull();
          await page.getByLabel('フリガナ').waitFor();
        }
        await shoot(page, `sign-in-${step}`);
        await expectAccessible(page);
        await expectFitsPhone(page);
      },
    });

    expect(new URL(page.url()).pathname).toBe('/');
    expect(new URL(page.url()).searchParams.get('welcome')).toBe('1');
    await page.getByRole('status').filter({ hasText: 'ようこそ' }).waitFor();
    await page.getByRole('heading', { level: 1, name: /ホーム/ }).waitFor();
    // No organisation yet: 「氏名 様」, and the address is not shown as the name.
    await page.getByText('佐藤 優子 様').waitFor();
    expect(await page.getByText(`${email} さん`).count()).toBe(0);
    await page
      .getByRole('link', { name: /つながりのご提案/ })
      .first()
      .waitFor();

    await shoot(page, 'home-signed-in-welcome');
    await expectAccessible(page);
    await expectFitsPhone(page);
    expect(errors).toEqual([]);
  });

  test('an unknown page is the Japanese 404 page', async () => {
    const { page, errors } = await open();
    const res = await page.goto('/no-such-page');
    expect(res?.status()).toBe(404);
    expect(res?.headers()['content-type']).toMatch(/^text\/html/);
    expect(res?.headers()['content-security-policy']).toContain("default-src 'none'");
    await page.getByRole('heading', { level: 1, name: /ページが見つかりません/ }).waitFor();
    await page.getByRole('link', { name: /ホームへ/ }).waitFor();

    await shoot(page, 'not-found');
    await expectAccessible(page);
    await expectFitsPhone(page);
    // Chromium reports the 404 status itself as a console error; nothing else may be there.
    expect(errors.filter((e) => !/status of 404/.test(e))).toEqual([]);
  });

  test('the sign-in form shows the error next to the field and keeps what was typed', async () => {
    const { page, errors } = await open();
    await page.goto('/auth/sign-in');
    await shoot(page, 'sign-in');
    await expectAccessible(page);

    const typed = 'tanaka@@example';
    await page.getByLabel('メールアドレス').fill(typed);
    await page.getByRole('button', { name: /サインイン用リンクを送る/ }).click();

    const field = page.locator('.field', { has: page.locator('#f-email') });
    const message = field.locator('#f-email-error');
    await message.waitFor();
    expect(await message.textContent()).toContain('メールアドレスの形式が正しくありません');
    const input = page.getByLabel('メールアドレス');
    expect(await input.inputValue()).toBe(typed);
    expect(await input.getAttribute('aria-invalid')).toBe('true');
    expect((await input.getAttribute('aria-describedby'))?.split(' ')).toContain('f-email-error');
    // The error summary takes focus (the page's script), so screen readers announce it.
    await expect
      .poll(() => page.evaluate('document.activeElement && document.activeElement.id'))
      .toBe('error-summary');

    await shoot(page, 'sign-in-error');
    await expectAccessible(page);
    await expectFitsPhone(page);
    // The 400 answer itself is logged by Chromium; no CSP violation or script error may be.
    expect(errors.filter((e) => !/status of 400/.test(e))).toEqual([]);
  });

  test('the HTML served for every page view above passes the W3C Nu HTML checker', async () => {
    await expectValidServedHtml();
  });
});
