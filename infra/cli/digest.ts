// `npm run digest [-- --platform p] [--at <ISO time>]`: plans this week's digest (Asia/Tokyo), or
// the week of `--at`, and sends it. A rerun of the same week plans and sends nothing new.
import { parseArgs } from 'node:util';
import { runDigests } from '#batch';
import { drainOutbox, withContext } from './run';

const { values } = parseArgs({
  options: { platform: { type: 'string' }, at: { type: 'string' }, help: { type: 'boolean' } },
});
const at = values.at === undefined ? undefined : new Date(values.at);
const startedAt = Date.now();

if (values.help) {
  console.log(
    'usage: npm run digest [-- --platform <id>] [--at <ISO time>]   (default: every platform, this week in Japan)',
  );
} else if (at !== undefined && Number.isNaN(at.getTime())) {
  console.error(`error: --at must be an ISO date-time, e.g. 2026-11-24T00:00:00Z (got "${values.at}")`);
  process.exitCode = 2;
} else {
  await withContext(
    async (ctx, info) => {
      const { plans, failed } = await runDigests(ctx, { platformId: values.platform });
      for (const p of plans) {
        console.log(
          `${p.platformId} digest ${p.week}: ${p.planned} new mail${p.planned === 1 ? '' : 's'} put in the outbox to send (${p.alreadyPlanned} put there by an earlier run, ${p.empty} members with nothing new, ${p.optedOut} opted out, of ${p.members} members); ${p.durationMs} ms`,
        );
      }
      for (const f of failed) console.error(`${f.platformId}: failed: ${f.error}`);
      await drainOutbox(ctx, info);
      return failed.length > 0 ? 1 : 0;
    },
    // The clock starts at --at and runs on, so durations stay real.
    at ? { now: () => new Date(Date.now() + (at.getTime() - startedAt)) } : {},
  );
}
