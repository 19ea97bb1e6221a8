import { Duration, Validations } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/** A dead-letter queue: kept two weeks (the most SQS allows), encrypted, TLS only. */
export function deadLetterQueue(scope: Construct, id: string): Queue {
  return new Queue(scope, id, {
    retentionPeriod: Duration.days(14),
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
  });
}

/**
 * The DLQ of a schedule, pipe or event rule target (its DeadLetterConfig) rather than of a queue.
 * `of` names that target, for the finding's reason.
 */
export function targetDeadLetterQueue(scope: Construct, id: string, of: string): Queue {
  const queue = deadLetterQueue(scope, id);
  Validations.of(queue).acknowledge({
    id: 'AwsSolutions::AwsSolutions-SQS3',
    reason:
      `This queue is itself a dead-letter queue: the DeadLetterConfig of ${of}. cdk-nag only ` +
      "recognises DLQs named in another queue's RedrivePolicy; a DLQ of this DLQ would add nothing, " +
      'since the queue keeps messages 14 days and alarms as soon as one arrives.',
  });
  return queue;
}
