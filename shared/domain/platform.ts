import * as z from 'zod';
import { line, platformIdSchema, text, timestamps, versionSchema } from './common';
import { ValidationError } from './errors';
import { isMunicipalityCode, isPrefectureCode, municipality } from './regions';
import { platformContactSchema } from './secretariat-contact';

export const PLATFORM_LEVELS = ['national', 'prefecture', 'municipality'] as const;

export const tierSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, '区分IDは英小文字・数字・_ です'),
  ja: line(40),
  en: line(60),
  description: text(400).optional().describe('Who the tier is for and what it means (shown when applying)'),
  descriptionEn: text(600).optional(),
});
export type Tier = z.infer<typeof tierSchema>;

export const DEFAULT_TIERS: Tier[] = [
  { id: 'member', ja: '会員', en: 'Member' },
  { id: 'cooperating', ja: '協力会員', en: 'Cooperating member' },
  { id: 'supporting', ja: '賛助会員', en: 'Supporting member' },
];

const scopeSchema = z
  .strictObject({
    prefectures: z
      .array(z.string().refine(isPrefectureCode, '都道府県コードが正しくありません'))
      .max(47)
      .default([]),
    municipalities: z
      .array(z.string().refine(isMunicipalityCode, '市区町村コードが正しくありません'))
      .max(2000)
      .default([]),
  })
  .meta({ description: 'Region codes the platform covers. Both empty = nationwide.' });

export const platformInputSchema = z
  .strictObject({
    id: platformIdSchema,
    name: line(100),
    nameEn: line(150).optional(),
    level: z.enum(PLATFORM_LEVELS),
    scope: scopeSchema.default({ prefectures: [], municipalities: [] }),
    tiers: z
      .array(tierSchema)
      .min(1)
      .max(10)
      .refine((ts) => new Set(ts.map((t) => t.id)).size === ts.length, '区分IDが重複しています')
      .default(DEFAULT_TIERS),
    digest: z
      .strictObject({
        weekday: z.number().int().min(0).max(6).describe('0 = Sunday, Asia/Tokyo'),
        hour: z.number().int().min(0).max(23),
      })
      .default({ weekday: 1, hour: 8 }),
  })
  .refine((p) => p.level === 'national' || p.scope.prefectures.length + p.scope.municipalities.length > 0, {
    message: '都道府県・市区町村のプラットフォームには対象地域が必要です',
    path: ['scope'],
  });
export type PlatformInput = z.input<typeof platformInputSchema>;

export const platformSchema = z
  .object({
    id: platformIdSchema,
    name: z.string(),
    nameEn: z.string().optional(),
    level: z.enum(PLATFORM_LEVELS),
    scope: z.object({ prefectures: z.array(z.string()), municipalities: z.array(z.string()) }),
    tiers: z.array(tierSchema),
    digest: z.object({ weekday: z.number(), hour: z.number() }),
    contact: platformContactSchema
      .optional()
      .describe(
        "The secretariat's name and contact: From, Reply-To and the contact block of the platform's mail",
      ),
    ...timestamps,
    version: versionSchema,
  })
  .meta({ id: 'Platform' });
export type Platform = z.infer<typeof platformSchema>;

/**
 * Whether a location (prefecture, optional municipality) lies inside a platform's scope. A ward
 * of a designated city (さいたま市大宮区) lies inside a platform scoped to the city (さいたま市).
 */
export function platformCovers(
  platform: Pick<Platform, 'scope'>,
  location: { prefecture: string; municipality?: string | undefined },
): boolean {
  const { prefectures, municipalities } = platform.scope;
  if (prefectures.length === 0 && municipalities.length === 0) return true;
  if (prefectures.includes(location.prefecture)) return true;
  if (location.municipality === undefined) return false;
  const city = municipality(location.municipality)?.parent;
  return (
    municipalities.includes(location.municipality) || (city !== undefined && municipalities.includes(city))
  );
}

/** A tier of the platform, or a 400 at `tier` naming the platform's tiers. */
export function requireTier(platform: Pick<Platform, 'tiers'>, tier: string): void {
  if (!platform.tiers.some((t) => t.id === tier)) {
    const known = platform.tiers.map((t) => `${t.id}（${t.ja}）`).join('、');
    throw new ValidationError([{ path: 'tier', message: `会員区分は次から選んでください: ${known}` }]);
  }
}
