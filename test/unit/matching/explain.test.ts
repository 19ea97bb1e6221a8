import { describe, expect, it } from 'vitest';
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
      '同じ山形市内・分野を問わない支援',
      'In the same municipality (山形市); open to any field',
    ]);
  });

  it('the same prefecture, named in each language', () => {
    expect(region({ tier: 'prefecture', prefecture: '11' })).toEqual([
      '同じ埼玉県内・分野を問わない支援',
      'In the same prefecture (Saitama); open to any field',
    ]);
  });

  it('a code the tables do not know is written as it is rather than dropped', () => {
    expect(region({ tier: 'municipality', municipality: '99999' })).toEqual([
      '同じ99999内・分野を問わない支援',
      'In the same municipality (99999); open to any field',
    ]);
    expect(region({ tier: 'prefecture', prefecture: '99' })).toEqual([
      '同じ99内・分野を問わない支援',
      'In the same prefecture (99); open to any field',
    ]);
  });

  describe('neighbour: a wide area that lists a place near the need', () => {
    it('a neighbouring prefecture within the need’s block', () => {
      expect(region({ tier: 'neighbour', prefecture: '13', needPrefecture: '11', block: 'kanto' })).toEqual([
        '隣接する東京都を含む関東ブロックに対応・分野を問わない支援',
        'Serves the Kanto block, including neighbouring Tokyo; open to any field',
      ]);
    });

    it('a neighbouring prefecture under nationwide (no block covers the need)', () => {
      expect(region({ tier: 'neighbour', prefecture: '37', needPrefecture: '33' })).toEqual([
        '隣接する香川県を含む全国に対応・分野を問わない支援',
        'Serves all of Japan, including neighbouring Kagawa; open to any field',
      ]);
    });

    it('another municipality in the need’s own prefecture, within its block', () => {
      expect(region({ tier: 'neighbour', prefecture: '11', needPrefecture: '11', block: 'kanto' })).toEqual([
        '埼玉県内の地域を含む関東ブロックに対応・分野を問わない支援',
        'Serves the Kanto block, including places in Saitama; open to any field',
      ]);
    });

    it('another municipality in the need’s own prefecture, under nationwide', () => {
      expect(region({ tier: 'neighbour', prefecture: '34', needPrefecture: '34' })).toEqual([
        '広島県内の地域を含む全国に対応・分野を問わない支援',
        'Serves all of Japan, including places in Hiroshima; open to any field',
      ]);
    });
  });

  it('the need’s block, by its label', () => {
    expect(region({ tier: 'block', block: 'tohoku' })).toEqual([
      '東北ブロックに対応・分野を問わない支援',
      'Serves the Tohoku block; open to any field',
    ]);
    expect(region({ tier: 'block', block: 'kyushu_okinawa' })).toEqual([
      '九州・沖縄ブロックに対応・分野を問わない支援',
      'Serves the Kyushu and Okinawa block; open to any field',
    ]);
  });

  it('nationwide, and online', () => {
    expect(region({ tier: 'nationwide' })).toEqual([
      '全国に対応・分野を問わない支援',
      'Serves all of Japan; open to any field',
    ]);
    expect(region({ tier: 'online' })).toEqual([
      'オンラインで対応・分野を問わない支援',
      'Online; open to any field',
    ]);
  });
});

describe('explain: how the fields relate', () => {
  it('one common field', () => {
    expect(field({ relation: 'same', fields: ['children_youth'] })).toEqual([
      'オンラインで対応・分野が一致（子ども・若者支援）',
      'Online; same field (Support for children and young people)',
    ]);
  });

  it('several common fields, in the order given', () => {
    expect(field({ relation: 'same', fields: ['food_support', 'children_youth', 'poverty'] })).toEqual([
      'オンラインで対応・分野が一致（食の支援・フードバンク、子ども・若者支援、生活困窮者支援）',
      'Online; same field (Food support and food banks / Support for children and young people / Support for people in financial hardship)',
    ]);
  });

  it('parent and child: the offer’s broader field includes the need’s', () => {
    expect(field({ relation: 'parent_child', needField: 'dementia', offerField: 'elderly' })).toEqual([
      'オンラインで対応・申し出の分野「高齢者支援」がニーズの「認知症」を含む',
      "Online; the offer's field (Support for older people) includes the need's (Dementia)",
    ]);
  });

  it('parent and child: the offer’s narrower field is part of the need’s', () => {
    expect(field({ relation: 'parent_child', needField: 'poverty', offerField: 'food_support' })).toEqual([
      'オンラインで対応・申し出の分野「食の支援・フードバンク」はニーズの「生活困窮者支援」の一部',
      "Online; the offer's field (Food support and food banks) is part of the need's (Support for people in financial hardship)",
    ]);
  });

  it('siblings: the need’s field first, then the offer’s', () => {
    expect(field({ relation: 'siblings', needField: 'young_carers', offerField: 'futoko' })).toEqual([
      'オンラインで対応・近い分野（ヤングケアラー支援／不登校支援）',
      'Online; neighbouring field (Support for young carers / Support for children not attending school (futoko))',
    ]);
  });

  it('an offer for any field, and no field in common', () => {
    expect(field({ relation: 'any' })).toEqual([
      'オンラインで対応・分野を問わない支援',
      'Online; open to any field',
    ]);
    expect(field({ relation: 'none' })).toEqual([
      'オンラインで対応・分野の一致なし',
      'Online; no field in common',
    ]);
  });
});

describe('explain: the periods, named only when they overlap in part', () => {
  const plain = ['オンラインで対応・分野を問わない支援', 'Online; open to any field'];
  const share = (pct: number) => [
    `オンラインで対応・分野を問わない支援・期間の${pct}%が重なる`,
    `Online; open to any field; periods overlap ${pct}%`,
  ];
  const barely = [
    'オンラインで対応・分野を問わない支援・期間の重なりはわずか',
    'Online; open to any field; periods barely overlap',
  ];

  it('says nothing when the offer covers the whole period', () => {
    expect(timing(1)).toEqual(plain);
  });

  it('names the share in whole percent, rounded: just below full coverage reads as 100 %', () => {
    expect(timing(0.4)).toEqual(share(40));
    expect(timing(0.99)).toEqual(share(99));
    // A year's need with an offer starting a day late: 0.9973 is not the whole period, so 99 %.
    expect(timing(0.9973)).toEqual(share(99));
    expect(timing(0.995)).toEqual(share(99));
  });

  it('from 0.5 % on names the share; below, says the periods barely overlap', () => {
    expect(timing(0.01)).toEqual(share(1));
    expect(timing(0.005)).toEqual(share(1));
    expect(timing(0.0049)).toEqual(barely);
    expect(timing(0)).toEqual(barely);
  });
});

describe('explain: the parts, joined', () => {
  const full = facts({
    region: { tier: 'neighbour', prefecture: '11', needPrefecture: '11', block: 'kanto' },
    field: { relation: 'same', fields: ['children_youth', 'poverty'] },
    capacity: { measure: 'seats', offered: 40, needed: 30, sessions: { offered: 2, needed: 4 } },
    timingCoverage: 0.4,
  });

  it('region, field, capacity, sessions and period: by ・ in Japanese', () => {
    expect(explain(full, 'ja')).toBe(
      '埼玉県内の地域を含む関東ブロックに対応・分野が一致（子ども・若者支援、生活困窮者支援）・定員40名 ≥ 必要30名・月2回（希望は月4回）・期間の40%が重なる',
    );
  });

  it('by semicolons in English, as one sentence starting with a capital letter', () => {
    expect(explain(full, 'en')).toBe(
      'Serves the Kanto block, including places in Saitama; same field (Support for children and young people / Support for people in financial hardship); 40 seats ≥ 30 needed; 2 sessions a month (4 wanted); periods overlap 40%',
    );
    expect(explain(facts({ region: { tier: 'municipality', municipality: '06201' } }), 'en')).toBe(
      'In the same municipality (山形市); open to any field',
    );
  });
});
