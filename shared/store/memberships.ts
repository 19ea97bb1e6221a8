import { ConflictError, type Membership, type OutboxMessage, StaleVersionError } from '#domain';
import { keys } from './keys';
import { outboxPut } from './outbox-item';
import { type Page, type TableClient, withKeys } from './table-client';

// A membership's change and the mails it causes are one transaction (docs/mail.md): both or neither.

export function membershipRepository(table: TableClient) {
  const item = (m: Membership) =>
    withKeys(
      'membership',
      keys.membership(m.platformId, m.organizationId),
      keys.membershipIndex(m.platformId, m.organizationId, m.status),
      m,
    );
  return {
    get: (platformId: string, organizationId: string) =>
      table.get<Membership>(keys.membership(platformId, organizationId)),

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

    /** Stores the next version; `mails` are written with it (they name that version in their keys). */
    async update(
      membership: Membership,
      expectedVersion: number,
      mails: readonly OutboxMessage[] = [],
    ): Promise<Membership> {
      const next = { ...membership, version: expectedVersion + 1 };
      const written =
        mails.length === 0
          ? await table.replaceVersioned(item(next), expectedVersion)
          : (
              await table.transact([
                {
                  Put: {
                    Item: item(next),
                    ConditionExpression: 'attribute_exists(pk) AND #version = :expected',
                    ExpressionAttributeNames: { '#version': 'version' },
                    ExpressionAttributeValues: { ':expected': expectedVersion },
                  },
                },
                ...mails.map((m) => outboxPut(m, table.secret)),
              ])
            ).length === 0;
      if (!written) throw new StaleVersionError();
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
