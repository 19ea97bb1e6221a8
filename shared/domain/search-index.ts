import type { SearchDoc } from './posting-search';

// The in-memory index of one platform's open postings (docs/architecture.md, "Search"): every
// pair of adjacent characters (bigram) of the normalised text points to the postings that hold
// it, as one sorted list in one typed array (CSR). A word of two or more characters can only
// occur in a posting that holds all its bigrams: the lists are intersected, shortest first, and
// each candidate is then checked for the word itself (a true substring match, no word
// boundaries, which Japanese lacks). Postings are kept newest first (ids are ULIDs), so results
// come out in that order. Changes after the build go to a small overlay scanned in full; the
// replaced postings are marked dead; once the overlay grows, `compact()` builds afresh.

export interface SearchPage {
  /** The page, newest first. */
  hits: SearchDoc[];
  /** How many postings match in all. */
  total: number;
  /** Whether more follow the page. */
  more: boolean;
}

const OVERLAY_LIMIT = 1000;

const byIdDesc = (a: SearchDoc, b: SearchDoc) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/** Calls `visit` with each bigram of `text` (two UTF-16 units as one number), skipping spaces and NULs. */
function eachBigram(text: string, visit: (code: number) => void): void {
  let prev = text.length > 0 ? text.charCodeAt(0) : 0;
  for (let i = 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (prev !== 32 && prev !== 0 && c !== 32 && c !== 0) visit(prev * 65536 + c);
    prev = c;
  }
}

/** The bigrams of the words, once each; words shorter than two characters have none. */
function bigramsOf(words: readonly string[]): number[] {
  const codes = new Set<number>();
  for (const w of words) eachBigram(w, (code) => codes.add(code));
  return [...codes];
}

/** The elements of two ascending lists that both hold. */
function intersect(small: Int32Array, large: Int32Array): Int32Array {
  const out = new Int32Array(small.length);
  let n = 0;
  if (small.length * 16 < large.length) {
    // Few against many: a binary search for each, from where the last one ended.
    let lo = 0;
    for (let i = 0; i < small.length; i++) {
      const x = small[i]!;
      let hi = large.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (large[mid]! < x) lo = mid + 1;
        else hi = mid;
      }
      if (lo < large.length && large[lo] === x) out[n++] = x;
    }
  } else {
    let j = 0;
    for (let i = 0; i < small.length && j < large.length; i++) {
      const x = small[i]!;
      while (j < large.length && large[j]! < x) j++;
      if (large[j] === x) out[n++] = x;
    }
  }
  return out.subarray(0, n);
}

export class SearchIndex {
  private readonly docs: SearchDoc[];
  private readonly position = new Map<string, number>();
  private readonly dead: Uint8Array;
  private deadCount = 0;
  private readonly overlay = new Map<string, SearchDoc>();
  private overlaySorted: SearchDoc[] | undefined;
  /** The newest version seen of every posting, open or closed, so an older copy never wins. */
  private readonly versions: Map<string, number>;
  private readonly grams = new Map<number, number>();
  private starts = new Int32Array(1);
  private lists = new Int32Array(0);

  constructor(docs: readonly SearchDoc[], versions?: Map<string, number>) {
    this.docs = [...docs].sort(byIdDesc);
    this.dead = new Uint8Array(this.docs.length);
    this.versions = versions ?? new Map();
    this.docs.forEach((d, i) => {
      this.position.set(d.id, i);
      if ((this.versions.get(d.id) ?? -1) < d.version) this.versions.set(d.id, d.version);
    });
    this.buildLists();
  }

  /** Two passes over the texts: count each bigram's postings, then fill the lists in place. */
  private buildLists(): void {
    let counts = new Int32Array(4096);
    let last = new Int32Array(4096);
    const grams = this.grams;
    let di = 0;
    const count = (code: number) => {
      let g = grams.get(code);
      if (g === undefined) {
        g = grams.size;
        grams.set(code, g);
        if (g >= counts.length) {
          const bigger = new Int32Array(counts.length * 2);
          bigger.set(counts);
          counts = bigger;
          const biggerLast = new Int32Array(last.length * 2).fill(-1);
          biggerLast.set(last);
          last = biggerLast;
        }
        last[g] = -1;
      }
      if (last[g] !== di) {
        last[g] = di;
        counts[g]!++;
      }
    };
    for (di = 0; di < this.docs.length; di++) eachBigram(this.docs[di]!.text, count);
    const n = grams.size;
    const starts = new Int32Array(n + 1);
    for (let g = 0; g < n; g++) starts[g + 1] = starts[g]! + counts[g]!;
    const fill = starts.slice(0, n);
    const lists = new Int32Array(starts[n]!);
    last.fill(-1);
    const place = (code: number) => {
      const g = grams.get(code)!;
      if (last[g] !== di) {
        last[g] = di;
        lists[fill[g]!++] = di;
      }
    };
    for (di = 0; di < this.docs.length; di++) eachBigram(this.docs[di]!.text, place);
    this.starts = starts;
    this.lists = lists;
  }

  /** How many open postings it holds. */
  get size(): number {
    return this.docs.length - this.deadCount + this.overlay.size;
  }

  /** Whether enough changed since the build that building afresh pays (compact()). */
  get worthCompacting(): boolean {
    return (
      this.overlay.size > OVERLAY_LIMIT ||
      (this.deadCount > OVERLAY_LIMIT && this.deadCount * 4 > this.docs.length)
    );
  }

  /** The same postings in a fresh index (no overlay, no dead entries). */
  compact(): SearchIndex {
    const live = this.docs.filter((_, i) => this.dead[i] === 0 && !this.overlay.has(this.docs[i]!.id));
    return new SearchIndex([...live, ...this.overlay.values()], this.versions);
  }

  private isNewer(id: string, version: number): boolean {
    const known = this.versions.get(id);
    if (known !== undefined && known >= version) return false;
    this.versions.set(id, version);
    return true;
  }

  private bury(id: string): void {
    const i = this.position.get(id);
    if (i !== undefined && this.dead[i] === 0) {
      this.dead[i] = 1;
      this.deadCount++;
    }
    if (this.overlay.delete(id)) this.overlaySorted = undefined;
  }

  /** An open posting, new or changed; ignored (false) when this version or a newer one is known. */
  put(doc: SearchDoc): boolean {
    if (!this.isNewer(doc.id, doc.version)) return false;
    this.bury(doc.id);
    this.overlay.set(doc.id, doc);
    this.overlaySorted = undefined;
    return true;
  }

  /** A posting that closed (or left) at this version; ignored (false) when a newer one is known. */
  remove(id: string, version: number): boolean {
    if (!this.isNewer(id, version)) return false;
    this.bury(id);
    return true;
  }

  /**
   * Postings holding every word (already normalised, see searchTerms) that pass the filter,
   * newest first: `limit` of them after the id `after` (exclusive), and how many in all.
   */
  search(
    words: readonly string[],
    filter: ((d: SearchDoc) => boolean) | undefined,
    after: string | undefined,
    limit: number,
  ): SearchPage {
    // Words of two characters are proven by their bigram; longer and shorter ones are checked.
    const check = words.filter((w) => w.length !== 2);
    // The filter first: it is cheaper than looking for words in the text.
    const holds = (d: SearchDoc) => {
      if (filter !== undefined && !filter(d)) return false;
      for (let i = 0; i < check.length; i++) if (!d.text.includes(check[i]!)) return false;
      return true;
    };
    const holdsAll = (d: SearchDoc) => words.every((w) => d.text.includes(w)) && holds(d);
    let total = 0;
    const fromBase: SearchDoc[] = [];
    const take = (d: SearchDoc) => {
      if (!holds(d)) return;
      total++;
      if (fromBase.length <= limit && (after === undefined || d.id < after)) fromBase.push(d);
    };
    const candidates = this.candidates(words);
    if (candidates === undefined) {
      for (let i = 0; i < this.docs.length; i++) if (this.dead[i] === 0) take(this.docs[i]!);
    } else {
      for (let k = 0; k < candidates.length; k++) {
        const i = candidates[k]!;
        if (this.dead[i] === 0) take(this.docs[i]!);
      }
    }
    const fromOverlay: SearchDoc[] = [];
    for (const d of this.sortedOverlay()) {
      if (!holdsAll(d)) continue;
      total++;
      if (fromOverlay.length <= limit && (after === undefined || d.id < after)) fromOverlay.push(d);
    }
    const merged = fromOverlay.length === 0 ? fromBase : [...fromBase, ...fromOverlay].sort(byIdDesc);
    return { hits: merged.slice(0, limit), total, more: merged.length > limit };
  }

  /** Positions of postings holding every bigram of the words, ascending; undefined = all of them. */
  private candidates(words: readonly string[]): Int32Array | undefined {
    const codes = bigramsOf(words);
    if (codes.length === 0) return undefined;
    const lists: Int32Array[] = [];
    for (const code of codes) {
      const g = this.grams.get(code);
      if (g === undefined) return new Int32Array(0);
      lists.push(this.lists.subarray(this.starts[g]!, this.starts[g + 1]!));
    }
    lists.sort((a, b) => a.length - b.length);
    let out = lists[0]!;
    for (let i = 1; i < lists.length && out.length > 0; i++) out = intersect(out, lists[i]!);
    return out;
  }

  private sortedOverlay(): SearchDoc[] {
    this.overlaySorted ??= [...this.overlay.values()].sort(byIdDesc);
    return this.overlaySorted;
  }
}
