import { AUDIT_RETENTION_YEARS, type AuditEntry } from '#domain';
import { keys } from './keys';
import { type Page, type TableClient, type TransactOp, withKeys } from './table-client';

// The audit log (操作記録) of a platform: one item per action, under the platform, newest first
// by its sort key (`<at>#<id>`). An action that is a store write passes its entry to the
// repository method that writes it, which adds `auditOps(entry)` to its own write: one
// transaction, so the action is never done without its record nor recorded without being done.
// An action that is not one write (a run, an export) calls `audit.record` when it happens.

const YEAR_S = 365.25 * 24 * 3600;

function auditItem(entry: AuditEntry) {
  const expiresAt = Math.floor(Date.parse(entry.at) / 1000 + AUDIT_RETENTION_YEARS * YEAR_S);
  return withKeys('audit', keys.audit(entry.platformId, entry.at, entry.id), {}, { ...entry, expiresAt });
}

/** The writes that record `entry` in a transaction (none without one): for repositories' `also`. */
export function auditOps(entry: AuditEntry | undefined): TransactOp[] {
  return entry ? [{ Put: { Item: auditItem(entry), ConditionExpression: 'attribute_not_exists(pk)' } }] : [];
}

export function auditRepository(table: TableClient) {
  const partition = (platformId: string) => keys.auditOfPlatform(platformId).pk;
  return {
    /** Records an action that is not a store write of its own (a run, an export), when it happens. */
    async record(entry: AuditEntry): Promise<void> {
      await table.create(auditItem(entry));
    },

    /** A page of the platform's entries, newest first. */
    list(
      platformId: string,
      page: { limit: number; cursor?: string | undefined },
    ): Promise<Page<AuditEntry>> {
      return table.page<AuditEntry>({ pk: partition(platformId), ...page, newestFirst: true });
    },

    /** Every entry of the platform, newest first (the CSV export). */
    all: (platformId: string): Promise<AuditEntry[]> =>
      table.queryEvery<AuditEntry>({ pk: partition(platformId), newestFirst: true }),
  };
}
