import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { isKind, needSchema, offerSchema } from '#domain';
import {
  greedyTotal,
  type MatchingInput,
  type MatchingResult,
  optimalAssignment,
  proposeMatches,
  proposeMatchesBruteForce,
} from '#matching';
import { syntheticPlatform } from './synthetic';

// npm run bench:match [-- --needs 50000 --offers 200000 --seed 42 --subset-every 20 --subset-kind employment]
//
// Prints ONE JSON line. engineMs is the first (cold) run of proposeMatches on the whole
// platform. Brute force (score every need × offer pair) cannot run at that size, so it runs on
// two subsets of the same platform:
// - "uniform": every k-th need and offer. Its time, per pair, gives the full-size estimate
//   (brute force costs the same per pair at any size): speedupVsBruteForce is that estimate
//   over engineMs; speedupVsBruteForceOnSubset compares both on the subset itself.
// - "kind": all needs and offers of one kind. Pairs never cross kinds, so this is the full
//   platform's problem for that kind, just as dense and contended: the place to compare the
//   assignment with the exact optimum over all pairs.
// Both must give exactly the brute force's proposals.

const { values } = parseArgs({
  options: {
    needs: { type: 'string', default: '50000' },
    offers: { type: 'string', default: '200000' },
    seed: { type: 'string', default: '42' },
    today: { type: 'string', default: '2026-06-01' },
    'subset-every': { type: 'string', default: '20' },
    'subset-kind': { type: 'string', default: 'employment' },
    'skip-subset': { type: 'boolean', default: false },
    /** Overrides config.candidatesPerNeed (L) everywhere, to study the trade-off. */
    candidates: { type: 'string' },
  },
});
const config = values.candidates === undefined ? undefined : { candidatesPerNeed: Number(values.candidates) };

const needs = Number(values.needs);
const offers = Number(values.offers);
const seed = Number(values.seed);
const today = values.today;
const every = Number(values['subset-every']);
const kind = values['subset-kind'];
if (!isKind(kind)) throw new Error(`--subset-kind: not a kind: ${kind}`);

const ms = (t: number) => Math.round(t);
const ratio = (a: number, b: number) => (b === 0 ? 1 : Math.floor((a / b) * 1e5) / 1e5);
function timed<T>(f: () => T): [T, number] {
  const t = performance.now();
  const r = f();
  return [r, performance.now() - t];
}

const [platform, generateMs] = timed(() => syntheticPlatform({ needs, offers, seed, today }));
const input = platform.input;
// The generator must produce postings the API would accept.
for (const need of input.needs.slice(0, 300)) needSchema.parse(need);
for (const offer of input.offers.slice(0, 300)) offerSchema.parse(offer);

// Collect the generator's garbage first, so that a full GC of it is not charged to the engine
// (a round on AWS starts from the postings it has just read, not from a heap full of garbage).
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
gc();

const [result, engineMs] = timed(() => proposeMatches(input, config));
const peakRssMb = process.resourceUsage().maxRSS / 1024;

const line: Record<string, unknown> = {
  needs,
  offers,
  seed,
  indexedPairs: result.stats.indexedPairs,
  candidatePairs: result.stats.candidatePairs,
  scoredPairs: result.stats.scoredPairs,
  assignmentSteps: result.stats.assignmentSteps,
  proposals: result.stats.proposals,
  engineMs: ms(engineMs),
  peakRssMb: ms(peakRssMb),
};

/** The engine's best time over a few warm runs, and its result. */
function engineOn(subset: MatchingInput): [MatchingResult, number] {
  let best = Number.POSITIVE_INFINITY;
  let result = proposeMatches(subset, config);
  for (let run = 0; run < 3; run++) {
    const [r, t] = timed(() => proposeMatches(subset, config));
    result = r;
    best = Math.min(best, t);
  }
  return [result, best];
}

if (!values['skip-subset']) {
  const uniform: MatchingInput = {
    ...input,
    needs: input.needs.filter((_, i) => i % every === 0),
    offers: input.offers.filter((_, i) => i % every === 0),
  };
  const [engineU, engineMsU] = engineOn(uniform);
  const [bruteU, bruteMsU] = timed(() => proposeMatchesBruteForce(uniform, config));
  const pairsU = uniform.needs.length * uniform.offers.length;
  const bruteForceMsEstimatedFull = (bruteMsU / pairsU) * needs * offers;

  const byKind: MatchingInput = {
    ...input,
    needs: input.needs.filter((n) => n.kind === kind),
    offers: input.offers.filter((o) => o.kind === kind),
  };
  const [engineK] = engineOn(byKind);
  const [bruteK, bruteMsK] = timed(() => proposeMatchesBruteForce(byKind, config));
  const [optimal, optimalMs] = timed(() => optimalAssignment(bruteK.pairs));
  const engineTotalK = Math.round(engineK.stats.totalScore * 10_000);

  const same = (a: MatchingResult, b: { proposals: unknown }) =>
    JSON.stringify(a.proposals) === JSON.stringify(b.proposals);
  Object.assign(line, {
    bruteForceMsOnSubset: ms(bruteMsU),
    bruteForceMsEstimatedFull: ms(bruteForceMsEstimatedFull),
    speedupVsBruteForce: Math.round(bruteForceMsEstimatedFull / engineMs),
    speedupVsBruteForceOnSubset: Math.round((bruteMsU / engineMsU) * 10) / 10,
    identicalToBruteForceOnSubset: same(engineU, bruteU) && same(engineK, bruteK),
    deterministic: JSON.stringify(proposeMatches(uniform, config)) === JSON.stringify(engineU),
    totalScoreRatioVsOptimalOnSubset: ratio(engineTotalK, optimal.total),
    greedyRatioVsOptimalOnSubset: ratio(greedyTotal(bruteK.pairs), optimal.total),
    uniformSubset: {
      needs: uniform.needs.length,
      offers: uniform.offers.length,
      candidatePairs: engineU.stats.candidatePairs,
      proposals: engineU.stats.proposals,
      engineMs: Math.round(engineMsU * 10) / 10,
      bruteForceMs: ms(bruteMsU),
    },
    kindSubset: {
      kind,
      needs: byKind.needs.length,
      offers: byKind.offers.length,
      scoredPairs: bruteK.pairs.q.length,
      proposals: engineK.stats.proposals,
      bruteForceMs: ms(bruteMsK),
      optimalMs: ms(optimalMs),
      totalScore: engineK.stats.totalScore,
      optimalTotalScore: optimal.total / 10_000,
    },
  });
}

Object.assign(line, {
  generateMs: ms(generateMs),
  peakRssMbProcess: ms(process.resourceUsage().maxRSS / 1024),
  loadAverage: loadavg()[0]!.toFixed(2),
  node: process.version,
});
process.stdout.write(`${JSON.stringify(line)}\n`);
