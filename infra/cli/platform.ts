// `npm run platform`: bootstraps platforms and their secretariat, locally or on AWS.
import { bootstrapPlatform } from '#admin';
import { loadConfig } from '#config';
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

async function run(ctx: AppContext, command: Exclude<Command, { command: 'help' }>): Promise<string> {
  switch (command.command) {
    case 'create':
      return describeBootstrap(
        await bootstrapPlatform(ctx, command.platform, command.secretariat),
        ctx.config.appUrl,
      );
    case 'grant-secretariat': {
      const platform = await ctx.store.platforms.get(command.platformId);
      if (!platform) {
        throw new CommandFailed(`platform "${command.platformId}" does not exist (npm run platform -- list)`);
      }
      return describeBootstrap(
        await bootstrapPlatform(ctx, platformInputOf(platform), command.emails),
        ctx.config.appUrl,
      );
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
