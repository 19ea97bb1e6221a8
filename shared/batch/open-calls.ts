import type { AppContext } from '#context';
import { type Match, type Need, type Offer, rankApplications } from '#domain';

// An open call's applicants (公募, issue 19), as the offering organisation and the secretariat
// see them: every application (an introduction of origin open_call on the offer), best first by
// the engine's score, with the applying need and organisation. Selecting one is the offer side's
// acceptance (shared/batch/introductions.ts), which takes a slot atomically.

export interface Application {
  match: Match;
  need?: Need | undefined;
  organizationName?: string | undefined;
}

/** All applications to an open-call offer, ranked (rankApplications). */
export async function applicationsOf(ctx: AppContext, offer: Offer): Promise<Application[]> {
  const matches: Match[] = [];
  let cursor: string | undefined;
  do {
    const page = await ctx.store.matches.ofOffer(offer.id, { limit: 100, cursor });
    matches.push(...page.items.filter((m) => m.origin === 'open_call'));
    cursor = page.cursor;
  } while (cursor);
  const ranked = rankApplications(matches);
  const [needs, orgs] = await Promise.all([
    ctx.store.needs.getMany(ranked.flatMap((m) => m.needId ?? [])),
    ctx.store.organizations.getMany(ranked.map((m) => m.needOrganizationId)),
  ]);
  const needById = new Map(needs.map((n) => [n.id, n]));
  const nameById = new Map(orgs.map((o) => [o.id, o.name]));
  return ranked.map((match) => ({
    match,
    need: match.needId ? needById.get(match.needId) : undefined,
    organizationName: nameById.get(match.needOrganizationId),
  }));
}
