import { z } from '@hono/zod-openapi';
import type { AppContext } from '#context';
import {
  type Actor,
  ConflictError,
  type Membership,
  newAuditEntry,
  type OrganizationInFull,
  organizationInFull,
  organizationInputSchema,
  type Platform,
  requireSecretariat,
  requireTier,
} from '#domain';
import { rowKey } from '#import';
import { sendContactVerification, type VerificationMail } from './contact';
import { newMember } from './import-run';

// A member registered by hand by the secretariat, for a group that will never sign in: its
// organisation and approved membership, written like one row of the member import (so a later
// import of a list with the same name or 会員番号 finds it), but nobody is invited. Its contact
// address gets a confirmation link instead; until it is opened the organisation, which has no
// people, receives no mail at all (shared/batch/mailboxes.ts), and afterwards all of it.

export const memberRegistrationSchema = z
  .strictObject({
    organization: organizationInputSchema,
    tier: z
      .string()
      .min(1)
      .max(32)
      .optional()
      .describe("The member's tier; the platform's first when not given"),
    memberNumber: z
      .string()
      .trim()
      .min(1)
      .max(64)
      .optional()
      .describe(
        "The platform's own member number (会員番号). A later member import matches its rows by it, else by the name.",
      ),
  })
  .meta({ id: 'MemberRegistration' });
export type MemberRegistration = z.infer<typeof memberRegistrationSchema>;

export interface RegisteredMember {
  organization: OrganizationInFull;
  membership: Membership;
  /** Whether the confirmation link went out now (queued), or must be sent again later. */
  contactMail: VerificationMail;
}

export async function registerMember(
  ctx: AppContext,
  actor: Actor,
  platform: Platform,
  body: MemberRegistration,
): Promise<RegisteredMember> {
  requireSecretariat(actor, platform.id);
  const tier = body.tier ?? platform.tiers[0]!.id;
  requireTier(platform, tier);
  await requireNewName(ctx, platform.id, body.organization.name);
  const now = ctx.now().toISOString();
  const key = rowKey(body.memberNumber, body.organization.name);
  const member = newMember(
    ctx,
    actor,
    platform,
    { key, tier, organization: body.organization },
    now,
    undefined,
  );
  member.audit = newAuditEntry(
    actor,
    platform.id,
    {
      action: 'members.register',
      target: { kind: 'organization', id: member.organization.id, label: member.organization.name },
      detail: { tier, ...(body.memberNumber ? { memberNumber: body.memberNumber } : {}) },
    },
    now,
    ctx.newId(),
  );
  const [written] = await ctx.store.imports.createMembers([member], now);
  if (!written) {
    throw new ConflictError(
      body.memberNumber
        ? `会員番号「${body.memberNumber}」の団体は、すでに会員として登録されています。 A member with this number is registered already.`
        : `「${body.organization.name}」は、すでに会員として登録されています。 A member with this name is registered already.`,
      'member-exists',
    );
  }
  const contactMail = await sendContactVerification(ctx, actor, member.organization, false, { platform });
  ctx.log.info('member registered by hand', {
    platformId: platform.id,
    organizationId: member.organization.id,
  });
  return {
    organization: organizationInFull(member.organization),
    membership: member.membership,
    contactMail,
  };
}

/**
 * The same group twice is a mistake, whether it was imported, registered by hand (with or
 * without a member number) or applied itself: names are compared as the import compares them
 * (width, case and spaces folded). A group of the same name elsewhere in Japan is another group.
 */
async function requireNewName(ctx: AppContext, platformId: string, name: string): Promise<void> {
  const key = rowKey(undefined, name);
  const [records, ...statuses] = await Promise.all([
    ctx.store.imports.records(platformId),
    ...(['approved', 'pending', 'suspended'] as const).map((s) =>
      ctx.store.memberships.organizationsWithStatus(platformId, s),
    ),
  ]);
  const names = [
    ...[...records.values()].map((r) => r.organization.name),
    ...(await ctx.store.organizations.getMany(statuses.flat())).map((o) => o.name),
  ];
  if (names.some((n) => rowKey(undefined, n) === key)) {
    throw new ConflictError(
      `「${name}」は、すでにこのプラットフォームの会員（または申請中）です。 An organisation of this name is already a member or has applied.`,
      'member-exists',
    );
  }
}
