import { createRoute, z } from '@hono/zod-openapi';
import type { AppContext } from '#context';
import {
  type Actor,
  ConflictError,
  contactVerificationAfter,
  hasOrgRole,
  isContactVerified,
  membershipSchema,
  NotFoundError,
  ORG_ROLES,
  type OrgRole,
  organizationInFull,
  organizationInFullSchema,
  organizationInputSchema,
  organizationPatchSchema,
  orgRoleChangeSchema,
  patchedOrganization,
  publicOrganization,
  requireOrgRole,
  UnauthorizedError,
  ulidSchema,
} from '#domain';
import type { OrgMember } from '#store';
import { isSecretariatOfApplicant, organizationView, requireOrgRoleOrCaretaker } from '../access';
import { sendContactVerification, verifyNewContact } from '../contact';
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

/** For a confirmation link the secretariat causes: the platform named in its mail. */
async function registeredBy(ctx: AppContext, caretaker: string | undefined) {
  const platform = caretaker ? await ctx.store.platforms.get(caretaker) : undefined;
  return platform ? { platform } : undefined;
}

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
  return hasOrgRole(actor, organizationId, 'viewer') || isSecretariatOfApplicant(ctx, actor, organizationId);
}

export const organizations = router()
  .openapi(
    createRoute({
      method: 'post',
      path: '/organizations',
      tags: ['organizations'],
      summary: 'Register an organisation; you become its owner',
      description:
        'A contact address other than your own sign-in address gets a confirmation link by mail; until it is opened, mail for the organisation goes to its owners (`contactVerified: false`).',
      ...signedIn,
      request: jsonBody(organizationInputSchema),
      responses: { 201: json(organizationInFullSchema, 'Created'), ...errorResponses },
    }),
    async (c) => {
      const actor = actorOf(c);
      const ctx = c.var.ctx;
      const now = ctx.now().toISOString();
      const input = c.req.valid('json');
      const org = contactVerificationAfter(
        {
          ...input,
          directoryListed: input.directoryListed ?? false,
          id: ctx.newId(),
          createdAt: now,
          updatedAt: now,
          version: 1,
        },
        actor.person.email,
        now,
      );
      await ctx.store.organizations.create(org, { personId: actor.person.id, email: actor.person.email });
      await verifyNewContact(ctx, actor, undefined, org);
      return c.json(organizationInFull(org), 201);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/organizations/{organizationId}',
      tags: ['organizations'],
      summary: 'One organisation',
      description:
        'Its people and the secretariat of a platform it applied to see everything, with the contact person and whether that address is confirmed. An organisation listed in the directory is shown to anyone without the contact person; an unlisted one only to people of an organisation that has a match with it (also without), and to anyone else it is `404`, like one that does not exist (anonymous callers: `401`).',
      security: [...secured, {}],
      request: { params: orgParam },
      responses: { 200: json(organizationInFullSchema.partial(), 'The organisation'), ...errorResponses },
    }),
    async (c) => {
      const { organizationId } = c.req.valid('param');
      const ctx = c.var.ctx;
      const actor = c.var.auth?.actor;
      const org = await ctx.store.organizations.get(organizationId);
      const view = org ? await organizationView(ctx, actor, org) : 'hidden';
      if (!org || view === 'hidden') {
        // Sign in first, whether or not it exists; signed in, hidden and unknown look the same.
        if (!actor) throw new UnauthorizedError();
        throw new NotFoundError('organization');
      }
      return c.json(view === 'full' ? organizationInFull(org) : publicOrganization(org), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/organizations/{organizationId}',
      tags: ['organizations'],
      summary: 'Update the profile (editor or owner; the secretariat for a member it registered by hand)',
      description:
        'A changed contact address is unconfirmed again (unless it is your own sign-in address) and gets a confirmation link by mail. `null` clears an optional part of the profile (activityArea, activities, phone, representative, staffRange, volunteerRange). An organisation registered before 活動分野 were asked for must add `activityFields` with its next edit (400 otherwise).',
      ...signedIn,
      request: { params: orgParam, ...jsonBody(organizationPatchSchema) },
      responses: { 200: json(organizationInFullSchema, 'Updated'), ...errorResponses },
    }),
    async (c) => {
      const { organizationId } = c.req.valid('param');
      const actor = actorOf(c);
      const ctx = c.var.ctx;
      const caretaker = await requireOrgRoleOrCaretaker(ctx, actor, organizationId, 'editor');
      const { version, ...changes } = c.req.valid('json');
      const org = await ctx.store.organizations.require(organizationId);
      const now = ctx.now().toISOString();
      const patched = patchedOrganization(org, changes, now);
      // The secretariat's own address is not the organisation's: it is confirmed by the link.
      const next = caretaker ? patched : contactVerificationAfter(patched, actor.person.email, now);
      const saved = await ctx.store.organizations.update(next, version);
      await verifyNewContact(ctx, actor, org, saved, await registeredBy(ctx, caretaker));
      return c.json(organizationInFull(saved), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/organizations/{organizationId}/contact/verification',
      tags: ['organizations'],
      summary:
        'Mail the confirmation link to the contact address again (editor or owner; the secretariat for a member it registered by hand)',
      description:
        'For an unconfirmed contact address. At most 3 mails an hour to one address (and 20 an hour caused by one person), then `429` with `Retry-After`; an address already confirmed is `409 contact-verified`, one that bounced or complained before `409 contact-undeliverable`.',
      ...signedIn,
      request: { params: orgParam },
      responses: {
        202: json(z.object({ message: z.string() }), 'The link is on its way'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const { organizationId } = c.req.valid('param');
      const actor = actorOf(c);
      const ctx = c.var.ctx;
      // The secretariat looks after a member it registered by hand (nobody of its own signs in).
      const caretaker = await requireOrgRoleOrCaretaker(ctx, actor, organizationId, 'editor');
      const org = await ctx.store.organizations.require(organizationId);
      if (isContactVerified(org)) {
        throw new ConflictError(
          'この連絡先メールアドレスは確認済みです。 The contact address is already confirmed.',
          'contact-verified',
        );
      }
      await sendContactVerification(ctx, actor, org, true, await registeredBy(ctx, caretaker));
      return c.json(
        {
          message: `${org.contact.email} あてに確認用のリンクをお送りしました。 A confirmation link is on its way.`,
        },
        202,
      );
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
