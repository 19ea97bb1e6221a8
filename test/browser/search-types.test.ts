import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  expectAccessible,
  expectValidServedHtml,
  newPage,
  signInInBrowser,
  startServerAndBrowser,
  type TestServer,
} from '#test/browser';
import { uniqueEmail } from '#test/harness';

// The search page's types (種類) in Chromium: choosing a kind shows that kind's types at once
// (the script), a type of the kind chosen before is not sent with another one, and the results
// are the postings that list the chosen type; the pages pass axe-core and the Nu HTML checker.

let server: TestServer;
let browser: Browser;
let close: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ server, browser, close } = await startServerAndBrowser());
});

afterAll(async () => {
  await close?.();
});

describe('the type filter of the search page', () => {
  test("shows the chosen kind's types, searches by one and drops it when the kind changes", async () => {
    const h = server.harness;
    const email = uniqueEmail('search-types-secretariat');
    const platformId = await h.platform({}, [email]);
    const secretariat = await h.signIn(email);
    const npo = await h.member(platformId, secretariat, 'search-types-npo');
    const skills = (title: string, types: string[]) => ({
      kind: 'skills',
      title,
      capacity: { hoursPerMonth: 10 },
      types,
    });
    await h.postNeed(npo.session, platformId, npo.org.id, skills('決算を見てほしい', ['accounting']));
    await h.postNeed(npo.session, platformId, npo.org.id, skills('ホームページを作りたい', ['it_web']));
    await h.postNeed(npo.session, platformId, npo.org.id, {
      kind: 'goods',
      title: 'お米がほしい',
      capacity: { quantity: 30, unit: 'kg' },
      types: ['food'],
    });

    const page = await newPage(browser, server);
    await signInInBrowser(page, npo.session.email);
    await page.goto(`/platforms/${platformId}/search`);
    const skillsTypes = page.locator('#search-resourceType-skills');
    const goodsTypes = page.locator('#search-resourceType-goods');
    expect(await skillsTypes.isVisible()).toBe(false);

    await page.locator('#search-kind').selectOption('skills');
    await expect.poll(() => skillsTypes.isVisible()).toBe(true);
    expect(await skillsTypes.isEnabled()).toBe(true);
    expect(await goodsTypes.isVisible()).toBe(false);
    await skillsTypes.selectOption('accounting');
    await page.getByRole('button', { name: '検索する' }).click();
    await page.waitForURL(/resourceType=accounting/);
    expect(await page.locator('[role="status"]').textContent()).toBe('条件に合う掲載：1件');
    expect(await page.locator('ul.results').textContent()).toContain('決算を見てほしい');
    expect(await page.locator('ul.results').textContent()).not.toContain('ホームページ');
    await expectAccessible(page);

    // Another kind: the skills select goes (and is not sent), the goods one comes.
    await page.locator('#search-kind').selectOption('goods');
    await expect.poll(() => goodsTypes.isVisible()).toBe(true);
    expect(await skillsTypes.isVisible()).toBe(false);
    expect(await skillsTypes.isDisabled()).toBe(true);
    await page.getByRole('button', { name: '検索する' }).click();
    await page.waitForURL(/kind=goods/);
    expect(page.url()).not.toContain('resourceType=accounting');
    expect(await page.locator('[role="status"]').textContent()).toBe('条件に合う掲載：1件');
    expect(await page.locator('ul.results').textContent()).toContain('お米がほしい');
    await expectAccessible(page);
    await expectValidServedHtml();
  });
});
