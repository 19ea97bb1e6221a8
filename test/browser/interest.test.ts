import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Need, Offer } from '#domain';
import type { Email } from '#local';
import {
  consoleErrors,
  expectAccessible,
  expectFitsPhone,
  isCspViolation,
  newPage,
  shoot,
  signInInBrowser,
  startServerAndBrowser,
  type TestServer,
} from '#test/browser';
import { isIntroductionMail, type Member, uniqueEmail } from '#test/harness';

// 関心がある in Debian's Chromium (issue 19), as an NPO and a company live it: the NPO types a
// word in half-width kana (ﾌｰﾄﾞﾊﾞﾝｸ) on its platform's search and finds the company's offer of
// フードバンク food; from the weekly digest's link it opens the offer and sends 関心がある with
// its need and a message; the company accepts from the proposal mail's link without signing in;
// then both see the other's contact on the introduction's page. The search, the form, the
// company's answer page and the connected introduction are checked with axe-core and at 375 px,
// and shot at 1280 and 375 px. The steps depend on each other and run in order.

let server: TestServer;
let browser: Browser;
let close: (() => Promise<void>) | undefined;
let platformId: string;

const people = {
  secretariat: uniqueEmail('interest-jimukyoku'),
  npo: {
    email: uniqueEmail('interest-npo'),
    org: 'NPO法人 みんなの食卓かわぐち',
    contact: uniqueEmail('shokutaku'),
  },
  company: {
    email: uniqueEmail('interest-company'),
    org: '株式会社さいたま食品',
    contact: uniqueEmail('saitama-foods'),
  },
};
const MESSAGE = '毎月第2・第4土曜日の子ども食堂で、お米と野菜を使わせていただけると助かります。';

const pages = {} as Record<'npo' | 'company', Page>;
const errors = new Map<Page, string[]>();
let npo: Member;
let company: Member;
let need: Need;
let offer: Offer;
let matchPath: string;

beforeAll(async () => {
  ({ server, browser, close } = await startServerAndBrowser());
  const h = server.harness;
  platformId = await h.platform({ name: '川口市 つながりプラットフォーム' }, [people.secretariat]);
  const secretariat = await h.signIn(people.secretariat);
  npo = await h.member(platformId, secretariat, 'interest-npo', {
    name: people.npo.org,
    contact: { name: '川口 花子', email: people.npo.contact },
  });
  company = await h.member(platformId, secretariat, 'interest-company', {
    name: people.company.org,
    legalForm: 'company',
    contact: { name: '浦和 太郎', email: people.company.contact },
  });
  await h.confirmContact(npo.org);
  await h.confirmContact(company.org);
  need = await h.postNeed(npo.session, platformId, npo.org.id, {
    kind: 'goods',
    title: '子ども食堂の食材を探しています',
    description: '月2回、30食分のお米や野菜をご提供いただける方を探しています。',
    capacity: { quantity: 30, unit: 'kg' },
  });
  offer = await h.postOffer(company.session, platformId, company.org.id, {
    kind: 'goods',
    title: 'フードバンクの食品を毎月お届けします',
    description: '賞味期限の近いお米・缶詰・野菜を、市内の団体に毎月お届けします。',
    capacity: { quantity: 100, unit: 'kg' },
  });
  for (const who of ['npo', 'company'] as const) {
    pages[who] = await newPage(browser, server);
    errors.set(pages[who], consoleErrors(pages[who]));
  }
});

afterAll(async () => {
  await close?.();
});

async function check(page: Page, name: string): Promise<void> {
  await expectAccessible(page);
  await expectFitsPhone(page);
  await shoot(page, name);
}

/** Introduction mails (not confirmations or membership mails) to `to`, once the outbox is sent. */
async function mailsTo(to: string): Promise<Email[]> {
  await server.harness.drain();
  return (await server.harness.mails(to)).filter(isIntroductionMail);
}

const linkIn = (mail: Email, pattern: RegExp): string => {
  const found = (mail.body.text ?? '').match(pattern);
  if (!found) throw new Error(`no link ${pattern} in "${mail.subject}"`);
  return found[0];
};

describe('関心がある, from a half-width kana search to both sides seeing contacts', () => {
  test('the NPO finds the offer by typing ﾌｰﾄﾞﾊﾞﾝｸ in the search', async () => {
    const page = pages.npo;
    await signInInBrowser(page, npo.session.email);
    await page.goto(`/platforms/${platformId}/search`);
    await page.getByLabel('キーワード').fill('ﾌｰﾄﾞﾊﾞﾝｸ');
    await page.getByRole('button', { name: '検索する' }).click();
    await page.getByText(/条件に合う掲載：1件/).waitFor();
    await page.getByRole('link', { name: offer.title }).waitFor();
    await check(page, 'search-half-width-kana');
  });

  test('from the digest’s link it opens the offer and sends 関心がある with its need and a message', async () => {
    const h = server.harness;
    const secretariat = await h.signIn(people.secretariat);
    const run = await h.request(`/v1/platforms/${platformId}/runs/digest`, {
      method: 'POST',
      as: secretariat,
    });
    expect(run.status).toBe(200);
    const digest = (await mailsTo(npo.session.email)).find((m) => m.body.text?.includes(offer.title));
    expect(digest, 'the NPO’s weekly digest lists the new offer').toBeDefined();
    const link = linkIn(digest!, new RegExp(`${server.url}/offers/${offer.id}\\b`));

    const page = pages.npo;
    await page.goto(link);
    await page.getByRole('heading', { name: offer.title }).waitFor();
    await page.getByRole('link', { name: '関心がある' }).click();
    await page.getByRole('heading', { name: '関心がある' }).waitFor();
    await page
      .getByLabel(/関係する貴団体のニーズ/)
      .selectOption({ label: `${need.title}（${people.npo.org}）` });
    await page.getByLabel(/先方へのメッセージ/).fill(MESSAGE);
    await check(page, 'interest-form');
    await page.getByRole('button', { name: '関心がある' }).click();
    await page.getByText('お申し出を送りました。').waitFor();
    matchPath = new URL(page.url()).pathname;
    expect(matchPath).toMatch(/^\/matches\/[0-9A-Z]{26}$/);
    // No contact of the company yet.
    expect(await page.content()).not.toContain(people.company.contact);
  });

  test('the company accepts from its mail without signing in; both then see the other’s contact', async () => {
    const [proposal, ...more] = await mailsTo(people.company.contact);
    expect(more).toHaveLength(0);
    expect(proposal!.subject).toContain('つながりのお申し出');
    expect(proposal!.body.text).toContain(MESSAGE);
    const accept = linkIn(proposal!, new RegExp(`${server.url}/respond\\?token=[A-Za-z0-9._-]+`));

    const page = pages.company;
    await page.goto(accept);
    // What is asked, before the button: both postings, both organisations, the message.
    for (const text of [offer.title, need.title, people.npo.org, MESSAGE])
      await page.getByText(text).first().waitFor();
    await check(page, 'interest-answer-from-mail');
    await page.getByRole('button', { name: /承諾する/ }).click();
    await page.getByText('双方が承諾しました。お互いの連絡先をメールでお送りしました。').waitFor();

    // The NPO's page now shows the company's contact; the company, signed in, sees the NPO's.
    await pages.npo.goto(matchPath);
    await pages.npo.getByText(people.company.contact).first().waitFor();
    // Its own message, told apart from one it received.
    await pages.npo.getByRole('heading', { name: '貴団体からお送りしたメッセージ' }).waitFor();
    await check(pages.npo, 'interest-connected');
    await signInInBrowser(page, company.session.email);
    await page.goto(matchPath);
    await page.getByText(people.npo.contact).first().waitFor();
    await page.getByText(MESSAGE).waitFor();

    for (const [p, list] of errors)
      expect(
        list.filter((e) => !isCspViolation(e)),
        p.url(),
      ).toEqual([]);
  });
});
