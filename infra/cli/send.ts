// `npm run send`: sends what the outbox holds, at SES_MAX_SEND_RATE per second.
import { drainOutbox, withContext } from './run';

await withContext(async (ctx) => {
  await drainOutbox(ctx);
  return 0;
});
