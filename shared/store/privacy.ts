import type { Match, Organization, PlatformRules, Side } from '#domain';
import type { StoredSession } from './auth';
import { keys } from './keys';
import { type Item, type TableClient, type TransactOp, withKeys } from './table-client';

// What leaving takes (docs/privacy.md): a person's account removed with everything in their
// partition and their email pointer; an organisation's people removed and its record replaced
// by an anonymous one; one side of an introduction stripped of who answered and why. And the
// platform's own rules, an item of their own beside the platform.

/** DynamoDB takes at most 100 writes in a transaction; the rest go first, in chunks. */
const MAX_TRANSACTION = 100;

/** An owner of the organisation other than the one leaving, who must still be one when they go. */
export interface RemainingOwner {
  organizationId: string;
  personId: string;
}

const keyOf = (item: Item) => ({ pk: item.pk as string, sk: item.sk as string });

export function privacyRepository(table: TableClient) {
  /** Every item key of a partition (raw, with its keys). */
  async function keysOfPartition(pk: string, skPrefix?: string): Promise<{ pk: string; sk: string }[]> {
    const out: { pk: string; sk: string }[] = [];
    let start: Item | undefined;
    do {
      const page = await table.rawPage({ pk, skPrefix, newestFirst: false }, 500, start);
      out.push(...page.items.map(keyOf));
      start = page.last;
    } while (start);
    return out;
  }

  /** Runs deletes in transactions of at most `size`, each item deleted if it still exists. */
  async function deleteAll(found: { pk: string; sk: string }[], size = MAX_TRANSACTION): Promise<void> {
    for (let i = 0; i < found.length; i += size) {
      await table.transact(found.slice(i, i + size).map((Key) => ({ Delete: { Key } })));
    }
  }

  return {
    /** A person's sessions (what the export says of them: when each began and ends). */
    sessionsOf(personId: string): Promise<StoredSession[]> {
      const { pk, skPrefix } = keys.sessionsOf(personId);
      return table.queryAll<StoredSession>(pk, skPrefix);
    },

    /**
     * Removes a person: their partition (the person, preferences, affiliations, secretariat roles,
     * sessions) and their email pointer, in one transaction that holds only while each owner in
     * `remaining` is still an owner (so no organisation is left without one by a concurrent
     * change). False when it did not hold (nothing was removed then) or the person is gone.
     */
    async deletePerson(
      personId: string,
      email: string,
      remaining: readonly RemainingOwner[],
    ): Promise<boolean> {
      const personKey = keys.person(personId);
      const others = (await keysOfPartition(personKey.pk)).filter((k) => k.sk !== personKey.sk);
      const checks: TransactOp[] = remaining.map((r) => ({
        ConditionCheck: {
          Key: keys.affiliation(r.personId, r.organizationId),
          ConditionExpression: '#role = :owner',
          ExpressionAttributeNames: { '#role': 'role' },
          ExpressionAttributeValues: { ':owner': 'owner' },
        },
      }));
      const final: TransactOp[] = [
        ...checks,
        { Delete: { Key: personKey, ConditionExpression: 'attribute_exists(pk)' } },
        {
          Delete: {
            Key: keys.email(email),
            ConditionExpression: 'attribute_not_exists(pk) OR personId = :id',
            ExpressionAttributeValues: { ':id': personId },
          },
        },
      ];
      // Almost always one transaction; a person with very many roles loses the surplus first.
      const room = MAX_TRANSACTION - final.length;
      const first = others.length > room ? others.slice(0, others.length - room) : [];
      const rest = others.slice(first.length);
      await deleteAll(first);
      const failed = await table.transact([...rest.map((Key) => ({ Delete: { Key } })), ...final]);
      return failed.length === 0;
    },

    /**
     * The organisation's last step of deletion: its people's affiliations removed and its record
     * replaced by `anonymous` (no name, no contact), only if nobody changed it since `version`.
     * False when it changed (or is gone): then nothing of this step was written.
     */
    async retireOrganization(anonymous: Organization, version: number, personIds: readonly string[]) {
      const affiliations = personIds.map((id) => keys.affiliation(id, anonymous.id));
      const put: TransactOp = {
        Put: {
          Item: withKeys('organization', keys.organization(anonymous.id), {}, anonymous),
          ConditionExpression: '#version = :read',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':read': version },
        },
      };
      const room = MAX_TRANSACTION - 1;
      const first = affiliations.length > room ? affiliations.slice(0, affiliations.length - room) : [];
      await deleteAll(first);
      const failed = await table.transact([
        ...affiliations.slice(first.length).map((Key) => ({ Delete: { Key } })),
        put,
      ]);
      return failed.length === 0;
    },

    /** Ids of every introduction an organisation took part in, on either side. */
    async matchIdsOf(organizationId: string): Promise<{ id: string; side: Side }[]> {
      const [asNeed, asOffer] = await Promise.all([
        table.queryEvery<Match>(keys.matchesAsNeedSide(organizationId)),
        table.queryEvery<Match>(keys.matchesAsOfferSide(organizationId)),
      ]);
      return [
        ...asNeed.map((m) => ({ id: m.id, side: 'need' as const })),
        ...asOffer.map((m) => ({ id: m.id, side: 'offer' as const })),
      ];
    },

    /**
     * One side of an introduction without who answered for it and the reason a side gave: its
     * status, outcome and fields stay (the statistics count them). Only if unchanged since read.
     */
    anonymiseMatchSide(match: Match, side: Side, now: string): Promise<boolean> {
      const remove: string[] = [];
      const names: Record<string, string> = { '#version': 'version', '#updatedAt': 'updatedAt' };
      if (match.responses[side]?.personId !== undefined) {
        remove.push('#responses.#side.#personId');
        Object.assign(names, { '#responses': 'responses', '#side': side, '#personId': 'personId' });
      }
      if (match.outcomes[side]?.personId !== undefined) {
        remove.push('#outcomes.#side.#personId');
        Object.assign(names, { '#outcomes': 'outcomes', '#side': side, '#personId': 'personId' });
      }
      if (match.declineReason !== undefined && match.responses[side]?.decision === 'declined') {
        remove.push('#reason');
        names['#reason'] = 'declineReason';
      }
      return table.updateIf({
        Key: keys.match(match.id),
        UpdateExpression: `SET #version = #version + :one, #updatedAt = :now${remove.length > 0 ? ` REMOVE ${remove.join(', ')}` : ''}`,
        ConditionExpression: '#version = :read',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: { ':one': 1, ':now': now, ':read': match.version },
      });
    },

    /** A platform's own rules, if its secretariat wrote any. */
    rules: (platformId: string) => table.get<PlatformRules>(keys.platformRules(platformId)),

    async setRules(rules: PlatformRules): Promise<void> {
      await table.put(withKeys('platform-rules', keys.platformRules(rules.platformId), {}, rules));
    },

    async removeRules(platformId: string): Promise<void> {
      await table.delete(keys.platformRules(platformId));
    },
  };
}
