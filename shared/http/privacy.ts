import type { AppContext } from '#context';
import {
  type Actor,
  anonymousOrganization,
  ConflictError,
  closePosting,
  hasCurrentConsent,
  NotFoundError,
  newAuditEntry,
  type Organization,
  PRIVACY_VERSION,
  StaleVersionError,
  TERMS_VERSION,
} from '#domain';
import type { RemainingOwner } from '#store';
import { requireOrgRoleOrCaretaker } from './access';

// A person's own data (docs/privacy.md): download it, delete the account; an owner deletes an
// organisation. Deleting an organisation touches an unbounded number of items (postings,
// memberships, introductions), so it is a sequence of steps that are each safe to repeat: the
// owner's affiliation goes only in the last one, so a failed attempt is finished by trying again.

/** Everything stored about the signed-in person, as JSON (GET /v1/me/export). */
export async function exportOf(ctx: AppContext, actor: Actor) {
  const { store } = ctx;
  const me = actor.person;
  const orgIds = [...actor.orgRoles.keys()];
  const platformIds = [...actor.secretariatOf];
  const [prefs, sessions, affiliations, orgs, platforms, suppression] = await Promise.all([
    store.people.preferences(me.id),
    store.privacy.sessionsOf(me.id),
    Promise.all(orgIds.map(async (id) => (await store.people.allOf(id)).find((p) => p.personId === me.id))),
    store.organizations.getMany(orgIds),
    store.platforms.getMany(platformIds),
    store.suppressions.get(me.email),
  ]);
  const orgName = new Map(orgs.map((o) => [o.id, o.name]));
  const platformName = new Map(platforms.map((p) => [p.id, p.name]));
  return {
    exportedAt: ctx.now().toISOString(),
    service: { appUrl: ctx.config.appUrl, terms: TERMS_VERSION, privacy: PRIVACY_VERSION },
    person: me,
    consentCurrent: hasCurrentConsent(me),
    preferences: prefs,
    organizations: affiliations.flatMap((a) =>
      a
        ? [
            {
              organizationId: a.organizationId,
              organizationName: orgName.get(a.organizationId) ?? '',
              role: a.role,
              since: a.createdAt,
            },
          ]
        : [],
    ),
    secretariatOf: platformIds.map((id) => ({ platformId: id, platformName: platformName.get(id) ?? '' })),
    sessions: sessions.map((s) => ({
      createdAt: s.createdAt,
      endsAt: new Date(s.endsAt * 1000).toISOString(),
    })),
    mailSuppression: suppression
      ? {
          reason: suppression.reason,
          since: suppression.since,
          ...(suppression.category ? { category: suppression.category } : {}),
        }
      : null,
  };
}

const lastOwner = (org: Organization) =>
  new ConflictError(
    `団体「${org.name}」の管理者はあなただけで、ほかのメンバーか公開中のニーズ・申し出があります。先に別の方を管理者にするか、団体を削除してから、アカウントを削除してください。 You are the last owner of "${org.name}", which still has other people or open postings: make someone else an owner or delete the organisation first.`,
    'last-owner',
  );

async function hasOpenPostings(ctx: AppContext, organizationId: string): Promise<boolean> {
  for (const repo of [ctx.store.needs, ctx.store.offers]) {
    let cursor: string | undefined;
    do {
      const page = await repo.ofOrganization(organizationId, { limit: 100, cursor });
      if (page.items.some((p) => p.status === 'open')) return true;
      cursor = page.cursor;
    } while (cursor);
  }
  return false;
}

/**
 * Deletes the signed-in person's account (DELETE /v1/me). Refused (409 last-owner) while they are
 * the last owner of an organisation that has other people or open postings, and (409) while they
 * are a platform's only secretariat; an organisation where they are the only person and nothing
 * is open is deleted with them.
 */
export async function deleteAccount(
  ctx: AppContext,
  actor: Actor,
): Promise<{ organizationsDeleted: string[] }> {
  const me = actor.person;
  const remaining: RemainingOwner[] = [];
  const alone: Organization[] = [];
  for (const [organizationId, role] of actor.orgRoles) {
    if (role !== 'owner') continue;
    const people = await ctx.store.people.allOf(organizationId);
    const otherOwner = people.find((p) => p.role === 'owner' && p.personId !== me.id);
    if (otherOwner) {
      remaining.push({ organizationId, personId: otherOwner.personId });
      continue;
    }
    const org = await ctx.store.organizations.require(organizationId);
    if (people.some((p) => p.personId !== me.id) || (await hasOpenPostings(ctx, organizationId)))
      throw lastOwner(org);
    alone.push(org);
  }
  for (const platformId of actor.secretariatOf) {
    const { items } = await ctx.store.people.secretariatOf(platformId, { limit: 2 });
    if (items.every((s) => s.personId === me.id)) {
      throw new ConflictError(
        `プラットフォーム（${platformId}）の事務局はあなただけです。先に別の方を事務局に加えてから、アカウントを削除してください。 You are the only secretariat of platform ${platformId}: add someone else first.`,
      );
    }
  }
  for (const org of alone) await retire(ctx, org);
  if (!(await ctx.store.privacy.deletePerson(me.id, me.email, remaining))) {
    throw new ConflictError(
      '削除の途中で団体の管理者が変わりました。もう一度お試しください。 The owners of an organisation changed meanwhile; please try again.',
    );
  }
  ctx.log.info('account deleted', { personId: me.id, organizationsDeleted: alone.length });
  return { organizationsDeleted: alone.map((o) => o.id) };
}

/** Deletes an organisation (DELETE /v1/organizations/{id}, owners): see retire. */
export async function deleteOrganization(
  ctx: AppContext,
  actor: Actor,
  organizationId: string,
): Promise<void> {
  // The secretariat deletes a member it looks after (nobody of it signs in), e.g. on its request.
  const caretaker = await requireOrgRoleOrCaretaker(ctx, actor, organizationId, 'owner');
  const org = await ctx.store.organizations.require(organizationId);
  if (org.deletedAt) throw new NotFoundError('organization');
  await retire(ctx, org);
  ctx.log.info('organization deleted', { organizationId });
  if (caretaker) {
    await ctx.store.audit.record(
      newAuditEntry(
        actor,
        caretaker,
        { action: 'members.delete', target: { kind: 'organization', id: org.id, label: org.name } },
        ctx.now().toISOString(),
        ctx.newId(),
      ),
    );
  }
}

/**
 * An organisation's deletion, step by step (each safe to repeat): open postings closed, pending
 * invitations withdrawn, memberships withdrawn, its side of each introduction without who
 * answered, and last, in one transaction, its people's affiliations removed and its record
 * replaced by an anonymous one.
 */
async function retire(ctx: AppContext, org: Organization): Promise<void> {
  const { store } = ctx;
  const now = ctx.now().toISOString();
  for (const repo of [store.needs, store.offers] as const) {
    let cursor: string | undefined;
    do {
      const page = await repo.ofOrganization(org.id, { limit: 100, cursor });
      for (const p of page.items) {
        // Each repository takes its own kind; the loop holds both.
        if (p.status === 'open')
          await (repo.update as (x: typeof p, v: number) => Promise<unknown>)(
            closePosting(p, now),
            p.version,
          );
      }
      cursor = page.cursor;
    } while (cursor);
  }
  let cursor: string | undefined;
  do {
    const page = await store.invitations.pendingOf(org.id, { limit: 100, cursor }, 0);
    for (const inv of page.items) await store.invitations.revoke(org.id, inv.id);
    cursor = page.cursor;
  } while (cursor);
  for (const m of await store.memberships.ofOrganization(org.id)) {
    if (m.status !== 'withdrawn')
      await store.memberships.update({ ...m, status: 'withdrawn', updatedAt: now }, m.version);
  }
  const sides = await store.privacy.matchIdsOf(org.id);
  const matches = new Map((await store.matches.getMany(sides.map((s) => s.id))).map((m) => [m.id, m]));
  for (const { id, side } of sides) {
    // A match changed meanwhile (an answer came in) is read again, a few times.
    for (let attempt = 0; attempt < 3; attempt++) {
      const match = attempt === 0 ? matches.get(id) : await store.matches.get(id);
      if (!match || (await store.privacy.anonymiseMatchSide(match, side, now))) break;
    }
  }
  const people = await store.people.allOf(org.id);
  const done = await store.privacy.retireOrganization(
    anonymousOrganization(org, now),
    org.version,
    people.map((p) => p.personId),
  );
  if (!done) throw new StaleVersionError();
}
