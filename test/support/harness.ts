import { ulid } from 'ulid';
import { expect, inject } from 'vitest';
import { bootstrapPlatform } from '#admin';
import { type Config, parseConfig } from '#config';
import { type AppContext, createContext } from '#context';
import type { PlatformInput } from '#domain';
import { createApp } from '#http';
import { type Email, sesLocalStore } from '#local';
import { ensureTable } from '#store';

// One harness per test file: its own table in the shared DynamoDB Local, the real app, and
// the real SES local store to read what was mailed.

export interface Harness {
  ctx: AppContext;
  app: ReturnType<typeof createApp>;
  config: Config;
  mails(to: string): Promise<Email[]>;
  request(path: string, init?: RequestInit & { json?: unknown; as?: Session }): Promise<Response>;
  signIn(email: string): Promise<Session>;
  platform(input?: Partial<PlatformInput>, secretariat?: string[]): Promise<string>;
}

export interface Session {
  token: string;
  csrfToken: string;
  personId: string;
  email: string;
}

export async function createHarness(
  env: Record<string, string> = {},
  overrides: Partial<Omit<AppContext, 'config'>> = {},
): Promise<Harness> {
  const config = parseConfig({
    STAGE: 'test',
    TABLE_NAME: `test-${ulid()}`,
    DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
    SES_ENDPOINT: inject('sesEndpoint'),
    APP_URL: 'http://tsunagu.test',
    LOG_LEVEL: 'silent',
    MAGIC_LINKS_PER_IP: '10000',
    ...env,
  });
  const ctx = createContext(config, overrides);
  await ensureTable(ctx.dynamo, config.tableName);
  const app = createApp(ctx);
  const ses = sesLocalStore(config.sesEndpoint!);

  const mails = async (to: string) => (await ses.list()).filter((m) => m.destination.to.includes(to));

  const request: Harness['request'] = (path, init = {}) => {
    const { json, as, ...rest } = init;
    const headers = new Headers(rest.headers);
    if (json !== undefined) headers.set('content-type', 'application/json');
    if (as) headers.set('authorization', `Bearer ${as.token}`);
    return Promise.resolve(
      app.request(path, { ...rest, headers, ...(json !== undefined ? { body: JSON.stringify(json) } : {}) }),
    );
  };

  async function signIn(email: string): Promise<Session> {
    const before = (await mails(email)).length;
    const asked = await request('/v1/auth/magic-link', { method: 'POST', json: { email } });
    expect(asked.status).toBe(202);
    const inbox = await mails(email);
    expect(inbox.length).toBe(before + 1);
    const token = magicTokenFrom(inbox.at(-1)!);
    const res = await request('/v1/auth/session', { method: 'POST', json: { token } });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { token: string; csrfToken: string; person: { id: string } };
    return { token: body.token, csrfToken: body.csrfToken, personId: body.person.id, email };
  }

  async function platform(input: Partial<PlatformInput> = {}, secretariat: string[] = []): Promise<string> {
    const id = input.id ?? `p-${ulid().toLowerCase().slice(-10)}`;
    await bootstrapPlatform(
      ctx,
      {
        name: 'テスト県 孤独・孤立対策官民連携プラットフォーム',
        level: 'prefecture',
        scope: { prefectures: ['11'], municipalities: [] },
        ...input,
        id,
      },
      secretariat,
    );
    return id;
  }

  return { ctx, app, config, mails, request, signIn, platform };
}

export function magicTokenFrom(mail: Email): string {
  const match = mail.body.text?.match(/\/auth\/verify\?token=([A-Za-z0-9_%-]+)/);
  if (!match?.[1]) throw new Error(`no magic link in mail "${mail.subject}"`);
  return decodeURIComponent(match[1]);
}

export const uniqueEmail = (label: string) => `${label}-${ulid().toLowerCase()}@example.jp`;
