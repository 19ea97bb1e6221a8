// `npm run platform`: bootstraps platforms and their secretariat, locally or on AWS.
import { bootstrapPlatform } from '#admin';
import { type Config, loadConfig } from '#config';
import { type AppContext, createContext } from '#context';
import type { Platform } from '#domain';
import {
  type Command,
  CommandFailed,
  describeBootstrap,
  describeError,
  describePlatforms,
  parseCommand,
  platformInputOf,
  type Target,
  USAGE,
} from './args';
import { addressOf, readSes, sesWarnings } from './ses-check';

/** DynamoDB in AWS (no DYNAMODB_ENDPOINT) and SES in AWS (no SES_ENDPOINT): a deployed stage. */
const onAws = (config: Config) => !config.dynamoEndpoint && !config.sesEndpoint;

/** Warns (stderr) when SES would refuse the secretariat's sign-in mail; never fails the command. */
async function checkSes(config: Config, recipients: string[]): Promise<void> {
  try {
    const facts = await readSes(config.region, addressOf(config.mailFrom), recipients);
    for (const line of sesWarnings(facts, recipients)) console.error(line);
  } catch (error) {
    const e = error as Error;
    console.error(
      `note: could not ask SES whether mail can be sent (${e.name}: ${e.message.split('\n')[0]}); ` +
        'check the identities by hand (docs/deploy.md), or pass --skip-ses-check',
    );
  }
}

async function run(ctx: AppContext, command: Exclude<Command, { command: 'help' }>): Promise<string> {
  switch (command.command) {
    case 'create': {
      const result = await bootstrapPlatform(ctx, command.platform, command.secretariat);
      if (command.sesCheck && onAws(ctx.config)) await checkSes(ctx.config, command.secretariat);
      return describeBootstrap(result, ctx.config.appUrl, { onAws: onAws(ctx.config) });
    }
    case 'grant-secretariat': {
      const platform = await ctx.store.platforms.get(command.platformId);
      if (!platform) {
        throw new CommandFailed(`platform "${command.platformId}" does not exist (npm run platform -- list)`);
      }
      const result = await bootstrapPlatform(ctx, platformInputOf(platform), command.emails);
      if (command.sesCheck && onAws(ctx.config)) await checkSes(ctx.config, command.emails);
      return describeBootstrap(result, ctx.config.appUrl, { onAws: onAws(ctx.config) });
    }
    case 'list': {
      const rows: { platform: Platform; secretariat: string[] }[] = [];
      let cursor: string | undefined;
      do {
        const page = await ctx.store.platforms.list({ limit: 100, cursor });
        for (const platform of page.items) {
          const secretariat = await ctx.store.people.secretariatOf(platform.id, { limit: 100 });
          rows.push({ platform, secretariat: secretariat.items.map((s) => s.email) });
        }
        cursor = page.cursor;
      } while (cursor);
      return describePlatforms(rows);
    }
  }
}

async function main(argv: string[]): Promise<number> {
  let target: Target | undefined;
  let ctx: AppContext | undefined;
  try {
    const command = parseCommand(argv);
    if (command.command === 'help') {
      console.log(USAGE);
      return 0;
    }
    const config = loadConfig();
    target = config;
    ctx = createContext(config);
    console.log(await run(ctx, command));
    return 0;
  } catch (error) {
    const { message, exitCode } = describeError(error, target);
    console.error(message);
    return exitCode;
  } finally {
    ctx?.dynamo.destroy();
  }
}

process.exitCode = await main(process.argv.slice(2));
