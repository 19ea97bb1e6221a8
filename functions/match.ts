// The matching batch on Lambda. EventBridge Scheduler sends {} daily (Asia/Tokyo): this function
// then invokes itself once per platform, asynchronously, and each of those runs one platform
// (reminders and expiries, then the round). {platformId} runs one platform now.
import { handleMatchEvent } from '#batch';
import { loadConfig } from '#config';
import { createContext } from '#context';
import { selfInvoker } from '#fan-out';

const ctx = createContext(loadConfig());
const fanOut = ctx.config.functionName ? selfInvoker(ctx.config.region, ctx.config.functionName) : undefined;

export const handler = (event: unknown) => handleMatchEvent(ctx, event, fanOut);
