import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Email } from '#local';
import { parseFrom } from '#mail';
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
import { isMembershipMail, type Session, uniqueEmail } from '#test/harness';

// A platform's membership in Debian's Chromium, as its secretariat and an applicant live it: the
// secretariat gives its contact and defines its application form (two questions, two consents as
// in Saitama's form, and what a tier is for);
// a new organisation sees them on the join form, is told clearly what it left out, answers and
// applies; the secretariat reads the answers and the consents on the application and approves;
// the applicant's approval mail arrives in SES local in the secretariat's voice. A second
// application is declined with a reason, which the decline mail carries. The editor, the join
// form and the application as the secretariat sees it are checked with axe-core and at 375 px,
// and shot at 1280 and 375 px. The steps depend on each other and run in order.

let server: TestServer;
let browser: Browser;
let close: (() => Promise<void>) | undefined;
let platformId: string;

const PLATFORM = '川口市 孤独・孤立対策官民連携プラットフォーム';
const CONTACT = {
  name: '川口市つながり推進課（プラットフォーム事務局）',
  email: 'tsunagari@city.kawaguchi.example.jp',
  phone: '048-258-1110',
};
const QUESTIONS = {
  text: { ja: '代表者のお名前', answer: '川口 一郎' },
  choice: {
    ja: '主な活動分野',
    options: ['居場所づくり', '相談窓口', '食支援'],
    answer: '食支援',
  },
};
const CONSENTS = [
  {
    purpose: '会員名簿への情報共有',
    ja: '当団体の名称・所在地・担当者の連絡先を、会員名簿として他の会員団体と共有することに同意します。',
  },
  {
    purpose: '反社会的勢力でないことの表明',
    ja: '当団体は、暴力団その他の反社会的勢力ではなく、これらと関係を持たないことを表明します。',
  },
];
/** Each consent's box on the join form names what it agrees to: two boxes are told apart. */
const consentLabel = (c: (typeof CONSENTS)[number]) => `上記の「${c.purpose}」に同意します（必須）`;

const people = {
  secretariat: { email: uniqueEmail('jimukyoku') },
  applicant: { email: uniqueEmail('applicant'), org: 'NPO法人 かわぐち食卓の会', contact: '川口 花子' },
  declined: { email: uniqueEmail('declined'), org: '任意団体 ひだまりサロン' },
};
const TIER = {
  name: '賛助会員',
  description: '活動を資金や物品、場所の提供で応援してくださる企業・団体の方向けです。',
};
const REASON = '今年度の受け付けは市内で活動する団体に限らせていただいております。';

const pages = {} as Record<'secretariat' | 'applicant', Page>;
const errors = new Map<Page, string[]>();
let applicantOrgId: string;

beforeAll(async () => {
  ({ server, browser, close } = await startServerAndBrowser());
  // The operator creates the platform and names its secretariat (npm run platform).
  platformId = await server.harness.platform({ name: PLATFORM }, [people.secretariat.email]);
  for (const who of ['secretariat', 'applicant'] as const) {
    pages[who] = await newPage(browser, server);
    errors.set(pages[who], consoleErrors(pages[who]));
  }
});

afterAll(async () => {
  await close?.();
});

/** axe, 375 px and screenshots at 1280 and 375 px. */
async function check(page: Page, name: string): Promise<void> {
  await expectAccessible(page);
  await expectFitsPhone(page);
  await shoot(page, name);
}

/** The membership mails SES local holds for `to` whose subject has `subject`, once the outbox is sent. */
async function membershipMailsTo(to: string, subject: string): Promise<Email[]> {
  await server.harness.drain();
  return (await server.harness.mails(to)).filter((m) => isMembershipMail(m) && m.subject.includes(subject));
}

/** The platform secretariat's voice in a mail: From its name, Reply-To its address, its contact last. */
function expectSecretariatVoice(mail: Email): void {
  expect(parseFrom(mail.from).name).toBe(CONTACT.name);
  expect(mail.replyTo).toEqual([CONTACT.email]);
  const text = mail.body.text ?? '';
  const tail = text.slice(text.lastIndexOf('お問い合わせ先'));
  expect(tail).toContain(CONTACT.name);
  expect(tail).toContain(CONTACT.email);
  expect(tail).toContain(CONTACT.phone);
}

/** The card of an application on the secretariat's page, by the organisation's name. */
const applicationCard = (page: Page, org: string): Locator =>
  page.locator('li.card', { has: page.getByRole('heading', { name: org, exact: true }) });

describe('a platform’s own application form, from defining it to the approval mail', () => {
  test('the secretariat gives its contact, then adds two questions and two consents', async () => {
    const page = pages.secretariat;
    await signInInBrowser(page, people.secretariat.email);
    await page.goto(`/platforms/${platformId}/admin`);

    await page.getByRole('link', { name: '事務局の連絡先' }).click();
    await page
      .getByRole('textbox', { name: /^事務局名/ })
      .first()
      .fill(CONTACT.name);
    await page.getByRole('textbox', { name: /^メールアドレス/ }).fill(CONTACT.email);
    await page.getByRole('textbox', { name: /^電話番号/ }).fill(CONTACT.phone);
    await page.getByRole('button', { name: /^保存する/ }).click();
    await page.getByText('事務局の連絡先を保存しました。').waitFor();

    await page.getByRole('link', { name: '申込書', exact: true }).click();
    await page.waitForURL(`**/platforms/${platformId}/admin/application-form`);
    await page.getByRole('heading', { name: '質問（0件）' }).waitFor();
    // The form to add one is always the last of its kind on the page.
    const addQuestion = () => page.locator('form[action$="/application-form/questions"]').last();
    const addConsent = () => page.locator('form[action$="/application-form/consents"]').last();

    let form = addQuestion();
    await form.getByLabel('回答の形式').selectOption({ label: '記述式' });
    await form.getByLabel('質問（日本語）').fill(QUESTIONS.text.ja);
    await form.getByLabel('回答を必須にする').check();
    await form.getByRole('button', { name: '追加する' }).click();
    await page.getByText('質問を保存しました。').waitFor();
    await page.getByRole('heading', { name: '質問（1件）' }).waitFor();

    // A choice question without options is refused next to the field, the rest kept as typed.
    form = addQuestion();
    await form.getByLabel('回答の形式').selectOption({ label: '選択式（ひとつ）' });
    await form.getByLabel('質問（日本語）').fill(QUESTIONS.choice.ja);
    await form.getByLabel('回答を必須にする').check();
    await form.getByRole('button', { name: '追加する' }).click();
    form = addQuestion();
    await form.locator('.field.has-error').getByText('選択肢を2つ以上入力してください').waitFor();
    expect(await form.getByLabel('質問（日本語）').inputValue()).toBe(QUESTIONS.choice.ja);
    await form.getByLabel('選択肢').fill(QUESTIONS.choice.options.join('\n'));
    await form.getByRole('button', { name: '追加する' }).click();
    await page.getByText('質問を保存しました。').waitFor();
    await page.getByRole('heading', { name: '質問（2件）' }).waitFor();

    for (const [i, consent] of CONSENTS.entries()) {
      form = addConsent();
      await form.getByLabel('種類').selectOption({ label: consent.purpose });
      await form.getByLabel('文面（日本語）').fill(consent.ja);
      // Required unless the secretariat says otherwise.
      expect(await form.getByLabel('同意を必須にする').isChecked()).toBe(true);
      await form.getByRole('button', { name: '追加する' }).click();
      await page.getByText('同意事項を保存しました。', { exact: false }).waitFor();
      await page.getByRole('heading', { name: `同意事項（${i + 1}件）` }).waitFor();
    }
    expect(await page.getByText(/^第1版（/).count()).toBe(2);

    // What each tier is for, for applicants to choose.
    await page.getByLabel(`「${TIER.name}」の説明（日本語）`).fill(TIER.description);
    await page.getByRole('button', { name: '説明を保存する' }).click();
    await page.getByText('会員区分の説明を保存しました。').waitFor();

    // What was saved is what the page shows back.
    const saved = page.locator('ol.cards form[action$="/questions"]');
    expect(await saved.count()).toBe(2);
    expect(await saved.nth(0).getByLabel('質問（日本語）').inputValue()).toBe(QUESTIONS.text.ja);
    expect(await saved.nth(1).getByLabel('選択肢').inputValue()).toBe(QUESTIONS.choice.options.join('\n'));
    await check(page, 'application-form-editor');
  });

  test('a new organisation sees them on the join form, is told what it left out, then applies', async () => {
    const h = server.harness;
    const session: Session = await h.signIn(people.applicant.email);
    const org = await h.organization(session, {
      name: people.applicant.org,
      contact: { name: people.applicant.contact, email: people.applicant.email },
    });
    applicantOrgId = org.id;

    const page = pages.applicant;
    await signInInBrowser(page, people.applicant.email, { name: { name: people.applicant.contact } });
    await page.goto(`/platforms/${platformId}/join`);
    await page.getByRole('heading', { name: '参加を申し込む' }).waitFor();

    // The platform's questions and consents, and no tier chosen for the applicant.
    const textAnswer = page.getByRole('textbox', { name: new RegExp(`^${QUESTIONS.text.ja}`) });
    const choice = page.getByRole('group', { name: new RegExp(`^${QUESTIONS.choice.ja}`) });
    await textAnswer.waitFor();
    for (const option of QUESTIONS.choice.options) await choice.getByLabel(option).waitFor();
    for (const c of CONSENTS) await page.getByText(c.ja).waitFor();
    expect(await page.locator(`dl.tiers dt:text-is("${TIER.name}") + dd`).textContent()).toBe(
      TIER.description,
    );
    const consentBoxes = CONSENTS.map((c) => page.getByLabel(consentLabel(c), { exact: true }));
    for (const box of consentBoxes) expect(await box.isChecked()).toBe(false);
    const tiers = page.getByRole('group', { name: /^会員区分/ }).getByRole('radio');
    expect(await tiers.count()).toBeGreaterThan(1);
    for (const radio of await tiers.all()) expect(await radio.isChecked()).toBe(false);
    await check(page, 'join-form-with-questions');

    // The tier and the free text, but neither the choice nor the consents.
    await page.getByRole('radio', { name: TIER.name }).check();
    await textAnswer.fill(QUESTIONS.text.answer);
    await page.getByRole('button', { name: /^申し込む/ }).click();
    const summary = page.getByRole('alert').filter({ has: page.locator('#error-summary-title') });
    await summary.waitFor();
    // One line for each, each consent by what it is about.
    expect(await summary.getByRole('link').allTextContents()).toEqual([
      `${QUESTIONS.choice.ja}：回答してください（必須の質問です）。`,
      ...CONSENTS.map((c) => `${consentLabel(c)}：同意が必要です。`),
    ]);
    await page
      .locator('fieldset.has-error', { has: page.getByText(QUESTIONS.choice.ja) })
      .getByText('回答してください（必須の質問です）。')
      .waitFor();
    // Each box left empty says so to assistive technology too: invalid, described by its message.
    for (const box of consentBoxes) {
      expect(await box.getAttribute('aria-invalid')).toBe('true');
      const describedBy = (await box.getAttribute('aria-describedby')) ?? '';
      expect(await page.locator(`[id="${describedBy}"]`).textContent()).toBe('同意が必要です。');
    }
    // Nothing in English on a Japanese page, and what was typed or chosen is kept.
    expect(await page.locator('.field-error').allTextContents()).not.toContainEqual(
      expect.stringMatching(/[A-Za-z]{3}/),
    );
    expect(await textAnswer.inputValue()).toBe(QUESTIONS.text.answer);
    expect(await page.getByRole('radio', { name: TIER.name }).isChecked()).toBe(true);
    expect(new URL(page.url()).pathname).toBe(`/platforms/${platformId}/join`);
    await check(page, 'join-form-missing-answers');

    await choice.getByLabel(QUESTIONS.choice.answer).check();
    for (const box of consentBoxes) await box.check();
    await page.getByRole('button', { name: /^申し込む/ }).click();
    await page.getByText('申し込みました。事務局の承認をお待ちください。').waitFor();
    expect(new URL(page.url()).pathname).toBe(`/organizations/${applicantOrgId}`);
  });

  test('the secretariat sees the answers and the consents on the application, and approves', async () => {
    const page = pages.secretariat;
    await page.getByRole('link', { name: '参加申請・会員' }).click();
    await page.getByRole('heading', { name: '承認待ちの参加申請（1件）' }).waitFor();
    // Told by mail as well: the secretariat's notice of the new application.
    expect(await membershipMailsTo(people.secretariat.email, '新しい参加申請が届きました')).toHaveLength(1);
    const card = applicationCard(page, people.applicant.org);
    const fact = (term: string) => card.locator(`dt:text-is("${term}") + dd`);
    expect(await fact('希望する区分').textContent()).toBe(TIER.name);
    expect(await fact(QUESTIONS.text.ja).textContent()).toBe(QUESTIONS.text.answer);
    expect(await fact(QUESTIONS.choice.ja).textContent()).toBe(QUESTIONS.choice.answer);
    // Each consent with its version and time, and the text as the applicant read it.
    for (const c of CONSENTS) {
      const given = fact(c.purpose);
      expect(await given.textContent()).toMatch(/^同意あり ・ v1 ・ \d{4}\/\d{2}\/\d{2} \d{2}:\d{2}/);
      await given.getByText('同意した文面').click();
      await given.getByText(c.ja).waitFor();
    }
    await check(page, 'application-as-the-secretariat-sees-it');

    await card.getByRole('button', { name: '承認する' }).click();
    await page.getByText(`${people.applicant.org}を承認しました。`).waitFor();
    await page.getByText('承認待ちの申請はありません。').waitFor();
    await page.getByRole('rowheader', { name: people.applicant.org }).waitFor();
  });

  test('the applicant gets the approval mail, from the platform’s secretariat', async () => {
    const subject = '参加申請が承認されました';
    const mails = await membershipMailsTo(people.applicant.email, subject);
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expect(mail.subject).toBe(`【${PLATFORM}】${subject}：${people.applicant.org}`);
    expect(mail.destination.to).toEqual([people.applicant.email]);
    expectSecretariatVoice(mail);
    const text = mail.body.text ?? '';
    expect(text).toContain(`${people.applicant.org}の${PLATFORM}への参加を承認いたしました`);
    expect(text).toContain(`会員区分：${TIER.name}`);
    expect(text).toContain(`${server.url}/platforms/${platformId}`);
    // The receipt came first, and nothing else about the membership.
    const all = (await server.harness.mails(people.applicant.email)).filter(isMembershipMail);
    expect(all.map((m) => m.subject)).toEqual([
      expect.stringContaining('参加申請を受け付けました'),
      mail.subject,
    ]);
  });

  test('another application is declined with a reason, and the decline mail carries it', async () => {
    const h = server.harness;
    const session = await h.signIn(people.declined.email);
    const org = await h.organization(session, {
      name: people.declined.org,
      contact: { name: '日野 陽子', email: people.declined.email },
    });
    await h.apply(session, platformId, org.id);

    const page = pages.secretariat;
    await page.reload();
    const card = applicationCard(page, people.declined.org);
    await card.getByLabel(/お断りの理由/).fill(REASON);
    // The button asks first (the applicant is told by mail); the secretariat says yes.
    const asked = new Promise<string>((resolve) =>
      page.once('dialog', (dialog) => {
        resolve(dialog.message());
        void dialog.accept();
      }),
    );
    await card.getByRole('button', { name: 'お断りする' }).click();
    expect(await asked).toContain(`${people.declined.org} の参加申請をお断りします`);
    await page.getByText(`${people.declined.org}の参加申請をお断りしました。`).waitFor();
    expect(await applicationCard(page, people.declined.org).count()).toBe(0);

    const mails = await membershipMailsTo(people.declined.email, '参加申請についてのご連絡');
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expect(mail.destination.to).toEqual([people.declined.email]);
    expectSecretariatVoice(mail);
    expect(mail.body.text).toContain(REASON);
    expect(mail.body.text).toContain(PLATFORM);
  });

  test('no page had anything blocked by the CSP or a script error', () => {
    const all = [...errors.values()].flat();
    expect(all.filter(isCspViolation)).toEqual([]);
    expect(all.filter((e) => e.startsWith('uncaught'))).toEqual([]);
  });

  test('the HTML served for every page view passes the W3C Nu HTML checker', async () => {
    await expectValidServedHtml();
  });
});
