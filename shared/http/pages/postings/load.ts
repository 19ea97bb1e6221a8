import { type Actor, requireOrgRole } from '#domain';
import type { C, PostingKind } from './words';

// What the posting pages read besides the posting: the repository of a side, the platforms an
// organisation may post on, the organisation an editor may post for, today in Tokyo.

export const repoOf = (c: C, side: PostingKind) =>
  side === 'need' ? c.var.ctx.store.needs : c.var.ctx.store.offers;

/** The platforms where the organisation is an approved member (where it may post). */
export async function approvedPlatforms(c: C, organizationId: string) {
  const memberships = await c.var.ctx.store.memberships.ofOrganization(organizationId);
  const ids = memberships.filter((m) => m.status === 'approved').map((m) => m.platformId);
  const platforms = await Promise.all(ids.map((id) => c.var.ctx.store.platforms.get(id)));
  return platforms.flatMap((p) => (p ? [p] : []));
}

export async function requireEditableOrg(c: C, actor: Actor, organizationId: string) {
  requireOrgRole(actor, organizationId, 'editor');
  return c.var.ctx.store.organizations.require(organizationId);
}

export const today = (c: C) =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Tokyo' }).format(c.var.ctx.now());
