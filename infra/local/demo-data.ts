import * as z from 'zod';
import { ORG_ROLES, type PlatformInput } from '#domain';
import organizationsJson from './demo/organizations.json' with { type: 'json' };
import platformsJson from './demo/platforms.json' with { type: 'json' };

// The demo's data is data: infra/local/demo/platforms.json and organizations.json, edited as
// files. This module only gives them a shape and resolves their dates: a date written `today`,
// `today+14` or `today-30` is that many days from the seeding day in Asia/Tokyo, so the demo's
// postings are always current. The contents (profiles, postings) are validated by the domain
// schemas when seed.ts writes them, so the files can never hold what the API would refuse.

const email = z.email();

const platformFile = z.array(
  z.strictObject({
    input: z.custom<PlatformInput>((v) => typeof v === 'object' && v !== null && 'id' in v),
    secretariat: z.strictObject({ email, name: z.string().min(1) }),
  }),
);

const demoPerson = z.strictObject({ email, name: z.string().min(1), role: z.enum(ORG_ROLES) });

const demoMembership = z.strictObject({
  platform: z.string().min(1),
  tier: z.string().min(1),
  status: z.enum(['approved', 'pending']),
  message: z.string().optional(),
});

/** A posting's content without organizationId; validated with the create schema when seeded. */
const demoPosting = z.strictObject({
  platform: z.string().min(1),
  content: z.record(z.string(), z.unknown()),
});

const organizationFile = z.array(
  z.strictObject({
    /** Validated with organizationInputSchema; the contact is the first person. */
    profile: z.record(z.string(), z.unknown()),
    /** The first person owns the organisation and is its contact person. */
    people: z.tuple([demoPerson], demoPerson),
    memberships: z.array(demoMembership),
    needs: z.array(demoPosting).optional(),
    offers: z.array(demoPosting).optional(),
  }),
);

export type DemoPerson = z.infer<typeof demoPerson>;
export type DemoMembership = z.infer<typeof demoMembership>;
export type DemoOrganization = z.infer<typeof organizationFile>[number];
export type DemoPlatform = z.infer<typeof platformFile>[number];

const RELATIVE_DAY = /^today(?:([+-])(\d{1,4}))?$/;

/** Today + offset days as YYYY-MM-DD in Asia/Tokyo (UTC+9, no daylight saving). */
export function tokyoDay(now: Date, offset: number): string {
  return new Date(now.getTime() + 9 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10);
}

/** A copy of the value with every `today±N` string replaced by its date. */
export function resolveDays<T>(value: T, now: Date): T {
  if (typeof value === 'string') {
    const m = RELATIVE_DAY.exec(value);
    if (!m) return value;
    const offset = m[1] ? Number(`${m[1]}${m[2]}`) : 0;
    return tokyoDay(now, offset) as T;
  }
  if (Array.isArray(value)) return value.map((v) => resolveDays(v, now)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveDays(v, now)])) as T;
  }
  return value;
}

/** The demo's platforms and organisations, their dates resolved for a seed run at `now`. */
export function demoData(now: Date): { platforms: DemoPlatform[]; organizations: DemoOrganization[] } {
  return {
    platforms: platformFile.parse(platformsJson),
    organizations: resolveDays(organizationFile.parse(organizationsJson), now),
  };
}
