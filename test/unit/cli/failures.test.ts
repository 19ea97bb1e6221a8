import { describe, expect, it } from 'vitest';
import {
  describeFailure,
  FailuresUsageError,
  parseFailure,
  parseFailuresCommand,
  redriveOf,
} from '../../../infra/cli/failures-records';

// `npm run failures`: what each kind of message in the failures queue is and what redriving it
// does. The messages are shaped as Lambda, EventBridge Scheduler and EventBridge write them.

const QUEUE = 'https://sqs.ap-northeast-1.amazonaws.com/123456789012/Tsunagu-prod-Failures8A3E1A2F-AbCdEf';
const MATCH = 'arn:aws:lambda:ap-northeast-1:123456789012:function:tsunagu-prod-match';

/** Lambda's on-failure destination record of an asynchronous invocation that gave up. */
const invocationRecord = {
  version: '1.0',
  timestamp: '2026-12-07T21:00:41.123Z',
  requestContext: {
    requestId: '0f5e6d7c-0000-4000-8000-000000000000',
    functionArn: `${MATCH}:$LATEST`,
    condition: 'RetriesExhausted',
    approximateInvokeCount: 3,
  },
  requestPayload: { platformId: 'saitama', round: '2026-12-08' },
  responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
  responsePayload: { errorType: 'Error', errorMessage: 'match rounds failed: saitama', trace: [] },
};

/** The send function's stream event source giving up on a batch. */
const streamRecord = {
  requestContext: {
    requestId: '1a2b3c4d-0000-4000-8000-000000000000',
    functionArn: 'arn:aws:lambda:ap-northeast-1:123456789012:function:Tsunagu-prod-MailSend2C04263E-XyZ',
    condition: 'RetryAttemptsExhausted',
    approximateInvokeCount: 6,
  },
  responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
  version: '1.0',
  timestamp: '2026-12-07T21:05:00.000Z',
  DDBStreamBatchInfo: {
    shardId: 'shardId-00000001700000000000-abcdef12',
    startSequenceNumber: '100',
    endSequenceNumber: '120',
    approximateArrivalOfFirstRecord: '2026-12-07T21:00:00Z',
    approximateArrivalOfLastRecord: '2026-12-07T21:00:01Z',
    batchSize: 2,
    streamArn: 'arn:aws:dynamodb:ap-northeast-1:123456789012:table/t/stream/2026-12-01T00:00:00.000',
  },
};

/** A schedule that could not invoke its function: the body is its input, the attributes say why. */
const deliveryMessage = {
  Body: '{"dueOnly":true}',
  MessageAttributes: {
    ERROR_CODE: { StringValue: 'Lambda.TooManyRequestsException', DataType: 'String' },
    ERROR_MESSAGE: { StringValue: 'Rate Exceeded.', DataType: 'String' },
    EXECUTION_ID: { StringValue: 'abc', DataType: 'String' },
    SCHEDULE_ARN: {
      StringValue: 'arn:aws:scheduler:ap-northeast-1:123456789012:schedule/default/BatchDigestSchedule',
      DataType: 'String',
    },
    TARGET_ARN: {
      StringValue: 'arn:aws:lambda:ap-northeast-1:123456789012:function:tsunagu-prod-digest',
      DataType: 'String',
    },
  },
};

describe('parseFailure and redriveOf', () => {
  it('re-invokes a function that gave up with the event it was given', () => {
    const record = parseFailure({ Body: JSON.stringify(invocationRecord) });
    expect(record).toMatchObject({
      kind: 'invocation',
      condition: 'RetriesExhausted',
      error: 'Error: match rounds failed: saitama',
      payload: { platformId: 'saitama', round: '2026-12-08' },
    });
    expect(redriveOf(record)).toEqual({
      action: 'invoke',
      functionName: MATCH,
      payload: '{"platformId":"saitama","round":"2026-12-08"}',
    });
    expect(describeFailure(record)).toMatch(
      /^2026-12-07T21:00:41.123Z {2}invocation {2}tsunagu-prod-match gave up \(RetriesExhausted\) on .*saitama.* — Error: match rounds failed/,
    );
  });

  it('invokes the target of a schedule that could not deliver, with the schedule’s own input', () => {
    const record = parseFailure(deliveryMessage);
    expect(record).toMatchObject({
      kind: 'delivery',
      error: 'Lambda.TooManyRequestsException: Rate Exceeded.',
    });
    expect(redriveOf(record)).toEqual({
      action: 'invoke',
      functionName: 'arn:aws:lambda:ap-northeast-1:123456789012:function:tsunagu-prod-digest',
      payload: '{"dueOnly":true}',
    });
    expect(describeFailure(record, '2026-12-07T21:00:00.000Z')).toContain(
      'BatchDigestSchedule could not invoke tsunagu-prod-digest with {"dueOnly":true}',
    );
  });

  it('drops a stream batch: its mail is still pending in the outbox, which the sweep sends', () => {
    const record = parseFailure({ Body: JSON.stringify(streamRecord) });
    expect(record).toMatchObject({ kind: 'stream', batch: { batchSize: 2 } });
    expect(redriveOf(record)).toMatchObject({ action: 'drop', reason: expect.stringMatching(/sweep/) });
    expect(describeFailure(record)).toContain('2 record(s) of shard shardId-00000001700000000000-abcdef12');
  });

  it.each([
    ['not JSON', 'hello'],
    ['JSON without a request context', '{"a":1}'],
    ['a record without a function', '{"requestContext":{}}'],
  ])('keeps a message it does not know (%s) instead of guessing', (_, Body) => {
    const record = parseFailure({ Body });
    expect(record).toEqual({ kind: 'unknown', body: Body });
    expect(redriveOf(record).action).toBe('keep');
  });

  it('keeps a delivery whose target is not a Lambda function', () => {
    const record = parseFailure({
      Body: '{}',
      MessageAttributes: { TARGET_ARN: { StringValue: 'arn:aws:sqs:ap-northeast-1:123456789012:q' } },
    });
    expect(redriveOf(record).action).toBe('keep');
  });
});

describe('parseFailuresCommand', () => {
  it('reads list, redrive and purge with the queue’s region from its URL', () => {
    expect(parseFailuresCommand(['list', '--queue-url', QUEUE])).toEqual({
      command: 'list',
      queueUrl: QUEUE,
      region: 'ap-northeast-1',
      max: 100,
      json: false,
    });
    expect(parseFailuresCommand(['redrive', '--queue-url', QUEUE, '--max', '5', '--dry-run'])).toMatchObject({
      command: 'redrive',
      max: 5,
      dryRun: true,
    });
    expect(parseFailuresCommand(['purge', '--queue-url', QUEUE, '--yes'])).toMatchObject({
      command: 'purge',
    });
    expect(parseFailuresCommand([])).toEqual({ command: 'help' });
  });

  it.each([
    [['purge', '--queue-url', QUEUE], /--yes/],
    [['list'], /--queue-url/],
    [['list', '--queue-url', 'https://example.jp/q'], /not an SQS queue URL/],
    [['list', '--queue-url', QUEUE, '--max', '0'], /--max/],
    [['list', '--queue-url', QUEUE, '--dry-run'], /not an option of list/],
    [['drain', '--queue-url', QUEUE], /unknown command/],
  ])('refuses %j with a one-line reason', (argv, message) => {
    expect(() => parseFailuresCommand(argv)).toThrow(FailuresUsageError);
    expect(() => parseFailuresCommand(argv)).toThrow(message);
  });
});
