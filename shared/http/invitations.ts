import type { AppContext } from '#context';
import {
  type Actor,
  ConflictError,
  consentAt,
  GoneError,
  INVITATION_DAYS,
  type Invitation,
  invitationToken,
  isContactVerified,
  type Language,
  mailboxOf,
  newPerson,
  ORG_ROLE_LABELS,
  type OrgRole,
  type OutboxMessage,
  outboxMessage,
  type Person,
  parseInvitationToken,
  RateLimitError,
  requireOrgRole,
  type TermsConsentInput,
  ValidationError,
} from '#domain';
import { invitationMail } from '#mail';
import type { StoredInvitation } from '#store';
import { epoch, hashToken, MAX_SESSIONS, type NewSession, newSession, secretToken } from './auth';

// Invitations to an organisation (issue: no enumeration through "add a person"). Inviting never
// looks at whether the address has an account: it reads and writes the same items for every
// address, so the answer (an invitation id and its expiry) is the same by construction, not by
// padding. The person, their affiliation and their session come into being only when the link
// is accepted, all in one transaction.

const RATE_WINDOW_SECONDS = 60 * 60;

export interface Invited {
  id: string;
  expiresAt: string;
}

/**
 * A new invitation of an address to an organisation with a role, by `actor`: as stored (its link's
 * token only as a hash) and its link mail, none when `mailed` is false (a suppressed address).
 * Inviting (below) and the member import (import-run.ts) store it with what goes with it.
 */
export function newInvitation(
  ctx: AppContext,
  actor: Actor,
  to: { organizationId: string; organizationName: string; email: string; role: OrgRole },
  options: {
    mailed: boolean;
    lang?: Language | undefined;
    registeredBy?: { platformName: string } | undefined;
  },
): { invitation: StoredInvitation; mail: OutboxMessage | undefined; expiresAt: string } {
  const now = ctx.now();
  const id = ctx.newId();
  const token = invitationToken(to.organizationId, id, secretToken());
  const invitation: Invitation = {
    id,
    organizationId: to.organizationId,
    email: to.email,
    role: to.role,
    invitedBy: {
      personId: actor.person.id,
      email: actor.person.email,
      ...(actor.person.name ? { name: actor.person.name } : {}),
    },
    createdAt: now.toISOString(),
    endsAt: epoch(now) + INVITATION_DAYS * 86_400,
  };
  const expiresAt = new Date(invitation.endsAt * 1000).toISOString();
  const mail = options.mailed
    ? outboxMessage(
        `link#invitation#${to.organizationId}#${id}`,
        'link',
        invitationMail({
          to: to.email,
          organizationName: to.organizationName,
          inviter: invitation.invitedBy,
          role: ORG_ROLE_LABELS[to.role],
          link: `${ctx.config.appUrl}/invitations/accept?token=${token}`,
          expiresAt,
          ...(options.lang ? { lang: options.lang } : {}),
          ...(options.registeredBy ? { registeredBy: options.registeredBy } : {}),
        }),
        now.toISOString(),
        expiresAt,
      )
    : undefined;
  return { invitation: { ...invitation, tokenHash: hashToken(token) }, mail, expiresAt };
}

/** Invites an address to the organisation with a role (owners only) and mails it the link. */
export async function invite(
  ctx: AppContext,
  actor: Actor,
  organizationId: string,
  input: { email: string; role: OrgRole },
): Promise<Invited> {
  requireOrgRole(actor, organizationId, 'owner');
  const now = ctx.now();
  // Per inviter (whatever the organisation: making organisations is free) and per mailbox
  // (whoever invites, however the address is spelled): nobody floods one inbox, nobody sends
  // many invitations. Sliding windows, like the sign-in limits.
  const limits = ctx.config.invitations;
  const window = { nowMs: now.getTime(), seconds: RATE_WINDOW_SECONDS };
  for (const [scope, subject, limit] of [
    ['invite-by', actor.person.id, limits.perInviter],
    ['invite-to', hashToken(mailboxOf(input.email)), limits.perAddress],
  ] as const) {
    const hit = await ctx.store.auth.hit(scope, subject, window, limit);
    if (!hit.allowed) throw new RateLimitError(hit.retryAfterSeconds);
  }
  const [org, people] = await Promise.all([
    ctx.store.organizations.require(organizationId),
    ctx.store.people.allOf(organizationId),
  ]);
  // Whether the address is already one of the people is the owner's own list, not an account.
  if (people.some((p) => p.email === input.email)) {
    throw new ConflictError(
      'このメールアドレスの方は、すでにこの団体のメンバーです。役割はメンバーの一覧から変更できます。 This address is already one of the people; change their role in the list.',
      'already-member',
    );
  }
  // Not for addresses that bounced or complained: the answer stays the same, no mail goes out.
  const suppression = await ctx.store.suppressions.get(input.email);
  // The invitation and its mail in one transaction (the link lane of the outbox): no invitation
  // without its mail, and SES refusing it later never fails this request.
  const { invitation, mail, expiresAt } = newInvitation(
    ctx,
    actor,
    { organizationId, organizationName: org.name, email: input.email, role: input.role },
    // Written in the inviter's language: the invitee has not chosen one yet.
    { mailed: !(suppression && suppression.category === undefined), lang: actor.person.language },
  );
  const id = invitation.id;
  const stored = await ctx.store.invitations.put(invitation, mail);
  if (!stored) {
    throw new ConflictError(
      '同じメールアドレスへの招待が同時に送られました。一覧を確認してください。 Another invitation to this address was sent at the same moment.',
    );
  }
  if (mail) ctx.wakeSender();
  else ctx.log.info('invitation not mailed: address suppressed', { invitationId: id });
  ctx.log.info('invitation queued', { invitationId: id, replaced: stored.replaced });
  return { id, expiresAt };
}

const GONE =
  'この招待のリンクは使用済みか、取り消されたか、新しい招待に置き換えられました。招待した方に、もう一度招待を依頼してください。 This invitation was already used, withdrawn or replaced by a newer one.';
const EXPIRED = `この招待のリンクは有効期限（${INVITATION_DAYS}日）が切れています。招待した方に、もう一度招待を依頼してください。 This invitation has expired; ask for a new one.`;

export interface InvitationPreview {
  invitation: Invitation;
  organizationName: string;
}

/** What a link's token invites to, or a 410 (used, revoked, replaced, expired, or no such link). */
export async function previewInvitation(ctx: AppContext, token: string): Promise<InvitationPreview> {
  const ids = parseInvitationToken(token);
  const invitation = ids
    ? await ctx.store.invitations.find(ids.organizationId, ids.invitationId, hashToken(token))
    : undefined;
  if (!invitation) throw new GoneError(GONE, 'invitation-gone');
  if (invitation.endsAt <= epoch(ctx.now())) throw new GoneError(EXPIRED, 'invitation-expired');
  const org = await ctx.store.organizations.get(invitation.organizationId);
  if (!org) throw new GoneError(GONE, 'invitation-gone');
  return { invitation, organizationName: org.name };
}

export interface Accepted extends NewSession {
  organizationId: string;
  role: OrgRole;
  /** False when the person already was one of the organisation's people (their role stays). */
  joined: boolean;
}

/**
 * Accepts an invitation (once): the link proves the mailbox, so it signs in as the invited
 * address, creating the person if the address is new, and adds them with the invited role, in
 * one transaction with using the invitation up. Whoever else may be signed in does not matter.
 */
export async function acceptInvitation(
  ctx: AppContext,
  token: string,
  agreed?: TermsConsentInput | undefined,
): Promise<Accepted> {
  const { invitation } = await previewInvitation(ctx, token);
  const now = ctx.now();
  const stamp = now.toISOString();
  const consent = agreed ? consentAt(agreed, stamp) : undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    const existing = await ctx.store.people.getByEmail(invitation.email);
    // A new account is made only with agreement to the terms and the privacy notice.
    if (!existing && !consent) {
      throw new ValidationError([
        { path: 'consent', message: '利用規約とプライバシーポリシーへの同意が必要です' },
      ]);
    }
    const person: Person = existing
      ? { ...existing, ...(consent ? { consent } : {}) }
      : { ...newPerson(ctx.newId(), invitation.email, stamp), ...(consent ? { consent } : {}) };
    const session = newSession(person, now);
    const outcome = await ctx.store.invitations.accept({
      invitation,
      tokenHash: hashToken(token),
      nowEpoch: epoch(now),
      person,
      newPerson: !existing,
      member: {
        personId: person.id,
        organizationId: invitation.organizationId,
        email: invitation.email,
        role: invitation.role,
        createdAt: stamp,
      },
      session: session.stored,
      consent,
    });
    if (outcome.kind === 'email-taken') continue;
    if (outcome.kind === 'gone') throw new GoneError(GONE, 'invitation-gone');
    await ctx.store.auth.pruneSessions(person.id, MAX_SESSIONS, epoch(now));
    if (outcome.kind === 'joined') await confirmInvitedContact(ctx, invitation, stamp);
    ctx.log.info('invitation accepted', { invitationId: invitation.id, joined: outcome.kind === 'joined' });
    return {
      token: session.token,
      csrfToken: session.stored.csrfToken,
      expiresAt: session.expiresAt,
      person,
      created: !existing,
      organizationId: invitation.organizationId,
      role: outcome.kind === 'joined' ? invitation.role : outcome.role,
      joined: outcome.kind === 'joined',
    };
  }
  throw new Error('an invitation kept meeting a new person with its address');
}

/**
 * An invitation to the organisation's own contact address (the member import invites it): the
 * link mailed there was opened, which proves the address as the confirmation link would.
 */
async function confirmInvitedContact(ctx: AppContext, invitation: Invitation, now: string): Promise<void> {
  const org = await ctx.store.organizations.get(invitation.organizationId);
  if (!org || isContactVerified(org) || org.contact.email !== invitation.email) return;
  if (await ctx.store.organizations.confirmContact(org.id, invitation.email, now))
    ctx.log.info('contact confirmed by invitation', { organizationId: org.id });
}
