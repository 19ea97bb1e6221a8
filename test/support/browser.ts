import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect, inject } from 'vitest';
import { type AppServer, freePort, LocalRuntimeError, serveApp, sesLocalStore, startMailLoop } from '#local';
import { createHarness, type Harness } from './harness';
import { checkServedHtml, recordServedHtml } from './served-html';

// Browser tests: the real app served over HTTP on a loopback port (its own table, like the
// harness), Debian's Chromium driven by playwright-core, axe-core run inside the page, and
// screenshots at desktop and phone width kept as test artifacts.

export const DESKTOP = { width: 1280, height: 800 } as const;
export const PHONE = { width: 375, height: 812 } as const;

// --- the app ---------------------------------------------------------------------------------

export interface TestServer {
  /** The origin, e.g. http://127.0.0.1:40123; also APP_URL, so links in mail point here. */
  url: string;
  harness: Harness;
  close(): Promise<void>;
}

/**
 * Serves the real app (fresh table, shared DynamoDB Local and SES local) on a free loopback port,
 * with `npm start`'s mail loop: a sign-in link goes out the moment it is asked for.
 */
export async function startServer(env: Record<string, string> = {}): Promise<TestServer> {
  // The port must be known before the app is built (APP_URL); it can be taken in between.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const harness = await createHarness({ APP_URL: url, ...env });
    let server: AppServer;
    try {
      server = await serveApp(harness.app.fetch, port);
    } catch (error) {
      if (attempt < 3 && error instanceof LocalRuntimeError && error.code === 'PORT_IN_USE') continue;
      throw error;
    }
    const mailLoop = startMailLoop(harness.ctx);
    harness.ctx.wakeSender = mailLoop.wake;
    return {
      url,
      harness,
      close: async () => {
        await server.stop();
        await mailLoop.stop();
      },
    };
  }
}

// --- the browser -----------------------------------------------------------------------------

/**
 * Flags for a closed network and a root user: no sandbox, no GPU, and nothing that phones home
 * (without the background-networking flags Chromium's own connections are refused, many at a
 * time). playwright-core gives each launch a fresh, temporary --user-data-dir.
 */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Debian's Chromium, or CHROMIUM_PATH; a clear error when there is none (never a silent skip). */
export function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!existsSync(path)) {
    throw new Error(
      `Browser tests need Chromium, and there is none at ${path}. Install Debian's package: ` +
        '`sudo apt-get install -y chromium` (or set CHROMIUM_PATH to a Chromium or Chrome executable).',
    );
  }
  return path;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_FLAGS });
}

/**
 * Both at once, for a test file's beforeAll; when one fails the other is closed again, so
 * nothing outlives the file. Close both in afterAll with `close()`.
 */
export async function startServerAndBrowser(): Promise<{
  server: TestServer;
  browser: Browser;
  close(): Promise<void>;
}> {
  const [server, browser] = await Promise.allSettled([startServer(), launchBrowser()]);
  if (server.status === 'rejected' || browser.status === 'rejected') {
    if (server.status === 'fulfilled') await server.value.close();
    if (browser.status === 'fulfilled') await browser.value.close();
    throw server.status === 'rejected' ? server.reason : (browser as PromiseRejectedResult).reason;
  }
  return {
    server: server.value,
    browser: browser.value,
    close: async () => {
      await browser.value.close();
      await server.value.close();
    },
  };
}

/**
 * A page in a context of its own (own cookies) on the server, at desktop size, in Japanese
 * unless another locale (its Accept-Language) is given.
 * The app's CSP stays enforced, so tests see what a visitor's browser would block;
 * axe-core is injected through the DevTools protocol, which the CSP does not govern.
 */
export async function newPage(
  browser: Browser,
  server: TestServer,
  options: { bypassCSP?: boolean; locale?: string } = {},
): Promise<Page> {
  const context: BrowserContext = await browser.newContext({
    baseURL: server.url,
    viewport: { ...DESKTOP },
    locale: options.locale ?? 'ja-JP',
    bypassCSP: options.bypassCSP ?? false,
  });
  // Fail a missing element in seconds, not Playwright's default 30.
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  // For the Nu HTML checker at the end of the file (expectValidServedHtml).
  recordServedHtml(page);
  return page;
}

/**
 * Collects what the page reports as errors: console errors (CSP violations are among them)
 * and uncaught exceptions. Call before navigating.
 */
export function consoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  return errors;
}

export const isCspViolation = (message: string) => /Content Security Policy/i.test(message);

// --- mail and sign-in ------------------------------------------------------------------------

const VERIFY_LINK = /https?:\/\/[^\s"'<>]+\/auth\/verify\?token=[^\s"'<>]+/;

/** The sign-in mails SES local (of this test run) holds for this address, oldest first. */
async function signInMails(email: string) {
  const mails = await sesLocalStore(inject('sesEndpoint')).list();
  return mails.filter((m) => m.destination.to.includes(email) && VERIFY_LINK.test(m.body.text ?? ''));
}

/**
 * The /auth/verify link of the newest sign-in mail to `email` in SES local. With `after`, waits
 * (up to 10 s) until there are more than that many sign-in mails for the address.
 */
export async function magicLinkFor(email: string, after = 0): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const mails = await signInMails(email);
    if (mails.length > after) return mails.at(-1)!.body.text!.match(VERIFY_LINK)![0];
    if (Date.now() > deadline) throw new Error(`no new sign-in mail to ${email} in SES local`);
    await delay(100);
  }
}

/**
 * Signs in the way a person does: the sign-in form, the link from the mail (SES local), the
 * "complete sign-in" button, and for a person without a name the name form. Ends signed in, on
 * the page the app redirects to (home for a new person, with the welcome notice).
 */
export async function signInInBrowser(
  page: Page,
  email: string,
  options: {
    /** Called on the pages on the way ("check your email", "complete sign-in", the name form), e.g. to shoot them. */
    onPage?: (step: 'check-email' | 'verify' | 'name' | 'consent') => Promise<void>;
    /**
     * What a person without a name types into the name form the app asks first (氏名, フリガナ);
     * by default a name made from the address.
     */
    name?: { name: string; kana?: string };
  } = {},
): Promise<void> {
  const before = (await signInMails(email)).length;
  await page.goto('/auth/sign-in');
  await page.getByLabel('メールアドレス').fill(email);
  await page.getByRole('button', { name: /サインイン用リンクを送る/ }).click();
  await page.getByRole('heading', { name: /メールを確認してください/ }).waitFor();
  await options.onPage?.('check-email');

  const link = await magicLinkFor(email, before);
  const origin = new URL(page.url()).origin;
  expect(link.startsWith(`${origin}/`), `the mailed link ${link} should point at ${origin}`).toBe(true);
  await page.goto(link);
  await options.onPage?.('verify');
  await page.getByRole('button', { name: /サインインを完了する/ }).click();
  await page.waitForURL((url) => url.pathname !== '/auth/verify');
  if (new URL(page.url()).pathname === '/profile') {
    await options.onPage?.('name');
    const given = options.name ?? { name: `テスト ${email.split('@')[0]}`, kana: 'テスト タロウ' };
    await page.getByLabel('氏名').fill(given.name);
    if (given.kana) await page.getByLabel('フリガナ').fill(given.kana);
    // Asked only of someone who has not agreed yet (a person made through the API has).
    const consent = page.getByLabel(/利用規約とプライバシーポリシーに同意します/);
    if ((await consent.count()) > 0) await consent.check();
    await page.getByRole('button', { name: /登録して進む/ }).click();
    await page.waitForURL((url) => url.pathname !== '/profile');
  }
  if (new URL(page.url()).pathname === '/consent') {
    // Someone who signed up before the terms in force (the demo's people) agrees once.
    await options.onPage?.('consent');
    await page.getByLabel(/利用規約とプライバシーポリシーに同意します/).check();
    await page.getByRole('button', { name: /同意して進む/ }).click();
    await page.waitForURL((url) => url.pathname !== '/consent');
  }
  await page.getByRole('button', { name: /サインアウト/ }).waitFor();
}

// --- artifacts -------------------------------------------------------------------------------

export const screenshotDir = () => resolve(process.env.SCREENSHOT_DIR || 'test-results/screenshots');

/**
 * Full-page screenshots at 1280×800 and 375×812: `<name>-desktop.png`, `<name>-375.png`.
 * Leaves the page at the size it had.
 */
export async function shoot(page: Page, name: string): Promise<string[]> {
  const dir = screenshotDir();
  await mkdir(dir, { recursive: true });
  const before = page.viewportSize();
  const paths: string[] = [];
  for (const [suffix, size] of [
    ['desktop', DESKTOP],
    ['375', PHONE],
  ] as const) {
    await page.setViewportSize({ ...size });
    const path = join(dir, `${name}-${suffix}.png`);
    await page.screenshot({ path, fullPage: true, animations: 'disabled' });
    paths.push(path);
  }
  if (before) await page.setViewportSize(before);
  return paths;
}

/** No sideways scrolling on a 375 px wide screen (document.documentElement.scrollWidth ≤ 375). */
export async function expectFitsPhone(page: Page): Promise<void> {
  const before = page.viewportSize();
  await page.setViewportSize({ ...PHONE });
  const width = (await page.evaluate('document.documentElement.scrollWidth')) as number;
  // What sticks out, for the failure message.
  const wide =
    width > PHONE.width
      ? await page.evaluate(`[...document.querySelectorAll('body *')]
          .filter((e) => e.getBoundingClientRect().right > ${PHONE.width})
          .slice(-5)
          .map((e) => e.outerHTML.slice(0, 120))
          .join('\\n')`)
      : '';
  if (before) await page.setViewportSize(before);
  expect(width, `${page.url()} scrolls sideways at 375 px:\n${wide}`).toBeLessThanOrEqual(PHONE.width);
}

// --- accessibility ---------------------------------------------------------------------------

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

export interface A11yViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: unknown[]; html: string; failureSummary?: string }[];
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Runs axe-core in the page (WCAG 2.0/2.1 A and AA, best practices) and returns the serious and
 * critical violations; `formatViolations` makes them readable in an assertion message.
 */
export async function checkA11y(page: Page): Promise<A11yViolation[]> {
  if (!(await page.evaluate('typeof axe !== "undefined"'))) await page.evaluate(AXE_SOURCE);
  // A string, not a function: the test transform may add helpers the page does not have.
  const violations = (await page.evaluate(`
    axe.run(document, { runOnly: ${JSON.stringify(AXE_TAGS)}, resultTypes: ['violations'] })
      .then((r) => r.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
        nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, failureSummary: n.failureSummary })),
      })))
  `)) as A11yViolation[];
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export function formatViolations(violations: A11yViolation[]): string {
  if (violations.length === 0) return 'no serious or critical axe violations';
  return violations
    .map((v) =>
      [
        `[${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})`,
        ...v.nodes.map(
          (n) =>
            `    ${JSON.stringify(n.target)} ${n.html.slice(0, 160)}\n      ${(n.failureSummary ?? '').replace(/\n\s*/g, ' ')}`,
        ),
      ].join('\n'),
    )
    .join('\n');
}

/** Fails with the readable list when axe finds serious or critical violations on the page. */
export async function expectAccessible(page: Page): Promise<void> {
  const violations = await checkA11y(page);
  expect(violations, `axe on ${page.url()}:\n${formatViolations(violations)}`).toEqual([]);
}

// --- valid HTML ------------------------------------------------------------------------------

/**
 * The W3C Nu HTML checker, in one JVM run, over the HTML served for every page view of this test
 * file's pages (newPage records them): fails with the list of errors. Call in the file's last test.
 */
export async function expectValidServedHtml(): Promise<void> {
  const report = await checkServedHtml();
  console.log(
    `Nu HTML checker: ${report.views} page views, ${report.documents} distinct documents, ${report.errors.length} errors, ${report.ms} ms`,
  );
  expect(report.views, 'page views recorded for the Nu checker').toBeGreaterThan(0);
  expect(report.canaryErrors, 'errors the checker finds in a known-bad document').toBeGreaterThan(0);
  expect(report.unreadable, 'served HTML Chromium no longer had').toEqual([]);
  expect(report.errors, 'the W3C Nu HTML checker').toEqual([]);
}
