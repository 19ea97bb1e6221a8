import { describe, expect, it } from 'vitest';
import { ConfigError } from '#config';
import { type Platform, ValidationError } from '#domain';
import {
  CommandFailed,
  describeBootstrap,
  describeError,
  describePlatforms,
  parseCommand,
  platformInputOf,
  UsageError,
} from '../../../infra/cli/args';

const create = (...extra: string[]) => [
  'create',
  '--id',
  'saitama',
  '--name',
  '埼玉県孤独・孤立対策官民連携プラットフォーム',
  '--level',
  'prefecture',
  ...extra,
];

function failure(argv: string[]): unknown {
  try {
    parseCommand(argv);
  } catch (error) {
    return error;
  }
  throw new Error(`expected ${argv.join(' ')} to be refused`);
}

function fieldErrors(argv: string[]): Record<string, string> {
  const error = failure(argv);
  expect(error).toBeInstanceOf(ValidationError);
  return Object.fromEntries(((error as ValidationError).errors ?? []).map((e) => [e.path, e.message]));
}

const platform: Platform = {
  id: 'kawaguchi',
  name: '川口市つながりサポートプラットフォーム',
  level: 'municipality',
  scope: { prefectures: [], municipalities: ['11203'] },
  tiers: [{ id: 'general', ja: '一般団体', en: 'General member' }],
  digest: { weekday: 1, hour: 8 },
  createdAt: '2026-04-01T00:00:00.000Z',
  updatedAt: '2026-04-01T00:00:00.000Z',
  version: 1,
};

describe('parseCommand', () => {
  it('reads a create command with scope and several secretariat addresses', () => {
    const command = parseCommand(
      create(
        '--scope',
        '11',
        '--scope-municipality',
        '11203',
        '--secretariat',
        'A@Example.jp',
        '--secretariat',
        'b@example.jp',
      ),
    );

    expect(command).toEqual({
      command: 'create',
      platform: expect.objectContaining({
        id: 'saitama',
        level: 'prefecture',
        scope: { prefectures: ['11'], municipalities: ['11203'] },
      }),
      secretariat: ['a@example.jp', 'b@example.jp'],
      sesCheck: true,
    });
  });

  it('asks SES about the secretariat’s mail unless --skip-ses-check says not to', () => {
    const skipped = parseCommand(
      create('--scope', '11', '--secretariat', 'a@example.jp', '--skip-ses-check'),
    );
    expect(skipped).toMatchObject({ command: 'create', sesCheck: false });
    expect(
      parseCommand(['grant-secretariat', '--id', 'saitama', '--email', 'a@example.jp', '--skip-ses-check']),
    ).toMatchObject({ command: 'grant-secretariat', sesCheck: false });
    expect(() => parseCommand(['list', '--skip-ses-check'])).toThrow(UsageError);
  });

  it('takes comma-separated codes as well as repeated flags', () => {
    const command = parseCommand(
      create('--scope', '11,13', '--scope', '14', '--secretariat', 'a@example.jp'),
    );

    expect(command.command === 'create' && command.platform.scope).toEqual({
      prefectures: ['11', '13', '14'],
      municipalities: [],
    });
  });

  it('lets a national platform go without a scope', () => {
    const command = parseCommand([
      'create',
      '--id',
      'national',
      '--name',
      '孤独・孤立対策官民連携プラットフォーム',
      '--level',
      'national',
      '--secretariat',
      'a@example.jp',
    ]);

    expect(command.command).toBe('create');
  });

  it('names the flag and the value that is wrong, all at once', () => {
    const errors = fieldErrors([
      'create',
      '--id',
      'Saitama!',
      '--name',
      'x',
      '--level',
      'region',
      '--scope',
      '11,99',
      '--scope-municipality',
      '99999',
      '--secretariat',
      'not-an-email',
    ]);

    expect(Object.keys(errors).sort()).toEqual([
      '--id',
      '--level',
      '--scope 99',
      '--scope-municipality 99999',
      '--secretariat not-an-email',
    ]);
  });

  it('asks for a scope on a prefecture platform', () => {
    const errors = fieldErrors(create('--secretariat', 'a@example.jp'));

    expect(Object.keys(errors)).toEqual(['--scope']);
  });

  it('refuses create without a secretariat', () => {
    const error = failure(create('--scope', '11'));

    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(/--secretariat/);
  });

  it('reads grant-secretariat with its addresses normalised and deduplicated', () => {
    const command = parseCommand([
      'grant-secretariat',
      '--id',
      'saitama',
      '--email',
      ' X@Example.jp ',
      '--email',
      'x@example.jp',
    ]);

    expect(command).toEqual({
      command: 'grant-secretariat',
      platformId: 'saitama',
      emails: ['x@example.jp'],
      sesCheck: true,
    });
  });

  it.each([
    [['grant-secretariat', '--email', 'x@example.jp'], /--id/],
    [['grant-secretariat', '--id', 'saitama'], /--email/],
    [['list', '--id', 'saitama'], /--id is not an option of list/],
    [['create', '--email', 'x@example.jp'], /--email is not an option of create/],
    [['frob'], /unknown command "frob"/],
    [['list', 'extra'], /unexpected argument "extra"/],
    [['list', '--verbose'], /^Unknown option '--verbose'$/],
    [['create', '--id'], /argument missing/],
  ])('refuses %j with a one-line usage error', (argv, message) => {
    const error = failure(argv);

    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });

  it.each([[[]], [['--help']], [['-h']], [['help']], [['create', '--help']]])('shows help for %j', (argv) => {
    expect(parseCommand(argv)).toEqual({ command: 'help' });
  });

  it('reads list', () => {
    expect(parseCommand(['list'])).toEqual({ command: 'list' });
  });
});

describe('describeError', () => {
  const target = { tableName: 'tsunagu', region: 'ap-northeast-1', dynamoEndpoint: 'http://localhost:8000' };

  it('lists every field error on one line with exit code 2', () => {
    const error = new ValidationError([
      { path: '--scope 99', message: '都道府県コードが正しくありません' },
      { path: '--name', message: '入力してください' },
    ]);

    expect(describeError(error)).toEqual({
      message: 'error: invalid input: --scope 99: 都道府県コードが正しくありません; --name: 入力してください',
      exitCode: 2,
    });
  });

  it('treats usage and configuration mistakes as the caller’s to fix (exit 2)', () => {
    expect(describeError(new UsageError('unknown command "x"')).exitCode).toBe(2);
    expect(describeError(new ConfigError('Invalid configuration: DYNAMODB_ENDPOINT: 無効なURL'))).toEqual({
      message: 'error: Invalid configuration: DYNAMODB_ENDPOINT: 無効なURL',
      exitCode: 2,
    });
  });

  it('says which table is missing and what to do', () => {
    const missing = Object.assign(new Error('Cannot do operations on a non-existent table'), {
      name: 'ResourceNotFoundException',
    });

    const { message, exitCode } = describeError(missing, target);

    expect(exitCode).toBe(1);
    expect(message).toBe(
      'error: table tsunagu in ap-northeast-1 at http://localhost:8000 does not exist: deploy the stack first, or run npm start for the local table',
    );
  });

  it('recognises a refused connection inside an aggregate error', () => {
    const refused = new AggregateError([Object.assign(new Error('connect'), { code: 'ECONNREFUSED' })], '');

    expect(describeError(refused, target).message).toMatch(/cannot reach DynamoDB .* is npm start/);
  });

  it('explains missing AWS credentials', () => {
    const error = Object.assign(new Error('Could not load credentials'), {
      name: 'CredentialsProviderError',
    });

    expect(describeError(error, target).message).toMatch(/AWS_PROFILE/);
  });

  it('prints the first line of anything else, with exit code 1', () => {
    expect(describeError(new CommandFailed('platform "x" does not exist'))).toEqual({
      message: 'error: platform "x" does not exist',
      exitCode: 1,
    });
    expect(describeError(new TypeError('boom\n    at somewhere.ts:1:1'))).toEqual({
      message: 'error: TypeError: boom',
      exitCode: 1,
    });
  });
});

describe('output', () => {
  it('turns a stored platform back into the input bootstrapPlatform validates', () => {
    expect(platformInputOf(platform)).toEqual({
      id: 'kawaguchi',
      name: platform.name,
      level: 'municipality',
      scope: platform.scope,
      tiers: platform.tiers,
      digest: platform.digest,
    });
  });

  it('says whether the platform was created or already there', () => {
    const created = describeBootstrap(
      { platform, created: true, secretariat: [{ email: 'a@example.jp' }] },
      'http://localhost:3000',
    );
    const existing = describeBootstrap(
      { platform, created: false, secretariat: [{ email: 'a@example.jp' }] },
      'http://localhost:3000',
    );

    expect(created).toMatch(/^Created platform kawaguchi .*scope 11203/);
    expect(created).toContain('They sign in at http://localhost:3000 with a magic link.');
    expect(existing).toMatch(/already exists; its settings were left as they are/);
    expect(existing).toContain('a@example.jp');
  });

  it('prints the deployed app’s URL against AWS, and never a localhost there', () => {
    const result = { platform, created: true, secretariat: [{ email: 'a@example.jp' }] };
    expect(describeBootstrap(result, 'https://tsunagu.example.jp', { onAws: true })).toContain(
      'They sign in at https://tsunagu.example.jp with a magic link.',
    );
    for (const local of ['http://localhost:3000', 'http://127.0.0.1:3000', 'http://[::1]:3000']) {
      const text = describeBootstrap(result, local, { onAws: true });
      expect(text, local).not.toContain(local);
      expect(text).toContain('AppUrl');
    }
  });

  it('lists platforms as aligned columns, nationwide when the scope is empty', () => {
    const text = describePlatforms([
      { platform, secretariat: ['a@example.jp'] },
      {
        platform: {
          ...platform,
          id: 'national',
          level: 'national',
          scope: { prefectures: [], municipalities: [] },
        },
        secretariat: [],
      },
    ]);

    const [header, first, second] = text.split('\n');
    expect(header).toMatch(/^ID\s+LEVEL\s+SCOPE\s+SECRETARIAT\s+NAME$/);
    expect(first).toMatch(/^kawaguchi\s+municipality\s+11203\s+a@example\.jp\s+川口市/);
    expect(second).toMatch(/^national\s+national\s+nationwide\s+\(no secretariat\)/);
    expect(first!.indexOf('11203')).toBe(second!.indexOf('nationwide'));
  });

  it('points to create when there are no platforms', () => {
    expect(describePlatforms([])).toMatch(/npm run platform -- create/);
  });
});
