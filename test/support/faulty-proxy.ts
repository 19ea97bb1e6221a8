import { once } from 'node:events';
import net from 'node:net';

// A TCP proxy between the app and a real server (DynamoDB Local) that can stall, slow down, cut
// or stop the line, the way a network or a dying server does. No mock: the bytes are the SDK's
// and the server's own. It also spots each DynamoDB request going by (its X-Amz-Target header),
// so a test can strike at "the 30th transaction" instead of at a guessed moment.

export interface FaultyProxy {
  /** http://127.0.0.1:<port>: give this to the client instead of the server's endpoint. */
  endpoint: string;
  /** Holds every byte in both directions (a stalled server or network) until resume(). */
  pause(): void;
  resume(): void;
  /** Adds this much latency to every chunk, both ways; 0 removes it. */
  delay(ms: number): void;
  /** Resets every open connection, as a server that dies mid-request does. Returns how many. */
  cutAll(): number;
  /** Stops the server: open connections are reset and new ones refused, until start(). */
  stop(): void;
  /** Accepts connections again, on the same port. */
  start(): Promise<void>;
  /**
   * Called with the operation of each request on its way to the server (e.g. `TransactWriteItems`)
   * and how many of that operation came before. A listener may stop() or cutAll(): the request
   * that triggered it is then never delivered.
   */
  onRequest(listener: (operation: string, seen: number) => void): void;
  /** What went by: requests per operation, connections, cuts. */
  readonly stats: {
    requests: Record<string, number>;
    connections: number;
    cut: number;
    refusedWhileStopped: boolean;
  };
  close(): Promise<void>;
}

interface Line {
  client: net.Socket;
  server: net.Socket;
}

const TARGET = /x-amz-target:\s*DynamoDB_\d+\.(\w+)/gi;

export async function faultyProxy(target: string): Promise<FaultyProxy> {
  const { hostname, port: targetPort } = new URL(target);
  const lines = new Set<Line>();
  const listeners: ((operation: string, seen: number) => void)[] = [];
  const stats = {
    requests: {} as Record<string, number>,
    connections: 0,
    cut: 0,
    refusedWhileStopped: false,
  };
  let latency = 0;
  let gate: { promise: Promise<void>; open: () => void } | undefined;

  const cut = (line: Line) => {
    if (!lines.delete(line)) return;
    line.client.resetAndDestroy();
    line.server.destroy();
  };

  /** Forwards chunks in order, each after the gate and the latency. */
  const pump = (line: Line, to: net.Socket) => {
    let chain = Promise.resolve();
    return (chunk: Buffer | null) => {
      chain = chain.then(async () => {
        if (gate) await gate.promise;
        if (latency > 0) await new Promise((r) => setTimeout(r, latency));
        if (!lines.has(line) || to.destroyed) return;
        if (chunk === null) to.end();
        else to.write(chunk);
      });
    };
  };

  const server = net.createServer((client) => {
    stats.connections++;
    const upstream = net.connect(Number(targetPort), hostname);
    const line: Line = { client, server: upstream };
    lines.add(line);
    const toServer = pump(line, upstream);
    const toClient = pump(line, client);
    client.on('data', (chunk: Buffer) => {
      for (const [, operation] of chunk.toString('latin1').matchAll(TARGET)) {
        const seen = stats.requests[operation!] ?? 0;
        stats.requests[operation!] = seen + 1;
        for (const listener of listeners) listener(operation!, seen);
      }
      if (lines.has(line)) toServer(chunk);
    });
    upstream.on('data', (chunk: Buffer) => toClient(chunk));
    client.on('end', () => toServer(null));
    upstream.on('end', () => toClient(null));
    const drop = () => cut(line);
    client.on('error', drop);
    upstream.on('error', drop);
    client.on('close', drop);
    upstream.on('close', drop);
  });

  const listen = async (port: number) => {
    server.listen(port, '127.0.0.1');
    await once(server, 'listening');
  };
  await listen(0);
  const port = (server.address() as net.AddressInfo).port;

  const proxy: FaultyProxy = {
    endpoint: `http://127.0.0.1:${port}`,
    stats,
    pause() {
      if (gate) return;
      let open = () => {};
      const promise = new Promise<void>((r) => {
        open = r;
      });
      gate = { promise, open };
    },
    resume() {
      const g = gate;
      gate = undefined;
      g?.open();
    },
    delay(ms) {
      latency = ms;
    },
    cutAll() {
      const n = lines.size;
      for (const line of [...lines]) cut(line);
      stats.cut += n;
      return n;
    },
    stop() {
      if (server.listening) server.close();
      stats.refusedWhileStopped = true;
      proxy.cutAll();
    },
    async start() {
      if (!server.listening) await listen(port);
    },
    onRequest(listener) {
      listeners.push(listener);
    },
    async close() {
      proxy.resume();
      proxy.cutAll();
      if (server.listening) await new Promise<void>((r) => server.close(() => r()));
    },
  };
  return proxy;
}
