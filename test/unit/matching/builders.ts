import { type Need, needSchema, type Offer, offerSchema } from '#domain';
import type { MatchFacts } from '#matching';

// Valid needs and offers for matching tests. Every posting goes through the domain schema, so a
// test can never pass on a shape the API would reject. Ids are ULIDs built from a readable tag.

const CROCKFORD = /^[0-9A-HJKMNP-TV-Z]+$/;

/** A ULID such as 01JN00000000000000000000N1: tag, zeros, then the number. */
export function ulidOf(tag: string, n: number): string {
  const tail = String(n);
  const id = `01J${tag}${'0'.repeat(26 - 3 - tag.length - tail.length)}${tail}`;
  if (id.length !== 26 || !CROCKFORD.test(id)) throw new Error(`not a ULID: ${id}`);
  return id;
}

export const TODAY = '2026-06-01';
/** Created on the round's day: freshness 1, so hand-computed scores stay simple. */
const CREATED = '2026-06-01T00:00:00.000Z';

type Overrides = Record<string, unknown>;

function meta(id: string, organizationId: string, platformId: string) {
  return {
    id,
    platformId,
    organizationId,
    status: 'open',
    createdBy: ulidOf('P', 1),
    createdAt: CREATED,
    updatedAt: CREATED,
    version: 1,
  };
}

/** A need; defaults: a venue for 30 people in 山形市, children and young people. */
export function need(id: string, organizationId: string, overrides: Overrides = {}): Need {
  return needSchema.parse({
    ...meta(id, organizationId, 'yamagata'),
    kind: 'venue',
    title: '子ども食堂の会場を探しています',
    fields: ['children_youth'],
    location: { prefecture: '06', municipality: '06201' },
    capacity: { people: 30 },
    period: { start: '2026-04-01', end: '2027-03-31' },
    ...overrides,
  }) as Need;
}

/** An offer; defaults: a 40-seat venue in 山形市, children and young people, two introductions. */
export function offer(id: string, organizationId: string, overrides: Overrides = {}): Offer {
  return offerSchema.parse({
    ...meta(id, organizationId, 'yamagata'),
    kind: 'venue',
    title: '会議室をお貸しします',
    fields: ['children_youth'],
    serviceArea: { municipalities: ['06201'] },
    capacity: { people: 40 },
    introductionsPerRound: 2,
    period: { start: '2026-04-01' },
    ...overrides,
  }) as Offer;
}

/** Facts written by hand: online, open to any field, nothing counted, the whole period. */
export const factsWith = (overrides: Partial<MatchFacts>): MatchFacts => ({
  kind: 'venue',
  region: { tier: 'online' },
  field: { relation: 'any' },
  capacity: null,
  timingCoverage: 1,
  ...overrides,
});
