import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { sesLocalStore } from '#local';
import {
  CURRENT_CONSENT,
  createHarness,
  errorPaths,
  expectProblem,
  type Harness,
  invitationTokenFrom,
  jsonOf,
  type Session,
  uniqueEmail,
} from '#test/harness';
import { getPage, postForm } from '#test/pages';

// Issue 17.7: a secretariat imports the member list it keeps in a spreadsheet. Every row error is
// shown before anything is written; each good row becomes an approved member whose contact person
// is invited once; the same file again changes nothing and mails nobody.

interface Upload {
  id: string;
  format: string;
  headers: string[];
  rowCount: number;
  mapping: (string | null)[];
}
interface Preview {
  new: number;
  changed: number;
  unchanged: number;
  invalid: number;
  errors: { line: number; column: string; message: string }[];
}
interface Result extends Preview {
  invited: number;
  skipped: number;
}

let h: Harness;
let secretariat: Session;
/** Each describe imports into a platform of its own: member numbers are per platform. */
let platformId: string;

beforeAll(async () => {
  h = await createHarness();
  const email = uniqueEmail('jimukyoku');
  secretariat = await h.signIn(email);
});

/** A new platform whose secretariat is `secretariat`. */
async function freshPlatform() {
  platformId = await h.platform({}, [secretariat.email]);
  // The secretariat's session reads its roles afresh on each request.
}

const HEADER = '会員番号,団体名,フリガナ,所在地,担当者氏名,メールアドレス,会員区分';

/** A list of `n` organisations, each with its own contact address under `domain`. */
function memberList(n: number, domain: string): string[] {
  const tiers = ['会員', '協力会員', '賛助会員', ''];
  const places = [
    'さいたま市浦和区高砂3-15-1',
    '埼玉県川口市本町1-1',
    '熊谷市宮町2-47',
    '北足立郡伊奈町小室1',
  ];
  return Array.from(
    { length: n },
    (_, i) =>
      `${i + 1},つながり団体${i + 1},ツナガリダンタイ,${places[i % places.length]},担当 ${i + 1},m${i + 1}@${domain},${tiers[i % tiers.length]}`,
  );
}

const upload = (bytes: Uint8Array, as = secretariat, type = 'text/csv') =>
  h.request(`/v1/platforms/${platformId}/imports?name=members.csv`, {
    method: 'POST',
    as,
    headers: { 'content-type': type },
    body: bytes,
  });
const preview = (id: string, mapping: (string | null)[], as = secretariat) =>
  h.request(`/v1/platforms/${platformId}/imports/${id}/preview`, { method: 'POST', as, json: { mapping } });
const run = (id: string, mapping: (string | null)[], as = secretariat) =>
  h.request(`/v1/platforms/${platformId}/imports/${id}/run`, { method: 'POST', as, json: { mapping } });

async function mailsTo(domain: string) {
  // Everything due, however many: one sender run stops after a batch.
  while ((await h.drain()).sent > 0);
  const all = await sesLocalStore(h.config.sesEndpoint!).list();
  return all.filter((m) => m.destination.to.some((to) => to.endsWith(`@${domain}`)));
}

describe('importing a 300-row CP932 list with 5 bad rows', () => {
  beforeAll(freshPlatform);

  const domain = `cp932-${ulid().toLowerCase()}.example.jp`;
  const rows = memberList(300, domain);
  // The five faults, each on its own row (spreadsheet rows 11, 51, 101, 201, 301).
  rows[9] = `10,つながり団体10,,さいたま市,担当 10,not-an-address,会員`;
  rows[49] = `50,,,さいたま市,担当 50,m50@${domain},会員`;
  rows[99] = `100,つながり団体100,,さいたま市,担当 100,m100@${domain},理事`;
  rows[199] = `200,つながり団体200,,どこでもない町,担当 200,m200@${domain},会員`;
  rows[299] = `1,つながり団体1の再掲,,さいたま市,担当,x@${domain},会員`;
  const file = new Uint8Array(iconv.encode(`${HEADER}\r\n${rows.join('\r\n')}\r\n`, 'cp932'));

  let first: Upload;
  it('reads the Shift_JIS file and guesses every column', async () => {
    first = await jsonOf<Upload>(await upload(file), 201);
    expect(first).toMatchObject({ format: 'csv-cp932', rowCount: 300 });
    expect(first.headers[1]).toBe('団体名');
    expect(first.mapping).toEqual([
      'externalId',
      'name',
      'nameKana',
      'address',
      'contactName',
      'contactEmail',
      'tier',
    ]);
  });

  it('shows exactly the 5 bad rows before anything is written', async () => {
    const shown = await jsonOf<Preview>(await preview(first.id, first.mapping));
    expect(shown).toMatchObject({ new: 295, changed: 0, unchanged: 0, invalid: 5 });
    expect(shown.errors.map((e) => [e.line, e.column])).toEqual([
      [11, 'メールアドレス'],
      [51, '団体名'],
      [101, '会員区分'],
      [201, '所在地'],
      [301, '会員番号'],
    ]);
    expect(shown.errors[4]!.message).toContain('2行目と同じ団体です');
    expect(await mailsTo(domain)).toEqual([]);
    const members = await h.ctx.store.memberships.organizationsWithStatus(platformId, 'approved');
    expect(members).toEqual([]);
  });

  it('imports 295 approved members and invites each contact person once', async () => {
    const result = await jsonOf<Result>(await run(first.id, first.mapping));
    expect(result).toMatchObject({
      new: 295,
      changed: 0,
      unchanged: 0,
      invalid: 5,
      invited: 295,
      skipped: 0,
    });
    const approved = await h.ctx.store.memberships.organizationsWithStatus(platformId, 'approved');
    expect(approved).toHaveLength(295);
    const mails = await mailsTo(domain);
    expect(mails).toHaveLength(295);
    expect(new Set(mails.map((m) => m.destination.to[0])).size).toBe(295);
    expect(mails[0]!.subject).toContain('ご招待');
    expect(mails[0]!.body.text).toContain('の事務局が、「つながり団体');
  }, 180_000);

  it('the same file again: 0 changes, 0 mails', async () => {
    const again = await jsonOf<Upload>(await upload(file), 201);
    const shown = await jsonOf<Preview>(await preview(again.id, again.mapping));
    expect(shown).toMatchObject({ new: 0, changed: 0, unchanged: 295, invalid: 5 });
    const result = await jsonOf<Result>(await run(again.id, again.mapping));
    expect(result).toMatchObject({ new: 0, changed: 0, unchanged: 295, invited: 0 });
    expect(await mailsTo(domain)).toHaveLength(295);
    // Running the same upload twice (a double click) writes nothing more either.
    expect(await jsonOf<Result>(await run(first.id, first.mapping))).toMatchObject({
      new: 0,
      unchanged: 295,
    });
  });
});

describe('a changed row', () => {
  beforeAll(freshPlatform);

  it('updates only what changed, keeps what the member edited since, and mails nobody', async () => {
    const domain = `changed-${ulid().toLowerCase()}.example.jp`;
    const rows = memberList(3, domain).map((r) => r.replace(/^(\d+)/, (n) => `C${n}`));
    const firstFile = new TextEncoder().encode(`${HEADER}\n${rows.join('\n')}\n`);
    const up = await jsonOf<Upload>(await upload(firstFile), 201);
    await jsonOf<Result>(await run(up.id, up.mapping));
    const records = await h.ctx.store.imports.records(platformId);
    const orgId = records.get('no:c2')!.organizationId;
    // The member edits its description meanwhile (what the import does not carry).
    const before = (await h.ctx.store.organizations.get(orgId))!;
    await h.ctx.store.organizations.update(
      { ...before, description: '団体が自分で書いた紹介' },
      before.version,
    );

    rows[1] = rows[1]!.replace('担当 2', '新しい担当者').replace(/,協力会員$/, ',賛助会員');
    const secondFile = new TextEncoder().encode(`${HEADER}\n${rows.join('\n')}\n`);
    const up2 = await jsonOf<Upload>(await upload(secondFile), 201);
    expect(await jsonOf<Preview>(await preview(up2.id, up2.mapping))).toMatchObject({
      changed: 1,
      unchanged: 2,
    });
    expect(await jsonOf<Result>(await run(up2.id, up2.mapping))).toMatchObject({
      changed: 1,
      unchanged: 2,
      invited: 0,
    });
    const after = (await h.ctx.store.organizations.get(orgId))!;
    expect(after.contact.name).toBe('新しい担当者');
    expect(after.description).toBe('団体が自分で書いた紹介');
    expect((await h.ctx.store.memberships.get(platformId, orgId))?.tier).toBe('supporting');
    expect(await mailsTo(domain)).toHaveLength(3);
  });
});

describe('the invited contact person', () => {
  beforeAll(freshPlatform);

  it('joins as the owner of the imported organisation by accepting the mailed link', async () => {
    const domain = `join-${ulid().toLowerCase()}.example.jp`;
    const up = await jsonOf<Upload>(
      await upload(new TextEncoder().encode(`${HEADER}\n${memberList(1, domain).join('\n')}\n`)),
      201,
    );
    await jsonOf<Result>(await run(up.id, up.mapping));
    const [mail] = await mailsTo(domain);
    const accepted = await jsonOf<{ organizationId: string; role: string; created: boolean }>(
      await h.request('/v1/invitations/accept', {
        method: 'POST',
        json: { token: invitationTokenFrom(mail!), consent: CURRENT_CONSENT },
      }),
      201,
    );
    expect(accepted).toMatchObject({ role: 'owner', created: true });
    expect((await h.ctx.store.memberships.get(platformId, accepted.organizationId))?.status).toBe('approved');
    // Opening the link mailed to the contact address proved it: mail for the organisation goes there.
    const org = await h.ctx.store.organizations.get(accepted.organizationId);
    expect(org?.contactVerification).toMatchObject({ email: `m1@${domain}` });
  });
});

describe('an .xlsx saved by a spreadsheet program', () => {
  beforeAll(freshPlatform);

  it('imports the same as its CSV', async () => {
    const xlsx = new Uint8Array(
      readFileSync(new URL('../unit/fixtures/import/members.xlsx', import.meta.url)),
    );
    const up = await jsonOf<Upload>(
      await upload(xlsx, secretariat, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'),
      201,
    );
    expect(up).toMatchObject({ format: 'xlsx', rowCount: 3 });
    const shown = await jsonOf<Preview>(await preview(up.id, up.mapping));
    expect(shown).toMatchObject({ new: 3, invalid: 0 });
  });
});

describe('what the import refuses', () => {
  beforeAll(freshPlatform);

  it('a mapping without a required column, one column twice, an unknown field: 400 with paths', async () => {
    const up = await jsonOf<Upload>(
      await upload(new TextEncoder().encode(`${HEADER}\n${memberList(1, 'x.example.jp').join('\n')}\n`)),
      201,
    );
    const withoutEmail = up.mapping.map((m) => (m === 'contactEmail' ? null : m));
    const p1 = await expectProblem(await preview(up.id, withoutEmail), 400, 'validation');
    expect(p1.errors?.[0]?.message).toContain('担当者のメールアドレス');
    const twice = up.mapping.map((m) => (m === 'nameKana' ? 'name' : m));
    expect(errorPaths(await expectProblem(await preview(up.id, twice), 400, 'validation'))).toEqual([
      'mapping.2',
    ]);
    const unknown = up.mapping.map((m, i) => (i === 0 ? 'constructor' : m));
    expect(errorPaths(await expectProblem(await run(up.id, unknown), 400, 'validation'))).toEqual([
      'mapping.0',
    ]);
  });

  it('an unreadable file is a 400 at file; an unknown upload a 410; members and strangers 404/403', async () => {
    const bad = await expectProblem(
      await upload(new Uint8Array([0x82, 0xff, 0xfe, 0x80])),
      400,
      'validation',
    );
    expect(errorPaths(bad)).toEqual(['file']);
    await expectProblem(await preview(ulid(), [null]), 410, 'import-gone');
    const stranger = await h.signIn(uniqueEmail('stranger'));
    const refused = await upload(new TextEncoder().encode(`${HEADER}\n1,a,,埼玉県,a,a@x.jp,\n`), stranger);
    expect([403, 404]).toContain(refused.status);
  });

  it('a file over 4 MB is a 413', async () => {
    const big = new Uint8Array(4 * 1024 * 1024 + 128 * 1024).fill(0x41);
    await expectProblem(await upload(big), 413);
  });
});

describe('the pages (事務局 › 名簿の取り込み)', () => {
  beforeAll(freshPlatform);

  const uploadPage = (list: string, as = secretariat, csrf = as.csrfToken) => {
    const form = new FormData();
    form.append('_csrf', csrf);
    form.append('file', new File([iconv.encode(list, 'cp932')], '会員名簿.csv', { type: 'text/csv' }));
    return h.request(`/platforms/${platformId}/admin/import`, {
      method: 'POST',
      headers: { cookie: as.cookie },
      body: form,
    });
  };

  it('upload, preview with the errors, change a column, import: the counts in the notice and the audit log', async () => {
    const domain = `pages-${ulid().toLowerCase()}.example.jp`;
    const list = `団体名,担当者,メールアドレス,所在地,備考\nひだまりの会,山田,a@${domain},さいたま市浦和区,\n誤りの会,田中,not-mail,さいたま市,\n`;
    const start = await getPage(h, `/platforms/${platformId}/admin/import`, secretariat);
    expect(start.status).toBe(200);
    expect(await start.text()).toContain('enctype="multipart/form-data"');

    const uploaded = await uploadPage(list);
    expect(uploaded.status).toBe(303);
    const previewPath = uploaded.headers.get('location')!;
    const html = await (await getPage(h, previewPath, secretariat)).text();
    expect(html).toContain('会員名簿.csv');
    expect(html).toContain('CSV（Shift_JIS）');
    expect(html).toContain('新しい会員 1団体');
    expect(html).toMatch(/<td>3<\/td>\s*<td>メールアドレス<\/td>/);
    expect(html).toContain('1団体を取り込む');

    // Without a name column: the page says which column to choose, and offers no import.
    const noName = await postForm(h, previewPath, secretariat, {
      m0: '',
      m1: 'contactName',
      m2: 'contactEmail',
      m3: 'address',
      m4: '',
      action: 'preview',
    });
    expect(noName.status).toBe(400);
    const noNameHtml = await noName.text();
    expect(noNameHtml).toContain('「団体名」にあたる列を選んでください');
    expect(noNameHtml).not.toContain('団体を取り込む');

    const run = await postForm(h, previewPath, secretariat, {
      m0: 'name',
      m1: 'contactName',
      m2: 'contactEmail',
      m3: 'address',
      m4: '',
      defaultTier: 'cooperating',
      action: 'run',
    });
    expect(run.status).toBe(303);
    const done = await (await getPage(h, run.headers.get('location')!, secretariat)).text();
    expect(done).toContain('新しい会員 1団体（招待メール 1通）');
    const [approved] = await h.ctx.store.memberships.organizationsWithStatus(platformId, 'approved');
    expect((await h.ctx.store.memberships.get(platformId, approved!))?.tier).toBe('cooperating');
    const audit = await (await getPage(h, `/platforms/${platformId}/admin/audit`, secretariat)).text();
    expect(audit).toContain('会員名簿「会員名簿.csv」を取り込みました（新しい会員 1団体');
  });

  it('a file that cannot be read is explained on the page; without the CSRF token nothing is kept', async () => {
    const bad = new FormData();
    bad.append('_csrf', secretariat.csrfToken);
    bad.append('file', new File([new Uint8Array([0x82, 0xff, 0xfe, 0x80])], 'x.csv'));
    const res = await h.request(`/platforms/${platformId}/admin/import`, {
      method: 'POST',
      headers: { cookie: secretariat.cookie },
      body: bad,
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('文字コードを読み取れませんでした');
    const forged = await uploadPage('団体名,担当者\nA,a\n', secretariat, 'x'.repeat(43));
    expect(forged.status).toBe(403);
  });
});
