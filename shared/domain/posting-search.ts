import * as z from 'zod';
import { isoDate, line } from './common';
import type { Need, Offer } from './posting';
import { blockOf, isMunicipalityCode, isPrefectureCode, municipality } from './regions';
import { postingTypes, refineResourceType, resourceTypeFilterSchema } from './resource-types';
import { MAX_SEARCH_TERMS, normaliseForSearch, searchTerms } from './search-text';
import { FIELD_SLUGS, KIND_IDS, relatedFields } from './taxonomy';

// Search of a platform's open needs and offers: the query, what the index keeps of a posting
// (its normalised text and the attributes the filters read), and the filters, with the same
// meaning as the list routes' (shared/store/postings.ts): a test compares the two.

export const SEARCH_TYPES = ['need', 'offer'] as const;
export type SearchType = (typeof SEARCH_TYPES)[number];

const blankIsAbsent = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

export const postingSearchQuerySchema = z
  .strictObject({
    q: z
      .preprocess(blankIsAbsent, line(100).optional())
      .refine((q) => searchTerms(q).length <= MAX_SEARCH_TERMS, {
        message: `キーワードは${MAX_SEARCH_TERMS}語までにしてください`,
      })
      .describe(
        'Words (space-separated, all must occur) found anywhere in the title, the description or the organisation name; full/half width, hiragana/katakana and case do not matter',
      ),
    type: z.enum(SEARCH_TYPES).optional().describe('Needs or offers only; both when absent'),
    kind: z.enum(KIND_IDS).optional(),
    resourceType: resourceTypeFilterSchema,
    field: z
      .enum(FIELD_SLUGS)
      .optional()
      .describe(
        'In this field, a broader one above it or a narrower one under it (and offers for any field)',
      ),
    prefecture: z.string().refine(isPrefectureCode, '都道府県コードが正しくありません').optional(),
    municipality: z.string().refine(isMunicipalityCode, '市区町村コードが正しくありません').optional(),
    activeFrom: isoDate.optional().describe('Postings whose period reaches this day or later'),
    activeTo: isoDate.optional().describe('Postings whose period starts on this day or earlier'),
    cursor: z.string().max(2000).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .refine((q) => !q.activeFrom || !q.activeTo || q.activeFrom <= q.activeTo, {
    message: '期間の終わりは始まり以降の日付にしてください',
    path: ['activeTo'],
  })
  .superRefine(refineResourceType);
export type PostingSearchQuery = z.infer<typeof postingSearchQuerySchema>;

/** One result: which kind of posting, and the posting as the list routes give it. */
export type SearchHit = { type: 'need'; posting: Need } | { type: 'offer'; posting: Offer };

/** What the search index keeps of one open posting. */
export interface SearchDoc {
  readonly id: string;
  readonly type: SearchType;
  readonly version: number;
  readonly kind: string;
  readonly fields: readonly string[] | 'any';
  /** The types it lists (venue, skills and goods); none for other kinds and older offers. */
  readonly types: readonly string[];
  /** A need's place: its prefecture, municipality and the designated city of a ward. */
  readonly prefecture?: string | undefined;
  readonly municipality?: string | undefined;
  readonly city?: string | undefined;
  /** An offer's service area, with the prefectures its municipalities lie in. */
  readonly area?:
    | {
        readonly nationwide: boolean;
        readonly blocks: readonly string[];
        readonly prefectures: readonly string[];
        readonly municipalities: readonly string[];
        readonly reachedPrefectures: readonly string[];
      }
    | undefined;
  readonly start: string;
  readonly end?: string | undefined;
  /** Title, organisation name and description, normalised, apart by NUL (no word spans two). */
  readonly text: string;
}

export const SEARCH_TEXT_SEPARATOR = '\u0000';

function cityOf(code: string | undefined): string | undefined {
  return code === undefined ? undefined : (municipality(code)?.parent ?? code);
}

/** The index's record of a posting, with its organisation's name. */
export function searchDocOf(type: SearchType, p: Need | Offer, organizationName: string): SearchDoc {
  const text = [p.title, organizationName, p.description ?? '']
    .map(normaliseForSearch)
    .join(SEARCH_TEXT_SEPARATOR);
  // One object literal with every property, in one order, for both types: every record has the
  // same shape, which keeps the filters' property reads fast (spread-built records were 100×
  // slower to read at 50,000 postings).
  const need = type === 'need' ? (p as Need) : undefined;
  const a = type === 'offer' ? (p as Offer).serviceArea : undefined;
  return {
    id: p.id,
    type,
    version: p.version,
    kind: p.kind,
    fields: p.fields,
    types: postingTypes(p),
    prefecture: need?.location.prefecture,
    municipality: need?.location.municipality,
    city: cityOf(need?.location.municipality),
    area: a && {
      nationwide: a.nationwide,
      blocks: a.blocks,
      prefectures: a.prefectures,
      municipalities: a.municipalities,
      reachedPrefectures: [
        ...new Set([...a.prefectures, ...a.municipalities.map((m) => municipality(m)?.prefecture ?? '')]),
      ].filter(Boolean),
    },
    start: p.period.start,
    end: p.period.end,
    text,
  };
}

export type SearchFilter = Pick<
  PostingSearchQuery,
  'type' | 'kind' | 'resourceType' | 'field' | 'prefecture' | 'municipality' | 'activeFrom' | 'activeTo'
>;

/** The filters of a search as one test of a posting; undefined when there are none. */
export function searchFilterOf(q: SearchFilter): ((d: SearchDoc) => boolean) | undefined {
  const tests: ((d: SearchDoc) => boolean)[] = [];
  if (q.type) tests.push((d) => d.type === q.type);
  if (q.kind) tests.push((d) => d.kind === q.kind);
  // Only postings that list the type: an offer that states none is not known to have it.
  const { resourceType } = q;
  if (resourceType) tests.push((d) => d.types.includes(resourceType));
  if (q.field) {
    const related = relatedFields(q.field);
    const wanted = new Set<string>(related.length > 0 ? related : [q.field]);
    tests.push((d) => (d.fields === 'any' ? d.type === 'offer' : d.fields.some((f) => wanted.has(f))));
  }
  if (q.prefecture || q.municipality) tests.push(placeTest(q.prefecture, q.municipality));
  const { activeFrom, activeTo } = q;
  if (activeFrom) tests.push((d) => d.end === undefined || d.end >= activeFrom);
  if (activeTo) tests.push((d) => d.start <= activeTo);
  if (tests.length === 0) return undefined;
  return (d) => {
    for (let i = 0; i < tests.length; i++) if (!tests[i]!(d)) return false;
    return true;
  };
}

/**
 * A need is in the place (its prefecture; its municipality or the city of its ward); an offer
 * reaches it (nationwide, its block, the prefecture, or within the prefecture a listed
 * municipality or its city).
 */
function placeTest(prefecture: string | undefined, muni: string | undefined): (d: SearchDoc) => boolean {
  const pref = prefecture ?? (muni ? municipality(muni)?.prefecture : undefined);
  const block = pref ? (blockOf(pref) ?? '') : '';
  const city = muni ? (cityOf(muni) ?? muni) : undefined;
  return (d) => {
    if (d.type === 'need') {
      if (prefecture && d.prefecture !== prefecture) return false;
      return !muni || d.municipality === muni || d.city === muni;
    }
    const a = d.area;
    if (!pref || !a) return true;
    if (a.nationwide || a.blocks.includes(block)) return true;
    if (!muni) return a.reachedPrefectures.includes(pref);
    return (
      a.prefectures.includes(pref) ||
      a.municipalities.includes(muni) ||
      (city !== undefined && a.municipalities.includes(city))
    );
  };
}
