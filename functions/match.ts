// The matching batch on Lambda. EventBridge Scheduler sends {} daily (Asia/Tokyo): one message per
// platform goes to the match queue, which feeds this function back one platform at a time
// (reminders and expiries, then the round). {platformId} runs one platform now.
import { handleMatchEvent } from '#batch';
import { loadConfig } from '#config';
import { createContext } from '#context';
import { createWorkQueue } from '#queue';

const ctx = createContext(loadConfig());
const queue = ctx.config.queues.match
  ? createWorkQueue(ctx.config.region, ctx.config.queues.match)
  : undefined;

export const handler = (event: unknown) => handleMatchEvent(ctx, event, queue);
