import { describe, expect, it } from 'vitest';
import type { Kind } from '#domain';
import { explain, scorePair } from '#matching';
import { need, offer, TODAY, ulidOf } from './builders';

// The reason a member reads, word for word, for a pair of every kind (docs/matching.md,
// "Explanation"): a need and an offer as posted, scored by scorePair, written by explain in
// Japanese and in English. The round is on 2026-06-01; the need's default period runs to
// 2027-03-31, 304 days from today.

const npo = ulidOf('G', 1);
const company = ulidOf('G', 2);

type O = Record<string, unknown>;

/** The reason for a need and an offer of `kind` (the rest as in builders.ts): [ja, en]. */
function reason(kind: Kind, n: O, o: O): [string, string] {
  const s = scorePair(
    need(ulidOf('N', 1), npo, { kind, ...n }),
    offer(ulidOf('F', 1), company, { kind, ...o }),
    TODAY,
  );
  if (!s.ok) throw new Error(`rejected: ${s.reason}`);
  expect(s.facts.kind).toBe(kind);
  return [explain(s.facts, 'ja'), explain(s.facts, 'en')];
}

describe('the reason for a pair of each kind, as members read it', () => {
  it('venue: seats enough, fewer sessions a month than wanted', () => {
    expect(
      reason(
        'venue',
        { capacity: { people: 30, sessionsPerMonth: 4 } },
        { capacity: { people: 40, sessionsPerMonth: 2 } },
      ),
    ).toEqual([
      '同じ山形市内で対応できます。どちらも「子ども・若者支援」の分野です。40名まで利用でき、希望の30名に足ります。利用できる回数は、希望の月4回のうち月2回です。',
      'Available in the same municipality (山形市). Both are in the same field: Support for children and young people. Takes up to 40 people, enough for the 30 you asked for. Available 2 of the 4 times a month you asked for.',
    ]);
  });

  it('funding: the whole amount asked for', () => {
    expect(
      reason(
        'funding',
        { capacity: { amountJpy: 300_000 } },
        { fields: 'any', serviceArea: { blocks: ['tohoku'] }, capacity: { amountJpy: 500_000 } },
      ),
    ).toEqual([
      '東北ブロックで対応できます。分野を問わない申し出です。50万円のご支援で、希望額30万円をまかなえます。',
      'Available across the Tohoku block. The offer is open to any field. Offers ¥500,000, enough for the ¥300,000 you asked for.',
    ]);
  });

  it('funding: half of the amount or more, the need without a minimum', () => {
    expect(
      reason(
        'funding',
        { capacity: { amountJpy: 800_000 } },
        { serviceArea: { prefectures: ['06'] }, capacity: { amountJpy: 500_000 } },
      ),
    ).toEqual([
      '同じ山形県内で対応できます。どちらも「子ども・若者支援」の分野です。50万円のご支援で、希望額80万円の一部に充てられます。',
      'Available in the same prefecture (Yamagata). Both are in the same field: Support for children and young people. Offers ¥500,000, which covers part of the ¥800,000 you asked for.',
    ]);
  });

  it('funding: a small part, the need accepting co-funding', () => {
    expect(
      reason(
        'funding',
        { capacity: { amountJpy: 800_000, coFunding: true } },
        { serviceArea: { prefectures: ['06'] }, capacity: { amountJpy: 30_000 } },
      ),
    ).toEqual([
      '同じ山形県内で対応できます。どちらも「子ども・若者支援」の分野です。3万円のご支援で、希望額80万円の一部に充てられます。ほかのご支援と組み合わせて活用できます。',
      'Available in the same prefecture (Yamagata). Both are in the same field: Support for children and young people. Offers ¥30,000, which covers part of the ¥800,000 you asked for. It can be combined with other funding.',
    ]);
  });

  it('funding: part of the amount, above the need’s minimum', () => {
    expect(
      reason(
        'funding',
        { capacity: { amountJpy: 800_000, minAmountJpy: 200_000 } },
        { serviceArea: { nationwide: true }, capacity: { amountJpy: 300_000 } },
      ),
    ).toEqual([
      '全国で対応できます。どちらも「子ども・若者支援」の分野です。30万円のご支援で最低額の20万円を満たし、希望額80万円の一部に充てられます。',
      'Available across Japan. Both are in the same field: Support for children and young people. Offers ¥300,000, which meets your minimum of ¥200,000 and covers part of the ¥800,000 you asked for.',
    ]);
  });

  it('employment: enough positions, from a broader field', () => {
    expect(
      reason(
        'employment',
        { fields: ['futoko'], capacity: { positions: 2 } },
        { fields: ['children_youth'], capacity: { positions: 3 } },
      ),
    ).toEqual([
      '同じ山形市内で対応できます。申し出の分野「子ども・若者支援」は、ニーズの「不登校支援」を含みます。3名まで受け入れられ、希望の2名に足ります。',
      "Available in the same municipality (山形市). The offer's field (Support for children and young people) includes the need's (Support for children not attending school (futoko)). Has places for up to 3 people, enough for the 2 you asked for.",
    ]);
  });

  it('volunteers by people: part of the people wanted, online', () => {
    expect(
      reason(
        'volunteers',
        { fields: ['hikikomori'], onlineOk: true, capacity: { people: 5 } },
        { fields: ['hikikomori'], serviceArea: { online: true }, capacity: { people: 3 } },
      ),
    ).toEqual([
      'オンラインで対応できます。どちらも「ひきこもり支援」の分野です。希望の5名のうち3名が協力できます。',
      'Available online. Both are in the same field: Hikikomori (social withdrawal) support. Up to 3 of the 5 people you asked for can help.',
    ]);
  });

  it('volunteers by hours a month: enough, from 1 November: 151 of the 304 days', () => {
    expect(
      reason(
        'volunteers',
        { capacity: { hoursPerMonth: 10 } },
        { capacity: { hoursPerMonth: 20 }, period: { start: '2026-11-01' } },
      ),
    ).toEqual([
      '同じ山形市内で対応できます。どちらも「子ども・若者支援」の分野です。月20時間まで協力でき、希望の月10時間に足ります。ご希望の期間の約半分に対応できます。',
      'Available in the same municipality (山形市). Both are in the same field: Support for children and young people. Can help up to 20 hours a month, enough for the 10 you asked for. Covers about half of the period you asked for.',
    ]);
  });

  it('skills: the people, from a neighbouring prefecture within the block', () => {
    expect(
      reason(
        'skills',
        { location: { prefecture: '11', municipality: '11203' }, capacity: { people: 2 } },
        { serviceArea: { prefectures: ['13'], blocks: ['kanto'] }, capacity: { people: 2 } },
      ),
    ).toEqual([
      '隣接する東京都を含む関東ブロックで対応できます。どちらも「子ども・若者支援」の分野です。2名が協力でき、希望の2名に足ります。',
      'Available across the Kanto block, including neighbouring Tokyo. Both are in the same field: Support for children and young people. Up to 2 people can help, enough for the 2 you asked for.',
    ]);
  });

  it('goods in units: more than enough', () => {
    expect(
      reason(
        'goods',
        { fields: ['food_support'], capacity: { quantity: 200, unit: 'units' } },
        { fields: ['food_support'], capacity: { quantity: 500, unit: 'units' } },
      ),
    ).toEqual([
      '同じ山形市内で対応できます。どちらも「食の支援・フードバンク」の分野です。500個を提供でき、希望の200個に足ります。',
      'Available in the same municipality (山形市). Both are in the same field: Food support and food banks. Can provide 500 units, enough for the 200 you asked for.',
    ]);
  });

  it('goods in kg: part of the quantity, from a field within the need’s', () => {
    expect(
      reason(
        'goods',
        { fields: ['poverty'], capacity: { quantity: 200, unit: 'kg' } },
        { fields: ['food_support'], capacity: { quantity: 120.5, unit: 'kg' } },
      ),
    ).toEqual([
      '同じ山形市内で対応できます。申し出の分野「食の支援・フードバンク」は、ニーズの「生活困窮者支援」の一部です。希望の200kgのうち120.5kgを提供できます。',
      "Available in the same municipality (山形市). The offer's field (Food support and food banks) is part of the need's (Support for people in financial hardship). Can provide 120.5kg of the 200kg you asked for.",
    ]);
  });

  it('publicity: the reach, nationwide', () => {
    expect(
      reason(
        'publicity',
        { capacity: { reach: 3000 } },
        { serviceArea: { nationwide: true }, capacity: { reach: 5000 } },
      ),
    ).toEqual([
      '全国で対応できます。どちらも「子ども・若者支援」の分野です。5,000人に周知でき、希望の3,000人に足ります。',
      'Available across Japan. Both are in the same field: Support for children and young people. Can reach 5,000 people, enough for the 3,000 you asked for.',
    ]);
  });

  it('other: no numbers; an offer starting late covers most of the period', () => {
    expect(reason('other', { capacity: {} }, { capacity: {}, period: { start: '2026-06-25' } })).toEqual([
      '同じ山形市内で対応できます。どちらも「子ども・若者支援」の分野です。ご希望の期間の大部分（約9割）に対応できます。',
      'Available in the same municipality (山形市). Both are in the same field: Support for children and young people. Covers most of the period you asked for (about nine tenths).',
    ]);
  });
});
