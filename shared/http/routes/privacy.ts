import { createRoute, z } from '@hono/zod-openapi';
import {
  LEGAL_CHANGES,
  NotFoundError,
  PRIVACY_VERSION,
  platformIdSchema,
  platformRulesInputSchema,
  platformRulesSchema,
  requireSecretariat,
  TERMS_VERSION,
  ulidSchema,
} from '#domain';
import { errorResponses, json, jsonBody, problem, router, signedIn } from '../openapi';
import { deleteAccount, deleteOrganization, exportOf } from '../privacy';
import { actorOf, clearSessionCookie } from '../session';

// Terms, privacy and a person's own data: the versions in force, the download of everything
// stored about oneself, deleting one's account or an organisation, and a platform's own rules
// (docs/privacy.md).

const legalSchema = z
  .object({
    terms: z.object({ version: z.string(), url: z.string() }),
    privacy: z.object({ version: z.string(), url: z.string() }),
    changes: z.array(z.object({ version: z.string(), ja: z.string(), en: z.string() })),
  })
  .meta({ id: 'Legal' });

const exportSchema = z
  .object({
    exportedAt: z.iso.datetime(),
    person: z.record(z.string(), z.unknown()),
  })
  .catchall(z.unknown())
  .meta({ id: 'PersonalDataExport', description: 'Everything stored about the person (docs/privacy.md)' });

const deletedSchema = z
  .object({
    organizationsDeleted: z
      .array(z.string())
      .describe('Organisations where the person was the only one and nothing was open: deleted with them'),
  })
  .meta({ id: 'AccountDeleted' });

const platformParam = z.object({ platformId: platformIdSchema });

export const privacy = router()
  .openapi(
    createRoute({
      method: 'get',
      path: '/legal',
      tags: ['me'],
      summary: 'The terms of use and privacy notice in force: versions to agree to, and what changed',
      responses: { 200: json(legalSchema, 'The versions in force'), 404: errorResponses[404] },
    }),
    (c) => {
      const base = c.var.ctx.config.appUrl;
      return c.json(
        {
          terms: { version: TERMS_VERSION, url: `${base}/terms` },
          privacy: { version: PRIVACY_VERSION, url: `${base}/privacy` },
          changes: [...LEGAL_CHANGES],
        },
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/me/export',
      tags: ['me'],
      summary: 'Download everything stored about me (JSON)',
      description:
        'The person, their consent, mail preferences, organisations and roles, secretariat roles, sessions (times only) and whether their address is suppressed. Nothing of other people.',
      ...signedIn,
      responses: { 200: json(exportSchema, 'My data'), 401: errorResponses[401] },
    }),
    async (c) => {
      const data = await exportOf(c.var.ctx, actorOf(c));
      c.header('content-disposition', 'attachment; filename="tsunagu-my-data.json"');
      c.header('cache-control', 'no-store');
      return c.json(data, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/me',
      tags: ['me'],
      summary: 'Delete my account',
      description:
        'Removes the person, their preferences, roles, sessions and email pointer (signing in again makes a new account). 409 last-owner while they are the last owner of an organisation that has other people or open postings (make someone else an owner, or delete the organisation, first); 409 while they are the only secretariat of a platform. An organisation where they are the only person and nothing is open is deleted with them.',
      ...signedIn,
      responses: {
        200: json(deletedSchema, 'Deleted; the session ends with it'),
        401: errorResponses[401],
        403: errorResponses[403],
        409: problem('Last owner of an organisation with people or open postings, or only secretariat'),
      },
    }),
    async (c) => {
      const result = await deleteAccount(c.var.ctx, actorOf(c));
      if (c.var.auth?.via === 'cookie') clearSessionCookie(c);
      return c.json(result, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/organizations/{organizationId}',
      tags: ['organizations'],
      summary: 'Delete an organisation (owner)',
      description:
        'Closes its open postings, withdraws its pending invitations and its memberships, removes its people, and replaces its record with an anonymous one (no name or contact). Its introductions stay for the statistics, without who answered for it.',
      ...signedIn,
      request: { params: z.object({ organizationId: ulidSchema }) },
      responses: { 204: { description: 'Deleted' }, ...errorResponses },
    }),
    async (c) => {
      await deleteOrganization(c.var.ctx, actorOf(c), c.req.valid('param').organizationId);
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/platforms/{platformId}/rules',
      tags: ['platforms'],
      summary: "The platform's own rules (public)",
      request: { params: platformParam },
      responses: { 200: json(platformRulesSchema, 'The rules'), 404: errorResponses[404] },
    }),
    async (c) => {
      const { platformId } = c.req.valid('param');
      const { store } = c.var.ctx;
      await store.platforms.require(platformId);
      const rules = await store.privacy.rules(platformId);
      if (!rules) throw new NotFoundError('rules');
      return c.json(rules, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'put',
      path: '/platforms/{platformId}/rules',
      tags: ['platforms'],
      summary: "Write the platform's own rules (secretariat)",
      description: 'The text is the new version (its time). An empty text removes the rules.',
      ...signedIn,
      request: { params: platformParam, ...jsonBody(platformRulesInputSchema) },
      responses: {
        200: json(platformRulesSchema, 'Saved'),
        204: { description: 'Removed (empty text)' },
        ...errorResponses,
      },
    }),
    async (c) => {
      const { platformId } = c.req.valid('param');
      const { ctx } = c.var;
      requireSecretariat(actorOf(c), platformId);
      await ctx.store.platforms.require(platformId);
      const { text } = c.req.valid('json');
      if (text === '') {
        await ctx.store.privacy.removeRules(platformId);
        return c.body(null, 204);
      }
      const now = ctx.now().toISOString();
      const rules = { platformId, text, version: now, updatedAt: now };
      await ctx.store.privacy.setRules(rules);
      return c.json(rules, 200);
    },
  );
