import type { AppContext } from '#context';
import { newPerson, type Platform, type PlatformInput, parse, platformInputSchema } from '#domain';

// Operator tasks that no one on the internet can do: a platform and its first secretariat are
// created from the command line (npm run platform) or by the demo seed, never through the API.

export interface BootstrapResult {
  platform: Platform;
  created: boolean;
  secretariat: { personId: string; email: string }[];
}

/** Creates the platform if it does not exist and grants the secretariat role to each email. Idempotent. */
export async function bootstrapPlatform(
  ctx: AppContext,
  input: PlatformInput,
  secretariatEmails: string[],
): Promise<BootstrapResult> {
  const valid = parse(platformInputSchema, input);
  const now = ctx.now().toISOString();
  let platform = await ctx.store.platforms.get(valid.id);
  const created = !platform;
  if (!platform) {
    platform = { ...valid, createdAt: now, updatedAt: now, version: 1 };
    await ctx.store.platforms.create(platform);
  }
  const secretariat = [];
  for (const email of secretariatEmails) {
    const { person } = await ctx.store.people.findOrCreate(email, () => newPerson(ctx.newId(), email, now));
    await ctx.store.people.grantSecretariat({
      personId: person.id,
      platformId: platform.id,
      email,
      createdAt: now,
    });
    secretariat.push({ personId: person.id, email });
  }
  return { platform, created, secretariat };
}
