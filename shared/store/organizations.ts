import { NotFoundError, type Organization, type OutboxMessage, StaleVersionError } from '#domain';
import { keys } from './keys';
import { outboxPut } from './outbox-item';
import { type TableClient, withKeys } from './table-client';

/** A mailed link that confirms one address as one organisation's contact. */
export interface ContactToken {
  organizationId: string;
  email: string;
  createdAt: string;
  /** epoch seconds; also the item's TTL (expiresAt, which the store keeps to itself) */
  validUntil: number;
}

function tokenOf(item: Record<string, unknown> | undefined): ContactToken | undefined {
  if (
    typeof item?.organizationId !== 'string' ||
    typeof item.email !== 'string' ||
    typeof item.createdAt !== 'string' ||
    typeof item.validUntil !== 'number'
  )
    return undefined;
  const { organizationId, email, createdAt, validUntil } = item;
  return { organizationId, email, createdAt, validUntil };
}

export function organizationRepository(table: TableClient) {
  const item = (o: Organization) => withKeys('organization', keys.organization(o.id), {}, o);
  return {
    get: (id: string) => table.get<Organization>(keys.organization(id)),

    getMany: (ids: readonly string[]) =>
      table.getMany<Organization>([...new Set(ids)].map((id) => keys.organization(id))),

    async require(id: string): Promise<Organization> {
      const org = await table.get<Organization>(keys.organization(id));
      if (!org) throw new NotFoundError('organization');
      return org;
    },

    /** Creates the organisation and makes its creator the owner, in one transaction. */
    async create(org: Organization, owner: { personId: string; email: string }): Promise<void> {
      const affiliation = {
        personId: owner.personId,
        organizationId: org.id,
        email: owner.email,
        role: 'owner',
        createdAt: org.createdAt,
      };
      await table.transact([
        { Put: { Item: item(org), ConditionExpression: 'attribute_not_exists(pk)' } },
        {
          Put: {
            Item: withKeys(
              'affiliation',
              keys.affiliation(owner.personId, org.id),
              keys.affiliationIndex(owner.personId, org.id),
              affiliation,
            ),
          },
        },
      ]);
    },

    async update(org: Organization, expectedVersion: number): Promise<Organization> {
      const next = { ...org, version: expectedVersion + 1 };
      if (!(await table.replaceVersioned(item(next), expectedVersion))) throw new StaleVersionError();
      return next;
    },

    // Contact verification. Tokens are stored under the SHA-256 of their secret, like sign-in
    // links: a copy of the table cannot confirm an address.

    /** Stores a confirmation link's token and queues its mail, in one transaction: both or neither. */
    async putContactToken(hash: string, token: ContactToken, mail: OutboxMessage): Promise<void> {
      const failed = await table.transact([
        {
          Put: {
            Item: {
              ...withKeys('contact-token', keys.contactToken(hash), {}, token),
              expiresAt: token.validUntil,
            },
          },
        },
        outboxPut(mail, table.secret),
      ]);
      if (failed.length > 0) throw new Error('a confirmation link with this token was queued already');
    },

    /** The token, if it exists and is still valid; reading does not use it up. */
    async peekContactToken(hash: string, nowEpoch: number): Promise<ContactToken | undefined> {
      const found = tokenOf(await table.get<Record<string, unknown>>(keys.contactToken(hash)));
      return found && found.validUntil > nowEpoch ? found : undefined;
    },

    /** Single use: deletes the token if it is still valid and returns what it was for. */
    async consumeContactToken(hash: string, nowEpoch: number): Promise<ContactToken | undefined> {
      const old = await table.take(keys.contactToken(hash), {
        expression: 'attribute_exists(pk) AND validUntil > :now',
        values: { ':now': nowEpoch },
      });
      return tokenOf(old);
    },

    /**
     * Marks the contact address confirmed, only if it is still `email` (an address changed since
     * the link was mailed stays unconfirmed). A change like any other: the version moves on.
     */
    confirmContact(organizationId: string, email: string, verifiedAt: string): Promise<boolean> {
      return table.updateIf({
        Key: keys.organization(organizationId),
        UpdateExpression: 'SET #verification = :verification, #updatedAt = :now, #version = #version + :one',
        ConditionExpression: 'attribute_exists(pk) AND #contact.#email = :email',
        ExpressionAttributeNames: {
          '#verification': 'contactVerification',
          '#updatedAt': 'updatedAt',
          '#version': 'version',
          '#contact': 'contact',
          '#email': 'email',
        },
        ExpressionAttributeValues: {
          ':verification': { email, verifiedAt },
          ':now': verifiedAt,
          ':one': 1,
          ':email': email,
        },
      });
    },
  };
}
