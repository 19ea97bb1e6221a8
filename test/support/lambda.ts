import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';

// Running a deployed bundle (cdk.out's asset.<hash>/index.mjs) as Lambda runs it: a fresh Node
// process per function that imports the bundle once (the cold start) and calls its exported
// `handler(event, context)` for each event it is sent (warm invocations), with only the
// environment the function would have. Nothing of the test's own module graph is in that process,
// so a module the bundle lacks, a wrong export or a require esbuild could not bundle fails here.

export interface Invocation {
  result?: unknown;
  error?: { name?: string; message?: string; stack?: string };
}

export interface LambdaProcess {
  readonly name: string;
  /** The process id of the function's Node (for a benchmark to read its CPU time). */
  readonly pid: number | undefined;
  /** Calls the handler with this event; resolves with what it returned or threw. */
  invoke(event: unknown): Promise<Invocation>;
  /** Calls the handler and fails with the function's own output when it throws. */
  ok<T = unknown>(event: unknown): Promise<T>;
  /** Everything the function wrote to stdout and stderr (its CloudWatch log, on Lambda). */
  output(): string;
  stop(): void;
}

// The process side: import the bundle, check its export, answer invocations over the IPC channel.
const DRIVER = `
const reply = (message) => process.send(message);
let handler;
try {
  ({ handler } = await import(process.argv.at(-1)));
  if (typeof handler !== 'function') throw new Error('the bundle exports no function "handler" (it is ' + typeof handler + ')');
} catch (error) {
  reply({ init: 'failed', error: String(error?.stack ?? error) });
  process.exit(1);
}
reply({ init: 'done' });
process.on('message', async ({ id, event, context }) => {
  const deadline = Date.now() + context.timeoutMs;
  const lambdaContext = { ...context, callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()) };
  try {
    const result = await handler(event, lambdaContext);
    reply({ id, result: result === undefined ? null : result });
  } catch (error) {
    reply({ id, error: { name: error?.name, message: error?.message, stack: error?.stack } });
  }
});`;

/**
 * Starts the bundle in `bundleDir` (index.mjs) in a fresh Node whose working directory is the
 * bundle's, as /var/task is on Lambda. Refuses a bundle that could resolve packages from a
 * node_modules above it: the deployed zip has none.
 */
export async function startLambda(
  name: string,
  bundleDir: string,
  env: Record<string, string>,
  options: { timeoutSeconds: number; memoryMb: number },
): Promise<LambdaProcess> {
  for (let dir = bundleDir; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'node_modules'))) {
      throw new Error(`${bundleDir} could resolve packages from ${join(dir, 'node_modules')}`);
    }
  }
  const child: ChildProcess = spawn(
    process.execPath,
    ['--input-type=module', '-e', DRIVER, join(bundleDir, 'index.mjs')],
    { cwd: bundleDir, env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  const waiting = new Map<string, (i: Invocation) => void>();
  let exited: string | undefined;
  const failAll = (why: string) => {
    exited = why;
    for (const resolve of waiting.values()) resolve({ error: { message: why } });
    waiting.clear();
  };
  child.on('exit', (code, signal) => failAll(`${name} exited (${signal ?? code})\n${output}`));

  await new Promise<void>((resolve, reject) => {
    child.on('message', function first(message: { init?: string; error?: string }) {
      if (!message.init) return;
      child.off('message', first);
      if (message.init === 'done') resolve();
      else reject(new Error(`${name}: the bundle did not load: ${message.error}\n${output}`));
    });
    child.on('exit', () => reject(new Error(`${name}: the bundle did not load\n${output}`)));
  });
  child.on('message', (message: Invocation & { id?: string }) => {
    if (!message.id) return;
    waiting.get(message.id)?.(message);
    waiting.delete(message.id);
  });

  const invoke = (event: unknown) =>
    new Promise<Invocation>((resolve) => {
      if (exited) return resolve({ error: { message: exited } });
      const id = randomUUID();
      waiting.set(id, resolve);
      child.send({
        id,
        event,
        context: {
          awsRequestId: id,
          functionName: env.AWS_LAMBDA_FUNCTION_NAME,
          functionVersion: '$LATEST',
          invokedFunctionArn: `arn:aws:lambda:${env.AWS_REGION}:123456789012:function:${env.AWS_LAMBDA_FUNCTION_NAME}`,
          memoryLimitInMB: String(options.memoryMb),
          logGroupName: `/aws/lambda/${env.AWS_LAMBDA_FUNCTION_NAME}`,
          logStreamName: `2026/01/01/[$LATEST]${id.replaceAll('-', '')}`,
          timeoutMs: options.timeoutSeconds * 1000,
        },
      });
    });
  return {
    name,
    pid: child.pid,
    invoke,
    async ok<T>(event: unknown) {
      const answer = await invoke(event);
      if (answer.error) {
        throw new Error(
          `${name} failed: ${answer.error.stack ?? answer.error.message}\n--- its output ---\n${output}`,
        );
      }
      return answer.result as T;
    },
    output: () => output,
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill();
    },
  };
}

export interface LambdaInvokeStub {
  /** What the functions asked Lambda to run: the function's name, the invocation type, the payload. */
  invocations: { functionName: string; invocationType: string | undefined; payload: unknown }[];
  endpoint: string;
  stop(): Promise<void>;
}

/**
 * Lambda's Invoke API on a loopback port, for the batches' fan-out (shared/fan-out): it accepts
 * asynchronous invocations (202, as Lambda answers them) and records them, and the test then runs
 * each one, as Lambda's own queue would. The bundled SDK finds it through AWS_ENDPOINT_URL_LAMBDA.
 */
export async function lambdaInvokeStub(): Promise<LambdaInvokeStub> {
  const invocations: LambdaInvokeStub['invocations'] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const found = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(req.url ?? '');
      if (req.method !== 'POST' || !found) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"not Invoke"}');
        return;
      }
      const invocationType = req.headers['x-amz-invocation-type'] as string | undefined;
      invocations.push({
        functionName: decodeURIComponent(found[1]!),
        invocationType,
        payload: JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null'),
      });
      res.writeHead(invocationType === 'Event' ? 202 : 200, { 'x-amzn-requestid': randomUUID() }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    invocations,
    endpoint: `http://127.0.0.1:${port}`,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** An API Gateway HTTP API (payload format 2.0) event, as the $default route hands it to Lambda. */
export function httpApiEvent(
  method: string,
  target: string,
  options: { json?: unknown; bearer?: string; host: string; sourceIp?: string },
) {
  const [path, query = ''] = target.split('?') as [string, string?];
  const body = options.json === undefined ? undefined : JSON.stringify(options.json);
  const sourceIp = options.sourceIp ?? '192.0.2.10';
  const now = new Date();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: query,
    headers: {
      accept: 'application/json',
      host: options.host,
      'user-agent': 'tsunagu-bundle-test',
      'x-amzn-trace-id': `Root=1-${now.getTime().toString(16)}-${randomUUID().replaceAll('-', '').slice(0, 24)}`,
      'x-forwarded-for': sourceIp,
      'x-forwarded-port': '443',
      'x-forwarded-proto': 'https',
      ...(body === undefined
        ? {}
        : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }),
      ...(options.bearer ? { authorization: `Bearer ${options.bearer}` } : {}),
    },
    ...(query ? { queryStringParameters: Object.fromEntries(new URLSearchParams(query)) } : {}),
    requestContext: {
      accountId: '123456789012',
      apiId: 'a1b2c3d4e5',
      domainName: options.host,
      domainPrefix: options.host.split('.')[0],
      http: { method, path, protocol: 'HTTP/1.1', sourceIp, userAgent: 'tsunagu-bundle-test' },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(body === undefined ? {} : { body }),
    isBase64Encoded: false,
  };
}

/** Lambda's JSON form of attribute values: binary (B, BS) as base64 strings. */
function asEventJson(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(asEventJson);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asEventJson(v)]));
  }
  return value;
}

/** A DynamoDB stream event with INSERT records of these items (as NEW_IMAGE attribute maps). */
export function streamEventOf(
  tableName: string,
  items: Record<string, unknown>[],
  keyNames: readonly string[],
) {
  return {
    Records: items
      .map(asEventJson as (item: Record<string, unknown>) => Record<string, unknown>)
      .map((NewImage, i) => ({
        eventID: randomUUID().replaceAll('-', ''),
        eventName: 'INSERT',
        eventVersion: '1.1',
        eventSource: 'aws:dynamodb',
        awsRegion: 'ap-northeast-1',
        dynamodb: {
          ApproximateCreationDateTime: Math.floor(Date.now() / 1000),
          Keys: Object.fromEntries(keyNames.map((k) => [k, NewImage[k]])),
          NewImage,
          SequenceNumber: String(100_000_000_000 + i),
          SizeBytes: JSON.stringify(NewImage).length,
          StreamViewType: 'NEW_IMAGE',
        },
        eventSourceARN: `arn:aws:dynamodb:ap-northeast-1:123456789012:table/${tableName}/stream/2026-01-01T00:00:00.000`,
      })),
  };
}

/**
 * Whether an event matches an EventBridge-style pattern (also Lambda's event filters): the subset
 * the stack uses, exact values in arrays and nested objects. Anything else (prefix, anything-but,
 * numeric …) throws rather than guessing.
 */
export function matchesPattern(pattern: unknown, event: unknown): boolean {
  if (Array.isArray(pattern)) {
    for (const p of pattern) {
      if (p !== null && typeof p === 'object') {
        throw new Error(`pattern operator ${JSON.stringify(p)} is not supported here`);
      }
    }
    const values = Array.isArray(event) ? event : [event];
    return values.some((v) => pattern.includes(v));
  }
  if (pattern === null || typeof pattern !== 'object') {
    throw new Error(`a pattern leaf must be an array, not ${JSON.stringify(pattern)}`);
  }
  if (event === null || typeof event !== 'object') return false;
  return Object.entries(pattern).every(([key, sub]) =>
    matchesPattern(sub, (event as Record<string, unknown>)[key]),
  );
}
