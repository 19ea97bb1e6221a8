import { createRoute, z } from '@hono/zod-openapi';
import type { AppContext } from '#context';
import {
  type Actor,
  ConflictError,
  hasOrgRole,
  membershipSchema,
  NotFoundError,
  ORG_ROLES,
  type Organization,
  type OrgRole,
  organizationInputSchema,
  organizationPatchSchema,
  organizationSchema,
  orgRoleChangeSchema,
  publicOrganization,
  requireOrgRole,
  UnauthorizedError,
  ulidSchema,
} from '#domain';
import type { OrgMember } from '#store';
import {
  errorResponses,
  json,
  jsonBody,
  page,
  pageOf,
  pageQuery,
  router,
  secured,
  signedIn,
} from '../openapi';
import { actorOf } from '../session';

const orgParam = z.object({ organizationId: ulidSchema });

const orgMemberSchema = z
  .object({
    personId: z.string(),
    organizationId: z.string(),
    email: z.string(),
    role: z.enum(ORG_ROLES),
    createdAt: z.string(),
  })
  .meta({ id: 'OrganizationMember' });

/** People of the organisation see everything; so does the secretariat of a platform it applied to. */
export async function canSeeOrganizationInFull(ctx: AppContext, actor: Actor, organizationId: string) {
  if (hasOrgRole(actor, organizationId, 'viewer')) return true;
  if (actor.secretariatOf.size === 0) return false;
  const memberships = await ctx.store.memberships.ofOrganization(organizationId);
  return memberships.some((m) => actor.secretariatOf.has(m.platformId));
}

export const organizations = router()
  .openapi(
    createRoute({
      method: 'post',
      path: '/organizations',
      tags: ['organizations'],
      summary: 'Register an organisation; you become its owner',
      ...signedIn,
      request: jsonBody(organizationInputSchema),
      responses: { 201: json(organizationSchema, 'Created'), ...errorResponses },
    }),
    async (c) => {
      const actor = actorOf(c);
      const ctx = c.var.ctx;
      const now = ctx.now().toISOString();
      const input = c.req.valid('json');
      const org: Organization = {
        ...input,
        directoryListed: input.directoryListed ?? false,
        id: ctx.newId(),
        createdAt: now,
        updatedAt: now,
        version: 1,
      };
      await ctx.store.organizations.create(org, { personId: actor.person.id, email: actor.person.email });
      return c.json(org, 201);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/organizations/{organizationId}',
      tags: ['organizations'],
      summary: 'One organisation',
      description:
        'Its people and the secretariat of its platforms see the contact person; other signed-in members see the rest. Anonymous visitors see organisations listed in the directory.',
      security: [...secured, {}],
      request: { params: orgParam },
      responses: { 200: json(organizationSchema.partial(), 'The organisation'), ...errorResponses },
    }),
    async (c) => {
      const { organizationId } = c.req.valid('param');
      const ctx = c.var.ctx;
      const org = await ctx.store.organizations.require(organizationId);
      const actor = c.var.auth?.actor;
      if (!actor) {
        if (!org.directoryListed) throw new UnauthorizedError();
        return c.json(publicOrganization(org), 200);
      }
      const full = await canSeeOrganizationInFull(ctx, actor, organizationId);
      return c.json(full ? org : publicOrganization(org), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/organizations/{organizationId}',
      tags: ['organizations'],
      summary: 'Update the profile (editor or owner)',
      ...signedIn,
      request: { params: orgParam, ...jsonBody(organizationPatchSchema) },
      responses: { 200: json(organizationSchema, 'Updated'), ...errorResponses },
    }),
    async (c) => {
      const { organizationId } = c.req.valid('param');
      requireOrgRole(actorOf(c), organizationId, 'editor');
      const ctx = c.var.ctx;
      const { version, ...changes } = c.req.valid('json');
      const org = await ctx.store.organizations.require(organizationId);
      const next = organizationSchema.parse({ ...org, ...changes, updatedAt: ctx.now().toISOString() });
      return c.json(await ctx.store.organizations.update(next, version), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/organizations/{organizationId}/people',
      tags: ['organizations'],
      summary: "The organisation's people and roles",
      ...signedIn,
      request: { params: orgParam, query: pageQuery },
      responses: { 200: json(pageOf(orgMemberSchema), 'People'), ...errorResponses },
    }),
    async (c) => {
      const { organizationId } = c.req.valid('param');
      const ctx = c.var.ctx;
      if (!(await canSeeOrganizationInFull(ctx, actorOf(c), organizationId))) {
        requireOrgRole(actorOf(c), organizationId, 'viewer');
      }
      return c.json(page(await ctx.store.people.peopleOf(organizationId, c.req.valid('query'))), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/organizations/{organizationId}/people/{personId}',
      tags: ['organizations'],
      summary: "Change a person's role (owner)",
      description:
        'People join by invitation only (POST …/invitations). The last owner cannot step down (409 last-owner).',
      ...signedIn,
      request: { params: orgParam.extend({ personId: ulidSchema }), ...jsonBody(orgRoleChangeSchema) },
      responses: { 200: json(orgMemberSchema, 'Changed'), ...errorResponses },
    }),
    async (c) => {
      const { organizationId, personId } = c.req.valid('param');
      requireOrgRole(actorOf(c), organizationId, 'owner');
      const { role } = c.req.valid('json');
      const ctx = c.var.ctx;
      const member = await requireAnotherOwner(ctx, organizationId, personId, role);
      if (!(await ctx.store.people.changeRole(personId, organizationId, role)))
        throw new NotFoundError('person');
      return c.json({ ...member, role }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/organizations/{organizationId}/people/{personId}',
      tags: ['organizations'],
      summary: 'Remove a person (owner), or leave yourself',
      ...signedIn,
      request: { params: orgParam.extend({ personId: ulidSchema }) },
      responses: { 204: { description: 'Removed' }, ...errorResponses },
    }),
    async (c) => {
      const { organizationId, personId } = c.req.valid('param');
      const actor = actorOf(c);
      if (personId !== actor.person.id) requireOrgRole(actor, organizationId, 'owner');
      else requireOrgRole(actor, organizationId, 'viewer');
      await requireAnotherOwner(c.var.ctx, organizationId, personId);
      await c.var.ctx.store.people.removeAffiliation(personId, organizationId);
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/organizations/{organizationId}/memberships',
      tags: ['memberships'],
      summary: "The organisation's platform memberships",
      ...signedIn,
      request: { params: orgParam },
      responses: {
        200: json(z.object({ items: z.array(membershipSchema) }), 'Memberships'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const { organizationId } = c.req.valid('param');
      const ctx = c.var.ctx;
      const actor = actorOf(c);
      const items = await ctx.store.memberships.ofOrganization(organizationId);
      if (!hasOrgRole(actor, organizationId, 'viewer')) {
        const visible = items.filter((m) => actor.secretariatOf.has(m.platformId));
        if (visible.length === 0) requireOrgRole(actor, organizationId, 'viewer');
        return c.json({ items: visible }, 200);
      }
      return c.json({ items }, 200);
    },
  );

/**
 * An organisation always keeps at least one owner: an owner may leave or step down (to `nextRole`)
 * only while another owner stays. Returns the person as they are now.
 */
async function requireAnotherOwner(
  ctx: AppContext,
  organizationId: string,
  leavingPersonId: string,
  nextRole?: OrgRole,
): Promise<OrgMember> {
  const people = await ctx.store.people.peopleOf(organizationId, { limit: 100 });
  const target = people.items.find((p) => p.personId === leavingPersonId);
  if (!target) throw new NotFoundError('person');
  if (target.role !== 'owner' || nextRole === 'owner') return target;
  if (!people.items.some((p) => p.role === 'owner' && p.personId !== leavingPersonId)) {
    throw new ConflictError(
      '団体には管理者が1人以上必要です。先に別の方を管理者にしてください。 An organisation needs at least one owner.',
      'last-owner',
    );
  }
  return target;
}
