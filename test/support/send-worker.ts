// One sender run in its own process, as the send Lambda or `npm run send` does it: sendPending
// over the table in TABLE_NAME (DYNAMODB_ENDPOINT) through SES_ENDPOINT, with the clock set by
// --at so a test can move time past leases and the confirmation grace. Prints its report as one
// JSON line. Tests SIGKILL it mid-batch (faults.test.ts); run it with
// `node --import tsx test/support/send-worker.ts --at <ISO time> [--seed n] [--concurrency n] [--wait]`.
// With --wait it loads everything, then waits for a line on stdin before it starts: a test can
// start it ahead and let it go the moment it is due.
import { parseArgs } from 'node:util';
import { loadConfig } from '#config';
import { createContext } from '#context';
import { sendPending, sesMailer } from '#mail';
import { rng } from './seeded';

const { values } = parseArgs({
  options: {
    at: { type: 'string' },
    seed: { type: 'string', default: '1' },
    concurrency: { type: 'string', default: '4' },
    wait: { type: 'boolean', default: false },
  },
});
if (!values.at || Number.isNaN(Date.parse(values.at))) throw new Error('--at <ISO time> is required');
const at = new Date(values.at);

const config = { ...loadConfig(), logLevel: 'silent' as const };
const ctx = createContext(config, { mailer: sesMailer(config), now: () => at });
if (values.wait) {
  process.stdout.write('ready\n');
  await new Promise((resolve) => process.stdin.once('data', resolve));
  process.stdin.destroy();
}
// Backoff in the sender is real but short: the faults are the point, not the waiting.
const report = await sendPending(ctx, {
  maxPerSecond: 1000,
  concurrency: Number(values.concurrency),
  random: rng(Number(values.seed)),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 20))),
});
process.stdout.write(`${JSON.stringify(report)}\n`);
