import { describe, expect, it } from 'vitest';
import { DEFAULT_PREFERENCES, memberStats, type Organization, selectDigest } from '#domain';
import { digestMail } from '#mail';
import { need, offer, ulidOf } from './matching/builders';

// The organisation profile in the digest and the statistics (issue 17.5). A reader's
// organisations' 活動分野 and area put the week's postings near their work first and mark them;
// explicit preferences still narrow the list as before, the profile never hides anything.

const mine = ulidOf('A', 1);
const theirs = ulidOf('B', 2);
const yamagataElderly = {
  fields: ['elderly'],
  areas: [{ nationwide: false, prefectures: ['06'], municipalities: [] }],
};

describe('the digest by the reader’s profile', () => {
  // Newest first as the batch passes them: children in Sendai, elderly in Sendai, children in Yamagata, elderly in Yamagata.
  const childrenSendai = need(ulidOf('N', 4), theirs, {
    location: { prefecture: '04', municipality: '04100' },
  });
  const elderlySendai = need(ulidOf('N', 3), theirs, {
    fields: ['dementia'],
    location: { prefecture: '04', municipality: '04100' },
  });
  const childrenYamagata = need(ulidOf('N', 2), theirs);
  const elderlyYamagata = need(ulidOf('N', 1), theirs, { fields: ['elderly'] });
  const newNeeds = [childrenSendai, elderlySendai, childrenYamagata, elderlyYamagata];
  const base = {
    organizationIds: new Set([mine]),
    preferences: undefined,
    openMatches: [],
    newNeeds,
    newOffers: [],
    newsCount: 0,
  };

  it('lists the postings in its fields and area first, both before one, newest first within', () => {
    const s = selectDigest({ ...base, profile: yamagataElderly });
    expect(s?.newNeeds.map((n) => n.id)).toEqual([
      elderlyYamagata.id, // field and area
      elderlySendai.id, // dementia is under elderly: field
      childrenYamagata.id, // area
      childrenSendai.id,
    ]);
    expect(s?.relevance.get(elderlyYamagata.id)).toEqual({ field: true, area: true });
    expect(s?.relevance.get(elderlySendai.id)).toEqual({ field: true, area: false });
    expect(s?.relevance.get(childrenYamagata.id)).toEqual({ field: false, area: true });
    expect(s?.relevance.has(childrenSendai.id)).toBe(false);
  });

  it('keeps the newest-first order without a profile', () => {
    const s = selectDigest(base);
    expect(s?.newNeeds.map((n) => n.id)).toEqual(newNeeds.map((n) => n.id));
    expect(s?.relevance.size).toBe(0);
  });

  it('still narrows by explicit preferences, then orders what is left by the profile', () => {
    const s = selectDigest({
      ...base,
      preferences: { ...DEFAULT_PREFERENCES, regions: { prefectures: ['04'], municipalities: [] } },
      profile: yamagataElderly,
    });
    expect(s?.newNeeds.map((n) => n.id)).toEqual([elderlySendai.id, childrenSendai.id]);
  });

  it('does not call an every-field or nationwide offer the reader’s field or area', () => {
    const everywhere = offer(ulidOf('F', 1), theirs, { fields: 'any', serviceArea: { nationwide: true } });
    const s = selectDigest({ ...base, newNeeds: [], newOffers: [everywhere], profile: yamagataElderly });
    expect(s?.newOffers.map((o) => o.id)).toEqual([everywhere.id]);
    expect(s?.relevance.size).toBe(0);
  });

  it('marks them in the mail, in the reader’s language', () => {
    const posting = (relevance?: { field: boolean; area: boolean }) => ({
      kind: 'venue' as const,
      title: '会場を探しています',
      organizationName: 'NPO法人 ひだまり',
      place: '山形県山形市',
      url: 'http://127.0.0.1/needs/1',
      relevance,
    });
    const mail = (lang: 'ja' | 'en') =>
      digestMail({
        to: 'a@example.jp',
        lang,
        platform: { name: '山形県プラットフォーム', nameEn: 'Yamagata platform' },
        preferencesUrl: 'http://127.0.0.1/preferences',
        unsubscribeUrl: 'http://127.0.0.1/u',
        addressee: { name: '田中 恵' },
        languageUrl: 'http://127.0.0.1/l',
        week: { start: '2026-06-01', end: '2026-06-07', label: '6月1日〜6月7日の週' },
        pendingMatches: [],
        newNeeds: [posting({ field: true, area: true }), posting()],
        newOffers: [posting({ field: false, area: true })],
        moreNeeds: 0,
        moreOffers: 0,
        news: [],
        needsUrl: 'http://127.0.0.1/needs',
        offersUrl: 'http://127.0.0.1/offers',
      });
    const ja = mail('ja');
    expect(ja.text.match(/【貴団体の活動分野・活動地域】/g)).toHaveLength(1);
    expect(ja.text.match(/【貴団体の活動地域】/g)).toHaveLength(1);
    expect(ja.html).toContain('【貴団体の活動分野・活動地域】');
    const en = mail('en');
    expect(en.text).toContain('[Your field and area]');
    expect(en.text).not.toContain('貴団体');
  });
});

describe('members by their profile', () => {
  const org = (o: Partial<Organization>): Organization =>
    ({ location: { prefecture: '11' }, ...o }) as Organization;

  it('counts each member toward each of its fields, activities and prefectures', () => {
    const stats = memberStats([
      org({
        activityFields: ['elderly', 'poverty'],
        activities: ['ibasho'],
        activityArea: { nationwide: false, prefectures: ['13'], municipalities: ['11203'] },
      }),
      org({ activityFields: ['elderly'], activities: ['ibasho', 'food'] }),
      org({ activityArea: { nationwide: true, prefectures: [], municipalities: [] } }),
    ]);
    expect(stats).toEqual({
      members: 3,
      byField: [
        { field: 'elderly', members: 2 },
        { field: 'poverty', members: 1 },
      ],
      withoutField: 1,
      byActivity: [
        { activity: 'ibasho', members: 2 },
        { activity: 'food', members: 1 },
      ],
      withoutActivity: 1,
      byPrefecture: [
        { prefecture: '11', members: 2 },
        { prefecture: '13', members: 1 },
      ],
      nationwide: 1,
    });
  });
});
