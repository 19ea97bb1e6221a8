import { describe, expect, it } from 'vitest';
import { demoData, resolveDays } from '../../infra/local/demo-data';
import { DEMO_LOGINS } from '../../infra/local/seed';

// The demo is data (infra/local/demo/*.json): its relative dates and the logins npm start prints.

describe('demo data', () => {
  const now = new Date('2026-12-06T16:00:00Z'); // 2026-12-07 01:00 in Tokyo

  it('resolves today±N to Tokyo dates and leaves other strings as written', () => {
    expect(resolveDays({ a: 'today', b: ['today+14', 'today-30'], c: 'today is Monday', d: 3 }, now)).toEqual(
      { a: '2026-12-07', b: ['2026-12-21', '2026-11-07'], c: 'today is Monday', d: 3 },
    );
  });

  it('has every login npm start prints, and every posting dated from the seeding day', () => {
    const { platforms, organizations } = demoData(now);
    const emails = new Set([
      ...platforms.map((p) => p.secretariat.email),
      ...organizations.flatMap((o) => o.people.map((p) => p.email)),
    ]);
    for (const email of Object.values(DEMO_LOGINS)) expect(emails).toContain(email);
    const postings = organizations.flatMap((o) => [...(o.needs ?? []), ...(o.offers ?? [])]);
    expect(postings.length).toBeGreaterThan(10);
    for (const p of postings) {
      const period = p.content.period as { start: string; end?: string };
      expect(period.start).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      if (period.end) expect(period.end > period.start).toBe(true);
    }
  });
});
