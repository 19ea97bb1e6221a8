// The public face of the store: the only module that knows DynamoDB keys.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { applicationFormRepository } from './application-forms';
import { auditRepository } from './audit';
import { authRepository } from './auth';
import { digestRunRepository, newsRepository } from './digests';
import { importRepository } from './imports';
import { invitationRepository } from './invitations';
import { keys } from './keys';
import { matchRepository } from './matches';
import { membershipRepository } from './memberships';
import { organizationRepository } from './organizations';
import { outboxRepository } from './outbox';
import { personRepository } from './people';
import { platformRepository } from './platforms';
import { postingSearch } from './posting-search';
import { needRepository, offerRepository } from './postings';
import { privacyRepository } from './privacy';
import { reputationRepository } from './reputation';
import { suppressionRepository } from './suppressions';
import { TableClient } from './table-client';

export type { StoredSession } from './auth';
export type { DigestRun } from './digests';
export {
  type ImportedRowRecord,
  MEMBERS_PER_WRITE,
  type NewMember,
  type UploadedTable,
  type UploadHead,
} from './imports';
export type { AcceptOutcome, StoredInvitation } from './invitations';
export type { ContactToken } from './organizations';
export { SENT_RETENTION_DAYS } from './outbox';
export type { OrgMember, SecretariatMember } from './people';
export type { RemainingOwner } from './privacy';
export { createTableInput, ensureTable, TABLE } from './table';
export { createDynamoClient, type Page } from './table-client';

export function createStore(client: DynamoDBClient, tableName: string, secret: string) {
  const table = new TableClient(client, tableName, secret);
  // One per store, so one per API instance: the search index of each platform lives here.
  const search = postingSearch(table);
  return {
    platforms: platformRepository(table),
    applicationForms: applicationFormRepository(table),
    organizations: organizationRepository(table),
    memberships: membershipRepository(table),
    people: personRepository(table),
    needs: needRepository(table, search.written),
    offers: offerRepository(table, search.written),
    /** Keyword search of a platform's open needs and offers (an in-memory index per instance). */
    search: { postings: search.search },
    matches: matchRepository(table),
    auth: authRepository(table),
    audit: auditRepository(table),
    invitations: invitationRepository(table),
    imports: importRepository(table),
    outbox: outboxRepository(table),
    suppressions: suppressionRepository(table),
    reputation: reputationRepository(table),
    news: newsRepository(table),
    digestRuns: digestRunRepository(table),
    privacy: privacyRepository(table),
    /** Reads one (absent) item: resolves when the table answers, throws what DynamoDB throws. */
    async probe(): Promise<void> {
      await table.get(keys.probe());
    },
  };
}

export type Store = ReturnType<typeof createStore>;
