import { type AuditEntry, ConflictError, NotFoundError, type Platform, StaleVersionError } from '#domain';
import { auditOps } from './audit';
import { keys } from './keys';
import { type Page, type TableClient, withKeys } from './table-client';

export function platformRepository(table: TableClient) {
  const item = (p: Platform) => withKeys('platform', keys.platform(p.id), keys.platformIndex(p.id), p);
  return {
    get: (id: string) => table.get<Platform>(keys.platform(id)),

    /** The platforms of these ids that exist, in no order. */
    getMany: (ids: readonly string[]) =>
      table.getMany<Platform>([...new Set(ids)].map((id) => keys.platform(id))),

    async require(id: string): Promise<Platform> {
      const platform = await table.get<Platform>(keys.platform(id));
      if (!platform) throw new NotFoundError('platform');
      return platform;
    },

    async create(platform: Platform): Promise<void> {
      if (!(await table.create(item(platform)))) {
        throw new ConflictError(
          `プラットフォーム「${platform.id}」は既に存在します。 Platform ${platform.id} exists.`,
        );
      }
    },

    /** With `audit`, the action's entry is written in the same transaction. */
    async update(platform: Platform, expectedVersion: number, audit?: AuditEntry): Promise<Platform> {
      const next = { ...platform, version: expectedVersion + 1 };
      if (!(await table.replaceVersioned(item(next), expectedVersion, auditOps(audit))))
        throw new StaleVersionError();
      return next;
    },

    list(page: { limit: number; cursor?: string | undefined }): Promise<Page<Platform>> {
      return table.page<Platform>({ ...keys.platformList(), ...page, newestFirst: false });
    },
  };
}
