import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PROBLEM_TYPES } from '#domain';

// The problem types a client can meet (PROBLEM_TYPES, which DomainError's type is bound to) are
// the ones docs/api.md lists, each under its status.

describe('problem types', () => {
  it('docs/api.md lists exactly the types the app answers with, each under its status', () => {
    const doc = readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8');
    const header = doc.indexOf('| status | `type` (after `<APP_URL>/problems/`) | when |');
    expect(header, 'the table of problem types in docs/api.md').toBeGreaterThan(0);
    const rows = doc
      .slice(header)
      .split('\n')
      .slice(2)
      .filter((line, i, all) => line.startsWith('|') && all.slice(0, i).every((l) => l.startsWith('|')));
    const documented: Record<string, number> = {};
    for (const row of rows) {
      const [, status, types] = row.split('|').map((cell) => cell.trim());
      for (const [, type] of types!.matchAll(/`([a-z-]+)`/g)) documented[type!] = Number(status);
    }
    expect(documented).toEqual(
      Object.fromEntries(Object.entries(PROBLEM_TYPES).map(([t, i]) => [t, i.status])),
    );
  });
});
