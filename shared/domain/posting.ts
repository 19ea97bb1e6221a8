import * as z from 'zod';
import {
  isoDate,
  line,
  periodSchema,
  platformIdSchema,
  text,
  timestamps,
  ulidSchema,
  uniqueList,
  versionSchema,
} from './common';
import { ValidationError } from './errors';
import { locationSchema } from './organization';
import { BLOCK_IDS, isMunicipalityCode, isPrefectureCode, regionLabel } from './regions';
import { refineResourceType, resourceTypeFilterSchema, type TypedKind, typesSchema } from './resource-types';
import { FIELD_SLUGS, KIND_IDS, type Kind, TARGET_GROUP_IDS } from './taxonomy';
import { toFieldErrors } from './validation';

// Needs (ニーズ) and offers (支援の申し出) share their shape: a kind with kind-specific capacity,
// fields, a period and a status. Capacity bounds reject negative and absurd numbers.

function count(max: number) {
  return z
    .number({ error: '数値を入力してください' })
    .int('整数で入力してください')
    .min(1, '1以上の数を入力してください')
    .max(max, `${max.toLocaleString('ja-JP')}以下の数を入力してください`);
}

const MAX_YEN = 10_000_000_000; // 100億円: above any grant a platform brokers

const peopleOrHours = z
  .strictObject({ people: count(10_000).optional(), hoursPerMonth: count(100_000).optional() })
  .refine(
    (c) => c.people !== undefined || c.hoursPerMonth !== undefined,
    '人数か月あたりの時間を入力してください',
  );

const sharedCapacity = {
  venue: z.strictObject({ people: count(10_000).describe('seats'), sessionsPerMonth: count(100).optional() }),
  employment: z.strictObject({ positions: count(10_000) }),
  volunteers: peopleOrHours,
  skills: peopleOrHours,
  goods: z
    .strictObject({
      quantity: z.number().positive('0より大きい数を入力してください').max(10_000_000, '数量が大きすぎます'),
      unit: z.enum(['units', 'kg']),
    })
    .refine((g) => g.unit === 'kg' || Number.isInteger(g.quantity), {
      message: '点・個で数えるときは整数で入力してください',
      path: ['quantity'],
    }),
  publicity: z.strictObject({ reach: count(100_000_000).optional().describe('people reached') }).default({}),
  other: z.strictObject({ note: line(200).optional() }).default({}),
};

const needCapacity = {
  ...sharedCapacity,
  funding: z
    .strictObject({
      amountJpy: count(MAX_YEN),
      minAmountJpy: count(MAX_YEN).optional(),
      coFunding: z
        .boolean()
        .optional()
        .describe(
          'Accepts a smaller amount as part of the funding, with other funders. Without it and without minAmountJpy, offers below capacity.minCoverage.funding of the amount (default half) are not proposed',
        ),
    })
    .refine((c) => c.minAmountJpy === undefined || c.minAmountJpy <= c.amountJpy, {
      message: '最低額は希望額以下にしてください',
      path: ['minAmountJpy'],
    }),
};

const offerCapacity = {
  ...sharedCapacity,
  funding: z.strictObject({ amountJpy: count(MAX_YEN) }),
};

export const POSTING_STATUSES = ['open', 'closed'] as const;
export type PostingStatus = (typeof POSTING_STATUSES)[number];

const fieldsSchema = uniqueList(z.enum(FIELD_SLUGS), { min: 1, max: 5 });

const needCommon = {
  title: line(120),
  description: text(4000).default(''),
  fields: fieldsSchema,
  targetGroups: uniqueList(z.enum(TARGET_GROUP_IDS), { max: 10 }).default([]),
  location: locationSchema,
  onlineOk: z.boolean().default(false).describe('Online support is fine'),
  period: periodSchema,
};

export const serviceAreaSchema = z
  .strictObject({
    nationwide: z.boolean().default(false),
    blocks: uniqueList(z.enum(BLOCK_IDS), { max: 8 }).default([]),
    prefectures: uniqueList(z.string().refine(isPrefectureCode, '都道府県コードが正しくありません'), {
      max: 47,
    }).default([]),
    municipalities: uniqueList(z.string().refine(isMunicipalityCode, '市区町村コードが正しくありません'), {
      max: 300,
    }).default([]),
    online: z.boolean().default(false),
  })
  .refine(
    (a) => a.nationwide || a.online || a.blocks.length + a.prefectures.length + a.municipalities.length > 0,
    '対応できる地域を1つ以上指定してください（全国・オンラインも可）',
  )
  .meta({ id: 'ServiceArea' });
export type ServiceArea = z.infer<typeof serviceAreaSchema>;

/**
 * An open call (公募): members apply (関心がある) until the deadline, the offering organisation
 * picks up to its slots from the applicants, ranked by the engine. At most five questions.
 */
export const openCallSchema = z
  .strictObject({
    deadline: isoDate.describe('The last day applications are taken (Japan time, the whole day counts)'),
    questions: z
      .array(
        z.strictObject({
          id: z.string().regex(/^[a-z0-9-]{1,20}$/, '質問のIDは英小文字・数字・ハイフン20文字以内です'),
          label: line(200),
          required: z.boolean().default(false),
        }),
      )
      .max(5, '質問は5つまでです')
      .refine((qs) => new Set(qs.map((q) => q.id)).size === qs.length, '質問のIDが重複しています')
      .default([]),
  })
  .meta({ id: 'OpenCall' });
export type OpenCall = z.infer<typeof openCallSchema>;

const offerCommon = {
  title: line(120),
  description: text(4000).default(''),
  fields: z.union([z.literal('any'), fieldsSchema]).describe('"any" = every field'),
  serviceArea: serviceAreaSchema,
  introductionsPerRound: count(50).default(3).describe('How many introductions the offer can take per round'),
  slots: count(10_000)
    .optional()
    .describe(
      'How many organisations the offer can take in all (受け入れ枠); each introduction the offer side accepts uses one. None = no limit',
    ),
  conditions: text(2000).default(''),
  period: periodSchema,
  openCall: openCallSchema.optional().describe('Makes the offer an open call (公募) with a deadline'),
};

/** A kind's `types` on create or in store: required, optional, or an offer's (optional, never empty). */
type TypesMode = 'need' | 'offer' | 'stored-offer';

function typesOf(kind: TypedKind, mode: TypesMode) {
  if (mode === 'need') return { types: typesSchema(kind, false).optional() };
  if (mode === 'offer') return { types: typesSchema(kind, true) };
  // Offers stored before types existed have none; once given, they stay an offer's (issue 20).
  return { types: typesSchema(kind, true).optional() };
}

function variants<C extends Record<Kind, z.ZodType>, S extends z.core.$ZodLooseShape>(
  capacity: C,
  shape: S,
  types: TypesMode,
) {
  const v = <K extends Kind, E extends z.core.$ZodLooseShape>(kind: K, extra: E) =>
    z.strictObject({ kind: z.literal(kind), capacity: capacity[kind], ...shape, ...extra });
  return [
    v('venue', typesOf('venue', types)),
    v('funding', {}),
    v('employment', {}),
    v('volunteers', {}),
    v('skills', typesOf('skills', types)),
    v('goods', typesOf('goods', types)),
    v('publicity', {}),
    v('other', {}),
  ] as const;
}

const kindError = { error: `種類（kind）を次から選んでください: ${KIND_IDS.join(', ')}` };

export const needContentSchema = z.discriminatedUnion(
  'kind',
  variants(needCapacity, needCommon, 'need'),
  kindError,
);
export const offerContentSchema = z.discriminatedUnion(
  'kind',
  variants(offerCapacity, offerCommon, 'stored-offer'),
  kindError,
);
export type NeedContent = z.infer<typeof needContentSchema>;
export type OfferContent = z.infer<typeof offerContentSchema>;

const owner = { organizationId: ulidSchema };
export const needCreateSchema = z
  .discriminatedUnion('kind', variants(needCapacity, { ...needCommon, ...owner }, 'need'), kindError)
  .meta({ id: 'NeedCreate' });
export const offerCreateSchema = z
  .discriminatedUnion('kind', variants(offerCapacity, { ...offerCommon, ...owner }, 'offer'), kindError)
  .meta({ id: 'OfferCreate' });

const postingMeta = z.object({
  id: ulidSchema,
  platformId: platformIdSchema,
  organizationId: ulidSchema,
  status: z.enum(POSTING_STATUSES),
  closedAt: z.iso.datetime().optional(),
  createdBy: ulidSchema,
  ...timestamps,
  version: versionSchema,
});
export type PostingMeta = z.infer<typeof postingMeta>;

export const needSchema = z.intersection(needContentSchema, postingMeta).meta({ id: 'Need' });
const offerMeta = postingMeta.extend({
  slotsUsed: z.number().int().min(0).optional().describe('Slots taken by accepted introductions'),
});
export const offerSchema = z.intersection(offerContentSchema, offerMeta).meta({ id: 'Offer' });
export type Need = NeedContent & PostingMeta;
export type Offer = OfferContent & PostingMeta & { slotsUsed?: number | undefined };

/** Slots the offer has left; undefined = no limit. */
export function slotsLeft(offer: Pick<Offer, 'slots' | 'slotsUsed'>): number | undefined {
  return offer.slots === undefined ? undefined : Math.max(0, offer.slots - (offer.slotsUsed ?? 0));
}

const patchVersion = { version: versionSchema.describe('The version you read; a stale one gets 409') };
const typesPatch = z
  .array(z.string().max(40))
  .max(20)
  .optional()
  .describe("Replaces the types (venue, skills and goods); same values as on create for the posting's kind");
const capacityPatch = z
  .record(z.string(), z.unknown())
  .optional()
  .describe("Replaces the capacity; same shape as on create for the posting's kind");

export const needPatchSchema = z
  .strictObject({
    ...patchVersion,
    title: needCommon.title.optional(),
    description: text(4000).optional(),
    fields: fieldsSchema.optional(),
    targetGroups: uniqueList(z.enum(TARGET_GROUP_IDS), { max: 10 }).optional(),
    location: locationSchema.optional(),
    onlineOk: z.boolean().optional(),
    types: typesPatch,
    capacity: capacityPatch,
    period: periodSchema.optional(),
  })
  .meta({ id: 'NeedPatch' });

export const offerPatchSchema = z
  .strictObject({
    ...patchVersion,
    title: offerCommon.title.optional(),
    description: text(4000).optional(),
    fields: offerCommon.fields.optional(),
    serviceArea: serviceAreaSchema.optional(),
    introductionsPerRound: count(50).optional(),
    slots: count(10_000).optional(),
    conditions: text(2000).optional(),
    types: typesPatch,
    capacity: capacityPatch,
    period: periodSchema.optional(),
    openCall: openCallSchema
      .nullable()
      .optional()
      .describe('Sets or replaces the open call; null makes the offer an ordinary one again'),
  })
  .meta({ id: 'OfferPatch' });
export type NeedPatch = z.infer<typeof needPatchSchema>;
export type OfferPatch = z.infer<typeof offerPatchSchema>;

const META_KEYS = [
  'id',
  'platformId',
  'organizationId',
  'status',
  'closedAt',
  'createdBy',
  'slotsUsed',
  'createdAt',
  'updatedAt',
  'version',
] as const;

function contentOf(posting: Record<string, unknown>): Record<string, unknown> {
  const content: Record<string, unknown> = { ...posting };
  for (const k of META_KEYS) delete content[k];
  return content;
}

function patched<T extends PostingMeta>(
  posting: T,
  patch: { version: number } & Record<string, unknown>,
  schema: z.ZodType,
  now: string,
): T {
  const { version: _version, ...changes } = patch;
  const merged = { ...contentOf(posting), ...changes };
  const parsed = schema.safeParse(merged);
  if (!parsed.success) throw new ValidationError(toFieldErrors(parsed.error));
  return { ...posting, ...(parsed.data as object), updatedAt: now } as T;
}

/** Applies a PATCH to a need and validates the result as a whole (capacity against the need's kind). */
export function applyNeedPatch(need: Need, patch: NeedPatch, now: string): Need {
  return patched(need, patch, needContentSchema, now);
}

export function applyOfferPatch(offer: Offer, patch: OfferPatch, now: string): Offer {
  const { openCall, ...rest } = patch;
  if (openCall !== null) return patched(offer, patch as typeof rest, offerContentSchema, now);
  const { openCall: _dropped, ...plain } = offer;
  return patched(plain as Offer, rest, offerContentSchema, now);
}

export function closePosting<T extends PostingMeta>(posting: T, now: string): T {
  return { ...posting, status: 'closed', closedAt: now, updatedAt: now };
}

export const postingListQuerySchema = z
  .strictObject({
    status: z.enum(POSTING_STATUSES).default('open'),
    kind: z.enum(KIND_IDS).optional(),
    field: z
      .enum(FIELD_SLUGS)
      .optional()
      .describe(
        'In this field, a broader one above it or a narrower one under it (and offers for any field)',
      ),
    resourceType: resourceTypeFilterSchema,
    prefecture: z.string().refine(isPrefectureCode, '都道府県コードが正しくありません').optional(),
    municipality: z.string().refine(isMunicipalityCode, '市区町村コードが正しくありません').optional(),
    cursor: z.string().max(2000).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .superRefine(refineResourceType);
export type PostingListQuery = z.infer<typeof postingListQuerySchema>;

/**
 * Where a posting is, in words: a need's place (埼玉県川口市), an offer's service area (全国, or its
 * blocks, prefectures and municipalities and オンライン), at most `max` parts then "ほか".
 */
export function placeLabel(p: Need | Offer, lang: 'ja' | 'en', max = Number.POSITIVE_INFINITY): string {
  if ('location' in p) return regionLabel(p.location.municipality ?? p.location.prefecture, lang);
  const a = p.serviceArea;
  if (a.nationwide) return lang === 'ja' ? '全国' : 'Nationwide';
  const parts = [...a.blocks, ...a.prefectures, ...a.municipalities].map((code) => regionLabel(code, lang));
  if (a.online) parts.push(lang === 'ja' ? 'オンライン' : 'Online');
  const more = parts.length > max ? (lang === 'ja' ? ' ほか' : ' and more') : '';
  return parts.slice(0, max).join('・') + more;
}
