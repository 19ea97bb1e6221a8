import type { Match, Round } from '#domain';
import { type Harness, jsonOf, type Member, type Page, type Session, uniqueEmail } from './harness';

// A platform of its own for a test's round (so that no other posting of the file takes its
// proposals), the round as its secretariat runs it, and what an organisation is then proposed.

export async function ownPlatform(h: Harness): Promise<{ platformId: string; office: Session }> {
  const email = uniqueEmail('secretariat');
  const platformId = await h.platform({}, [email]);
  return { platformId, office: await h.signIn(email) };
}

export async function runRound(h: Harness, platformId: string, office: Session): Promise<Round> {
  return jsonOf<Round>(
    await h.request(`/v1/platforms/${platformId}/runs/match`, { method: 'POST', as: office }),
  );
}

export async function proposalsOf(h: Harness, member: Member): Promise<Match[]> {
  const page = await jsonOf<Page<Match>>(
    await h.request(`/v1/matches?organizationId=${member.org.id}&limit=100`, { as: member.session }),
  );
  return page.items;
}
