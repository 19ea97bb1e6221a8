import { describe, expect, it } from 'vitest';
import type { Kind } from '#domain';
import { explain, type FieldFact, type MatchFacts, type RegionFact } from '#matching';
import { factsWith as facts } from './builders';

// The sentence members read under a proposal (docs/matching.md): each part of it, in Japanese and
// English, pinned by its exact words. Facts are written by hand here; facts.test.ts checks that
// scorePair finds them. Numbers and the phrase cache: explain-numbers.test.ts, explain-cache.test.ts.

/** The sentence in both languages: [ja, en]. */
const both = (f: MatchFacts) => [explain(f, 'ja'), explain(f, 'en')];
const region = (r: RegionFact) => both(facts({ region: r }));
const field = (f: FieldFact) => both(facts({ field: f }));
const timing = (timingCoverage: number) => both(facts({ timingCoverage }));

describe('explain: where the offer covers the need', () => {
  it('the same municipality, named in Japanese in both languages', () => {
    expect(region({ tier: 'municipality', municipality: '06201' })).toEqual([
      '同じ山形市内で対応できます。分野を問わない申し出です。',
      'Available in the same municipality (山形市). The offer is open to any field.',
    ]);
  });

  it('the same prefecture, named in each language', () => {
    expect(region({ tier: 'prefecture', prefecture: '11' })).toEqual([
      '同じ埼玉県内で対応できます。分野を問わない申し出です。',
      'Available in the same prefecture (Saitama). The offer is open to any field.',
    ]);
  });

  it('a code the tables do not know is written as it is rather than dropped', () => {
    expect(region({ tier: 'municipality', municipality: '99999' })).toEqual([
      '同じ99999内で対応できます。分野を問わない申し出です。',
      'Available in the same municipality (99999). The offer is open to any field.',
    ]);
    expect(region({ tier: 'prefecture', prefecture: '99' })).toEqual([
      '同じ99内で対応できます。分野を問わない申し出です。',
      'Available in the same prefecture (99). The offer is open to any field.',
    ]);
  });

  describe('neighbour: a wide area that lists a place near the need', () => {
    it('a neighbouring prefecture within the need’s block', () => {
      expect(region({ tier: 'neighbour', prefecture: '13', needPrefecture: '11', block: 'kanto' })).toEqual([
        '隣接する東京都を含む関東ブロックで対応できます。分野を問わない申し出です。',
        'Available across the Kanto block, including neighbouring Tokyo. The offer is open to any field.',
      ]);
    });

    it('a neighbouring prefecture under nationwide (no block covers the need)', () => {
      expect(region({ tier: 'neighbour', prefecture: '37', needPrefecture: '33' })).toEqual([
        '隣接する香川県を含む全国で対応できます。分野を問わない申し出です。',
        'Available across Japan, including neighbouring Kagawa. The offer is open to any field.',
      ]);
    });

    it('another municipality in the need’s own prefecture, within its block', () => {
      expect(region({ tier: 'neighbour', prefecture: '11', needPrefecture: '11', block: 'kanto' })).toEqual([
        '埼玉県内の地域を含む関東ブロックで対応できます。分野を問わない申し出です。',
        'Available across the Kanto block, including places in Saitama. The offer is open to any field.',
      ]);
    });

    it('another municipality in the need’s own prefecture, under nationwide', () => {
      expect(region({ tier: 'neighbour', prefecture: '34', needPrefecture: '34' })).toEqual([
        '広島県内の地域を含む全国で対応できます。分野を問わない申し出です。',
        'Available across Japan, including places in Hiroshima. The offer is open to any field.',
      ]);
    });
  });

  it('the need’s block, by its label', () => {
    expect(region({ tier: 'block', block: 'tohoku' })).toEqual([
      '東北ブロックで対応できます。分野を問わない申し出です。',
      'Available across the Tohoku block. The offer is open to any field.',
    ]);
    expect(region({ tier: 'block', block: 'kyushu_okinawa' })).toEqual([
      '九州・沖縄ブロックで対応できます。分野を問わない申し出です。',
      'Available across the Kyushu and Okinawa block. The offer is open to any field.',
    ]);
  });

  it('nationwide, and online', () => {
    expect(region({ tier: 'nationwide' })).toEqual([
      '全国で対応できます。分野を問わない申し出です。',
      'Available across Japan. The offer is open to any field.',
    ]);
    expect(region({ tier: 'online' })).toEqual([
      'オンラインで対応できます。分野を問わない申し出です。',
      'Available online. The offer is open to any field.',
    ]);
  });
});

describe('explain: how the fields relate', () => {
  it('one common field', () => {
    expect(field({ relation: 'same', fields: ['children_youth'] })).toEqual([
      'オンラインで対応できます。どちらも「子ども・若者支援」の分野です。',
      'Available online. Both are in the same field: Support for children and young people.',
    ]);
  });

  it('several common fields, in the order given', () => {
    expect(field({ relation: 'same', fields: ['food_support', 'children_youth', 'poverty'] })).toEqual([
      'オンラインで対応できます。どちらも「食の支援・フードバンク」「子ども・若者支援」「生活困窮者支援」の分野です。',
      'Available online. Both are in the same fields: Food support and food banks; Support for children and young people; Support for people in financial hardship.',
    ]);
  });

  it('parent and child: the offer’s broader field includes the need’s', () => {
    expect(field({ relation: 'parent_child', needField: 'dementia', offerField: 'elderly' })).toEqual([
      'オンラインで対応できます。申し出の分野「高齢者支援」は、ニーズの「認知症」を含みます。',
      "Available online. The offer's field (Support for older people) includes the need's (Dementia).",
    ]);
  });

  it('parent and child: the offer’s narrower field is part of the need’s', () => {
    expect(field({ relation: 'parent_child', needField: 'poverty', offerField: 'food_support' })).toEqual([
      'オンラインで対応できます。申し出の分野「食の支援・フードバンク」は、ニーズの「生活困窮者支援」の一部です。',
      "Available online. The offer's field (Food support and food banks) is part of the need's (Support for people in financial hardship).",
    ]);
  });

  it('siblings: the need’s field first, then the offer’s', () => {
    expect(field({ relation: 'siblings', needField: 'young_carers', offerField: 'futoko' })).toEqual([
      'オンラインで対応できます。ニーズの分野「ヤングケアラー支援」と申し出の「不登校支援」は近い分野です。',
      "Available online. The need's field (Support for young carers) and the offer's (Support for children not attending school (futoko)) are closely related.",
    ]);
  });

  it('an offer for any field, and no field in common', () => {
    expect(field({ relation: 'any' })).toEqual([
      'オンラインで対応できます。分野を問わない申し出です。',
      'Available online. The offer is open to any field.',
    ]);
    // A venue, goods, a notice board serve whatever the field; the others only with the filter off.
    expect(field({ relation: 'none' })).toEqual([
      'オンラインで対応できます。分野は異なりますが、会場としてお使いいただけます。',
      'Available online. The fields differ, but the venue is open to your activity.',
    ]);
    const none = (kind: Kind) =>
      explain(facts({ kind, field: { relation: 'none' } }), 'ja').replace('オンラインで対応できます。', '');
    expect(none('goods')).toBe('分野は異なりますが、物品としてお役立ていただけます。');
    expect(none('publicity')).toBe('分野は異なりますが、周知にご活用いただけます。');
    expect(none('volunteers')).toBe('分野は一致していません。');
    expect(explain(facts({ kind: 'skills', field: { relation: 'none' } }), 'en')).toBe(
      'Available online. The two have no field in common.',
    );
  });
});

describe('explain: the periods, named only when they overlap in part, in words', () => {
  const lead = [
    'オンラインで対応できます。分野を問わない申し出です。',
    'Available online. The offer is open to any field.',
  ];
  /** The timing sentence after the lead: [ja, en]. */
  const then = (ja: string, en: string) => [`${lead[0]}${ja}`, `${lead[1]} ${en}`];

  it('says nothing when the offer covers the whole period', () => {
    expect(timing(1)).toEqual(lead);
  });

  it('most of the period: about 8 or 9 tenths, and never 10割 for a part', () => {
    const nine = then(
      'ご希望の期間の大部分（約9割）に対応できます。',
      'Covers most of the period you asked for (about nine tenths).',
    );
    expect(timing(0.9)).toEqual(nine);
    expect(timing(0.85)).toEqual(nine);
    expect(timing(0.95)).toEqual(nine);
    // A year's need with an offer starting a day late: 0.9973 is not the whole period.
    expect(timing(0.9973)).toEqual(nine);
    expect(timing(0.9999)).toEqual(nine);
    expect(timing(0.8)).toEqual(
      then(
        'ご希望の期間の大部分（約8割）に対応できます。',
        'Covers most of the period you asked for (about four fifths).',
      ),
    );
  });

  it('more than half: about 6 or 7 tenths', () => {
    expect(timing(0.7)).toEqual(
      then(
        'ご希望の期間の半分以上（約7割）に対応できます。',
        'Covers more than half of the period you asked for (about seven tenths).',
      ),
    );
    expect(timing(0.55)).toEqual(
      then(
        'ご希望の期間の半分以上（約6割）に対応できます。',
        'Covers more than half of the period you asked for (about three fifths).',
      ),
    );
  });

  it('about half: from 0.45 to just below 0.55', () => {
    const half = then(
      'ご希望の期間の約半分に対応できます。',
      'Covers about half of the period you asked for.',
    );
    expect(timing(0.5)).toEqual(half);
    expect(timing(0.45)).toEqual(half);
    expect(timing(0.5499)).toEqual(half);
  });

  it('a part: about 1 to 4 tenths', () => {
    const part = (tenths: number, en: string) =>
      then(
        `ご希望の期間の一部（約${tenths}割）に対応できます。`,
        `Covers part of the period you asked for (about ${en}).`,
      );
    expect(timing(0.4)).toEqual(part(4, 'two fifths'));
    expect(timing(0.3)).toEqual(part(3, 'three tenths'));
    expect(timing(0.2)).toEqual(part(2, 'a fifth'));
    expect(timing(0.1)).toEqual(part(1, 'a tenth'));
    expect(timing(0.05)).toEqual(part(1, 'a tenth'));
  });

  it('below 0.05: a small part; no day at all (an offer starting after an open-ended need’s horizon): later', () => {
    const small = then(
      'ご希望の期間のごく一部に対応できます。',
      'Covers only a small part of the period you asked for.',
    );
    expect(timing(0.0499)).toEqual(small);
    expect(timing(0.0001)).toEqual(small);
    expect(timing(0)).toEqual(then('対応できるのは先の時期からです。', 'Available only from a later date.'));
  });
});

describe('explain: the parts, joined', () => {
  const full = facts({
    region: { tier: 'neighbour', prefecture: '11', needPrefecture: '11', block: 'kanto' },
    field: { relation: 'same', fields: ['children_youth', 'poverty'] },
    capacity: { measure: 'seats', offered: 40, needed: 30, sessions: { offered: 2, needed: 4 } },
    timingCoverage: 0.4,
  });

  it('region, field, capacity, sessions and period: one sentence each, ending in 。, in Japanese', () => {
    expect(explain(full, 'ja')).toBe(
      '埼玉県内の地域を含む関東ブロックで対応できます。どちらも「子ども・若者支援」「生活困窮者支援」の分野です。40名まで利用でき、希望の30名に足ります。利用できる回数は、希望の月4回のうち月2回です。ご希望の期間の一部（約4割）に対応できます。',
    );
  });

  it('in English, sentences separated by a space', () => {
    expect(explain(full, 'en')).toBe(
      'Available across the Kanto block, including places in Saitama. Both are in the same fields: Support for children and young people; Support for people in financial hardship. Takes up to 40 people, enough for the 30 you asked for. Available 2 of the 4 times a month you asked for. Covers part of the period you asked for (about two fifths).',
    );
    expect(explain(facts({ region: { tier: 'municipality', municipality: '06201' } }), 'en')).toBe(
      'Available in the same municipality (山形市). The offer is open to any field.',
    );
  });
});
