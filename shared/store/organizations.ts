import { NotFoundError, type Organization, StaleVersionError } from '#domain';
import { keys } from './keys';
import { type TableClient, withKeys } from './table-client';

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
  };
}
