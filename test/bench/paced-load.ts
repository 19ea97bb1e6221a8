import { Agent, request } from 'node:http';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

// Load at a stated rate, the way users make it: each of N clients (its own keep-alive
// connection) sends a request every N / rate seconds, the clients spread evenly over that
// period, whatever the answers take. A client still waiting for its last answer sends the next
// one as soon as it has it, and that request's latency counts from when it was due, not from
// when it went out (no coordinated omission: a stall shows in the figures instead of thinning
// the load). autocannon's own rate limit sends each second's requests in one burst at the start
// of the second, which measures bursts, not a rate; its closed loop stays for the capacity.
//
// Runs in a worker thread, so generating the load does not share the server's event loop.

export interface PacedLoad {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string | undefined;
  clients: number;
  /** Requests per second from all clients together. */
  rate: number;
  seconds: number;
}

export interface PacedResult {
  /** Latency of every answered request (ms), from when it was due. */
  latencies: number[];
  statuses: Record<string, number>;
  /** Requests that got no answer (connection refused, reset). */
  failures: number;
}

/** Runs the load in a worker thread and resolves with what it measured. */
export function pacedLoad(load: PacedLoad): Promise<PacedResult> {
  return new Promise((resolve, reject) => {
    // The worker loads this file again; it is TypeScript, so tsx is registered in there first.
    const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); })`;
    const worker = new Worker(boot, { eval: true, workerData: load });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`paced load worker exited with ${code}`));
    });
  });
}

const sleepUntil = (at: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, at - performance.now())));

async function run(load: PacedLoad): Promise<PacedResult> {
  const period = (1000 * load.clients) / load.rate;
  const start = performance.now() + 50;
  const end = start + load.seconds * 1000;
  const result: PacedResult = { latencies: [], statuses: {}, failures: 0 };

  const client = async (index: number) => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    for (let due = start + (index * period) / load.clients; due < end; due += period) {
      await sleepUntil(due);
      const status = await send(load, agent);
      if (status === undefined) result.failures++;
      else {
        result.latencies.push(performance.now() - due);
        result.statuses[status] = (result.statuses[status] ?? 0) + 1;
      }
    }
    agent.destroy();
  };
  await Promise.all(Array.from({ length: load.clients }, (_, i) => client(i)));
  return result;
}

/** One request; its status, or undefined when no answer came. */
function send(load: PacedLoad, agent: Agent): Promise<number | undefined> {
  return new Promise((resolve) => {
    const req = request(load.url, { method: load.method, headers: load.headers, agent }, (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode));
      res.once('error', () => resolve(undefined));
    });
    req.once('error', () => resolve(undefined));
    req.end(load.body);
  });
}

if (!isMainThread && parentPort) {
  parentPort.postMessage(await run(workerData as PacedLoad));
}
