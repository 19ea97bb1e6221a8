import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { newPage, signInInBrowser, startServerAndBrowser, type TestServer } from '#test/browser';
import { uniqueEmail } from '#test/harness';

// The note to the secretariat in the join form, in Chromium: a text area of several lines that
// says how many of its 500 characters are used while one types, and stops at 500.

let server: TestServer;
let browser: Browser;
let close: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ server, browser, close } = await startServerAndBrowser());
});

afterAll(async () => {
  await close?.();
});

describe('the note to the secretariat', () => {
  test('counts the characters as they are typed, line breaks included, and takes no more than 500', async () => {
    const h = server.harness;
    const platformId = await h.platform({ name: 'ひとこと確認プラットフォーム' });
    const email = uniqueEmail('join-note');
    const org = await h.organization(await h.signIn(email), { name: 'ひとことの会' });
    const page = await newPage(browser, server);
    await signInInBrowser(page, email);
    await page.goto(`/platforms/${platformId}/join?organization=${org.id}`);

    const note = page.locator('textarea[name="message"]');
    const count = page.locator('#f-message-count');
    expect(Number(await note.getAttribute('rows'))).toBeGreaterThanOrEqual(5);
    expect(await count.textContent()).toBe('0');
    await note.pressSequentially('はじめまして。');
    await note.press('Enter');
    await note.pressSequentially('よろしく');
    await expect.poll(() => count.textContent()).toBe('12');

    await note.fill('あ'.repeat(600));
    expect(await note.inputValue()).toHaveLength(500);
    await expect.poll(() => count.textContent()).toBe('500');
  });
});
