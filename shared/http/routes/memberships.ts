import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { type MembershipChange, membershipMails } from '#batch';
import {
  checkMembershipApplication,
  declineReasonSchema,
  ForbiddenError,
  hasOrgRole,
  MEMBERSHIP_STATUSES,
  type Membership,
  type MembershipAction,
  membershipApplicationSchema,
  membershipSchema,
  NotFoundError,
  nextMembershipStatus,
  platformIdSchema,
  requireOrgRole,
  requireSecretariat,
  requireTier,
  ulidSchema,
  ValidationError,
  versionSchema,
} from '#domain';
import { membershipAudit } from '../audit';
import type { AppEnv } from '../env';
import { errorResponses, json, jsonBody, page, pageOf, pageQuery, router, signedIn } from '../openapi';
import { actorOf } from '../session';

const platformParam = z.object({ platformId: platformIdSchema });
const membershipParam = platformParam.extend({ organizationId: ulidSchema });

const decisionBody = z.strictObject({
  tier: z.string().min(1).max(32).optional().describe('Approve: set the tier at the same time'),
  reason: declineReasonSchema
    .optional()
    .describe('Decline: why, in a sentence or two; mailed to the applicant as the secretariat wrote it'),
});

function decisionRoute(action: Exclude<MembershipAction, 'apply'>, summary: string) {
  return createRoute({
    method: 'post',
    path: `/platforms/{platformId}/memberships/{organizationId}/${action}`,
    tags: ['memberships'],
    summary,
    ...signedIn,
    request: {
      params: membershipParam,
      body: { content: { 'application/json': { schema: decisionBody } }, required: false },
    },
    responses: { 200: json(membershipSchema, 'The membership now'), ...errorResponses },
  });
}

export const memberships = router()
  .openapi(
    createRoute({
      method: 'post',
      path: '/platforms/{platformId}/memberships',
      tags: ['memberships'],
      summary: 'Apply to join a platform (editor or owner of the organisation)',
      ...signedIn,
      request: { params: platformParam, ...jsonBody(membershipApplicationSchema) },
      responses: { 201: json(membershipSchema, 'Applied; the secretariat reviews it'), ...errorResponses },
    }),
    async (c) => {
      const { platformId } = c.req.valid('param');
      const body = c.req.valid('json');
      const { organizationId, message } = body;
      const actor = actorOf(c);
      requireOrgRole(actor, organizationId, 'editor');
      const ctx = c.var.ctx;
      const now = ctx.now().toISOString();
      const [platform, org, form, existing] = await Promise.all([
        ctx.store.platforms.require(platformId),
        ctx.store.organizations.require(organizationId),
        ctx.store.applicationForms.get(platformId, now),
        ctx.store.memberships.get(platformId, organizationId),
      ]);
      const status = nextMembershipStatus(existing?.status ?? 'none', 'apply');
      const {
        tier: chosenTier,
        answers,
        consents,
      } = checkMembershipApplication(platform, form, body, now, actor.person.id);
      const membership: Membership = {
        platformId,
        organizationId,
        tier: chosenTier,
        status,
        ...(message ? { message } : {}),
        ...(answers.length > 0 ? { answers } : {}),
        ...(consents.length > 0 ? { consents } : {}),
        createdAt: existing?.createdAt ?? now,
        updatedAt: now,
        version: existing?.version ?? 1,
      };
      // The receipt and the secretariat's notice, in the same transaction (membership-mails.ts).
      const next = { ...membership, version: existing ? existing.version + 1 : 1 };
      const mails = await membershipMails(ctx, 'applied', next, platform, org);
      if (existing)
        return c.json(await ctx.store.memberships.update(membership, existing.version, mails), 201);
      await ctx.store.memberships.create(membership, mails);
      return c.json(membership, 201);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/platforms/{platformId}/memberships',
      tags: ['memberships'],
      summary: 'Member organisations by status, e.g. the pending list (secretariat)',
      ...signedIn,
      request: {
        params: platformParam,
        query: pageQuery.extend({ status: z.enum(MEMBERSHIP_STATUSES).optional() }),
      },
      responses: { 200: json(pageOf(membershipSchema), 'Memberships'), ...errorResponses },
    }),
    async (c) => {
      const { platformId } = c.req.valid('param');
      requireSecretariat(actorOf(c), platformId);
      return c.json(
        page(await c.var.ctx.store.memberships.ofPlatform(platformId, c.req.valid('query'))),
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/platforms/{platformId}/memberships/{organizationId}',
      tags: ['memberships'],
      summary: 'One membership (the organisation or the secretariat)',
      ...signedIn,
      request: { params: membershipParam },
      responses: { 200: json(membershipSchema, 'The membership'), ...errorResponses },
    }),
    async (c) => {
      const { platformId, organizationId } = c.req.valid('param');
      const actor = actorOf(c);
      if (!actor.secretariatOf.has(platformId)) requireOrgRole(actor, organizationId, 'viewer');
      const membership = await c.var.ctx.store.memberships.get(platformId, organizationId);
      if (!membership) throw new NotFoundError('membership');
      return c.json(membership, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/platforms/{platformId}/memberships/{organizationId}',
      tags: ['memberships'],
      summary: 'Change the tier (secretariat)',
      ...signedIn,
      request: {
        params: membershipParam,
        ...jsonBody(z.strictObject({ version: versionSchema, tier: z.string().min(1).max(32) })),
      },
      responses: { 200: json(membershipSchema, 'Updated'), ...errorResponses },
    }),
    async (c) => {
      const { platformId, organizationId } = c.req.valid('param');
      requireSecretariat(actorOf(c), platformId);
      const ctx = c.var.ctx;
      const { version, tier } = c.req.valid('json');
      const [platform, membership] = await Promise.all([
        ctx.store.platforms.require(platformId),
        ctx.store.memberships.get(platformId, organizationId),
      ]);
      if (!membership) throw new NotFoundError('membership');
      requireTier(platform, tier);
      const next = { ...membership, tier, updatedAt: ctx.now().toISOString() };
      return c.json(
        await ctx.store.memberships.update(
          next,
          version,
          [],
          await membershipAudit(c, 'tier', membership, next),
        ),
        200,
      );
    },
  )
  .openapi(decisionRoute('approve', 'Approve a member (secretariat)'), async (c) =>
    c.json(await decide(c, 'approve', c.req.valid('param'), c.req.valid('json')), 200),
  )
  .openapi(
    decisionRoute('decline', 'Decline an application, with an optional reason (secretariat)'),
    async (c) => c.json(await decide(c, 'decline', c.req.valid('param'), c.req.valid('json')), 200),
  )
  .openapi(decisionRoute('suspend', 'Suspend an approved member (secretariat)'), async (c) =>
    c.json(await decide(c, 'suspend', c.req.valid('param'), c.req.valid('json')), 200),
  )
  .openapi(decisionRoute('withdraw', 'Withdraw from the platform (owner of the organisation)'), async (c) =>
    c.json(await decide(c, 'withdraw', c.req.valid('param'), c.req.valid('json')), 200),
  );

async function decide(
  c: Context<AppEnv>,
  action: Exclude<MembershipAction, 'apply'>,
  { platformId, organizationId }: { platformId: string; organizationId: string },
  body: z.infer<typeof decisionBody> | undefined = {},
): Promise<Membership> {
  const actor = actorOf(c);
  if (action === 'withdraw') {
    if (!hasOrgRole(actor, organizationId, 'owner') && !actor.secretariatOf.has(platformId)) {
      throw new ForbiddenError(
        '退会の手続きは団体の管理者が行えます。 Only the organisation owner can withdraw.',
      );
    }
  } else {
    requireSecretariat(actor, platformId);
  }
  const ctx = c.var.ctx;
  const [platform, membership, org] = await Promise.all([
    ctx.store.platforms.require(platformId),
    ctx.store.memberships.get(platformId, organizationId),
    ctx.store.organizations.get(organizationId),
  ]);
  if (!membership || !org) throw new NotFoundError('membership');
  if (body?.tier) requireTier(platform, body.tier);
  if (body?.reason && action !== 'decline') {
    throw new ValidationError([
      {
        path: 'reason',
        message: '理由はお断りするときだけ入力できます。 A reason goes with a decline only.',
      },
    ]);
  }
  const now = ctx.now().toISOString();
  const { reason: _earlier, ...rest } = membership;
  const next: Membership = {
    ...rest,
    status: nextMembershipStatus(membership.status, action),
    ...(body?.tier ? { tier: body.tier } : {}),
    ...(action === 'decline' && body?.reason ? { reason: body.reason } : {}),
    decidedAt: now,
    decidedBy: actor.person.id,
    updatedAt: now,
  };
  // The organisation is told, in the same transaction (membership-mails.ts).
  const change: MembershipChange =
    action === 'approve' && membership.status === 'suspended' ? 'resumed' : CHANGE_OF[action];
  const mails = await membershipMails(
    ctx,
    change,
    { ...next, version: membership.version + 1 },
    platform,
    org,
  );
  return ctx.store.memberships.update(
    next,
    membership.version,
    mails,
    await membershipAudit(
      c,
      action,
      membership,
      next,
      action === 'decline' && body?.reason ? { reason: body.reason } : undefined,
    ),
  );
}

const CHANGE_OF: Record<Exclude<MembershipAction, 'apply'>, MembershipChange> = {
  approve: 'approved',
  decline: 'declined',
  suspend: 'suspended',
  withdraw: 'withdrawn',
};
