import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import type { DeliveryState, OutboxMessage, Suppression } from '#domain';
import { keys } from './keys';
import { type Item, strip, type TableClient, type TransactOp, withKeys } from './table-client';

// The outbox: one item per mail, keyed by a hash of its deterministic key. Messages still to
// send carry a sparse index entry (oldest due first); every state change is a conditional
// update, so two senders can never both own a message.
//
// The mail's text and HTML are stored together as one brotli-compressed binary attribute, `body`:
// DynamoDB bills every write by the size of the whole item, on the table and again on the pending
// index, and a mail's item is written about five times (planned, claimed, sent, SES's Send and
// Delivery events). A rendered digest is ~10 KB, ~1.7 KB compressed: ~98 write units per digest
// mail become ~25 (docs/cost.md). Items stored before, with text and html, read as they were.

const SENT_RETENTION_DAYS = 90;
// Quality 5 of 11: within a few percent of the best size, at a fraction of the time (a digest
// run compresses one body per member).
const BROTLI = {
  params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT },
};

function outboxItem(message: OutboxMessage): Item {
  const { text, html, ...rest } = message;
  return withKeys(
    'outbox',
    keys.outbox(message.tag),
    keys.outboxPendingIndex(message.createdAt, message.tag),
    { ...rest, body: brotliCompressSync(JSON.stringify({ text, html }), BROTLI) },
  );
}

/** A stored outbox item as the message it holds (its body decompressed). */
function messageOf(item: Item): OutboxMessage {
  const { body, ...rest } = strip(item);
  if (!(body instanceof Uint8Array)) return rest as unknown as OutboxMessage;
  const { text, html } = JSON.parse(brotliDecompressSync(body).toString('utf8')) as {
    text: string;
    html: string;
  };
  return { ...rest, text, html } as unknown as OutboxMessage;
}

/** A transaction write that adds a message unless one with the same key exists already. */
export function outboxPut(message: OutboxMessage): TransactOp {
  return { Put: { Item: outboxItem(message), ConditionExpression: 'attribute_not_exists(pk)' } };
}

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
      return item ? messageOf(item) : undefined;
    },

    /** Adds messages that do not exist yet; returns how many were new. */
    async enqueue(messages: readonly OutboxMessage[], concurrency = 16): Promise<number> {
      let created = 0;
      for (let i = 0; i < messages.length; i += concurrency) {
        const done = await Promise.all(
          messages.slice(i, i + concurrency).map((m) => table.create(outboxItem(m))),
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

    /** Messages still to send or to settle, oldest due first. */
    async pending(limit: number, start?: Item): Promise<{ items: OutboxMessage[]; last?: Item }> {
      const page = await table.rawPage({ ...keys.outboxPending(), newestFirst: false }, limit, start);
      return {
        items: page.items.map(messageOf),
        ...(page.last ? { last: page.last } : {}),
      };
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
        'SET #status = :sent, #messageId = :messageId, #sentAt = :now, #updated = :now, #expires = :expires REMOVE gsi1pk, gsi1sk, #lease',
        {
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
          ':sk': keys.outboxPendingIndex(notBefore, tag).gsi1sk,
        },
      ),

    /** Ends a message without sending it: suppressed address (skipped) or refused by SES (failed). */
    finish: (tag: string, claim: string, status: 'skipped' | 'failed', reason: string, now: string) =>
      whileClaimed(
        tag,
        claim,
        'SET #status = :status, #reason = :reason, #updated = :now, #expires = :expires REMOVE gsi1pk, gsi1sk, #lease',
        {
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
        UpdateExpression:
          'SET #status = :sent, #messageId = :messageId, #sentAt = :now, #updated = :now, #expires = :expires REMOVE gsi1pk, gsi1sk, #lease, #claim',
        ConditionExpression: '#status = :sending',
        ExpressionAttributeNames: {
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

/** A change to an address's suppression that goes into another write's transaction. */
export type SuppressionChange =
  /** Adds it; the transaction fails if the address is already suppressed for any reason. */
  | { add: Suppression }
  /** Lifts an unsubscribe from one category; fails if the address has no such suppression. */
  | { lift: string };

/** The transaction item of a suppression change (conditions as in add and liftUnsubscribe). */
export function suppressionOp(change: SuppressionChange): TransactOp {
  if ('add' in change) {
    return {
      Put: {
        Item: withKeys('suppression', keys.suppression(change.add.email), {}, change.add),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  }
  return {
    Delete: {
      Key: keys.suppression(change.lift),
      ConditionExpression: 'attribute_exists(#category) AND #reason = :unsubscribed',
      ExpressionAttributeNames: { '#category': 'category', '#reason': 'reason' },
      ExpressionAttributeValues: { ':unsubscribed': 'unsubscribed' },
    },
  };
}

export function suppressionRepository(table: TableClient) {
  return {
    /** Lifts an unsubscribe from one category; a bounce or complaint is never lifted here. */
    async liftUnsubscribe(email: string): Promise<boolean> {
      return (
        (await table.take(keys.suppression(email), {
          expression: 'attribute_exists(#category) AND #reason = :unsubscribed',
          names: { '#category': 'category', '#reason': 'reason' },
          values: { ':unsubscribed': 'unsubscribed' },
        })) !== undefined
      );
    },

    get: (email: string) => table.get<Suppression>(keys.suppression(email)),

    getMany: (emails: readonly string[]) =>
      table.getMany<Suppression>([...new Set(emails)].map((e) => keys.suppression(e))),

    /**
     * Adds an address. The first reason stays; a suppression of everything (bounce, complaint)
     * replaces one of a single category (an unsubscribe). Replays change nothing.
     */
    add: (s: Suppression) =>
      table.updateIf({
        Key: keys.suppression(s.email),
        UpdateExpression: s.category
          ? 'SET #type = :type, #email = :email, #reason = :reason, #category = :category, #since = :since, #source = :source'
          : 'SET #type = :type, #email = :email, #reason = :reason, #since = :since, #source = :source REMOVE #category',
        ConditionExpression: s.category
          ? 'attribute_not_exists(pk)'
          : 'attribute_not_exists(pk) OR attribute_exists(#category)',
        ExpressionAttributeNames: {
          '#type': 'type',
          '#email': 'email',
          '#reason': 'reason',
          '#category': 'category',
          '#since': 'since',
          '#source': 'source',
        },
        ExpressionAttributeValues: {
          ':type': 'suppression',
          ':email': s.email,
          ':reason': s.reason,
          ':since': s.since,
          ':source': s.source,
          ...(s.category ? { ':category': s.category } : {}),
        },
      }),
  };
}

function expiryOf(now: string): number {
  return Math.floor(Date.parse(now) / 1000) + SENT_RETENTION_DAYS * 86_400;
}
