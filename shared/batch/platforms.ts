import type { AppContext } from '#context';
import type { Platform } from '#domain';

/** Every platform, page by page: the batches run per platform. */
export async function allPlatforms(ctx: AppContext): Promise<Platform[]> {
  const out: Platform[] = [];
  let cursor: string | undefined;
  do {
    const page = await ctx.store.platforms.list({ limit: 100, cursor });
    out.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return out;
}
