import { describe, expect, it } from 'vitest';
import { DEFAULT_PREFERENCES, type StoredPreferences, withinInterests } from '../../../shared/domain';

// Which new needs and offers the weekly digest shows a person who narrowed it to some fields:
// a chosen field takes in the fields under it and the one above it, as matching relates them.

const choosing = (fields: string[]): StoredPreferences =>
  ({ ...DEFAULT_PREFERENCES, fields }) as StoredPreferences;
const inSaitama = (fields: string[] | 'any') => ({ fields, places: [{ prefecture: '11' }] });

describe("the digest's fields", () => {
  it('shows someone who chose ケアラー支援 a posting for ヤングケアラー支援 (the broader covers the narrower)', () => {
    expect(withinInterests(choosing(['carers']), inSaitama(['young_carers']))).toBe(true);
    expect(withinInterests(choosing(['child_rearing']), inSaitama(['single_parents']))).toBe(true);
  });

  it('shows someone who chose ヤングケアラー支援 a posting for ケアラー支援, which includes it', () => {
    expect(withinInterests(choosing(['young_carers']), inSaitama(['carers']))).toBe(true);
  });

  it('leaves out a field that is neither above nor under a chosen one', () => {
    expect(withinInterests(choosing(['young_carers']), inSaitama(['futoko']))).toBe(false);
    expect(withinInterests(choosing(['carers']), inSaitama(['children_youth']))).toBe(false);
    expect(withinInterests(choosing(['carers']), inSaitama('any'))).toBe(true);
  });
});
