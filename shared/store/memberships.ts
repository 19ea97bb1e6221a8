import {
  type AuditEntry,
  ConflictError,
  type Membership,
  type OutboxMessage,
  type Platform,
  StaleVersionError,
} from '#domain';
import { auditOps } from './audit';
import { keys } from './keys';
import { outboxPut } from './outbox-item';
import { type Page, type TableClient, withKeys } from './table-client';

/** A membership as stored, with the platform's index keys (also for transactions elsewhere). */
export const membershipItem = (m: Membership) =>
  withKeys(
    'membership',
    keys.membership(m.platformId, m.organizationId),
    keys.membershipIndex(m.platformId, m.organizationId, m.status),
    m,
  );

// A membership's change and the mails it causes are one transaction (docs/mail.md): both or neither.

export function membershipRepository(table: TableClient) {
  const item = membershipItem;
  return {
    get: (platformId: string, organizationId: string) =>
      table.get<Membership>(keys.membership(platformId, organizationId)),

    /**
     * The platform and these organisations' memberships of it, in one BatchGetItem (strongly
     * consistent, as get is): what a read of the platform's content checks, in one round trip.
     */
    async platformAndMemberships(
      platformId: string,
      organizationIds: readonly string[],
    ): Promise<{ platform: Platform | undefined; memberships: Membership[] }> {
      const items = await table.getMany<Platform | Membership>([
        keys.platform(platformId),
        ...[...new Set(organizationIds)].map((id) => keys.membership(platformId, id)),
      ]);
      const memberships = items.filter((i): i is Membership => 'organizationId' in i);
      const platform = items.find((i): i is Platform => !('organizationId' in i));
      return { platform, memberships };
    },

    async create(membership: Membership, mails: readonly OutboxMessage[] = []): Promise<void> {
      const created =
        mails.length === 0
          ? await table.create(item(membership))
          : (
              await table.transact([
                { Put: { Item: item(membership), ConditionExpression: 'attribute_not_exists(pk)' } },
                ...mails.map((m) => outboxPut(m, table.secret)),
              ])
            ).length === 0;
      if (!created) {
        throw new ConflictError(
          'この団体は既に参加申請しています。 This organisation has already applied.',
          'membership-exists',
        );
      }
    },

    /**
     * Stores the next version; `mails` (which name that version in their keys) and the action's
     * `audit` entry are written in the same transaction.
     */
    async update(
      membership: Membership,
      expectedVersion: number,
      mails: readonly OutboxMessage[] = [],
      audit?: AuditEntry,
    ): Promise<Membership> {
      const next = { ...membership, version: expectedVersion + 1 };
      const also = [...auditOps(audit), ...mails.map((m) => outboxPut(m, table.secret))];
      if (!(await table.replaceVersioned(item(next), expectedVersion, also))) throw new StaleVersionError();
      return next;
    },

    ofOrganization(organizationId: string): Promise<Membership[]> {
      const { pk, skPrefix } = keys.membershipsOfOrganization(organizationId);
      return table.queryAll<Membership>(pk, skPrefix);
    },

    /** Every membership with this status on the platform (the roster). */
    withStatus(platformId: string, status: string): Promise<Membership[]> {
      return table.queryEvery<Membership>(keys.membersOfPlatform(platformId, status));
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
