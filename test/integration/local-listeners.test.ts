import { readFile } from 'node:fs/promises';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { isPortOpen } from '#local';
import {
  formatListeners,
  type Listener,
  LOOPBACK,
  listeningSockets,
  processTree,
} from '#test/listening-sockets';
import { commandLine, leftRunning, type NpmStart, npmStart } from '#test/npm-start';

// Issue 25, item 1: DynamoDB Local listens on every interface with no authentication, so anyone on
// the network could read and write the table. Every socket `npm start` and the test harness listen
// on must be bound to 127.0.0.1 or ::1. Proved by reading, from /proc, the listening sockets of
// every process they started; nothing here connects to any address but loopback.
// Item 6: `npm start` notices when DynamoDB Local dies and stops with one plain line.

const started: NpmStart[] = [];

afterAll(async () => {
  for (const s of started) await s.cleanUp();
});

const notLoopback = (listeners: readonly Listener[]) => listeners.filter((l) => !LOOPBACK.has(l.address));

describe('npm start', { timeout: 180_000 }, () => {
  it('listens on loopback only: the app, SES local and DynamoDB Local (its JVM), nothing else; Ctrl-C leaves nothing running', async () => {
    const s = await npmStart();
    started.push(s);
    const banner = await s.banner;

    const tree = await s.tree();
    const listeners = await listeningSockets(tree);
    console.info(
      `[listeners] npm start (process tree ${tree.length} processes: ${(await Promise.all(tree.map(async (p) => `${p} ${(await commandLine(p)).split(' ')[0]?.split('/').at(-1)}`))).join(', ')}):\n${formatListeners(listeners)}`,
    );

    expect(notLoopback(listeners)).toEqual([]);
    const byPort = new Map(listeners.map((l) => [l.port, l]));
    expect(byPort.get(s.ports.app)).toMatchObject({ pid: expect.any(Number), command: 'node' });
    expect(byPort.get(s.ports.ses)).toMatchObject({ pid: byPort.get(s.ports.app)?.pid });
    expect(byPort.get(s.ports.dynamo)).toMatchObject({ command: 'java' });
    expect([...byPort.keys()].sort()).toEqual([s.ports.app, s.ports.dynamo, s.ports.ses].sort());
    // The banner says which DynamoDB Local runs, and where everything listens.
    const version = /DynamoDB Local (\d+\.\d+\.\d+), started/.exec(banner)?.[1];
    expect(version, banner).toBeDefined();
    expect(banner).toContain(
      `Listening    app 127.0.0.1:${s.ports.app}, SES local 127.0.0.1:${s.ports.ses} (in this process), DynamoDB Local 127.0.0.1:${s.ports.dynamo} (Java, pid ${byPort.get(s.ports.dynamo)?.pid})`,
    );
    console.info(`[listeners] npm start banner: DynamoDB Local ${version}`);

    const { code } = await s.interrupt();
    expect(code).toBe(0);
    expect(await leftRunning(s.seen)).toEqual([]);
    for (const port of Object.values(s.ports)) expect(await isPortOpen(port)).toBe(false);
  });

  it('stops with one line naming what died when its DynamoDB Local dies, and so does an npm start that reused it', async () => {
    const first = await npmStart();
    started.push(first);
    await first.banner;
    // A second npm start next to it reuses the first one's DynamoDB Local (and runs its own SES local).
    const second = await npmStart({ dynamo: first.ports.dynamo });
    started.push(second);
    expect(await second.banner).toContain('reused running instance, version unknown');
    const listeners = await listeningSockets(await first.tree());
    const jvm = listeners.find((l) => l.port === first.ports.dynamo && l.command === 'java');
    expect(jvm).toBeDefined();
    await second.tree();

    process.kill(jvm!.pid, 'SIGKILL');
    const killedAt = performance.now();

    const firstExit = await first.exited;
    const firstMs = performance.now() - killedAt;
    const secondExit = await second.exited;
    const secondMs = performance.now() - killedAt;

    // The app's own JSON log lines (errors go to stderr: the mail loop failing to reach DynamoDB
    // while the watch waits for its second probe) are not what a person reads: one plain line is.
    const plain = (text: string) =>
      text
        .trim()
        .split('\n')
        .filter((line) => !line.startsWith('{'));
    expect(firstExit.code).toBe(1);
    expect(plain(first.stderr())).toEqual([
      `DynamoDB Local (pid ${jvm!.pid}, port ${first.ports.dynamo}) ended: killed by SIGKILL; stopping everything else. Run npm start again. The data in ${first.dataDir} is kept.`,
    ]);
    expect(secondExit.code).toBe(1);
    expect(second.stderr().trim().split('\n').at(-1)).toEqual(plain(second.stderr())[0]);
    expect(plain(second.stderr())).toEqual([
      expect.stringMatching(
        new RegExp(
          `^DynamoDB Local at http://127\\.0\\.0\\.1:${first.ports.dynamo} \\(reused, not started here\\) stopped answering \\(2 probes 5 s apart got no answer\\); stopping everything else\\. Start that DynamoDB Local again, or free port ${first.ports.dynamo} so npm start runs its own; then run npm start\\.$`,
        ),
      ),
    ]);
    expect(await leftRunning([...first.seen, ...second.seen])).toEqual([]);
    for (const port of [...Object.values(first.ports), second.ports.app, second.ports.ses])
      expect(await isPortOpen(port)).toBe(false);
    console.info(
      `[npm start] DynamoDB Local's JVM killed: the npm start that ran it exited ${firstExit.code} after ${Math.round(firstMs)} ms, the one that reused it exited ${secondExit.code} after ${(secondMs / 1000).toFixed(1)} s; no process left`,
    );
  });
});

describe('the test harness', () => {
  it("listens on loopback only: this run's DynamoDB Local and SES local (global setup) and everything else vitest started", async () => {
    // The stand-ins live in vitest's main process (SES local in it, DynamoDB Local its child);
    // a test file runs in a worker process under it (or in a thread of it).
    const parent = await readFile(`/proc/${process.ppid}/cmdline`, 'utf8').catch(() => '');
    const root = parent.includes('vitest') ? process.ppid : process.pid;
    const tree = await processTree(root);
    const listeners = await listeningSockets(tree);
    console.info(
      `[listeners] vitest (${tree.length} processes under ${root}):\n${formatListeners(listeners)}`,
    );

    expect(notLoopback(listeners)).toEqual([]);
    const port = (endpoint: string) => Number(new URL(endpoint).port);
    expect(listeners).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ port: port(inject('dynamoEndpoint')), command: 'java' }),
        expect.objectContaining({ port: port(inject('sesEndpoint')), pid: root }),
      ]),
    );
  });
});
