// `npm run digest [-- --platform p]`: plans this week's digest (Asia/Tokyo) and sends it. A
// rerun of the same week plans and sends nothing new.
import { parseArgs } from 'node:util';
import { runDigests } from '#batch';
import { drainOutbox, withContext } from './run';

const { values } = parseArgs({ options: { platform: { type: 'string' }, help: { type: 'boolean' } } });

if (values.help) {
  console.log('usage: npm run digest [-- --platform <id>]   (default: every platform, this week in Japan)');
} else {
  await withContext(async (ctx) => {
    const { plans, failed } = await runDigests(ctx, { platformId: values.platform });
    for (const p of plans) {
      console.log(
        `${p.platformId} digest ${p.week}: ${p.planned} new, ${p.alreadyPlanned} planned before, ${p.empty} with nothing new, ${p.optedOut} opted out, of ${p.members} members; ${p.durationMs} ms`,
      );
    }
    for (const f of failed) console.error(`${f.platformId}: failed: ${f.error}`);
    await drainOutbox(ctx);
    return failed.length > 0 ? 1 : 0;
  });
}
