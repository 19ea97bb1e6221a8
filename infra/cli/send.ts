// `npm run send`: sends what the outbox holds, at SES_MAX_SEND_RATE per second.
import { drainOutbox, withContext } from './run';

await withContext(async (ctx, info) => {
  await drainOutbox(ctx, info);
  return 0;
});
