import { defineConfig } from 'vitest/config';
import { LoadFailureAsFailedTest } from './test/support/load-failure-reporter';
import { QuickFilesFirst } from './test/support/quick-files-first';

// The unit project alone, for mutation testing (stryker.config.mjs): pure tests, no servers, so a
// mutant of the pure core is judged by the tests that import it.
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.{ts,tsx}'],
    exclude: ['**/node_modules/**'],
    // Coverage instrumentation makes the property tests several times slower than in npm test.
    testTimeout: 180_000,
    // A file that fails to load is a failed test (a mutant that breaks loading is killed).
    reporters: ['default', new LoadFailureAsFailedTest()],
    // The quickest files first: a mutant run stops at its first failing test.
    sequence: { sequencer: QuickFilesFirst },
  },
});
