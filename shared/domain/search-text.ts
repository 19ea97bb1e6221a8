// Text as search compares it: people type the same word in several ways (ﾌｰﾄﾞﾊﾞﾝｸ, ふーどばんく,
// フードバンク; ＮＰＯ and npo), and a search must find each spelling in each other.

/** At most this many words in one search (all must occur). */
export const MAX_SEARCH_TERMS = 5;

/**
 * One spelling for search: NFKC (half-width kana → full-width, full-width Latin and digits →
 * ASCII, a full-width space → a space), lower case, hiragana → katakana, runs of white space →
 * one space, trimmed.
 */
export function normaliseForSearch(s: string): string {
  const folded = s.normalize('NFKC').toLowerCase();
  let out = '';
  for (let i = 0; i < folded.length; i++) {
    const c = folded.charCodeAt(i);
    // ぁ–ゖ and ゝゞ sit 0x60 below their katakana (ァ–ヶ, ヽヾ).
    out +=
      (c >= 0x3041 && c <= 0x3096) || c === 0x309d || c === 0x309e
        ? String.fromCharCode(c + 0x60)
        : folded[i];
  }
  return out.replace(/\s+/gu, ' ').trim();
}

/** The words of a search (split at spaces, each normalised, duplicates once), in the order typed. */
export function searchTerms(q: string | undefined): string[] {
  if (q === undefined) return [];
  return [...new Set(normaliseForSearch(q).split(' ').filter(Boolean))];
}
