import type { RunnerTestCase } from 'vitest';
import { experimental_getRunnerTask, type Reporter, type TestModule } from 'vitest/node';

/**
 * For mutation testing (vitest.mutation.config.ts): a test file that fails to load counts as a
 * failed test. StrykerJS's vitest runner (9.6) scores a mutant by the tests it collects, and a
 * file that throws on import collects none, so a mutant that breaks a module's loading (a block
 * label emptied, a lookup table made empty) would be reported "survived" though every test of
 * the module fails (stryker-js issue #6150). This reporter adds one failed test, "the file
 * loads", to each such file, with the load error; the runner then sees the mutant killed.
 */
export class LoadFailureAsFailedTest implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    for (const module of modules) {
      const file = experimental_getRunnerTask(module);
      if (file.result?.state !== 'fail' || file.tasks.length > 0) continue;
      const failed = {
        type: 'test',
        id: `${file.id}_load`,
        name: 'the file loads',
        mode: 'run',
        meta: {},
        file,
        suite: file,
        timeout: 0,
        annotations: [],
        artifacts: [],
        result: { state: 'fail', errors: file.result.errors ?? [] },
      };
      file.tasks.push(failed as unknown as RunnerTestCase);
    }
  }
}
