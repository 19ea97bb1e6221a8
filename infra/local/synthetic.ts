import type { AppContext } from '#context';
import {
  contactVerificationAfter,
  type Location,
  type Membership,
  newPerson,
  type Organization,
  type Person,
} from '#domain';

// Many fictional member organisations at once, written straight through the store (no HTTP, no
// mail): for the digest benchmark and the cost measurement, which need hundreds or thousands.

/**
 * A seeded source of numbers in [0, 1) (mulberry32: small, fast, good enough for test data), so
 * two runs with one seed make the same data. Tests and the cost measurement use it too.
 */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export interface SyntheticOrganization {
  platformId: string;
  /** Makes names and addresses unique: staff<k>-org<index>@<domain>. */
  index: number;
  domain: string;
  /** Shown in the organisation's name, e.g. ベンチ or 計測. */
  label: string;
  people: number;
  location: Location;
  /** The secretariat person who approved it. */
  decidedBy: string;
  now: string;
}

/** An approved member organisation with its people: the first is its owner and contact, the rest editors. */
export async function seedMemberOrganization(
  ctx: AppContext,
  o: SyntheticOrganization,
): Promise<{ org: Organization; people: Person[] }> {
  const emails = Array.from({ length: o.people }, (_, k) => `staff${k}-org${o.index}@${o.domain}`);
  const people = await Promise.all(
    emails.map(async (email, k) => {
      const { person } = await ctx.store.people.findOrCreate(email, () => ({
        ...newPerson(ctx.newId(), email, o.now),
        name: `会員 ${o.index}-${k}`,
      }));
      return person;
    }),
  );
  const [owner, ...staff] = people as [Person, ...Person[]];
  // The owner is the contact, so the address is confirmed (as when an owner registers with it).
  const org: Organization = contactVerificationAfter(
    {
      id: ctx.newId(),
      name: `NPO法人 ${o.label}${o.index}の会`,
      legalForm: o.index % 3 === 0 ? 'company' : 'npo_corporation',
      location: o.location,
      activityFields: o.index % 3 === 0 ? ['community_development'] : ['children_youth', 'poverty'],
      contact: { name: owner.name ?? '', email: owner.email },
      directoryListed: false,
      createdAt: o.now,
      updatedAt: o.now,
      version: 1,
    },
    owner.email,
    o.now,
  );
  await ctx.store.organizations.create(org, { personId: owner.id, email: owner.email });
  const membership: Membership = {
    platformId: o.platformId,
    organizationId: org.id,
    tier: 'member',
    status: 'approved',
    decidedAt: o.now,
    decidedBy: o.decidedBy,
    createdAt: o.now,
    updatedAt: o.now,
    version: 1,
  };
  await Promise.all([
    ctx.store.memberships.create(membership),
    ...staff.map((p) =>
      ctx.store.people.setAffiliation({
        personId: p.id,
        organizationId: org.id,
        email: p.email,
        role: 'editor',
        createdAt: o.now,
      }),
    ),
  ]);
  return { org, people };
}
