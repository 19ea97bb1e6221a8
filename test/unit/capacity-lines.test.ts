import { describe, expect, it } from 'vitest';
import type { Need, Offer } from '#domain';
import { capacityLines } from '../../shared/http/pages/postings/detail';

// A posting's capacity on its page, in the reader's one language.

const posting = (kind: string, capacity: Record<string, unknown>) =>
  ({ kind, capacity }) as unknown as Need | Offer;

describe('capacity in words', () => {
  it('is Japanese for a Japanese reader', () => {
    expect(capacityLines(posting('venue', { people: 30, sessionsPerMonth: 2 }), 'ja')).toEqual([
      '定員30名',
      '月2回',
    ]);
    expect(capacityLines(posting('funding', { amountJpy: 800_000, minAmountJpy: 300_000 }), 'ja')).toEqual([
      '800,000円',
      '最低300,000円',
    ]);
  });

  it('is English for an English reader, with no Japanese unit left', () => {
    const lines = [
      ...capacityLines(posting('venue', { people: 30, sessionsPerMonth: 2 }), 'en'),
      ...capacityLines(posting('volunteers', { people: 6, hoursPerMonth: 40 }), 'en'),
      ...capacityLines(posting('funding', { amountJpy: 800_000, minAmountJpy: 300_000 }), 'en'),
      ...capacityLines(posting('goods', { quantity: 12 }), 'en'),
      ...capacityLines(posting('publicity', { reach: 5000 }), 'en'),
      ...capacityLines(posting('employment', { positions: 3 }), 'en'),
    ];
    expect(lines).toEqual([
      'up to 30 people',
      '2 times a month',
      '6 people',
      '40 hours a month',
      '¥800,000',
      'at least ¥300,000',
      '12 items',
      'reaches about 5,000 people',
      '3 positions',
    ]);
    for (const line of lines) expect(line).not.toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
  });
});
