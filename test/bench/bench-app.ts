import { bootstrapPlatform } from '#admin';
import { parseConfig } from '#config';
import { type AppContext, createContext } from '#context';
import { createApp } from '#http';
import { freePort, serveApp, sesLocalStore } from '#local';
import { sendPending, sesMailer } from '#mail';
import { ensureTable } from '#store';
import { organizationInput } from '../support/builders';

// What the HTTP benchmarks share: the real app on a free loopback port over the stand-ins, a
// fresh table, a JSON caller, sign-in by the mailed link, and a platform `bench` whose members
// join as the join page makes them (a tier, the required answers, the consents) and are approved.

export type Call = <T>(
  path: string,
  init?: { method?: string; token?: string; json?: unknown },
) => Promise<T>;

export interface BenchApp {
  origin: string;
  ctx: AppContext;
  call: Call;
  signIn(email: string): Promise<string>;
  /** The secretariat's session on the platform `bench`. */
  secretariat: string;
  /** A new person owning a new organisation, an approved member of `bench`. */
  member(email: string, org?: Record<string, unknown>): Promise<{ token: string; orgId: string }>;
  stop(): Promise<void>;
}

export async function startBenchApp(
  standIns: { dynamoEndpoint: string; sesEndpoint: string },
  tableName: string,
  secretariatEmail: string,
): Promise<BenchApp> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const config = parseConfig({
    STAGE: 'test',
    TABLE_NAME: tableName,
    DYNAMODB_ENDPOINT: standIns.dynamoEndpoint,
    SES_ENDPOINT: standIns.sesEndpoint,
    APP_URL: origin,
    LOG_LEVEL: 'silent',
    MAGIC_LINKS_PER_IP: '10000',
    MAGIC_LINKS_PER_DOMAIN: '10000',
  });
  const ctx = createContext(config, { mailer: sesMailer(config) });
  await ensureTable(ctx.dynamo, config.tableName);
  const server = await serveApp(createApp(ctx).fetch, port);

  const call: Call = async <T>(
    path: string,
    init: { method?: string; token?: string; json?: unknown } = {},
  ) => {
    const response = await fetch(`${origin}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
        ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}),
    });
    if (!response.ok)
      throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  const mails = sesLocalStore(config.sesEndpoint!);
  const signIn = async (email: string) => {
    await call('/v1/auth/magic-link', { method: 'POST', json: { email } });
    // The link goes through the outbox (the link lane): send it, as the sender would at once.
    await sendPending(ctx, { maxPerSecond: 1000 });
    const mail = (await mails.list()).filter((m) => m.destination.to.includes(email)).at(-1);
    const token = decodeURIComponent(mail?.body.text?.match(/token=([^\s&"]+)/)?.[1] ?? '');
    return (await call<{ token: string }>('/v1/auth/session', { method: 'POST', json: { token } })).token;
  };

  await bootstrapPlatform(
    ctx,
    {
      id: 'bench',
      name: 'ベンチ県プラットフォーム',
      level: 'prefecture',
      scope: { prefectures: ['11'], municipalities: [] },
    },
    [secretariatEmail],
  );
  const secretariat = await signIn(secretariatEmail);

  const member = async (email: string, org: Record<string, unknown> = {}) => {
    const token = await signIn(email);
    const created = await call<{ id: string }>('/v1/organizations', {
      method: 'POST',
      token,
      json: organizationInput(org),
    });
    // As the join page does: the first tier, the required questions answered, the consents given.
    const { tiers } = await call<{ tiers: { id: string }[] }>('/v1/platforms/bench');
    const form = await call<{
      questions: { id: string; kind: string; required: boolean; options: { ja: string }[] }[];
      consents: { id: string; version: number }[];
    }>('/v1/platforms/bench/application-form');
    const answer = (q: (typeof form.questions)[number]) =>
      q.kind === 'yesno' ? true : q.kind === 'multiple' ? [q.options[0]!.ja] : (q.options[0]?.ja ?? 'はい');
    await call('/v1/platforms/bench/memberships', {
      method: 'POST',
      token,
      json: {
        organizationId: created.id,
        tier: tiers[0]!.id,
        answers: Object.fromEntries(form.questions.filter((q) => q.required).map((q) => [q.id, answer(q)])),
        consents: form.consents.map((c) => ({ id: c.id, version: c.version })),
      },
    });
    await call(`/v1/platforms/bench/memberships/${created.id}/approve`, {
      method: 'POST',
      token: secretariat,
      json: {},
    });
    return { token, orgId: created.id };
  };

  return { origin, ctx, call, signIn, secretariat, member, stop: server.stop };
}
