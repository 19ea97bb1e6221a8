// The matching batch on Lambda: EventBridge Scheduler sends {} (every platform) or {platformId}.
import { matchEventSchema, runMatchRounds } from '#batch';
import { loadConfig } from '#config';
import { createContext } from '#context';
import { parse } from '#domain';

const ctx = createContext(loadConfig());

export const handler = async (event: unknown) => {
  const result = await runMatchRounds(ctx, parse(matchEventSchema, event ?? {}));
  if (result.failed.length > 0)
    throw new Error(`match rounds failed: ${result.failed.map((f) => f.platformId).join(', ')}`);
  return result;
};
