import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type SearchDoc, SearchIndex, searchTerms } from '#domain';

// The index against the plain definition: a posting matches when its text holds every word and
// the filter passes; results newest first (id descending), paged after an id.

const doc = (id: string, text: string, version = 1, kind = 'venue'): SearchDoc => ({
  id,
  type: 'need',
  version,
  kind,
  fields: [],
  types: [],
  start: '2026-01-01',
  text,
});

const brute = (docs: Map<string, SearchDoc>, words: string[], filter?: (d: SearchDoc) => boolean) =>
  [...docs.values()]
    .filter((d) => words.every((w) => d.text.includes(w)) && (!filter || filter(d)))
    .sort((a, b) => (a.id < b.id ? 1 : -1));

function everyPage(index: SearchIndex, words: string[], limit: number, filter?: (d: SearchDoc) => boolean) {
  const ids: string[] = [];
  let after: string | undefined;
  let total = -1;
  for (let guard = 0; guard < 1000; guard++) {
    const page = index.search(words, filter, after, limit);
    total = page.total;
    ids.push(...page.hits.map((d) => d.id));
    if (!page.more) break;
    after = page.hits.at(-1)!.id;
  }
  return { ids, total };
}

describe('SearchIndex', () => {
  it('finds a word inside another (no word boundaries), in every spelling of the query', () => {
    const index = new SearchIndex([
      doc('01', searchTerms('埼玉フードバンクネットワーク')[0]!),
      doc('02', searchTerms('こども食堂')[0]!),
    ]);
    for (const q of ['ﾌｰﾄﾞﾊﾞﾝｸ', 'ふーどばんく', 'ドバ', 'ネット']) {
      expect(index.search(searchTerms(q), undefined, undefined, 10).hits.map((d) => d.id)).toEqual(['01']);
    }
    expect(index.search(searchTerms('食'), undefined, undefined, 10).hits.map((d) => d.id)).toEqual(['02']);
    expect(index.search(searchTerms('ドモ食'), undefined, undefined, 10).total).toBe(1);
    expect(index.search(searchTerms('バンク食堂'), undefined, undefined, 10).total).toBe(0);
  });

  it('never matches across the parts of a text (title, organisation, description)', () => {
    const index = new SearchIndex([doc('01', 'アイ\u0000ウエ')]);
    expect(index.search(['イウ'], undefined, undefined, 10).total).toBe(0);
    expect(index.search(['アイ', 'ウエ'], undefined, undefined, 10).total).toBe(1);
  });

  it('takes changes: a new version replaces the old, an older one is ignored, a removal sticks', () => {
    const index = new SearchIndex([doc('01', 'リンゴ'), doc('02', 'ミカン')]);
    index.put(doc('01', 'バナナ', 2));
    index.put(doc('01', 'リンゴ', 1));
    expect(index.search(['リンゴ'], undefined, undefined, 10).total).toBe(0);
    expect(index.search(['バナナ'], undefined, undefined, 10).total).toBe(1);
    index.remove('02', 2);
    index.put(doc('02', 'ミカン', 1));
    expect(index.search(['ミカン'], undefined, undefined, 10).total).toBe(0);
    index.put(doc('03', 'バナナ'));
    expect(index.search(['バナナ'], undefined, undefined, 10).hits.map((d) => d.id)).toEqual(['03', '01']);
    expect(index.size).toBe(2);
    expect(index.compact().search(['バナナ'], undefined, undefined, 10).total).toBe(2);
  });

  it('agrees with a plain scan, page by page, through puts, removals and compaction', () => {
    const alphabet = ['ア', 'イ', 'ウ', 'a', 'b', ' ', '\u0000'];
    const text = fc
      .array(fc.constantFrom(...alphabet), { maxLength: 12 })
      .map((cs) => cs.join('').replace(/ +/g, ' ').trim());
    const id = fc.integer({ min: 0, max: 40 }).map((n) => String(n).padStart(2, '0'));
    const op = fc.oneof(
      fc.record({ put: fc.tuple(id, text, fc.constantFrom('venue', 'goods')) }),
      fc.record({ remove: id }),
    );
    const word = fc
      .array(fc.constantFrom('ア', 'イ', 'ウ', 'a', 'b'), { minLength: 1, maxLength: 3 })
      .map((cs) => cs.join(''));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(id, text), { maxLength: 30 }),
        fc.array(op, { maxLength: 15 }),
        fc.array(word, { maxLength: 2 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 4 }),
        fc.boolean(),
        (initial, ops, words, filtered, limit, compact) => {
          const truth = new Map<string, SearchDoc>();
          for (const [i, t] of initial) truth.set(i, doc(i, t));
          let index = new SearchIndex([...truth.values()]);
          let version = 2;
          for (const o of ops) {
            version++;
            if ('put' in o) {
              const [i, t, kind] = o.put;
              const d = doc(i, t, version, kind);
              truth.set(i, d);
              index.put(d);
            } else {
              truth.delete(o.remove);
              index.remove(o.remove, version);
            }
          }
          if (compact) index = index.compact();
          const filter = filtered ? (d: SearchDoc) => d.kind === 'venue' : undefined;
          const expected = brute(truth, words, filter).map((d) => d.id);
          expect(everyPage(index, words, limit, filter)).toEqual({ ids: expected, total: expected.length });
        },
      ),
      { numRuns: 300 },
    );
  });
});
