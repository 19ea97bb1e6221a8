import { keys } from './keys';
import { type Item, type TableClient, withKeys } from './table-client';

export interface StoredSession {
  personId: string;
  /** SHA-256 of the token: how the session is told apart from the person's other items. */
  tokenHash: string;
  csrfToken: string;
  createdAt: string;
  /** epoch seconds; also the item's TTL (expiresAt, which the store keeps to itself) */
  endsAt: number;
}

/** A session as stored: in its person's partition, gone by TTL when it ends. */
export function sessionItem(session: StoredSession): Item {
  return {
    ...withKeys('session', keys.session(session.personId, session.tokenHash), {}, session),
    expiresAt: session.endsAt,
  };
}

// Tokens and sessions are stored under the SHA-256 of their secret: a read of the table
// cannot be turned into a sign-in.
export function authRepository(table: TableClient) {
  return {
    async putMagicToken(hash: string, token: { email: string; createdAt: string; expiresAt: number }) {
      await table.put(withKeys('magic-token', keys.magicToken(hash), {}, token));
    },

    /** Single use: deletes the token if it is still valid and returns its email. */
    async consumeMagicToken(hash: string, nowEpoch: number): Promise<string | undefined> {
      const item = await table.take(keys.magicToken(hash), {
        expression: 'attribute_exists(pk) AND expiresAt > :now',
        values: { ':now': nowEpoch },
      });
      return typeof item?.email === 'string' ? item.email : undefined;
    },

    async putSession(session: StoredSession) {
      await table.put(sessionItem(session));
    },

    deleteSession: (personId: string, hash: string) => table.delete(keys.session(personId, hash)),

    /**
     * Ends a person's expired sessions and all but their `keep` newest (TTL removes expired items
     * only within days, and every request reads the person's sessions with their roles).
     */
    async pruneSessions(personId: string, keep: number, nowEpoch: number): Promise<number> {
      const { pk, skPrefix } = keys.sessionsOf(personId);
      const sessions = await table.queryAll<StoredSession>(pk, skPrefix);
      const newestFirst = sessions
        .filter((s) => s.endsAt > nowEpoch)
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
      const kept = new Set(newestFirst.slice(0, keep).map((s) => s.tokenHash));
      const ended = sessions.filter((s) => !kept.has(s.tokenHash));
      await Promise.all(ended.map((s) => table.delete(keys.session(personId, s.tokenHash))));
      return ended.length;
    },

    /**
     * Counts one hit in a fixed window; false once the window already has `limit` hits.
     * The counter expires with the window (TTL), so nothing accumulates.
     */
    hit(
      scope: string,
      subject: string,
      window: { start: number; seconds: number },
      limit: number,
    ): Promise<boolean> {
      return table.updateIf({
        Key: keys.rateLimit(scope, subject, window.start),
        UpdateExpression: 'ADD hits :one SET expiresAt = if_not_exists(expiresAt, :expires)',
        ConditionExpression: 'attribute_not_exists(hits) OR hits < :limit',
        ExpressionAttributeValues: {
          ':one': 1,
          ':limit': limit,
          ':expires': window.start + window.seconds * 2,
        },
      });
    },
  };
}
