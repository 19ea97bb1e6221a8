// Maximum-weight b-matching between needs and offers: each need takes at most `needCap` pairs,
// each offer at most its own cap, and the total weight is as large as possible.
//
// It is a min-cost flow (need → offer costs −weight), solved the way the Hungarian method
// solves an assignment: needs are added one at a time, and each of a need's units is routed
// along a cheapest augmenting path found by Dijkstra on reduced costs (node potentials keep
// them non-negative). A unit may always go to a "not assigned" edge of cost 0, so every need
// is saturated and adding one need at a time stays optimal. A path may move other needs to
// other offers or drop one of their pairs, whichever raises the total most. Dijkstra stops
// as soon as it reaches the sink, so a round touches only the part of the graph that competes.
// Exact; deterministic for a given edge order.

export interface AssignmentProblem {
  readonly needs: number;
  readonly offers: number;
  readonly needCap: number;
  readonly offerCap: Int32Array;
  /** Edges: need row, offer row, positive weight. A need's edges are tried in this order. */
  readonly need: Int32Array;
  readonly offer: Int32Array;
  readonly q: Int32Array;
  /** Needs in the order to add them (default: 0, 1, …). The total is the same in any order. */
  readonly order?: Int32Array;
}

export interface Assignment {
  /** Sum of the weights of the chosen edges. */
  readonly total: number;
  /** 1 for each chosen edge, parallel to the problem's edge arrays. */
  readonly chosen: Uint8Array;
  /**
   * Nodes the searches put on their heaps: the work done. A need that takes its best free offer
   * costs 4 (itself, the offer, the sink twice); the searches stop at the sink, so offers that
   * cannot make a shorter path are never visited.
   */
  readonly steps: number;
}

export function optimalAssignment(p: AssignmentProblem): Assignment {
  const N = p.needs;
  // Group the edges by need, keeping their order within a need.
  const order = Int32Array.from(p.q.keys()).sort((a, b) => p.need[a]! - p.need[b]! || a - b);
  const pick = (a: Int32Array) => Int32Array.from(order, (e) => a[e]!);
  const need = pick(p.need);
  const from = new Int32Array(N).fill(need.length);
  const to = new Int32Array(N).fill(need.length);
  need.forEach((i, j) => {
    if (from[i] === need.length) from[i] = j;
    to[i] = j + 1;
  });
  const r = solve(N, p.offers, p.needCap, p.offerCap, from, to, 0, need, pick(p.offer), pick(p.q), p.order);
  const chosen = new Uint8Array(order.length);
  order.forEach((e, j) => {
    chosen[e] = r.chosen[j]!;
  });
  return { total: r.total, chosen, steps: r.steps };
}

/** Short lists in place: need i's edges are positions i × stride … i × stride + count[i] − 1. */
export interface ShortLists {
  readonly needs: number;
  readonly offers: number;
  readonly needCap: number;
  readonly offerCap: Int32Array;
  readonly stride: number;
  readonly count: Int32Array;
  readonly offer: Int32Array;
  readonly q: Int32Array;
  readonly order?: Int32Array;
}

/** The same solver over short lists stored in place; `chosen` is indexed like `offer` and `q`. */
export function assignShortLists(p: ShortLists): Assignment {
  const from = Int32Array.from({ length: p.needs }, (_, i) => i * p.stride);
  const to = Int32Array.from({ length: p.needs }, (_, i) => i * p.stride + p.count[i]!);
  return solve(p.needs, p.offers, p.needCap, p.offerCap, from, to, p.stride, null, p.offer, p.q, p.order);
}

/**
 * The solver. Need i's edges are positions edgeFrom[i] … edgeTo[i] − 1 of eOffer/eQ, best
 * first; the need of position j is eNeed[j], or j ÷ stride (rounded down) when stride > 0.
 */
function solve(
  N: number,
  M: number,
  needCap: number,
  offerCap: Int32Array,
  edgeFrom: Int32Array,
  edgeTo: Int32Array,
  stride: number,
  eNeed: Int32Array | null,
  eOffer: Int32Array,
  eQ: Int32Array,
  order: Int32Array | undefined,
): Assignment {
  const E = eQ.length;
  const T = N + M;
  const nodes = N + M + 1;
  const needOf = (j: number) => (stride > 0 ? (j / stride) | 0 : eNeed![j]!);

  // Assigned edges of each offer, in a slot range as long as its cap.
  const slotStart = new Int32Array(M + 1);
  // Stryker disable next-line EqualityOperator: one step past the end writes nothing (a typed array ignores it)
  for (let j = 0; j < M; j++) slotStart[j + 1] = slotStart[j]! + Math.max(0, offerCap[j]!);
  const slots = new Int32Array(slotStart[M]!);
  const used = new Int32Array(M);
  const chosen = new Uint8Array(E);

  // Node potentials. They only decrease (Johnson's update adds dist − dT ≤ 0 to settled nodes).
  // The sink's stays 0: it is settled last, at its own distance. A free offer's stays 0 too: an
  // offer never loses a pair for good (a path that takes one of its pairs gives it another), so
  // a free offer has only been settled while free, at the sink's distance. Reduced costs into
  // the sink are therefore 0 from a free offer and the tail's potential from a need.
  const pot = new Float64Array(nodes);
  const dist = new Float64Array(nodes);
  const seen = new Int32Array(nodes);
  /** How a node was reached: the edge (forward into an offer, backward into a need). */
  const via = new Int32Array(nodes);
  /** The node the sink was reached from: a need (its "not assigned" edge) or a free offer. */
  let viaT = 0;
  const settled = new Int32Array(nodes);
  let heapNode = new Int32Array(1024);
  let heapKey = new Float64Array(1024);
  let hs = 0;
  let stamp = 0;
  let steps = 0;

  const push = (v: number, d: number) => {
    steps++;
    if (hs === heapNode.length) {
      const node = new Int32Array(hs * 2);
      const key = new Float64Array(hs * 2);
      node.set(heapNode);
      key.set(heapKey);
      heapNode = node;
      heapKey = key;
    }
    let i = hs++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heapKey[parent]! <= d) break;
      heapKey[i] = heapKey[parent]!;
      heapNode[i] = heapNode[parent]!;
      i = parent;
    }
    heapKey[i] = d;
    heapNode[i] = v;
  };
  const pop = () => {
    const lastKey = heapKey[--hs]!;
    const lastNode = heapNode[hs]!;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      // The slot just past the heap (index hs) still holds lastKey, which never compares less than
      // itself: reading it instead of stopping changes nothing. So the right child needs no bound
      // check: if it is that slot and chosen, the comparison below stops.
      // Stryker disable next-line EqualityOperator: see above
      if (c >= hs) break;
      if (heapKey[c + 1]! < heapKey[c]!) c++;
      if (heapKey[c]! < lastKey) {
        heapKey[i] = heapKey[c]!;
        heapNode[i] = heapNode[c]!;
        i = c;
      } else break;
    }
    heapKey[i] = lastKey;
    heapNode[i] = lastNode;
  };

  // Stryker disable next-line EqualityOperator: one step past the end finds no edges (undefined === undefined) and skips
  for (let si = 0; si < N; si++) {
    const s = order === undefined ? si : order[si]!;
    const from = edgeFrom[s]!;
    const to = edgeTo[s]!;
    if (from === to) continue;
    // A need not yet added has no pairs, so no search has reached it: its potential is still 0.
    // Its edges' reduced costs may be negative, which Dijkstra allows on the source's own edges
    // (every path leaves the source once and never comes back); the update after its first
    // search makes them non-negative for the searches of others.
    for (let unit = 0; unit < needCap; unit++) {
      // Stryker disable next-line UpdateOperator: counting down gives distinct stamps as well
      stamp++;
      hs = 0;
      let nSettled = 0;
      // The sink is unreached: an infinite distance (its `seen` stamp stays old until reached).
      dist[T] = Number.POSITIVE_INFINITY;
      seen[s] = stamp;
      dist[s] = 0;
      push(s, 0);
      let dT = Number.POSITIVE_INFINITY;
      // The sink is always reached (at the latest through the need's "not assigned" edge). A
      // node is on the heap once per improvement of its distance; only its last entry counts.
      // A settled node is never improved again: reduced costs are non-negative.
      for (;;) {
        const u = heapNode[0]!;
        const d = heapKey[0]!;
        pop();
        if (d > dist[u]!) continue;
        settled[nSettled++] = u;
        if (u === T) {
          dT = d;
          break;
        }
        const pu = pot[u]!;
        if (u < N) {
          // The need's "not assigned" edge first, so that a tie keeps things as they are.
          const dt = d + pu;
          if (dt < dist[T]!) {
            dist[T] = dt;
            viaT = u;
            push(T, dt);
          }
          for (let j = edgeFrom[u]!, b = edgeTo[u]!; j < b; j++) {
            if (chosen[j] !== 0) continue;
            const o = N + eOffer[j]!;
            const nd = d - eQ[j]! + pu - pot[o]!;
            // Reduced costs are non-negative: a node as far as the sink cannot shorten its path.
            if (nd >= dist[T]!) continue;
            if (seen[o] !== stamp || nd < dist[o]!) {
              seen[o] = stamp;
              dist[o] = nd;
              via[o] = j;
              push(o, nd);
              // Look ahead: a free offer reaches the sink at once, at the same distance (its
              // potential is 0, see above), which is shorter than the sink's (nd < dist[T]). A
              // tight sink distance early keeps most other nodes out of the heap.
              const off = o - N;
              if (used[off]! < offerCap[off]!) {
                dist[T] = nd;
                viaT = o;
                push(T, nd);
              }
            }
          }
        } else {
          // A free offer was joined to the sink when it was reached (the look-ahead above).
          const off = u - N;
          for (let k = slotStart[off]!, end = k + used[off]!; k < end; k++) {
            const j = slots[k]!;
            const n = needOf(j);
            const nd = d + eQ[j]! + pu - pot[n]!;
            if (nd >= dist[T]!) continue;
            if (seen[n] !== stamp || nd < dist[n]!) {
              seen[n] = stamp;
              dist[n] = nd;
              via[n] = j;
              push(n, nd);
            }
          }
        }
      }
      // Johnson's update, truncated at the sink: reduced costs stay non-negative.
      for (let i = 0; i < nSettled; i++) {
        const v = settled[i]!;
        pot[v]! += dist[v]! - dT;
      }
      if (viaT === s) break; // the need is better off without more pairs
      // Walk the path back from the sink, flipping edges. An offer inside the path loses its
      // old pair (seen first, at the need after it) before it gains the new one.
      let v = viaT;
      while (v !== s) {
        const j = via[v]!;
        if (v >= N) {
          const off = v - N;
          chosen[j] = 1;
          slots[slotStart[off]! + used[off]!] = j;
          used[off]!++;
          v = needOf(j);
        } else {
          const off = eOffer[j]!;
          chosen[j] = 0;
          const first = slotStart[off]!;
          const last = first + --used[off]!;
          let k = first;
          while (slots[k] !== j) k++;
          slots[k] = slots[last]!;
          v = N + off;
        }
      }
    }
  }

  let total = 0;
  for (let j = 0; j < E; j++) if (chosen[j] !== 0) total += eQ[j]!;
  return { total, chosen, steps };
}
