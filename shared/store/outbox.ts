import type { DeliveryState, OutboxMessage } from '#domain';
import { keys } from './keys';
import { messageOf, outboxItem } from './outbox-item';
import type { Item, TableClient } from './table-client';

// The outbox: one item per mail, keyed by a hash of its deterministic key. Messages still to
// send carry a sparse index entry (oldest due first; link mails in a lane of their own, read
// first); every state change is a conditional update, so two senders can never both own a
// message. How an item holds its body: outbox-item.ts.

/** How long a sent mail (its address, subject and delivery state) is kept after it settled. */
export const SENT_RETENTION_DAYS = 90;

/**
 * A settled message is removed SENT_RETENTION_DAYS later, unless it expires sooner already (a
 * link mail: a day after its link). A link mail's sealed body goes at once (REMOVE #sealed).
 */
const KEEP_EXPIRY = '#expires = if_not_exists(#expires, :expires)';

const RANK: Record<DeliveryState, number> = { delivered: 1, bounced: 2, complained: 3 };

export function outboxRepository(table: TableClient) {
  const key = (tag: string) => keys.outbox(tag);

  /** An update that only holds while this sender's claim does. */
  const whileClaimed = (
    tag: string,
    claim: string,
    update: string,
    names: Record<string, string>,
    values: Record<string, unknown>,
  ) =>
    table.updateIf({
      Key: key(tag),
      UpdateExpression: update,
      ConditionExpression: '#status = :sending AND #claim = :claim',
      ExpressionAttributeNames: { '#status': 'status', '#claim': 'claim', ...names },
      ExpressionAttributeValues: { ':sending': 'sending', ':claim': claim, ...values },
    });

  return {
    async get(tag: string): Promise<OutboxMessage | undefined> {
      const item = await table.get<Item>(key(tag));
      return item ? messageOf(item, table.secret) : undefined;
    },

    /** Adds messages that do not exist yet; returns how many were new. */
    async enqueue(messages: readonly OutboxMessage[], concurrency = 16): Promise<number> {
      let created = 0;
      for (let i = 0; i < messages.length; i += concurrency) {
        const done = await Promise.all(
          messages.slice(i, i + concurrency).map((m) => table.create(outboxItem(m, table.secret))),
        );
        created += done.filter(Boolean).length;
      }
      return created;
    },

    /** Which of these tags exist already (to skip rendering mails that were planned before). */
    async existing(tags: readonly string[]): Promise<Set<string>> {
      const found = await table.getMany<OutboxMessage>(tags.map(key));
      return new Set(found.map((m) => m.tag));
    },

    /** Messages still to send or to settle, oldest due first (link mails not among them). */
    async pending(limit: number, start?: Item): Promise<{ items: OutboxMessage[]; last?: Item }> {
      const page = await table.rawPage({ ...keys.outboxPending(false), newestFirst: false }, limit, start);
      return {
        items: page.items.map((item) => messageOf(item, table.secret)),
        ...(page.last ? { last: page.last } : {}),
      };
    },

    /** Link mails still to send or to settle, oldest due first: the lane senders read first. */
    async pendingLinks(limit: number): Promise<OutboxMessage[]> {
      const page = await table.rawPage({ ...keys.outboxPending(true), newestFirst: false }, limit, undefined);
      return page.items.map((item) => messageOf(item, table.secret));
    },

    /**
     * Takes a message for sending until `leaseUntil`. Holds only if it is pending and due, or if
     * an earlier sender's lease ran out `graceMs` ago without SES confirming it (see docs/mail.md).
     */
    async claim(
      tag: string,
      claim: string,
      now: string,
      leaseUntil: string,
      reclaimBefore: string,
    ): Promise<boolean> {
      return table.updateIf({
        Key: key(tag),
        UpdateExpression:
          'SET #status = :sending, #claim = :claim, #lease = :lease, #attempts = #attempts + :one, #updated = :now',
        ConditionExpression:
          '(#status = :pending AND (attribute_not_exists(#notBefore) OR #notBefore <= :now)) OR (#status = :sending AND #lease < :reclaimBefore)',
        ExpressionAttributeNames: {
          '#status': 'status',
          '#claim': 'claim',
          '#lease': 'leaseUntil',
          '#attempts': 'attempts',
          '#updated': 'updatedAt',
          '#notBefore': 'notBefore',
        },
        ExpressionAttributeValues: {
          ':sending': 'sending',
          ':pending': 'pending',
          ':claim': claim,
          ':lease': leaseUntil,
          ':one': 1,
          ':now': now,
          ':reclaimBefore': reclaimBefore,
        },
      });
    },

    markSent: (tag: string, claim: string, messageId: string, now: string) =>
      whileClaimed(
        tag,
        claim,
        `SET #status = :sent, #messageId = :messageId, #sentAt = :now, #updated = :now, ${KEEP_EXPIRY} REMOVE gsi1pk, gsi1sk, #lease, #sealed`,
        {
          '#sealed': 'sealed',
          '#messageId': 'messageId',
          '#sentAt': 'sentAt',
          '#updated': 'updatedAt',
          '#expires': 'expiresAt',
          '#lease': 'leaseUntil',
        },
        { ':sent': 'sent', ':messageId': messageId, ':now': now, ':expires': expiryOf(now) },
      ),

    /** SES answered "not now" (throttled, unavailable): back to pending, due again at `notBefore`. */
    release: (tag: string, claim: string, notBefore: string, error: string, now: string) =>
      whileClaimed(
        tag,
        claim,
        'SET #status = :pending, #notBefore = :notBefore, #lastError = :error, #updated = :now, gsi1sk = :sk REMOVE #claim, #lease',
        {
          '#notBefore': 'notBefore',
          '#lastError': 'lastError',
          '#updated': 'updatedAt',
          '#lease': 'leaseUntil',
        },
        {
          ':pending': 'pending',
          ':notBefore': notBefore,
          ':error': error,
          ':now': now,
          // The same lane (gsi1pk stays), due again at notBefore.
          ':sk': keys.outboxPendingIndex(notBefore, tag, false).gsi1sk,
        },
      ),

    /** Ends a message without sending it: suppressed address (skipped) or refused by SES (failed). */
    finish: (tag: string, claim: string, status: 'skipped' | 'failed', reason: string, now: string) =>
      whileClaimed(
        tag,
        claim,
        `SET #status = :status, #reason = :reason, #updated = :now, ${KEEP_EXPIRY} REMOVE gsi1pk, gsi1sk, #lease, #sealed`,
        {
          '#sealed': 'sealed',
          '#reason': status === 'skipped' ? 'skippedReason' : 'lastError',
          '#updated': 'updatedAt',
          '#expires': 'expiresAt',
          '#lease': 'leaseUntil',
        },
        { ':status': status, ':reason': reason, ':now': now, ':expires': expiryOf(now) },
      ),

    /**
     * SES says it accepted the message (its Send event carries our tag). Settles a message whose
     * sender stopped between SES accepting it and marking it sent; a no-op for any other state.
     */
    confirmSent: (tag: string, messageId: string, now: string) =>
      table.updateIf({
        Key: key(tag),
        UpdateExpression: `SET #status = :sent, #messageId = :messageId, #sentAt = :now, #updated = :now, ${KEEP_EXPIRY} REMOVE gsi1pk, gsi1sk, #lease, #claim, #sealed`,
        ConditionExpression: '#status = :sending',
        ExpressionAttributeNames: {
          '#sealed': 'sealed',
          '#status': 'status',
          '#messageId': 'messageId',
          '#sentAt': 'sentAt',
          '#updated': 'updatedAt',
          '#expires': 'expiresAt',
          '#lease': 'leaseUntil',
          '#claim': 'claim',
        },
        ExpressionAttributeValues: {
          ':sent': 'sent',
          ':sending': 'sending',
          ':messageId': messageId,
          ':now': now,
          ':expires': expiryOf(now),
        },
      }),

    /** What SES reported after sending; a later, weaker event (delivery after a bounce) changes nothing. */
    recordDelivery: (tag: string, state: DeliveryState, now: string) =>
      table.updateIf({
        Key: key(tag),
        UpdateExpression: 'SET #delivery = :state, #rank = :rank, #updated = :now',
        ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(#rank) OR #rank < :rank)',
        ExpressionAttributeNames: {
          '#delivery': 'delivery',
          '#rank': 'deliveryRank',
          '#updated': 'updatedAt',
        },
        ExpressionAttributeValues: { ':state': state, ':rank': RANK[state], ':now': now },
      }),
  };
}

function expiryOf(now: string): number {
  return Math.floor(Date.parse(now) / 1000) + SENT_RETENTION_DAYS * 86_400;
}
