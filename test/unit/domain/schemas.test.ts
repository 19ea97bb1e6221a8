import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type * as z from 'zod';
import {
  applyNeedPatch,
  applyOfferPatch,
  ConflictError,
  closePosting,
  emailSchema,
  line,
  MEMBERSHIP_STATUSES,
  type MembershipAction,
  type MembershipStatus,
  type Need,
  needContentSchema,
  needCreateSchema,
  nextMembershipStatus,
  type Offer,
  offerContentSchema,
  organizationInputSchema,
  periodSchema,
  platformCovers,
  postingListQuerySchema,
  serviceAreaSchema,
  text,
  toFieldErrors,
  urlSchema,
  ValidationError,
} from '../../../shared/domain';
import { venueNeed, venueOffer } from '../fixtures/posting';

// The zod schemas are the contract of the API: what they accept is what members can post.

const ORG = '01HZY0000000000000000000AA';
const NOW = '2026-05-01T00:00:00.000Z';

/** Field paths of a failed parse, or [] when it succeeds. */
function pathsOf(schema: z.ZodType, value: unknown): string[] {
  const result = schema.safeParse(value);
  return result.success ? [] : toFieldErrors(result.error).map((e) => e.path);
}

function storedNeed(overrides: Record<string, unknown> = {}): Need {
  return {
    ...(needContentSchema.parse(venueNeed(overrides)) as object),
    id: '01HZY0000000000000000000NE',
    platformId: 'saitama',
    organizationId: ORG,
    status: 'open',
    createdBy: '01HZY0000000000000000000PE',
    createdAt: '2026-04-01T00:00:00.000Z',
    updatedAt: '2026-04-01T00:00:00.000Z',
    version: 3,
  } as Need;
}

describe('need capacity per kind', () => {
  it.each([
    ['venue', { people: 30, sessionsPerMonth: 2 }],
    ['funding', { amountJpy: 300_000, minAmountJpy: 100_000 }],
    ['employment', { positions: 2 }],
    ['volunteers', { people: 5 }],
    ['volunteers', { hoursPerMonth: 20 }],
    ['skills', { people: 1, hoursPerMonth: 8 }],
    ['goods', { quantity: 12.5, unit: 'kg' }],
    ['goods', { quantity: 100, unit: 'units' }],
    ['publicity', { reach: 5000 }],
    ['publicity', {}],
    ['other', { note: '送迎の車' }],
  ])('accepts a %s need with capacity %j', (kind, capacity) => {
    expect(pathsOf(needContentSchema, venueNeed({ kind, capacity }))).toEqual([]);
  });

  it.each([
    ['venue', {}, 'capacity.people'],
    ['venue', { people: -1 }, 'capacity.people'],
    ['venue', { people: 0 }, 'capacity.people'],
    ['venue', { people: 1.5 }, 'capacity.people'],
    ['venue', { people: 10_001 }, 'capacity.people'],
    ['venue', { people: 30, sessionsPerMonth: 101 }, 'capacity.sessionsPerMonth'],
    ['venue', { people: 30, positions: 1 }, 'capacity.positions'],
    ['funding', { amountJpy: 100, minAmountJpy: 200 }, 'capacity.minAmountJpy'],
    ['funding', { amountJpy: 10_000_000_001 }, 'capacity.amountJpy'],
    ['employment', { positions: 0 }, 'capacity.positions'],
    ['volunteers', {}, 'capacity'],
    ['skills', { hoursPerMonth: -3 }, 'capacity.hoursPerMonth'],
    ['goods', { quantity: 0, unit: 'kg' }, 'capacity.quantity'],
    ['goods', { quantity: 10, unit: 'boxes' }, 'capacity.unit'],
    ['goods', { quantity: 10 }, 'capacity.unit'],
    ['goods', { quantity: 1.5, unit: 'units' }, 'capacity.quantity'],
    ['publicity', { reach: -1 }, 'capacity.reach'],
  ])('rejects a %s need with capacity %j at %s', (kind, capacity, path) => {
    expect(pathsOf(needContentSchema, venueNeed({ kind, capacity }))).toContain(path);
  });

  it('fills defaults: empty description, no target groups, not online, empty capacity for publicity', () => {
    const parsed = needContentSchema.parse(venueNeed({ kind: 'publicity', capacity: undefined }));

    expect(parsed).toMatchObject({ description: '', targetGroups: [], onlineOk: false, capacity: {} });
  });

  it('rejects an unknown kind at kind', () => {
    expect(pathsOf(needContentSchema, venueNeed({ kind: 'hugs' }))).toEqual(['kind']);
  });

  it('needs an organisation id (a ULID) on create only', () => {
    expect(pathsOf(needCreateSchema, venueNeed())).toEqual(['organizationId']);
    expect(pathsOf(needCreateSchema, venueNeed({ organizationId: 'org-1' }))).toEqual(['organizationId']);
    expect(pathsOf(needCreateSchema, venueNeed({ organizationId: ORG }))).toEqual([]);
  });

  it('reports unknown keys at their own path', () => {
    expect(pathsOf(needContentSchema, venueNeed({ extra: 1, capacity: { people: 3, seats: 3 } }))).toEqual(
      expect.arrayContaining(['extra', 'capacity.seats']),
    );
  });
});

describe('offer capacity and fields', () => {
  it('accepts a funding offer with an amount but not a minimum (needs only)', () => {
    expect(
      pathsOf(offerContentSchema, venueOffer({ kind: 'funding', capacity: { amountJpy: 500_000 } })),
    ).toEqual([]);
    expect(
      pathsOf(
        offerContentSchema,
        venueOffer({ kind: 'funding', capacity: { amountJpy: 500_000, minAmountJpy: 1 } }),
      ),
    ).toEqual(['capacity.minAmountJpy']);
  });

  it('accepts "any" or one to five known fields', () => {
    expect(pathsOf(offerContentSchema, venueOffer({ fields: 'any' }))).toEqual([]);
    expect(pathsOf(offerContentSchema, venueOffer({ fields: ['elderly', 'dementia'] }))).toEqual([]);
    expect(pathsOf(offerContentSchema, venueOffer({ fields: [] }))).not.toEqual([]);
    expect(
      pathsOf(
        offerContentSchema,
        venueOffer({ fields: ['elderly', 'dementia', 'poverty', 'women', 'lgbtq', 'carers'] }),
      ),
    ).not.toEqual([]);
  });

  it('defaults to three introductions per round and allows one to fifty', () => {
    expect(offerContentSchema.parse(venueOffer())).toMatchObject({
      introductionsPerRound: 3,
      conditions: '',
    });
    expect(pathsOf(offerContentSchema, venueOffer({ introductionsPerRound: 51 }))).toEqual([
      'introductionsPerRound',
    ]);
    expect(pathsOf(offerContentSchema, venueOffer({ introductionsPerRound: 0 }))).toEqual([
      'introductionsPerRound',
    ]);
  });
});

describe('periods', () => {
  it.each([
    [{ start: '2026-04-01' }],
    [{ start: '2026-04-01', end: '2026-04-01' }],
    [{ start: '2026-04-01', end: '2027-03-31' }],
  ])('accepts %j', (period) => {
    expect(pathsOf(periodSchema, period)).toEqual([]);
  });

  it.each([
    [{ start: '2026-04-01', end: '2026-03-31' }, 'end'],
    [{ start: '2026-02-30' }, 'start'],
    [{ start: '1999-12-31' }, 'start'],
    [{ start: '2101-01-01' }, 'start'],
    [{ start: '2026-04-01T00:00:00Z' }, 'start'],
    [{ start: '2026-04-01', until: '2026-05-01' }, 'until'],
  ])('rejects %j at %s', (period, path) => {
    expect(pathsOf(periodSchema, period)).toContain(path);
  });

  it('accepts a period exactly when it does not end before it starts', () => {
    const day = fc.date({ min: new Date('2000-01-01'), max: new Date('2100-12-31'), noInvalidDate: true });
    fc.assert(
      fc.property(day, day, (a, b) => {
        const [start, end] = [a.toISOString().slice(0, 10), b.toISOString().slice(0, 10)];
        const paths = pathsOf(periodSchema, { start, end });
        expect(paths).toEqual(end >= start ? [] : ['end']);
      }),
    );
  });
});

describe('service area', () => {
  it.each([
    [{ nationwide: true }],
    [{ online: true }],
    [{ blocks: ['kanto'] }],
    [{ prefectures: ['11', '13'] }],
    [{ municipalities: ['11203'] }],
  ])('accepts %j', (area) => {
    expect(pathsOf(serviceAreaSchema, area)).toEqual([]);
  });

  it.each([
    [{}, '(root)'],
    [{ nationwide: false, online: false, prefectures: [] }, '(root)'],
    [{ blocks: ['atlantis'] }, 'blocks.0'],
    [{ prefectures: ['48'] }, 'prefectures.0'],
    [{ prefectures: ['11', '11'] }, 'prefectures'],
    [{ municipalities: ['99999'] }, 'municipalities.0'],
    [{ online: true, worldwide: true }, 'worldwide'],
  ])('rejects %j at %s', (area, path) => {
    expect(pathsOf(serviceAreaSchema, area)).toContain(path);
  });

  it('fills the lists it was not given', () => {
    expect(serviceAreaSchema.parse({ online: true })).toEqual({
      nationwide: false,
      blocks: [],
      prefectures: [],
      municipalities: [],
      online: true,
    });
  });
});

describe('locations and text', () => {
  it('accepts a ward of a designated city in its prefecture and rejects a municipality of another', () => {
    const org = (location: unknown) => ({
      name: 'テスト',
      legalForm: 'npo_corporation',
      location,
      contact: { name: '担当', email: 'a@example.jp' },
      activityFields: ['elderly'],
    });

    expect(pathsOf(organizationInputSchema, org({ prefecture: '11', municipality: '11103' }))).toEqual([]);
    expect(pathsOf(organizationInputSchema, org({ prefecture: '11', municipality: '13101' }))).toEqual([
      'location.municipality',
    ]);
  });

  it('trims a line and refuses line breaks, control characters and lone surrogates', () => {
    const title = line(10);

    expect(title.parse('  子ども食堂  ')).toBe('子ども食堂');
    expect(title.safeParse('a\nb').success).toBe(false);
    expect(title.safeParse('a\u0000b').success).toBe(false);
    expect(title.safeParse('a\ud800b').success).toBe(false);
    expect(title.safeParse('😀'.repeat(2)).success).toBe(true);
  });

  it("counts a text area's CRLF line break as the one character the browser counted, and stores it as LF", () => {
    expect(text(5).parse('あい\r\nう\r\n')).toBe('あい\nう');
    expect(text(5).safeParse('あい\r\nうえ').success).toBe(true);
    expect(text(5).safeParse('あい\r\nうえお').success).toBe(false);
  });

  it('refuses bidirectional override characters (a name that reads backwards) but not right-to-left text', () => {
    expect(line(50).safeParse('株式会社\u202eevil').success).toBe(false);
    expect(text(50).safeParse('説明\u2066x\u2069').success).toBe(false);
    expect(line(50).safeParse('مرحبا 子ども食堂').success).toBe(true);
  });

  it("words what has no message of its own in zod's Japanese locale (the one locale imported)", () => {
    const result = needContentSchema.safeParse(venueNeed({ title: 5, capacity: 30 }));
    expect(result.success ? [] : toFieldErrors(result.error)).toEqual([
      { path: 'capacity', message: '無効な入力: objectが期待されましたが、数値が入力されました' },
      { path: 'title', message: '無効な入力: stringが期待されましたが、数値が入力されました' },
    ]);
  });

  it('completes a web address typed without a scheme to https, keeps http as typed, refuses what is no address', () => {
    expect(urlSchema.parse('example.org')).toBe('https://example.org');
    expect(urlSchema.parse(' www.example.org/about ')).toBe('https://www.example.org/about');
    expect(urlSchema.parse('example.org:8080/a?b=1#c')).toBe('https://example.org:8080/a?b=1#c');
    expect(urlSchema.parse('子ども食堂.jp')).toBe('https://子ども食堂.jp');
    expect(urlSchema.parse('http://example.org')).toBe('http://example.org');
    for (const bad of [
      'javascript:alert(1)',
      'ftp://example.org',
      'ひだまり',
      'a b.org',
      'mailto:a@example.org',
    ]) {
      expect(urlSchema.safeParse(bad).success, bad).toBe(false);
    }
  });

  it('normalises an email address to trimmed lower case', () => {
    expect(emailSchema.parse('  Hanako.Kawaguchi@Example.JP ')).toBe('hanako.kawaguchi@example.jp');
    expect(emailSchema.safeParse('hanako@').success).toBe(false);
  });
});

describe('membership transitions', () => {
  const EXPECTED: Record<MembershipAction, Partial<Record<MembershipStatus | 'none', MembershipStatus>>> = {
    apply: { none: 'pending', withdrawn: 'pending', declined: 'pending' },
    approve: { pending: 'approved', suspended: 'approved' },
    decline: { pending: 'declined' },
    suspend: { approved: 'suspended' },
    withdraw: { pending: 'withdrawn', approved: 'withdrawn', suspended: 'withdrawn' },
  };
  const FROM = ['none', ...MEMBERSHIP_STATUSES] as const;
  const cases = (Object.keys(EXPECTED) as MembershipAction[]).flatMap((action) =>
    FROM.map((from) => [from, action, EXPECTED[action][from]] as const),
  );

  it.each(cases.filter(([, , to]) => to !== undefined))('%s --%s--> %s', (from, action, to) => {
    expect(nextMembershipStatus(from, action)).toBe(to);
  });

  it.each(cases.filter(([, , to]) => to === undefined))('refuses %s --%s--> with 409', (from, action) => {
    const attempt = () => nextMembershipStatus(from, action);

    expect(attempt).toThrow(ConflictError);
    try {
      attempt();
    } catch (error) {
      expect(error).toMatchObject({ status: 409, type: 'membership-state' });
    }
  });
});

describe('applying a patch to a need', () => {
  it('changes what the patch names, keeps the rest and stamps updatedAt', () => {
    const need = storedNeed();

    const next = applyNeedPatch(need, { version: 3, title: '会場（平日夜）' }, NOW);

    expect(next).toEqual({ ...need, title: '会場（平日夜）', updatedAt: NOW });
  });

  it("re-validates the capacity against the need's kind", () => {
    const need = storedNeed();

    const attempt = () => applyNeedPatch(need, { version: 3, capacity: { amountJpy: 100_000 } }, NOW);

    expect(attempt).toThrow(ValidationError);
    try {
      attempt();
    } catch (error) {
      const paths = (error as ValidationError).errors!.map((e) => e.path);
      expect(paths).toEqual(expect.arrayContaining(['capacity.people', 'capacity.amountJpy']));
    }
  });

  it('accepts a new capacity of the right shape', () => {
    const next = applyNeedPatch(storedNeed(), { version: 3, capacity: { people: 50 } }, NOW);

    expect(next.capacity).toEqual({ people: 50 });
  });

  it('refuses a period that ends before it starts', () => {
    expect(() =>
      applyNeedPatch(storedNeed(), { version: 3, period: { start: '2026-04-01', end: '2026-01-01' } }, NOW),
    ).toThrow(ValidationError);
  });

  it('does not let a patch change the status, owner or kind', () => {
    for (const smuggled of [{ status: 'closed' }, { organizationId: ORG }, { kind: 'funding' }]) {
      expect(() => applyNeedPatch(storedNeed(), { version: 3, ...smuggled } as never, NOW)).toThrow(
        ValidationError,
      );
    }
  });

  it('leaves the version to the store', () => {
    expect(applyNeedPatch(storedNeed(), { version: 1, title: '新しい題名' }, NOW).version).toBe(3);
  });
});

describe('applying a patch to an offer and closing', () => {
  const offer = {
    ...(offerContentSchema.parse(venueOffer()) as object),
    id: '01HZY0000000000000000000OF',
    platformId: 'saitama',
    organizationId: ORG,
    status: 'open',
    createdBy: '01HZY0000000000000000000PE',
    createdAt: '2026-04-01T00:00:00.000Z',
    updatedAt: '2026-04-01T00:00:00.000Z',
    version: 1,
  } as Offer;

  it('re-validates the service area', () => {
    expect(() => applyOfferPatch(offer, { version: 1, serviceArea: {} as never }, NOW)).toThrow(
      ValidationError,
    );
    expect(applyOfferPatch(offer, { version: 1, fields: ['elderly'] }, NOW).fields).toEqual(['elderly']);
  });

  it('closes a posting with the time it was closed', () => {
    expect(closePosting(offer, NOW)).toEqual({ ...offer, status: 'closed', closedAt: NOW, updatedAt: NOW });
  });
});

describe('platform scope', () => {
  const covers = (
    scope: { prefectures: string[]; municipalities: string[] },
    prefecture: string,
    municipality?: string,
  ) => platformCovers({ scope }, { prefecture, municipality });

  it('covers everything for a nationwide platform', () => {
    expect(covers({ prefectures: [], municipalities: [] }, '47')).toBe(true);
  });

  it('covers its prefectures and nothing else', () => {
    expect(covers({ prefectures: ['11'], municipalities: [] }, '11', '11203')).toBe(true);
    expect(covers({ prefectures: ['11'], municipalities: [] }, '13', '13101')).toBe(false);
  });

  it('covers its municipalities but not the rest of their prefecture', () => {
    const kawaguchi = { prefectures: [], municipalities: ['11203'] };

    expect(covers(kawaguchi, '11', '11203')).toBe(true);
    expect(covers(kawaguchi, '11', '11100')).toBe(false);
    expect(covers(kawaguchi, '11')).toBe(false);
  });

  it('covers the wards of a designated city it is scoped to', () => {
    const saitamaCity = { prefectures: [], municipalities: ['11100'] };

    expect(covers(saitamaCity, '11', '11103')).toBe(true);
    expect(covers(saitamaCity, '11', '11203')).toBe(false);
  });
});

describe('list queries', () => {
  it('defaults to open postings, 20 at a time, and reads the limit from the query string', () => {
    expect(postingListQuerySchema.parse({})).toEqual({ status: 'open', limit: 20 });
    expect(postingListQuerySchema.parse({ limit: '5' }).limit).toBe(5);
  });

  it.each([
    [{ limit: '0' }, 'limit'],
    [{ limit: '101' }, 'limit'],
    [{ status: 'deleted' }, 'status'],
    [{ prefecture: '00' }, 'prefecture'],
    [{ cursor: 'x'.repeat(2001) }, 'cursor'],
  ])('rejects %j at %s', (query, path) => {
    expect(pathsOf(postingListQuerySchema, query)).toEqual([path]);
  });
});
