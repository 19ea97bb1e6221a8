import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { sesLocalStore } from '#local';
import {
  checkA11y,
  consoleErrors,
  expectAccessible,
  expectFitsPhone,
  expectValidServedHtml,
  formatViolations,
  newPage,
  shoot,
  signInInBrowser,
  startServerAndBrowser,
  type TestServer,
} from '#test/browser';
import { uniqueEmail } from '#test/harness';

// One language per page and per mail, in Debian's Chromium: a Japanese browser reads Japanese
// alone, an English one English alone, and the switch in the header (a form, no script needed)
// changes it for a visitor (a cookie) and for a signed-in person (their setting). Screenshots at
// 1280 and 375 px, axe on each.

let server: TestServer;
let browser: Browser;
let close: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ server, browser, close } = await startServerAndBrowser());
});

afterAll(async () => {
  await close?.();
});

async function check(page: Page, name: string): Promise<void> {
  await shoot(page, name);
  await expectAccessible(page);
  await expectFitsPhone(page);
}

/** The text a reader sees (not the markup). */
const textOf = (page: Page) => page.evaluate('document.body.innerText') as Promise<string>;

/** The newest mail SES local holds for this address. */
async function newestMail(email: string) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const mails = (await sesLocalStore(inject('sesEndpoint')).list()).filter((m) =>
      m.destination.to.includes(email),
    );
    if (mails.length > 0) return mails.at(-1)!;
    if (Date.now() > deadline) throw new Error(`no mail to ${email}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('one language at a time', () => {
  test('a Japanese browser reads Japanese alone; the switch turns the same page English and back', async () => {
    const page = await newPage(browser, server);
    const errors = consoleErrors(page);
    await page.goto('/platforms');
    expect(await page.getAttribute('html', 'lang')).toBe('ja');
    const ja = await textOf(page);
    expect(ja).toContain('プラットフォーム');
    expect(ja).not.toMatch(/Sign in|Platforms|Skip to content/);
    await check(page, 'language-platforms-ja');

    await page.getByRole('button', { name: 'English' }).click();
    await page.waitForFunction('document.documentElement.lang === "en"');
    expect(new URL(page.url()).pathname).toBe('/platforms');
    const en = await textOf(page);
    expect(en).toContain('Sign in');
    expect(en).not.toMatch(/サインイン|プラットフォームの一覧/);
    await check(page, 'language-platforms-en');

    // The choice stays for the next page, whatever the browser asks for.
    await page.goto('/');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.getByRole('button', { name: '日本語' }).click();
    await page.waitForFunction('document.documentElement.lang === "ja"');
    expect(new URL(page.url()).pathname).toBe('/');
    expect(errors).toEqual([]);
  });

  test('an English browser reads English alone, sign-in mail included', async () => {
    const page = await newPage(browser, server, { locale: 'en-GB' });
    const errors = consoleErrors(page);
    await page.goto('/auth/sign-in');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    const email = uniqueEmail('browser-en');
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Email me a link' }).click();
    await page.getByRole('heading', { name: 'Check your email' }).waitFor();
    // Nothing Japanese but the switch to Japanese itself.
    const text = await textOf(page);
    expect(text).toContain('日本語');
    expect(text.replace('日本語', '')).not.toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    await check(page, 'language-check-email-en');

    const mail = await newestMail(email);
    expect(mail.subject).toBe('Your tsunagu sign-in link');
    await showMail(page, mail.body.html ?? '', 'language-mail-en');
    expect(await textOf(page)).not.toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    expect(errors).toEqual([]);
  });

  test('a signed-in person switches with the header and the setting is theirs; their mail follows', async () => {
    const page = await newPage(browser, server);
    const email = uniqueEmail('browser-lang');
    await signInInBrowser(page, email);
    const jaMail = await newestMail(email);
    expect(jaMail.subject).toBe('tsunagu サインイン用リンク');
    await page.goto('/preferences');
    expect(await textOf(page)).not.toContain('Email preferences');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Email preferences' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/preferences');
    expect(await page.isChecked('input[name="language"][value="en"]')).toBe(true);
    await check(page, 'language-preferences-en');

    await showMail(page, jaMail.body.html ?? '', 'language-mail-ja');
    expect(await textOf(page)).not.toMatch(/Sign in|sign-in link|ignore this email/);
  });

  test('every page served here is valid HTML', async () => {
    await expectValidServedHtml();
  });
});

/**
 * A mail's HTML as a mail client shows it: screenshots and axe, without the rules about a page's
 * landmarks (a mail is a fragment of the client's page, with no <main> or <h1> of its own).
 */
async function showMail(page: Page, html: string, name: string): Promise<void> {
  expect(html).toMatch(/^<!doctype html>/);
  await page.goto('about:blank');
  await page.setContent(html);
  await shoot(page, name);
  const violations = (await checkA11y(page)).filter(
    (v) => !['region', 'landmark-one-main', 'page-has-heading-one'].includes(v.id),
  );
  expect(violations, formatViolations(violations)).toEqual([]);
  await expectFitsPhone(page);
}
