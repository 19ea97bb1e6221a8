import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { LocalRuntimeError } from './errors';
import { isPortOpen, stopperOf } from './ports';

export type AppServer = { url: string; stop(): Promise<void> };

type Fetch = (request: Request) => Response | Promise<Response>;

function appPortInUse(port: number): LocalRuntimeError {
  return new LocalRuntimeError(
    'PORT_IN_USE',
    `Port ${port} is in use. Stop the other program or set PORT=${port + 1}.`,
  );
}

/** Fails fast, before anything else starts, when the app's port is taken. */
export async function assertAppPortFree(port: number): Promise<void> {
  if (await isPortOpen(port)) throw appPortInUse(port);
}

/** Serves a fetch handler (the Hono app) on 127.0.0.1:port until stop(). */
export function serveApp(fetch: Fetch, port: number): Promise<AppServer> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port, hostname: '127.0.0.1' }) as Server;
    const onError = (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? appPortInUse(port) : error);
    };
    server.once('error', onError);
    server.once('listening', () => {
      server.off('error', onError);
      resolve({ url: `http://localhost:${port}`, stop: stopperOf(server) });
    });
  });
}
