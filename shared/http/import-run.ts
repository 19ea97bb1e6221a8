import type { AppContext } from '#context';
import {
  type Actor,
  type Membership,
  newAuditEntry,
  type Organization,
  type Platform,
  requireSecretariat,
} from '#domain';
import { type ImportedRecord, type ImportRow, type RowPlan, rememberMapping } from '#import';
import { MEMBERS_PER_WRITE, type NewMember } from '#store';
import { type ImportChoice, type ImportResult, missingError, planOf, rememberedMapping } from './imports';
import { newInvitation } from './invitations';

// Running a member import: new rows in transactions of 16 with their invitations and mails,
// changed rows one by one with only what changed (shared/http/imports.ts reads and plans).

/**
 * Transactions of new members in flight at once (each up to 16 rows): one being written while
 * the next is built. More does not help: a table takes large transactions on the same partitions
 * one after another (DynamoDB Local all of them), and a queue of them only waits longer.
 */
const GROUPS_IN_FLIGHT = 2;
/** Changed rows written at once (each its own small transaction). */
const CONCURRENCY = 8;

/** Imports the rows without errors; remembers the mapping for the platform's next list. */
export async function runImport(
  ctx: AppContext,
  actor: Actor,
  platform: Platform,
  importId: string,
  choice: ImportChoice,
  options: { concurrency?: number } = {},
): Promise<ImportResult> {
  requireSecretariat(actor, platform.id);
  const { head, mapping, plan, errors } = await planOf(ctx, platform, importId, choice);
  missingError(mapping);
  const now = ctx.now().toISOString();
  await ctx.store.imports.rememberMapping(
    platform.id,
    rememberMapping(head.headers, mapping, await rememberedMapping(ctx, platform.id)),
    now,
  );
  const result: ImportResult = {
    id: importId,
    new: 0,
    changed: 0,
    unchanged: 0,
    invalid: new Set(errors.map((e) => e.line)).size,
    invited: 0,
    skipped: 0,
  };
  const fresh = plan.filter((p): p is Extract<RowPlan, { kind: 'new' }> => p.kind === 'new');
  const groups: (typeof fresh)[] = [];
  for (let i = 0; i < fresh.length; i += MEMBERS_PER_WRITE)
    groups.push(fresh.slice(i, i + MEMBERS_PER_WRITE));
  await inParallel(groups, options.concurrency ?? GROUPS_IN_FLIGHT, async (group) => {
    // Addresses that bounced or complained get no invitation mail (the member is still imported).
    const suppressed = new Set(
      (await ctx.store.suppressions.getMany(group.map((p) => p.row.organization.contact.email)))
        .filter((x) => x.category === undefined)
        .map((x) => x.email),
    );
    const members = group.map((p) =>
      newMember(ctx, actor, platform, p.row, now, {
        mailed: !suppressed.has(p.row.organization.contact.email),
      }),
    );
    const written = await ctx.store.imports.createMembers(members, now);
    members.forEach((m, i) => {
      if (!written[i]) result.skipped++;
      else {
        result.new++;
        if (m.mail) result.invited++;
      }
    });
  });
  await inParallel(plan, options.concurrency ?? CONCURRENCY, async (row) => {
    if (row.kind === 'new') return;
    if (row.kind === 'unchanged') result.unchanged++;
    else if (await updateRow(ctx, platform, row, now)) result.changed++;
    else result.skipped++;
  });
  if (result.invited > 0) ctx.wakeSender();
  ctx.log.info('member import', { platformId: platform.id, importId, ...result });
  // Recorded when it has happened (many transactions, not one): the audit log's rule for runs.
  const { id: _id, ...counts } = result;
  await ctx.store.audit.record(
    newAuditEntry(
      actor,
      platform.id,
      {
        action: 'members.import',
        target: { kind: 'run', id: importId, label: head.fileName ?? head.headers.slice(0, 3).join(', ') },
        detail: counts,
      },
      ctx.now().toISOString(),
      ctx.newId(),
    ),
  );
  return result;
}

/** Runs `work` over `items` with at most `limit` in flight. */
async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

/** A changed row: only what changed since the last import; false when it cannot be written now. */
async function updateRow(
  ctx: AppContext,
  platform: Platform,
  row: Extract<RowPlan, { kind: 'changed' }>,
  now: string,
): Promise<boolean> {
  const record: ImportedRecord = { ...row.record, organization: row.row.organization, tier: row.row.tier };
  const [org, membership] = await Promise.all([
    ctx.store.organizations.get(record.organizationId),
    ctx.store.memberships.get(platform.id, record.organizationId),
  ]);
  if (!org) return false; // deleted by its owner since: not brought back
  return ctx.store.imports.updateMember({
    platformId: platform.id,
    before: row.record,
    record,
    ...(Object.keys(row.changes).length > 0
      ? { organization: { next: { ...org, ...row.changes, updatedAt: now }, expectedVersion: org.version } }
      : {}),
    ...(row.tier !== undefined && membership
      ? {
          membership: {
            next: { ...membership, tier: row.tier, updatedAt: now },
            expectedVersion: membership.version,
          },
        }
      : {}),
    now,
  });
}

/**
 * A new member's organisation, approved membership and import record; with `invitation`, its
 * contact person's invitation (as owner) and, when `mailed`, its mail. Without (registered by
 * hand for a group that will not sign in), nobody is invited: the organisation has no people.
 */
export function newMember(
  ctx: AppContext,
  actor: Actor,
  platform: Platform,
  row: Pick<ImportRow, 'key' | 'tier' | 'organization'>,
  now: string,
  invitation: { mailed: boolean } | undefined,
): NewMember {
  const input = row.organization;
  const organization: Organization = {
    id: ctx.newId(),
    ...input,
    directoryListed: input.directoryListed ?? false,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  const membership: Membership = {
    platformId: platform.id,
    organizationId: organization.id,
    tier: row.tier,
    status: 'approved',
    decidedAt: now,
    decidedBy: actor.person.id,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  const record: ImportedRecord = {
    key: row.key,
    organizationId: organization.id,
    organization: input,
    tier: row.tier,
  };
  if (!invitation) return { record, organization, membership };
  // The contact person is invited as its owner, in the secretariat's words (no inviter's name).
  const { invitation: invited, mail } = newInvitation(
    ctx,
    actor,
    {
      organizationId: organization.id,
      organizationName: organization.name,
      email: organization.contact.email,
      role: 'owner',
    },
    { mailed: invitation.mailed, registeredBy: { platformName: platform.name } },
  );
  return { record, organization, membership, invitation: invited, mail };
}
