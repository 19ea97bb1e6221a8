import type { AppContext } from '#context';
import {
  type Actor,
  ForbiddenError,
  hasOrgRole,
  isInsider,
  isSecretariat,
  type Match,
  NotFoundError,
  type Organization,
  type Platform,
  requireOrgRole,
} from '#domain';

// Authorisation checks that need the store (memberships). Role checks without I/O live in #domain.

/** The actor's organisations that are approved members of the platform. */
export async function approvedOrganizationsOf(
  ctx: AppContext,
  actor: Actor,
  platformId: string,
): Promise<string[]> {
  const orgIds = [...actor.orgRoles.keys()];
  const memberships = await Promise.all(orgIds.map((id) => ctx.store.memberships.get(platformId, id)));
  return memberships.flatMap((m) => (m?.status === 'approved' ? [m.organizationId] : []));
}

export async function requireApprovedMembership(ctx: AppContext, organizationId: string, platformId: string) {
  const membership = await ctx.store.memberships.get(platformId, organizationId);
  if (membership?.status !== 'approved') {
    throw new ForbiddenError(
      'このプラットフォームで承認された会員団体のみが行える操作です。 Only approved member organisations of this platform can do this.',
    );
  }
  return membership;
}

/**
 * Platform content (needs, offers, search) is for its secretariat and the people of its approved
 * members. The platform (404 when there is none) and the actor's memberships of it are read in
 * one BatchGetItem: a search or a list waits for one round trip instead of two. A missing
 * platform is answered 404 before anyone is told they are not a member of it.
 */
export async function requirePlatformAndReader(
  ctx: AppContext,
  actor: Actor,
  platformId: string,
): Promise<Platform> {
  const secretariat = isSecretariat(actor, platformId);
  const { platform, memberships } = await ctx.store.memberships.platformAndMemberships(
    platformId,
    secretariat ? [] : [...actor.orgRoles.keys()],
  );
  if (!platform) throw new NotFoundError('platform');
  if (secretariat || memberships.some((m) => m.status === 'approved')) return platform;
  throw new ForbiddenError(
    'このプラットフォームの会員団体と事務局のみが閲覧できます。 Only members and the secretariat of this platform can see this.',
  );
}

/** A need or offer is for its organisation, the secretariat and approved members; others get 404. */
export async function requirePostingReader(
  ctx: AppContext,
  actor: Actor,
  posting: { organizationId: string; platformId: string },
  name: string,
): Promise<void> {
  if (isInsider(actor, posting)) return;
  if ((await approvedOrganizationsOf(ctx, actor, posting.platformId)).length > 0) return;
  // Not 403: whether an id exists is itself not for outsiders to learn.
  throw new NotFoundError(name);
}

/** A match is for the people of its two organisations and the secretariat; others get 404. */
export function requireMatchReader(actor: Actor, match: Match | undefined): Match {
  const visible =
    match &&
    (isInsider(actor, { organizationId: match.needOrganizationId, platformId: match.platformId }) ||
      isInsider(actor, { organizationId: match.offerOrganizationId, platformId: match.platformId }));
  if (!visible) throw new NotFoundError('match');
  return match;
}

/**
 * How much of an organisation someone may see. `full` (with the contact person): its people and
 * the secretariat of a platform it applied to. `profile` (without): anyone while it is listed in
 * the directory, and people of an organisation that has a match with it (any status). Else
 * `hidden`: an unlisted organisation is answered as if it did not exist.
 */
export async function organizationView(
  ctx: AppContext,
  actor: Actor | undefined,
  org: Organization,
): Promise<'full' | 'profile' | 'hidden'> {
  if (!actor) return org.directoryListed ? 'profile' : 'hidden';
  if (hasOrgRole(actor, org.id, 'viewer')) return 'full';
  if (await isSecretariatOfApplicant(ctx, actor, org.id)) return 'full';
  if (org.directoryListed) return 'profile';
  const own = [...actor.orgRoles.keys()];
  if (own.length > 0 && (await ctx.store.matches.anyBetween(org.id, own))) return 'profile';
  return 'hidden';
}

/** Whether the actor runs a platform the organisation applied to (any membership status). */
export async function isSecretariatOfApplicant(ctx: AppContext, actor: Actor, organizationId: string) {
  if (actor.secretariatOf.size === 0) return false;
  const memberships = await ctx.store.memberships.ofOrganization(organizationId);
  return memberships.some((m) => actor.secretariatOf.has(m.platformId));
}

/**
 * The platform whose secretariat looks after an organisation that has no people (registered by
 * hand, shared/http/member-register.ts): the actor runs a platform it is a member of. Undefined
 * for anyone else, and once the organisation has people of its own (they look after it then).
 */
export async function caretakerPlatformOf(
  ctx: AppContext,
  actor: Actor,
  organizationId: string,
): Promise<string | undefined> {
  if (actor.secretariatOf.size === 0) return undefined;
  const memberships = await ctx.store.memberships.ofOrganization(organizationId);
  const mine = memberships.find((m) => actor.secretariatOf.has(m.platformId));
  if (!mine || (await ctx.store.people.allOf(organizationId)).length > 0) return undefined;
  return mine.platformId;
}

/**
 * Editors change an organisation (owners delete it); so does the secretariat that looks after one
 * without people (its platform's id is returned then, undefined for a person of the
 * organisation). Anyone else: 403, as for someone without the role.
 */
export async function requireOrgRoleOrCaretaker(
  ctx: AppContext,
  actor: Actor,
  organizationId: string,
  least: 'editor' | 'owner',
): Promise<string | undefined> {
  if (hasOrgRole(actor, organizationId, least)) return undefined;
  const caretaker = await caretakerPlatformOf(ctx, actor, organizationId);
  if (!caretaker) requireOrgRole(actor, organizationId, least);
  return caretaker;
}
