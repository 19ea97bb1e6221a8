import fc from 'fast-check';
import { expect } from 'vitest';
import type { AssignmentProblem } from '#matching';

// Oracles for the assignment (optimal.ts): exhaustive search, a plain Bellman–Ford min-cost
// flow that shares nothing with the solver, a feasibility check of a chosen set of edges, and
// the problems they are checked on.

export interface Edge {
  need: number;
  offer: number;
  q: number;
}

/** A problem from plain lists: edges as written, in that order. */
export function problem(
  needs: number,
  offerCap: number[],
  edges: Edge[],
  needCap = 1,
  order?: number[],
): AssignmentProblem {
  return {
    needs,
    offers: offerCap.length,
    needCap,
    offerCap: Int32Array.from(offerCap),
    need: Int32Array.from(edges, (e) => e.need),
    offer: Int32Array.from(edges, (e) => e.offer),
    q: Int32Array.from(edges, (e) => e.q),
    ...(order === undefined ? {} : { order: Int32Array.from(order) }),
  };
}

/** How problemArb may reach further than small, sparse, uncontested problems. */
export interface ProblemShape {
  readonly minNeeds?: number;
  /** 0 lets offers have no room. */
  readonly minOfferCap?: number;
  /** Weights up to one of these, drawn per problem (several ties with a small one). */
  readonly maxWeights?: readonly number[];
  /** At least one edge per need. */
  readonly dense?: boolean;
  /** A random order of adding needs. */
  readonly ordered?: boolean;
}

/** Random problems, each (need, offer) edge at most once; `size` as in fast-check. */
export function problemArb(
  maxNeeds: number,
  maxOffers: number,
  maxWeight: number,
  size: fc.SizeForArbitrary = 'small',
  shape: ProblemShape = {},
) {
  const { minNeeds = 1, minOfferCap = 1, maxWeights = [maxWeight], dense = false, ordered = false } = shape;
  return fc
    .record({
      needs: fc.integer({ min: minNeeds, max: maxNeeds }),
      offers: fc.integer({ min: 1, max: maxOffers }),
      needCap: fc.integer({ min: 1, max: 3 }),
      maxQ: fc.constantFrom(...maxWeights),
    })
    .chain(({ needs, offers, needCap, maxQ }) =>
      fc
        .record({
          offerCap: fc.array(fc.integer({ min: minOfferCap, max: 3 }), {
            minLength: offers,
            maxLength: offers,
          }),
          edges: fc.uniqueArray(
            fc.record({
              need: fc.integer({ min: 0, max: needs - 1 }),
              offer: fc.integer({ min: 0, max: offers - 1 }),
              q: fc.integer({ min: 1, max: maxQ }),
            }),
            {
              minLength: dense ? needs : 0,
              maxLength: needs * offers,
              selector: (e) => `${e.need}:${e.offer}`,
              ...(dense ? {} : { size }),
            },
          ),
          order: ordered
            ? fc.shuffledSubarray([...Array(needs).keys()], { minLength: needs, maxLength: needs })
            : fc.constant(undefined),
        })
        .map(({ offerCap, edges, order }) => problem(needs, offerCap, edges, needCap, order)),
    );
}

export function exhaustive(p: AssignmentProblem): number {
  let best = 0;
  const E = p.q.length;
  for (let mask = 0; mask < 1 << E; mask++) {
    const needUse = new Array(p.needs).fill(0);
    const offerUse = new Array(p.offers).fill(0);
    let total = 0;
    let ok = true;
    for (let e = 0; e < E && ok; e++) {
      if (((mask >> e) & 1) === 0) continue;
      ok = ++needUse[p.need[e]!] <= p.needCap && ++offerUse[p.offer[e]!] <= p.offerCap[p.offer[e]!]!;
      total += p.q[e]!;
    }
    if (ok) best = Math.max(best, total);
  }
  return best;
}

/**
 * An independent oracle: successive shortest paths with Bellman–Ford (negative costs allowed,
 * no potentials), augmenting while the cheapest path still lowers the cost.
 */
export function bellmanFord(p: AssignmentProblem): number {
  const S = p.needs + p.offers;
  const T = S + 1;
  const from: number[] = [];
  const to: number[] = [];
  const cap: number[] = [];
  const cost: number[] = [];
  const add = (u: number, v: number, c: number, w: number) => {
    from.push(u, v);
    to.push(v, u);
    cap.push(c, 0);
    cost.push(w, -w);
  };
  for (let i = 0; i < p.needs; i++) add(S, i, p.needCap, 0);
  for (let j = 0; j < p.offers; j++) add(p.needs + j, T, p.offerCap[j]!, 0);
  for (let e = 0; e < p.q.length; e++) add(p.need[e]!, p.needs + p.offer[e]!, 1, -p.q[e]!);
  let total = 0;
  for (;;) {
    const dist = new Array(T + 1).fill(Number.POSITIVE_INFINITY);
    const via = new Array(T + 1).fill(-1);
    dist[S] = 0;
    for (let round = 0; round <= T; round++) {
      let changed = false;
      for (let e = 0; e < from.length; e++) {
        if (cap[e]! > 0 && dist[from[e]!] + cost[e]! < dist[to[e]!]) {
          dist[to[e]!] = dist[from[e]!] + cost[e]!;
          via[to[e]!] = e;
          changed = true;
        }
      }
      if (!changed) break;
    }
    if (!(dist[T] < 0)) return total;
    for (let v = T; v !== S; v = from[via[v]]!) {
      cap[via[v]]!--;
      cap[via[v] ^ 1]!++;
    }
    total -= dist[T];
  }
}

export function feasibleTotal(p: AssignmentProblem, chosen: Uint8Array): number {
  const needUse = new Array(p.needs).fill(0);
  const offerUse = new Array(p.offers).fill(0);
  let total = 0;
  for (let e = 0; e < chosen.length; e++) {
    if (chosen[e] === 0) continue;
    expect(++needUse[p.need[e]!]).toBeLessThanOrEqual(p.needCap);
    expect(++offerUse[p.offer[e]!]).toBeLessThanOrEqual(p.offerCap[p.offer[e]!]!);
    total += p.q[e]!;
  }
  return total;
}
