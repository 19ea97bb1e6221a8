import { beforeAll, describe, expect, it } from 'vitest';
import { runMatchRound } from '#batch';
import { type Membership, outboxMessage, type Platform } from '#domain';
import type { Email } from '#local';
import { parseFrom } from '#mail';
import { createHarness, expectProblem, type Harness, jsonOf, type Session, uniqueEmail } from '#test/harness';

// The membership's lifecycle in mail, and the platform secretariat's voice in every platform
// mail (docs/mail.md): read from SES local as a member would get them.

const SECRETARIAT_NAME = 'さいたま市 孤独・孤立対策官民連携プラットフォーム事務局';
const CONTACT = {
  name: SECRETARIAT_NAME,
  nameEn: 'Saitama City Loneliness Platform Secretariat',
  email: 'kodoku-koritsu@city.saitama.example.jp',
  phone: '048-829-0000',
  address: '〒330-9588\nさいたま市浦和区常盤6-4-4',
  hours: '平日 8:30〜17:15',
};

let h: Harness;
let platformId: string;
let secretariat: Session;
let secretariatEmail: string;
let mailFromAddress: string;

const header = (mail: Email, name: string) =>
  mail.headers?.find((x) => x.name.toLowerCase() === name.toLowerCase())?.value;

const path = (orgId: string, action = '') =>
  `/v1/platforms/${platformId}/memberships/${orgId}${action ? `/${action}` : ''}`;

const decide = (orgId: string, action: string, as: Session = secretariat, json?: unknown) =>
  h.request(path(orgId, action), { method: 'POST', as, ...(json ? { json } : {}) });

/** Sends what is due, then the mails to this address whose subject has `subject`. */
async function mailsTo(to: string, subject?: string): Promise<Email[]> {
  await h.drain();
  return (await h.mails(to)).filter((m) => subject === undefined || m.subject.includes(subject));
}

/** The platform secretariat's voice: From its name at MAIL_FROM's address, Reply-To it, its contact last. */
function expectSecretariatVoice(mail: Email, lang: 'ja' | 'en' = 'ja') {
  const from = parseFrom(mail.from);
  expect(from).toEqual({ name: lang === 'en' ? CONTACT.nameEn : SECRETARIAT_NAME, address: mailFromAddress });
  expect(mail.from).toMatch(/^=\?UTF-8\?B\?|^"/); // 7-bit: SES takes no raw UTF-8 in the From
  expect(mail.from).toMatch(/^[\x20-\x7e]+$/);
  expect(mail.replyTo).toEqual([CONTACT.email]);
  const text = mail.body.text ?? '';
  const tail = text.slice(text.lastIndexOf(lang === 'en' ? 'Contact:' : 'お問い合わせ先:'));
  expect(tail).toContain(lang === 'en' ? CONTACT.nameEn : SECRETARIAT_NAME);
  expect(tail).toContain(CONTACT.email);
  expect(tail).toContain(CONTACT.phone);
  expect(tail).toContain('さいたま市浦和区常盤6-4-4');
  expect(tail).toContain(CONTACT.hours);
  expect(mail.body.html).toContain(`href="tel:0488290000"`);
  expect(mail.body.html).toContain(`mailto:${CONTACT.email}`);
}

beforeAll(async () => {
  h = await createHarness();
  mailFromAddress = /<([^>]+)>/.exec(h.config.mailFrom)?.[1] ?? h.config.mailFrom;
  secretariatEmail = uniqueEmail('jimukyoku');
  platformId = await h.platform(
    {
      name: 'さいたま市 孤独・孤立対策官民連携プラットフォーム',
      nameEn: 'Saitama City Platform',
      scope: { prefectures: ['11'], municipalities: [] },
      tiers: [
        { id: 'kanji', ja: '幹事団体', en: 'Steering member' },
        { id: 'ippan', ja: '一般団体', en: 'General member' },
      ],
    },
    [secretariatEmail],
  );
  secretariat = await h.signIn(secretariatEmail);
  const platform = await jsonOf<Platform>(await h.request(`/v1/platforms/${platformId}`));
  const saved = await jsonOf<Platform>(
    await h.request(`/v1/platforms/${platformId}`, {
      method: 'PATCH',
      as: secretariat,
      json: { version: platform.version, contact: CONTACT },
    }),
  );
  expect(saved.contact).toEqual(CONTACT);
});

/** A new person owning a new organisation (mail goes to the owner while its contact is unconfirmed). */
async function newOrganization(label: string, language?: 'en') {
  const session = await h.signIn(uniqueEmail(label));
  if (language) {
    expect((await h.request('/v1/me', { method: 'PATCH', as: session, json: { language } })).status).toBe(
      200,
    );
  }
  const org = await h.organization(session, { name: `${label} 子ども食堂` });
  return { session, org };
}

describe('applying', () => {
  it('tells the secretariat and sends the applicant a receipt, each once', async () => {
    const { session, org } = await newOrganization('apply');
    const before = (await mailsTo(secretariatEmail, '新しい参加申請')).length;

    const res = await h.request(`/v1/platforms/${platformId}/memberships`, {
      method: 'POST',
      as: session,
      json: { organizationId: org.id, tier: 'ippan', message: '居場所づくりで連携したいです。' },
    });
    expect(res.status).toBe(201);

    const notices = (await mailsTo(secretariatEmail, '新しい参加申請')).slice(before);
    expect(notices).toHaveLength(1);
    const notice = notices[0]!;
    expect(notice.subject).toBe(
      `【さいたま市 孤独・孤立対策官民連携プラットフォーム】新しい参加申請が届きました：${org.name}`,
    );
    expect(notice.body.text).toContain('希望する区分：一般団体');
    expect(notice.body.text).toContain('居場所づくりで連携したいです。');
    expect(notice.body.text).toContain(`/platforms/${platformId}/admin/memberships`);
    expectSecretariatVoice(notice);

    const receipts = await mailsTo(session.email, '参加申請を受け付けました');
    expect(receipts).toHaveLength(1);
    expect(receipts[0]!.destination.to).toEqual([session.email]);
    expectSecretariatVoice(receipts[0]!);
    // Membership mail is not bulk mail: no unsubscribe header.
    expect(header(receipts[0]!, 'List-Unsubscribe')).toBeUndefined();

    // Sending again finds nothing new.
    await h.drain();
    expect(await mailsTo(session.email, '参加申請を受け付けました')).toHaveLength(1);
  });
});

describe('the secretariat deciding', () => {
  it('approves: the applicant is told its tier and what to do next, once, even when the approval is retried', async () => {
    const { session, org } = await newOrganization('approve');
    await h.apply(session, platformId, org.id);

    const answers = await Promise.all(
      [1, 2, 3].map(() => decide(org.id, 'approve', secretariat, { tier: 'kanji' })),
    );
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    expect((await decide(org.id, 'approve')).status).toBe(409);

    const approved = await mailsTo(session.email, '参加申請が承認されました');
    expect(approved).toHaveLength(1);
    expect(approved[0]!.body.text).toContain('会員区分：幹事団体');
    expect(approved[0]!.body.text).toContain('次のステップ');
    expectSecretariatVoice(approved[0]!);
  });

  it('writes to an English reader in English, from the English name', async () => {
    const { session, org } = await newOrganization('english', 'en');
    await h.apply(session, platformId, org.id);
    await jsonOf<Membership>(await decide(org.id, 'approve'));

    const mails = await mailsTo(session.email);
    const approved = mails.find((m) => m.subject.includes('approved'))!;
    expect(approved.subject).toBe(`[Saitama City Platform] Your application has been approved: ${org.name}`);
    expect(approved.body.text).toContain('tier: Steering member');
    expect(approved.body.text).not.toMatch(/承認/);
    expectSecretariatVoice(approved, 'en');
  });

  it('declines with the reason the secretariat typed, worded as declining; the organisation may apply again', async () => {
    const { session, org } = await newOrganization('decline');
    await h.apply(session, platformId, org.id);
    const reason =
      '今回は市外で活動されている団体のため、見送らせていただきました。\n市内での活動が始まりましたら、ぜひご相談ください。';

    const declined = await jsonOf<Membership>(await decide(org.id, 'decline', secretariat, { reason }));
    expect(declined).toMatchObject({ status: 'declined', reason });
    await expectProblem(await decide(org.id, 'decline', secretariat, { reason }), 409, 'membership-state');
    await expectProblem(await decide(org.id, 'approve'), 409, 'membership-state');

    const mails = await mailsTo(session.email, '参加申請についてのご連絡');
    expect(mails).toHaveLength(1);
    const text = mails[0]!.body.text ?? '';
    expect(text).toContain('今回は参加を見送らせていただく');
    expect(text).toContain('事務局からのコメント');
    expect(text).toContain(reason);
    expect(text).not.toContain('一時停止');
    expect(mails[0]!.body.html).toContain('市内での活動が始まりましたら');
    expectSecretariatVoice(mails[0]!);

    // Applying again: pending, the reason gone, a second receipt (a new application).
    const again = await jsonOf<Membership>(
      await h.request(`/v1/platforms/${platformId}/memberships`, {
        method: 'POST',
        as: session,
        json: { organizationId: org.id, tier: 'ippan' },
      }),
      201,
    );
    expect(again.status).toBe('pending');
    expect(again.reason).toBeUndefined();
    expect(await mailsTo(session.email, '参加申請を受け付けました')).toHaveLength(2);
  });

  it('declines without a reason, and refuses a reason on any other decision', async () => {
    const { session, org } = await newOrganization('decline-plain');
    await h.apply(session, platformId, org.id);
    await expectProblem(await decide(org.id, 'approve', secretariat, { reason: 'ようこそ' }), 400);

    await jsonOf<Membership>(await decide(org.id, 'decline'));

    const [mail] = await mailsTo(session.email, '参加申請についてのご連絡');
    expect(mail!.body.text).not.toContain('事務局からのコメント');
  });

  it('suspends only an approved member, resumes it and tells it each time; a withdrawal is confirmed', async () => {
    const { session, org } = await newOrganization('suspend');
    await h.apply(session, platformId, org.id);
    await expectProblem(await decide(org.id, 'suspend'), 409, 'membership-state');
    await jsonOf<Membership>(await decide(org.id, 'approve'));

    await jsonOf<Membership>(await decide(org.id, 'suspend'));
    await jsonOf<Membership>(await decide(org.id, 'approve'));
    await jsonOf<Membership>(await decide(org.id, 'withdraw', session));

    const mails = (await mailsTo(session.email)).filter((m) => !m.subject.includes('サインイン'));
    const subjects = mails.map((m) => m.subject.replace(/^【[^】]+】/, ''));
    expect(subjects.sort()).toEqual(
      [
        `参加申請を受け付けました：${org.name}`,
        `参加申請が承認されました：${org.name}`,
        `会員資格を一時停止しました：${org.name}`,
        `会員資格の一時停止を解除しました：${org.name}`,
        `退会の手続きが完了しました：${org.name}`,
      ].sort(),
    );
    for (const mail of mails) expectSecretariatVoice(mail);
  });

  it('writes nothing, mail included, when the change is refused', async () => {
    const { session, org } = await newOrganization('stale');
    await h.apply(session, platformId, org.id);
    const before = await h.ctx.store.outbox.pending(1000);

    await expectProblem(await decide(org.id, 'suspend'), 409, 'membership-state');

    expect((await h.ctx.store.outbox.pending(1000)).items.length).toBe(before.items.length);
    expect(await mailsTo(session.email, '一時停止')).toHaveLength(0);
  });
});

describe('every mail of the platform speaks as its secretariat', () => {
  it('proposals and the digest come from the secretariat, reply to it, end with its contact and keep RFC 8058', async () => {
    const npo = await h.member(platformId, secretariat, 'npo');
    const company = await h.member(platformId, secretariat, 'company');
    await h.postNeed(npo.session, platformId, npo.org.id);
    await h.postOffer(company.session, platformId, company.org.id);
    expect((await runMatchRound(h.ctx, platformId)).written).toBe(1);

    const [proposal] = await mailsTo(npo.session.email, 'つながりのご提案');
    expect(proposal, 'proposal mail').toBeDefined();
    expectSecretariatVoice(proposal!);
    expect(header(proposal!, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect(header(proposal!, 'List-Unsubscribe')).toMatch(
      /^<http:\/\/tsunagu\.test\/v1\/unsubscribe\?token=/,
    );

    const news = await h.request(`/v1/platforms/${platformId}/news`, {
      method: 'POST',
      as: secretariat,
      json: { kind: 'news', title: '年末年始の窓口について', body: '12月29日から1月3日まで休みます。' },
    });
    expect(news.status).toBe(201);
    const run = await h.request(`/v1/platforms/${platformId}/runs/digest`, {
      method: 'POST',
      as: secretariat,
    });
    expect(run.status).toBe(200);
    const digests = (await mailsTo(company.session.email)).filter((m) =>
      m.body.text?.includes('年末年始の窓口'),
    );
    expect(digests).toHaveLength(1);
    expectSecretariatVoice(digests[0]!);
    expect(header(digests[0]!, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
  });

  it('falls back to the platform name + 事務局 and no Reply-To on a platform without a contact', async () => {
    const otherSecretariat = uniqueEmail('other-jimukyoku');
    const other = await h.platform({ name: '山形県 つながりプラットフォーム' }, [otherSecretariat]);
    const { session, org } = await newOrganization('plain');
    await h.apply(session, other, org.id);

    const [receipt] = await mailsTo(session.email, '参加申請を受け付けました');
    expect(parseFrom(receipt!.from)).toEqual({
      name: '山形県 つながりプラットフォーム事務局',
      address: mailFromAddress,
    });
    expect(receipt!.replyTo).toEqual([]);
    expect(receipt!.body.text).toContain('お問い合わせ先: 山形県 つながりプラットフォーム事務局');
  });

  it("keeps the service's own From on mail of no platform, and sends a message stored before these fields", async () => {
    const email = uniqueEmail('sign-in');
    await h.signIn(email);
    const [link] = await h.mails(email);
    expect(link!.from).toBe(h.config.mailFrom);
    expect(link!.replyTo).toEqual([]);

    const to = uniqueEmail('old-message');
    const old = outboxMessage(
      `test#old#${to}`,
      'introduction',
      { to, subject: 'stored before', text: 'text', html: '<p>html</p>' },
      h.ctx.now().toISOString(),
    );
    expect(old).not.toHaveProperty('fromName');
    await h.ctx.store.outbox.enqueue([old]);
    const [sent] = await mailsTo(to);
    expect(sent!.from).toBe(h.config.mailFrom);
    expect(sent!.replyTo).toEqual([]);
  });
});
