import { type AuditEntry, ConflictError, type Membership, StaleVersionError } from '#domain';
import { auditOps } from './audit';
import { keys } from './keys';
import { type Page, type TableClient, withKeys } from './table-client';

/** A membership as stored, with the platform's index keys (also for transactions elsewhere). */
export const membershipItem = (m: Membership) =>
  withKeys(
    'membership',
    keys.membership(m.platformId, m.organizationId),
    keys.membershipIndex(m.platformId, m.organizationId, m.status),
    m,
  );

export function membershipRepository(table: TableClient) {
  const item = membershipItem;
  return {
    get: (platformId: string, organizationId: string) =>
      table.get<Membership>(keys.membership(platformId, organizationId)),

    async create(membership: Membership): Promise<void> {
      if (!(await table.create(item(membership)))) {
        throw new ConflictError(
          'この団体は既に参加申請しています。 This organisation has already applied.',
          'membership-exists',
        );
      }
    },

    /** With `audit`, the action's entry is written in the same transaction. */
    async update(membership: Membership, expectedVersion: number, audit?: AuditEntry): Promise<Membership> {
      const next = { ...membership, version: expectedVersion + 1 };
      if (!(await table.replaceVersioned(item(next), expectedVersion, auditOps(audit))))
        throw new StaleVersionError();
      return next;
    },

    ofOrganization(organizationId: string): Promise<Membership[]> {
      const { pk, skPrefix } = keys.membershipsOfOrganization(organizationId);
      return table.queryAll<Membership>(pk, skPrefix);
    },

    /** Ids of every organisation with this status on the platform (batch use). */
    async organizationsWithStatus(platformId: string, status: string): Promise<string[]> {
      const all = await table.queryEvery<Membership>(keys.membersOfPlatform(platformId, status));
      return all.map((m) => m.organizationId);
    },

    ofPlatform(
      platformId: string,
      page: { status?: string | undefined; limit: number; cursor?: string | undefined },
    ): Promise<Page<Membership>> {
      return table.page<Membership>({
        ...keys.membersOfPlatform(platformId, page.status),
        limit: page.limit,
        cursor: page.cursor,
        newestFirst: false,
      });
    },
  };
}
