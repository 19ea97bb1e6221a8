import * as z from 'zod';
import {
  isoDate,
  line,
  platformIdSchema,
  text,
  timestamps,
  ulidSchema,
  uniqueList,
  urlSchema,
} from './common';
import { LANGUAGES } from './person';
import { isMunicipalityCode, isPrefectureCode, municipality } from './regions';
import { FIELD_SLUGS, relatedFields } from './taxonomy';

// What a member wants to receive (PRODUCT.md "Email"): the weekly digest per platform, and the
// fields and regions its "new needs / offers" sections are narrowed to. Empty = everything.

export const DIGEST_FREQUENCIES = ['weekly', 'off'] as const;
export type DigestFrequency = (typeof DIGEST_FREQUENCIES)[number];

export const preferencesSchema = z
  .strictObject({
    language: z
      .enum(LANGUAGES)
      .describe('Language of mails and pages: they are written in this one language alone'),
    digest: z
      .record(platformIdSchema, z.enum(DIGEST_FREQUENCIES))
      .refine((d) => Object.keys(d).length <= 50, '50件以内で指定してください')
      .describe('Per platform id; a platform not listed gets the weekly digest'),
    fields: uniqueList(z.enum(FIELD_SLUGS), { max: 30 }).describe('Empty = every field'),
    regions: z
      .strictObject({
        prefectures: uniqueList(z.string().refine(isPrefectureCode, '都道府県コードが正しくありません'), {
          max: 47,
        }),
        municipalities: uniqueList(
          z.string().refine(isMunicipalityCode, '市区町村コードが正しくありません'),
          { max: 50 },
        ),
      })
      .describe('Empty = every region of the platform'),
    introductionMails: z
      .enum(['on', 'off'])
      .optional()
      .describe(
        'Proposals, reminders and follow-ups sent to your own address as an organisation contact; the unsubscribe link in them turns this off. Contact exchanges always arrive.',
      ),
  })
  .meta({ id: 'Preferences' });
export type Preferences = z.infer<typeof preferencesSchema>;

/** Stored per person; `language` lives on the person, `introductionMails` in the suppression list. */
export type StoredPreferences = Omit<Preferences, 'language' | 'introductionMails'>;

export const DEFAULT_PREFERENCES: StoredPreferences = {
  digest: {},
  fields: [],
  regions: { prefectures: [], municipalities: [] },
};

export function wantsDigest(prefs: StoredPreferences | undefined, platformId: string): boolean {
  // Own keys only: a platform id must never find something on the prototype chain.
  const digest = prefs?.digest;
  return !digest || !Object.hasOwn(digest, platformId) || digest[platformId] === 'weekly';
}

/** Whether a posting with these fields and this place is within a person's interests. */
export function withinInterests(
  prefs: StoredPreferences | undefined,
  posting: {
    fields: readonly string[] | 'any';
    places: readonly { prefecture: string; municipality?: string | undefined }[];
  },
): boolean {
  const p = prefs ?? DEFAULT_PREFERENCES;
  // A chosen field takes in its broader and narrower fields too (relatedFields), as matching does.
  const wanted = new Set<string>(p.fields.flatMap((f) => relatedFields(f)));
  const fieldOk =
    p.fields.length === 0 || posting.fields === 'any' || posting.fields.some((f) => wanted.has(f));
  const { prefectures, municipalities } = p.regions;
  const regionOk =
    prefectures.length + municipalities.length === 0 ||
    posting.places.length === 0 ||
    posting.places.some(
      (place) =>
        prefectures.includes(place.prefecture) ||
        (place.municipality !== undefined &&
          (municipalities.includes(place.municipality) ||
            municipalities.includes(municipality(place.municipality)?.parent ?? ''))),
    );
  return fieldOk && regionOk;
}

// --- news and events the secretariat posts for the digest ------------------------------------

export const NEWS_KINDS = ['news', 'event'] as const;

export const newsInputSchema = z
  .strictObject({
    kind: z.enum(NEWS_KINDS).default('news'),
    title: line(120),
    body: text(2000).default(''),
    url: urlSchema.optional(),
    eventDate: isoDate.optional().describe('Events: the day (Asia/Tokyo)'),
  })
  .refine((n) => n.kind !== 'event' || n.eventDate !== undefined, {
    message: 'イベントには開催日を入力してください',
    path: ['eventDate'],
  })
  .meta({ id: 'NewsInput' });

export const newsSchema = z
  .object({
    id: ulidSchema,
    platformId: platformIdSchema,
    kind: z.enum(NEWS_KINDS),
    title: z.string(),
    body: z.string(),
    url: z.string().optional(),
    eventDate: z.string().optional(),
    createdBy: ulidSchema,
    ...timestamps,
  })
  .meta({ id: 'News' });
export type News = z.infer<typeof newsSchema>;
