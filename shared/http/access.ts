import type { AppContext } from '#context';
import { type Actor, ForbiddenError, isSecretariat } from '#domain';

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

/** Platform content (needs, offers) is for its secretariat and the people of its approved members. */
export async function requirePlatformReader(
  ctx: AppContext,
  actor: Actor,
  platformId: string,
): Promise<void> {
  if (isSecretariat(actor, platformId)) return;
  if ((await approvedOrganizationsOf(ctx, actor, platformId)).length > 0) return;
  throw new ForbiddenError(
    'このプラットフォームの会員団体と事務局のみが閲覧できます。 Only members and the secretariat of this platform can see this.',
  );
}
