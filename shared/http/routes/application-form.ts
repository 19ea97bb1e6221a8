import { createRoute, z } from '@hono/zod-openapi';
import {
  applicationFormInputSchema,
  applicationFormSchema,
  consentsGivenSchema,
  membershipSchema,
  NotFoundError,
  platformIdSchema,
  renewConsents,
  requireOrgRole,
  requireSecretariat,
  reviseApplicationForm,
  ulidSchema,
} from '#domain';
import { errorResponses, json, jsonBody, router, signedIn } from '../openapi';
import { actorOf } from '../session';

// A platform's application form: its questions and consents (read by anyone who may apply,
// written by its secretariat, the consent versions counted here), and agreeing again to a
// consent whose text changed (the organisation's owners and editors).

const platformParam = z.object({ platformId: platformIdSchema });

export const applicationForms = router()
  .openapi(
    createRoute({
      method: 'get',
      path: '/platforms/{platformId}/application-form',
      tags: ['platforms'],
      summary: "The platform's application form: questions and consents (public)",
      description: 'A platform that has defined none answers an empty form with version 0.',
      request: { params: platformParam },
      responses: {
        200: json(applicationFormSchema, 'The form'),
        400: errorResponses[400],
        404: errorResponses[404],
      },
    }),
    async (c) => {
      const { platformId } = c.req.valid('param');
      const ctx = c.var.ctx;
      await ctx.store.platforms.require(platformId);
      return c.json(await ctx.store.applicationForms.get(platformId, ctx.now().toISOString()), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'put',
      path: '/platforms/{platformId}/application-form',
      tags: ['platforms'],
      summary: 'Replace the application form (secretariat)',
      description:
        'Questions and consents in order. An item without `id` is new; an `id` must be on the current form. ' +
        'A consent whose text changes gets the next `version` (counted here); members who agreed to an older one are asked again at their next page.',
      ...signedIn,
      request: { params: platformParam, ...jsonBody(applicationFormInputSchema) },
      responses: { 200: json(applicationFormSchema, 'The form now'), ...errorResponses },
    }),
    async (c) => {
      const { platformId } = c.req.valid('param');
      requireSecretariat(actorOf(c), platformId);
      const ctx = c.var.ctx;
      const input = c.req.valid('json');
      const now = ctx.now().toISOString();
      await ctx.store.platforms.require(platformId);
      const current = await ctx.store.applicationForms.get(platformId, now);
      const next = reviseApplicationForm(current, input, now, () => ctx.newId());
      return c.json(await ctx.store.applicationForms.save(next, input.version), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/platforms/{platformId}/memberships/{organizationId}/consents',
      tags: ['memberships'],
      summary: 'Agree again to consents whose text changed (editor or owner of the organisation)',
      description:
        'Every required consent due must be given in its current version; an optional one due and left out is recorded as not given.',
      ...signedIn,
      request: {
        params: platformParam.extend({ organizationId: ulidSchema }),
        ...jsonBody(z.strictObject({ consents: consentsGivenSchema })),
      },
      responses: { 200: json(membershipSchema, 'The membership with its consents now'), ...errorResponses },
    }),
    async (c) => {
      const { platformId, organizationId } = c.req.valid('param');
      const actor = actorOf(c);
      requireOrgRole(actor, organizationId, 'editor');
      const ctx = c.var.ctx;
      const now = ctx.now().toISOString();
      const [membership, form] = await Promise.all([
        ctx.store.memberships.get(platformId, organizationId),
        ctx.store.applicationForms.get(platformId, now),
      ]);
      if (!membership) throw new NotFoundError('membership');
      const consents = renewConsents(
        form,
        membership.consents,
        c.req.valid('json').consents,
        now,
        actor.person.id,
      );
      return c.json(
        await ctx.store.memberships.update({ ...membership, consents, updatedAt: now }, membership.version),
        200,
      );
    },
  );
