import { type ApplicationForm, emptyApplicationForm, StaleVersionError } from '#domain';
import { keys } from './keys';
import { type TableClient, withKeys } from './table-client';

export function applicationFormRepository(table: TableClient) {
  const item = (f: ApplicationForm) => withKeys('applicationForm', keys.applicationForm(f.platformId), {}, f);
  return {
    /** The platform's form; a platform that has defined none has an empty one (version 0). */
    async get(platformId: string, now: string): Promise<ApplicationForm> {
      return (
        (await table.get<ApplicationForm>(keys.applicationForm(platformId))) ??
        emptyApplicationForm(platformId, now)
      );
    },

    /** The forms of these platforms that have one, in no order. */
    getMany: (platformIds: readonly string[]) =>
      table.getMany<ApplicationForm>([...new Set(platformIds)].map((id) => keys.applicationForm(id))),

    /** Writes the form if it still has the version read (0: none yet); else a 409. */
    async save(form: ApplicationForm, expectedVersion: number): Promise<ApplicationForm> {
      const next = { ...form, version: expectedVersion + 1 };
      const written =
        expectedVersion === 0
          ? await table.create(item(next))
          : await table.replaceVersioned(item(next), expectedVersion);
      if (!written) throw new StaleVersionError();
      return next;
    },
  };
}
