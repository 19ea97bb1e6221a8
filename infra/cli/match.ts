// `npm run match [-- --platform p] [-- --round r]`: reminders and expiries that are due, then a
// matching round, then the proposal mails sent (locally to SES local's viewer).
import { parseArgs } from 'node:util';
import { runMatchRounds } from '#batch';
import { drainOutbox, withContext } from './run';

const { values } = parseArgs({
  options: { platform: { type: 'string' }, round: { type: 'string' }, help: { type: 'boolean' } },
});

if (values.help) {
  console.log(
    'usage: npm run match [-- --platform <id>] [--round <id>]   (default: every platform, round = today in Japan)',
  );
} else {
  await withContext(async (ctx, info) => {
    const { rounds, sweeps, failed } = await runMatchRounds(ctx, {
      platformId: values.platform,
      roundId: values.round,
    });
    for (const s of sweeps) {
      if (s.reminded + s.expired + s.followedUp > 0)
        console.log(
          `${s.platformId}: ${s.reminded} reminders, ${s.expired} expired, ${s.followedUp} follow-ups`,
        );
    }
    for (const r of rounds) {
      console.log(
        `${r.platformId} round ${r.roundId}: ${r.skipped ? 'nothing new, skipped' : `${r.proposals} proposals (${r.written} new) from ${r.candidatePairs} candidate pairs`}; ${r.needs} open needs, ${r.offers} open offers; ${r.durationMs} ms`,
      );
    }
    for (const f of failed) console.error(`${f.platformId}: failed: ${f.error}`);
    if (rounds.length === 0 && failed.length === 0)
      console.log('no platforms yet (npm start seeds two, npm run platform creates one)');
    await drainOutbox(ctx, info);
    return failed.length > 0 ? 1 : 0;
  });
}
