import { createHash } from 'node:crypto';
import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import type { AuditEntry, Membership, Organization, OrganizationInput, OutboxMessage } from '#domain';
import { auditOps } from './audit';
import { firstInvitationPuts, type StoredInvitation } from './invitations';
import { keys } from './keys';
import { membershipItem } from './memberships';
import { outboxPut } from './outbox-item';
import { type TableClient, type TransactOp, withKeys } from './table-client';

// The member import's items: an uploaded list kept for a day between preview and import, the
// platform's remembered column choices, and one record per imported row (its key's hash is the
// item's sort key), which makes a second import of the same row find the first one. Creating a
// member is one transaction: the record, the organisation, its approved membership, the
// invitation of its contact person and that invitation's mail (one registered by hand: no
// invitation, its audit entry instead). All or nothing, and never twice.

/** The uploaded table as the import reads it (shared/import's SheetTable). */
export interface UploadedTable {
  format: string;
  headers: string[];
  rows: { line: number; cells: string[] }[];
}

export interface UploadHead {
  id: string;
  platformId: string;
  fileName?: string | undefined;
  format: string;
  headers: string[];
  rowCount: number;
  createdAt: string;
  createdBy: string;
  /** epoch seconds; the upload is gone after it. */
  validUntil: number;
}

/** A new member's items, written together (createMembers). */
export interface NewMember {
  record: ImportedRowRecord;
  organization: Organization;
  membership: Membership;
  invitation?: StoredInvitation | undefined;
  mail?: OutboxMessage | undefined;
  /** A member registered by hand is recorded with it (an import's rows are recorded as one run). */
  audit?: AuditEntry | undefined;
}

/** Rows per transaction: 6 items each (record, organisation, membership, invitation and its pointer, mail) of 100. */
export const MEMBERS_PER_WRITE = 16;

/** What the last import of one row wrote (shared/import's ImportedRecord). */
export interface ImportedRowRecord {
  key: string;
  organizationId: string;
  /** As the list gave it: 活動分野 may be missing. */
  organization: Omit<OrganizationInput, 'activityFields'> &
    Partial<Pick<OrganizationInput, 'activityFields'>>;
  tier: string;
  /** As stored (opaque): a changed row is written only while the record still has it. */
  digest?: string | undefined;
}

const PART_BYTES = 350_000;
/** A transaction holds 100 items and 4 MB: the head and up to 10 parts of 350 KB. */
const MAX_PARTS = 10;
const BROTLI = { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } };

const hashKey = (key: string) => createHash('sha256').update(key).digest('base64url');
/** The record's content, for the condition that nobody changed it between reading and writing. */
const digestOf = (r: ImportedRowRecord) =>
  createHash('sha256')
    .update(JSON.stringify([r.organizationId, r.organization, r.tier]))
    .digest('base64url');

export function importRepository(table: TableClient) {
  const recordPut = (platformId: string, { digest: _old, ...record }: ImportedRowRecord, now: string) => ({
    ...withKeys('imported-row', keys.importedRow(platformId, hashKey(record.key)), {}, record),
    digest: digestOf(record),
    importedAt: now,
  });

  return {
    /** Keeps an uploaded table for its preview and import; false when it is too large to keep. */
    async saveUpload(head: UploadHead, data: UploadedTable): Promise<boolean> {
      const packed = brotliCompressSync(JSON.stringify(data), BROTLI);
      const parts = Math.ceil(packed.byteLength / PART_BYTES);
      if (parts > MAX_PARTS) return false;
      const ttl = { expiresAt: head.validUntil };
      const ops: TransactOp[] = [
        {
          Put: {
            Item: {
              ...withKeys('import-upload', keys.importUpload(head.platformId, head.id), {}, head),
              ...ttl,
              parts,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ];
      for (let i = 0; i < parts; i++) {
        const bytes = packed.subarray(i * PART_BYTES, (i + 1) * PART_BYTES);
        ops.push({
          Put: {
            Item: {
              ...keys.importUploadPart(head.platformId, head.id, i),
              type: 'import-upload-part',
              bytes: new Uint8Array(bytes),
              ...ttl,
            },
          },
        });
      }
      return (await table.transact(ops)).length === 0;
    },

    /** The upload's head and table, unless it is gone (expired, or never was). */
    /** The upload's head alone (file, headers, row count), unless it is gone: no table is read. */
    async uploadHead(
      platformId: string,
      importId: string,
      nowEpoch: number,
    ): Promise<UploadHead | undefined> {
      const head = await table.get<UploadHead & { parts: number }>(keys.importUpload(platformId, importId));
      if (!head || head.validUntil <= nowEpoch) return undefined;
      const { parts: _parts, ...rest } = head;
      return rest;
    },

    async upload(
      platformId: string,
      importId: string,
      nowEpoch: number,
    ): Promise<{ head: UploadHead; table: UploadedTable } | undefined> {
      const head = await table.get<UploadHead & { parts: number }>(keys.importUpload(platformId, importId));
      if (!head || head.validUntil <= nowEpoch) return undefined;
      const parts = await table.queryEvery<{ bytes: Uint8Array }>({
        ...keys.importUploadParts(platformId, importId),
        newestFirst: false,
      });
      if (parts.length !== head.parts) return undefined;
      const packed = Buffer.concat(parts.map((p) => p.bytes));
      const { parts: _parts, ...rest } = head;
      return {
        head: rest,
        table: JSON.parse(brotliDecompressSync(packed).toString('utf8')) as UploadedTable,
      };
    },

    async mapping(platformId: string): Promise<[string, string | null][]> {
      const found = await table.get<{ pairs: [string, string | null][] }>(keys.importMapping(platformId));
      return found?.pairs ?? [];
    },

    async rememberMapping(platformId: string, pairs: [string, string | null][], now: string): Promise<void> {
      await table.put({
        ...withKeys('import-mapping', keys.importMapping(platformId), {}, { pairs }),
        updatedAt: now,
      });
    },

    /** Every row any import of this platform wrote, by row key. */
    async records(platformId: string): Promise<Map<string, ImportedRowRecord>> {
      const all = await table.queryEvery<ImportedRowRecord & { importedAt?: string }>({
        ...keys.importedRows(platformId),
        newestFirst: false,
      });
      return new Map(all.map(({ importedAt: _i, ...r }) => [r.key, r] as const));
    },

    /**
     * New members from rows, all in one transaction (see the top of this file): up to 16 rows,
     * so a list of 2,000 is some 125 writes instead of 2,000. When any row's record exists
     * already (another import of the same list got there first), nothing is written and the
     * rows are tried one by one, so each of the others is still written whole. Returns, per
     * row, whether it was written.
     */
    async createMembers(members: readonly NewMember[], now: string): Promise<boolean[]> {
      if (members.length === 0) return [];
      const opsOf = (w: NewMember): TransactOp[] => [
        {
          Put: {
            Item: recordPut(w.membership.platformId, w.record, now),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Put: {
            Item: withKeys('organization', keys.organization(w.organization.id), {}, w.organization),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        { Put: { Item: membershipItem(w.membership), ConditionExpression: 'attribute_not_exists(pk)' } },
        ...(w.invitation ? firstInvitationPuts(w.invitation) : []),
        ...(w.mail ? [outboxPut(w.mail, table.secret)] : []),
        ...auditOps(w.audit),
      ];
      const together = await table.transact(members.flatMap(opsOf));
      if (together.length === 0) return members.map(() => true);
      const one = async (w: NewMember) => {
        const failed = await table.transact(opsOf(w));
        if (failed.length === 0) return true;
        if (failed.includes(0)) return false;
        throw new Error(`import: a new member's item existed already (${failed.join(',')})`);
      };
      const written: boolean[] = [];
      for (const w of members) written.push(await one(w));
      return written;
    },

    /**
     * A changed row, in one transaction: the record, the organisation (only if it is still the
     * version read) and the membership's tier (likewise). False when anything moved meanwhile.
     */
    async updateMember(w: {
      platformId: string;
      before: ImportedRowRecord;
      record: ImportedRowRecord;
      organization?: { next: Organization; expectedVersion: number } | undefined;
      membership?: { next: Membership; expectedVersion: number } | undefined;
      now: string;
    }): Promise<boolean> {
      const versioned = (item: Record<string, unknown>, expected: number): TransactOp => ({
        Put: {
          Item: item,
          ConditionExpression: '#version = :expected',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':expected': expected },
        },
      });
      const ops: TransactOp[] = [
        {
          Put: {
            Item: recordPut(w.platformId, w.record, w.now),
            ConditionExpression: 'digest = :digest',
            ExpressionAttributeValues: { ':digest': w.before.digest ?? digestOf(w.before) },
          },
        },
      ];
      if (w.organization) {
        const { next, expectedVersion } = w.organization;
        ops.push(
          versioned(
            withKeys(
              'organization',
              keys.organization(next.id),
              {},
              { ...next, version: expectedVersion + 1 },
            ),
            expectedVersion,
          ),
        );
      }
      if (w.membership) {
        const { next, expectedVersion } = w.membership;
        ops.push(versioned(membershipItem({ ...next, version: expectedVersion + 1 }), expectedVersion));
      }
      return (await table.transact(ops)).length === 0;
    },
  };
}
