import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, Membership, News } from '#domain';
import {
  createHarness,
  expectProblem,
  type Harness,
  jsonOf,
  type Member,
  type Page,
  type Session,
  uniqueEmail,
} from '#test/harness';

// The audit log (操作記録, issue 17.8): each secretariat action and each CSV export leaves
// exactly one entry saying who (as named then), when and what; a refused or failed action leaves
// none; the log reads newest first a page at a time, as a page in Japanese and as CSV (whose
// download is itself recorded); only the platform's secretariat reads it.

let h: Harness;
let platformId: string;
let otherPlatformId: string;
let secretariat: Session;
let otherSecretariat: Session;
let npo: Member;

const SECRETARIAT_NAME = '山田 花子';

/** Every entry of the log, newest first, read through the API page by page. */
async function log(as: Session = secretariat, limit = 100): Promise<AuditEntry[]> {
  const out: AuditEntry[] = [];
  let cursor: string | null = null;
  do {
    const query: string = `limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page: Page<AuditEntry> = await jsonOf(
      await h.request(`/v1/platforms/${platformId}/audit?${query}`, { as }),
    );
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

/**
 * Runs an action and returns the one entry it left: exactly one more than before, and the newest.
 * Who and when are checked here for every action.
 */
async function oneEntry(action: () => Promise<unknown>): Promise<AuditEntry> {
  const before = await log();
  const started = Date.now();
  await action();
  const after = await log();
  expect(after.length, JSON.stringify(after.slice(0, 3))).toBe(before.length + 1);
  const entry = after[0]!;
  expect(after.slice(1)).toEqual(before);
  expect(entry.platformId).toBe(platformId);
  expect(entry.actor).toEqual({
    personId: secretariat.personId,
    name: SECRETARIAT_NAME,
    email: secretariat.email,
  });
  const at = Date.parse(entry.at);
  expect(at).toBeGreaterThanOrEqual(started - 1000);
  expect(at).toBeLessThanOrEqual(Date.now() + 1000);
  return entry;
}

/** An organisation that applied and waits for the secretariat. */
async function applicant(name: string): Promise<{ session: Session; orgId: string }> {
  const session = await h.signIn(uniqueEmail('applicant'));
  const org = await h.organization(session, { name });
  await h.apply(session, platformId, org.id);
  return { session, orgId: org.id };
}

const decide = (orgId: string, action: string, as: Session = secretariat, json: unknown = {}) =>
  h.request(`/v1/platforms/${platformId}/memberships/${orgId}/${action}`, { method: 'POST', as, json });

const page = (s: Session, path: string) => h.request(path, { headers: { cookie: s.cookie } });

beforeAll(async () => {
  h = await createHarness();
  const email = uniqueEmail('jimukyoku');
  const otherEmail = uniqueEmail('other-jimukyoku');
  platformId = await h.platform({}, [email]);
  otherPlatformId = await h.platform({}, [otherEmail]);
  secretariat = await h.signIn(email);
  otherSecretariat = await h.signIn(otherEmail);
  await jsonOf(
    await h.request('/v1/me', { method: 'PATCH', as: secretariat, json: { name: SECRETARIAT_NAME } }),
  );
  npo = await h.member(platformId, secretariat, 'npo', { name: 'NPO法人 かわぐち子ども食堂ネット' });
});

describe('each secretariat action leaves exactly one entry: who, when, what', () => {
  it('approving, with the organisation, the status and the tier before and after', async () => {
    const { orgId } = await applicant('カフェ こもれび');
    const entry = await oneEntry(async () =>
      jsonOf<Membership>(await decide(orgId, 'approve', secretariat, { tier: 'cooperating' })),
    );
    expect(entry).toMatchObject({
      action: 'membership.approve',
      target: { kind: 'organization', id: orgId, label: 'カフェ こもれび' },
      before: { status: 'pending', tier: 'member' },
      after: { status: 'approved', tier: 'cooperating' },
    });
  });

  it('suspending and withdrawing a member on its behalf', async () => {
    const { orgId } = await applicant('子ども学習支援の会');
    await h.approve(secretariat, platformId, orgId);
    const suspended = await oneEntry(async () => jsonOf(await decide(orgId, 'suspend')));
    expect(suspended).toMatchObject({
      action: 'membership.suspend',
      target: { id: orgId, label: '子ども学習支援の会' },
      before: { status: 'approved' },
      after: { status: 'suspended' },
    });
    const withdrawn = await oneEntry(async () => jsonOf(await decide(orgId, 'withdraw')));
    expect(withdrawn).toMatchObject({ action: 'membership.withdraw', after: { status: 'withdrawn' } });
  });

  it('changing a tier, with the tier before and after', async () => {
    const current = await jsonOf<Membership>(
      await h.request(`/v1/platforms/${platformId}/memberships/${npo.org.id}`, { as: secretariat }),
    );
    const entry = await oneEntry(async () =>
      jsonOf(
        await h.request(`/v1/platforms/${platformId}/memberships/${npo.org.id}`, {
          method: 'PATCH',
          as: secretariat,
          json: { version: current.version, tier: 'supporting' },
        }),
      ),
    );
    expect(entry).toMatchObject({
      action: 'membership.tier',
      target: { kind: 'organization', id: npo.org.id, label: 'NPO法人 かわぐち子ども食堂ネット' },
      before: { tier: current.tier },
      after: { tier: 'supporting' },
    });
  });

  it('posting news, with its title', async () => {
    let news: News | undefined;
    const entry = await oneEntry(async () => {
      news = await jsonOf<News>(
        await h.request(`/v1/platforms/${platformId}/news`, {
          method: 'POST',
          as: secretariat,
          json: { kind: 'news', title: '交流会のお知らせ', body: '12月に交流会を開きます。' },
        }),
        201,
      );
    });
    expect(entry).toMatchObject({
      action: 'news.post',
      target: { kind: 'news', id: news!.id, label: '交流会のお知らせ' },
    });
  });

  it('running the matching and the digest by hand, with what they did', async () => {
    const round = await oneEntry(async () =>
      jsonOf(await h.request(`/v1/platforms/${platformId}/runs/match`, { method: 'POST', as: secretariat })),
    );
    expect(round).toMatchObject({ action: 'run.match', target: { kind: 'run' } });
    expect(round.detail).toEqual(
      expect.objectContaining({ proposals: expect.any(Number), written: expect.any(Number) }),
    );
    const digest = await oneEntry(async () =>
      jsonOf(await h.request(`/v1/platforms/${platformId}/runs/digest`, { method: 'POST', as: secretariat })),
    );
    expect(digest).toMatchObject({ action: 'run.digest', target: { kind: 'run' } });
    expect(digest.detail?.week).toMatch(/^\d{4}-W\d{2}$/);
  });

  it('adding a person to the secretariat, with their address', async () => {
    const email = uniqueEmail('new-jimukyoku');
    const entry = await oneEntry(async () =>
      jsonOf(
        await h.request(`/v1/platforms/${platformId}/secretariat`, {
          method: 'POST',
          as: secretariat,
          json: { email },
        }),
        201,
      ),
    );
    expect(entry).toMatchObject({ action: 'secretariat.add', target: { kind: 'person', label: email } });
  });

  it("changing the platform's settings, with only what changed", async () => {
    const platform = await jsonOf<{ name: string; version: number }>(
      await h.request(`/v1/platforms/${platformId}`),
    );
    const entry = await oneEntry(async () =>
      jsonOf(
        await h.request(`/v1/platforms/${platformId}`, {
          method: 'PATCH',
          as: secretariat,
          json: {
            version: platform.version,
            name: '新しい名前のプラットフォーム',
            digest: { weekday: 2, hour: 9 },
          },
        }),
      ),
    );
    expect(entry).toMatchObject({
      action: 'platform.update',
      before: { name: platform.name },
      after: { name: '新しい名前のプラットフォーム', digest: '{"weekday":2,"hour":9}' },
    });
  });

  it('exporting the introductions as CSV, with the number of rows', async () => {
    const entry = await oneEntry(async () => {
      const res = await page(secretariat, `/platforms/${platformId}/admin/export.csv`);
      expect(res.status).toBe(200);
      await res.text();
    });
    expect(entry).toMatchObject({
      action: 'export.introductions',
      target: { kind: 'export', id: expect.stringMatching(/^tsunagu-.+-introductions-\d{8}\.csv$/) },
      detail: { rows: expect.any(Number) },
    });
  });
});

describe('an action that is refused or fails leaves no entry', () => {
  it('approving an approved member (409), a stale tier change (409), an unknown tier (400)', async () => {
    const before = await log();
    await expectProblem(await decide(npo.org.id, 'approve'), 409);
    const current = await jsonOf<Membership>(
      await h.request(`/v1/platforms/${platformId}/memberships/${npo.org.id}`, { as: secretariat }),
    );
    await expectProblem(
      await h.request(`/v1/platforms/${platformId}/memberships/${npo.org.id}`, {
        method: 'PATCH',
        as: secretariat,
        json: { version: current.version - 1, tier: 'member' },
      }),
      409,
      'stale-version',
    );
    await expectProblem(
      await h.request(`/v1/platforms/${platformId}/memberships/${npo.org.id}`, {
        method: 'PATCH',
        as: secretariat,
        json: { version: current.version, tier: 'no-such-tier' },
      }),
      400,
    );
    expect(await log()).toEqual(before);
    const still = await jsonOf<Membership>(
      await h.request(`/v1/platforms/${platformId}/memberships/${npo.org.id}`, { as: secretariat }),
    );
    expect(still).toEqual(current);
  });

  it('an owner withdrawing their own organisation is not a secretariat action', async () => {
    const { session, orgId } = await applicant('退会する団体');
    await h.approve(secretariat, platformId, orgId);
    const before = await log();
    await jsonOf(await decide(orgId, 'withdraw', session));
    expect(await log()).toEqual(before);
  });
});

describe('reading the log', () => {
  it('newest first, a page at a time, every entry once', async () => {
    for (const title of ['一つ目', '二つ目', '三つ目'])
      await jsonOf(
        await h.request(`/v1/platforms/${platformId}/news`, {
          method: 'POST',
          as: secretariat,
          json: { kind: 'news', title, body: '本文' },
        }),
        201,
      );
    const whole = await log();
    const paged = await log(secretariat, 2);
    expect(paged).toEqual(whole);
    expect(whole.slice(0, 3).map((e) => e.target?.label)).toEqual(['三つ目', '二つ目', '一つ目']);
    const times = whole.map((e) => `${e.at}#${e.id}`);
    expect(times).toEqual([...times].sort().reverse());
    expect(new Set(whole.map((e) => e.id)).size).toBe(whole.length);
  });

  it('a cursor of another list is refused (400)', async () => {
    const other = await jsonOf<Page<unknown>>(
      await h.request(`/v1/platforms/${platformId}/memberships?limit=1`, { as: secretariat }),
    );
    expect(other.nextCursor).toBeTruthy();
    await expectProblem(
      await h.request(`/v1/platforms/${platformId}/audit?cursor=${encodeURIComponent(other.nextCursor!)}`, {
        as: secretariat,
      }),
      400,
    );
  });

  it('only for the platform’s secretariat', async () => {
    await expectProblem(await h.request(`/v1/platforms/${platformId}/audit`), 401);
    await expectProblem(await h.request(`/v1/platforms/${platformId}/audit`, { as: npo.session }), 403);
    await expectProblem(await h.request(`/v1/platforms/${platformId}/audit`, { as: otherSecretariat }), 403);
    expect((await page(npo.session, `/platforms/${platformId}/admin/audit`)).status).toBe(404);
    expect((await page(otherSecretariat, `/platforms/${platformId}/admin/audit.csv`)).status).toBe(404);
    // Each platform has its own log: the other one's secretariat did nothing here.
    const theirs = await jsonOf<Page<AuditEntry>>(
      await h.request(`/v1/platforms/${otherPlatformId}/audit`, { as: otherSecretariat }),
    );
    expect(theirs.items).toEqual([]);
  });

  it('the page says in Japanese who did what, newest first, linked from the menu', async () => {
    const res = await page(secretariat, `/platforms/${platformId}/admin/audit`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('操作記録');
    expect(html).toContain(`href="/platforms/${platformId}/admin/audit.csv"`);
    expect(html).toContain(`${SECRETARIAT_NAME}がお知らせ「三つ目」を掲載しました`);
    expect(html).toContain(
      `${SECRETARIAT_NAME}が「カフェ こもれび」の参加を承認しました（会員区分: 会員 → 協力会員）`,
    );
    expect(html).toContain(
      `${SECRETARIAT_NAME}が「NPO法人 かわぐち子ども食堂ネット」の会員区分を会員から賛助会員に変更しました`,
    );
    expect(html.indexOf('「三つ目」')).toBeLessThan(html.indexOf('「一つ目」'));
    const dashboard = await (await page(secretariat, `/platforms/${platformId}/admin`)).text();
    expect(dashboard).toContain(`href="/platforms/${platformId}/admin/audit"`);
  });

  it('the page goes on to older entries 50 at a time', async () => {
    const total = (await log()).length;
    for (let i = total; i < 52; i++)
      await jsonOf(
        await h.request(`/v1/platforms/${platformId}/news`, {
          method: 'POST',
          as: secretariat,
          json: { kind: 'news', title: `お知らせ ${i}`, body: '本文' },
        }),
        201,
      );
    const first = await (await page(secretariat, `/platforms/${platformId}/admin/audit`)).text();
    expect(first.match(/<tr>/g)?.length).toBe(51); // the head and 50 entries
    const next = first.match(/href="([^"]*\/admin\/audit\?cursor=[^"]+)"/)?.[1];
    expect(next).toBeTruthy();
    const second = await page(secretariat, next!.replaceAll('&amp;', '&'));
    expect(second.status).toBe(200);
    const html = await second.text();
    expect(html).toContain('最新の記録へ');
    // The oldest entry (the first approval) is on the second page only.
    const oldest = '「NPO法人 かわぐち子ども食堂ネット」の参加を承認しました';
    expect(first).not.toContain(oldest);
    expect(html).toContain(oldest);
    expect(html).not.toContain('「お知らせ 51」');
    expect(first).toContain('「お知らせ 51」');
  });

  it('the CSV: BOM, the whole log newest first, formulas defused, and the download itself recorded', async () => {
    await jsonOf(
      await h.request(`/v1/platforms/${platformId}/news`, {
        method: 'POST',
        as: secretariat,
        json: { kind: 'news', title: '=HYPERLINK("http://evil.example","詳しく")', body: '本文' },
      }),
      201,
    );
    const before = await log();
    const res = await page(secretariat, `/platforms/${platformId}/admin/audit.csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(
      new RegExp(`^attachment; filename="tsunagu-${platformId}-audit-\\d{8}\\.csv"$`),
    );
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    const lines = text.split('\r\n').filter((l) => l !== '');
    expect(lines[0]).toBe(
      '日時,操作,内容,操作した人,操作した人のID,操作した人のメールアドレス,対象の種類,対象のID,対象,変更前,変更後,詳細,記録ID',
    );
    expect(lines.length).toBe(before.length + 1);
    expect(lines[1]).toContain('news.post');
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil.example"",""詳しく"")"`);
    expect(lines[1]!.endsWith(before[0]!.id)).toBe(true);
    const approval = lines.find((l) => l.includes('「カフェ こもれび」の参加を承認しました'));
    expect(approval).toMatch(/,(status: 承認待ち; tier: 会員|tier: 会員; status: 承認待ち),/);
    const after = await log();
    expect(after.length).toBe(before.length + 1);
    expect(after[0]).toMatchObject({
      action: 'export.audit',
      actor: { personId: secretariat.personId, name: SECRETARIAT_NAME },
      detail: { rows: before.length },
    });
  });
});

describe('in English', () => {
  it('a secretariat member who reads English reads the log in English only', async () => {
    await jsonOf(await h.request('/v1/me', { method: 'PATCH', as: secretariat, json: { language: 'en' } }));
    try {
      const html = await (await page(secretariat, `/platforms/${platformId}/admin/audit`)).text();
      expect(html).toContain('<h1>Audit log</h1>');
      expect(html).toContain(`${SECRETARIAT_NAME} exported the audit log as CSV`);
      expect(html).not.toMatch(/しました|操作記録/);
    } finally {
      await jsonOf(await h.request('/v1/me', { method: 'PATCH', as: secretariat, json: { language: 'ja' } }));
    }
  });
});
