import type { MatchingConfig } from './config';
import { capacityFit, type Kernel, kernelOf, REJECTIONS, scoreAt, typeCodeOf } from './kernel';
import { NeedLists } from './need-lists';
import { buildIndex, KG_BIT, type OfferIndex, RB } from './offer-index';
import { siftDown, siftUp } from './short-list';
import {
  CAP_B_BITS,
  CAP_B_MASK,
  F_KG,
  FIELD_COUNT,
  KIND_COUNT,
  KIND_OTHER,
  type NeedTable,
  NeedView,
  O_CAP_A,
  O_CAP_B,
  O_END,
  O_FLAGS,
  O_FRESH,
  O_INTS,
  O_KIND,
  O_START,
  type OfferTable,
} from './tables';

// Candidate generation: the scan of one need's lists of the offer index (offer-index.ts) into
// its short list of the best `candidatesPerNeed` pairs. Lists and entries whose score bound
// cannot beat the short list are skipped, so a need with thousands of plausible offers scores
// only a few hundred of them; the short list is still exactly the one scoring every pair would
// give. See docs/matching.md.

const CAPACITY = REJECTIONS.indexOf('capacity');
/** Codes of earlier decisions on a pair. */
export const DECLINED = 1;
export const PROPOSED = 2;

export class CandidateScan {
  readonly kernel: Kernel;
  /** Short-list length per need. */
  readonly top: number;
  readonly fieldKeys: number;
  readonly indexes = new Map<number, OfferIndex>();
  readonly stamps: Int32Array;
  stamp = 0;
  /**
   * Per offer row, 24 bytes that bound its score without its 64-byte record: start, end,
   * freshness term ×10⁴ rounded down, the record's O_CAP_B word (second capacity number, types)
   * | kg << 30, main number (float64).
   */
  readonly rowBound: Int32Array;
  readonly rowBound64: Float64Array;
  readonly view = new NeedView();
  // Short lists, best first: topQ/topO[ni * top + j], j < count[ni].
  readonly topQ: Int32Array;
  readonly topO: Int32Array;
  readonly count: Int32Array;
  // Scratch heap of a scan: the worst of the short list at the root.
  readonly hq: Int32Array;
  readonly ho: Int32Array;
  /** The lists the need being scanned reads. */
  readonly lists: NeedLists;
  /** Sum of the lengths of the lists of every need: pairs the index could produce (with repeats). */
  indexedPairs = 0;
  /** Lists skipped because their bound could not beat the short list. */
  skippedLists = 0;
  /** Entries skipped because their own bound could not. */
  skippedEntries = 0;
  candidatePairs = 0;
  scoredPairs = 0;
  belowMin = 0;
  declined = 0;
  alreadyProposed = 0;
  readonly rejected = new Float64Array(REJECTIONS.length);

  constructor(
    readonly n: NeedTable,
    readonly o: OfferTable,
    config: MatchingConfig,
    readonly decisions: readonly (readonly number[] | undefined)[],
    platformRows: Iterable<[number, number]>,
  ) {
    this.kernel = kernelOf(config);
    this.top = Math.max(config.proposalsPerNeed, config.candidatesPerNeed);
    this.fieldKeys = this.kernel.anyFieldFilter ? FIELD_COUNT + 1 : 1;
    this.stamps = new Int32Array(o.size);
    this.rowBound = new Int32Array(o.size * RB);
    this.rowBound64 = new Float64Array(this.rowBound.buffer);
    // Stryker disable next-line EqualityOperator: one step past the end writes nothing (typed arrays)
    for (let oi = 0; oi < o.size; oi++) {
      const r = oi * O_INTS;
      const b = oi * RB;
      this.rowBound[b] = o.ints[r + O_START]!;
      this.rowBound[b + 1] = o.ints[r + O_END]!;
      this.rowBound[b + 2] = (((this.kernel.wFreshness * o.f32[r + O_FRESH]!) / 2) * 10_000) | 0;
      this.rowBound[b + 3] = o.ints[r + O_CAP_B]! | ((o.ints[r + O_FLAGS]! & F_KG) !== 0 ? KG_BIT : 0);
      this.rowBound64[(b + 4) >> 1] = o.f64[(r + O_CAP_A) >> 1]!;
    }
    this.topQ = new Int32Array(n.size * this.top);
    this.topO = new Int32Array(n.size * this.top);
    this.count = new Int32Array(n.size);
    this.hq = new Int32Array(this.top);
    this.ho = new Int32Array(this.top);
    this.lists = new NeedLists(this.kernel, this.fieldKeys);
    for (const [from, to] of platformRows) {
      // Stryker disable next-line ArithmeticOperator: O_KIND is 0
      const kindKey = o.ints[from * O_INTS + O_KIND]!;
      const platform = Math.floor(kindKey / KIND_COUNT);
      this.indexes.set(platform, buildIndex(o, from, to, this.fieldKeys, this.rowBound));
    }
  }

  /**
   * Scores the candidates of need `ni` and keeps the best `top` (score desc, offer id asc). A
   * list whose bound is below the worst of a full short list (or below minScore) cannot change
   * it and is skipped.
   */
  scan(ni: number): void {
    // The round's need table holds eligible needs only (engine.ts).
    const v = this.view.load(this.n, ni);
    const index = this.indexes.get(Math.floor(v.kindKey / KIND_COUNT));
    if (index === undefined) return;
    const lists = this.lists;
    lists.load(v);
    const { o, kernel, stamps, hq, ho, top } = this;
    const rank = o.rank;
    // Stryker disable next-line UpdateOperator: counting down marks each scan as distinctly as counting up
    const stamp = ++this.stamp;
    const minQ = kernel.minQ;
    const decided = this.decisions[ni];
    const { offsets, entries } = index;
    const { rowBound, rowBound64 } = this;
    const capacityScale = kernel.wCapacity * 10_000;
    // Only for `other` is the share below 1, and there capacityFit is always `unknown`: a looser
    // bound here leaves the entry to the bound after capacityFit, which skips it with the same
    // count (and ×, ÷ by 1 are the same for the other kinds).
    // Stryker disable next-line ConditionalExpression,ArithmeticOperator: see above
    const capacityMax = Math.floor(capacityScale * (v.kind === KIND_OTHER ? kernel.unknown : 1));
    const ws = v.winStart;
    const we = v.winEnd;
    const timingScale = (kernel.wTiming * 10_000) / (we - ws + 1);
    const timingMax = Math.floor(kernel.wTiming * 10_000);
    let h = 0;
    let candidates = 0;
    let scored = 0;
    let skipped = 0;
    for (let l = 0; l < lists.count; l++) {
      const key = lists.key[l]!;
      const from = offsets[key]!;
      const to = offsets[key + 1]!;
      this.indexedPairs += to - from;
      const bound = lists.bound[l]!;
      // A bound is at least 1 above any score under it (rounded up, plus 1; each truncated term
      // plus 1 below), so at equality no pair could enter: reading or skipping such a list or
      // entry differs only in the counters. Hence the marks on `<` below.
      if (
        // Stryker disable next-line EqualityOperator: see above
        bound < minQ ||
        (h === top &&
          // Stryker disable next-line EqualityOperator: see above
          bound < hq[0]!)
      ) {
        if (to > from) this.skippedLists++;
        continue;
      }
      const part = lists.part[l]! + 3;
      const fieldTerm = lists.fieldTerm[l]!;
      for (let j = from; j < to; j++) {
        // The entry's own bound: exact capacity, timing and freshness terms (each rounded up by
        // adding 1 to its integer part), region and field as the list's. Entries are freshest
        // first: once one fails even with perfect capacity and timing, so do all after it.
        const oi = entries[j]!;
        const b = oi * RB;
        const thr = h === top ? hq[0]! : minQ;
        const fresh = rowBound[b + 2]!;
        // Without this test each later entry is skipped one by one by the next (timing ≤
        // timingMax), with the same count: a shortcut, hence the ConditionalExpression and
        // BlockStatement marks.
        // Stryker disable next-line EqualityOperator,ConditionalExpression,BlockStatement: see above
        if (part + capacityMax + timingMax + fresh < thr) {
          skipped += to - j;
          break;
        }
        const lo = Math.max(ws, rowBound[b]!);
        const hi = Math.min(we, rowBound[b + 1]!);
        const timing = hi < lo ? 0 : ((hi - lo + 1) * timingScale) | 0;
        // Stryker disable next-line EqualityOperator: see above
        if (part + capacityMax + timing + fresh < thr) {
          skipped++;
          continue;
        }
        if (stamps[oi] === stamp) continue;
        const capB = rowBound[b + 3]!;
        const fit = capacityFit(v, rowBound64[(b + 4) >> 1]!, capB & CAP_B_MASK, capB >>> 30, kernel);
        if (fit < 0) {
          // Clearly insufficient: the kernel would say so too.
          stamps[oi] = stamp;
          candidates++;
          this.rejected[CAPACITY]!++;
          continue;
        }
        // Types that meet less than fully scale the field term (none at all: 0; the kernel will
        // refuse the pair if it gets that far). Rounded down, so the bound stays a bound.
        let own = part;
        if (v.types !== 0) {
          const code = typeCodeOf(v, (capB & ~KG_BIT) >>> CAP_B_BITS);
          own -= Math.floor(fieldTerm * (1 - (code < 0 ? 0 : kernel.typeFit[code]!)));
        }
        // Stryker disable next-line EqualityOperator: see above
        if (own + ((fit * capacityScale) | 0) + timing + fresh < thr) {
          skipped++;
          continue;
        }
        stamps[oi] = stamp;
        candidates++;
        const q = scoreAt(v, o, oi, kernel, null);
        if (q < minQ) {
          if (q < 0) this.rejected[-q - 1]!++;
          else this.belowMin++;
          continue;
        }
        if (decided !== undefined) {
          let d = 0;
          // Stryker disable next-line EqualityOperator: one step past the end reads undefined, never an offer row
          for (let i = 0; i < decided.length; i += 2) if (decided[i] === oi) d = decided[i + 1]!;
          if (d !== 0) {
            if (d === DECLINED) this.declined++;
            else this.alreadyProposed++;
            continue;
          }
        }
        scored++;
        if (h < top) {
          siftUp(hq, ho, rank, h++, q, oi);
        } else if (
          q > hq[0]! ||
          (q === hq[0]! &&
            // Stryker disable next-line EqualityOperator: ranks are distinct (the offer is not in the heap yet)
            rank[oi]! < rank[ho[0]!]!)
        ) {
          siftDown(hq, ho, rank, h, q, oi);
        }
      }
    }
    this.candidatePairs += candidates;
    this.scoredPairs += scored;
    this.skippedEntries += skipped;
    // Pop the worst first into the back: the short list ends up best first.
    const base = ni * top;
    for (let pos = h - 1; pos >= 0; pos--) {
      this.topQ[base + pos] = hq[0]!;
      this.topO[base + pos] = ho[0]!;
      siftDown(hq, ho, rank, pos, hq[pos]!, ho[pos]!);
    }
    this.count[ni] = h;
  }
}
