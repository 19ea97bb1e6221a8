import type { Invitation, OrgRole, OutboxMessage, Person, TermsConsent } from '#domain';
import { type StoredSession, sessionItem } from './auth';
import { keys } from './keys';
import { outboxPut } from './outbox-item';
import { affiliationItem, newPersonPuts, type OrgMember } from './people';
import { type Item, type Page, type TableClient, type TransactOp, withKeys } from './table-client';

// Invitations to join an organisation. Each lives in its organisation's partition with the
// SHA-256 of its link's token (never the token); a small pointer item per address keeps one
// pending invitation per address and organisation. Accepting is one transaction: the invitation
// used up (only with the right hash and before it ends), the pointer removed, the affiliation
// written, the session started and, for a new address, the person created.

export interface StoredInvitation extends Invitation {
  tokenHash: string;
}

export type AcceptOutcome =
  /** Used up; the person is now one of the organisation's people with the invited role. */
  | { kind: 'joined' }
  /** Used up; the person already was one of its people and keeps the role they had. */
  | { kind: 'already-member'; role: OrgRole }
  /** Nothing written: used, revoked, replaced or expired (or a concurrent accept won). */
  | { kind: 'gone' }
  /** Nothing written: someone created a person with this address meanwhile; read it and retry. */
  | { kind: 'email-taken' };

export interface Acceptance {
  invitation: Invitation;
  tokenHash: string;
  nowEpoch: number;
  person: Person;
  /** The person is created by this acceptance (no one had the address before). */
  newPerson: boolean;
  member: OrgMember;
  session: StoredSession;
  /** An existing person's consent to the current terms, recorded with the acceptance. */
  consent?: TermsConsent | undefined;
}

function withoutHash(stored: StoredInvitation): Invitation {
  const { tokenHash: _hash, ...invitation } = stored;
  return invitation;
}

const item = (inv: StoredInvitation): Item => ({
  ...withKeys('invitation', keys.invitation(inv.organizationId, inv.id), {}, inv),
  expiresAt: inv.endsAt,
});
const pointerOf = (inv: Invitation) => keys.invitee(inv.organizationId, inv.email);
const pointerItem = (inv: Invitation): Item => ({
  ...withKeys(
    'invitee',
    pointerOf(inv),
    {},
    { organizationId: inv.organizationId, email: inv.email, invitationId: inv.id },
  ),
  expiresAt: inv.endsAt,
});

/**
 * The writes of a first invitation to an address (none pending for it), for a transaction that
 * does more, such as the member import creating the organisation it invites to.
 */
export function firstInvitationPuts(inv: StoredInvitation): TransactOp[] {
  return [
    { Put: { Item: pointerItem(inv), ConditionExpression: 'attribute_not_exists(pk)' } },
    { Put: { Item: item(inv), ConditionExpression: 'attribute_not_exists(pk)' } },
  ];
}

export function invitationRepository(table: TableClient) {
  /** The pointer goes with its invitation, unless a newer invitation replaced it meanwhile. */
  const unpoint = (inv: Invitation): TransactOp => ({
    Delete: {
      Key: pointerOf(inv),
      ConditionExpression: 'attribute_not_exists(pk) OR invitationId = :id',
      ExpressionAttributeValues: { ':id': inv.id },
    },
  });

  async function get(organizationId: string, invitationId: string): Promise<Invitation | undefined> {
    const stored = await table.get<StoredInvitation>(keys.invitation(organizationId, invitationId));
    return stored && withoutHash(stored);
  }

  return {
    /**
     * Stores a new invitation and queues its mail (if any) in one transaction; a pending one for
     * the same address and organisation is replaced (its link stops working). Returns the id it
     * replaced, or false when another invitation of the same address was stored at the same
     * moment (nothing written then).
     */
    async put(
      inv: StoredInvitation,
      mail?: OutboxMessage,
    ): Promise<{ replaced: string | undefined } | false> {
      const seen = (await table.get<{ invitationId: string }>(pointerOf(inv)))?.invitationId;
      const pointer = pointerItem(inv);
      const ops: TransactOp[] = [
        {
          Put: seen
            ? {
                Item: pointer,
                ConditionExpression: 'invitationId = :seen',
                ExpressionAttributeValues: { ':seen': seen },
              }
            : { Item: pointer, ConditionExpression: 'attribute_not_exists(pk)' },
        },
        { Put: { Item: item(inv), ConditionExpression: 'attribute_not_exists(pk)' } },
      ];
      if (seen) ops.push({ Delete: { Key: keys.invitation(inv.organizationId, seen) } });
      if (mail) ops.push(outboxPut(mail, table.secret));
      const failed = await table.transact(ops);
      return failed.length === 0 ? { replaced: seen } : false;
    },

    get,

    /** The invitation a link's token opens (expired ones too: the caller says so), if the hash matches. */
    async find(organizationId: string, invitationId: string, tokenHash: string) {
      const stored = await table.get<StoredInvitation>(keys.invitation(organizationId, invitationId));
      return stored?.tokenHash === tokenHash ? withoutHash(stored) : undefined;
    },

    /** Pending invitations of an organisation, newest first; expired ones are left out. */
    async pendingOf(
      organizationId: string,
      page: { limit: number; cursor?: string | undefined },
      nowEpoch: number,
    ): Promise<Page<Invitation>> {
      const found = await table.page<StoredInvitation>({
        ...keys.invitationsOf(organizationId),
        ...page,
        newestFirst: true,
      });
      return {
        items: found.items.filter((i) => i.endsAt > nowEpoch).map(withoutHash),
        cursor: found.cursor,
      };
    },

    /** Withdraws a pending invitation (its link stops working). False when there was none. */
    async revoke(organizationId: string, invitationId: string): Promise<boolean> {
      const inv = await get(organizationId, invitationId);
      if (!inv) return false;
      const failed = await table.transact([
        {
          Delete: {
            Key: keys.invitation(organizationId, invitationId),
            ConditionExpression: 'attribute_exists(pk)',
          },
        },
        unpoint(inv),
      ]);
      return failed.length === 0;
    },

    /** Accepts an invitation in one transaction (see the top of this file); nothing half-written. */
    async accept(a: Acceptance): Promise<AcceptOutcome> {
      const use: TransactOp = {
        Delete: {
          Key: keys.invitation(a.invitation.organizationId, a.invitation.id),
          ConditionExpression: 'tokenHash = :hash AND endsAt > :now',
          ExpressionAttributeValues: { ':hash': a.tokenHash, ':now': a.nowEpoch },
        },
      };
      const signIn: TransactOp = { Put: { Item: sessionItem(a.session) } };
      // A new person is created with their consent; an existing one gets it recorded.
      const agree: TransactOp[] =
        a.consent && !a.newPerson
          ? [
              {
                Update: {
                  Key: keys.person(a.person.id),
                  UpdateExpression: 'SET #consent = :consent',
                  ConditionExpression: 'attribute_exists(pk)',
                  ExpressionAttributeNames: { '#consent': 'consent' },
                  ExpressionAttributeValues: { ':consent': a.consent },
                },
              },
            ]
          : [];
      const join: TransactOp = {
        Put: { Item: affiliationItem(a.member), ConditionExpression: 'attribute_not_exists(pk)' },
      };
      const failed = await table.transact([
        use,
        unpoint(a.invitation),
        join,
        signIn,
        ...(a.newPerson ? newPersonPuts(a.person) : []),
        ...agree,
      ]);
      if (failed.length === 0) return { kind: 'joined' };
      if (failed.includes(0) || failed.includes(1)) return { kind: 'gone' };
      // A new person's id is new, so only an existing person can already be one of the people.
      if (a.newPerson) return { kind: 'email-taken' };
      // Already one of its people: the invitation is used up and signs them in, the role stays.
      if ((await table.transact([use, unpoint(a.invitation), signIn, ...agree])).length > 0)
        return { kind: 'gone' };
      const current = await table.get<OrgMember>(
        keys.affiliation(a.member.personId, a.invitation.organizationId),
      );
      return { kind: 'already-member', role: current?.role ?? a.member.role };
    },
  };
}
