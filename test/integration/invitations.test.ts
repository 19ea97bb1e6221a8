import { beforeAll, describe, expect, it } from 'vitest';
import { INVITATION_DAYS } from '#domain';
import {
  CURRENT_CONSENT,
  createHarness,
  expectProblem,
  type Harness,
  jsonOf,
  type Page,
  type Session,
  uniqueEmail,
} from '#test/harness';

// Joining an organisation by invitation: an owner invites an address with a role, the address
// gets a single-use link that works for a week, and nobody (no person, no member) exists before
// the link is accepted. The same answer for every address is in abuse.test.ts.

interface Accepted {
  token: string;
  person: { id: string; email: string };
  created: boolean;
  organizationId: string;
  role: string;
  joined: boolean;
}
interface Pending {
  id: string;
  email: string;
  role: string;
  invitedBy: { personId: string; email: string };
  expiresAt: string;
}

const DAY = 86_400_000;
let h: Harness;
/** The app's clock: tests move it forward to see links expire. */
let clock = Date.now();

beforeAll(async () => {
  h = await createHarness({}, { now: () => new Date(clock) });
});

const accept = (token: string, init: { headers?: Record<string, string> } = {}) =>
  h.request('/v1/invitations/accept', { method: 'POST', json: { token, consent: CURRENT_CONSENT }, ...init });
const me = async (token: string) =>
  jsonOf<{ person: { email: string }; organizations: { organizationId: string; role: string }[] }>(
    await h.request('/v1/me', { headers: { authorization: `Bearer ${token}` } }),
  );
const peopleOf = async (orgId: string, as: Session) =>
  (
    await jsonOf<Page<{ email: string; role: string }>>(
      await h.request(`/v1/organizations/${orgId}/people`, { as }),
    )
  ).items;
const pendingOf = async (orgId: string, as: Session) =>
  (await jsonOf<Page<Pending>>(await h.request(`/v1/organizations/${orgId}/invitations`, { as }))).items;
const inviteBy = (as: Session, orgId: string, email: string, role = 'editor') =>
  h.request(`/v1/organizations/${orgId}/invitations`, { method: 'POST', as, json: { email, role } });

async function ownerWithOrg() {
  const owner = await h.signIn(uniqueEmail('owner'));
  return { owner, org: await h.organization(owner) };
}

describe('inviting', () => {
  it('creates nobody: no person, no account and no member until the link is accepted', async () => {
    const { owner, org } = await ownerWithOrg();
    const email = uniqueEmail('newcomer');

    const { token } = await h.invite(owner, org.id, email, 'viewer');

    expect(await h.ctx.store.people.getByEmail(email)).toBeUndefined();
    expect((await peopleOf(org.id, owner)).map((p) => p.email)).toEqual([owner.email]);

    const accepted = await jsonOf<Accepted>(await accept(token), 201);
    expect(accepted).toMatchObject({ created: true, organizationId: org.id, role: 'viewer', joined: true });
    expect(accepted.person.email).toBe(email);
    expect((await h.ctx.store.people.getByEmail(email))?.id).toBe(accepted.person.id);
    expect((await me(accepted.token)).organizations).toEqual([{ organizationId: org.id, role: 'viewer' }]);
  });

  it('lets someone who has an account join with it: the same person, signed in, with the invited role', async () => {
    const { owner, org } = await ownerWithOrg();
    const existing = await h.signIn(uniqueEmail('registered'));

    const { token } = await h.invite(owner, org.id, existing.email, 'owner');
    const accepted = await jsonOf<Accepted>(await accept(token), 201);

    expect(accepted).toMatchObject({ created: false, role: 'owner', joined: true });
    expect(accepted.person.id).toBe(existing.personId);
    expect((await me(existing.token)).organizations).toEqual([{ organizationId: org.id, role: 'owner' }]);
  });

  it("mails the invitee who invites them, to what and with which role, in the inviter's language alone", async () => {
    const { owner, org } = await ownerWithOrg();
    const email = uniqueEmail('mailed');

    await h.invite(owner, org.id, email, 'editor');

    const mail = (await h.mails(email)).at(-1)!;
    expect(mail.subject).toContain(org.name);
    const text = mail.body.text ?? '';
    expect(text).toContain(owner.email);
    expect(text).toContain('役割：編集者');
    expect(text).toContain('このメールを破棄してください');
    expect(text).not.toContain('Editor');
    expect(text).toMatch(/http:\/\/tsunagu\.test\/invitations\/accept\?token=[0-9A-Z]{52}[\w-]{43}\n/);

    // An owner who reads tsunagu in English invites in English.
    await h.request('/v1/me', { method: 'PATCH', as: owner, json: { language: 'en' } });
    const english = uniqueEmail('mailed-en');
    await h.invite(owner, org.id, english, 'editor');
    const en = (await h.mails(english)).at(-1)!;
    expect(en.subject).toContain(`Invitation to join ${org.name}`);
    expect(en.body.text).toContain('Role: Editor');
    expect(en.body.text).not.toContain('役割');
  });

  it('lists pending invitations to the owner, with who invited and until when', async () => {
    const { owner, org } = await ownerWithOrg();
    const email = uniqueEmail('listed');

    const { id } = await h.invite(owner, org.id, email, 'viewer');

    const items = await pendingOf(org.id, owner);
    expect(items).toEqual([
      expect.objectContaining({
        id,
        email,
        role: 'viewer',
        invitedBy: expect.objectContaining({ personId: owner.personId, email: owner.email }),
      }),
    ]);
    const days = (Date.parse(items[0]!.expiresAt) - clock) / DAY;
    expect(days).toBeCloseTo(INVITATION_DAYS, 2);
    expect(JSON.stringify(items)).not.toMatch(/token|hash/i);
  });

  it('is for owners only: editors and outsiders get 403 and no mail goes out', async () => {
    const { owner, org } = await ownerWithOrg();
    const editor = await h.addPerson(owner, org.id, uniqueEmail('editor'), 'editor');
    const outsider = await h.signIn(uniqueEmail('outsider'));
    const email = uniqueEmail('not-invited');

    await expectProblem(await inviteBy(editor, org.id, email), 403, 'forbidden');
    await expectProblem(await inviteBy(outsider, org.id, email), 403, 'forbidden');

    expect(await h.mails(email)).toEqual([]);
    expect(await pendingOf(org.id, owner)).toEqual([]);
  });

  it('refuses an address that is already one of the people (409), the owner’s own included', async () => {
    const { owner, org } = await ownerWithOrg();
    const colleague = await h.addPerson(owner, org.id, uniqueEmail('colleague'), 'viewer');

    await expectProblem(await inviteBy(owner, org.id, colleague.email), 409, 'already-member');
    await expectProblem(await inviteBy(owner, org.id, owner.email.toUpperCase()), 409, 'already-member');
  });

  it('replaces a pending invitation to the same address: one in the list, only the new link works', async () => {
    const { owner, org } = await ownerWithOrg();
    const email = uniqueEmail('twice');
    const first = await h.invite(owner, org.id, email, 'viewer');

    const second = await h.invite(owner, org.id, email, 'editor');

    expect((await pendingOf(org.id, owner)).map((i) => i.id)).toEqual([second.id]);
    await expectProblem(await accept(first.token), 410, 'invitation-gone');
    expect(await jsonOf<Accepted>(await accept(second.token), 201)).toMatchObject({ role: 'editor' });
  });

  it('answers the same for an address that bounced before, but mails it nothing', async () => {
    const { owner, org } = await ownerWithOrg();
    const bounced = uniqueEmail('bounced');
    await h.ctx.store.suppressions.add({
      email: bounced,
      reason: 'bounce',
      since: new Date(clock).toISOString(),
      source: 'test',
    });

    const res = await inviteBy(owner, org.id, bounced);

    expect(Object.keys(await jsonOf<object>(res, 202))).toEqual(['id', 'expiresAt']);
    expect(await h.mails(bounced)).toEqual([]);
  });

  it('refuses unknown fields and an unknown role with the field named', async () => {
    const { owner, org } = await ownerWithOrg();

    const problem = await expectProblem(
      await h.request(`/v1/organizations/${org.id}/invitations`, {
        method: 'POST',
        as: owner,
        json: { email: 'tanaka@', role: 'boss', personId: owner.personId },
      }),
      400,
      'validation',
    );
    expect(problem.errors?.map((e) => e.path).sort()).toEqual(['email', 'personId', 'role']);
  });
});

describe('accepting', () => {
  it('works once: six tries at the same time → one joins, five are told the link is used', async () => {
    const { owner, org } = await ownerWithOrg();
    const email = uniqueEmail('race');
    const { token } = await h.invite(owner, org.id, email, 'editor');

    const answers = await Promise.all(Array.from({ length: 6 }, () => accept(token)));

    expect(answers.map((r) => r.status).sort()).toEqual([201, 410, 410, 410, 410, 410]);
    for (const res of answers.filter((r) => r.status === 410))
      await expectProblem(res, 410, 'invitation-gone');
    expect((await peopleOf(org.id, owner)).filter((p) => p.email === email)).toEqual([
      expect.objectContaining({ role: 'editor' }),
    ]);
    expect(await pendingOf(org.id, owner)).toEqual([]);
  });

  it(`expires after ${INVITATION_DAYS} days, with a Japanese message, and creates nobody`, async () => {
    const { owner, org } = await ownerWithOrg();
    const email = uniqueEmail('late');
    const { token } = await h.invite(owner, org.id, email, 'editor');

    const started = clock;
    clock = started + INVITATION_DAYS * DAY + 1000;
    try {
      const problem = await expectProblem(await accept(token), 410, 'invitation-expired');
      expect(problem.detail).toContain('有効期限');
      expect(await pendingOf(org.id, owner)).toEqual([]);
    } finally {
      clock = started;
    }
    expect(await h.ctx.store.people.getByEmail(email)).toBeUndefined();
  });

  it('still works a moment before it expires', async () => {
    const { owner, org } = await ownerWithOrg();
    const { token } = await h.invite(owner, org.id, uniqueEmail('just-in-time'), 'viewer');

    const started = clock;
    clock = started + INVITATION_DAYS * DAY - 60_000;
    try {
      expect((await accept(token)).status).toBe(201);
    } finally {
      clock = started;
    }
  });

  it('is refused once the owner withdrew the invitation (410), and withdrawing twice is a 404', async () => {
    const { owner, org } = await ownerWithOrg();
    const email = uniqueEmail('withdrawn');
    const { id, token } = await h.invite(owner, org.id, email, 'editor');
    const withdraw = () =>
      h.request(`/v1/organizations/${org.id}/invitations/${id}`, { method: 'DELETE', as: owner });

    expect((await withdraw()).status).toBe(204);

    const problem = await expectProblem(await accept(token), 410, 'invitation-gone');
    expect(problem.detail).toContain('取り消され');
    await expectProblem(await withdraw(), 404, 'not-found');
    expect(await pendingOf(org.id, owner)).toEqual([]);
    expect(await h.ctx.store.people.getByEmail(email)).toBeUndefined();
    // The address can be invited again.
    expect((await h.invite(owner, org.id, email, 'viewer')).token).not.toBe(token);
  });

  it('refuses a forged or damaged token with 410 and a malformed body with 400', async () => {
    const { owner, org } = await ownerWithOrg();
    const { token } = await h.invite(owner, org.id, uniqueEmail('tampered'), 'editor');
    const flipped = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;

    await expectProblem(await accept(flipped), 410, 'invitation-gone');
    await expectProblem(await accept('x'.repeat(95)), 410, 'invitation-gone');
    await expectProblem(await accept('short'), 400, 'validation');
    expect((await accept(token)).status).toBe(201);
  });

  it('signs in as the invited address whatever session comes along (the link is the authority)', async () => {
    const { owner, org } = await ownerWithOrg();
    const email = uniqueEmail('invitee');
    const { token } = await h.invite(owner, org.id, email, 'viewer');

    const res = await accept(token, { headers: { authorization: `Bearer ${owner.token}` } });

    const accepted = await jsonOf<Accepted>(res, 201);
    expect(accepted.person.email).toBe(email);
    expect((await me(accepted.token)).person.email).toBe(email);
    expect(res.headers.get('set-cookie')).toContain(`tsunagu_session=${accepted.token}`);
    expect((await me(owner.token)).organizations).toEqual([{ organizationId: org.id, role: 'owner' }]);
  });

  it('keeps the role of someone who already is one of the people, and uses the link up', async () => {
    const { owner, org } = await ownerWithOrg();
    const colleague = await h.signIn(uniqueEmail('meanwhile'));
    const { token } = await h.invite(owner, org.id, colleague.email, 'viewer');
    // Added meanwhile (as the demo seed does, through the store).
    await h.ctx.store.people.setAffiliation({
      personId: colleague.personId,
      organizationId: org.id,
      email: colleague.email,
      role: 'editor',
      createdAt: new Date(clock).toISOString(),
    });

    const accepted = await jsonOf<Accepted>(await accept(token), 201);

    expect(accepted).toMatchObject({ joined: false, role: 'editor', created: false });
    expect((await me(colleague.token)).organizations).toEqual([{ organizationId: org.id, role: 'editor' }]);
    await expectProblem(await accept(token), 410, 'invitation-gone');
  });
});

describe('invitation limits', () => {
  const HOUR = 3_600_000;
  // The middle of the current hour, frozen: no limit rolls over mid-test.
  const frozen = new Date(Math.floor(Date.now() / HOUR) * HOUR + HOUR / 2);
  let limited: Harness;

  beforeAll(async () => {
    limited = await createHarness(
      { INVITATIONS_PER_INVITER: '3', INVITATIONS_PER_ADDRESS: '2' },
      { now: () => frozen },
    );
  });

  const invite = (as: Session, orgId: string, email: string) =>
    limited.request(`/v1/organizations/${orgId}/invitations`, {
      method: 'POST',
      as,
      json: { email, role: 'viewer' },
    });

  it('per inviter, across all their organisations: 429 with Retry-After, and no mail', async () => {
    const owner = await limited.signIn(uniqueEmail('busy-owner'));
    const [a, b] = [await limited.organization(owner), await limited.organization(owner)];
    for (const org of [a, b, a]) expect((await invite(owner, org.id, uniqueEmail('fine'))).status).toBe(202);
    const email = uniqueEmail('one-too-many');

    const res = await invite(owner, b.id, email);

    // A frozen clock: the first of the hour's invitations leaves the window in an hour.
    expect(res.headers.get('retry-after')).toBe(String(HOUR / 1000));
    await expectProblem(res, 429, 'rate-limited');
    expect(await limited.mails(email)).toEqual([]);
  });

  it('per address, whoever invites it: nobody floods one inbox through many organisations', async () => {
    const victim = uniqueEmail('victim');
    const owners = [
      await limited.signIn(uniqueEmail('owner-1')),
      await limited.signIn(uniqueEmail('owner-2')),
      await limited.signIn(uniqueEmail('owner-3')),
    ];
    const orgs = [];
    for (const o of owners) orgs.push(await limited.organization(o));

    expect((await invite(owners[0]!, orgs[0]!.id, victim)).status).toBe(202);
    expect((await invite(owners[1]!, orgs[1]!.id, victim)).status).toBe(202);
    // Another spelling of the same mailbox is the same inbox.
    await expectProblem(
      await invite(owners[2]!, orgs[2]!.id, victim.replace('@', '+again@').toUpperCase()),
      429,
      'rate-limited',
    );

    expect(await limited.mails(victim)).toHaveLength(2);
  });
});
