import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { emailSchema, personSchema } from '#domain';
import { type NewSession, requestMagicLink, signIn, signOut } from '../auth';
import { clientIp } from '../client-ip';
import type { AppEnv } from '../env';
import { errorResponses, json, jsonBody, router, signedIn } from '../openapi';
import { preferredLanguage } from '../pages/language';
import { actorOf, clearSessionCookie, setSessionCookie } from '../session';

export const sessionSchema = z
  .object({
    token: z
      .string()
      .describe('Send as `Authorization: Bearer <token>`; browsers get the same in an HttpOnly cookie'),
    csrfToken: z.string().describe('Send as X-CSRF-Token with cookie-authenticated POST/PUT/PATCH/DELETE'),
    expiresAt: z.iso.datetime(),
    person: personSchema,
    created: z.boolean().describe('true on the first sign-in (the account was just created)'),
  })
  .meta({ id: 'Session' });

/** The answer of a route that signs someone in: the session, and the same in the cookie. */
export function sessionAnswer(c: Context<AppEnv>, session: NewSession) {
  setSessionCookie(c, session.token, session.expiresAt);
  return {
    token: session.token,
    csrfToken: session.csrfToken,
    expiresAt: session.expiresAt.toISOString(),
    person: session.person,
    created: session.created,
  };
}

export const auth = router()
  .openapi(
    createRoute({
      method: 'post',
      path: '/auth/magic-link',
      tags: ['auth'],
      summary: 'Email a sign-in link (also signs up a new address)',
      description: 'Always 202 for a well-formed address, known or not (no account enumeration).',
      request: jsonBody(z.strictObject({ email: emailSchema })),
      responses: {
        202: json(z.object({ message: z.string() }), 'If the address can receive mail, a link is on its way'),
        400: errorResponses[400],
        429: errorResponses[429],
      },
    }),
    async (c) => {
      const { email } = c.req.valid('json');
      await requestMagicLink(
        c.var.ctx,
        email,
        clientIp(c),
        undefined,
        preferredLanguage(c.req.header('accept-language')),
      );
      return c.json(
        {
          message:
            'サインイン用のリンクをメールでお送りしました。15分以内に開いてください。 Check your inbox.',
        },
        202,
      );
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/auth/session',
      tags: ['auth'],
      summary: 'Exchange the token from the link for a session',
      request: jsonBody(z.strictObject({ token: z.string().min(10).max(200) })),
      responses: { 201: json(sessionSchema, 'Signed in'), 400: errorResponses[400] },
    }),
    async (c) => {
      const session = await signIn(c.var.ctx, c.req.valid('json').token);
      return c.json(sessionAnswer(c, session), 201);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/auth/sign-out',
      tags: ['auth'],
      summary: 'End this session',
      ...signedIn,
      responses: { 204: { description: 'Signed out' }, 401: errorResponses[401], 403: errorResponses[403] },
    }),
    async (c) => {
      actorOf(c);
      await signOut(c.var.ctx, c.var.auth!.session);
      clearSessionCookie(c);
      return c.body(null, 204);
    },
  );
