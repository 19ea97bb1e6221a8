import * as z from 'zod';
import { emailSchema, ULID_PATTERN } from './common';
import { ORG_ROLES, type OrgRole } from './person';

// Joining an organisation is by invitation only: an owner names an address and a role, the
// address gets a single-use link, and nobody becomes a member (or a person) before they open it
// and accept. The answer to an invitation is the same whatever the address, so inviting cannot
// tell whether someone has an account (docs/reliability.md).

/** How long an invitation link works. */
export const INVITATION_DAYS = 7;

export const invitationInputSchema = z.strictObject({
  email: emailSchema,
  role: z.enum(ORG_ROLES),
});

/** A pending invitation as the organisation's owners see it (the link's secret never leaves the mail). */
export interface Invitation {
  id: string;
  organizationId: string;
  email: string;
  role: OrgRole;
  invitedBy: { personId: string; email: string; name?: string | undefined };
  createdAt: string;
  /** When the link stops working, epoch seconds (also the stored item's TTL). */
  endsAt: number;
}

export const invitationSchema = z
  .object({
    id: z.string(),
    organizationId: z.string(),
    email: z.string(),
    role: z.enum(ORG_ROLES),
    invitedBy: z.object({ personId: z.string(), email: z.string(), name: z.string().optional() }),
    createdAt: z.iso.datetime(),
    expiresAt: z.iso.datetime(),
  })
  .meta({ id: 'Invitation' });

/** An invitation as the API shows it: the expiry as a time, not epoch seconds. */
export function invitationView(invitation: Invitation): z.infer<typeof invitationSchema> {
  const { endsAt, ...rest } = invitation;
  return { ...rest, expiresAt: new Date(endsAt * 1000).toISOString() };
}

const TOKEN = /^([0-9A-HJKMNP-TV-Z]{26})([0-9A-HJKMNP-TV-Z]{26})([A-Za-z0-9_-]{43})$/;

/**
 * An invitation link's token: the organisation's id and the invitation's id (they only say where
 * to look, like a session token's person id), then 256 random bits. Only its hash is stored.
 */
export function invitationToken(organizationId: string, invitationId: string, secret: string): string {
  return `${organizationId}${invitationId}${secret}`;
}

export function parseInvitationToken(
  token: string,
): { organizationId: string; invitationId: string } | undefined {
  const m = TOKEN.exec(token);
  if (!m || !ULID_PATTERN.test(m[1]!) || !ULID_PATTERN.test(m[2]!)) return undefined;
  return { organizationId: m[1]!, invitationId: m[2]! };
}
