import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The pages stay split by resource, each file one view or one route group (README, Architecture):
// a page file that grows past 300 lines is split by what it does before it is merged.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PAGES = join(ROOT, 'shared/http/pages');
const MAX_LINES = 300;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** Lines as `wc -l` counts them. */
function lineCount(path: string): number {
  const text = readFileSync(path, 'utf8');
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

describe('shared/http/pages', () => {
  const files = sourceFiles(PAGES);

  it('is walked (the guard below reads real files)', () => {
    expect(files.map((f) => relative(PAGES, f))).toEqual(
      expect.arrayContaining(['layout.tsx', 'postings/routes.tsx', 'secretariat/routes.tsx']),
    );
  });

  it(`has no file over ${MAX_LINES} lines`, () => {
    const over = files
      .map((f) => ({ file: relative(ROOT, f), lines: lineCount(f) }))
      .filter((f) => f.lines > MAX_LINES)
      .map((f) => `${f.file}: ${f.lines} lines`);
    expect(over, 'split these by what they do (one view or one route group a file)').toEqual([]);
  });
});
