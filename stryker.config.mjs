// @ts-check
// Mutation testing of the pure core (issue 27; docs/reliability.md "Mutation testing"):
// `npm run test:mutation` mutates the files below one small change at a time and runs the unit
// tests that cover each mutant; a mutant no test notices "survived". Not part of `npm test` (it
// takes tens of minutes per large file on 2 cores). Incremental: a rerun only tests mutants of
// code or tests changed since the last run (.stryker/incremental.json). One file:
//   npm run test:mutation -- --mutate shared/matching/kernel.ts
// A mutant is marked equivalent only with a `// Stryker disable next-line <mutator>: <why>` comment.

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
const config = {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'vitest.mutation.config.ts', related: true },
  mutate: [
    'shared/matching/**/*.ts',
    'shared/domain/posting.ts',
    'shared/domain/introduction.ts',
    'shared/domain/regions.ts',
  ],
  // Vitest strips types without checking them: no need to add @ts-nocheck to the sandbox's files
  // (a test compares a generated file byte for byte).
  disableTypeChecks: false,
  coverageAnalysis: 'perTest',
  incremental: true,
  incrementalFile: '.stryker/incremental.json',
  tempDirName: '.stryker/tmp',
  cleanTempDir: 'always',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: '.stryker/report.html' },
  jsonReporter: { fileName: '.stryker/report.json' },
  concurrency: 2,
  // Added to 1.5 × the covering tests' own time: a mutant that loops ends this much after it should have.
  timeoutMS: 20_000,
  thresholds: { high: 95, low: 90, break: null },
};
export default config;
