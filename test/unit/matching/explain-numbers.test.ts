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

describe('explain: what the offer has against what the need asks', () => {
  const lead = { ja: 'オンラインで対応・分野を問わない支援・', en: 'Online; open to any field; ' };
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
      '定員40名 ≥ 必要30名',
      '40 seats ≥ 30 needed',
    ]);
    expect(part({ measure: 'seats', offered: 30, needed: 30 })).toEqual([
      '定員30名 ≥ 必要30名',
      '30 seats ≥ 30 needed',
    ]);
    expect(part({ measure: 'seats', offered: 29, needed: 30 })).toEqual([
      '定員29名（必要30名）',
      '29 seats for 30 needed',
    ]);
  });

  it('seats with fewer sessions a month than wanted: the sessions follow as their own part', () => {
    expect(
      part({ measure: 'seats', offered: 1200, needed: 1000, sessions: { offered: 2, needed: 4 } }),
    ).toEqual([
      '定員1,200名 ≥ 必要1,000名・月2回（希望は月4回）',
      '1,200 seats ≥ 1,000 needed; 2 sessions a month (4 wanted)',
    ]);
  });

  it('positions', () => {
    expect(part({ measure: 'positions', offered: 3, needed: 3 })).toEqual([
      '受け入れ3名 ≥ 必要3名',
      '3 positions ≥ 3 needed',
    ]);
    expect(part({ measure: 'positions', offered: 2, needed: 3 })).toEqual([
      '受け入れ2名（必要3名の一部）',
      '2 positions of 3 needed',
    ]);
  });

  it('people', () => {
    expect(part({ measure: 'people', offered: 8, needed: 4 })).toEqual([
      '人数8名 ≥ 必要4名',
      '8 people ≥ 4 needed',
    ]);
    expect(part({ measure: 'people', offered: 3, needed: 6 })).toEqual([
      '人数3名（必要6名の一部）',
      '3 people of 6 needed',
    ]);
  });

  it('hours a month', () => {
    expect(part({ measure: 'hoursPerMonth', offered: 20, needed: 10 })).toEqual([
      '月20時間 ≥ 必要月10時間',
      '20 hours a month ≥ 10 needed',
    ]);
    expect(part({ measure: 'hoursPerMonth', offered: 5, needed: 10 })).toEqual([
      '月5時間（必要月10時間の一部）',
      '5 hours a month of 10 needed',
    ]);
  });

  it('quantity in units (個) and in kg, fractions of a kg included', () => {
    expect(part({ measure: 'quantity', offered: 5000, needed: 200, unit: 'units' })).toEqual([
      '数量5,000個 ≥ 必要200個',
      '5,000 units ≥ 200 units needed',
    ]);
    expect(part({ measure: 'quantity', offered: 100, needed: 200, unit: 'units' })).toEqual([
      '数量100個（必要200個の一部）',
      '100 units of 200 units needed',
    ]);
    expect(part({ measure: 'quantity', offered: 1500, needed: 1200.5, unit: 'kg' })).toEqual([
      '数量1,500kg ≥ 必要1,200.5kg',
      '1,500kg ≥ 1,200.5kg needed',
    ]);
    expect(part({ measure: 'quantity', offered: 2.5, needed: 10.25, unit: 'kg' })).toEqual([
      '数量2.5kg（必要10.25kgの一部）',
      '2.5kg of 10.25kg needed',
    ]);
  });

  it('reach', () => {
    expect(part({ measure: 'reach', offered: 5000, needed: 3000 })).toEqual([
      '周知5,000人 ≥ 希望3,000人',
      'reaches 5,000 people ≥ 3,000 wanted',
    ]);
    expect(part({ measure: 'reach', offered: 1000, needed: 3000 })).toEqual([
      '周知1,000人（希望3,000人の一部）',
      'reaches 1,000 people of 3,000 wanted',
    ]);
  });

  it('an amount: enough, exactly enough, with a minimum that is then not named', () => {
    expect(part({ measure: 'amountJpy', offered: 500_000, needed: 300_000 })).toEqual([
      '金額50万円 ≥ 希望30万円',
      '¥500,000 ≥ ¥300,000 requested',
    ]);
    expect(
      part({ measure: 'amountJpy', offered: 150_000_000, needed: 150_000_000, minimum: 10_000 }),
    ).toEqual(['金額1億5,000万円 ≥ 希望1億5,000万円', '¥150,000,000 ≥ ¥150,000,000 requested']);
  });

  it('an amount below the request: a part of it, and the minimum when the need sets one', () => {
    expect(part({ measure: 'amountJpy', offered: 150_000, needed: 300_000 })).toEqual([
      '金額15万円（希望30万円の一部）',
      '¥150,000 of ¥300,000 requested',
    ]);
    expect(part({ measure: 'amountJpy', offered: 80_000, needed: 1_234_567, minimum: 50_000 })).toEqual([
      '金額8万円（希望123万4,567円・最低5万円以上）',
      '¥80,000 of ¥1,234,567 requested (minimum ¥50,000)',
    ]);
  });
});
