// `npm run failures -- list|redrive|purge --queue-url <FailuresQueueUrl>`: reads, redrives or
// empties the stack's failures queue (docs/deploy.md, "The failures queue"). What each message is
// and what redriving it means is in failures-records.ts; this file only talks to SQS and Lambda.
import { InvocationType, InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  type Message,
  PurgeQueueCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import {
  describeFailure,
  FAILURES_USAGE,
  type FailuresCommand,
  FailuresUsageError,
  parseFailure,
  parseFailuresCommand,
  redriveOf,
} from './failures-records';

/** Receives up to `max` messages, each hidden from other readers for `hideSeconds`. */
async function* receive(sqs: SQSClient, queueUrl: string, max: number, hideSeconds: number) {
  const seen = new Set<string>();
  while (seen.size < max) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: Math.min(10, max - seen.size),
        VisibilityTimeout: hideSeconds,
        WaitTimeSeconds: 1,
        MessageAttributeNames: ['All'],
        MessageSystemAttributeNames: ['SentTimestamp'],
      }),
    );
    const fresh = Messages.filter((m) => m.MessageId && !seen.has(m.MessageId));
    if (fresh.length === 0) return;
    for (const m of fresh) {
      seen.add(m.MessageId!);
      yield m;
    }
  }
}

const sentAt = (m: Message) => {
  const ms = Number(m.Attributes?.SentTimestamp);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
};

async function run(command: Exclude<FailuresCommand, { command: 'help' }>): Promise<number> {
  const sqs = new SQSClient({ region: command.region });
  const lambda = new LambdaClient({ region: command.region });
  try {
    switch (command.command) {
      case 'list': {
        const { Attributes } = await sqs.send(
          new GetQueueAttributesCommand({
            QueueUrl: command.queueUrl,
            AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
          }),
        );
        console.error(
          `about ${Attributes?.ApproximateNumberOfMessages ?? '?'} message(s) waiting, ` +
            `${Attributes?.ApproximateNumberOfMessagesNotVisible ?? '?'} being read`,
        );
        let n = 0;
        for await (const m of receive(sqs, command.queueUrl, command.max, 30)) {
          const record = parseFailure(m);
          n++;
          if (command.json) {
            console.log(JSON.stringify({ messageId: m.MessageId, sentAt: sentAt(m), ...record }));
          } else {
            console.log(describeFailure(record, sentAt(m)));
          }
        }
        console.error(`${n} listed (hidden from other readers for 30 seconds)`);
        return 0;
      }
      case 'redrive': {
        const done = { invoked: 0, dropped: 0, kept: 0, failed: 0 };
        for await (const m of receive(sqs, command.queueUrl, command.max, 120)) {
          const record = parseFailure(m);
          const plan = redriveOf(record);
          const line = describeFailure(record, sentAt(m));
          if (plan.action === 'keep') {
            done.kept++;
            console.log(`kept     ${line}\n         (${plan.reason})`);
            continue;
          }
          if (command.dryRun) {
            console.log(
              plan.action === 'invoke' ? `would invoke ${plan.functionName}: ${line}` : `would drop ${line}`,
            );
            continue;
          }
          try {
            if (plan.action === 'invoke') {
              await lambda.send(
                new InvokeCommand({
                  FunctionName: plan.functionName,
                  InvocationType: InvocationType.Event,
                  Payload: new TextEncoder().encode(plan.payload),
                }),
              );
            }
            await sqs.send(
              new DeleteMessageCommand({ QueueUrl: command.queueUrl, ReceiptHandle: m.ReceiptHandle }),
            );
            if (plan.action === 'invoke') done.invoked++;
            else done.dropped++;
            console.log(`${plan.action === 'invoke' ? 'invoked ' : 'dropped '} ${line}`);
          } catch (error) {
            done.failed++;
            const e = error as Error;
            console.log(
              `failed   ${line}\n         (${e.name}: ${e.message.split('\n')[0]}; it stays in the queue)`,
            );
          }
        }
        console.error(
          command.dryRun
            ? 'dry run: nothing invoked or deleted'
            : `${done.invoked} invoked again, ${done.dropped} dropped, ${done.kept} kept, ${done.failed} failed`,
        );
        return done.failed > 0 ? 1 : 0;
      }
      case 'purge':
        await sqs.send(new PurgeQueueCommand({ QueueUrl: command.queueUrl }));
        console.error('purged: every message is deleted (SQS takes up to a minute)');
        return 0;
    }
  } finally {
    sqs.destroy();
    lambda.destroy();
  }
}

async function main(argv: string[]): Promise<number> {
  let command: FailuresCommand;
  try {
    command = parseFailuresCommand(argv);
  } catch (error) {
    if (!(error instanceof FailuresUsageError)) throw error;
    console.error(`error: ${error.message} (see npm run failures -- --help)`);
    return 2;
  }
  if (command.command === 'help') {
    console.log(FAILURES_USAGE);
    return 0;
  }
  try {
    return await run(command);
  } catch (error) {
    const e = error as Error;
    console.error(`error: ${e.name}: ${e.message.split('\n')[0]}`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
