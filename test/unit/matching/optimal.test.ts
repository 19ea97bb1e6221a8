import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AssignmentProblem, assignShortLists, optimalAssignment } from '#matching';

const RUNS = { seed: 42, numRuns: 200 };

/** Random problems, each (need, offer) edge at most once; `size` as in fast-check. */
function problemArb(
  maxNeeds: number,
  maxOffers: number,
  maxWeight: number,
  size: fc.SizeForArbitrary = 'small',
) {
  return fc
    .record({
      needs: fc.integer({ min: 1, max: maxNeeds }),
      offers: fc.integer({ min: 1, max: maxOffers }),
      needCap: fc.integer({ min: 1, max: 3 }),
    })
    .chain(({ needs, offers, needCap }) =>
      fc
        .record({
          offerCap: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: offers, maxLength: offers }),
          edges: fc.uniqueArray(
            fc.record({
              need: fc.integer({ min: 0, max: needs - 1 }),
              offer: fc.integer({ min: 0, max: offers - 1 }),
              q: fc.integer({ min: 1, max: maxWeight }),
            }),
            { maxLength: needs * offers, selector: (e) => `${e.need}:${e.offer}`, size },
          ),
        })
        .map(
          ({ offerCap, edges }): AssignmentProblem => ({
            needs,
            offers,
            needCap,
            offerCap: Int32Array.from(offerCap),
            need: Int32Array.from(edges, (e) => e.need),
            offer: Int32Array.from(edges, (e) => e.offer),
            q: Int32Array.from(edges, (e) => e.q),
          }),
        ),
    );
}

function exhaustive(p: AssignmentProblem): number {
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
function bellmanFord(p: AssignmentProblem): number {
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

function feasibleTotal(p: AssignmentProblem, chosen: Uint8Array): number {
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

describe('optimalAssignment', () => {
  it('finds the best total of every small problem (exhaustive search)', () => {
    fc.assert(
      fc.property(problemArb(3, 4, 6), (p) => {
        fc.pre(p.q.length <= 12);
        const { total, chosen } = optimalAssignment(p);
        expect(feasibleTotal(p, chosen)).toBe(total);
        expect(total).toBe(exhaustive(p));
      }),
      RUNS,
    );
  });

  it('agrees with a plain Bellman–Ford min-cost flow on larger problems', () => {
    fc.assert(
      fc.property(problemArb(25, 40, 10_000, 'medium'), (p) => {
        const { total, chosen } = optimalAssignment(p);
        expect(feasibleTotal(p, chosen)).toBe(total);
        expect(total).toBe(bellmanFord(p));
      }),
      { ...RUNS, numRuns: 100 },
    );
  });

  it('does not depend on the order of the edges for its total', () => {
    const shuffled = problemArb(10, 15, 100).chain((p) =>
      fc.shuffledSubarray([...p.q.keys()], { minLength: p.q.length }).map((order) => {
        const pick = (a: Int32Array) => Int32Array.from(order, (e) => a[e]!);
        return [p, { ...p, need: pick(p.need), offer: pick(p.offer), q: pick(p.q) }] as const;
      }),
    );
    fc.assert(
      fc.property(shuffled, ([p, reordered]) => {
        const r = optimalAssignment(reordered);
        expect(feasibleTotal(reordered, r.chosen)).toBe(r.total);
        expect(r.total).toBe(optimalAssignment(p).total);
      }),
      RUNS,
    );
  });

  it('gives the same answer on short lists stored in place', () => {
    fc.assert(
      fc.property(problemArb(10, 15, 100), (p) => {
        // Group by need into rows of `stride` slots, keeping the order within a need.
        const stride = p.offers;
        const count = new Int32Array(p.needs);
        const offer = new Int32Array(p.needs * stride);
        const q = new Int32Array(p.needs * stride);
        const slotOf = new Int32Array(p.q.length);
        for (let e = 0; e < p.q.length; e++) {
          const i = p.need[e]!;
          slotOf[e] = i * stride + count[i]!;
          offer[slotOf[e]!] = p.offer[e]!;
          q[slotOf[e]!] = p.q[e]!;
          count[i]!++;
        }
        const grouped = Int32Array.from([...p.q.keys()].sort((a, b) => p.need[a]! - p.need[b]! || a - b));
        const inPlace = assignShortLists({ ...p, stride, count, offer, q });
        const edgeList = optimalAssignment({
          ...p,
          need: Int32Array.from(grouped, (e) => p.need[e]!),
          offer: Int32Array.from(grouped, (e) => p.offer[e]!),
          q: Int32Array.from(grouped, (e) => p.q[e]!),
        });
        expect(inPlace.total).toBe(edgeList.total);
        expect(grouped.every((e, j) => inPlace.chosen[slotOf[e]!] === edgeList.chosen[j])).toBe(true);
      }),
      RUNS,
    );
  });
});
