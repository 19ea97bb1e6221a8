import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * For mutation testing (vitest.mutation.config.ts): runs the quickest test files first. Vitest
 * runs the slowest first, to finish a full run sooner; a mutant run stops at the first failure
 * (bail), and a mutant of loading code (a schema, a table) runs every unit test file, so the
 * quick, focused files (a module's own tests) should go before the property tests. By the
 * duration vitest recorded for a file, else by its size, smallest first.
 */
export class QuickFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const { cache, config } = this.ctx;
    const cost = (spec: TestSpecification): [number, number] => {
      const key = `${spec.project.name}:${relative(config.root, spec.moduleId)}`;
      return [
        cache.getFileTestResults(key)?.duration ?? Number.POSITIVE_INFINITY,
        cache.getFileStats(key)?.size ?? Number.POSITIVE_INFINITY,
      ];
    };
    const costs = new Map(files.map((spec) => [spec, cost(spec)]));
    return [...files].sort((a, b) => {
      const [da, sa] = costs.get(a)!;
      const [db, sb] = costs.get(b)!;
      return da !== db ? da - db : sa - sb;
    });
  }
}
