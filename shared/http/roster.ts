import type { AppContext } from '#context';
import {
  type Actor,
  ForbiddenError,
  isSecretariat,
  matchesProfile,
  type ProfileFilter,
  type RosterEntry,
  rosterEntry,
  sharesRoster,
} from '#domain';
import { approvedOrganizationsOf } from './access';

// The members-only roster (会員名簿) of a platform: read by its secretariat and the people of its
// approved members. Contacts are shown only of members that share theirs, and only to readers
// who share their own (reciprocity) or to the secretariat (shared/domain/roster.ts).

export interface Roster {
  items: RosterEntry[];
  /** The platform asks for roster sharing (its application form has a roster consent). */
  sharingAsked: boolean;
  /** The reader sees shared contacts: the secretariat, or a member that shares its own. */
  readerSees: boolean;
}

export async function rosterOf(
  ctx: AppContext,
  actor: Actor,
  platformId: string,
  filter: ProfileFilter = {},
): Promise<Roster> {
  const secretariat = isSecretariat(actor, platformId);
  const own = secretariat ? [] : await approvedOrganizationsOf(ctx, actor, platformId);
  if (!secretariat && own.length === 0) {
    throw new ForbiddenError(
      '会員名簿は、このプラットフォームの会員団体と事務局だけが見られます。 Only members and the secretariat of this platform can see the roster.',
    );
  }
  const [form, memberships] = await Promise.all([
    ctx.store.applicationForms.get(platformId, ctx.now().toISOString()),
    ctx.store.memberships.withStatus(platformId, 'approved'),
  ]);
  const readerSees =
    secretariat || memberships.some((m) => own.includes(m.organizationId) && sharesRoster(form, m));
  const orgs = new Map(
    (await ctx.store.organizations.getMany(memberships.map((m) => m.organizationId))).map((o) => [o.id, o]),
  );
  const items = memberships
    .flatMap((m) => {
      const org = orgs.get(m.organizationId);
      return org && !org.deletedAt ? [{ org, m }] : [];
    })
    .filter(({ org }) => matchesProfile(org, filter))
    .map(({ org, m }) => rosterEntry(org, m, form, readerSees))
    .sort((a, b) => (a.nameKana ?? a.name).localeCompare(b.nameKana ?? b.name, 'ja'));
  return { items, sharingAsked: form.consents.some((c) => c.purpose === 'roster'), readerSees };
}
