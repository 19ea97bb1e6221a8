import { parseArgs } from 'node:util';
import { ConfigError } from '#config';
import {
  DomainError,
  emailSchema,
  type FieldError,
  type Platform,
  type PlatformInput,
  platformIdSchema,
  platformInputSchema,
  toFieldErrors,
  ValidationError,
} from '#domain';

// The pure half of `npm run platform`: arguments in, a command out; results and errors in, text
// and an exit code out. platform.ts only wires these to the store.

export const USAGE = `npm run platform — create platforms and grant the secretariat (事務局) role

Usage:
  npm run platform -- create --id <id> --name <name> --level <national|prefecture|municipality>
      [--name-en <name>] [--scope <prefecture code>]... [--scope-municipality <municipality code>]...
      --secretariat <email> [--secretariat <email>]... [--skip-ses-check]
  npm run platform -- grant-secretariat --id <id> --email <email> [--email <email>]... [--skip-ses-check]
  npm run platform -- list
  npm run platform -- --help

Examples:
  npm run platform -- create --id saitama --name "埼玉県孤独・孤立対策官民連携プラットフォーム" \\
      --level prefecture --scope 11 --secretariat jimukyoku@saitama.example.jp
  npm run platform -- create --id kawaguchi --name "川口市つながりサポートプラットフォーム" \\
      --level municipality --scope-municipality 11203 --secretariat jimukyoku@kawaguchi.example.jp
  npm run platform -- grant-secretariat --id saitama --email tanto@saitama.example.jp

Region codes: prefectures JIS X 0401 (2 digits, 11 = 埼玉県), municipalities JIS X 0402
(5 digits, 11203 = 川口市). Repeat --scope / --scope-municipality or separate codes with commas.
A national platform needs no scope. create is idempotent: an existing platform is left as it is
and only the secretariat is granted. The secretariat signs in with a magic link at APP_URL.

Reads TABLE_NAME, AWS_REGION, APP_URL, MAIL_FROM and DYNAMODB_ENDPOINT. Without DYNAMODB_ENDPOINT
it talks to AWS with your usual credentials (AWS_PROFILE, …): set TABLE_NAME, APP_URL and
MAIL_FROM from the stack's outputs (docs/deploy.md). There, create and grant-secretariat also ask
SES (read-only) whether the secretariat's sign-in mail can go out: the sender identity verified,
and in the SES sandbox each address verified. --skip-ses-check skips that. Next to \`npm start\`
use DYNAMODB_ENDPOINT=http://localhost:8000.
Exit codes: 0 done, 1 failed, 2 invalid arguments or configuration.`;

/** A mistake in the command line; the message is one line. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A well-formed command that cannot be carried out; the message is one line. */
export class CommandFailed extends Error {
  override name = 'CommandFailed';
}

export type Command =
  | { command: 'help' }
  | { command: 'create'; platform: PlatformInput; secretariat: string[]; sesCheck: boolean }
  | { command: 'grant-secretariat'; platformId: string; emails: string[]; sesCheck: boolean }
  | { command: 'list' };

const OPTIONS = {
  id: { type: 'string' },
  name: { type: 'string' },
  'name-en': { type: 'string' },
  level: { type: 'string' },
  scope: { type: 'string', multiple: true },
  'scope-municipality': { type: 'string', multiple: true },
  secretariat: { type: 'string', multiple: true },
  email: { type: 'string', multiple: true },
  'skip-ses-check': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type OptionName = keyof typeof OPTIONS;

const COMMAND_OPTIONS: Record<Exclude<Command['command'], 'help'>, readonly OptionName[]> = {
  create: ['id', 'name', 'name-en', 'level', 'scope', 'scope-municipality', 'secretariat', 'skip-ses-check'],
  'grant-secretariat': ['id', 'email', 'skip-ses-check'],
  list: [],
};

function isCommandName(name: string): name is keyof typeof COMMAND_OPTIONS {
  return Object.hasOwn(COMMAND_OPTIONS, name);
}

/** Parses `process.argv.slice(2)`. Throws UsageError or ValidationError (paths name the flags). */
export function parseCommand(argv: string[]): Command {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    // Node's messages go on to explain `--`; the first sentence is the useful part.
    throw new UsageError((error as Error).message.split('. ')[0]!);
  }
  const { values, positionals } = parsed;
  const [name, ...extra] = positionals;
  if (values.help || name === undefined || name === 'help') return { command: 'help' };
  if (!isCommandName(name)) {
    throw new UsageError(`unknown command "${name}"; use create, grant-secretariat or list`);
  }
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  for (const option of Object.keys(values) as OptionName[]) {
    if (option !== 'help' && !COMMAND_OPTIONS[name].includes(option)) {
      throw new UsageError(`--${option} is not an option of ${name}`);
    }
  }

  switch (name) {
    case 'list':
      return { command: 'list' };
    case 'grant-secretariat': {
      if (values.id === undefined) throw new UsageError('grant-secretariat needs --id <platform id>');
      if (!values.email?.length)
        throw new UsageError('grant-secretariat needs at least one --email <address>');
      const id = platformIdSchema.safeParse(values.id);
      const emails = parseEmails(values.email, 'email');
      const errors = [...(id.success ? [] : flagErrors(id.error, 'id')), ...emails.errors];
      if (errors.length > 0) throw new ValidationError(errors);
      return {
        command: 'grant-secretariat',
        platformId: values.id,
        emails: emails.valid,
        sesCheck: !values['skip-ses-check'],
      };
    }
    case 'create': {
      if (!values.secretariat?.length) {
        throw new UsageError(
          'create needs at least one --secretariat <email>: someone has to run the platform',
        );
      }
      const input = {
        id: values.id,
        name: values.name,
        ...(values['name-en'] !== undefined ? { nameEn: values['name-en'] } : {}),
        level: values.level,
        scope: { prefectures: codes(values.scope), municipalities: codes(values['scope-municipality']) },
      };
      const platform = platformInputSchema.safeParse(input);
      const emails = parseEmails(values.secretariat, 'secretariat');
      const errors = [...(platform.success ? [] : flagErrors(platform.error, '', input)), ...emails.errors];
      if (errors.length > 0 || !platform.success) throw new ValidationError(errors);
      return {
        command: 'create',
        platform: platform.data,
        secretariat: emails.valid,
        sesCheck: !values['skip-ses-check'],
      };
    }
  }
}

/** Repeated and comma-separated values alike: `--scope 11 --scope 13` = `--scope 11,13`. */
function codes(values: string[] | undefined): string[] {
  return (values ?? [])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
}

function parseEmails(values: string[], flag: 'email' | 'secretariat') {
  const valid: string[] = [];
  const errors: FieldError[] = [];
  for (const value of values) {
    const email = emailSchema.safeParse(value);
    if (email.success) valid.push(email.data);
    else errors.push({ path: `--${flag} ${value}`, message: email.error.issues[0]?.message ?? 'invalid' });
  }
  return { valid: [...new Set(valid)], errors };
}

const FLAG_OF_PATH: Record<string, string> = {
  id: '--id',
  name: '--name',
  nameEn: '--name-en',
  level: '--level',
  scope: '--scope',
  'scope.prefectures': '--scope',
  'scope.municipalities': '--scope-municipality',
};

type PlatformArgs = { scope: { prefectures: string[]; municipalities: string[] } };

/** Field errors whose paths are the flags a person typed, e.g. `--scope 99` instead of scope.prefectures.0. */
function flagErrors(error: Parameters<typeof toFieldErrors>[0], prefix: string, input?: PlatformArgs) {
  return toFieldErrors(error).map(({ path, message }): FieldError => {
    const full = prefix && path === '(root)' ? prefix : path;
    const list = full.match(/^(scope\.(?:prefectures|municipalities))\.(\d+)$/);
    if (list && input) {
      const [, field, index] = list;
      const values = field === 'scope.prefectures' ? input.scope.prefectures : input.scope.municipalities;
      return { path: `${FLAG_OF_PATH[field!]} ${values[Number(index)]}`, message };
    }
    return { path: FLAG_OF_PATH[full] ?? full, message };
  });
}

/** What `create` and `grant-secretariat` need to pass an existing platform to bootstrapPlatform. */
export function platformInputOf(platform: Platform): PlatformInput {
  return {
    id: platform.id,
    name: platform.name,
    ...(platform.nameEn !== undefined ? { nameEn: platform.nameEn } : {}),
    level: platform.level,
    scope: platform.scope,
    tiers: platform.tiers,
    digest: platform.digest,
  };
}

function scopeText(platform: Pick<Platform, 'scope'>): string {
  const { prefectures, municipalities } = platform.scope;
  const all = [...prefectures, ...municipalities];
  return all.length === 0 ? 'nationwide' : all.join(',');
}

/**
 * `create` and `grant-secretariat` say where the secretariat signs in: APP_URL. Against AWS a
 * loopback APP_URL is the local default, not the deployed app's address, so it is not printed.
 */
export function describeBootstrap(
  result: { platform: Platform; created: boolean; secretariat: { email: string }[] },
  appUrl: string,
  target: { onAws: boolean } = { onAws: false },
): string {
  const { platform, created } = result;
  const emails = result.secretariat.map((s) => s.email).join(', ');
  const where =
    target.onAws && isLoopbackUrl(appUrl)
      ? 'They sign in with a magic link at the stack’s AppUrl output (APP_URL is not set to it here).'
      : `They sign in at ${appUrl} with a magic link.`;
  return [
    created
      ? `Created platform ${platform.id} 「${platform.name}」 (${platform.level}, scope ${scopeText(platform)}).`
      : `Platform ${platform.id} 「${platform.name}」 already exists; its settings were left as they are.`,
    `Secretariat (事務局): ${emails}. ${where}`,
  ].join('\n');
}

/** Whether a URL points at this machine (localhost, 127.x, ::1). */
export function isLoopbackUrl(url: string): boolean {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127\./.test(host);
}

/** One line per platform: id, level, scope, secretariat and name. */
export function describePlatforms(rows: { platform: Platform; secretariat: string[] }[]): string {
  if (rows.length === 0) return 'No platforms yet. Create one with: npm run platform -- create --help';
  const cells = rows.map(({ platform, secretariat }) => [
    platform.id,
    platform.level,
    scopeText(platform),
    secretariat.join(',') || '(no secretariat)',
    platform.name,
  ]);
  const header = ['ID', 'LEVEL', 'SCOPE', 'SECRETARIAT', 'NAME'];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  return [header, ...cells]
    .map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  '))
    .join('\n');
}

export interface Target {
  tableName: string;
  region: string;
  dynamoEndpoint?: string | undefined;
}

/** The one line printed for a failure, and the exit code: 2 = fix your input, 1 = it failed. */
export function describeError(error: unknown, target?: Target): { message: string; exitCode: 1 | 2 } {
  if (error instanceof UsageError) {
    return { message: `error: ${error.message} (see npm run platform -- --help)`, exitCode: 2 };
  }
  if (error instanceof ValidationError) {
    const fields = (error.errors ?? []).map((e) => `${e.path}: ${e.message}`).join('; ');
    return { message: `error: invalid input: ${fields}`, exitCode: 2 };
  }
  if (error instanceof CommandFailed) return { message: `error: ${error.message}`, exitCode: 1 };
  if (error instanceof ConfigError) return { message: `error: ${error.message}`, exitCode: 2 };
  if (error instanceof DomainError) return { message: `error: ${error.detail}`, exitCode: 1 };
  const name = error instanceof Error ? error.name : 'Error';
  const where = target
    ? `table ${target.tableName} in ${target.region}${target.dynamoEndpoint ? ` at ${target.dynamoEndpoint}` : ''}`
    : 'the table';
  if (name === 'ResourceNotFoundException') {
    return {
      message: `error: ${where} does not exist: deploy the stack first, or run npm start for the local table`,
      exitCode: 1,
    };
  }
  if (name === 'CredentialsProviderError') {
    return {
      message:
        'error: no AWS credentials found: set AWS_PROFILE (or the AWS_ACCESS_KEY_ID pair), or DYNAMODB_ENDPOINT for DynamoDB Local',
      exitCode: 1,
    };
  }
  if (isConnectionRefused(error)) {
    return {
      message: `error: cannot reach DynamoDB for ${where}: is npm start (DynamoDB Local) running?`,
      exitCode: 1,
    };
  }
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return { message: `error: ${name}: ${message}`, exitCode: 1 };
}

function isConnectionRefused(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { code?: unknown; errors?: unknown; cause?: unknown };
  if (e.code === 'ECONNREFUSED') return true;
  if (Array.isArray(e.errors) && e.errors.some(isConnectionRefused)) return true;
  return e.cause !== undefined && e.cause !== error && isConnectionRefused(e.cause);
}
