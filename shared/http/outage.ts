// Errors that say a service we depend on (DynamoDB, SES) is unreachable, failing or throttling
// us past the SDK's own retries: the request may well succeed a little later, so the answer is
// 503 with Retry-After, not a 500 "bug". Read from the error's shape (AWS SDK service errors
// carry $metadata and $fault; network errors a Node error code), so no SDK is imported here.

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EAI_AGAIN',
  'ENOTFOUND',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** Service errors that mean "too much right now" or "not now": throttling and capacity. */
const BUSY_NAMES = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'LimitExceededException',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'InternalServerError',
  'InternalFailure',
  'TransactionInProgressException',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
]);

/** Reasons a transaction is cancelled that pass with time: contention and throttling. */
const BUSY_REASONS = new Set(['TransactionConflict', 'ThrottlingError', 'ProvisionedThroughputExceeded']);

interface ErrorShape {
  name?: unknown;
  CancellationReasons?: { Code?: unknown }[];
  code?: unknown;
  $fault?: unknown;
  $metadata?: { httpStatusCode?: unknown };
  cause?: unknown;
}

/** Which dependency an outage error came from, or undefined when the error is not an outage. */
export function outageOf(error: unknown, depth = 0): 'service' | 'network' | undefined {
  if (typeof error !== 'object' || error === null || depth > 3) return undefined;
  const e = error as ErrorShape;
  if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return 'network';
  if (typeof e.name === 'string' && BUSY_NAMES.has(e.name)) return 'service';
  // A transaction that kept losing races or was throttled after every retry (table-client).
  if (e.name === 'TransactionCanceledException' && Array.isArray(e.CancellationReasons)) {
    if (e.CancellationReasons.some((r) => BUSY_REASONS.has(String(r?.Code)))) return 'service';
  }
  if (e.$metadata !== undefined) {
    const status = Number(e.$metadata.httpStatusCode);
    if (e.$fault === 'server' || status >= 500 || status === 429) return 'service';
  }
  return outageOf(e.cause, depth + 1);
}
