import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { LocalService } from './dynamodb-local';
import { portInUse } from './errors';
import { isPortOpen, stopperOf } from './ports';
import { watchByProbe } from './watch';

export type SesLocal = LocalService & {
  /** The browser mail viewer (magic links can be read there). */
  viewerUrl: string;
};

export type SesLocalOptions = {
  port: number;
  /** Use an aws-ses-v2-local that already answers on the port instead of failing. */
  reuse?: boolean;
};

const PROBE_TIMEOUT_MS = 3000;

type CreateSesServer = (config?: { host?: string; port?: number }) => Promise<Server>;

// aws-ses-v2-local is CommonJS with `exports.default`; an ESM default import would hand us the
// whole exports object under Node, so require it. Lazily: only starting the server needs express.
function loadSesServer(): CreateSesServer {
  const exported = createRequire(import.meta.url)('aws-ses-v2-local') as { default: CreateSesServer };
  return exported.default;
}

/** True when the endpoint answers like aws-ses-v2-local (health check and mail store). */
export async function isSesLocal(endpoint: string): Promise<boolean> {
  try {
    const health = await fetch(`${endpoint}/health-check`, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    await health.arrayBuffer();
    if (!health.ok) return false;
    const store = await fetch(`${endpoint}/store`, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    const body: unknown = store.ok ? await store.json() : undefined;
    return typeof body === 'object' && body !== null && Array.isArray((body as { emails?: unknown }).emails);
  } catch {
    return false;
  }
}

/** Runs aws-ses-v2-local inside this process on 127.0.0.1. */
export async function startSesLocal({ port, reuse = false }: SesLocalOptions): Promise<SesLocal> {
  const endpoint = `http://127.0.0.1:${port}`;
  const viewerUrl = `http://localhost:${port}/`;

  if (await isPortOpen(port)) {
    if (reuse && (await isSesLocal(endpoint))) {
      return {
        endpoint,
        viewerUrl,
        reused: true,
        stop: async () => {},
        watch: (onLoss, probe) =>
          watchByProbe(
            () => isSesLocal(endpoint),
            (what) => onLoss(`SES local at ${endpoint} (reused, not started here) ${what}`),
            probe,
          ),
      };
    }
    throw portInUse(port, 'SES_PORT');
  }

  const server = await loadSesServer()({ host: '127.0.0.1', port });
  // Its listen error goes to the callback and the promise still resolves: check instead.
  if (!server.listening) throw portInUse(port, 'SES_PORT');

  const close = stopperOf(server);
  let stopped = false;
  const stop = () => {
    stopped = true;
    return close();
  };
  return {
    endpoint,
    viewerUrl,
    reused: false,
    stop,
    // It runs in this process: it can only go away if its server closes without stop().
    watch: (onLoss) => {
      const closed = () => {
        if (!stopped) onLoss(`SES local (in this process, port ${port}) closed its server`);
      };
      server.once('close', closed);
      return () => server.off('close', closed);
    },
  };
}
