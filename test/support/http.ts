import { type AppServer, freePort, LocalRuntimeError, serveApp } from '#local';
import type { Harness, Session } from './harness';

// The harness's app served over real HTTP on a loopback port, for tests where many clients call
// at once (concurrency.test.ts): connections, parsing and the Node server in the way, as in production.

export interface HttpApp {
  url: string;
  /** fetch() against the server, with a JSON body and a bearer session like Harness.request. */
  request(path: string, init?: RequestInit & { json?: unknown; as?: Session }): Promise<Response>;
  close(): Promise<void>;
}

export async function serveOverHttp(h: Harness): Promise<HttpApp> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    let server: AppServer;
    try {
      server = await serveApp(h.app.fetch, port);
    } catch (error) {
      if (attempt < 3 && error instanceof LocalRuntimeError && error.code === 'PORT_IN_USE') continue;
      throw error;
    }
    const url = `http://127.0.0.1:${port}`;
    return {
      url,
      request(path, init = {}) {
        const { json, as, ...rest } = init;
        const headers = new Headers(rest.headers);
        if (json !== undefined) headers.set('content-type', 'application/json');
        if (as) headers.set('authorization', `Bearer ${as.token}`);
        return fetch(`${url}${path}`, {
          ...rest,
          headers,
          ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
        });
      },
      close: server.stop,
    };
  }
}
