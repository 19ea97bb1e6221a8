import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DynamoDbLocal, freePort, LocalRuntimeError, startDynamoDbLocal } from '#local';

// A DynamoDB Local of a test's own that the test can really kill (SIGKILL: no shutdown, no
// flush, as a crash or a power cut) and start again on the same port and the same database file.
// On disk (-dbPath in a temp dir), not in memory, so what it had committed survives the kill.

export interface KillableDynamoDb {
  /** http://127.0.0.1:<port>: the same before and after a restart. */
  endpoint: string;
  dataDir: string;
  /** The JVM now running (a new one after each restart). */
  pid(): number;
  /** Kills the JVM at once (SIGKILL, sent before this returns); resolves once it is gone. */
  kill(): Promise<void>;
  /** Starts DynamoDB Local again on the same port and data; returns how long that took. */
  restart(): Promise<number>;
  /** Stops it and removes its data. */
  close(): Promise<void>;
}

export async function killableDynamoDb(): Promise<KillableDynamoDb> {
  const dataDir = await mkdtemp(join(tmpdir(), 'tsunagu-killable-'));
  const start = (port: number) => startDynamoDbLocal({ port, dataDir });
  let running: DynamoDbLocal | undefined;
  for (let attempt = 1; !running; attempt++) {
    try {
      running = await start(await freePort());
    } catch (error) {
      if (attempt >= 3 || !(error instanceof LocalRuntimeError && error.code === 'PORT_IN_USE')) throw error;
    }
  }
  let current: DynamoDbLocal = running;
  const { endpoint } = current;
  const port = Number(new URL(endpoint).port);
  let dead: Promise<void> | undefined;
  return {
    endpoint,
    dataDir,
    pid: () => current.pid!,
    kill() {
      process.kill(current.pid!, 'SIGKILL');
      // stop() of a killed JVM only waits for it to be gone.
      dead = current.stop();
      return dead;
    },
    async restart() {
      await dead;
      const started = performance.now();
      current = await start(port);
      dead = undefined;
      return performance.now() - started;
    },
    async close() {
      await (dead ?? current.stop());
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
