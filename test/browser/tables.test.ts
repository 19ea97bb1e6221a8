import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  expectFitsPhone,
  expectValidServedHtml,
  newPage,
  shoot,
  signInInBrowser,
  startServerAndBrowser,
  type TestServer,
} from '#test/browser';
import { type Member, uniqueEmail } from '#test/harness';

// Tables at desktop width (1280 px), as the secretariat and an organisation's owner read them: a
// date stays on one line (never 「2026-12-」「06」) and a column heading on one line (never one
// character a line), however long the names in the rows.

let server: TestServer;
let browser: Browser;
let close: (() => Promise<void>) | undefined;
let platformId: string;
let owner: Member;
let needId: string;
const secretariatEmail = uniqueEmail('tables-jimukyoku');

beforeAll(async () => {
  ({ server, browser, close } = await startServerAndBrowser());
  const h = server.harness;
  platformId = await h.platform({ name: '表示確認プラットフォーム' }, [secretariatEmail]);
  const secretariat = await h.signIn(secretariatEmail);
  owner = await h.member(platformId, secretariat, 'tables-owner', {
    name: '特定非営利活動法人 とても長い名前の地域の子どもと若者と高齢者の居場所づくりネットワーク',
  });
  const companies: Member[] = [];
  for (const n of [1, 2, 3])
    companies.push(
      await h.member(platformId, secretariat, `tables-${n}`, {
        name: `株式会社 かなり長い会社名の見本 その${n}`,
        legalForm: 'company',
      }),
    );
  // An introduction, so the statistics have tables.
  needId = (await h.postNeed(owner.session, platformId, owner.org.id)).id;
  await h.postOffer(companies[0]!.session, platformId, companies[0]!.org.id);
  const round = await h.request(`/v1/platforms/${platformId}/runs/match`, {
    method: 'POST',
    as: secretariat,
  });
  expect(round.status).toBe(200);
  const res = await h.request(`/v1/organizations/${owner.org.id}/invitations`, {
    method: 'POST',
    as: owner.session,
    json: { email: uniqueEmail('tables-invitee'), role: 'editor' },
  });
  expect(res.status, await res.clone().text()).toBe(202);
});

afterAll(async () => {
  await close?.();
});

interface Box {
  text: string;
  lines: number;
}

/**
 * Each matching cell's text and how many lines its text takes: the line boxes of its contents
 * (a cell is as tall as its row, so its own height says nothing), rects whose tops are within
 * half a line of each other counting as one line (the English part is in a smaller font).
 */
async function lineCounts(page: Page, selector: string, part: 'all' | 'japanese' = 'all'): Promise<Box[]> {
  return (await page.evaluate(`[...document.querySelectorAll(${JSON.stringify(selector)})].map((cell) => {
    const lineHeight = Number.parseFloat(getComputedStyle(cell).lineHeight);
    const range = document.createRange();
    const japanese = ${JSON.stringify(part)} === 'japanese' && cell.firstChild?.nodeType === Node.TEXT_NODE;
    if (japanese) range.selectNodeContents(cell.firstChild);
    else range.selectNodeContents(cell);
    const tops = [...range.getClientRects()]
      .filter((r) => r.width > 0 && r.height > 0)
      .map((r) => r.top)
      .sort((a, b) => a - b);
    let lines = 0;
    let lineTop = Number.NEGATIVE_INFINITY;
    for (const top of tops) {
      if (top - lineTop >= lineHeight / 2) {
        lines++;
        lineTop = top;
      }
    }
    const text = japanese ? cell.firstChild.textContent : cell.textContent;
    return { text: (text ?? '').replace(/\\s+/g, ' ').trim(), lines };
  })`)) as Box[];
}

describe('tables at 1280 px', () => {
  test("the secretariat's members table: headings and approval dates on one line each", async () => {
    const page = await newPage(browser, server);
    await signInInBrowser(page, secretariatEmail);
    await page.goto(`/platforms/${platformId}/admin/memberships`);
    await shoot(page, 'tables-memberships');

    const headings = await lineCounts(page, 'table thead th');
    expect(headings.map((h) => h.text)).toContain('承認日');
    for (const h of headings) expect(h, h.text).toMatchObject({ lines: 1 });
    const dates = await lineCounts(page, 'table tbody td.date');
    expect(dates.length).toBe(4);
    for (const d of dates)
      expect(d, d.text).toMatchObject({ text: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), lines: 1 });
    // On a phone the page still fits: the table scrolls sideways inside its wrapper.
    await expectFitsPhone(page);
  });

  test("an organisation's people: the invitation's date on one line, headings on one line", async () => {
    const page = await newPage(browser, server);
    await signInInBrowser(page, owner.session.email);
    await page.goto(`/organizations/${owner.org.id}/people`);

    for (const h of await lineCounts(page, 'table thead th')) expect(h, h.text).toMatchObject({ lines: 1 });
    const dates = await lineCounts(page, 'table tbody td.date');
    expect(dates.length).toBe(1);
    expect(dates[0]).toMatchObject({ lines: 1 });
    await expectFitsPhone(page);
  });

  test("the secretariat's statistics fit 1280 px without scrolling, every Japanese heading on one line", async () => {
    const page = await newPage(browser, server);
    await signInInBrowser(page, secretariatEmail);
    await page.goto(`/platforms/${platformId}/admin/stats`);
    await shoot(page, 'tables-stats');

    // Eleven columns of numbers: their English may go under the Japanese, the Japanese stays whole.
    const headings = await lineCounts(page, 'table thead th', 'japanese');
    expect(headings.map((h) => h.text)).toEqual(
      expect.arrayContaining(['ご提案', '一方が承諾済み', '連携は成立しなかった']),
    );
    for (const h of headings) expect(h, h.text).toMatchObject({ lines: 1 });
    for (const h of await lineCounts(page, 'table thead th:not(.num)'))
      expect(h, h.text).toMatchObject({ lines: 1 });
    const scrolling = await page.evaluate(
      `[...document.querySelectorAll('.table-wrap')].filter((w) => w.scrollWidth > w.clientWidth).length`,
    );
    expect(scrolling).toBe(0);
    await expectFitsPhone(page);
  });

  test('the HTML served above passes the W3C Nu HTML checker (with the secretariat home and a need with its introductions)', async () => {
    const page = await newPage(browser, server);
    await signInInBrowser(page, owner.session.email);
    await page.goto(`/needs/${needId}`);
    await page.getByRole('heading', { name: /この掲載へのつながりのご提案/ }).waitFor();
    await page.goto(`/platforms/${platformId}/join?organization=${owner.org.id}`);
    await expectValidServedHtml();
  });
});
