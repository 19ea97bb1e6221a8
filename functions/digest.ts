// The weekly digest on Lambda. EventBridge Scheduler sends {dueOnly: true} every hour: platforms
// whose digest weekday and hour (Asia/Tokyo) is now each get a message on the digest queue, which
// feeds this function back one platform at a time. {platformId} plans one platform now.
import { handleDigestEvent } from '#batch';
import { loadConfig } from '#config';
import { createContext } from '#context';
import { createWorkQueue } from '#queue';

const ctx = createContext(loadConfig());
const queue = ctx.config.queues.digest
  ? createWorkQueue(ctx.config.region, ctx.config.queues.digest)
  : undefined;

export const handler = (event: unknown) => handleDigestEvent(ctx, event, queue);
