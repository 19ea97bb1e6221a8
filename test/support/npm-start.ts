import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadLocalConfig } from '#config';
import { freePort, waitFor } from '#local';
import { isRunning, processTree } from './listening-sockets';

// `npm start`'s entry (tsx infra/local/start.ts, as the npm script runs it) in a child process on
// free ports with its own data directory, for tests that watch it as a user would: its banner, its
// exit line and code, and the processes it leaves behind (none).

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX_CLI = createRequire(import.meta.url).resolve('tsx/cli');
const BANNER_END = 'Press Ctrl-C to stop.';

export interface NpmStart {
  pid: number;
  ports: { app: number; dynamo: number; ses: number };
  dataDir: string;
  stdout(): string;
  stderr(): string;
  /** Resolves with the banner once it is printed; rejects if the process ends first. */
  banner: Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** This process and all its descendants now (tsx, node, java, esbuild …). */
  tree(): Promise<number[]>;
  /** Every process the tree ever had (collected by tree()), for the final "nothing left" check. */
  seen: Set<number>;
  /** Ctrl-C: SIGINT, then waits for the exit. */
  interrupt(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** For a test that failed halfway: SIGKILL every process of the tree still running; removes the data dir. */
  cleanUp(): Promise<void>;
}

async function distinctFreePorts(n: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < n) ports.add(await freePort());
  return [...ports];
}

export async function npmStart(
  ports: Partial<NpmStart['ports']> = {},
  env: Record<string, string> = {},
): Promise<NpmStart> {
  const [app, dynamo, ses] = await distinctFreePorts(3);
  const chosen = { app: ports.app ?? app!, dynamo: ports.dynamo ?? dynamo!, ses: ports.ses ?? ses! };
  const dataDir = await mkdtemp(join(tmpdir(), 'tsunagu-npm-start-'));
  const javaHome = loadLocalConfig().javaHome;
  const child: ChildProcess = spawn(process.execPath, [TSX_CLI, 'infra/local/start.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ...(javaHome ? { JAVA_HOME: javaHome } : {}),
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      LOG_LEVEL: 'warn',
      PORT: String(chosen.app),
      DYNAMODB_PORT: String(chosen.dynamo),
      SES_PORT: String(chosen.ses),
      TSUNAGU_DATA_DIR: dataDir,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid!;
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  let ended = false;
  void exited.then(() => {
    ended = true;
  });
  const banner = (async () => {
    await waitFor(
      async () => {
        if (out.includes(BANNER_END)) return true;
        if (ended) throw new Error(`npm start ended before its banner:\n${out}\n${err}`);
        return false;
      },
      { timeoutMs: 120_000, intervalMs: 100, what: 'the banner of npm start' },
    );
    return out.slice(0, out.indexOf(BANNER_END) + BANNER_END.length);
  })();
  // The caller awaits it; an unobserved rejection must not fail the run on its own.
  banner.catch(() => {});

  const seen = new Set<number>([pid]);
  const tree = async () => {
    const pids = await processTree(pid);
    for (const p of pids) seen.add(p);
    return pids;
  };

  return {
    pid,
    ports: chosen,
    dataDir,
    stdout: () => out,
    stderr: () => err,
    banner,
    exited,
    tree,
    seen,
    async interrupt() {
      await tree();
      child.kill('SIGINT');
      return exited;
    },
    async cleanUp() {
      for (const p of seen) if (await isRunning(p)) process.kill(p, 'SIGKILL');
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Waits until none of these processes runs any more; returns those still running after the wait. */
export async function leftRunning(pids: Iterable<number>, timeoutMs = 15_000): Promise<number[]> {
  const all = [...pids];
  const running = async () =>
    (await Promise.all(all.map(async (p) => ((await isRunning(p)) ? p : 0)))).filter(Boolean);
  await waitFor(async () => (await running()).length === 0, {
    timeoutMs,
    intervalMs: 100,
    what: 'the processes to end',
  }).catch(() => {});
  return running();
}

/** The command line of a process, NUL-separated arguments joined with spaces. */
export async function commandLine(pid: number): Promise<string> {
  return (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0').join(' ').trim();
}
