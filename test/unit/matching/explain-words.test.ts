import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  areNeighbours,
  BLOCK_IDS,
  blockOf,
  FIELD_SLUGS,
  type Lang,
  MUNICIPALITIES,
  PREFECTURES,
  RESOURCE_TYPE_IDS,
  TYPED_KINDS,
} from '#domain';
import {
  type CapacityFact,
  explain,
  type FieldFact,
  type MatchFacts,
  type MatchingConfigInput,
  proposeMatches,
  type RegionFact,
  type TypeFact,
} from '#matching';
import { factsWith as facts } from './builders';
import { countryPlatformArb } from './country-arbitraries';

// A reason is forwarded in business mail (docs/matching.md, "Explanation"): numbers in words,
// never a formula sign. Every sentence the engine can write, over every shape of the facts, and
// the sentences of real proposals from random rounds, has no ≥ ≤ % < > (nor their full-width
// forms), no 10割 for a part, nothing left unwritten (undefined, NaN), and ends as a sentence.
// Each check counts what it read and fails when it read nothing.

const LANGS: readonly Lang[] = ['ja', 'en'];
const SIGNS = /[≥≤≧≦%％<>＜＞]/;

/** What a reason must not contain, or must be: [rule, broken by `sentence`]. */
function problems(sentence: string, lang: Lang): string[] {
  const found: string[] = [];
  if (SIGNS.test(sentence)) found.push('a formula sign');
  if (/10割|undefined|NaN|null/.test(sentence)) found.push('10割 or an unwritten value');
  if (lang === 'ja' ? !sentence.endsWith('。') : !/[.]$/.test(sentence))
    found.push('no full stop at the end');
  if (lang === 'en' && !/^[A-Z]/.test(sentence)) found.push('no capital letter first');
  return found;
}

/** Checks every sentence; returns how many it read. */
function checkAll(all: Iterable<MatchFacts>): number {
  let checked = 0;
  for (const f of all)
    for (const lang of LANGS) {
      const sentence = explain(f, lang);
      const found = problems(sentence, lang);
      if (found.length > 0) throw new Error(`${found.join(', ')}: ${sentence} (${JSON.stringify(f)})`);
      checked++;
    }
  return checked;
}

/** Every region fact: each municipality and prefecture, each neighbour with and without its block, each block. */
function everyRegion(): RegionFact[] {
  const regions: RegionFact[] = [{ tier: 'nationwide' }, { tier: 'online' }];
  for (const m of MUNICIPALITIES) regions.push({ tier: 'municipality', municipality: m.code });
  for (const near of PREFECTURES) {
    regions.push({ tier: 'prefecture', prefecture: near.code });
    for (const need of PREFECTURES) {
      if (near.code !== need.code && !areNeighbours(need.code, near.code)) continue;
      const fact = { tier: 'neighbour', prefecture: near.code, needPrefecture: need.code } as const;
      regions.push(fact, { ...fact, block: blockOf(need.code)! });
    }
  }
  for (const block of BLOCK_IDS) regions.push({ tier: 'block', block });
  return regions;
}

/** Every field fact: one field, one to five common fields, any ordered pair as parent/child and siblings. */
function everyField(): FieldFact[] {
  const fields: FieldFact[] = [{ relation: 'any' }, { relation: 'none' }];
  for (let n = 1; n <= 5; n++) fields.push({ relation: 'same', fields: FIELD_SLUGS.slice(0, n) });
  for (const a of FIELD_SLUGS) {
    fields.push({ relation: 'same', fields: [a] });
    for (const b of FIELD_SLUGS) {
      if (a === b) continue;
      fields.push({ relation: 'parent_child', needField: a, offerField: b });
      fields.push({ relation: 'siblings', needField: a, offerField: b });
    }
  }
  return fields;
}

/** offered against needed: more, exactly, less; ones, fractions, large numbers. */
const AMOUNTS: readonly [number, number][] = [
  [40, 30],
  [30, 30],
  [29, 30],
  [1, 1],
  [1, 2],
  [2, 1],
  [0.5, 10.25],
  [1200.5, 1000],
  [10_000, 10_000],
  [1_000_000, 10_000_000],
  [10_000_000_000, 9_999_999_999],
];
const MEASURES = ['seats', 'positions', 'people', 'hoursPerMonth', 'reach', 'amountJpy'] as const;

/** Every capacity: each measure and unit, enough, exact, partial, with a minimum, with sessions; and none. */
function everyCapacity(): (CapacityFact | null)[] {
  const capacities: (CapacityFact | null)[] = [null];
  for (const [offered, needed] of AMOUNTS) {
    for (const measure of MEASURES) capacities.push({ measure, offered, needed });
    for (const unit of ['units', 'kg'] as const)
      capacities.push({ measure: 'quantity', offered, needed, unit });
    for (const minimum of [1, offered, Math.max(1, Math.floor(offered / 2))])
      capacities.push({ measure: 'amountJpy', offered, needed, minimum });
    for (const sessions of [
      { offered: 1, needed: 2 },
      { offered: 2, needed: 4 },
      { offered: 99, needed: 100 },
    ])
      capacities.push({ measure: 'seats', offered, needed, sessions });
  }
  return capacities;
}

/** 0, tiny, each tenth and both sides of each rounding step, just below 1, and 1. */
/** Every type of every kind met alone, all of a kind's at once, through その他, and unknown. */
function everyType(): TypeFact[] {
  const types: TypeFact[] = [];
  for (const kind of TYPED_KINDS) {
    const ids: readonly string[] = RESOURCE_TYPE_IDS[kind];
    for (const id of ids) types.push({ match: 'match', kind, types: [id] });
    types.push({ match: 'match', kind, types: [...ids] });
    types.push({ match: 'other', kind }, { match: 'unknown', kind });
  }
  return types;
}

const TIMINGS: readonly number[] = [
  0,
  0.0001,
  0.0049,
  0.01,
  ...Array.from({ length: 10 }, (_, i) => [i / 10 + 0.0499, i / 10 + 0.05, (i + 1) / 10]).flat(),
  0.9973,
  0.999,
  0.9999,
];

describe('a reason has no formula sign, in every shape the facts take', () => {
  it('the check itself: the old formula sentences fail it', () => {
    expect(problems('同じ山形市内・分野が一致（子ども・若者支援）・定員40名 ≥ 必要30名', 'ja')).toEqual([
      'a formula sign',
      'no full stop at the end',
    ]);
    expect(problems('Online; open to any field; periods overlap 40%', 'en')).toEqual([
      'a formula sign',
      'no full stop at the end',
    ]);
    expect(problems('ご希望の期間の大部分（約10割）に対応できます。', 'ja')).toEqual([
      '10割 or an unwritten value',
    ]);
    expect(problems('available online.', 'en')).toEqual(['no capital letter first']);
    expect(problems('オンラインで対応できます。', 'ja')).toEqual([]);
  });

  it('every region, field, type, capacity and timing, each on its own', () => {
    const all: MatchFacts[] = [
      ...everyRegion().map((region) => facts({ region })),
      ...everyField().map((field) => facts({ field })),
      ...everyType().map((types) => facts({ kind: types.kind, types })),
      ...everyCapacity().map((capacity) => facts({ capacity })),
      ...TIMINGS.map((timingCoverage) => facts({ timingCoverage })),
    ];
    const checked = checkAll(all);

    expect(checked).toBe(2 * all.length);
    expect(checked).toBeGreaterThan(5_000);
  });

  it('every tier, relation, capacity and timing together', () => {
    const regions: RegionFact[] = [
      { tier: 'municipality', municipality: '06201' },
      { tier: 'prefecture', prefecture: '11' },
      { tier: 'neighbour', prefecture: '13', needPrefecture: '11', block: 'kanto' },
      { tier: 'neighbour', prefecture: '11', needPrefecture: '11', block: 'kanto' },
      { tier: 'neighbour', prefecture: '37', needPrefecture: '33' },
      { tier: 'neighbour', prefecture: '34', needPrefecture: '34' },
      { tier: 'block', block: 'kyushu_okinawa' },
      { tier: 'nationwide' },
      { tier: 'online' },
    ];
    const fields: FieldFact[] = [
      { relation: 'same', fields: ['children_youth'] },
      { relation: 'same', fields: ['food_support', 'children_youth', 'poverty'] },
      { relation: 'parent_child', needField: 'dementia', offerField: 'elderly' },
      { relation: 'parent_child', needField: 'poverty', offerField: 'food_support' },
      { relation: 'siblings', needField: 'young_carers', offerField: 'futoko' },
      { relation: 'any' },
      { relation: 'none' },
    ];
    function* all(): Generator<MatchFacts> {
      for (const region of regions)
        for (const field of fields)
          for (const capacity of everyCapacity())
            for (const timingCoverage of TIMINGS) yield facts({ region, field, capacity, timingCoverage });
    }
    const checked = checkAll(all());

    expect(checked).toBe(2 * regions.length * fields.length * everyCapacity().length * TIMINGS.length);
  });
});

describe('a reason has no formula sign, in the proposals of random rounds', () => {
  const ROUNDS = 300;
  /** The defaults, and a round that lets every pair through (low capacity, any field, no minimum score). */
  const CONFIGS: readonly (MatchingConfigInput | undefined)[] = [
    undefined,
    {
      minScore: 0,
      requireFieldRelation: false,
      capacity: {
        minCoverage: { venue: 0, employment: 0, volunteers: 0, skills: 0, goods: 0, publicity: 0 },
      },
      openEndedHorizonDays: 30,
    },
  ];

  it(`over ${ROUNDS} platforms across the country, in both languages`, () => {
    let checked = 0;
    const seen = new Set<string>();
    for (const platform of fc.sample(countryPlatformArb, { seed: 20, numRuns: ROUNDS })) {
      const { today, needs, offers } = platform;
      for (const config of CONFIGS) {
        const { proposals } = proposeMatches(
          {
            needs,
            offers,
            approvedOrganizations: new Set([...needs, ...offers].map((p) => p.organizationId)),
            declinedPairs: new Set(),
            proposedPairs: new Set(),
            today,
          },
          config,
        );
        for (const p of proposals)
          for (const lang of LANGS) {
            const sentence = p.explanation[lang];
            const found = problems(sentence, lang);
            if (found.length > 0) throw new Error(`${found.join(', ')}: ${sentence}`);
            checked++;
            seen.add(`kind:${p.kind}`);
            if (lang === 'ja' && sentence.includes('ご希望の期間')) seen.add('timing');
            if (lang === 'ja' && sentence.includes('のうち')) seen.add('partial');
            if (lang === 'ja' && sentence.includes('ご希望の「')) seen.add('types');
          }
      }
    }
    console.log(`explain-words: ${checked} sentences of real proposals checked`);

    expect(checked).toBeGreaterThan(1000);
    expect([...seen].sort()).toEqual(
      [
        'partial',
        'timing',
        'types',
        ...['venue', 'funding', 'employment', 'volunteers', 'skills', 'goods', 'publicity', 'other'].map(
          (k) => `kind:${k}`,
        ),
      ].sort(),
    );
  });
});
