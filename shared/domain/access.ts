import { ForbiddenError } from './errors';
import type { Actor, OrgRole } from './person';

const RANK: Record<OrgRole, number> = { viewer: 1, editor: 2, owner: 3 };

export function hasOrgRole(actor: Actor, organizationId: string, least: OrgRole): boolean {
  const role = actor.orgRoles.get(organizationId);
  return role !== undefined && RANK[role] >= RANK[least];
}

export function isSecretariat(actor: Actor, platformId: string): boolean {
  return actor.secretariatOf.has(platformId);
}

/**
 * Whether someone is on an organisation's side of its dealings on a platform: one of its people
 * or that platform's secretariat. Who may read its postings' introductions, and each introduction.
 */
export function isInsider(actor: Actor, of: { organizationId: string; platformId: string }): boolean {
  return hasOrgRole(actor, of.organizationId, 'viewer') || isSecretariat(actor, of.platformId);
}

export function requireOrgRole(actor: Actor, organizationId: string, least: OrgRole): void {
  if (!hasOrgRole(actor, organizationId, least)) {
    const need = { viewer: '閲覧者', editor: '編集者', owner: '管理者' }[least];
    throw new ForbiddenError(
      `この団体の${need}以上の権限が必要です。 You need the ${least} role in this organisation.`,
    );
  }
}

export function requireSecretariat(actor: Actor, platformId: string): void {
  if (!isSecretariat(actor, platformId)) {
    throw new ForbiddenError(
      'このプラットフォームの事務局のみが行える操作です。 Only the platform secretariat can do this.',
    );
  }
}
