import { createRoute, z } from '@hono/zod-openapi';
import { json, router } from '../openapi';

export const health = router().openapi(
  createRoute({
    method: 'get',
    path: '/health',
    tags: ['meta'],
    summary: 'Liveness check',
    responses: { 200: json(z.object({ status: z.literal('ok') }), 'The service is up') },
  }),
  (c) => c.json({ status: 'ok' as const }, 200),
);
