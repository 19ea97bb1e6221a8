import { createRoute, z } from '@hono/zod-openapi';
import type { AppContext } from '#context';
import { ServiceUnavailableError } from '#domain';
import { errorResponses, json, router } from '../openapi';
import { OUTAGE_RETRY_AFTER_SECONDS } from '../problem';

// /health answers what a load balancer or an operator wants to know: can this instance serve
// requests, i.e. does the table answer? One cheap read (a key that never exists), remembered
// for a few seconds so that a busy health checker costs next to nothing; a read that hangs
// counts as down after two seconds.

const REMEMBER_OK_MS = 5000;
const REMEMBER_DOWN_MS = 2000;
const PROBE_TIMEOUT_MS = 2000;

type Reading = { ok: boolean; at: number; pending?: Promise<boolean> | undefined };
const readings = new WeakMap<AppContext, Reading>();

async function probe(ctx: AppContext): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), PROBE_TIMEOUT_MS);
  });
  try {
    return await Promise.race([
      ctx.store.probe().then(
        () => true,
        (error: unknown) => {
          ctx.log.warn('health: the table did not answer', { error: (error as Error).name });
          return false;
        },
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Whether the table answered recently; probes at most once at a time per process. */
async function tableAnswers(ctx: AppContext): Promise<boolean> {
  const now = ctx.now().getTime();
  const last = readings.get(ctx);
  if (last && now - last.at < (last.ok ? REMEMBER_OK_MS : REMEMBER_DOWN_MS)) return last.ok;
  if (last?.pending) return last.pending;
  const pending = probe(ctx);
  readings.set(ctx, { ok: last?.ok ?? false, at: last?.at ?? 0, pending });
  const ok = await pending;
  readings.set(ctx, { ok, at: ctx.now().getTime() });
  return ok;
}

export const health = router().openapi(
  createRoute({
    method: 'get',
    path: '/health',
    tags: ['meta'],
    summary: 'Readiness: the service and its table answer',
    description: `Reads the database (at most once per ${REMEMBER_OK_MS / 1000} s per instance). 503 with Retry-After while it does not answer.`,
    responses: {
      200: json(z.object({ status: z.literal('ok'), database: z.literal('ok') }), 'The service is up'),
      // Like every route: API Gateway answers this itself, before the app, with its own body.
      429: json(
        z.object({ message: z.string() }),
        'Deployed: over the API stage’s throttle (20 requests/s, bursts of 50; docs/deploy.md); API Gateway’s own answer, not problem+json',
      ),
      503: errorResponses[503],
    },
  }),
  async (c) => {
    if (!(await tableAnswers(c.var.ctx))) throw new ServiceUnavailableError(OUTAGE_RETRY_AFTER_SECONDS);
    c.header('cache-control', 'no-store');
    return c.json({ status: 'ok' as const, database: 'ok' as const }, 200);
  },
);
