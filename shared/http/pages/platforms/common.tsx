import type { Context } from 'hono';
import {
  type Actor,
  hasOrgRole,
  MEMBERSHIP_STATUS_LABELS,
  type Membership,
  NotFoundError,
  type Organization,
  type Platform,
  platformIdSchema,
  regionLabel,
} from '#domain';
import type { AppEnv } from '../../env';
import { Bi } from '../layout';

// What the platform pages share: levels and scope in words, the platform of the path, the
// organisations a person may apply for (五十音順), a membership's status badge.

export type C = Context<AppEnv>;
export const LEVELS: Record<Platform['level'], { ja: string; en: string }> = {
  national: { ja: '全国', en: 'National' },
  prefecture: { ja: '都道府県', en: 'Prefectural' },
  municipality: { ja: '市区町村', en: 'Municipal' },
};

/** The regions a platform covers, in words: 埼玉県・川口市, or 全国. */
export function scopeLabel(platform: Platform, lang: 'ja' | 'en'): string {
  const codes = [...platform.scope.prefectures, ...platform.scope.municipalities];
  if (codes.length === 0) return lang === 'ja' ? '全国' : 'Nationwide';
  return codes.map((code) => regionLabel(code, lang)).join(lang === 'ja' ? '・' : '; ');
}

/** The platform named in the path, or "not found". */
export async function platformOf(c: C): Promise<Platform> {
  const id = c.req.param('platformId') ?? '';
  const platform = platformIdSchema.safeParse(id).success
    ? await c.var.ctx.store.platforms.get(id)
    : undefined;
  if (!platform) throw new NotFoundError('platform');
  return platform;
}

/** The person's organisations they may apply for (editor or owner), by name. */
export async function applyingOrganizations(c: C, actor: Actor): Promise<Organization[]> {
  const ids = [...actor.orgRoles.keys()].filter((id) => hasOrgRole(actor, id, 'editor'));
  const orgs = await c.var.ctx.store.organizations.getMany(ids);
  return orgs.sort((a, b) => byName(a, b));
}

const collator = new Intl.Collator('ja');
/** 五十音順: by the reading where one is given, else by the name. */
export const byName = (a: Organization, b: Organization) =>
  collator.compare(a.nameKana ?? a.name, b.nameKana ?? b.name) || collator.compare(a.name, b.name);

export function StatusBadge({ status }: { status: Membership['status'] }) {
  return (
    <span class={`badge ${status}`}>
      <Bi {...MEMBERSHIP_STATUS_LABELS[status]} />
    </span>
  );
}

/** Applying again is possible after withdrawing; otherwise an existing membership is shown instead. */
export const canApply = (m: Membership | undefined) => m === undefined || m.status === 'withdrawn';
