import { parseArgs } from 'node:util';

// The pure half of `npm run failures`: what a message in the failures queue is, what redriving
// it means, and the command line. failures.ts wires these to SQS and Lambda.
//
// Three kinds of message reach the queue (infra/constructs/queues.ts, observability.ts):
// - invocation: Lambda's on-failure destination record of a function invoked asynchronously
//   (match, digest, send's sweep, ses-events) that failed three times or was too old. It carries
//   the original event (requestPayload), so redriving is invoking the function again with it.
// - delivery: a schedule (EventBridge Scheduler) or the SES event rule (EventBridge) could not
//   invoke its function at all. The body is the event itself; the message attributes name the
//   target (TARGET_ARN) and the error. Redriving is invoking the target with the body.
// - stream: the send function gave up on a batch of the table's stream. The record names the
//   shard and sequence numbers only, not the items; the outbox items are still in the table,
//   pending, and the ten-minute sweep sends them. Nothing to resend: the message can go.

export interface QueueMessage {
  Body?: string | undefined;
  MessageAttributes?: Record<string, { StringValue?: string | undefined }> | undefined;
}

export type FailureRecord =
  | {
      kind: 'invocation';
      functionArn: string;
      condition: string;
      error: string | undefined;
      payload: unknown;
      at: string | undefined;
    }
  | {
      kind: 'delivery';
      /** The schedule's or rule's ARN. */
      source: string | undefined;
      targetArn: string;
      error: string | undefined;
      /** The event as the target would have got it. */
      body: string;
    }
  | {
      kind: 'stream';
      functionArn: string;
      condition: string;
      error: string | undefined;
      batch: {
        shardId?: string;
        startSequenceNumber?: string;
        endSequenceNumber?: string;
        batchSize?: number;
      };
      at: string | undefined;
    }
  | { kind: 'unknown'; body: string };

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** What a message of the failures queue is (never throws: an unknown message is `unknown`). */
export function parseFailure(message: QueueMessage): FailureRecord {
  const body = message.Body ?? '';
  const attribute = (name: string) => text(message.MessageAttributes?.[name]?.StringValue);
  const targetArn = attribute('TARGET_ARN');
  if (targetArn) {
    const code = attribute('ERROR_CODE');
    const detail = attribute('ERROR_MESSAGE');
    return {
      kind: 'delivery',
      source: attribute('SCHEDULE_ARN') ?? attribute('RULE_ARN'),
      targetArn,
      error: [code, detail].filter(Boolean).join(': ') || undefined,
      body,
    };
  }
  let record: unknown;
  try {
    record = JSON.parse(body);
  } catch {
    return { kind: 'unknown', body };
  }
  if (!isObject(record) || !isObject(record.requestContext)) return { kind: 'unknown', body };
  const context = record.requestContext;
  const functionArn = text(context.functionArn);
  if (!functionArn) return { kind: 'unknown', body };
  const condition = text(context.condition) ?? 'unknown';
  const at = text(record.timestamp);
  const response = isObject(record.responsePayload) ? record.responsePayload : undefined;
  const responseContext = isObject(record.responseContext) ? record.responseContext : undefined;
  const error =
    [text(response?.errorType), text(response?.errorMessage)].filter(Boolean).join(': ') ||
    text(responseContext?.functionError);
  if (isObject(record.DDBStreamBatchInfo)) {
    const info = record.DDBStreamBatchInfo;
    return {
      kind: 'stream',
      functionArn,
      condition,
      error,
      batch: {
        ...(text(info.shardId) ? { shardId: text(info.shardId) } : {}),
        ...(text(info.startSequenceNumber) ? { startSequenceNumber: text(info.startSequenceNumber) } : {}),
        ...(text(info.endSequenceNumber) ? { endSequenceNumber: text(info.endSequenceNumber) } : {}),
        ...(typeof info.batchSize === 'number' ? { batchSize: info.batchSize } : {}),
      },
      at,
    };
  }
  if (!('requestPayload' in record)) return { kind: 'unknown', body };
  return { kind: 'invocation', functionArn, condition, error, payload: record.requestPayload, at };
}

/** What redriving a record does: invoke a function with an event, drop it, or leave it alone. */
export type Redrive =
  | { action: 'invoke'; functionName: string; payload: string }
  | { action: 'drop'; reason: string }
  | { action: 'keep'; reason: string };

const LAMBDA_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+/;

export function redriveOf(record: FailureRecord): Redrive {
  switch (record.kind) {
    case 'invocation': {
      const fn = LAMBDA_ARN.exec(record.functionArn)?.[0];
      if (!fn) return { action: 'keep', reason: `not a Lambda function: ${record.functionArn}` };
      return { action: 'invoke', functionName: fn, payload: JSON.stringify(record.payload ?? {}) };
    }
    case 'delivery': {
      const fn = LAMBDA_ARN.exec(record.targetArn)?.[0];
      if (!fn) return { action: 'keep', reason: `target is not a Lambda function: ${record.targetArn}` };
      return { action: 'invoke', functionName: fn, payload: record.body || '{}' };
    }
    case 'stream':
      return {
        action: 'drop',
        reason: 'the batch’s outbox items are still pending in the table: the ten-minute sweep sends them',
      };
    case 'unknown':
      return { action: 'keep', reason: 'not a message this tool knows; read it with --json' };
    default: {
      const never: never = record;
      return never;
    }
  }
}

/** The function's name in an ARN (…:function:name[:qualifier]), or the ARN itself. */
export function functionNameOf(arn: string): string {
  return /:function:([A-Za-z0-9_-]+)/.exec(arn)?.[1] ?? arn;
}

/** One line for a record: when, what, which function, why. */
export function describeFailure(record: FailureRecord, sentAt?: string): string {
  const when = (record.kind !== 'unknown' && 'at' in record && record.at) || sentAt || '?';
  const why = (error: string | undefined) => (error ? ` — ${error.replace(/\s+/g, ' ').slice(0, 200)}` : '');
  switch (record.kind) {
    case 'invocation':
      return `${when}  invocation  ${functionNameOf(record.functionArn)} gave up (${record.condition}) on ${preview(JSON.stringify(record.payload ?? null))}${why(record.error)}`;
    case 'delivery':
      return `${when}  delivery    ${record.source ? `${lastPart(record.source)} ` : ''}could not invoke ${functionNameOf(record.targetArn)} with ${preview(record.body)}${why(record.error)}`;
    case 'stream':
      return `${when}  stream      ${functionNameOf(record.functionArn)} gave up (${record.condition}) on ${record.batch.batchSize ?? '?'} record(s) of shard ${record.batch.shardId ?? '?'}${why(record.error)}`;
    case 'unknown':
      return `${when}  unknown     ${preview(record.body)}`;
    default: {
      const never: never = record;
      return never;
    }
  }
}

const preview = (s: string) => (s.length > 120 ? `${s.slice(0, 117)}...` : s);
const lastPart = (arn: string) => arn.split('/').pop() ?? arn;

/** The region in an SQS queue URL (https://sqs.<region>.amazonaws.com/<account>/<name>). */
export function regionOfQueueUrl(url: string): string | undefined {
  try {
    return /^sqs\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?$/.exec(new URL(url).hostname)?.[1];
  } catch {
    return undefined;
  }
}

export const FAILURES_USAGE = `npm run failures — read, redrive or empty the failures queue

Usage:
  npm run failures -- list    --queue-url <url> [--max <n>] [--json]
  npm run failures -- redrive --queue-url <url> [--max <n>] [--dry-run]
  npm run failures -- purge   --queue-url <url> --yes

The queue URL is the stack's FailuresQueueUrl output. list shows one line per message (--json:
the whole record) and hides what it read for 30 seconds. redrive invokes each failed function
again with its original event and deletes the message once Lambda accepted it; a stream batch
is deleted (its mail is still in the outbox, which the sweep sends); anything else stays.
purge deletes every message. Uses your AWS credentials (AWS_PROFILE, …).
Exit codes: 0 done, 1 failed, 2 invalid arguments.`;

export type FailuresCommand =
  | { command: 'help' }
  | { command: 'list'; queueUrl: string; region: string; max: number; json: boolean }
  | { command: 'redrive'; queueUrl: string; region: string; max: number; dryRun: boolean }
  | { command: 'purge'; queueUrl: string; region: string };

export class FailuresUsageError extends Error {
  override name = 'FailuresUsageError';
}

const OPTIONS = {
  'queue-url': { type: 'string' },
  max: { type: 'string' },
  json: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  yes: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const ALLOWED: Record<'list' | 'redrive' | 'purge', readonly (keyof typeof OPTIONS)[]> = {
  list: ['queue-url', 'max', 'json'],
  redrive: ['queue-url', 'max', 'dry-run'],
  purge: ['queue-url', 'yes'],
};

export function parseFailuresCommand(argv: string[]): FailuresCommand {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new FailuresUsageError((error as Error).message.split('. ')[0]!);
  }
  const { values, positionals } = parsed;
  const [name, ...extra] = positionals;
  if (values.help || name === undefined || name === 'help') return { command: 'help' };
  if (name !== 'list' && name !== 'redrive' && name !== 'purge') {
    throw new FailuresUsageError(`unknown command "${name}"; use list, redrive or purge`);
  }
  if (extra.length > 0) throw new FailuresUsageError(`unexpected argument "${extra[0]}"`);
  for (const option of Object.keys(values) as (keyof typeof OPTIONS)[]) {
    if (option !== 'help' && !ALLOWED[name].includes(option)) {
      throw new FailuresUsageError(`--${option} is not an option of ${name}`);
    }
  }
  const queueUrl = values['queue-url'];
  if (!queueUrl)
    throw new FailuresUsageError(`${name} needs --queue-url (the stack's FailuresQueueUrl output)`);
  const region = regionOfQueueUrl(queueUrl);
  if (!region) {
    throw new FailuresUsageError(
      `--queue-url ${queueUrl} is not an SQS queue URL (https://sqs.<region>.amazonaws.com/<account>/<name>)`,
    );
  }
  const max = values.max === undefined ? 100 : Number(values.max);
  if (!Number.isInteger(max) || max < 1 || max > 10_000) {
    throw new FailuresUsageError(`--max must be a whole number from 1 to 10000 (got "${values.max}")`);
  }
  switch (name) {
    case 'list':
      return { command: 'list', queueUrl, region, max, json: values.json === true };
    case 'redrive':
      return { command: 'redrive', queueUrl, region, max, dryRun: values['dry-run'] === true };
    case 'purge':
      if (!values.yes) {
        throw new FailuresUsageError('purge deletes every message for good: add --yes to mean it');
      }
      return { command: 'purge', queueUrl, region };
  }
}
