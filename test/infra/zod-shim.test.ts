import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHIM_DIR, zodShimFiles } from '../../infra/bundle/zod-shim';

// The lean zod the Lambda bundles import (infra/bundle/zod-shim.ts) is the installed zod's own
// entry files with `locales` cut to ja and en: after a zod upgrade, `npm run gen:zod-shim`.

describe('the zod shim of the Lambda bundles', () => {
  it('is what the installed zod gives (run npm run gen:zod-shim after upgrading zod)', () => {
    for (const [path, text] of Object.entries(zodShimFiles())) {
      expect(readFileSync(join(SHIM_DIR, path), 'utf8'), path).toBe(text);
    }
  });

  it('has zod’s own exports but for the locales, which are Japanese and English', async () => {
    // Plain JavaScript without types: typed as zod, which it claims to be.
    const shim: string = '../../infra/bundle/zod/index.js';
    const lean = (await import(shim)) as typeof import('zod');
    const zod = await import('zod');
    expect(Object.keys(lean).sort()).toEqual(Object.keys(zod).sort());
    expect(Object.keys(lean.locales).sort()).toEqual(['en', 'ja']);
    expect(Object.keys(lean.core.locales).sort()).toEqual(['en', 'ja']);
    expect(Object.keys(zod.locales).length).toBeGreaterThan(40);
    // The same schema classes: a schema built by one is an instance of the other's.
    expect(lean.string()).toBeInstanceOf(zod.ZodString);
    expect(lean.object({ a: lean.number() }).safeParse({ a: 'x' }).success).toBe(false);
  });
});
