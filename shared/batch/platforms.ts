import * as z from 'zod';
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

/**
 * When a schedule fired: EventBridge Scheduler fills in `<aws.scheduler.scheduled-time>` (e.g.
 * 2026-11-22T23:00:00Z) in the schedules' Input, and the fan-out passes it on to each platform's
 * run. A batch plans for that time, not for when it happens to run (late, throttled or retried).
 */
export const scheduledTimeSchema = z.iso.datetime({ offset: true });

/** The time a batch run is for: when its schedule fired, or now. */
export function runTimeOf(ctx: AppContext, event: { scheduledTime?: string | undefined }): Date {
  return event.scheduledTime ? new Date(event.scheduledTime) : ctx.now();
}
