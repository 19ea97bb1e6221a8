import { describe, expect, it } from 'vitest';
import {
  type Need,
  needContentSchema,
  type Offer,
  offerContentSchema,
  postingListQuerySchema,
  postingSearchQuerySchema,
  RESOURCE_TYPE_IDS,
  searchDocOf,
  searchFilterOf,
  TYPED_KINDS,
  toFieldErrors,
} from '#domain';
import { venueNeed, venueOffer } from './fixtures/posting';

// The lists' and the search's `resourceType` filter: a type id of the query's kind (venue, skills
// or goods), refused with a Japanese message at `resourceType` otherwise; a posting passes when
// it lists the type, and one that lists none never does.

const SCHEMAS = { list: postingListQuerySchema, search: postingSearchQuerySchema } as const;

function errorsOf(schema: (typeof SCHEMAS)[keyof typeof SCHEMAS], query: Record<string, string>) {
  const result = schema.safeParse(query);
  return result.success ? [] : toFieldErrors(result.error);
}

describe.each(Object.entries(SCHEMAS))('the %s query', (_, schema) => {
  it('takes every type of each typed kind with that kind', () => {
    for (const kind of TYPED_KINDS)
      for (const type of RESOURCE_TYPE_IDS[kind])
        expect(errorsOf(schema, { kind, resourceType: type }), `${kind} ${type}`).toEqual([]);
    expect(schema.parse({ kind: 'skills', resourceType: 'accounting' })).toMatchObject({
      kind: 'skills',
      resourceType: 'accounting',
    });
  });

  it.each([
    [
      { resourceType: 'accounting' },
      'kind に venue（場所・居場所）、skills（プロボノ・専門知識）、goods（物資・食品） のどれかも指定してください',
    ],
    [{ kind: 'funding', resourceType: 'other' }, '資金・助成・寄付（funding）には種類がありません'],
    [
      { kind: 'goods', resourceType: 'accounting' },
      '「accounting」は物資・食品の種類ではありません。次から選んでください: food, hygiene',
    ],
    [{ kind: 'skills', resourceType: 'spaceship' }, '種類は次から選んでください: legal,'],
  ])('refuses %j at resourceType, in Japanese', (query, message) => {
    const errors = errorsOf(schema, query);
    expect(errors.map((e) => e.path)).toEqual(['resourceType']);
    expect(errors[0]!.message).toContain(message);
  });
});

describe('searchFilterOf with a type', () => {
  const stored = { platformId: 'saitama', organizationId: 'o', status: 'open', createdBy: 'p' };
  const need = (id: string, types?: string[]) =>
    ({ ...needContentSchema.parse(venueNeed(types ? { types } : {})), ...stored, id, version: 1 }) as Need;
  const offer = (id: string, types?: string[]) =>
    ({ ...offerContentSchema.parse(venueOffer(types ? { types } : {})), ...stored, id, version: 1 }) as Offer;
  const docs = [
    searchDocOf('need', need('kitchen-need', ['hall', 'kitchen']), ''),
    searchDocOf('need', need('any-need'), ''),
    searchDocOf('need', need('empty-need', []), ''),
    searchDocOf('offer', offer('kitchen-offer', ['meeting_room', 'kitchen']), ''),
    searchDocOf('offer', offer('hall-offer', ['hall']), ''),
    searchDocOf('offer', offer('older-offer'), ''),
  ];
  const passing = (resourceType: 'kitchen' | 'hall' | 'other') =>
    docs.filter(searchFilterOf({ kind: 'venue', resourceType })!).map((d) => d.id);

  it('keeps the postings that list the type, needs and offers alike', () => {
    expect(passing('kitchen')).toEqual(['kitchen-need', 'kitchen-offer']);
    expect(passing('hall')).toEqual(['kitchen-need', 'hall-offer']);
  });

  it('leaves out a need that takes any type and an offer posted before types', () => {
    expect(passing('other')).toEqual([]);
    expect(docs.filter(searchFilterOf({ kind: 'venue' })!)).toHaveLength(docs.length);
  });
});
