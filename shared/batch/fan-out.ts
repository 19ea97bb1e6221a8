import type { AppContext } from '#context';
import { parse, tokyoDate } from '#domain';
import type { FanOut } from '#fan-out';
import { digestEventSchema, isDue, runDigests } from './digest';
import { matchEventSchema, runMatchRounds } from './match-round';
import { allPlatforms } from './platforms';

// The scheduled batches as they run on AWS: the schedule's event starts one run per platform
// (#fan-out), and each of those runs one platform. A platform's run that fails throws, so Lambda
// retries it and finally hands it to the on-failure queue; the others are not held up. Without a
// fan-out (locally, or an event naming one platform) the work runs in place.

type Outcome = Record<string, unknown>;

export async function handleMatchEvent(ctx: AppContext, event: unknown, fanOut?: FanOut): Promise<Outcome> {
  const e = parse(matchEventSchema, event ?? {});
  if (e.platformId || !fanOut) {
    const result = await runMatchRounds(ctx, e);
    if (result.failed.length > 0) {
      throw new Error(`match rounds failed: ${result.failed.map((f) => f.platformId).join(', ')}`);
    }
    return result;
  }
  // The round id is fixed here, so a run that starts after midnight still belongs to today's round.
  const roundId = e.roundId ?? tokyoDate(ctx.now());
  const platformIds = (await allPlatforms(ctx)).map((p) => p.id);
  await fanOut.sendAll(platformIds.map((platformId) => ({ platformId, roundId })));
  ctx.log.info('match rounds dispatched', { roundId, platforms: platformIds.length });
  return { dispatched: platformIds.length, roundId };
}

export async function handleDigestEvent(ctx: AppContext, event: unknown, fanOut?: FanOut): Promise<Outcome> {
  const e = parse(digestEventSchema, event ?? {});
  if (e.platformId || !fanOut) {
    const result = await runDigests(ctx, e);
    if (result.failed.length > 0) {
      throw new Error(`digests failed: ${result.failed.map((f) => f.platformId).join(', ')}`);
    }
    return result;
  }
  const platforms = (await allPlatforms(ctx)).filter((p) => !e.dueOnly || isDue(p, ctx.now()));
  await fanOut.sendAll(platforms.map((p) => ({ platformId: p.id })));
  ctx.log.info('digests dispatched', { platforms: platforms.length });
  return { dispatched: platforms.length };
}
