import { describe, expect, it } from 'vitest';
import { siftDown, siftUp } from '../../../shared/matching/short-list';
import { rng, shuffle } from '../../support/seeded';

// The short list of a need while it is scanned (short-list.ts): a worst-first heap that keeps
// the best `top` candidates of a stream, by score, ties to the offer listed first (lower rank).
// Checked against sorting the whole stream.

/** Feeds (q, offer) pairs as candidates.ts does and pops the short list best first. */
function shortList(stream: [number, number][], rank: Int32Array, top: number): [number, number][] {
  const hq = new Int32Array(top);
  const ho = new Int32Array(top);
  let h = 0;
  for (const [q, oi] of stream) {
    if (h < top) siftUp(hq, ho, rank, h++, q, oi);
    else if (q > hq[0]! || (q === hq[0]! && rank[oi]! < rank[ho[0]!]!)) siftDown(hq, ho, rank, h, q, oi);
  }
  const out: [number, number][] = new Array(h);
  for (let pos = h - 1; pos >= 0; pos--) {
    out[pos] = [hq[0]!, ho[0]!];
    siftDown(hq, ho, rank, pos, hq[pos]!, ho[pos]!);
  }
  return out;
}

describe('the short list of a need', () => {
  it('keeps the best of a stream, ties to the offer listed first, whatever the order it comes in', () => {
    const next = rng(16);
    for (let run = 0; run < 500; run++) {
      const offers = 1 + Math.floor(next() * 60);
      const top = 1 + Math.floor(next() * 20);
      // Few distinct scores: most candidates tie with others.
      const maxQ = next() < 0.5 ? 3 : 1000;
      const rank = Int32Array.from(shuffle(next, [...Array(offers).keys()]));
      const stream: [number, number][] = [...Array(offers).keys()].map((oi) => [
        1 + Math.floor(next() * maxQ),
        oi,
      ]);
      const expected = [...stream].sort((a, b) => b[0] - a[0] || rank[a[1]]! - rank[b[1]]!).slice(0, top);
      expect(shortList(stream, rank, top)).toEqual(expected);
    }
  });
});
