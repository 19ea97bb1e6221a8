import { createRoute, z } from '@hono/zod-openapi';
import { ORG_ROLES, personPatchSchema, personSchema, preferencesSchema } from '#domain';
import { introductionMailsOf, setIntroductionMails } from '#mail';
import { errorResponses, json, jsonBody, router, signedIn } from '../openapi';
import { actorOf } from '../session';

const meSchema = z
  .object({
    person: personSchema,
    organizations: z.array(z.object({ organizationId: z.string(), role: z.enum(ORG_ROLES) })),
    secretariatOf: z.array(z.string()).describe('Platform ids where this person is the secretariat'),
    csrfToken: z.string().describe('For cookie-authenticated changes (X-CSRF-Token header)'),
  })
  .meta({ id: 'Me' });

export const me = router()
  .openapi(
    createRoute({
      method: 'get',
      path: '/me',
      tags: ['me'],
      summary: 'Who I am, my organisations and roles',
      ...signedIn,
      responses: { 200: json(meSchema, 'The signed-in person'), 401: errorResponses[401] },
    }),
    (c) => {
      const actor = actorOf(c);
      return c.json(
        {
          person: actor.person,
          organizations: [...actor.orgRoles].map(([organizationId, role]) => ({ organizationId, role })),
          secretariatOf: [...actor.secretariatOf],
          csrfToken: c.var.auth!.session.csrfToken,
        },
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/me',
      tags: ['me'],
      summary: 'Change my name or language',
      ...signedIn,
      request: jsonBody(personPatchSchema),
      responses: {
        200: json(personSchema, 'Updated'),
        400: errorResponses[400],
        401: errorResponses[401],
        403: errorResponses[403],
      },
    }),
    async (c) => {
      const actor = actorOf(c);
      const person = { ...actor.person, ...c.req.valid('json'), updatedAt: c.var.ctx.now().toISOString() };
      await c.var.ctx.store.people.update(person);
      return c.json(person, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/me/preferences',
      tags: ['me'],
      summary: 'My mail preferences: weekly digest per platform, fields, regions, language',
      ...signedIn,
      responses: {
        200: json(preferencesSchema, 'Preferences (defaults filled in)'),
        401: errorResponses[401],
      },
    }),
    async (c) => {
      const actor = actorOf(c);
      const [prefs, introductionMails] = await Promise.all([
        c.var.ctx.store.people.preferences(actor.person.id),
        introductionMailsOf(c.var.ctx, actor.person.email),
      ]);
      return c.json({ language: actor.person.language, ...prefs, introductionMails }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'put',
      path: '/me/preferences',
      tags: ['me'],
      summary: 'Replace my mail preferences',
      ...signedIn,
      request: jsonBody(preferencesSchema),
      responses: {
        200: json(preferencesSchema, 'Saved'),
        400: errorResponses[400],
        401: errorResponses[401],
        403: errorResponses[403],
      },
    }),
    async (c) => {
      const actor = actorOf(c);
      const { ctx } = c.var;
      const { language, introductionMails, ...prefs } = c.req.valid('json');
      if (language !== actor.person.language) {
        await ctx.store.people.update({ ...actor.person, language, updatedAt: ctx.now().toISOString() });
      }
      await ctx.store.people.setPreferences(actor.person.id, prefs);
      const email = actor.person.email;
      const now = introductionMails
        ? await setIntroductionMails(ctx, email, introductionMails)
        : await introductionMailsOf(ctx, email);
      return c.json({ language, ...prefs, introductionMails: now }, 200);
    },
  );
