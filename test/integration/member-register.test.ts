import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Email } from '#local';
import { parseFrom } from '#mail';
import { organizationInput } from '#test/builders';
import {
  createHarness,
  errorPaths,
  expectProblem,
  type Harness,
  jsonOf,
  type Session,
  uniqueEmail,
} from '#test/harness';
import { getPage, postForm } from '#test/pages';

// Issue 17.7, its last sentence: the secretariat registers one organisation by hand for a group
// that will never sign in. Nobody is invited; its contact address is confirmed by a link, and
// from then on (not before) the organisation's mail (the digest, membership mails) goes there.

interface Registered {
  organization: { id: string; name: string; contactVerified: boolean; version: number };
  membership: { status: string; tier: string };
  contactMail: string;
}

let h: Harness;
let secretariat: Session;
let platformId: string;

beforeAll(async () => {
  h = await createHarness();
  secretariat = await h.signIn(uniqueEmail('jimukyoku'));
  platformId = await h.platform({ name: 'かわぐち つながりプラットフォーム' }, [secretariat.email]);
  const contact = {
    name: '川口市 福祉総務課',
    email: 'tsunagari@city.kawaguchi.example.jp',
    phone: '048-000-0000',
  };
  await jsonOf(
    await h.request(`/v1/platforms/${platformId}`, {
      method: 'PATCH',
      as: secretariat,
      json: { version: 1, contact },
    }),
  );
});

const register = (json: unknown, as = secretariat, platform = platformId) =>
  h.request(`/v1/platforms/${platform}/members`, { method: 'POST', as, json });

/** A group's registration with its own contact address. */
function group(label: string, overrides: Record<string, unknown> = {}) {
  return organizationInput({
    name: `${label}の会`,
    contact: { name: '佐藤 和子', email: uniqueEmail('group') },
    ...overrides,
  });
}

const digestsTo = async (to: string) =>
  (await h.mails(to)).filter((m) => m.subject.includes('今週のお知らせ'));

async function sendAll() {
  while ((await h.drain()).sent > 0);
}

describe('a member registered by hand', () => {
  let reg: Registered;
  let contact: string;

  it('is an approved member with nobody invited, and its contact gets a link in the secretariat’s words', async () => {
    const input = group('いちょう', { directoryListed: true });
    contact = (input.contact as { email: string }).email;
    reg = await jsonOf<Registered>(await register({ organization: input, memberNumber: 'K-017' }), 201);
    expect(reg).toMatchObject({
      organization: { name: 'いちょうの会', contactVerified: false },
      membership: { status: 'approved', tier: 'member' },
      contactMail: 'queued',
    });
    expect(await h.ctx.store.people.allOf(reg.organization.id)).toEqual([]);
    const invited = await h.ctx.store.invitations.pendingOf(reg.organization.id, { limit: 10 }, 0);
    expect(invited.items).toEqual([]);

    // From the secretariat (its name, replies to it, its contact last), naming the platform.
    const mails = await h.mails(contact);
    expect(mails.map((m) => m.subject)).toEqual([
      '【かわぐち つながりプラットフォーム】会員団体の連絡先の確認のお願い',
    ]);
    const [mail] = mails;
    expect(parseFrom(mail!.from).name).toBe('川口市 福祉総務課');
    expect(mail!.replyTo).toEqual(['tsunagari@city.kawaguchi.example.jp']);
    const text = mail!.body.text!;
    expect(text).toContain('かわぐち つながりプラットフォームの事務局より');
    expect(text).toContain('「いちょうの会」を会員団体として tsunagu（つなぐ）に登録し');
    expect(text).toContain('サインインやパスワードは必要ありません');
    expect(text).toContain('048-000-0000');
    expect(text).not.toContain('管理者の方にお送りします');
  });

  it('is in the audit log as registered by hand', async () => {
    const log = await jsonOf<{ items: { action: string; target: { id: string }; detail: object }[] }>(
      await h.request(`/v1/platforms/${platformId}/audit`, { as: secretariat }),
    );
    expect(log.items[0]).toMatchObject({
      action: 'members.register',
      target: { id: reg.organization.id },
      detail: { tier: 'member', memberNumber: 'K-017' },
    });
  });

  it('gets no mail until the contact is confirmed, then the digest and its membership mails go there', async () => {
    await jsonOf(
      await h.request(`/v1/platforms/${platformId}/news`, {
        method: 'POST',
        as: secretariat,
        json: { kind: 'news', title: '冬の交流会', body: '12月20日に交流会を開きます。' },
      }),
      201,
    );
    const runDigest = async () =>
      jsonOf<{ planned: number }>(
        await h.request(`/v1/platforms/${platformId}/runs/digest`, { method: 'POST', as: secretariat }),
      );
    await runDigest();
    await sendAll();
    expect(await digestsTo(contact)).toEqual([]);

    await h.confirmContact({ contact: { name: '佐藤 和子', email: contact } });
    // The same week again: the confirmed contact is planned now, the people already were.
    expect((await runDigest()).planned).toBe(1);
    await sendAll();
    const [digest, ...more] = await digestsTo(contact);
    expect(more).toEqual([]);
    expect(digest!.body.text).toContain('いちょうの会 佐藤 和子 様');
    expect(digest!.body.text).toContain('冬の交流会');
    // It has no account: no preferences page, only the link that stops digests to it.
    expect(digest!.body.text).not.toContain('配信設定の変更');
    expect(digest!.body.text).toContain('連絡先として登録し、確認いただいた');
    // RFC 8058: the one-click link stops digests to this address (it has no account to set).
    const header = (e: Email, name: string) => e.headers?.find((x) => x.name.toLowerCase() === name)?.value;
    expect(header(digest!, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    const url = header(digest!, 'list-unsubscribe')!.match(/<(http[^>]+)>/)![1]!;
    const unsubscribed = await h.request(new URL(url).pathname + new URL(url).search, { method: 'POST' });
    expect(unsubscribed.status).toBeLessThan(300);
    expect(await h.ctx.store.suppressions.get(contact)).toMatchObject({ category: 'digest' });

    await jsonOf(
      await h.request(`/v1/platforms/${platformId}/memberships/${reg.organization.id}/suspend`, {
        method: 'POST',
        as: secretariat,
      }),
    );
    await sendAll();
    const suspended = (await h.mails(contact)).filter((m) => m.subject.includes('一時停止'));
    expect(suspended).toHaveLength(1);
    expect(suspended[0]!.body.text).not.toContain('配信設定の変更');
  });

  it('is the same member to a later import of the list (by its member number), and twice is a 409', async () => {
    await expectProblem(
      await register({ organization: group('べつの名前'), memberNumber: 'k-017' }),
      409,
      'member-exists',
    );
    await expectProblem(await register({ organization: group('いちょう') }), 409, 'member-exists');
    const csv = `会員番号,団体名,所在地,担当者氏名,メールアドレス\r\nK-017,いちょうの会,川口市,佐藤 和子,${contact}\r\n`;
    const up = await jsonOf<{ id: string; mapping: (string | null)[] }>(
      await h.request(`/v1/platforms/${platformId}/imports?name=list.csv`, {
        method: 'POST',
        as: secretariat,
        headers: { 'content-type': 'text/csv' },
        body: new TextEncoder().encode(csv),
      }),
      201,
    );
    const preview = await jsonOf<{ new: number }>(
      await h.request(`/v1/platforms/${platformId}/imports/${up.id}/preview`, {
        method: 'POST',
        as: secretariat,
        json: { mapping: up.mapping },
      }),
    );
    expect(preview.new).toBe(0);
  });

  it('is looked after by the secretariat: its profile edited, the link sent again, deleted; by nobody else', async () => {
    const other = await h.signIn(uniqueEmail('other-jimukyoku'));
    await h.platform({}, [other.email]);
    const fresh = await jsonOf<Registered>(await register({ organization: group('けやき') }), 201);
    const id = fresh.organization.id;
    const patch = (as: Session, json: unknown) =>
      h.request(`/v1/organizations/${id}`, { method: 'PATCH', as, json });
    const saved = await jsonOf<Registered['organization'] & { description: string }>(
      await patch(secretariat, { version: 1, description: '毎週木曜に集まっています。' }),
    );
    expect(saved).toMatchObject({ description: '毎週木曜に集まっています。', version: 2 });
    await expectProblem(await patch(other, { version: 2, description: 'x' }), 403);

    const resend = (as: Session) =>
      h.request(`/v1/organizations/${id}/contact/verification`, { method: 'POST', as });
    expect((await resend(secretariat)).status).toBe(202);
    await expectProblem(await resend(other), 403);

    // A changed address is unconfirmed, even when it is the secretariat's own.
    const moved = await jsonOf<Registered['organization']>(
      await patch(secretariat, {
        version: 2,
        contact: { name: '事務局', email: secretariat.email },
      }),
    );
    expect(moved.contactVerified).toBe(false);

    // On the group's request the secretariat deletes it; another platform's cannot.
    const remove = (as: Session) => h.request(`/v1/organizations/${id}`, { method: 'DELETE', as });
    await expectProblem(await remove(other), 403);
    expect((await remove(secretariat)).status).toBe(204);
    expect((await h.ctx.store.organizations.get(id))?.deletedAt).toBeDefined();
    const log = await jsonOf<{ items: { action: string; target: { id: string } }[] }>(
      await h.request(`/v1/platforms/${platformId}/audit`, { as: secretariat }),
    );
    expect(log.items[0]).toMatchObject({ action: 'members.delete', target: { id } });
  });

  it('tells what is wrong: a missing name, an unknown tier, another platform’s secretariat', async () => {
    const members = () => h.ctx.store.memberships.organizationsWithStatus(platformId, 'approved');
    const before = await members();
    const bad = await expectProblem(await register({ organization: group('x', { name: '' }) }), 400);
    expect(errorPaths(bad)).toEqual(['organization.name']);
    const tier = await expectProblem(await register({ organization: group('y'), tier: 'gold' }), 400);
    expect(errorPaths(tier)).toEqual(['tier']);
    const outsider = await h.signIn(uniqueEmail('outsider'));
    await expectProblem(await register({ organization: group('z') }, outsider), 403);
    expect(await members()).toEqual(before);
  });
});

describe('the page to register a member by hand', () => {
  it('registers from the form and shows the profile with the confirmation state', async () => {
    const email = uniqueEmail('page');
    const res = await postForm(h, `/platforms/${platformId}/admin/members/new`, secretariat, {
      name: 'ひだまりサロン',
      legalForm: 'unincorporated_group',
      'location.prefecture': '11',
      'location.municipality': '11203',
      activityFields: ['elderly'],
      'contact.name': '高橋 一郎',
      'contact.email': email,
      tier: 'member',
      memberNumber: `P-${ulid().slice(-4)}`,
    });
    expect(res.status).toBe(303);
    const to = res.headers.get('location')!;
    expect(to).toMatch(/^\/organizations\/[0-9A-Z]{26}\?registered=queued$/);
    const profile = await (await getPage(h, to, secretariat)).text();
    expect(profile).toContain(
      '会員として登録しました。連絡先メールアドレスに確認用のリンクをお送りしました。',
    );
    expect(profile).toContain('確認メールを再送する');
    expect(profile).toContain('団体の情報を編集');
    expect(profile).toContain(`href="${to.split('?')[0]}/delete"`);
    expect(profile).toContain('この団体にはメールをお送りしません');
    expect(profile).toContain(`href="/platforms/${platformId}/admin/memberships"`);
    expect((await h.mails(email)).map((m) => m.subject)).toEqual([
      '【かわぐち つながりプラットフォーム】会員団体の連絡先の確認のお願い',
    ]);
  });

  it('keeps what was typed and names the field when something is missing', async () => {
    const res = await postForm(h, `/platforms/${platformId}/admin/members/new`, secretariat, {
      name: '',
      legalForm: 'unincorporated_group',
      'location.prefecture': '11',
      activityFields: ['elderly'],
      'contact.name': '高橋 一郎',
      'contact.email': 'not-an-address',
      tier: 'member',
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('value="高橋 一郎"');
    expect(html).toMatch(/id="f-name-error"/);
    expect(html).toMatch(/id="f-contact-email-error"/);
  });

  it('says at the name when the group is a member already', async () => {
    const res = await postForm(h, `/platforms/${platformId}/admin/members/new`, secretariat, {
      name: 'いちょうの会',
      legalForm: 'unincorporated_group',
      'location.prefecture': '11',
      activityFields: ['elderly'],
      'contact.name': '高橋 一郎',
      'contact.email': uniqueEmail('again'),
      tier: 'member',
    });
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toMatch(/id="f-name-error">「いちょうの会」は、すでにこのプラットフォームの会員/);
  });

  it('is not found for anyone but the secretariat', async () => {
    const someone = await h.signIn(uniqueEmail('someone'));
    expect((await getPage(h, `/platforms/${platformId}/admin/members/new`, someone)).status).toBe(404);
    expect((await getPage(h, `/platforms/${platformId}/admin/members/new`, secretariat)).status).toBe(200);
  });
});
