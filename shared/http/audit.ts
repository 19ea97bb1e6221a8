import type { Context } from 'hono';
import {
  type AuditEntry,
  type AuditRecord,
  type AuditValues,
  auditChanges,
  type Membership,
  type MembershipAction,
  newAuditEntry,
} from '#domain';
import type { AppEnv } from './env';
import { actorOf } from './session';

// The one way a handler records what it did in the platform's audit log (docs/architecture.md,
// "The audit log"): build the entry with `auditEntry`, then either pass it to the repository
// method that does the action's write (same transaction) or, for an action that is not one write
// (a run, an export), `ctx.store.audit.record(entry)` once it has happened.

/** The audit entry of an action the signed-in person does now on the platform. */
export function auditEntry(c: Context<AppEnv>, platformId: string, record: AuditRecord): AuditEntry {
  const { ctx } = c.var;
  return newAuditEntry(actorOf(c), platformId, record, ctx.now().toISOString(), ctx.newId());
}

/** Records an action that is not a store write of its own, when it has happened. */
export async function recordAudit(
  c: Context<AppEnv>,
  platformId: string,
  record: AuditRecord,
): Promise<AuditEntry> {
  const entry = auditEntry(c, platformId, record);
  await c.var.ctx.store.audit.record(entry);
  return entry;
}

/**
 * The entry of a change to a membership by the platform's secretariat (approve, suspend, tier,
 * withdraw on a member's behalf …): the organisation as it is named now, status and tier as they
 * were and will be, and `detail` if the action has more to say (e.g. `{ reason }` of a decline). Undefined when the person is not the secretariat (an owner withdrawing).
 */
export async function membershipAudit(
  c: Context<AppEnv>,
  action: Exclude<MembershipAction, 'apply'> | 'tier',
  before: Membership,
  after: Membership,
  detail?: AuditValues,
): Promise<AuditEntry | undefined> {
  if (!actorOf(c).secretariatOf.has(before.platformId)) return undefined;
  const org = await c.var.ctx.store.organizations.get(before.organizationId);
  return auditEntry(c, before.platformId, {
    action: `membership.${action}`,
    target: { kind: 'organization', id: before.organizationId, ...(org ? { label: org.name } : {}) },
    ...auditChanges(before, after, ['status', 'tier']),
    ...(detail ? { detail } : {}),
  });
}
