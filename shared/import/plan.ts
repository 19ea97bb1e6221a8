import type { ImportedOrganization, ImportRow } from './rows';

// What importing a list would do, row by row, given what earlier imports of this platform left:
// a row never seen is a new member; a row whose values are what the last import wrote changes
// nothing; otherwise only the values that differ from the last import are written, so whatever
// the member or the secretariat edited since (in other fields) stays as it is.

/** What the last import of a row wrote: kept with the row's key. */
export interface ImportedRecord {
  key: string;
  organizationId: string;
  organization: ImportedOrganization;
  tier: string;
  /** The store's fingerprint of the record as it was read (opaque here). */
  digest?: string | undefined;
}

export type OrganizationChanges = Partial<ImportedOrganization>;

export type RowPlan =
  | { kind: 'new'; row: ImportRow }
  | { kind: 'unchanged'; row: ImportRow; record: ImportedRecord }
  | {
      kind: 'changed';
      row: ImportRow;
      record: ImportedRecord;
      /** Organisation fields whose value differs from the last import (the new values). */
      changes: OrganizationChanges;
      /** The new tier, when it differs from the last import. */
      tier?: string | undefined;
    };

/** Deep equality of JSON-like values, key order ignored. */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return (
    ka.length === kb.length &&
    ka.every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}

/** The fields of `next` that differ from `before`; a field the row no longer has is left alone. */
export function changedFields(before: ImportedOrganization, next: ImportedOrganization): OrganizationChanges {
  const changes: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(next)) {
    if (value !== undefined && !same(value, (before as Record<string, unknown>)[field])) {
      changes[field] = value;
    }
  }
  return changes as OrganizationChanges;
}

export function planRows(
  rows: readonly ImportRow[],
  previous: ReadonlyMap<string, ImportedRecord>,
): RowPlan[] {
  return rows.map((row): RowPlan => {
    const record = previous.get(row.key);
    if (record === undefined) return { kind: 'new', row };
    const changes = changedFields(record.organization, row.organization);
    const tier = row.tier === record.tier ? undefined : row.tier;
    if (Object.keys(changes).length === 0 && tier === undefined) return { kind: 'unchanged', row, record };
    return { kind: 'changed', row, record, changes, tier };
  });
}

export interface PlanCounts {
  new: number;
  changed: number;
  unchanged: number;
}

export function countPlan(plan: readonly RowPlan[]): PlanCounts {
  const counts: PlanCounts = { new: 0, changed: 0, unchanged: 0 };
  for (const p of plan) counts[p.kind] += 1;
  return counts;
}
