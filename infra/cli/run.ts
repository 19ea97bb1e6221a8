import { ConfigError, loadConfig, loadLocalConfig } from '#config';
import { type AppContext, createContext } from '#context';
import { DomainError } from '#domain';
import { LocalRuntimeError, startLocalStack } from '#local';
import { sendPending } from '#mail';
import { ensureTable } from '#store';

// What the batch scripts (`npm run match`, `npm run digest`, `npm run send`) share: the local
// stack started or reused like `npm start` does (or DYNAMODB_ENDPOINT / AWS when set), one
// context, and errors as one line.

export async function withContext(
  work: (ctx: AppContext) => Promise<number>,
  overrides: Partial<Omit<AppContext, 'config'>> = {},
): Promise<void> {
  try {
    const base = loadConfig();
    const stack =
      base.dynamoEndpoint || !base.local ? undefined : await startLocalStack(loadLocalConfig(), base);
    try {
      const ctx = createContext({ ...(stack?.config ?? base), logLevel: 'warn' }, overrides);
      if (stack) await ensureTable(ctx.dynamo, ctx.config.tableName);
      process.exitCode = await work(ctx);
    } finally {
      await stack?.stop();
    }
  } catch (error) {
    if (error instanceof LocalRuntimeError || error instanceof ConfigError)
      console.error(`error: ${error.message}`);
    else if (error instanceof DomainError) console.error(`error: ${error.detail}`);
    else console.error(error);
    process.exitCode = 1;
  }
}

/** Sends what the outbox holds now, at the configured rate, and says what happened. */
export async function drainOutbox(ctx: AppContext): Promise<void> {
  const r = await sendPending(ctx, { maxPerSecond: ctx.config.mail.maxSendRate });
  console.log(
    `mail: ${r.sent} sent, ${r.skipped} skipped (suppressed), ${r.failed} failed, ${r.retryLater} to retry later, ${r.waiting} waiting${r.stoppedBecause ? `; stopped: ${r.stoppedBecause}` : ''}`,
  );
}
