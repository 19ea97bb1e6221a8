import type { OutboxMessage } from '#domain';
import { keys } from './keys';
import { outboxPut } from './outbox-item';
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

/** Tries at counting one hit while others count hits of the same subject at the same moment. */
const MAX_HIT_ATTEMPTS = 30;

// Tokens and sessions are stored under the SHA-256 of their secret: a read of the table
// cannot be turned into a sign-in.
export function authRepository(table: TableClient) {
  return {
    /** Stores a sign-in link's token and queues its mail, in one transaction: both or neither. */
    async putMagicToken(
      hash: string,
      token: { email: string; createdAt: string; expiresAt: number },
      mail: OutboxMessage,
    ) {
      const failed = await table.transact([
        { Put: { Item: withKeys('magic-token', keys.magicToken(hash), {}, token) } },
        outboxPut(mail, table.secret),
      ]);
      // The mail's key is the token's hash: only a repeated 256-bit random token could meet one.
      if (failed.length > 0) throw new Error('a sign-in link with this token was queued already');
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
     * Counts one hit of a subject in a sliding window: allowed while fewer than `limit` hits
     * happened in the `windowSeconds` before now (a burst at the edge of a fixed window cannot
     * double the allowance). The item keeps the times of the hits in the window; it is read,
     * then written only if nobody wrote it meanwhile (version), and read again if somebody did.
     * A refused hit is not counted. The item expires (TTL) a window after its newest hit.
     */
    async hit(
      scope: string,
      subject: string,
      window: { nowMs: number; seconds: number },
      limit: number,
    ): Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }> {
      const key = keys.rateLimit(scope, subject);
      const windowMs = window.seconds * 1000;
      for (let attempt = 1; ; attempt++) {
        const stored = await table.get<{ hits?: number[]; version?: number }>(key);
        const recent = (stored?.hits ?? []).filter((t) => t > window.nowMs - windowMs).sort((a, b) => a - b);
        if (recent.length >= limit) {
          // The next hit is allowed when enough of these have left the window.
          const frees = recent[recent.length - limit]! + windowMs;
          return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((frees - window.nowMs) / 1000)) };
        }
        const version = stored?.version ?? 0;
        const written = await table.updateIf({
          Key: key,
          UpdateExpression: 'SET #type = :type, #hits = :hits, #version = :next, #expires = :expires',
          ConditionExpression: 'attribute_not_exists(pk) OR #version = :version',
          ExpressionAttributeNames: {
            '#type': 'type',
            '#hits': 'hits',
            '#version': 'version',
            '#expires': 'expiresAt',
          },
          ExpressionAttributeValues: {
            ':type': 'rate-limit',
            ':hits': [...recent, window.nowMs],
            ':next': version + 1,
            ':version': version,
            ':expires': Math.ceil((window.nowMs + windowMs) / 1000),
          },
        });
        if (written) return { allowed: true };
        // Someone else counted a hit at the same moment: count again on what they wrote (each
        // lost race means another hit went in, so a burst of n needs at most n rounds). Past
        // MAX_HIT_ATTEMPTS, refuse: the subject is being hammered, and refusing is the safe side.
        if (attempt >= MAX_HIT_ATTEMPTS) return { allowed: false, retryAfterSeconds: 1 };
        await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(200, 5 * 2 ** attempt)));
      }
    },
  };
}
