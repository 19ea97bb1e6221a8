import { describe, expect, it } from 'vitest';
import { nextFeedStart } from '../../../shared/store/posting-search';

// Each API instance reads a platform's change feed (gsi4, by updatedAt) before a search, at most
// once a second, from 30 s before where it stands: what became visible late is not missed.
// Where it stands must move on when nothing changes, or every read fetches the same changes again.

const at = (iso: string) => Date.parse(iso);

describe('nextFeedStart', () => {
  it('starts 30 s before the newest change seen or before the read began, whichever is later', () => {
    expect(nextFeedStart('', '2026-12-07T10:00:00.000Z', at('2026-12-07T10:00:00.500Z'))).toBe(
      '2026-12-07T09:59:30.500Z',
    );
    expect(nextFeedStart('', '2026-12-07T10:00:05.000Z', at('2026-12-07T10:00:01.000Z'))).toBe(
      '2026-12-07T09:59:35.000Z',
    );
  });

  it('moves on with the clock when nothing changed, so a quiet platform is read from 30 s ago', () => {
    // The last changes were an import an hour ago: a read now must not fetch them again.
    const since = '2026-12-07T08:59:30.000Z';
    const next = nextFeedStart(since, '2026-12-07T09:00:00.000Z', at('2026-12-07T10:00:00.000Z'));
    expect(next).toBe('2026-12-07T09:59:30.000Z');
    expect(nextFeedStart(next, '', at('2026-12-07T10:00:01.000Z'))).toBe('2026-12-07T09:59:31.000Z');
  });

  it('never goes back', () => {
    const since = '2026-12-07T10:00:00.000Z';
    expect(nextFeedStart(since, '2026-12-07T09:00:00.000Z', at('2026-12-07T09:30:00.000Z'))).toBe(since);
  });
});
