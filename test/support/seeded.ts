import { createHash } from 'node:crypto';
import { rng } from '../../infra/local/synthetic';

// Seeded randomness for tests that must behave the same on every run: fault plans, shuffles and
// ids. Nothing here reads Math.random or the clock.

export { rng };

/** A number in [0, 1) that depends only on its parts: the same call gets the same fault on every run. */
export function fraction(...parts: (string | number)[]): number {
  return createHash('sha256').update(parts.join('|')).digest().readUInt32BE(0) / 4_294_967_296;
}

/** One of `xs`, drawn with the given random source. */
export function pick<T>(random: () => number, xs: readonly T[]): T {
  return xs[Math.floor(random() * xs.length)]!;
}

/** A shuffled copy (Fisher–Yates with the given random source). */
export function shuffle<T>(random: () => number, xs: readonly T[]): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** ULIDs with a fixed time part and a seeded random part, increasing, so id order = creation order. */
export function ulidSource(seed: number, timeMs: number): () => string {
  const random = rng(seed);
  let time = '';
  for (let t = timeMs, i = 0; i < 10; i++, t = Math.floor(t / 32)) time = CROCKFORD[t % 32]! + time;
  let counter = 0;
  return () => {
    // A counter first keeps the ids increasing; the rest is seeded noise.
    let count = '';
    for (let c = counter++, i = 0; i < 6; i++, c = Math.floor(c / 32)) count = CROCKFORD[c % 32]! + count;
    let id = time + count;
    for (let i = id.length; i < 26; i++) id += CROCKFORD[Math.floor(random() * 32)]!;
    return id;
  };
}
