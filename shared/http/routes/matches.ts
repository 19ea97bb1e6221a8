import { createRoute, z } from '@hono/zod-openapi';
import { runMatchRound } from '#batch';
import {
  hasOrgRole,
  isSecretariat,
  matchSchema,
  NotFoundError,
  platformIdSchema,
  requireOrgRole,
  requireSecretariat,
  roundSchema,
  ulidSchema,
} from '#domain';
import { errorResponses, json, page, pageOf, pageQuery, router, signedIn } from '../openapi';
import { actorOf } from '../session';

// Proposed matches: an organisation's inbox, one match with its breakdown, and the secretariat's
// "run a round now". Contact details are not part of a match (they come with introductions).

const platformParam = z.object({ platformId: platformIdSchema });

export const matches = router()
  .openapi(
    createRoute({
      method: 'get',
      path: '/matches',
      tags: ['matches'],
      summary: "An organisation's proposed matches, as need side and offer side, newest first",
      ...signedIn,
      request: { query: pageQuery.extend({ organizationId: ulidSchema }) },
      responses: { 200: json(pageOf(matchSchema), 'A page of matches'), ...errorResponses },
    }),
    async (c) => {
      const { organizationId, ...paging } = c.req.valid('query');
      requireOrgRole(actorOf(c), organizationId, 'viewer');
      return c.json(page(await c.var.ctx.store.matches.inbox(organizationId, paging)), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/matches/{matchId}',
      tags: ['matches'],
      summary:
        'One match with its score breakdown and explanation (the two organisations and the secretariat)',
      ...signedIn,
      request: { params: z.object({ matchId: ulidSchema }) },
      responses: { 200: json(matchSchema, 'The match'), ...errorResponses },
    }),
    async (c) => {
      const actor = actorOf(c);
      const match = await c.var.ctx.store.matches.get(c.req.valid('param').matchId);
      const visible =
        match &&
        (hasOrgRole(actor, match.needOrganizationId, 'viewer') ||
          hasOrgRole(actor, match.offerOrganizationId, 'viewer') ||
          isSecretariat(actor, match.platformId));
      // Not 403: whether a match exists is not for a third organisation to learn.
      if (!visible) throw new NotFoundError('match');
      return c.json(match, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/platforms/{platformId}/runs/match',
      tags: ['matches'],
      summary: 'Run a matching round now (secretariat); a rerun of the day adds nothing',
      ...signedIn,
      request: { params: platformParam },
      responses: { 200: json(roundSchema, 'The round: counts and duration'), ...errorResponses },
    }),
    async (c) => {
      const { platformId } = c.req.valid('param');
      requireSecretariat(actorOf(c), platformId);
      return c.json(await runMatchRound(c.var.ctx, platformId), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/platforms/{platformId}/rounds',
      tags: ['matches'],
      summary: 'Matching rounds of the platform, newest first (secretariat)',
      ...signedIn,
      request: { params: platformParam, query: pageQuery },
      responses: { 200: json(pageOf(roundSchema), 'A page of rounds'), ...errorResponses },
    }),
    async (c) => {
      const { platformId } = c.req.valid('param');
      requireSecretariat(actorOf(c), platformId);
      return c.json(page(await c.var.ctx.store.matches.rounds(platformId, c.req.valid('query'))), 200);
    },
  );
