import { beforeAll, describe, expect, it } from 'vitest';
import type { ApplicationForm } from '#domain';
import { createHarness, type Harness, jsonOf, type Member, type Session, uniqueEmail } from '#test/harness';
import { getPage } from '#test/pages';

// Issue 17.6: the members-only roster. Members that agreed to roster sharing see each other's
// contact person; a member that did not is listed without one, and sees no contact itself; the
// secretariat exports it as CSV with the platform's questions as columns.

interface RosterEntry {
  organizationId: string;
  name: string;
  sharesContact: boolean;
  contact?: { name: string; email: string };
  phone?: string;
}
interface Roster {
  items: RosterEntry[];
  sharingAsked: boolean;
  readerSees: boolean;
}

let h: Harness;
let platformId: string;
let secretariat: Session;
let a: Member; // shares
let b: Member; // shares
let c: Member; // does not
let form: ApplicationForm;

beforeAll(async () => {
  h = await createHarness();
  const email = uniqueEmail('jimukyoku');
  platformId = await h.platform({}, [email]);
  secretariat = await h.signIn(email);
  form = await jsonOf<ApplicationForm>(
    await h.request(`/v1/platforms/${platformId}/application-form`, {
      method: 'PUT',
      as: secretariat,
      json: {
        version: 0,
        questions: [{ kind: 'text', ja: '代表者のお名前', required: true }],
        consents: [
          { purpose: 'antisocial', ja: '反社会的勢力でないことを表明します。', required: true },
          { purpose: 'roster', ja: '会員名簿への情報共有について同意します。', required: false },
        ],
      },
    }),
  );
  const roster = form.consents.find((x) => x.purpose === 'roster')!;
  const join = async (label: string, name: string, shares: boolean, extra: Record<string, unknown> = {}) => {
    const session = await h.signIn(uniqueEmail(label));
    const contact = { name: `${label} 担当`, email: uniqueEmail(`${label}-contact`) };
    const org = await h.organization(session, { name, contact, phone: '048-123-4567', ...extra });
    await jsonOf(
      await h.request(`/v1/platforms/${platformId}/memberships`, {
        method: 'POST',
        as: session,
        json: {
          organizationId: org.id,
          tier: 'member',
          answers: { [form.questions[0]!.id]: `${name}の代表` },
          consents: form.consents
            .filter((x) => shares || x.id !== roster.id)
            .map((x) => ({ id: x.id, version: x.version })),
        },
      }),
      201,
    );
    await h.approve(secretariat, platformId, org.id);
    return { session, org };
  };
  a = await join('roster-a', '=1+1 あおぞらの会', true);
  b = await join('roster-b', 'みどり子ども食堂', true);
  c = await join('roster-c', 'ひっそりの会', false);
});

const rosterAs = async (as: Session) =>
  jsonOf<Roster>(await h.request(`/v1/platforms/${platformId}/roster`, { as }));
const byName = (r: Roster, name: string) => r.items.find((i) => i.name === name)!;

describe('the roster', () => {
  it('a sharing member sees the contacts of sharing members, and not the one that did not agree', async () => {
    const r = await rosterAs(a.session);
    expect(r).toMatchObject({ sharingAsked: true, readerSees: true });
    expect(r.items).toHaveLength(3);
    expect(byName(r, 'みどり子ども食堂')).toMatchObject({
      sharesContact: true,
      contact: b.org.contact,
      phone: '048-123-4567',
    });
    const hidden = byName(r, 'ひっそりの会');
    expect(hidden.sharesContact).toBe(false);
    expect(hidden).not.toHaveProperty('contact');
    expect(hidden).not.toHaveProperty('phone');
    expect(JSON.stringify(r)).not.toContain(c.org.contact.email);
  });

  it('a member that did not agree is listed, and sees no contact at all', async () => {
    const r = await rosterAs(c.session);
    expect(r.readerSees).toBe(false);
    expect(r.items.map((i) => i.name).sort()).toEqual(
      ['=1+1 あおぞらの会', 'ひっそりの会', 'みどり子ども食堂'].sort(),
    );
    expect(r.items.every((i) => i.contact === undefined)).toBe(true);
    const page = await (await getPage(h, `/platforms/${platformId}/roster`, c.session)).text();
    expect(page).toContain('貴団体が同意すると');
    expect(page).not.toContain(b.org.contact.email);
  });

  it('the page shows shared contacts and filters by field; the secretariat sees what members share', async () => {
    const page = await (await getPage(h, `/platforms/${platformId}/roster`, a.session)).text();
    expect(page).toContain(b.org.contact.email);
    expect(page).not.toContain(c.org.contact.email);
    const field = a.org.activityFields![0]!;
    const filtered = await rosterAs(a.session);
    expect(filtered.items.length).toBeGreaterThan(0);
    const none = await jsonOf<Roster>(
      await h.request(`/v1/platforms/${platformId}/roster?field=${field === 'lgbtq' ? 'tourism' : 'lgbtq'}`, {
        as: a.session,
      }),
    );
    expect(none.items).toHaveLength(0);
    const r = await rosterAs(secretariat);
    expect(r.readerSees).toBe(true);
    expect(byName(r, 'ひっそりの会')).not.toHaveProperty('contact');
  });

  it('only members and the secretariat read it', async () => {
    const outsider = await h.signIn(uniqueEmail('outsider'));
    expect((await h.request(`/v1/platforms/${platformId}/roster`, { as: outsider })).status).toBe(403);
    expect((await h.request(`/v1/platforms/${platformId}/roster`)).status).toBe(401);
  });

  it('the CSV: BOM, the questions as columns, formulas defused, no contact of a member that did not agree, recorded', async () => {
    const res = await getPage(h, `/platforms/${platformId}/admin/roster.csv`, secretariat);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text.startsWith('団体名,')).toBe(true);
    const [header, ...rows] = text.trimEnd().split('\r\n');
    expect(header!.split(',')).toContain('代表者のお名前');
    expect(rows).toHaveLength(3);
    expect(text).toContain("'=1+1 あおぞらの会");
    expect(text).toContain('みどり子ども食堂の代表');
    expect(text).toContain(b.org.contact.email);
    expect(text).not.toContain(c.org.contact.email);
    const audit = await (await getPage(h, `/platforms/${platformId}/admin/audit`, secretariat)).text();
    expect(audit).toContain('会員名簿をCSVで書き出しました（3団体）');
    expect((await getPage(h, `/platforms/${platformId}/admin/roster.csv`, a.session)).status).toBe(404);
  });
});
