import { describe, expect, it } from 'vitest';
import {
  areNeighbours,
  BLOCK_IDS,
  blockOf,
  FIELD_SLUGS,
  type FieldSlug,
  KIND_IDS,
  type Lang,
  MUNICIPALITIES,
  PREFECTURES,
} from '#domain';
import { explain, type FieldFact, type MatchFacts, proposeMatches, type RegionFact } from '#matching';
import { cached, fieldKey, PhraseCache, regionKey } from '../../../shared/matching/phrase-cache';
import { factsWith as facts, need, offer, TODAY, ulidOf } from './builders';

// A round writes each region and field phrase once (PhraseCache, keyed by numbers derived from
// the facts). The cache must never change a sentence: a cached phrase is the one written without
// the cache, and two facts that differ in any one part, or one fact in the two languages, never
// share a phrase.

const LANGS: readonly Lang[] = ['ja', 'en'];

/** Every region fact the tables can produce: each municipality, prefecture, neighbour and block. */
function everyRegion(): RegionFact[] {
  const regions: RegionFact[] = [];
  for (const m of MUNICIPALITIES) regions.push({ tier: 'municipality', municipality: m.code });
  for (const need of PREFECTURES) {
    regions.push({ tier: 'prefecture', prefecture: need.code });
    for (const near of PREFECTURES) {
      if (near.code !== need.code && !areNeighbours(need.code, near.code)) continue;
      const fact = { tier: 'neighbour', prefecture: near.code, needPrefecture: need.code } as const;
      regions.push(fact, { ...fact, block: blockOf(need.code)! });
    }
  }
  for (const block of BLOCK_IDS) regions.push({ tier: 'block', block });
  regions.push({ tier: 'nationwide' }, { tier: 'online' });
  return regions;
}

/** Every field fact: one field, two fields in either order, any ordered pair as parent/child and as siblings. */
function everyField(): FieldFact[] {
  const fields: FieldFact[] = [{ relation: 'any' }, { relation: 'none' }];
  for (const a of FIELD_SLUGS) {
    fields.push({ relation: 'same', fields: [a] });
    for (const b of FIELD_SLUGS) {
      if (a === b) continue;
      fields.push({ relation: 'same', fields: [a, b] });
      fields.push({ relation: 'parent_child', needField: a, offerField: b });
      fields.push({ relation: 'siblings', needField: a, offerField: b });
    }
  }
  return fields;
}

/** Writes every fact in both languages through one cache; returns [with the cache, without]. */
function writeAll(all: readonly MatchFacts[], cache: PhraseCache): [string[], string[]] {
  const cached: string[] = [];
  const plain: string[] = [];
  for (const f of all)
    for (const lang of LANGS) {
      cached.push(explain(f, lang, cache));
      plain.push(explain(f, lang));
    }
  return [cached, plain];
}

/** How many phrases the cache keeps: [ja, en]. */
const sizes = (cache: PhraseCache) => ({
  region: [cache.ja.region.size, cache.en.region.size],
  field: [cache.ja.field.size, cache.en.field.size],
});

describe('PhraseCache', () => {
  it('writes the same sentence as no cache for every region, and keeps each region once per language', () => {
    const regions = everyRegion();
    const cache = new PhraseCache();
    const [cached, plain] = writeAll(
      regions.map((region) => facts({ region })),
      cache,
    );

    expect(cached).toEqual(plain);
    expect(sizes(cache)).toEqual({ region: [regions.length, regions.length], field: [1, 1] });
  });

  it('writes the same sentence as no cache for every field relation, and keeps each once per language', () => {
    const fields = everyField();
    const cache = new PhraseCache();
    const [cached, plain] = writeAll(
      fields.map((field) => facts({ field })),
      cache,
    );

    expect(cached).toEqual(plain);
    expect(sizes(cache)).toEqual({ region: [1, 1], field: [fields.length, fields.length] });
  });

  it('does not share a phrase between facts that differ in one part', () => {
    const pairs: [Partial<MatchFacts>, Partial<MatchFacts>][] = [
      [
        { region: { tier: 'neighbour', prefecture: '04', needPrefecture: '06', block: 'tohoku' } },
        { region: { tier: 'neighbour', prefecture: '04', needPrefecture: '06' } },
      ],
      [
        { region: { tier: 'neighbour', prefecture: '06', needPrefecture: '06', block: 'tohoku' } },
        { region: { tier: 'neighbour', prefecture: '04', needPrefecture: '06', block: 'tohoku' } },
      ],
      [{ region: { tier: 'nationwide' } }, { region: { tier: 'online' } }],
      [
        { region: { tier: 'prefecture', prefecture: '03' } },
        { region: { tier: 'block', block: 'hokkaido' } },
      ],
      [
        { field: { relation: 'parent_child', needField: 'futoko', offerField: 'children_youth' } },
        { field: { relation: 'siblings', needField: 'futoko', offerField: 'children_youth' } },
      ],
      [
        { field: { relation: 'parent_child', needField: 'futoko', offerField: 'children_youth' } },
        { field: { relation: 'parent_child', needField: 'children_youth', offerField: 'futoko' } },
      ],
      [
        { field: { relation: 'same', fields: ['children_youth'] } },
        { field: { relation: 'same', fields: ['children_youth', 'poverty'] } },
      ],
      [{ field: { relation: 'any' } }, { field: { relation: 'none' } }],
    ];
    for (const [a, b] of pairs) {
      const cache = new PhraseCache();
      const first = LANGS.map((lang) => explain(facts(a), lang, cache));
      const second = LANGS.map((lang) => explain(facts(b), lang, cache));

      expect(first).toEqual(LANGS.map((lang) => explain(facts(a), lang)));
      expect(second).toEqual(LANGS.map((lang) => explain(facts(b), lang)));
      expect(second).not.toEqual(first);
    }
  });

  it('uses a phrase already in the cache instead of writing it again', () => {
    const f = facts({
      region: { tier: 'prefecture', prefecture: '06' },
      field: { relation: 'same', fields: ['children_youth'] },
    });
    const cache = new PhraseCache();
    expect(explain(f, 'ja', cache)).toBe(
      '同じ山形県内で対応できます。どちらも「子ども・若者支援」の分野です。',
    );
    // Stand-ins for what the round wrote earlier: the next sentence is built from them.
    for (const key of cache.ja.region.keys()) cache.ja.region.set(key, '〔地域〕');
    for (const key of cache.ja.field.keys()) cache.ja.field.set(key, '〔分野〕');

    expect(explain(f, 'ja', cache)).toBe('〔地域〕〔分野〕');
    expect(explain(f, 'en', cache)).toBe(
      'Available in the same prefecture (Yamagata). Both are in the same field: Support for children and young people.',
    );
  });
});

describe('PhraseCache: keys', () => {
  it('gives every region fact and every field fact its own whole number', () => {
    for (const [facts, key] of [
      [everyRegion(), regionKey],
      [everyField(), (f: FieldFact) => fieldKey(f, 'venue')],
    ] as const) {
      const keys = facts.map((f) => (key as (f: unknown) => number)(f));
      expect(keys.every((k) => Number.isSafeInteger(k) && k >= 0)).toBe(true);
      expect(new Set(keys).size).toBe(facts.length);
    }
    // No field in common reads by kind (a venue is open to any activity): a key per kind.
    const fieldKeys = new Set(everyField().map((f) => fieldKey(f, 'venue')));
    const none = KIND_IDS.map((kind) => fieldKey({ relation: 'none' }, kind));
    expect(new Set(none).size).toBe(KIND_IDS.length);
    expect(none.filter((k) => fieldKeys.has(k))).toEqual([fieldKey({ relation: 'none' }, 'venue')]);
  });

  it('keeps a phrase under any key of 0 or more, and writes it each time under −1', () => {
    const map = new Map<number, string>();
    let writes = 0;
    const write = () => `phrase ${++writes}`;
    expect([cached(map, 0, write), cached(map, 0, write)]).toEqual(['phrase 1', 'phrase 1']);
    expect([cached(map, -1, write), cached(map, -1, write)]).toEqual(['phrase 2', 'phrase 3']);
    expect([...map.keys()]).toEqual([0]);
  });
});

describe('PhraseCache: common fields', () => {
  it('a round writes each need’s common fields in that need’s order, as scorePair does', () => {
    const [a, b, c] = [ulidOf('G', 1), ulidOf('G', 2), ulidOf('G', 3)];
    const { proposals } = proposeMatches({
      needs: [
        need(ulidOf('N', 1), a, { fields: ['children_youth', 'poverty'] }),
        need(ulidOf('N', 2), b, { fields: ['poverty', 'children_youth'] }),
      ],
      offers: [offer(ulidOf('F', 1), c, { fields: ['poverty', 'children_youth'] })],
      approvedOrganizations: new Set([a, b, c]),
      declinedPairs: new Set(),
      proposedPairs: new Set(),
      today: TODAY,
    });

    expect(proposals.map((p) => p.explanation.ja)).toEqual([
      '同じ山形市内で対応できます。どちらも「子ども・若者支援」「生活困窮者支援」の分野です。40名まで利用でき、希望の30名に足ります。',
      '同じ山形市内で対応できます。どちらも「生活困窮者支援」「子ども・若者支援」の分野です。40名まで利用でき、希望の30名に足ります。',
    ]);
  });

  it('keeps up to eight common fields; more are written each time, never shared', () => {
    const same = (fields: readonly FieldSlug[]) => facts({ field: { relation: 'same', fields } });
    const cache = new PhraseCache();
    const eight = same(FIELD_SLUGS.slice(0, 8));
    const nine = same(FIELD_SLUGS.slice(0, 9));
    const otherNine = same(FIELD_SLUGS.slice(1, 10));

    expect(explain(eight, 'ja', cache)).toBe(explain(eight, 'ja'));
    expect(sizes(cache).field).toEqual([1, 0]);
    expect(explain(nine, 'ja', cache)).toBe(explain(nine, 'ja'));
    expect(explain(otherNine, 'ja', cache)).toBe(explain(otherNine, 'ja'));
    expect(explain(otherNine, 'ja')).not.toBe(explain(nine, 'ja'));
    expect(sizes(cache).field).toEqual([1, 0]);
  });
});
