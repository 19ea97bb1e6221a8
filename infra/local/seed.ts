import { bootstrapPlatform } from '#admin';
import type { AppContext } from '#context';
import {
  contactVerificationAfter,
  type Membership,
  membershipSchema,
  type Need,
  needCreateSchema,
  newPerson,
  type Offer,
  type Organization,
  offerCreateSchema,
  organizationInputSchema,
  type Person,
  parse,
  platformCovers,
  platformInputSchema,
} from '#domain';
import { type DemoMembership, type DemoOrganization, demoData } from './demo-data';

// Seeds the demo data of `npm start` (infra/local/demo/*.json, read by demo-data.ts): two
// platforms (埼玉県 and 川口市 inside it), their secretariats, member organisations of both sides,
// and the needs and offers such platforms describe. All organisations, people and postings are
// fictional; every email is under example.jp. Everything goes through the domain schemas, so the
// demo can never hold data the API would refuse.

/** Addresses to sign in with (magic link → mail viewer); printed by `npm start`. */
export const DEMO_LOGINS = {
  saitamaSecretariat: 'jimukyoku@saitama.example.jp',
  kawaguchiSecretariat: 'jimukyoku@kawaguchi.example.jp',
  npo: 'tanaka@kodomo-kawaguchi.example.jp',
  company: 'kato@miraimart.example.jp',
  pendingMember: 'kimura@cafe-komorebi.example.jp',
} as const;

/** The platform whose existence means "already seeded"; it is written last. */
const MARKER_PLATFORM = 'saitama';

/**
 * Seeds the demo once: when the marker platform exists it does nothing. Every step looks for
 * what an interrupted earlier run may have left (people by email, organisations through their
 * owner, postings by title), so a rerun after a crash completes the data without duplicates.
 */
export async function seedDemo(ctx: AppContext): Promise<{ seeded: boolean; summary: string }> {
  if (await ctx.store.platforms.get(MARKER_PLATFORM)) {
    return {
      seeded: false,
      summary: `platform "${MARKER_PLATFORM}" already exists (to start afresh, stop and delete the data dir, .local/ by default)`,
    };
  }
  const now = ctx.now();
  const stamp = now.toISOString();
  const { platforms: PLATFORMS, organizations: orgs } = demoData(now);
  const platforms = new Map(PLATFORMS.map((p) => [p.input.id, parse(platformInputSchema, p.input)]));

  const decidedBy = new Map<string, string>();
  for (const { input, secretariat } of PLATFORMS) {
    decidedBy.set(input.id, (await person(ctx, secretariat, stamp)).id);
  }

  let people = 0;
  let needs = 0;
  let offers = 0;
  let pending = 0;
  for (const demo of orgs) {
    const org = await organization(ctx, demo, stamp);
    people += demo.people.length;
    for (const m of demo.memberships) {
      const platform = platforms.get(m.platform)!;
      if (!platform.tiers.some((t) => t.id === m.tier)) {
        throw new Error(`demo seed: tier ${m.tier} is not a tier of ${m.platform}`);
      }
      if (m.status === 'pending') pending++;
      await membership(ctx, org.id, m, decidedBy.get(m.platform)!, stamp);
    }
    const existing = new Set([
      ...(await ctx.store.needs.ofOrganization(org.id, { limit: 100 })).items.map((p) => p.title),
      ...(await ctx.store.offers.ofOrganization(org.id, { limit: 100 })).items.map((p) => p.title),
    ]);
    const owner = (await ctx.store.people.getByEmail(demo.people[0].email))!;
    for (const posting of demo.needs ?? []) {
      const need = parse(needCreateSchema, { ...posting.content, organizationId: org.id });
      if (!platformCovers(platforms.get(posting.platform)!, need.location)) {
        throw new Error(`demo seed: need "${need.title}" lies outside ${posting.platform}`);
      }
      needs++;
      if (existing.has(need.title)) continue;
      await ctx.store.needs.create({
        ...need,
        ...postingMeta(ctx, posting.platform, owner.id, stamp),
      } as Need);
    }
    for (const posting of demo.offers ?? []) {
      const offer = parse(offerCreateSchema, { ...posting.content, organizationId: org.id });
      offers++;
      if (existing.has(offer.title)) continue;
      await ctx.store.offers.create({
        ...offer,
        ...postingMeta(ctx, posting.platform, owner.id, stamp),
      } as Offer);
    }
  }

  // The marker platform goes last: until it exists, the next start runs (and completes) this again.
  for (const { input, secretariat } of PLATFORMS) {
    await bootstrapPlatform(ctx, input, [secretariat.email]);
  }

  const counts = `${PLATFORMS.length} platforms (${PLATFORMS.map((p) => p.input.id).join(', ')}), ${orgs.length} organisations, ${people} people, ${needs} needs, ${offers} offers, ${pending} pending memberships`;
  // Emails first: they are ASCII, so padding them lines up in any terminal.
  const logins: [string, string][] = [
    [DEMO_LOGINS.saitamaSecretariat, 'secretariat (事務局) of saitama'],
    [DEMO_LOGINS.kawaguchiSecretariat, 'secretariat (事務局) of kawaguchi'],
    [DEMO_LOGINS.npo, 'NPO: こども食堂, approved member of both platforms'],
    [DEMO_LOGINS.company, 'company: スーパー, approved member of both platforms'],
    [DEMO_LOGINS.pendingMember, 'café awaiting approval in saitama (member of kawaguchi)'],
  ];
  const width = Math.max(...logins.map(([email]) => email.length));
  return {
    seeded: true,
    summary: [
      `${counts}. Sign in with a magic link (it arrives in the mail viewer) as:`,
      ...logins.map(([email, who]) => `${' '.repeat(15)}${email.padEnd(width)}  ${who}`),
    ].join('\n'),
  };
}

async function person(ctx: AppContext, who: { email: string; name: string }, stamp: string): Promise<Person> {
  const { person } = await ctx.store.people.findOrCreate(who.email, () => ({
    ...newPerson(ctx.newId(), who.email, stamp),
    name: who.name,
  }));
  return person;
}

/** The organisation, found through its owner's affiliations or created with the owner. */
async function organization(ctx: AppContext, demo: DemoOrganization, stamp: string): Promise<Organization> {
  const [contact, ...others] = demo.people;
  const input = parse(organizationInputSchema, {
    ...demo.profile,
    contact: { name: contact.name, email: contact.email },
  });
  const owner = await person(ctx, contact, stamp);
  let org = await ownedOrganization(ctx, owner.id, input.name);
  if (!org) {
    // The contact is the owner's own address, so it is confirmed from the start (as when an
    // owner registers with their sign-in address) and the demo's introductions reach it.
    org = contactVerificationAfter(
      {
        ...input,
        directoryListed: input.directoryListed ?? false,
        id: ctx.newId(),
        createdAt: stamp,
        updatedAt: stamp,
        version: 1,
      },
      owner.email,
      stamp,
    );
    await ctx.store.organizations.create(org, { personId: owner.id, email: owner.email });
  }
  for (const other of others) {
    const p = await person(ctx, other, stamp);
    await ctx.store.people.setAffiliation({
      personId: p.id,
      organizationId: org.id,
      email: p.email,
      role: other.role,
      createdAt: stamp,
    });
  }
  return org;
}

async function ownedOrganization(
  ctx: AppContext,
  personId: string,
  name: string,
): Promise<Organization | undefined> {
  const actor = await ctx.store.people.actor(personId);
  for (const id of actor?.orgRoles.keys() ?? []) {
    const org = await ctx.store.organizations.get(id);
    if (org?.name === name) return org;
  }
  return undefined;
}

async function membership(
  ctx: AppContext,
  organizationId: string,
  demo: DemoMembership,
  secretariatId: string,
  stamp: string,
): Promise<void> {
  if (await ctx.store.memberships.get(demo.platform, organizationId)) return;
  const decided = demo.status === 'approved' ? { decidedAt: stamp, decidedBy: secretariatId } : {};
  const m: Membership = parse(membershipSchema, {
    platformId: demo.platform,
    organizationId,
    tier: demo.tier,
    status: demo.status,
    ...(demo.message ? { message: demo.message } : {}),
    ...decided,
    createdAt: stamp,
    updatedAt: stamp,
    version: 1,
  });
  await ctx.store.memberships.create(m);
}

function postingMeta(ctx: AppContext, platformId: string, createdBy: string, stamp: string) {
  return {
    id: ctx.newId(),
    platformId,
    status: 'open' as const,
    createdBy,
    createdAt: stamp,
    updatedAt: stamp,
    version: 1,
  };
}
