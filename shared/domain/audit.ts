import * as z from 'zod';
import { ulidSchema } from './common';
import type { Actor } from './person';

// The audit log of a platform (操作記録): what its secretariat did, who did it (as they were
// named at the time), when, and to what. Entries are written with the action they record
// (shared/store/audit.ts) and never changed.

/** Every kind of recorded action. A new secretariat action adds its name here and its label below. */
export const AUDIT_ACTIONS = [
  'membership.approve',
  'membership.decline',
  'membership.suspend',
  'membership.withdraw',
  'membership.tier',
  'news.post',
  'run.match',
  'run.digest',
  'secretariat.add',
  'platform.update',
  'export.introductions',
  'export.audit',
  'members.import',
  'export.roster',
  'members.register',
  'members.delete',
  'match.introduce',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_ACTION_LABELS: Record<AuditAction, { ja: string; en: string }> = {
  'membership.approve': { ja: '参加の承認', en: 'Membership approved' },
  'membership.decline': { ja: '参加申請の見送り', en: 'Application declined' },
  'membership.suspend': { ja: '参加の一時停止', en: 'Membership suspended' },
  'membership.withdraw': { ja: '退会の手続き', en: 'Membership withdrawn' },
  'membership.tier': { ja: '会員区分の変更', en: 'Tier changed' },
  'news.post': { ja: 'お知らせの掲載', en: 'News posted' },
  'run.match': { ja: 'マッチングの実行', en: 'Matching run' },
  'run.digest': { ja: 'ダイジェストの実行', en: 'Digest run' },
  'secretariat.add': { ja: '事務局メンバーの追加', en: 'Secretariat member added' },
  'platform.update': { ja: 'プラットフォーム設定の変更', en: 'Platform settings changed' },
  'export.introductions': { ja: '紹介一覧のCSV書き出し', en: 'Introductions exported (CSV)' },
  'export.audit': { ja: '操作記録のCSV書き出し', en: 'Audit log exported (CSV)' },
  'members.import': { ja: '会員名簿の取り込み', en: 'Member list imported' },
  'export.roster': { ja: '会員名簿のCSV書き出し', en: 'Roster exported (CSV)' },
  'members.register': { ja: '会員の手入力での登録', en: 'Member registered by hand' },
  'members.delete': { ja: 'サインインしない会員の削除', en: 'Member without people deleted' },
  'match.introduce': { ja: '事務局からのご紹介', en: 'Introduction by the secretariat' },
};

export const AUDIT_TARGET_KINDS = [
  'organization',
  'news',
  'run',
  'platform',
  'person',
  'export',
  'match',
] as const;

/** A value before or after a change, or a fact about the action: kept flat, so a CSV cell shows it. */
const auditValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const auditValues = z.record(z.string(), auditValue);
export type AuditValues = z.infer<typeof auditValues>;

export const auditEntrySchema = z
  .object({
    id: ulidSchema,
    platformId: z.string(),
    at: z.string().describe('When the action was done (ISO 8601, UTC)'),
    actor: z
      .object({
        personId: z.string(),
        name: z.string().optional().describe('The name the person had at the time, if they had given one'),
        email: z.string().describe('Their address at the time'),
      })
      .describe('Who did it'),
    action: z.enum(AUDIT_ACTIONS),
    target: z
      .object({
        kind: z.enum(AUDIT_TARGET_KINDS),
        id: z.string(),
        label: z.string().optional().describe('Its name at the time (organisation, news title, address …)'),
      })
      .optional(),
    before: auditValues.optional().describe('What changed, as it was (e.g. `{ "tier": "member" }`)'),
    after: auditValues.optional().describe('What changed, as it is now'),
    detail: auditValues.optional().describe('Facts about the action (counts of a run, rows of an export)'),
  })
  .meta({ id: 'AuditEntry' });
export type AuditEntry = z.infer<typeof auditEntrySchema>;

/** What an action says about itself; who and when come from the request. */
export type AuditRecord = Pick<AuditEntry, 'action' | 'target' | 'before' | 'after' | 'detail'>;

/** An entry for an action of `actor` on the platform, at `now`, with a fresh `id` (a ULID). */
export function newAuditEntry(
  actor: Actor,
  platformId: string,
  record: AuditRecord,
  now: string,
  id: string,
): AuditEntry {
  const { person } = actor;
  return {
    id,
    platformId,
    at: now,
    actor: { personId: person.id, ...(person.name ? { name: person.name } : {}), email: person.email },
    ...record,
  };
}

/** How long an entry is kept: five years, then DynamoDB's TTL removes it (docs/architecture.md). */
export const AUDIT_RETENTION_YEARS = 5;

/** The keys whose values differ between two objects, each as it was and as it is (JSON for non-scalars). */
export function auditChanges(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  keys: readonly string[],
): { before: AuditValues; after: AuditValues } {
  const flat = (v: unknown): z.infer<typeof auditValue> =>
    v === undefined || v === null
      ? null
      : typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
        ? v
        : JSON.stringify(v);
  const out = { before: {} as AuditValues, after: {} as AuditValues };
  for (const key of keys) {
    const [was, is] = [flat(before[key]), flat(after[key])];
    if (was === is) continue;
    out.before[key] = was;
    out.after[key] = is;
  }
  return out;
}
