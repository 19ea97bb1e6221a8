// A need's short list while it is scanned (candidates.ts): a heap of (score, offer row) with
// the worst at the root (lowest score, then the latest offer id by `rank`), so a better
// candidate replaces the root in log(top) steps.

/** Adds (q, oi) as entry `size` of a worst-first heap and restores it. */
export function siftUp(
  hq: Int32Array,
  ho: Int32Array,
  rank: Int32Array,
  size: number,
  q: number,
  oi: number,
): void {
  let i = size;
  // Stryker disable next-line EqualityOperator: at 0 the parent is −1, whose undefined entry stops the loop
  while (i > 0) {
    const parent = (i - 1) >> 1;
    const pq = hq[parent]!;
    if (
      q < pq ||
      (q === pq &&
        // Stryker disable next-line EqualityOperator: ranks are distinct (an offer is in the heap once)
        rank[oi]! > rank[ho[parent]!]!)
    ) {
      hq[i] = pq;
      ho[i] = ho[parent]!;
      i = parent;
    } else break;
  }
  hq[i] = q;
  ho[i] = oi;
}

/** Replaces the root of a worst-first heap of `size` entries with (q, oi) and restores it. */
export function siftDown(
  hq: Int32Array,
  ho: Int32Array,
  rank: Int32Array,
  size: number,
  q: number,
  oi: number,
): void {
  let i = 0;
  const r = rank[oi]!;
  for (;;) {
    let c = 2 * i + 1;
    // Stryker disable next-line EqualityOperator: the slot at `size` holds the key being placed or is past the end
    if (c >= size) break;
    const d = c + 1;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: d ≤ size always; the slot at size holds the key being placed (choosing it moves nothing) or lies past the end (undefined compares false)
    const right = d < size;
    if (
      right &&
      (hq[d]! < hq[c]! ||
        (hq[d] === hq[c] &&
          // Stryker disable next-line EqualityOperator: ranks are distinct (an offer is in the heap once)
          rank[ho[d]!]! > rank[ho[c]!]!))
    )
      c = d;
    const cq = hq[c]!;
    if (
      cq < q ||
      (cq === q &&
        // Stryker disable next-line EqualityOperator: ranks are distinct (the offer being placed is not in the heap)
        rank[ho[c]!]! > r)
    ) {
      hq[i] = cq;
      ho[i] = ho[c]!;
      i = c;
    } else break;
  }
  hq[i] = q;
  ho[i] = oi;
}
