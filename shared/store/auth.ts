import { keys } from './keys';
import { type TableClient, withKeys } from './table-client';

export interface StoredSession {
  personId: string;
  csrfToken: string;
  createdAt: string;
  /** epoch seconds; also the table's TTL attribute */
  expiresAt: number;
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

    async putSession(hash: string, session: StoredSession) {
      await table.put({
        ...withKeys('session', keys.session(hash), {}, session),
        expiresAt: session.expiresAt,
      });
    },

    async getSession(hash: string, nowEpoch: number): Promise<StoredSession | undefined> {
      const s = (await table.getRaw(keys.session(hash))) as
        | (StoredSession & Record<string, unknown>)
        | undefined;
      if (!s || typeof s.expiresAt !== 'number' || s.expiresAt <= nowEpoch) return undefined;
      return { personId: s.personId, csrfToken: s.csrfToken, createdAt: s.createdAt, expiresAt: s.expiresAt };
    },

    deleteSession: (hash: string) => table.delete(keys.session(hash)),

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
