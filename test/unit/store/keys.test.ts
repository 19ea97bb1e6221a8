import { describe, expect, it } from 'vitest';
import { keys, STORAGE_ATTRIBUTES } from '../../../shared/store/keys';

// The key scheme decides which Query finds which item: each list's key condition must select
// exactly the items written for it, and nothing of another entity.

const ORG = '01HZY0000000000000000000OR';
const OTHER_ORG = '01HZY0000000000000000000OT';
const PERSON = '01HZY0000000000000000000PE';
const ID = '01HZY0000000000000000000ID';

/** What a Query with this key condition would select, given an item's attributes. */
function selects(
  query: { pk: string; skPrefix?: string | undefined; index?: string },
  item: Record<string, string | undefined>,
): boolean {
  const pkName = query.index ? `${query.index}pk` : 'pk';
  const skName = query.index ? `${query.index}sk` : 'sk';
  return (
    item[pkName] === query.pk && (query.skPrefix === undefined || !!item[skName]?.startsWith(query.skPrefix))
  );
}

const membershipItem = (platformId: string, organizationId: string, status: string) => ({
  ...keys.membership(platformId, organizationId),
  ...keys.membershipIndex(platformId, organizationId, status),
});

const postingItem = (
  type: 'NEED' | 'OFFER',
  p: { platformId: string; status: string; kind: string; organizationId?: string },
) => ({
  ...keys.posting(type, ID),
  ...keys.postingIndex(type, { id: ID, organizationId: ORG, updatedAt: '2026-12-07T08:00:00.000Z', ...p }),
});

describe('memberships', () => {
  it("live in the organisation's partition, found by the memberships-of-organisation prefix", () => {
    const item = membershipItem('saitama', ORG, 'approved');

    expect(selects(keys.membershipsOfOrganization(ORG), item)).toBe(true);
    expect(selects(keys.membershipsOfOrganization(OTHER_ORG), item)).toBe(false);
    expect(selects(keys.membershipsOfOrganization(ORG), keys.organization(ORG))).toBe(false);
  });

  it('are listed by platform and status, and a status list never shows another status', () => {
    const pending = membershipItem('saitama', ORG, 'pending');

    expect(selects(keys.membersOfPlatform('saitama', 'pending'), pending)).toBe(true);
    expect(selects(keys.membersOfPlatform('saitama'), pending)).toBe(true);
    expect(selects(keys.membersOfPlatform('saitama', 'approved'), pending)).toBe(false);
    expect(selects(keys.membersOfPlatform('yamagata', 'pending'), pending)).toBe(false);
  });

  it('do not mix platforms whose ids share a prefix', () => {
    expect(selects(keys.membersOfPlatform('sai'), membershipItem('saitama', ORG, 'pending'))).toBe(false);
  });
});

describe('application forms', () => {
  it('sit beside their platform, apart from it, and in no list of platforms or members', () => {
    const form = keys.applicationForm('saitama');
    expect(form.pk).toBe(keys.platform('saitama').pk);
    expect(form.sk).not.toBe(keys.platform('saitama').sk);
    expect(keys.applicationForm('saitama-city')).not.toEqual(form);
    expect(selects(keys.platformList(), form)).toBe(false);
    expect(selects(keys.membersOfPlatform('saitama'), form)).toBe(false);
  });
});

describe('postings', () => {
  it('keep needs and offers with the same id apart', () => {
    expect(keys.posting('NEED', ID)).not.toEqual(keys.posting('OFFER', ID));
  });

  it('are listed by platform and status, and by kind through another index', () => {
    const need = postingItem('NEED', { platformId: 'saitama', status: 'open', kind: 'venue' });

    expect(selects(keys.postingsOfPlatform('NEED', 'saitama', 'open'), need)).toBe(true);
    expect(selects(keys.postingsOfPlatform('NEED', 'saitama', 'open', 'venue'), need)).toBe(true);
    expect(selects(keys.postingsOfPlatform('NEED', 'saitama', 'open', 'funding'), need)).toBe(false);
    expect(selects(keys.postingsOfPlatform('NEED', 'saitama', 'closed'), need)).toBe(false);
    expect(selects(keys.postingsOfPlatform('OFFER', 'saitama', 'open'), need)).toBe(false);
    expect(selects(keys.postingsOfPlatform('NEED', 'yamagata', 'open'), need)).toBe(false);
  });

  it('move from the open to the closed list when re-indexed with the new status', () => {
    const closed = postingItem('NEED', { platformId: 'saitama', status: 'closed', kind: 'venue' });

    expect(selects(keys.postingsOfPlatform('NEED', 'saitama', 'open'), closed)).toBe(false);
    expect(selects(keys.postingsOfPlatform('NEED', 'saitama', 'closed', 'venue'), closed)).toBe(true);
  });

  it('are listed by organisation, needs and offers separately', () => {
    const need = postingItem('NEED', { platformId: 'saitama', status: 'open', kind: 'venue' });

    expect(selects(keys.postingsOfOrganization('NEED', ORG), need)).toBe(true);
    expect(selects(keys.postingsOfOrganization('OFFER', ORG), need)).toBe(false);
    expect(selects(keys.postingsOfOrganization('NEED', OTHER_ORG), need)).toBe(false);
  });

  it('sort by id, so ULIDs give newest first when read backwards', () => {
    const index = keys.postingIndex('NEED', {
      id: ID,
      organizationId: ORG,
      platformId: 'saitama',
      status: 'open',
      kind: 'venue',
      updatedAt: '2026-12-07T08:00:00.000Z',
    });

    expect([index.gsi1sk, index.gsi2sk, index.gsi3sk]).toEqual([ID, ID, ID]);
  });

  it("feed every change of a platform's postings, both kinds and any status, by when it changed", () => {
    const at = (updatedAt: string, type: 'NEED' | 'OFFER', status: string) =>
      keys.postingIndex(type, {
        id: ID,
        organizationId: ORG,
        platformId: 'saitama',
        status,
        kind: 'venue',
        updatedAt,
      });
    const open = at('2026-12-07T08:00:00.000Z', 'NEED', 'open');
    const closed = at('2026-12-07T09:00:00.000Z', 'OFFER', 'closed');
    const feed = keys.postingChanges('saitama');

    expect([open.gsi4pk, closed.gsi4pk]).toEqual([feed.pk, feed.pk]);
    expect(keys.postingChanges('sai').pk).not.toBe(feed.pk);
    // A later change sorts after an earlier one, and after the bare time of the earlier one.
    expect(closed.gsi4sk! > open.gsi4sk!).toBe(true);
    expect(open.gsi4sk! > '2026-12-07T08:00:00.000Z').toBe(true);
  });
});

describe('people', () => {
  it("keep a person's profile, affiliations and secretariat roles in one partition (one Query per request)", () => {
    const { pk } = keys.personItems(PERSON);

    expect(keys.person(PERSON).pk).toBe(pk);
    expect(keys.affiliation(PERSON, ORG).pk).toBe(pk);
    expect(keys.secretariat(PERSON, 'saitama').pk).toBe(pk);
    expect(
      new Set([
        keys.person(PERSON).sk,
        keys.affiliation(PERSON, ORG).sk,
        keys.secretariat(PERSON, 'saitama').sk,
      ]).size,
    ).toBe(3);
  });

  it('list the people of an organisation and the secretariat of a platform through the index', () => {
    expect(selects(keys.peopleOfOrganization(ORG), keys.affiliationIndex(PERSON, ORG))).toBe(true);
    expect(selects(keys.peopleOfOrganization(OTHER_ORG), keys.affiliationIndex(PERSON, ORG))).toBe(false);
    expect(selects(keys.secretariatOfPlatform('saitama'), keys.secretariatIndex(PERSON, 'saitama'))).toBe(
      true,
    );
    expect(selects(keys.secretariatOfPlatform('yamagata'), keys.secretariatIndex(PERSON, 'saitama'))).toBe(
      false,
    );
  });

  it('make an email the key of its own item, so a conditional put enforces uniqueness', () => {
    expect(keys.email('a@example.jp')).toEqual(keys.email('a@example.jp'));
    expect(keys.email('a@example.jp')).not.toEqual(keys.email('b@example.jp'));
  });
});

describe('tokens and rate limits', () => {
  it('keep magic links and sessions with the same hash apart', () => {
    expect(keys.magicToken('h')).not.toEqual(keys.session('01JBENCH0000000000000000000', 'h'));
  });

  it('count each scope and subject separately', () => {
    const all = [
      keys.rateLimit('magic-ip', 'x'),
      keys.rateLimit('magic-mailbox', 'x'),
      keys.rateLimit('magic-ip', 'y'),
      keys.rateLimit('magic-domain', 'x'),
    ].map((k) => `${k.pk}|${k.sk}`);

    expect(new Set(all).size).toBe(4);
  });
});

describe('storage attributes', () => {
  it('include every key attribute the scheme writes, so none leaks out of the store', () => {
    const written = new Set(
      [
        membershipItem('saitama', ORG, 'pending'),
        postingItem('OFFER', { platformId: 'saitama', status: 'open', kind: 'goods' }),
        { ...keys.affiliation(PERSON, ORG), ...keys.affiliationIndex(PERSON, ORG) },
        { ...keys.platform('saitama'), ...keys.platformIndex('saitama') },
      ].flatMap((item) => Object.keys(item)),
    );

    for (const attribute of written) expect(STORAGE_ATTRIBUTES).toContain(attribute);
  });
});
