// The weekly digest on Lambda: EventBridge Scheduler sends {dueOnly: true} every hour (each
// platform has its own weekday and hour, Asia/Tokyo), or {platformId} to plan one now.
import { digestEventSchema, runDigests } from '#batch';
import { loadConfig } from '#config';
import { createContext } from '#context';
import { parse } from '#domain';

const ctx = createContext(loadConfig());

export const handler = async (event: unknown) => {
  const result = await runDigests(ctx, parse(digestEventSchema, event ?? {}));
  if (result.failed.length > 0)
    throw new Error(`digests failed: ${result.failed.map((f) => f.platformId).join(', ')}`);
  return result;
};
