import type { Server } from 'node:http';
import { connect, createServer } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { LocalRuntimeError } from './errors';

/** A port nobody listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('Could not determine a free port'));
      });
    });
  });
}

/** The hosts of this machine's loopback interface, as a URL spells them. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/**
 * Returns the URL when it points at this machine's loopback interface, and throws otherwise:
 * the local stand-ins and the test proxies talk to loopback only, never to another address.
 */
export function loopbackUrl(url: string): URL {
  const parsed = new URL(url);
  if (!LOOPBACK_HOSTS.has(parsed.hostname)) {
    throw new Error(`${url} is not a loopback address (127.0.0.1, ::1 or localhost)`);
  }
  return parsed;
}

/** True when something accepts TCP connections on host:port. */
export function isPortOpen(port: number, host = '127.0.0.1', timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export type WaitForOptions = {
  timeoutMs: number;
  intervalMs?: number;
  /** Completes "Timed out after N ms waiting for …". */
  what: string;
};

/**
 * Polls `check` until it returns true. A check that throws ends the wait with its error,
 * so a check can give up early (e.g. when the process it waits on has exited).
 */
export async function waitFor(
  check: () => Promise<boolean>,
  { timeoutMs, intervalMs = 100, what }: WaitForOptions,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() >= deadline) {
      throw new LocalRuntimeError('TIMEOUT', `Timed out after ${timeoutMs} ms waiting for ${what}.`);
    }
    await delay(intervalMs);
  }
}

/** Closes an HTTP server (open connections too) once, however often it is called. */
export function stopperOf(server: Server): () => Promise<void> {
  let stopping: Promise<void> | undefined;
  return () => {
    stopping ??= new Promise<void>((done) => {
      server.close(() => done());
      server.closeAllConnections();
    });
    return stopping;
  };
}
