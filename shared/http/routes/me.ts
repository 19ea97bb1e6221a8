import { createRoute, z } from '@hono/zod-openapi';
import type { AppContext } from '#context';
import {
  ConflictError,
  hasCurrentConsent,
  NotFoundError,
  ORG_ROLES,
  patchedPerson,
  personPatchSchema,
  personSchema,
  preferencesSchema,
  ValidationError,
} from '#domain';
import { introductionMailsChange, introductionMailsOf } from '#mail';
import { errorResponses, json, jsonBody, router, signedIn } from '../openapi';
import { actorOf } from '../session';

const meSchema = z
  .object({
    person: personSchema,
    organizations: z.array(z.object({ organizationId: z.string(), role: z.enum(ORG_ROLES) })),
    secretariatOf: z.array(z.string()).describe('Platform ids where this person is the secretariat'),
    csrfToken: z.string().describe('For cookie-authenticated changes (X-CSRF-Token header)'),
    consentCurrent: z
      .boolean()
      .describe(
        'Whether the person agreed to the terms and privacy notice in force (GET /v1/legal); if not, PATCH /v1/me with `consent`',
      ),
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
          consentCurrent: hasCurrentConsent(actor.person),
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
      summary: 'Change my name, its reading or my language',
      description:
        'A person without a name (absent `person.name`) is asked for it after signing in; giving it the first time (signing up) needs `consent` to the current terms and privacy notice (GET /v1/legal), unless already given. `consent` alone records agreement to new versions. The name cannot be removed, only changed; `nameKana: null` removes the reading.',
      ...signedIn,
      request: jsonBody(personPatchSchema),
      responses: {
        200: json(personSchema, 'Updated'),
        400: errorResponses[400],
        401: errorResponses[401],
        403: errorResponses[403],
        404: errorResponses[404],
      },
    }),
    async (c) => {
      const actor = actorOf(c);
      const patch = c.req.valid('json');
      // Signing up (the first name) records agreement to the terms and the privacy notice.
      if (
        patch.name !== undefined &&
        !actor.person.name &&
        !patch.consent &&
        !hasCurrentConsent(actor.person)
      ) {
        throw new ValidationError([
          {
            path: 'consent',
            message: '利用規約とプライバシーポリシーへの同意が必要です',
          },
        ]);
      }
      const now = c.var.ctx.now().toISOString();
      if (!(await c.var.ctx.store.people.patch(actor.person.id, patch, now)))
        throw new NotFoundError('person');
      return c.json(patchedPerson(actor.person, patch, now), 200);
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
      await requireRealPlatforms(ctx, Object.keys(prefs.digest));
      const email = actor.person.email;
      // One transaction; if the suppression changed between reading and writing, read again.
      for (let attempt = 1; ; attempt++) {
        const mails = introductionMails
          ? await introductionMailsChange(ctx, email, introductionMails)
          : { change: undefined, result: await introductionMailsOf(ctx, email) };
        const person =
          language === actor.person.language
            ? undefined
            : { ...actor.person, language, updatedAt: ctx.now().toISOString() };
        const saved = await ctx.store.people.savePreferences({
          personId: actor.person.id,
          prefs,
          person,
          suppression: mails.change,
        });
        if (saved) return c.json({ language, ...prefs, introductionMails: mails.result }, 200);
        if (attempt >= 3) {
          throw new ConflictError(
            '設定が同時に変更されました。もう一度お試しください。 Your settings changed meanwhile; please try again.',
          );
        }
      }
    },
  );

/** The digest map's keys must be platforms that exist: 400 naming each one that does not. */
async function requireRealPlatforms(ctx: AppContext, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const found = new Set((await ctx.store.platforms.getMany(ids)).map((p) => p.id));
  const unknown = ids.filter((id) => !found.has(id));
  if (unknown.length > 0) {
    throw new ValidationError(
      unknown.map((id) => ({ path: `digest.${id}`, message: 'このプラットフォームはありません' })),
    );
  }
}
