import { describe, expect, it } from 'vitest';
import { type CapacityFact, explain } from '#matching';
import { groupDigits, yenJa } from '../../../shared/matching/explain';

// The numbers in the sentence: digits grouped by thousands, yen the Japanese way (万, 億) and
// the English way (¥), and the capacity part for every measure, when the offer is enough, exactly
// enough, and below what is needed.

describe('groupDigits: thousands separated by commas, at most two decimals', () => {
  it('writes small whole numbers as they are', () => {
    expect([0, 7, 999].map(groupDigits)).toEqual(['0', '7', '999']);
  });

  it('groups from 1,000 on, padding each group of three with zeros', () => {
    expect([1000, 1005, 1009, 1010, 1050, 1099, 1100, 1500].map(groupDigits)).toEqual([
      '1,000',
      '1,005',
      '1,009',
      '1,010',
      '1,050',
      '1,099',
      '1,100',
      '1,500',
    ]);
    expect([1_000_000, 1_234_567, 10_000_000_000].map(groupDigits)).toEqual([
      '1,000,000',
      '1,234,567',
      '10,000,000,000',
    ]);
  });

  it('keeps two decimals, without a trailing zero', () => {
    expect([0.1, 0.09, 1.5, 1.05, 1.25, 10.25, 1234.5].map(groupDigits)).toEqual([
      '0.1',
      '0.09',
      '1.5',
      '1.05',
      '1.25',
      '10.25',
      '1,234.5',
    ]);
  });

  it('rounds to two decimals, carrying into the whole number', () => {
    expect([1.234, 1.236, 999.999, 0.001].map(groupDigits)).toEqual(['1.23', '1.24', '1,000', '0']);
  });

  it('writes a minus sign before a negative number, and none when it rounds to zero', () => {
    expect([-5, -1234, -1234.5, -0.001].map(groupDigits)).toEqual(['-5', '-1,234', '-1,234.5', '0']);
  });
});

describe('yenJa: yen in 億 and 万, the rest grouped', () => {
  it('below 1万円: the number itself, 0円 included', () => {
    expect([0, 1, 9_999].map(yenJa)).toEqual(['0円', '1円', '9,999円']);
  });

  it('万 from 10,000 on; a remainder of zero is left out', () => {
    expect([10_000, 10_001, 300_000, 1_234_567, 99_999_999].map(yenJa)).toEqual([
      '1万円',
      '1万1円',
      '30万円',
      '123万4,567円',
      '9,999万9,999円',
    ]);
  });

  it('億 from 100,000,000 on; 万 and the rest only when not zero', () => {
    expect([100_000_000, 100_000_001, 150_000_000, 10_000_000_000, 123_456_789_012].map(yenJa)).toEqual([
      '1億円',
      '1億1円',
      '1億5,000万円',
      '100億円',
      '1,234億5,678万9,012円',
    ]);
  });

  it('rounds to the yen', () => {
    expect([12_345.4, 12_345.5].map(yenJa)).toEqual(['1万2,345円', '1万2,346円']);
  });
});

describe('explain: what the offer has against what the need asks, in words', () => {
  const lead = {
    ja: 'オンラインで対応できます。分野を問わない申し出です。',
    en: 'Available online. The offer is open to any field. ',
  };
  /** The capacity part alone, in both languages: [ja, en]. */
  const part = (capacity: CapacityFact) =>
    (['ja', 'en'] as const).map((lang) => {
      const sentence = explain(
        {
          kind: 'venue',
          region: { tier: 'online' },
          field: { relation: 'any' },
          capacity,
          timingCoverage: 1,
        },
        lang,
      );
      expect(sentence.startsWith(lead[lang])).toBe(true);
      return sentence.slice(lead[lang].length);
    });

  it('seats: enough, exactly enough, fewer (for a round that lowers the bar)', () => {
    expect(part({ measure: 'seats', offered: 40, needed: 30 })).toEqual([
      '40名まで利用でき、希望の30名に足ります。',
      'Takes up to 40 people, enough for the 30 you asked for.',
    ]);
    expect(part({ measure: 'seats', offered: 30, needed: 30 })).toEqual([
      '30名まで利用でき、希望の30名に足ります。',
      'Takes up to 30 people, enough for the 30 you asked for.',
    ]);
    expect(part({ measure: 'seats', offered: 29, needed: 30 })).toEqual([
      '希望の30名のうち29名まで利用できます。',
      'Takes up to 29 of the 30 people you asked for.',
    ]);
  });

  it('seats with fewer sessions a month than wanted: the sessions follow as their own sentence', () => {
    expect(
      part({ measure: 'seats', offered: 1200, needed: 1000, sessions: { offered: 2, needed: 4 } }),
    ).toEqual([
      '1,200名まで利用でき、希望の1,000名に足ります。利用できる回数は、希望の月4回のうち月2回です。',
      'Takes up to 1,200 people, enough for the 1,000 you asked for. Available 2 of the 4 times a month you asked for.',
    ]);
  });

  it('positions', () => {
    expect(part({ measure: 'positions', offered: 3, needed: 3 })).toEqual([
      '3名まで受け入れられ、希望の3名に足ります。',
      'Has places for up to 3 people, enough for the 3 you asked for.',
    ]);
    expect(part({ measure: 'positions', offered: 2, needed: 3 })).toEqual([
      '希望の3名のうち2名まで受け入れられます。',
      'Has places for up to 2 of the 3 people you asked for.',
    ]);
  });

  it('people', () => {
    expect(part({ measure: 'people', offered: 8, needed: 4 })).toEqual([
      '8名が協力でき、希望の4名に足ります。',
      'Up to 8 people can help, enough for the 4 you asked for.',
    ]);
    expect(part({ measure: 'people', offered: 3, needed: 6 })).toEqual([
      '希望の6名のうち3名が協力できます。',
      'Up to 3 of the 6 people you asked for can help.',
    ]);
  });

  it('hours a month', () => {
    expect(part({ measure: 'hoursPerMonth', offered: 20, needed: 10 })).toEqual([
      '月20時間まで協力でき、希望の月10時間に足ります。',
      'Can help up to 20 hours a month, enough for the 10 you asked for.',
    ]);
    expect(part({ measure: 'hoursPerMonth', offered: 5, needed: 10 })).toEqual([
      '希望の月10時間のうち月5時間まで協力できます。',
      'Can help up to 5 of the 10 hours a month you asked for.',
    ]);
  });

  it('quantity in units (個) and in kg, fractions of a kg included', () => {
    expect(part({ measure: 'quantity', offered: 5000, needed: 200, unit: 'units' })).toEqual([
      '5,000個を提供でき、希望の200個に足ります。',
      'Can provide 5,000 units, enough for the 200 you asked for.',
    ]);
    expect(part({ measure: 'quantity', offered: 100, needed: 200, unit: 'units' })).toEqual([
      '希望の200個のうち100個を提供できます。',
      'Can provide 100 of the 200 units you asked for.',
    ]);
    expect(part({ measure: 'quantity', offered: 1500, needed: 1200.5, unit: 'kg' })).toEqual([
      '1,500kgを提供でき、希望の1,200.5kgに足ります。',
      'Can provide 1,500kg, enough for the 1,200.5kg you asked for.',
    ]);
    expect(part({ measure: 'quantity', offered: 2.5, needed: 10.25, unit: 'kg' })).toEqual([
      '希望の10.25kgのうち2.5kgを提供できます。',
      'Can provide 2.5kg of the 10.25kg you asked for.',
    ]);
  });

  it('reach', () => {
    expect(part({ measure: 'reach', offered: 5000, needed: 3000 })).toEqual([
      '5,000人に周知でき、希望の3,000人に足ります。',
      'Can reach 5,000 people, enough for the 3,000 you asked for.',
    ]);
    expect(part({ measure: 'reach', offered: 1000, needed: 3000 })).toEqual([
      '希望の3,000人のうち1,000人に周知できます。',
      'Can reach 1,000 of the 3,000 people you asked for.',
    ]);
  });

  it('one of a thing: singular in English, the same words in Japanese', () => {
    const one = (measure: CapacityFact['measure'], unit?: 'units') =>
      part(
        unit === undefined ? { measure, offered: 1, needed: 1 } : { measure, offered: 1, needed: 1, unit },
      );
    expect([
      one('seats'),
      one('positions'),
      one('people'),
      one('hoursPerMonth'),
      one('quantity', 'units'),
      one('reach'),
    ]).toEqual([
      ['1名まで利用でき、希望の1名に足ります。', 'Takes up to 1 person, enough for the 1 you asked for.'],
      [
        '1名まで受け入れられ、希望の1名に足ります。',
        'Has places for up to 1 person, enough for the 1 you asked for.',
      ],
      ['1名が協力でき、希望の1名に足ります。', 'Up to 1 person can help, enough for the 1 you asked for.'],
      [
        '月1時間まで協力でき、希望の月1時間に足ります。',
        'Can help up to 1 hour a month, enough for the 1 you asked for.',
      ],
      ['1個を提供でき、希望の1個に足ります。', 'Can provide 1 unit, enough for the 1 you asked for.'],
      ['1人に周知でき、希望の1人に足ります。', 'Can reach 1 person, enough for the 1 you asked for.'],
    ]);
    expect(part({ measure: 'seats', offered: 40, needed: 30, sessions: { offered: 1, needed: 2 } })[1]).toBe(
      'Takes up to 40 people, enough for the 30 you asked for. Available 1 of the 2 times a month you asked for.',
    );
  });

  it('an amount: enough, exactly enough, with a minimum that is then not named', () => {
    expect(part({ measure: 'amountJpy', offered: 500_000, needed: 300_000 })).toEqual([
      '50万円のご支援で、希望額30万円をまかなえます。',
      'Offers ¥500,000, enough for the ¥300,000 you asked for.',
    ]);
    expect(
      part({ measure: 'amountJpy', offered: 150_000_000, needed: 150_000_000, minimum: 10_000 }),
    ).toEqual([
      '1億5,000万円のご支援で、希望額1億5,000万円をまかなえます。',
      'Offers ¥150,000,000, enough for the ¥150,000,000 you asked for.',
    ]);
  });

  it('an amount below the request: a part of it, and the minimum it meets when the need sets one', () => {
    expect(part({ measure: 'amountJpy', offered: 150_000, needed: 300_000 })).toEqual([
      '15万円のご支援で、希望額30万円の一部に充てられます。',
      'Offers ¥150,000, which covers part of the ¥300,000 you asked for.',
    ]);
    expect(part({ measure: 'amountJpy', offered: 80_000, needed: 1_234_567, minimum: 50_000 })).toEqual([
      '8万円のご支援で最低額の5万円を満たし、希望額123万4,567円の一部に充てられます。',
      'Offers ¥80,000, which meets your minimum of ¥50,000 and covers part of the ¥1,234,567 you asked for.',
    ]);
    expect(part({ measure: 'amountJpy', offered: 50_000, needed: 300_000, minimum: 50_000 })).toEqual([
      '5万円のご支援で最低額の5万円を満たし、希望額30万円の一部に充てられます。',
      'Offers ¥50,000, which meets your minimum of ¥50,000 and covers part of the ¥300,000 you asked for.',
    ]);
  });
});
