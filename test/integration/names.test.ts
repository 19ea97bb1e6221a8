import { beforeAll, describe, expect, it } from 'vitest';
import { sweepIntroductions } from '#batch';
import type { Match, Person } from '#domain';
import type { Email } from '#local';
import {
  CONSENT_FIELDS,
  createHarness,
  errorPaths,
  expectProblem,
  type Harness,
  invitationTokenFrom,
  isContactConfirmation,
  jsonOf,
  magicTokenFrom,
  type Session,
  uniqueEmail,
} from '#test/harness';
import { fieldBlock, getPage, inputValue, postForm } from '#test/pages';

// One way to address people (docs/mail.md "How people are addressed"): the name is asked once,
// right after the first sign-in, and every mail and the home page greet by the one rule:
// 「団体名 氏名 様」, 「氏名 様」, 「団体名 ご担当者様」 or 「ご担当者様」.

const DAY = 86_400_000;
let clock = Date.parse('2026-11-02T01:00:00.000Z');
let h: Harness;

beforeAll(async () => {
  h = await createHarness({}, { now: () => new Date(clock) });
});

const me = async (as: Session) =>
  (await jsonOf<{ person: Person }>(await h.request('/v1/me', { as }))).person;
const meByCookie = async (as: Session) =>
  (await jsonOf<{ person: Person }>(await h.request('/v1/me', { headers: { cookie: as.cookie } }))).person;
const rename = (as: Session, json: unknown) => h.request('/v1/me', { method: 'PATCH', as, json });
/** The greeting: the first line of the plain-text version. */
const greetingOf = (mail: Email) => (mail.body.text ?? '').split('\n')[0];

/** Signs in through the pages as a browser does: the link's page, its button, the redirect. */
async function signInByPage(email: string): Promise<{ location: string; session: Session }> {
  const before = (await h.mails(email)).length;
  expect((await h.request('/v1/auth/magic-link', { method: 'POST', json: { email } })).status).toBe(202);
  const inbox = await h.mails(email);
  expect(inbox.length).toBe(before + 1);
  const token = magicTokenFrom(inbox.at(-1)!);
  const page = await h.request(`/auth/verify?token=${encodeURIComponent(token)}`);
  const anonymous = page.headers.get('set-cookie')?.split(';')[0] ?? '';
  const csrf = (await page.text()).match(/name="_csrf" value="([^"]+)"/)?.[1] ?? '';
  const res = await h.request('/auth/verify', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: anonymous },
    body: new URLSearchParams({ token, _csrf: csrf }).toString(),
  });
  expect(res.status).toBe(303);
  const cookie = res.headers.get('set-cookie')?.split(';')[0] ?? '';
  const body = await jsonOf<{ person: Person; csrfToken: string }>(
    await h.request('/v1/me', { headers: { cookie } }),
  );
  return {
    location: res.headers.get('location') ?? '',
    session: { token: '', csrfToken: body.csrfToken, personId: body.person.id, email, cookie },
  };
}

describe('the name is asked once, after the first sign-in', () => {
  it('asks a new person for 氏名 and フリガナ on one form, then goes on to where they were going', async () => {
    const email = uniqueEmail('first');
    const { location, session } = await signInByPage(email);
    expect(location).toBe(`/profile?next=${encodeURIComponent('/?welcome=1')}`);

    const form = await getPage(h, location, session);
    expect(form.status).toBe(200);
    const html = await form.text();
    expect(html).toContain('お名前の登録');
    expect(fieldBlock(html, 'name')).toContain('氏名');
    expect(fieldBlock(html, 'name')).toContain('必須');
    expect(fieldBlock(html, 'nameKana')).toContain('フリガナ');
    // The form carries where to go next (the header's language switch has a `next` of its own).
    expect(html).toContain('<input type="hidden" name="next" value="/?welcome=1"/>');

    const saved = await postForm(h, '/profile', session, {
      next: '/?welcome=1',
      name: ' 田中 恵 ',
      nameKana: 'たなか めぐみ',
      ...CONSENT_FIELDS,
    });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe('/?welcome=1');
    const person = await meByCookie(session);
    expect(person).toMatchObject({ name: '田中 恵', nameKana: 'タナカ\u3000メグミ' });

    // Home greets 「氏名 様」 (no organisation yet), and the address is not printed as a name.
    const home = await (await getPage(h, '/', session)).text();
    expect(home).toContain('田中 恵 様');
    expect(home).not.toContain(`${email} さん`);

    // Signed in again: never asked again.
    expect((await signInByPage(email)).location).toBe('/');
  });

  it('keeps the form with a message next to the field when the name is blank or the kana is not kana', async () => {
    const { session } = await signInByPage(uniqueEmail('blank'));

    const blank = await postForm(h, '/profile', session, { next: '/', name: '  ', nameKana: '' });
    expect(blank.status).toBe(400);
    expect(fieldBlock(await blank.text(), 'name')).toContain('入力してください');

    const latin = await postForm(h, '/profile', session, {
      next: '/',
      name: '佐藤 優子',
      nameKana: 'Sato Yuko',
    });
    expect(latin.status).toBe(400);
    const html = await latin.text();
    expect(fieldBlock(html, 'nameKana')).toContain('カタカナまたはひらがな');
    expect(inputValue(html, 'name')).toBe('佐藤 優子');

    expect((await meByCookie(session)).name).toBeUndefined();
  });

  it('lets a named person change the name later; the reading can be removed, the name cannot', async () => {
    const s = await h.signIn(uniqueEmail('later'));
    expect((await rename(s, { name: '加藤 一郎', nameKana: 'カトウ イチロウ' })).status).toBe(200);
    const page = await (await getPage(h, '/profile', s)).text();
    expect(page).toContain('お名前の変更');
    expect(inputValue(page, 'name')).toBe('加藤 一郎');

    const changed = await postForm(h, '/profile', s, { name: '加藤 一朗', nameKana: '' });
    expect(changed.status).toBe(303);
    expect(changed.headers.get('location')).toBe('/profile?saved=1');
    expect(await me(s)).toMatchObject({ name: '加藤 一朗' });
    expect((await me(s)).nameKana).toBeUndefined();

    for (const json of [{ name: null }, { name: '' }, { name: 'あ'.repeat(101) }, { name: 'a\u202eb' }]) {
      const problem = await expectProblem(await rename(s, json), 400, 'validation');
      expect(errorPaths(problem)).toEqual(['name']);
    }
    const kana = await expectProblem(await rename(s, { nameKana: '加藤' }), 400, 'validation');
    expect(errorPaths(kana)).toEqual(['nameKana']);
    expect(kana.errors?.[0]?.message).toMatch(/カタカナまたはひらがな/);
    expect(await me(s)).toMatchObject({ name: '加藤 一朗', language: 'ja' });
  });

  it('asks someone who joins by an invitation too, then takes them to the organisation', async () => {
    const owner = await h.signIn(uniqueEmail('inviter'));
    const org = await h.organization(owner);
    const invited = uniqueEmail('invitee');
    const { token } = await h.invite(owner, org.id, invited, 'editor');
    const page = await h.request(`/invitations/accept?token=${token}`);
    const cookie = page.headers.get('set-cookie')?.split(';')[0] ?? '';
    const csrf = (await page.text()).match(/name="_csrf" value="([^"]+)"/)?.[1] ?? '';
    const res = await h.request('/invitations/accept', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams({ token, _csrf: csrf, ...CONSENT_FIELDS }).toString(),
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(
      `/profile?next=${encodeURIComponent(`/organizations/${org.id}?joined=1`)}`,
    );
  });
});

describe('every mail greets by the one rule', () => {
  it('sign-in, invitation, contact confirmation, proposal, reminder, connected, follow-up and digest', async () => {
    const secretariatEmail = uniqueEmail('jimukyoku');
    const platformId = await h.platform({}, [secretariatEmail]);
    const secretariat = await h.signIn(secretariatEmail);

    // The sign-in link knows no name (asking for it does the same work for every address).
    expect(greetingOf((await h.mails(secretariatEmail)).at(-1)!)).toBe('ご担当者様');

    // The NPO confirms its contact address: its mail greets the contact person it entered.
    const npoContact = { name: '川口 花子', email: uniqueEmail('npo-contact') };
    const npo = await h.member(platformId, secretariat, 'npo', {
      name: 'NPO法人 かわぐち子ども食堂',
      contact: npoContact,
    });
    expect((await rename(npo.session, { name: '田中 恵' })).status).toBe(200);
    const confirmation = (await h.mails(npoContact.email)).find(isContactConfirmation)!;
    expect(greetingOf(confirmation)).toBe('NPO法人 かわぐち子ども食堂 川口 花子 様');
    await h.confirmContact(npo.org);

    // The company's contact stays unconfirmed: its mail goes to its owners, each by their name.
    const owner = await h.signIn(uniqueEmail('company-owner'));
    expect((await rename(owner, { name: '加藤 一郎', nameKana: 'かとう いちろう' })).status).toBe(200);
    const company = await h.organization(owner, {
      name: '株式会社 みらいマート',
      legalForm: 'company',
      contact: { name: '広報担当', email: uniqueEmail('company-contact') },
    });
    await h.apply(owner, platformId, company.id);
    await h.approve(secretariat, platformId, company.id);
    // A second owner who has not given a name: 「団体名 ご担当者様」. The invitation names the inviter with 様.
    const second = uniqueEmail('second-owner');
    const secondOwner = await h.addPerson(owner, company.id, second, 'owner');
    const invitation = (await h.mails(second)).find((m) => {
      try {
        return invitationTokenFrom(m) !== '';
      } catch {
        return false;
      }
    })!;
    expect(greetingOf(invitation)).toBe('ご担当者様');
    expect(invitation.body.text).toContain(`加藤 一郎 様（${owner.email}）から`);
    expect(invitation.body.text).not.toContain('さんから');
    // The NPO's owner also belongs to the company: their digest is about both, 「氏名 様」.
    await h.addPerson(owner, company.id, npo.session.email, 'viewer');

    await h.postNeed(npo.session, platformId, npo.org.id);
    await h.postOffer(owner, platformId, company.id);
    clock += 60_000;
    const round = await h.request(`/v1/platforms/${platformId}/runs/match`, {
      method: 'POST',
      as: secretariat,
    });
    expect(round.status).toBe(200);
    await h.drain();

    const proposals = async (to: string) =>
      (await h.mails(to)).filter((m) => m.subject.includes('新しいつながりのご提案'));
    expect((await proposals(npoContact.email)).map(greetingOf)).toEqual([
      'NPO法人 かわぐち子ども食堂 川口 花子 様',
    ]);
    expect((await proposals(owner.email)).map(greetingOf)).toEqual(['株式会社 みらいマート 加藤 一郎 様']);
    expect((await proposals(second)).map(greetingOf)).toEqual(['株式会社 みらいマート ご担当者様']);

    // The digest: each member person, by the same rule.
    clock += 60_000;
    const digest = await h.request(`/v1/platforms/${platformId}/runs/digest`, {
      method: 'POST',
      as: secretariat,
    });
    expect(digest.status).toBe(200);
    await h.drain();
    const digestOf = async (to: string) =>
      (await h.mails(to)).filter((m) => m.subject.includes('今週のお知らせ')).map(greetingOf);
    expect(await digestOf(npo.session.email)).toEqual(['田中 恵 様']);
    expect(await digestOf(owner.email)).toEqual(['株式会社 みらいマート 加藤 一郎 様']);
    expect(await digestOf(secondOwner.email)).toEqual(['株式会社 みらいマート ご担当者様']);

    // The reminder, then the contact exchange: the partner's contact is 氏名 様 as well.
    const [match] = (
      await jsonOf<{ items: Match[] }>(
        await h.request(`/v1/matches?organizationId=${npo.org.id}&limit=10`, { as: npo.session }),
      )
    ).items;
    clock = Date.parse(match!.createdAt) + 12 * DAY;
    expect((await sweepIntroductions(h.ctx, platformId)).reminded).toBe(1);
    await h.drain();
    const reminders = (await h.mails(npoContact.email)).filter((m) => m.subject.includes('回答期限'));
    expect(reminders.map(greetingOf)).toEqual(['NPO法人 かわぐち子ども食堂 川口 花子 様']);

    for (const as of [npo.session, owner])
      expect((await h.request(`/v1/matches/${match!.id}/accept`, { method: 'POST', as })).status).toBe(200);
    await h.drain();
    const [toNpo] = (await h.mails(npoContact.email)).filter((m) =>
      m.subject.includes('つながりが成立しました'),
    );
    expect(greetingOf(toNpo!)).toBe('NPO法人 かわぐち子ども食堂 川口 花子 様');
    expect(toNpo!.body.text).toContain('ご担当者: 加藤 一郎 様');
    const [toOwner] = (await h.mails(owner.email)).filter((m) =>
      m.subject.includes('つながりが成立しました'),
    );
    expect(greetingOf(toOwner!)).toBe('株式会社 みらいマート 加藤 一郎 様');
    expect(toOwner!.body.text).toContain('ご担当者: 川口 花子 様');

    clock = Date.parse(
      (await jsonOf<Match>(await h.request(`/v1/matches/${match!.id}`, { as: owner }))).connectedAt!,
    );
    clock += 30 * DAY;
    expect((await sweepIntroductions(h.ctx, platformId)).followedUp).toBe(1);
    await h.drain();
    const followUps = (await h.mails(npoContact.email)).filter((m) => m.subject.includes('その後のご様子'));
    expect(followUps.map(greetingOf)).toEqual(['NPO法人 かわぐち子ども食堂 川口 花子 様']);

    // Every mail any of them received follows the rule: no さま, no さん, no 皆さま.
    for (const to of [secretariatEmail, npoContact.email, owner.email, second, npo.session.email]) {
      for (const mail of await h.mails(to)) {
        expect(greetingOf(mail), `${mail.subject} to ${to}`).toMatch(/(?: 様|ご担当者様)$/);
        expect(mail.body.text ?? '', mail.subject).not.toMatch(/ご担当者さま|さんから|会員の皆さま/);
      }
    }
  });

  it('home greets 「団体名 氏名 様」 once the person has an organisation', async () => {
    const s = await h.signIn(uniqueEmail('home'));
    expect((await rename(s, { name: '木村 さくら' })).status).toBe(200);
    const org = await h.organization(s, { name: 'カフェ こもれび' });
    const home = await (await getPage(h, '/', s)).text();
    expect(home).toContain(`${org.name} 木村 さくら 様`);
  });
});
