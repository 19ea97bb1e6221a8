import { ConfigError, loadConfig, loadLocalConfig } from '#config';
import { type AppContext, createContext, type SendingContext } from '#context';
import { DomainError } from '#domain';
import { LocalRuntimeError, localAppUrl, startLocalStack } from '#local';
import { sendPending, sesMailer } from '#mail';
import { ensureTable } from '#store';
import { describeSendReport } from './mail-report';

// What the batch scripts (`npm run match`, `npm run digest`, `npm run send`) share: the local
// stack started or reused like `npm start` does (or DYNAMODB_ENDPOINT / AWS when set), one
// context, and errors as one line.

export interface RunInfo {
  /**
   * Whether mail sent now can still be read afterwards: false when this command started SES
   * local itself (it stops with the command, and its mail with it).
   */
  mailKept: boolean;
}

export async function withContext(
  work: (ctx: SendingContext, info: RunInfo) => Promise<number>,
  overrides: Partial<Omit<AppContext, 'config'>> = {},
): Promise<void> {
  try {
    const base = loadConfig();
    const local = loadLocalConfig();
    const stack = base.dynamoEndpoint || !base.local ? undefined : await startLocalStack(local, base);
    try {
      // Links in mail must reach the app: a localhost APP_URL follows PORT, as under npm start.
      const config =
        stack?.config ?? (base.local ? { ...base, appUrl: localAppUrl(base.appUrl, local.port) } : base);
      const ctx = createContext({ ...config, logLevel: 'warn' }, { mailer: sesMailer(config), ...overrides });
      if (stack) await ensureTable(ctx.dynamo, ctx.config.tableName);
      process.exitCode = await work(ctx, { mailKept: !stack || stack.ses.reused });
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

/**
 * Sends what the outbox holds now, at the configured rate, and says what happened. When no SES
 * local was running, the mail stays in the outbox for `npm start` to send to its viewer.
 */
export async function drainOutbox(ctx: SendingContext, info: RunInfo): Promise<void> {
  if (!info.mailKept) {
    console.log(
      'mail: left in the outbox (SES local was not running): `npm start` sends it to the mail viewer',
    );
    return;
  }
  const r = await sendPending(ctx, { maxPerSecond: ctx.config.mail.maxSendRate });
  for (const line of describeSendReport(r)) console.log(line);
}
