import { createRoute, z } from '@hono/zod-openapi';
import { planDigest } from '#batch';
import {
  collaborationOf,
  MATCH_STATUSES,
  newsInputSchema,
  newsSchema,
  OUTCOMES,
  platformIdSchema,
  requireSecretariat,
} from '#domain';
import { requirePlatformAndReader } from '../access';
import { auditEntry, recordAudit } from '../audit';
import { errorResponses, json, jsonBody, page, pageOf, pageQuery, router, signedIn } from '../openapi';
import { actorOf } from '../session';

// What the secretariat does for the weekly digest: post news and events, run the digest now,
// and see what introductions came to (the platform's KPI: 具体的な連携の創出).

const platformParam = z.object({ platformId: platformIdSchema });

const digestPlanSchema = z
  .object({
    platformId: z.string(),
    week: z.string().describe('ISO week in Asia/Tokyo, e.g. 2026-W48'),
    since: z.string(),
    until: z.string(),
    members: z.number().int(),
    optedOut: z.number().int(),
    empty: z.number().int().describe('People with nothing to read this week (no mail)'),
    alreadyPlanned: z.number().int(),
    planned: z.number().int().describe('Digest mails added to the outbox by this run'),
    durationMs: z.number(),
  })
  .meta({ id: 'DigestPlan' });

const count = z.number().int();
const statsSchema = z
  .object({
    platformId: z.string(),
    matches: z.object(
      Object.fromEntries(MATCH_STATUSES.map((s) => [s, count])) as Record<
        (typeof MATCH_STATUSES)[number],
        typeof count
      >,
    ),
    outcomes: z
      .object({
        ...(Object.fromEntries(OUTCOMES.map((o) => [o, count])) as Record<
          (typeof OUTCOMES)[number],
          typeof count
        >),
        unanswered: count,
      })
      .describe('Per connected introduction: formed if either side says so, else the most hopeful answer'),
  })
  .meta({ id: 'PlatformStats' });

export const news = router()
  .openapi(
    createRoute({
      method: 'post',
      path: '/platforms/{platformId}/news',
      tags: ['digest'],
      summary: 'Post news or an event for the next weekly digest (secretariat)',
      ...signedIn,
      request: { params: platformParam, ...jsonBody(newsInputSchema) },
      responses: { 201: json(newsSchema, 'Posted'), ...errorResponses },
    }),
    async (c) => {
      const { platformId } = c.req.valid('param');
      const actor = actorOf(c);
      requireSecretariat(actor, platformId);
      await c.var.ctx.store.platforms.require(platformId);
      const now = c.var.ctx.now().toISOString();
      const item = {
        ...c.req.valid('json'),
        id: c.var.ctx.newId(),
        platformId,
        createdBy: actor.person.id,
        createdAt: now,
        updatedAt: now,
      };
      await c.var.ctx.store.news.create(
        item,
        auditEntry(c, platformId, {
          action: 'news.post',
          target: { kind: 'news', id: item.id, label: item.title },
          detail: { kind: item.kind },
        }),
      );
      return c.json(item, 201);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/platforms/{platformId}/news',
      tags: ['digest'],
      summary: "The platform's news and events, newest first (members and the secretariat)",
      ...signedIn,
      request: { params: platformParam, query: pageQuery },
      responses: { 200: json(pageOf(newsSchema), 'A page of news'), ...errorResponses },
    }),
    async (c) => {
      const { platformId } = c.req.valid('param');
      await requirePlatformAndReader(c.var.ctx, actorOf(c), platformId);
      return c.json(page(await c.var.ctx.store.news.list(platformId, c.req.valid('query'))), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/platforms/{platformId}/runs/digest',
      tags: ['digest'],
      summary: "Plan this week's digest now (secretariat); a rerun of the week adds nothing",
      ...signedIn,
      request: { params: platformParam },
      responses: { 200: json(digestPlanSchema, 'What was planned'), ...errorResponses },
    }),
    async (c) => {
      const { platformId } = c.req.valid('param');
      requireSecretariat(actorOf(c), platformId);
      const plan = await planDigest(c.var.ctx, platformId);
      await recordAudit(c, platformId, {
        action: 'run.digest',
        target: { kind: 'run', id: plan.week },
        detail: { week: plan.week, planned: plan.planned, alreadyPlanned: plan.alreadyPlanned },
      });
      return c.json(plan, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/platforms/{platformId}/stats',
      tags: ['digest'],
      summary: 'Introductions by status and what came of them (secretariat)',
      ...signedIn,
      request: { params: platformParam },
      responses: { 200: json(statsSchema, 'Counts'), ...errorResponses },
    }),
    async (c) => {
      const { platformId } = c.req.valid('param');
      requireSecretariat(actorOf(c), platformId);
      const pairs = await c.var.ctx.store.matches.pairsOf(platformId);
      const matches = Object.fromEntries(MATCH_STATUSES.map((s) => [s, 0])) as Record<
        (typeof MATCH_STATUSES)[number],
        number
      >;
      const outcomes = { formed: 0, not_formed: 0, in_progress: 0, unanswered: 0 };
      for (const pair of pairs) {
        matches[pair.status]++;
        const state = collaborationOf(pair);
        if (state) outcomes[state]++;
      }
      return c.json({ platformId, matches, outcomes }, 200);
    },
  );
