import { createRoute, z } from '@hono/zod-openapi';
import {
  INVITATION_DAYS,
  invitationInputSchema,
  invitationSchema,
  invitationView,
  NotFoundError,
  ORG_ROLES,
  requireOrgRole,
  termsConsentInputSchema,
  ulidSchema,
} from '#domain';
import { epoch } from '../auth';
import { acceptInvitation, invite } from '../invitations';
import {
  errorResponses,
  json,
  jsonBody,
  page,
  pageOf,
  pageQuery,
  problem,
  router,
  signedIn,
} from '../openapi';
import { actorOf } from '../session';
import { sessionAnswer, sessionSchema } from './auth';

// Joining an organisation: its owners invite an address, the address accepts by the mailed link.

const orgParam = z.object({ organizationId: ulidSchema });

const invitedSchema = z
  .object({
    id: z.string().describe('The invitation, to see in the list or to withdraw'),
    expiresAt: z.iso.datetime(),
  })
  .meta({ id: 'Invited' });

const acceptedSchema = sessionSchema
  .extend({
    organizationId: z.string(),
    role: z.enum(ORG_ROLES).describe('The role in the organisation now'),
    joined: z
      .boolean()
      .describe('false when the person already was one of its people: their role did not change'),
  })
  .meta({ id: 'AcceptedInvitation' });

const gone = problem('The invitation was used, withdrawn, replaced or has expired');

export const invitations = router()
  .openapi(
    createRoute({
      method: 'post',
      path: '/organizations/{organizationId}/invitations',
      tags: ['organizations'],
      summary: 'Invite someone to the organisation with a role (owner)',
      description: `Mails the address a link that works once for ${INVITATION_DAYS} days. The answer is the same for every address, whether or not it has an account, and nobody joins (and no account is made) until the link is accepted. A new invitation to the same address replaces the pending one (a new link; the old one stops working). Rate-limited per inviter and per address (429 with Retry-After); an address that is already one of the people is a 409 already-member.`,
      ...signedIn,
      request: { params: orgParam, ...jsonBody(invitationInputSchema) },
      responses: { 202: json(invitedSchema, 'Invited: the mail is on its way'), ...errorResponses },
    }),
    async (c) => {
      const { organizationId } = c.req.valid('param');
      const invited = await invite(c.var.ctx, actorOf(c), organizationId, c.req.valid('json'));
      return c.json(invited, 202);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/organizations/{organizationId}/invitations',
      tags: ['organizations'],
      summary: 'Pending invitations, newest first (owner)',
      ...signedIn,
      request: { params: orgParam, query: pageQuery },
      responses: { 200: json(pageOf(invitationSchema), 'Pending invitations'), ...errorResponses },
    }),
    async (c) => {
      const { organizationId } = c.req.valid('param');
      requireOrgRole(actorOf(c), organizationId, 'owner');
      const ctx = c.var.ctx;
      const pending = await ctx.store.invitations.pendingOf(
        organizationId,
        c.req.valid('query'),
        epoch(ctx.now()),
      );
      return c.json(page({ ...pending, items: pending.items.map(invitationView) }), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/organizations/{organizationId}/invitations/{invitationId}',
      tags: ['organizations'],
      summary: 'Withdraw a pending invitation (owner)',
      ...signedIn,
      request: { params: orgParam.extend({ invitationId: ulidSchema }) },
      responses: { 204: { description: 'Withdrawn: the link no longer works' }, ...errorResponses },
    }),
    async (c) => {
      const { organizationId, invitationId } = c.req.valid('param');
      requireOrgRole(actorOf(c), organizationId, 'owner');
      if (!(await c.var.ctx.store.invitations.revoke(organizationId, invitationId)))
        throw new NotFoundError('invitation');
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/invitations/accept',
      tags: ['organizations'],
      summary: 'Accept an invitation with the token from its link',
      description:
        'Works once, signed in or not: the link proves the mailbox, so this signs in as the invited address (creating the account if it is new) and adds the person with the invited role, in one transaction. Creating an account needs `consent` (400 at `consent` without it); given for an existing account, it is recorded too. The answer is a session like POST /v1/auth/session. Any session sent along is ignored.',
      request: jsonBody(
        z.strictObject({
          token: z.string().min(10).max(200),
          consent: termsConsentInputSchema
            .optional()
            .describe(
              'Agreement to the current terms and privacy notice: required when the address has no account yet',
            ),
        }),
      ),
      responses: {
        201: json(acceptedSchema, 'Joined and signed in'),
        400: errorResponses[400],
        410: gone,
      },
    }),
    async (c) => {
      const { token, consent } = c.req.valid('json');
      const accepted = await acceptInvitation(c.var.ctx, token, consent);
      return c.json(
        {
          ...sessionAnswer(c, accepted),
          organizationId: accepted.organizationId,
          role: accepted.role,
          joined: accepted.joined,
        },
        201,
      );
    },
  );
