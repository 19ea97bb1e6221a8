import { createRoute, z } from '@hono/zod-openapi';
import {
  auditChanges,
  emailSchema,
  line,
  newPerson,
  platformContactSchema,
  platformIdSchema,
  platformSchema,
  requireSecretariat,
  tierSchema,
  versionSchema,
} from '#domain';
import { auditEntry } from '../audit';
import { errorResponses, json, jsonBody, page, pageOf, pageQuery, router, signedIn } from '../openapi';
import { actorOf } from '../session';

const platformParam = z.object({ platformId: platformIdSchema });

const platformPatchSchema = z.strictObject({
  version: versionSchema,
  name: line(100).optional(),
  nameEn: line(150).optional(),
  tiers: z.array(tierSchema).min(1).max(10).optional(),
  digest: z
    .strictObject({ weekday: z.number().int().min(0).max(6), hour: z.number().int().min(0).max(23) })
    .optional(),
  contact: platformContactSchema
    .optional()
    .describe('Replaces the whole contact; omitted fields are removed'),
});

const secretariatMemberSchema = z
  .object({ personId: z.string(), platformId: z.string(), email: z.string(), createdAt: z.string() })
  .meta({ id: 'SecretariatMember' });

export const platforms = router()
  .openapi(
    createRoute({
      method: 'get',
      path: '/platforms',
      tags: ['platforms'],
      summary: 'All platforms hosted here (public)',
      request: { query: pageQuery },
      responses: { 200: json(pageOf(platformSchema), 'A page of platforms'), 400: errorResponses[400] },
    }),
    async (c) => c.json(page(await c.var.ctx.store.platforms.list(c.req.valid('query'))), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/platforms/{platformId}',
      tags: ['platforms'],
      summary: 'One platform (public)',
      request: { params: platformParam },
      responses: {
        200: json(platformSchema, 'The platform'),
        400: errorResponses[400],
        404: errorResponses[404],
      },
    }),
    async (c) => c.json(await c.var.ctx.store.platforms.require(c.req.valid('param').platformId), 200),
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/platforms/{platformId}',
      tags: ['platforms'],
      summary: 'Change name, tiers, digest schedule or the secretariat contact (secretariat)',
      ...signedIn,
      request: { params: platformParam, ...jsonBody(platformPatchSchema) },
      responses: { 200: json(platformSchema, 'Updated'), ...errorResponses },
    }),
    async (c) => {
      const { platformId } = c.req.valid('param');
      requireSecretariat(actorOf(c), platformId);
      const { version, ...changes } = c.req.valid('json');
      const platform = await c.var.ctx.store.platforms.require(platformId);
      const next = { ...platform, ...changes, updatedAt: c.var.ctx.now().toISOString() };
      const updated = await c.var.ctx.store.platforms.update(
        next,
        version,
        auditEntry(c, platformId, {
          action: 'platform.update',
          target: { kind: 'platform', id: platformId, label: platform.name },
          ...auditChanges(platform, next, Object.keys(changes)),
        }),
      );
      return c.json(updated, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/platforms/{platformId}/secretariat',
      tags: ['platforms'],
      summary: "The platform's secretariat (secretariat)",
      ...signedIn,
      request: { params: platformParam, query: pageQuery },
      responses: { 200: json(pageOf(secretariatMemberSchema), 'Secretariat members'), ...errorResponses },
    }),
    async (c) => {
      const { platformId } = c.req.valid('param');
      requireSecretariat(actorOf(c), platformId);
      return c.json(page(await c.var.ctx.store.people.secretariatOf(platformId, c.req.valid('query'))), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/platforms/{platformId}/secretariat',
      tags: ['platforms'],
      summary: 'Add a person to the secretariat (secretariat)',
      description: 'The person signs in with the magic link as usual; the account is created if new.',
      ...signedIn,
      request: { params: platformParam, ...jsonBody(z.strictObject({ email: emailSchema })) },
      responses: { 201: json(secretariatMemberSchema, 'Added'), ...errorResponses },
    }),
    async (c) => {
      const { platformId } = c.req.valid('param');
      const actor = actorOf(c);
      requireSecretariat(actor, platformId);
      const ctx = c.var.ctx;
      await ctx.store.platforms.require(platformId);
      const { email } = c.req.valid('json');
      const now = ctx.now().toISOString();
      const { person } = await ctx.store.people.findOrCreate(email, () => newPerson(ctx.newId(), email, now));
      const member = { personId: person.id, platformId, email, createdAt: now };
      await ctx.store.people.grantSecretariat(
        member,
        auditEntry(c, platformId, {
          action: 'secretariat.add',
          target: { kind: 'person', id: person.id, label: email },
        }),
      );
      return c.json(member, 201);
    },
  );
