import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

// Watching a DynamoDB client from a test, through its middleware stack: what it has under way,
// and a hook at the n-th call of a command. Nothing is changed on the way; the requests still go
// to DynamoDB Local. Watch a client before it sends the commands to watch: it resolves each
// command's middleware once, at its first call (cacheMiddleware), and keeps that.

/**
 * How many operations the client has under way (its retries included), so a test can wait until
 * a failed round has really stopped touching the table before it looks.
 */
export function inFlight(client: DynamoDBClient): () => number {
  let count = 0;
  client.middlewareStack.add(
    (next) => async (args) => {
      count++;
      try {
        return await next(args);
      } finally {
        count--;
      }
    },
    { step: 'initialize', name: 'testInFlight' },
  );
  return () => count;
}

/** Calls `fn` once, when the client starts its `n`-th (from 1) call of `command` (e.g. TransactWriteItems). */
export function onCommand(client: DynamoDBClient, command: string, n: number, fn: () => void): void {
  let seen = 0;
  client.middlewareStack.add(
    (next, context) => (args) => {
      if (context.commandName === `${command}Command` && ++seen === n) fn();
      return next(args);
    },
    { step: 'initialize', name: `testOnCommand${command}${n}` },
  );
}
