import { describe, expect, it } from 'vitest';
import { MAX_SEARCH_TERMS, normaliseForSearch, postingSearchQuerySchema, searchTerms } from '#domain';

describe('normaliseForSearch', () => {
  it('spells フードバンク the same however it was typed', () => {
    const spellings = ['ﾌｰﾄﾞﾊﾞﾝｸ', 'ふーどばんく', 'フードバンク', 'ﾌｰﾄﾞばんク'];
    for (const s of spellings) expect(normaliseForSearch(s)).toBe('フードバンク');
  });

  it('folds full-width Latin and digits, and case', () => {
    expect(normaliseForSearch('ＮＰＯ法人 Ｃａｆｅ１２３')).toBe('npo法人 cafe123');
    expect(normaliseForSearch('NPO')).toBe(normaliseForSearch('ｎｐｏ'));
  });

  it('turns hiragana into katakana, voiced and small ones too, and leaves kanji', () => {
    expect(normaliseForSearch('こども食堂')).toBe('コドモ食堂');
    expect(normaliseForSearch('がっこう ゔぁ ゝゞ')).toBe('ガッコウ ヴァ ヽヾ');
  });

  it('makes every run of white space (a full-width space, a newline) one space, trimmed', () => {
    expect(normaliseForSearch('　子ども\u3000\u3000食堂\n\t支援 ')).toBe('子ドモ 食堂 支援');
  });
});

describe('searchTerms', () => {
  it('splits at spaces (half or full width), normalises each word and drops repeats', () => {
    expect(searchTerms('ﾌｰﾄﾞﾊﾞﾝｸ　埼玉  ふーどばんく')).toEqual(['フードバンク', '埼玉']);
    expect(searchTerms('   ')).toEqual([]);
    expect(searchTerms(undefined)).toEqual([]);
  });

  it('the query takes at most five words', () => {
    const five = Array.from({ length: MAX_SEARCH_TERMS }, (_, i) => `語${i}`).join(' ');
    expect(postingSearchQuerySchema.safeParse({ q: five }).success).toBe(true);
    expect(postingSearchQuerySchema.safeParse({ q: `${five} 六` }).success).toBe(false);
    // A blank keyword is no keyword (a search form sends q= when left empty).
    expect(postingSearchQuerySchema.parse({ q: '  ' }).q).toBeUndefined();
  });
});
