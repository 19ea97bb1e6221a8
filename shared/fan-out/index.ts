import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';

// Fan-out of batch work on AWS: the scheduled run invokes its own function once per platform,
// asynchronously. Lambda queues each invocation, retries it twice with backoff, and sends one
// that still fails to the on-failure queue (alarmed), so one slow or failing platform does not
// hold up the others. No SQS queue is polled while nothing happens (docs/cost.md). The only
// module that imports the Lambda SDK. Locally there is no function: the platforms run in turn.

export interface FanOut {
  /** Starts one asynchronous run per body (JSON); throws if Lambda refuses any. */
  sendAll(bodies: readonly unknown[]): Promise<void>;
}

const CONCURRENCY = 8;

export function selfInvoker(region: string, functionName: string): FanOut {
  const lambda = new LambdaClient({ region });
  return {
    async sendAll(bodies) {
      for (let i = 0; i < bodies.length; i += CONCURRENCY) {
        await Promise.all(
          bodies.slice(i, i + CONCURRENCY).map(async (body) => {
            const out = await lambda.send(
              new InvokeCommand({
                FunctionName: functionName,
                InvocationType: 'Event',
                Payload: new TextEncoder().encode(JSON.stringify(body)),
              }),
            );
            if (out.StatusCode !== 202)
              throw new Error(`Lambda did not queue the run (status ${out.StatusCode})`);
          }),
        );
      }
    },
  };
}
