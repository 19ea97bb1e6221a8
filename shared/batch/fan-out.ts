import type { AppContext } from '#context';
import { parse, tokyoDate } from '#domain';
import type { FanOut } from '#fan-out';
import { digestEventSchema, isDue, runDigests } from './digest';
import { matchEventSchema, runMatchRounds } from './match-round';
import { allPlatforms, runTimeOf } from './platforms';

// The scheduled batches as they run on AWS: the schedule's event starts one run per platform
// (#fan-out), and each of those runs one platform. A platform's run that fails throws, so Lambda
// retries it and finally hands it to the on-failure queue; the others are not held up. Without a
// fan-out (locally, or an event naming one platform) the work runs in place.

type Outcome = Record<string, unknown>;

async function runOrFanOut<E extends { platformId?: string | undefined }>(
  ctx: AppContext,
  e: E,
  fanOut: FanOut | undefined,
  what: string,
  run: (e: E) => Promise<Outcome & { failed: { platformId: string }[] }>,
  runs: () => Promise<{ bodies: unknown[]; outcome: Outcome }>,
): Promise<Outcome> {
  if (e.platformId || !fanOut) {
    const result = await run(e);
    if (result.failed.length > 0) {
      throw new Error(`${what} failed: ${result.failed.map((f) => f.platformId).join(', ')}`);
    }
    return result;
  }
  const { bodies, outcome } = await runs();
  await fanOut.sendAll(bodies);
  ctx.log.info(`${what} dispatched`, { ...outcome });
  return outcome;
}

export async function handleMatchEvent(ctx: AppContext, event: unknown, fanOut?: FanOut): Promise<Outcome> {
  const e = parse(matchEventSchema, event ?? {});
  return runOrFanOut(
    ctx,
    e,
    fanOut,
    'match rounds',
    (one) => runMatchRounds(ctx, one),
    async () => {
      // The round id is fixed here from when the schedule fired, so a run that starts after
      // midnight (late, or retried) still belongs to that day's round.
      const roundId = e.roundId ?? tokyoDate(runTimeOf(ctx, e));
      const platformIds = (await allPlatforms(ctx)).map((p) => p.id);
      return {
        bodies: platformIds.map((platformId) => ({ platformId, roundId })),
        outcome: { dispatched: platformIds.length, roundId },
      };
    },
  );
}

export async function handleDigestEvent(ctx: AppContext, event: unknown, fanOut?: FanOut): Promise<Outcome> {
  const e = parse(digestEventSchema, event ?? {});
  return runOrFanOut(
    ctx,
    e,
    fanOut,
    'digests',
    (one) => runDigests(ctx, one),
    async () => {
      // Due at the time the schedule fired, not when this run started (it may be late or a
      // retry); each platform's run plans that time's week, however late it starts itself.
      const at = runTimeOf(ctx, e);
      const platforms = (await allPlatforms(ctx)).filter((p) => !e.dueOnly || isDue(p, at));
      return {
        bodies: platforms.map((p) => ({ platformId: p.id, scheduledTime: at.toISOString() })),
        outcome: { dispatched: platforms.length },
      };
    },
  );
}
