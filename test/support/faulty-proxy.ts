import { once } from 'node:events';
import net from 'node:net';
import { loopbackUrl } from '#local';

// A TCP proxy between the app and a real server (DynamoDB Local) that can stall, slow down, cut
// or stop the line, the way a network or a dying server does. No mock: the bytes are the SDK's
// and the server's own. It also spots each DynamoDB request going by (its X-Amz-Target header),
// so a test can strike at "the 30th transaction" instead of at a guessed moment.

export interface FaultyProxy {
  /** http://127.0.0.1:<port>: give this to the client instead of the server's endpoint. */
  endpoint: string;
  /** Holds every byte in both directions (a stalled server or network) until resume(). */
  pause(): void;
  /** Holds only the server's answers (requests still reach it) until resume(). */
  holdAnswers(): void;
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
  /**
   * Called once a whole request (headers and body) has been handed to the server's socket, with
   * the same operation and count as onRequest: the server has it, or is reading it.
   */
  onForwarded(listener: (operation: string, seen: number) => void): void;
  /** Called when the server's answer to a forwarded request starts coming back, with how long that took. */
  onAnswered(listener: (operation: string, seen: number, ms: number) => void): void;
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

/** The request going out on a line: its headers read so far, then the body bytes still to come. */
interface Outgoing {
  operation: string;
  seen: number;
  head: string;
  /** Body bytes not yet passed on; undefined until the headers are complete. */
  remaining?: number;
}

/** The request on its way back: forwarded at this time, answer not yet seen. */
interface Awaiting {
  operation: string;
  seen: number;
  at: number;
}

const TARGET = /x-amz-target:\s*DynamoDB_\d+\.(\w+)/gi;

export async function faultyProxy(target: string): Promise<FaultyProxy> {
  // Loopback only: the proxy never connects anywhere else.
  const { hostname, port: targetPort } = loopbackUrl(target);
  const lines = new Set<Line>();
  const listeners: ((operation: string, seen: number) => void)[] = [];
  const forwardedListeners: ((operation: string, seen: number) => void)[] = [];
  const answeredListeners: ((operation: string, seen: number, ms: number) => void)[] = [];
  const stats = {
    requests: {} as Record<string, number>,
    connections: 0,
    cut: 0,
    refusedWhileStopped: false,
  };
  let latency = 0;
  type Gate = { promise: Promise<void>; open: () => void };
  let gate: Gate | undefined;
  let answerGate: Gate | undefined;
  const closedGate = (): Gate => {
    let open = () => {};
    const promise = new Promise<void>((r) => {
      open = r;
    });
    return { promise, open };
  };

  const cut = (line: Line) => {
    if (!lines.delete(line)) return;
    line.client.resetAndDestroy();
    line.server.destroy();
  };

  /** Forwards chunks in order, each after the gate and the latency; `written` once the socket took it. */
  const pump = (line: Line, to: net.Socket) => {
    let chain = Promise.resolve();
    return (chunk: Buffer | null, written?: () => void) => {
      chain = chain.then(async () => {
        if (gate) await gate.promise;
        if (to === line.client && answerGate) await answerGate.promise;
        if (latency > 0) await new Promise((r) => setTimeout(r, latency));
        if (!lines.has(line) || to.destroyed) return;
        if (chunk === null) to.end();
        else to.write(chunk, (error) => (error ? undefined : written?.()));
      });
    };
  };

  /** Follows the requests on one line, chunk by chunk: which chunk ends which request. */
  const requestTracker = () => {
    let outgoing: Outgoing | undefined;
    /** The requests a chunk completes (usually none or one). */
    return (chunk: Buffer): Outgoing[] => {
      const done: Outgoing[] = [];
      let rest = chunk;
      while (rest.length > 0) {
        if (!outgoing) {
          const text = rest.toString('latin1');
          const target = /x-amz-target:\s*DynamoDB_\d+\.(\w+)/i.exec(text);
          // Not a DynamoDB request (or its first bytes): nothing to follow.
          if (!target) return done;
          outgoing = { operation: target[1]!, seen: -1, head: '' };
        }
        if (outgoing.remaining === undefined) {
          outgoing.head += rest.toString('latin1');
          const end = outgoing.head.indexOf('\r\n\r\n');
          if (end < 0) return done;
          const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(outgoing.head)?.[1] ?? 0);
          const bodyHere = outgoing.head.length - (end + 4);
          outgoing.remaining = length - bodyHere;
          rest = Buffer.alloc(0);
          if (outgoing.remaining <= 0) {
            done.push(outgoing);
            outgoing = undefined;
          }
        } else {
          const used = Math.min(outgoing.remaining, rest.length);
          outgoing.remaining -= used;
          rest = rest.subarray(used);
          if (outgoing.remaining <= 0) {
            done.push(outgoing);
            outgoing = undefined;
          }
        }
      }
      return done;
    };
  };

  const server = net.createServer((client) => {
    stats.connections++;
    const upstream = net.connect(Number(targetPort), hostname.replace(/^\[(.*)\]$/, '$1'));
    const line: Line = { client, server: upstream };
    lines.add(line);
    const toServer = pump(line, upstream);
    const toClient = pump(line, client);
    const track = requestTracker();
    const counts: number[] = [];
    let awaiting: Awaiting | undefined;
    client.on('data', (chunk: Buffer) => {
      for (const [, operation] of chunk.toString('latin1').matchAll(TARGET)) {
        const seen = stats.requests[operation!] ?? 0;
        stats.requests[operation!] = seen + 1;
        counts.push(seen);
        for (const listener of listeners) listener(operation!, seen);
      }
      const completed = track(chunk);
      // One request at a time on a line (the SDK does not pipeline): counts come in order.
      for (const request of completed) request.seen = counts.shift() ?? -1;
      if (!lines.has(line)) return;
      toServer(chunk, () => {
        for (const request of completed) {
          awaiting = { operation: request.operation, seen: request.seen, at: performance.now() };
          for (const listener of forwardedListeners) listener(request.operation, request.seen);
        }
      });
    });
    upstream.on('data', (chunk: Buffer) => {
      const answered = awaiting;
      awaiting = undefined;
      if (answered) {
        const ms = performance.now() - answered.at;
        for (const listener of answeredListeners) listener(answered.operation, answered.seen, ms);
      }
      toClient(chunk);
    });
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
      gate ??= closedGate();
    },
    holdAnswers() {
      answerGate ??= closedGate();
    },
    resume() {
      const held = [gate, answerGate];
      gate = undefined;
      answerGate = undefined;
      for (const g of held) g?.open();
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
    onForwarded(listener) {
      forwardedListeners.push(listener);
    },
    onAnswered(listener) {
      answeredListeners.push(listener);
    },
    async close() {
      proxy.resume();
      proxy.cutAll();
      if (server.listening) await new Promise<void>((r) => server.close(() => r()));
    },
  };
  return proxy;
}
