import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { LocalRuntimeError, portInUse } from './errors';
import { isPortOpen, waitFor } from './ports';

/** A local stand-in that is running: either started here (stop() ends it) or reused (stop() leaves it). */
export type LocalService = {
  endpoint: string;
  reused: boolean;
  /** The child process, when one was started for this service. */
  pid?: number;
  stop(): Promise<void>;
};

export type DynamoDbLocalOptions = {
  port: number;
  /** Where the database file lives (created if missing); undefined keeps everything in memory. */
  dataDir?: string;
  /** A JDK/JRE home; `java` on PATH otherwise. */
  javaHome?: string;
  /** Use a DynamoDB that already answers on the port instead of failing. */
  reuse?: boolean;
  startTimeoutMs?: number;
};

const STOP_GRACE_MS = 5000;
// Generous: a JVM's first answer can be slow on a busy machine, and a false "no" reads as a busy port.
const PROBE_TIMEOUT_MS = 3000;
const OUTPUT_LINES_KEPT = 20;

/** The DynamoDB Local jar shipped by amplify-dynamodb-simulator (only the jar is used). */
export function dynamoDbLocalFiles(): { jar: string; libDir: string } {
  const pkg = createRequire(import.meta.url).resolve('amplify-dynamodb-simulator/package.json');
  const emulator = join(dirname(pkg), 'emulator');
  return { jar: join(emulator, 'DynamoDBLocal.jar'), libDir: join(emulator, 'DynamoDBLocal_lib') };
}

/** True when the endpoint answers ListTables like DynamoDB does. */
export async function isDynamoDbLocal(endpoint: string): Promise<boolean> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'ap-northeast-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  try {
    // Bounded: a program that accepts connections but never answers must not stall us.
    const result = await client.send(new ListTablesCommand({ Limit: 1 }), {
      abortSignal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
    });
    return Array.isArray(result.TableNames);
  } catch {
    return false;
  } finally {
    client.destroy();
  }
}

export async function startDynamoDbLocal(options: DynamoDbLocalOptions): Promise<LocalService> {
  const { port, reuse = false, startTimeoutMs = 30_000 } = options;
  const endpoint = `http://127.0.0.1:${port}`;

  if (await isPortOpen(port)) {
    if (reuse && (await isDynamoDbLocal(endpoint))) return { endpoint, reused: true, stop: async () => {} };
    throw portInUse(port, 'DYNAMODB_PORT');
  }

  const { jar, libDir } = dynamoDbLocalFiles();
  const dbPath = options.dataDir === undefined ? undefined : resolve(options.dataDir);
  if (dbPath) await mkdir(dbPath, { recursive: true });
  const java = options.javaHome ? join(options.javaHome, 'bin', 'java') : 'java';
  // -sharedDb: one database whatever region and access key a client uses, so the app, tests and the
  // AWS CLI all see the same tables. DynamoDB Local has no option to bind 127.0.0.1 only.
  const args = [
    `-Djava.library.path=${libDir}`,
    '-jar',
    jar,
    ...(dbPath ? ['-dbPath', dbPath] : ['-inMemory']),
    '-sharedDb',
    '-disableTelemetry',
    '-port',
    String(port),
  ];
  // It writes dynamodb-local-metadata.json into its working directory: keep that out of the repo.
  const child = spawn(java, args, { cwd: dbPath ?? tmpdir(), stdio: ['ignore', 'pipe', 'pipe'] });

  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim() !== '') output.push(line);
    output.splice(0, Math.max(0, output.length - OUTPUT_LINES_KEPT));
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);

  let spawnError: NodeJS.ErrnoException | undefined;
  let ended = false;
  const closed = new Promise<void>((done) => {
    child.once('error', (error) => {
      spawnError ??= error;
      ended = true;
      done();
    });
    child.once('close', () => {
      ended = true;
      done();
    });
  });

  // If this process exits without calling stop(), the JVM must not outlive it.
  const killOnExit = () => {
    if (!ended) child.kill('SIGKILL');
  };
  process.on('exit', killOnExit);

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      if (!ended) {
        child.kill('SIGTERM');
        const force = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
        await closed;
        clearTimeout(force);
      }
      process.off('exit', killOnExit);
    })();
    return stopping;
  };

  try {
    await waitFor(
      async () => {
        if (spawnError) throw spawnFailure(spawnError, options.javaHome);
        // A failed start does not always end the JVM (a bind error leaves it idling): read its output.
        const failure = startFailure(port, output);
        if (failure) throw failure;
        if (ended) throw exitFailure(child.exitCode, output);
        return isDynamoDbLocal(endpoint);
      },
      { timeoutMs: startTimeoutMs, intervalMs: 200, what: `DynamoDB Local on port ${port}` },
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint, reused: false, pid: child.pid, stop };
}

function javaMissing(javaHome: string | undefined): LocalRuntimeError {
  const message = javaHome
    ? `Java 17+ is needed for DynamoDB Local, but JAVA_HOME=${javaHome} has no bin/java: fix or unset JAVA_HOME.`
    : 'Java 17+ is needed for DynamoDB Local: install it (apt-get install openjdk-17-jre-headless) or set JAVA_HOME.';
  return new LocalRuntimeError('JAVA_MISSING', message);
}

function spawnFailure(error: NodeJS.ErrnoException, javaHome: string | undefined): LocalRuntimeError {
  if (error.code === 'ENOENT') return javaMissing(javaHome);
  return new LocalRuntimeError('START_FAILED', `Could not start Java for DynamoDB Local: ${error.message}`);
}

function startFailure(port: number, output: string[]): LocalRuntimeError | undefined {
  const text = output.join('\n');
  if (/BindException|Address already in use/.test(text)) return portInUse(port, 'DYNAMODB_PORT');
  if (/UnsupportedClassVersionError/.test(text)) return javaMissing(undefined);
  const crash = output.find((line) => line.startsWith('Exception in thread "main"'));
  return crash
    ? new LocalRuntimeError('START_FAILED', `DynamoDB Local failed to start: ${crash}`)
    : undefined;
}

function exitFailure(code: number | null, output: string[]): LocalRuntimeError {
  const last = output.at(-1)?.trim() ?? 'no output';
  return new LocalRuntimeError('START_FAILED', `DynamoDB Local exited (code ${code ?? 'none'}): ${last}`);
}
