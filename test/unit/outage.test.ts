import { describe, expect, it } from 'vitest';
import { outageOf } from '../../shared/http/outage';

// Which errors mean "a dependency is down or busy" (503, try again) rather than a bug (500).

const sdkError = (name: string, status: number, fault: 'client' | 'server') =>
  Object.assign(new Error(name), { name, $fault: fault, $metadata: { httpStatusCode: status } });
const netError = (code: string) => Object.assign(new Error(code), { code });

describe('outageOf', () => {
  it.each([
    ['connection refused', netError('ECONNREFUSED'), 'network'],
    ['connection reset', netError('ECONNRESET'), 'network'],
    ['a host that does not resolve', netError('ENOTFOUND'), 'network'],
    ['a call past its deadline', Object.assign(new Error('t'), { name: 'TimeoutError' }), 'service'],
    ['DynamoDB throttling', sdkError('ProvisionedThroughputExceededException', 400, 'client'), 'service'],
    ['DynamoDB over the account limit', sdkError('RequestLimitExceeded', 400, 'client'), 'service'],
    ['SES throttling', sdkError('TooManyRequestsException', 429, 'client'), 'service'],
    ['a 5xx of the service', sdkError('InternalServerError', 500, 'server'), 'service'],
    ['an unknown 503', sdkError('SomethingNew', 503, 'server'), 'service'],
    [
      'a transaction that kept meeting others',
      Object.assign(sdkError('TransactionCanceledException', 400, 'client'), {
        CancellationReasons: [{ Code: 'None' }, { Code: 'TransactionConflict' }],
      }),
      'service',
    ],
    ['a network error as the cause', Object.assign(new Error('x'), { cause: netError('EPIPE') }), 'network'],
  ])('takes %s for an outage', (_what, error, kind) => {
    expect(outageOf(error)).toBe(kind);
  });

  it.each([
    ['a plain bug', new TypeError('x is undefined')],
    ['a validation error of the service', sdkError('ValidationException', 400, 'client')],
    ['a missing table', sdkError('ResourceNotFoundException', 400, 'client')],
    ['a condition that failed', sdkError('ConditionalCheckFailedException', 400, 'client')],
    [
      'a transaction with an invalid item',
      Object.assign(sdkError('TransactionCanceledException', 400, 'client'), {
        CancellationReasons: [{ Code: 'ValidationError' }],
      }),
    ],
    ['no error object', 'ECONNREFUSED'],
    ['null', null],
  ])('does not take %s for an outage', (_what, error) => {
    expect(outageOf(error)).toBeUndefined();
  });
});
