import { createRoute, z } from '@hono/zod-openapi';
import { auditEntrySchema, platformIdSchema, requireSecretariat } from '#domain';
import { errorResponses, json, page, pageOf, pageQuery, router, signedIn } from '../openapi';
import { actorOf } from '../session';

// The platform's audit log (操作記録), for its secretariat: newest first, a page at a time.
// The CSV of the whole log is a page of the secretariat (/platforms/:platformId/admin/audit.csv).

const platformParam = z.object({ platformId: platformIdSchema });

export const audit = router().openapi(
  createRoute({
    method: 'get',
    path: '/platforms/{platformId}/audit',
    tags: ['platforms'],
    summary: "The secretariat's actions and exports on the platform, newest first (secretariat)",
    description:
      'Who did what and when: decisions on memberships, tier changes, news, manual runs, secretariat members, platform settings and every CSV export. Kept five years.',
    ...signedIn,
    request: { params: platformParam, query: pageQuery },
    responses: { 200: json(pageOf(auditEntrySchema), 'A page of audit entries'), ...errorResponses },
  }),
  async (c) => {
    const { platformId } = c.req.valid('param');
    requireSecretariat(actorOf(c), platformId);
    return c.json(page(await c.var.ctx.store.audit.list(platformId, c.req.valid('query'))), 200);
  },
);
