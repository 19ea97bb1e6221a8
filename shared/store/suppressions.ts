import type { Suppression, SuppressionChange } from '#domain';
import { keys } from './keys';
import { type TableClient, type TransactOp, withKeys } from './table-client';

// The suppression list: addresses that bounced, complained (nothing goes to them) or unsubscribed
// from one category of mail.

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
