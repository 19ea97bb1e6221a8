// `npm run match [-- --platform p] [-- --round r]`: a matching round now, against the local stack
// (started or reused like `npm start` does) or against DYNAMODB_ENDPOINT / AWS when it is set.
import { parseArgs } from 'node:util';
import { runMatchRounds } from '#batch';
import { ConfigError, loadConfig, loadLocalConfig } from '#config';
import { createContext } from '#context';
import { DomainError } from '#domain';
import { LocalRuntimeError, startLocalStack } from '#local';
import { ensureTable } from '#store';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { platform: { type: 'string' }, round: { type: 'string' }, help: { type: 'boolean' } },
  });
  if (values.help) {
    console.log(
      'usage: npm run match [-- --platform <id>] [--round <id>]   (default: every platform, round = today in Japan)',
    );
    return 0;
  }
  const base = loadConfig();
  const stack =
    base.dynamoEndpoint || !base.local ? undefined : await startLocalStack(loadLocalConfig(), base);
  try {
    const ctx = createContext({ ...(stack?.config ?? base), logLevel: 'warn' });
    if (stack) await ensureTable(ctx.dynamo, ctx.config.tableName);
    const { rounds, failed } = await runMatchRounds(ctx, {
      platformId: values.platform,
      roundId: values.round,
    });
    for (const r of rounds) {
      console.log(
        `${r.platformId} round ${r.roundId}: ${r.skipped ? 'nothing new, skipped' : `${r.proposals} proposals (${r.written} new) from ${r.candidatePairs} candidate pairs`}; ${r.needs} open needs, ${r.offers} open offers; ${r.durationMs} ms`,
      );
    }
    for (const f of failed) console.error(`${f.platformId}: failed: ${f.error}`);
    if (rounds.length === 0 && failed.length === 0)
      console.log('no platforms yet (npm start seeds two, npm run platform creates one)');
    return failed.length > 0 ? 1 : 0;
  } finally {
    await stack?.stop();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof LocalRuntimeError || error instanceof ConfigError)
      console.error(`error: ${error.message}`);
    else if (error instanceof DomainError) console.error(`error: ${error.detail}`);
    else console.error(error);
    process.exitCode = 1;
  },
);
