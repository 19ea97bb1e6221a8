import { Duration } from 'aws-cdk-lib';
import { Queue, QueueEncryption, type QueueProps } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/** A dead-letter queue: kept two weeks (the most SQS allows), encrypted, TLS only. */
export function deadLetterQueue(scope: Construct, id: string): Queue {
  return new Queue(scope, id, {
    retentionPeriod: Duration.days(14),
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
  });
}

/** A work queue with a DLQ; encrypted, TLS only. */
export function workQueue(
  scope: Construct,
  id: string,
  props: Required<Pick<QueueProps, 'visibilityTimeout' | 'deadLetterQueue'>>,
): Queue {
  return new Queue(scope, id, {
    ...props,
    retentionPeriod: Duration.days(4),
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
  });
}
