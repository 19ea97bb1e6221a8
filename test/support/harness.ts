import { ulid } from 'ulid';
import { expect, inject } from 'vitest';
import { bootstrapPlatform } from '#admin';
import { type Config, parseConfig } from '#config';
import { type AppContext, createContext, type SendingContext } from '#context';
import {
  type ApplicationForm,
  isProblemType,
  type Membership,
  type Need,
  type Offer,
  type Organization,
  type Platform,
  type PlatformInput,
  PRIVACY_VERSION,
  TERMS_VERSION,
} from '#domain';
import { createApp } from '#http';
import { type Email, sesLocalStore } from '#local';
import { type Mailer, type SendOptions, type SendReport, sendPending, sendTags, sesMailer } from '#mail';
import { ensureTable } from '#store';
import { type Body, needInput, offerInput, organizationInput } from './builders';

// One harness per test file: its own table in the shared DynamoDB Local, the real app, and
// the real SES local store to read what was mailed.

export interface Harness {
  /** The app's context, with the mailer its senders use (SES local; a test may swap it). */
  ctx: SendingContext;
  app: ReturnType<typeof createApp>;
  config: Config;
  /**
   * What SES local holds for this address, once the link mails waiting in the outbox (sign-in,
   * invitation, contact confirmation) are sent: as a person reads them, the moment after the
   * sender ran (on AWS the stream runs it within seconds, `npm start` at once). Other mail waits
   * for drain().
   */
  mails(to: string): Promise<Email[]>;
  /** Sends the link mails that are due (what mails() does first); a message another sender holds is awaited. */
  sendLinks(): Promise<void>;
  /**
   * The app's answer to this request. `env` is what the server hands the app alongside it, e.g.
   * `{ event, lambdaContext }` as hono/aws-lambda does behind API Gateway.
   */
  request(
    path: string,
    init?: RequestInit & { json?: unknown; as?: Session; env?: object },
  ): Promise<Response>;
  /**
   * Signs in by the mailed link through the API and (unless `consent: false`) agrees to the
   * terms and privacy notice in force, as every person does before using the pages.
   */
  signIn(email: string, options?: { consent?: boolean }): Promise<Session>;
  platform(input?: Partial<PlatformInput>, secretariat?: string[]): Promise<string>;
  /** Registers an organisation through the API; the session's person becomes its owner. */
  organization(as: Session, overrides?: Body): Promise<Organization>;
  /**
   * Confirms the organisation's contact address the way its owner would: opens the link of the
   * newest confirmation mail to it and presses the button.
   */
  confirmContact(org: Pick<Organization, 'contact'>): Promise<void>;
  /** Applies to a platform through the API (status pending). */
  apply(as: Session, platformId: string, organizationId: string): Promise<Membership>;
  /** Approves an application as the platform's secretariat. */
  approve(secretariat: Session, platformId: string, organizationId: string): Promise<Membership>;
  /** Invites an address through the API (owner) and returns the invitation's id and the mailed link's token. */
  invite(
    owner: Session,
    organizationId: string,
    email: string,
    role: string,
  ): Promise<{ id: string; token: string }>;
  /** Invites an address and accepts the mailed link through the API: the person's new session. */
  addPerson(owner: Session, organizationId: string, email: string, role: string): Promise<Session>;
  /** A new person owning a new organisation that is an approved member of the platform. */
  member(platformId: string, secretariat: Session, label?: string, org?: Body): Promise<Member>;
  postNeed(as: Session, platformId: string, organizationId: string, overrides?: Body): Promise<Need>;
  postOffer(as: Session, platformId: string, organizationId: string, overrides?: Body): Promise<Offer>;
  /** The environment a command-line script (npm run match, digest) needs to work on this harness's table. */
  cliEnv(): Record<string, string | undefined>;
  /** Sends everything due in the outbox to SES local, fast (no pacing worth speaking of). */
  drain(options?: Partial<SendOptions>): Promise<SendReport>;
}

export interface Member {
  session: Session;
  org: Organization;
}

export interface Session {
  token: string;
  csrfToken: string;
  personId: string;
  email: string;
  /** `name=value` of the session cookie the sign-in answer set, for a Cookie header. */
  cookie: string;
}

/** Agreement to the terms of use and privacy notice in force, as the API takes it. */
export const CURRENT_CONSENT = { terms: TERMS_VERSION, privacy: PRIVACY_VERSION };

/** The same agreement as a page's form sends it: the box ticked, the versions the page showed. */
export const CONSENT_FIELDS = {
  consent: 'on',
  consentTerms: TERMS_VERSION,
  consentPrivacy: PRIVACY_VERSION,
} as const;

/** The app's public origin in every harness (APP_URL): links in mail and problem types are under it. */
export const TEST_APP_URL = 'http://tsunagu.test';

export async function createHarness(
  env: Record<string, string> = {},
  overrides: Partial<Omit<AppContext, 'config'>> & { mailer?: Mailer } = {},
): Promise<Harness> {
  const config = parseConfig({
    STAGE: 'test',
    TABLE_NAME: `test-${ulid()}`,
    DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
    SES_ENDPOINT: inject('sesEndpoint'),
    APP_URL: TEST_APP_URL,
    LOG_LEVEL: 'silent',
    MAGIC_LINKS_PER_IP: '10000',
    MAGIC_LINKS_PER_DOMAIN: '10000',
    INVITATIONS_PER_INVITER: '10000',
    INVITATIONS_PER_ADDRESS: '10000',
    ...env,
  });
  const ctx = createContext(config, { mailer: sesMailer(config), ...overrides });
  await ensureTable(ctx.dynamo, config.tableName);
  const app = createApp(ctx);
  const ses = sesLocalStore(config.sesEndpoint!);

  async function sendLinks(): Promise<void> {
    // Another sender (a concurrent request's mails(), a browser test's loop) may hold one for a
    // moment: wait for it, a few seconds at most (a claim left by a killed sender lapses later).
    for (let round = 0; round < 100; round++) {
      const now = ctx.now().toISOString();
      const due = (await ctx.store.outbox.pendingLinks(100)).filter(
        (m) => m.status !== 'pending' || !m.notBefore || m.notBefore <= now,
      );
      if (due.length === 0) return;
      const report = await sendTags(
        ctx,
        due.map((m) => m.tag),
        { maxPerSecond: 1000 },
      );
      if (report.waiting === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  const mails = async (to: string) => {
    await sendLinks();
    return (await ses.list()).filter((m) => m.destination.to.includes(to));
  };

  const request: Harness['request'] = (path, init = {}) => {
    const { json, as, env, ...rest } = init;
    const headers = new Headers(rest.headers);
    if (json !== undefined) headers.set('content-type', 'application/json');
    if (as) headers.set('authorization', `Bearer ${as.token}`);
    return Promise.resolve(
      app.request(
        path,
        { ...rest, headers, ...(json !== undefined ? { body: JSON.stringify(json) } : {}) },
        env,
      ),
    );
  };

  async function signIn(email: string, options: { consent?: boolean } = {}): Promise<Session> {
    const before = (await mails(email)).length;
    const asked = await request('/v1/auth/magic-link', { method: 'POST', json: { email } });
    expect(asked.status).toBe(202);
    const inbox = await mails(email);
    expect(inbox.length).toBe(before + 1);
    const token = magicTokenFrom(inbox.at(-1)!);
    const res = await request('/v1/auth/session', { method: 'POST', json: { token } });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { token: string; csrfToken: string; person: { id: string } };
    const cookie = res.headers.get('set-cookie')?.split(';')[0] ?? '';
    const session = { token: body.token, csrfToken: body.csrfToken, personId: body.person.id, email, cookie };
    if (options.consent !== false) {
      const agreed = await request('/v1/me', {
        method: 'PATCH',
        as: session,
        json: { consent: CURRENT_CONSENT },
      });
      expect(agreed.status).toBe(200);
    }
    return session;
  }

  /** Sends a request that must succeed with `status` and returns its JSON body. */
  async function ok<T>(status: number, path: string, init: Parameters<Harness['request']>[1]): Promise<T> {
    const res = await request(path, init);
    const text = await res.text();
    if (res.status !== status) throw new Error(`${init?.method ?? 'GET'} ${path}: ${res.status} ${text}`);
    return JSON.parse(text) as T;
  }

  const organization: Harness['organization'] = (as, overrides = {}) =>
    ok(201, '/v1/organizations', { method: 'POST', as, json: organizationInput(overrides) });

  const confirmContact: Harness['confirmContact'] = async (org) => {
    const link = (await mails(org.contact.email)).filter(isContactConfirmation).at(-1);
    if (!link) throw new Error(`no confirmation mail to ${org.contact.email}`);
    const res = await request(`/contact/verify?token=${contactTokenFrom(link)}`, { method: 'POST' });
    if (res.status !== 200) throw new Error(`confirming ${org.contact.email}: ${res.status}`);
  };

  // As a person filling in the join page: the platform's first tier (nothing is preselected),
  // every required question answered, every consent of the platform's form given.
  const apply: Harness['apply'] = async (as, platformId, organizationId) => {
    const [{ tiers }, form] = await Promise.all([
      ok<Platform>(200, `/v1/platforms/${platformId}`, {}),
      ok<ApplicationForm>(200, `/v1/platforms/${platformId}/application-form`, {}),
    ]);
    const answer = (q: ApplicationForm['questions'][number]) =>
      q.kind === 'yesno' ? true : q.kind === 'multiple' ? [q.options[0]!.ja] : (q.options[0]?.ja ?? 'はい');
    return ok(201, `/v1/platforms/${platformId}/memberships`, {
      method: 'POST',
      as,
      json: {
        organizationId,
        tier: tiers[0]!.id,
        answers: Object.fromEntries(form.questions.filter((q) => q.required).map((q) => [q.id, answer(q)])),
        consents: form.consents.map((c) => ({ id: c.id, version: c.version })),
      },
    });
  };

  const approve: Harness['approve'] = (secretariat, platformId, organizationId) =>
    ok(200, `/v1/platforms/${platformId}/memberships/${organizationId}/approve`, {
      method: 'POST',
      as: secretariat,
    });

  const invite: Harness['invite'] = async (owner, organizationId, email, role) => {
    const { id } = await ok<{ id: string }>(202, `/v1/organizations/${organizationId}/invitations`, {
      method: 'POST',
      as: owner,
      json: { email, role },
    });
    // The link's token starts with the organisation's and the invitation's ids: its own mail,
    // however many invitations to the address are under way.
    const tokens = (await mails(email)).flatMap((m) => {
      try {
        return [invitationTokenFrom(m)];
      } catch {
        return [];
      }
    });
    const token = tokens.find((t) => t.startsWith(`${organizationId}${id}`));
    if (!token) throw new Error(`no invitation mail to ${email} for invitation ${id}`);
    return { id, token };
  };

  const addPerson: Harness['addPerson'] = async (owner, organizationId, email, role) => {
    const { token } = await invite(owner, organizationId, email, role);
    const res = await request('/v1/invitations/accept', {
      method: 'POST',
      json: { token, consent: CURRENT_CONSENT },
    });
    const text = await res.text();
    if (res.status !== 201) throw new Error(`accepting an invitation: ${res.status} ${text}`);
    const body = JSON.parse(text) as { token: string; csrfToken: string; person: { id: string } };
    const cookie = res.headers.get('set-cookie')?.split(';')[0] ?? '';
    return { token: body.token, csrfToken: body.csrfToken, personId: body.person.id, email, cookie };
  };

  const member: Harness['member'] = async (platformId, secretariat, label = 'member', org = {}) => {
    const session = await signIn(uniqueEmail(label));
    const created = await organization(session, org);
    await apply(session, platformId, created.id);
    await approve(secretariat, platformId, created.id);
    return { session, org: created };
  };

  const postNeed: Harness['postNeed'] = (as, platformId, organizationId, overrides = {}) =>
    ok(201, `/v1/platforms/${platformId}/needs`, {
      method: 'POST',
      as,
      json: needInput(organizationId, overrides),
    });

  const postOffer: Harness['postOffer'] = (as, platformId, organizationId, overrides = {}) =>
    ok(201, `/v1/platforms/${platformId}/offers`, {
      method: 'POST',
      as,
      json: offerInput(organizationId, overrides),
    });

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

  const drain: Harness['drain'] = (options = {}) => sendPending(ctx, { maxPerSecond: 1000, ...options });

  const cliEnv: Harness['cliEnv'] = () => ({
    PATH: process.env.PATH,
    STAGE: 'test',
    TABLE_NAME: config.tableName,
    DYNAMODB_ENDPOINT: config.dynamoEndpoint,
    SES_ENDPOINT: config.sesEndpoint,
    APP_URL: config.appUrl,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  });

  return {
    ctx,
    app,
    cliEnv,
    drain,
    config,
    mails,
    sendLinks,
    request,
    signIn,
    platform,
    organization,
    invite,
    addPerson,
    confirmContact,
    apply,
    approve,
    member,
    postNeed,
    postOffer,
  };
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: { path: string; message: string }[];
}

/**
 * Asserts an RFC 9457 answer: the status, application/problem+json, every required member and
 * nothing that looks like a stack trace. Returns the body for further assertions.
 */
export async function expectProblem(res: Response, status: number, type?: string): Promise<ProblemBody> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json\b/);
  expect(text).not.toMatch(/(\n|\\n)\s*at |\bat .+:\d+:\d+|node_modules|\.ts:\d+/);
  const body = JSON.parse(text) as ProblemBody;
  expect(body).not.toHaveProperty('stack');
  expect(body).toEqual(
    expect.objectContaining({
      type: expect.any(String),
      title: expect.any(String),
      status,
      detail: expect.any(String),
    }),
  );
  // An absolute URI under the app's own origin, naming a type /problems explains.
  const prefix = `${TEST_APP_URL}/problems/`;
  expect(body.type.startsWith(prefix), `type ${body.type} is under ${prefix}`).toBe(true);
  expect(isProblemType(body.type.slice(prefix.length)), `type ${body.type} is a known one`).toBe(true);
  if (type !== undefined) expect(body.type).toBe(`${prefix}${type}`);
  return body;
}

/** The field paths a 400 names, e.g. ['capacity.people']. */
export const errorPaths = (problem: ProblemBody): string[] => (problem.errors ?? []).map((e) => e.path);

/** The JSON body of a successful answer, failing with the body when the status is not the expected one. */
export async function jsonOf<T>(res: Response, status = 200): Promise<T> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  return JSON.parse(text) as T;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export function magicTokenFrom(mail: Email): string {
  const match = mail.body.text?.match(/\/auth\/verify\?token=([A-Za-z0-9_%-]+)/);
  if (!match?.[1]) throw new Error(`no magic link in mail "${mail.subject}"`);
  return decodeURIComponent(match[1]);
}

export function invitationTokenFrom(mail: Email): string {
  const match = mail.body.text?.match(/\/invitations\/accept\?token=([A-Za-z0-9_%-]+)/);
  if (!match?.[1]) throw new Error(`no invitation link in mail "${mail.subject}"`);
  return decodeURIComponent(match[1]);
}

/** A link mail (sign-in, invitation, contact confirmation): outbox mail too, in the link lane. */
export const isLinkMail = (mail: Email) =>
  /\/(auth\/verify|invitations\/accept|contact\/verify)\?token=/.test(mail.body.text ?? '');

/** The mail that asks to confirm an organisation's contact address. */
export const isContactConfirmation = (mail: Email) =>
  /連絡先メールアドレスの確認|連絡先の確認のお願い/.test(mail.subject);

/** A mail about a membership (application received, receipt, decision): docs/mail.md "Membership mails". */
export const isMembershipMail = (mail: Email) =>
  /参加申請|会員資格|退会の手続き|membership|application|left the platform/i.test(mail.subject);

/** A mail about introductions and the rest: neither a contact confirmation nor a membership mail. */
export const isIntroductionMail = (mail: Email) => !isContactConfirmation(mail) && !isMembershipMail(mail);

/** A mail's subject, text and HTML in one string, to look for what a reader would see. */
export const mailContent = (mail: Email) =>
  `${mail.subject}\n${mail.body.text ?? ''}\n${mail.body.html ?? ''}`;

/** The token of the confirmation link in such a mail, as it appears in the link. */
export function contactTokenFrom(mail: Email): string {
  const match = mail.body.text?.match(/\/contact\/verify\?token=([A-Za-z0-9_%-]+)/);
  if (!match?.[1]) throw new Error(`no confirmation link in mail "${mail.subject}"`);
  return match[1];
}

export const uniqueEmail = (label: string) => `${label}-${ulid().toLowerCase()}@example.jp`;
