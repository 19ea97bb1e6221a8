import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  ACTIVITY_IDS,
  ACTIVITY_LABELS,
  activityAreaLabel,
  areaCovers,
  areaOf,
  DomainError,
  missingProfile,
  normalizePhone,
  ORGANIZATION_FIELDS,
  type Organization,
  organizationInputSchema,
  organizationPatchSchema,
  patchedOrganization,
  phoneSchema,
  publicOrganization,
  SIZE_RANGE_IDS,
  worksInField,
} from '#domain';
import { japanMetadata } from '../../../shared/domain/data/generate-phone';

// The organisation profile (issue 17.5): 活動分野 required from the first save, the phone in one
// stored form, and the parts the directory, digest and statistics read.

const NOW = '2026-11-02T01:00:00.000Z';

function org(overrides: Partial<Organization> = {}): Organization {
  return {
    id: '01ARZ3NDEKTSV4RRFFQ69G5FAV',
    name: 'NPO法人 ひだまり',
    legalForm: 'npo_corporation',
    location: { prefecture: '11', municipality: '11203' },
    contact: { name: '川口 花子', email: 'hanako@example.jp' },
    directoryListed: false,
    createdAt: NOW,
    updatedAt: NOW,
    version: 1,
    ...overrides,
  };
}

const input = {
  name: 'NPO法人 ひだまり',
  legalForm: 'npo_corporation',
  location: { prefecture: '11' },
  contact: { name: '川口 花子', email: 'hanako@example.jp' },
};

describe('a telephone number', () => {
  it.each([
    ['048-123-4567', '048-123-4567'],
    ['0481234567', '048-123-4567'],
    ['０４８（１２３）４５６７', '048-123-4567'],
    ['０４８ー１２３ー４５６７', '048-123-4567'],
    ['048−123−4567', '048-123-4567'],
    ['  03 1234 5678 ', '03-1234-5678'],
    ['+81 3-1234-5678', '03-1234-5678'],
    ['+819012345678', '090-1234-5678'],
    ['09012345678', '090-1234-5678'],
    ['0120123456', '0120-123-456'],
    ['0570-000-123', '0570-000-123'],
    ['05012345678', '050-1234-5678'],
    ['0299123456', '0299-12-3456'],
  ])('%s is stored as %s', (typed, stored) => {
    expect(normalizePhone(typed)).toBe(stored);
    expect(phoneSchema.parse(typed)).toBe(stored);
  });

  it.each([
    '12345',
    '090-1234-567',
    '03-1234-5678 内線12',
    '+1 212 555 1234',
    '110',
    'でんわ',
    '',
    '0'.repeat(40),
  ])('%j is refused with a Japanese message', (typed) => {
    expect(normalizePhone(typed)).toBeUndefined();
    const result = phoneSchema.safeParse(typed);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/電話番号/);
  });

  it('uses metadata that matches the installed libphonenumber-js (npm run gen:phone)', () => {
    const generated = readFileSync(
      new URL('../../../shared/domain/data/phone-jp.generated.ts', import.meta.url),
      'utf8',
    );
    expect(generated).toBe(japanMetadata());
  });
});

describe('registering an organisation', () => {
  it('requires 活動分野, saying so in Japanese', () => {
    const missing = organizationInputSchema.safeParse(input);
    expect(missing.error?.issues).toEqual([
      expect.objectContaining({ path: ['activityFields'], message: '活動分野を1つ以上選んでください' }),
    ]);
    const empty = organizationInputSchema.safeParse({ ...input, activityFields: [] });
    expect(empty.error?.issues[0]?.message).toBe('活動分野を1つ以上選んでください');
    expect(organizationInputSchema.safeParse({ ...input, activityFields: ['not_a_field'] }).success).toBe(
      false,
    );
  });

  it('takes the whole profile and stores the phone in its one form', () => {
    const parsed = organizationInputSchema.parse({
      ...input,
      activityFields: ['children_youth', 'poverty'],
      activities: ['ibasho', 'food'],
      activityArea: { municipalities: ['11203'] },
      phone: '０４８（１２３）４５６７',
      representative: '理事長 川口 太郎',
      staffRange: '5-9',
      volunteerRange: '100+',
    });
    expect(parsed).toMatchObject({
      phone: '048-123-4567',
      activityArea: { nationwide: false, prefectures: [], municipalities: ['11203'] },
    });
  });

  it('refuses unknown activities, ranges and places', () => {
    const base = { ...input, activityFields: ['elderly'] };
    expect(organizationInputSchema.safeParse({ ...base, activities: ['karaoke'] }).success).toBe(false);
    expect(organizationInputSchema.safeParse({ ...base, staffRange: '3' }).success).toBe(false);
    expect(
      organizationInputSchema.safeParse({ ...base, activityArea: { prefectures: ['48'] } }).success,
    ).toBe(false);
    expect(organizationInputSchema.safeParse({ ...base, activities: ['ibasho', 'ibasho'] }).success).toBe(
      false,
    );
  });
});

describe('editing an organisation', () => {
  const patch = (o: Organization, body: unknown) =>
    patchedOrganization(o, organizationPatchSchema.parse({ version: 1, ...(body as object) }), NOW);

  it('asks an organisation registered before 活動分野 existed to add them with any edit', () => {
    const legacy = org();
    expect(() => patch(legacy, { name: '新しい名前' })).toThrowError(DomainError);
    try {
      patch(legacy, { name: '新しい名前' });
    } catch (error) {
      expect((error as DomainError).errors).toEqual([
        { path: 'activityFields', message: '活動分野を1つ以上選んでください' },
      ]);
    }
    expect(patch(legacy, { name: '新しい名前', activityFields: ['elderly'] })).toMatchObject({
      name: '新しい名前',
      activityFields: ['elderly'],
    });
  });

  it('clears an optional part of the profile with null and keeps the rest', () => {
    const full = org({
      activityFields: ['elderly'],
      phone: '048-123-4567',
      representative: '代表',
      staffRange: '1-4',
    });
    const next = patch(full, { phone: null, staffRange: null });
    expect(next).not.toHaveProperty('phone');
    expect(next).not.toHaveProperty('staffRange');
    expect(next.representative).toBe('代表');
    expect(() => patch(full, { activityFields: null })).toThrow();
  });
});

describe('what others see and what is missing', () => {
  it('never shows the phone or the representative to members at large', () => {
    const shown = publicOrganization(
      org({ activityFields: ['elderly'], phone: '048-123-4567', representative: '代表 太郎' }),
    );
    expect(JSON.stringify(shown)).not.toMatch(/048-123-4567|代表 太郎|hanako/);
    expect(shown.activityFields).toEqual(['elderly']);
  });

  it('lists the parts still to fill in, 活動分野 first', () => {
    expect(missingProfile(org()).map((f) => f.key)).toEqual([
      'activityFields',
      'activities',
      'activityArea',
      'representative',
      'phone',
      'staffRange',
      'volunteerRange',
    ]);
    const complete = org({
      activityFields: ['elderly'],
      activities: ['visiting'],
      activityArea: { nationwide: true, prefectures: [], municipalities: [] },
      representative: '代表',
      phone: '048-123-4567',
      staffRange: '0',
      volunteerRange: '1-4',
    });
    expect(missingProfile(complete)).toEqual([]);
  });

  it('has one list of fields with both labels, and labels for every activity and range', () => {
    const keys = ORGANIZATION_FIELDS.map((f) => f.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const f of ORGANIZATION_FIELDS) expect(f.ja && f.en).toBeTruthy();
    for (const id of ACTIVITY_IDS) expect(ACTIVITY_LABELS[id].ja && ACTIVITY_LABELS[id].en).toBeTruthy();
    expect(SIZE_RANGE_IDS).toEqual(['0', '1-4', '5-9', '10-29', '30-99', '100+']);
  });
});

describe('where an organisation works', () => {
  it('is its activity area, or the prefecture it is based in when it gave none', () => {
    expect(areaOf(org())).toEqual({ nationwide: false, prefectures: ['11'], municipalities: [] });
    const area = { nationwide: false, prefectures: [], municipalities: ['11203', '11101'] };
    expect(areaOf(org({ activityArea: area }))).toBe(area);
  });

  it('covers places in its municipalities, their wards and cities, and its prefectures', () => {
    const area = { nationwide: false, prefectures: ['13'], municipalities: ['11203', '11100'] };
    expect(areaCovers(area, { prefecture: '11', municipality: '11203' })).toBe(true);
    expect(areaCovers(area, { prefecture: '11', municipality: '11101' })).toBe(true); // さいたま市西区
    expect(areaCovers(area, { prefecture: '11', municipality: '11201' })).toBe(false); // 川越市
    expect(areaCovers(area, { prefecture: '13', municipality: '13101' })).toBe(true);
    expect(areaCovers(area, { prefecture: '14' })).toBe(false);
    expect(areaCovers({ nationwide: true, prefectures: [], municipalities: [] }, { prefecture: '47' })).toBe(
      true,
    );
  });

  it('works in a field and in the broader and narrower ones', () => {
    const o = org({ activityFields: ['young_carers'] });
    expect(worksInField(o, 'carers')).toBe(true);
    expect(worksInField(o, 'young_carers')).toBe(true);
    expect(worksInField(o, 'elderly')).toBe(false);
    expect(worksInField(org(), 'elderly')).toBe(false);
  });

  it('is said in words', () => {
    expect(
      activityAreaLabel({ nationwide: false, prefectures: ['11'], municipalities: ['13101'] }, 'ja'),
    ).toBe('埼玉県・東京都千代田区');
    expect(activityAreaLabel(undefined, 'ja')).toBe('');
  });
});
