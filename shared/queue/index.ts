import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';

// Fan-out of batch work on AWS: one SQS message per platform, so one slow platform does not
// hold up the others. The only module that imports SQS. Locally there is no queue: the batch
// runs the platforms in turn instead.

export interface WorkQueue {
  /** Sends every body (JSON), ten per SendMessageBatch; throws if SQS refuses any. */
  sendAll(bodies: readonly unknown[]): Promise<void>;
}

export function createWorkQueue(region: string, url: string): WorkQueue {
  const sqs = new SQSClient({ region });
  return {
    async sendAll(bodies) {
      for (let i = 0; i < bodies.length; i += 10) {
        const chunk = bodies.slice(i, i + 10);
        const out = await sqs.send(
          new SendMessageBatchCommand({
            QueueUrl: url,
            Entries: chunk.map((body, j) => ({ Id: String(j), MessageBody: JSON.stringify(body) })),
          }),
        );
        if (out.Failed && out.Failed.length > 0) {
          throw new Error(
            `SQS refused ${out.Failed.length} message(s): ${out.Failed.map((f) => f.Code).join(', ')}`,
          );
        }
      }
    },
  };
}

/** A Lambda SQS event, as far as the batch functions read it. */
export interface SqsEvent {
  Records: { messageId: string; body: string }[];
}

export function isSqsEvent(event: unknown): event is SqsEvent {
  return (
    typeof event === 'object' &&
    event !== null &&
    Array.isArray((event as { Records?: unknown }).Records) &&
    (event as SqsEvent).Records.every((r) => typeof r?.messageId === 'string' && typeof r?.body === 'string')
  );
}

/**
 * Runs `work` for each record; the ids of records that failed go back to SQS (partial batch
 * response), so only those are retried and, after maxReceiveCount, land in the DLQ.
 */
export async function eachRecord(
  event: SqsEvent,
  work: (body: unknown) => Promise<void>,
  onError: (messageId: string, error: unknown) => void,
): Promise<{ batchItemFailures: { itemIdentifier: string }[] }> {
  const failures: { itemIdentifier: string }[] = [];
  for (const record of event.Records) {
    try {
      let body: unknown;
      try {
        body = JSON.parse(record.body);
      } catch {
        throw new Error('message body is not JSON');
      }
      await work(body);
    } catch (error) {
      onError(record.messageId, error);
      failures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures: failures };
}
