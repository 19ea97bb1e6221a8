import type { AppContext } from '#context';
import { parse, tokyoDate } from '#domain';
import { eachRecord, isSqsEvent, type WorkQueue } from '#queue';
import { type DigestEvent, digestEventSchema, isDue, runDigests } from './digest';
import { matchEventSchema, runMatchRounds } from './match-round';
import { allPlatforms } from './platforms';

// The scheduled batches on AWS: the schedule's event lists the platforms and sends one message
// per platform to the work queue; the same function, fed by that queue, does one platform per
// message. A platform that fails is retried alone and ends in the DLQ, the others are not held
// up. Without a queue (locally, or an event naming one platform) the work runs in place.

type Outcome = Record<string, unknown>;

export async function handleMatchEvent(ctx: AppContext, event: unknown, queue?: WorkQueue): Promise<Outcome> {
  if (isSqsEvent(event)) {
    return eachRecord(
      event,
      async (body) => {
        const one = parse(matchEventSchema, body);
        const { failed } = await runMatchRounds(ctx, one);
        if (failed.length > 0) throw new Error(failed[0]!.error);
      },
      (messageId, error) => ctx.log.error('match round failed', { messageId, error }),
    );
  }
  const scheduled = parse(matchEventSchema, event ?? {});
  if (scheduled.platformId || !queue) {
    const result = await runMatchRounds(ctx, scheduled);
    if (result.failed.length > 0)
      throw new Error(`match rounds failed: ${result.failed.map((f) => f.platformId).join(', ')}`);
    return result;
  }
  // The round id is fixed here, so a message handled after midnight still belongs to today's round.
  const roundId = scheduled.roundId ?? tokyoDate(ctx.now());
  const platformIds = (await allPlatforms(ctx)).map((p) => p.id);
  await queue.sendAll(platformIds.map((platformId) => ({ platformId, roundId })));
  ctx.log.info('match rounds dispatched', { roundId, platforms: platformIds.length });
  return { dispatched: platformIds.length, roundId };
}

export async function handleDigestEvent(
  ctx: AppContext,
  event: unknown,
  queue?: WorkQueue,
): Promise<Outcome> {
  if (isSqsEvent(event)) {
    return eachRecord(
      event,
      async (body) => {
        const one: DigestEvent = parse(digestEventSchema, body);
        const { failed } = await runDigests(ctx, { platformId: one.platformId });
        if (failed.length > 0) throw new Error(failed[0]!.error);
      },
      (messageId, error) => ctx.log.error('digest failed', { messageId, error }),
    );
  }
  const scheduled = parse(digestEventSchema, event ?? {});
  if (scheduled.platformId || !queue) {
    const result = await runDigests(ctx, scheduled);
    if (result.failed.length > 0)
      throw new Error(`digests failed: ${result.failed.map((f) => f.platformId).join(', ')}`);
    return result;
  }
  const platforms = (await allPlatforms(ctx)).filter((p) => !scheduled.dueOnly || isDue(p, ctx.now()));
  await queue.sendAll(platforms.map((p) => ({ platformId: p.id })));
  ctx.log.info('digests dispatched', { platforms: platforms.length });
  return { dispatched: platforms.length };
}
