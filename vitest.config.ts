import { defineConfig } from 'vitest/config';

// Subpath imports (#config, #local, #test/*, …) come from package.json "imports", and JSX settings
// (hono/jsx) from tsconfig.json: Vite reads both, so neither is repeated here.
// Also for the globalSetup process, which does not get test.env.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export default defineConfig({
  test: {
    // The AWS SDK warns that its 2027 releases need Node 22 (Lambda runs 24); noise in test output.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    exclude: ['**/node_modules/**', 'test/bench/**', 'cdk.out/**'],
    projects: [
      {
        extends: true,
        // Property tests run thousands of cases: seconds on a quiet machine, more on a busy one.
        test: { name: 'unit', include: ['test/unit/**/*.test.{ts,tsx}'], testTimeout: 30_000 },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.{ts,tsx}'],
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 20_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        // CDK synthesis bundles the Lambda functions with esbuild: slower than a unit test.
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        // Debian's Chromium against the app on a loopback port (test/support/browser.ts). One file
        // at a time: a browser is heavy on 2 cores, and vitest runs this project after the others.
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
