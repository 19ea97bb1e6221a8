// The weekly digest on Lambda. EventBridge Scheduler sends {dueOnly: true} every hour: for each
// platform whose digest weekday and hour (Asia/Tokyo) is now, this function invokes itself with
// {platformId}, asynchronously, and that run plans the platform's digest.
import { handleDigestEvent } from '#batch';
import { loadConfig } from '#config';
import { createContext } from '#context';
import { selfInvoker } from '#fan-out';

const ctx = createContext(loadConfig());
const fanOut = ctx.config.functionName ? selfInvoker(ctx.config.region, ctx.config.functionName) : undefined;

export const handler = (event: unknown) => handleDigestEvent(ctx, event, fanOut);
