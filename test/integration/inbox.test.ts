import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Match } from '#domain';
import { createHarness, type Harness, jsonOf, type Page, type Session, uniqueEmail } from '#test/harness';

// The inbox merges two streams (the organisation as need side and as offer side); paging through
// it must give every match once, newest first, whatever the page size.

function matchBetween(needOrg: string, offerOrg: string, createdAt: string): Match {
  return {
    id: ulid(),
    platformId: 'inbox-test',
    origin: 'round',
    roundId: 'r1',
    needId: ulid(),
    offerId: ulid(),
    needOrganizationId: needOrg,
    offerOrganizationId: offerOrg,
    kind: 'venue',
    score: 0.5,
    breakdown: { field: 1, region: 0.5, capacity: 0.5, timing: 0.5, freshness: 0.5 },
    explanation: {
      ja: 'オンラインで対応できます。どちらも「子ども・若者支援」の分野です。',
      en: 'Available online. Both are in the same field: Support for children and young people.',
    },
    status: 'proposed',
    respondBy: '2027-01-01T00:00:00.000Z',
    responses: {},
    outcomes: {},
    createdAt,
    updatedAt: createdAt,
    version: 1,
  };
}

describe("an organisation's inbox", () => {
  let h: Harness;
  let me: Session;
  let orgId: string;
  let expected: string[];

  beforeAll(async () => {
    h = await createHarness();
    me = await h.signIn(uniqueEmail('inbox'));
    orgId = (await h.organization(me)).id;
    const other = ulid();
    const all: Match[] = [];
    for (let i = 0; i < 23; i++) {
      const at = new Date(Date.UTC(2026, 10, 1, 0, 0, i)).toISOString();
      // Irregular interleaving of the two sides, so page boundaries fall everywhere.
      all.push(i % 3 === 0 ? matchBetween(other, orgId, at) : matchBetween(orgId, other, at));
    }
    all.push(matchBetween(other, ulid(), '2026-11-02T00:00:00.000Z')); // not ours
    for (const m of all) expect(await h.ctx.store.matches.propose(m)).toBe('proposed');
    expected = all
      .filter((m) => m.needOrganizationId === orgId || m.offerOrganizationId === orgId)
      .sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1))
      .map((m) => m.id);
  });

  it.each([1, 4, 7, 23, 50])('lists every match once, newest first, in pages of %i', async (limit) => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `/v1/matches?organizationId=${orgId}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
      const page: Page<Match> = await jsonOf<Page<Match>>(await h.request(query, { as: me }));
      expect(page.items.length).toBeLessThanOrEqual(limit);
      seen.push(...page.items.map((m) => m.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 100);
    expect(seen).toEqual(expected);
  });

  it('writes a pair only once, even for a second match id', async () => {
    const first = matchBetween(orgId, ulid(), '2026-11-03T00:00:00.000Z');
    const again = { ...first, id: ulid(), roundId: 'r2' };
    expect(await h.ctx.store.matches.propose(first)).toBe('proposed');
    expect(await h.ctx.store.matches.propose(again)).toBe('pair-exists');
    expect(await h.ctx.store.matches.get(again.id)).toBeUndefined();
  });
});
