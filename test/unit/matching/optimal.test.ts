import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignShortLists, optimalAssignment } from '#matching';
import { bellmanFord, exhaustive, feasibleTotal, problemArb } from './assignment-oracle';

const RUNS = { seed: 42, numRuns: 200 };

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
