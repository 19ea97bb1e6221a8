import {
  type Actor,
  type Affiliation,
  type AuditEntry,
  consentOfPatch,
  DEFAULT_PREFERENCES,
  type OrgRole,
  type Person,
  type PersonPatch,
  type StoredPreferences,
  type SuppressionChange,
} from '#domain';
import { auditOps } from './audit';
import type { StoredSession } from './auth';
import { keys } from './keys';
import { suppressionOp } from './suppressions';
import { type Item, type Page, type TableClient, type TransactOp, withKeys } from './table-client';

export interface OrgMember extends Affiliation {
  email: string;
}

export interface SecretariatMember {
  personId: string;
  platformId: string;
  email: string;
  createdAt: string;
}

type PersonPartitionItem = Record<string, unknown> & { sk?: string };

/**
 * The preferences item. The digest map's keys are platform ids, checked against real platforms
 * before they get here; as a Map the marshaller writes it as data whatever a key is called
 * (an own key such as "constructor" on a plain object makes it throw).
 */
function preferencesItem(personId: string, prefs: StoredPreferences) {
  return withKeys(
    'preferences',
    keys.preferences(personId),
    {},
    {
      personId,
      ...prefs,
      digest: new Map(Object.entries(prefs.digest)),
    },
  );
}

/** A person's partition as the person, the roles they hold and their sessions. */
function readPartition(items: readonly PersonPartitionItem[]): {
  actor: Actor | undefined;
  sessions: StoredSession[];
} {
  let person: Person | undefined;
  const orgRoles = new Map<string, OrgRole>();
  const secretariatOf = new Set<string>();
  const sessions: StoredSession[] = [];
  for (const item of items) {
    if ('tokenHash' in item) {
      sessions.push(item as unknown as StoredSession);
    } else if ('organizationId' in item && 'role' in item) {
      orgRoles.set(item.organizationId as string, item.role as OrgRole);
    } else if ('platformId' in item) {
      secretariatOf.add(item.platformId as string);
    } else if ('email' in item) {
      person = item as unknown as Person;
    }
  }
  return { actor: person ? { person, orgRoles, secretariatOf } : undefined, sessions };
}

const personItem = (p: Person) => withKeys('person', keys.person(p.id), {}, p);

/**
 * The writes that create a person: the EMAIL item (uniqueness) and the person, both only if
 * new. In a transaction, a concurrent creator of the same address makes the first one fail.
 */
export function newPersonPuts(person: Person): TransactOp[] {
  const pointer = { email: person.email, personId: person.id, createdAt: person.createdAt };
  return [
    {
      Put: {
        Item: withKeys('email', keys.email(person.email), {}, pointer),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    { Put: { Item: personItem(person), ConditionExpression: 'attribute_not_exists(pk)' } },
  ];
}

/** A person's role in an organisation, as stored (listed through the organisation's index). */
export function affiliationItem(member: OrgMember): Item {
  return withKeys(
    'affiliation',
    keys.affiliation(member.personId, member.organizationId),
    keys.affiliationIndex(member.personId, member.organizationId),
    member,
  );
}

export function personRepository(table: TableClient) {
  async function getByEmail(email: string): Promise<Person | undefined> {
    const pointer = await table.get<{ personId: string }>(keys.email(email));
    return pointer ? table.get<Person>(keys.person(pointer.personId)) : undefined;
  }

  return {
    get: (id: string) => table.get<Person>(keys.person(id)),
    getByEmail,

    /**
     * The person with this email, created if new. Email uniqueness holds through a transaction
     * with a conditional put on the EMAIL item; a concurrent creator wins and we read theirs.
     */
    async findOrCreate(email: string, make: () => Person): Promise<{ person: Person; created: boolean }> {
      const existing = await getByEmail(email);
      if (existing) return { person: existing, created: false };
      const person = make();
      const failed = await table.transact(newPersonPuts(person));
      if (failed.length === 0) return { person, created: true };
      const winner = await getByEmail(email);
      if (!winner) throw new Error('person creation lost a race but no winner is stored');
      return { person: winner, created: false };
    },

    async update(person: Person): Promise<void> {
      await table.put(personItem(person));
    },

    /**
     * Changes only the fields given (name, reading, language, consent), so a concurrent change of
     * another field is kept; `nameKana: null` removes the reading. False when the person is gone.
     */
    patch(personId: string, patch: PersonPatch, updatedAt: string): Promise<boolean> {
      const set: string[] = ['#updatedAt = :updatedAt'];
      const remove: string[] = [];
      const names: Record<string, string> = { '#updatedAt': 'updatedAt' };
      const values: Record<string, unknown> = { ':updatedAt': updatedAt };
      for (const field of ['name', 'nameKana', 'language'] as const) {
        const value = patch[field];
        if (value === undefined) continue;
        names[`#${field}`] = field;
        if (value === null) remove.push(`#${field}`);
        else {
          set.push(`#${field} = :${field}`);
          values[`:${field}`] = value;
        }
      }
      const consent = consentOfPatch(patch, updatedAt);
      if (consent) {
        names['#consent'] = 'consent';
        set.push('#consent = :consent');
        values[':consent'] = consent;
      }
      return table.updateIf({
        Key: keys.person(personId),
        UpdateExpression: `SET ${set.join(', ')}${remove.length > 0 ? ` REMOVE ${remove.join(', ')}` : ''}`,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      });
    },

    getMany: (ids: readonly string[]) =>
      table.getMany<Person>([...new Set(ids)].map((id) => keys.person(id))),

    async preferences(personId: string): Promise<StoredPreferences> {
      const stored = await table.get<StoredPreferences & { personId: string }>(keys.preferences(personId));
      if (!stored) return DEFAULT_PREFERENCES;
      const { personId: _id, ...prefs } = stored;
      return prefs;
    },

    /** Preferences of many people; those who never set any are absent. */
    async preferencesOf(personIds: readonly string[]): Promise<Map<string, StoredPreferences>> {
      const found = await table.getMany<StoredPreferences & { personId: string }>(
        [...new Set(personIds)].map((id) => keys.preferences(id)),
      );
      return new Map(found.map(({ personId, ...prefs }) => [personId, prefs]));
    },

    async setPreferences(personId: string, prefs: StoredPreferences): Promise<void> {
      await table.put(preferencesItem(personId, prefs));
    },

    /**
     * Everything PUT /me/preferences changes, in one transaction: the preferences, the person
     * (language) if given, and the suppression of their own address if it changes. False when a
     * condition failed (the person is gone, or the suppression changed since it was read):
     * nothing was written then.
     */
    async savePreferences(change: {
      personId: string;
      prefs: StoredPreferences;
      person?: Person | undefined;
      suppression?: SuppressionChange | undefined;
    }): Promise<boolean> {
      const ops: TransactOp[] = [{ Put: { Item: preferencesItem(change.personId, change.prefs) } }];
      if (change.person) {
        ops.push({ Put: { Item: personItem(change.person), ConditionExpression: 'attribute_exists(pk)' } });
      }
      if (change.suppression) ops.push(suppressionOp(change.suppression));
      return (await table.transact(ops)).length === 0;
    },

    /** Every person of an organisation (small: an organisation's staff). */
    allOf: (organizationId: string) =>
      table.queryEvery<OrgMember>({ ...keys.peopleOfOrganization(organizationId), newestFirst: false }),

    /** The person and every role they hold: one Query on their partition. */
    async actor(personId: string): Promise<Actor | undefined> {
      return readPartition(await table.queryAll<PersonPartitionItem>(keys.personItems(personId).pk)).actor;
    },

    /**
     * A signed-in request's one read: the session with this token hash, the person and every role
     * they hold, from one Query on the person's partition. Undefined when the session does not
     * exist (signed out, pruned, never) or has expired.
     */
    async signedIn(
      personId: string,
      tokenHash: string,
      nowEpoch: number,
    ): Promise<{ session: StoredSession; actor: Actor } | undefined> {
      const items = await table.queryAll<PersonPartitionItem>(keys.personItems(personId).pk);
      const { actor, sessions } = readPartition(items);
      const session = sessions.find((s) => s.tokenHash === tokenHash);
      return actor && session && session.endsAt > nowEpoch ? { session, actor } : undefined;
    },

    async setAffiliation(member: OrgMember): Promise<void> {
      await table.put(affiliationItem(member));
    },

    /** Changes the role of someone who is one of the organisation's people; false if they are not (any more). */
    changeRole: (personId: string, organizationId: string, role: OrgRole): Promise<boolean> =>
      table.updateIf({
        Key: keys.affiliation(personId, organizationId),
        UpdateExpression: 'SET #role = :role',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#role': 'role' },
        ExpressionAttributeValues: { ':role': role },
      }),

    removeAffiliation: (personId: string, organizationId: string) =>
      table.delete(keys.affiliation(personId, organizationId)),

    peopleOf(
      organizationId: string,
      page: { limit: number; cursor?: string | undefined },
    ): Promise<Page<OrgMember>> {
      return table.page<OrgMember>({
        ...keys.peopleOfOrganization(organizationId),
        ...page,
        newestFirst: false,
      });
    },

    /** With `audit`, the action's entry is written in the same transaction. */
    async grantSecretariat(member: SecretariatMember, audit?: AuditEntry): Promise<void> {
      await table.put(
        withKeys(
          'secretariat',
          keys.secretariat(member.personId, member.platformId),
          keys.secretariatIndex(member.personId, member.platformId),
          member,
        ),
        auditOps(audit),
      );
    },

    secretariatOf(platformId: string, page: { limit: number; cursor?: string | undefined }) {
      return table.page<SecretariatMember>({
        ...keys.secretariatOfPlatform(platformId),
        ...page,
        newestFirst: false,
      });
    },
  };
}
