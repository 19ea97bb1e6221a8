// `npm start`: the whole product on a laptop, against DynamoDB Local and SES local.
import { ConfigError, loadConfig, loadLocalConfig } from '#config';
import { createContext } from '#context';
import { createApp } from '#http';
import { sesMailer } from '#mail';
import { ensureTable } from '#store';
import { assertAppPortFree, serveApp } from './app-server';
import { LocalRuntimeError } from './errors';
import { startMailLoop } from './mail-loop';
import { seedDemo } from './seed';
import { formatBanner, startLocalStack } from './stack';

const cleanups: (() => Promise<void>)[] = [];
let exiting = false;

// Stops what was started, once: the terminal and tsx may both deliver the same Ctrl-C.
function exit(code: number): void {
  if (exiting) return;
  exiting = true;
  void (async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
    process.exit(code);
  })();
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => exit(0));

async function main(): Promise<void> {
  const local = loadLocalConfig();
  const base = loadConfig();
  await assertAppPortFree(local.port);

  const stack = await startLocalStack(local, base);
  cleanups.push(stack.stop);
  // A stand-in that dies takes the product down with it, plainly, instead of 500s on every page.
  const unwatch = stack.watch((line) => {
    console.error(line);
    exit(1);
  });
  cleanups.push(async () => unwatch());
  const ctx = createContext(stack.config, { mailer: sesMailer(stack.config) });
  const tableCreated = await ensureTable(ctx.dynamo, stack.config.tableName);
  const seed = await seedDemo(ctx);
  const server = await serveApp(createApp(ctx).fetch, local.port);
  cleanups.push(server.stop);
  const mailLoop = startMailLoop(ctx);
  // A sign-in link goes out at once, not at the loop's next turn.
  ctx.wakeSender = mailLoop.wake;
  cleanups.push(mailLoop.stop);

  console.log(formatBanner({ appUrl: server.url, stack, tableCreated, seed }));
}

main().catch((error: unknown) => {
  // Already on the way out (a stand-in died, or Ctrl-C): that line was said.
  if (exiting) return;
  if (error instanceof LocalRuntimeError || error instanceof ConfigError) console.error(error.message);
  else console.error(error);
  exit(1);
});
