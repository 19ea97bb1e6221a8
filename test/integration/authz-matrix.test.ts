import { isDeepStrictEqual } from 'node:util';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ApplicationForm, Match, Need, Offer, Organization } from '#domain';
import { signLink } from '#mail';
import { needFormFields, needInput, offerInput, organizationInput } from '#test/builders';
import {
  CONSENT_FIELDS,
  CURRENT_CONSENT,
  contactTokenFrom,
  createHarness,
  expectProblem,
  type Harness,
  jsonOf,
  type Member,
  magicTokenFrom,
  type Session,
  uniqueEmail,
} from '#test/harness';

// Who may do what, for every route the app serves (JSON API and pages) and every role, from
// one table: MATRIX below. A route without a row, or a row without a route, fails the first
// test. Each row says what each role gets:
//
//   allow = 2xx/3xx; deny = 401 (not signed in), 403 (signed in, not allowed), 404 (not for
//   you to know it exists). Pages deny with the sign-in page (401) or "not found" (404); a form
//   on a page the person may see comes back with the API's refusal in it (403).
//
// Only the role differs between the cells of a row: the same real ids and valid bodies. A write
// that is expected to succeed runs against a fresh resource of the same kind (or is idempotent),
// after the refused ones, and the refused ones are checked to have changed nothing.
//
// The world: platform A (its secretariat) and platform B (its secretariat). On A, organisation X
// (owner, editor, viewer: the roles "of the resource's organisation") posts a need and an offer
// and has introductions with partner organisation W; organisation Y's owner is "another
// organisation" on A; organisation Z's owner is a member of B only.

const ROLES = [
  'anonymous',
  'otherOrg',
  'viewer',
  'editor',
  'owner',
  'otherPlatform',
  'otherSecretariat',
  'secretariat',
] as const;
type Role = (typeof ROLES)[number];
type SignedInRole = Exclude<Role, 'anonymous'>;
/** Roles that may never see X's contact person or its people's addresses, whatever the route. */
const OUTSIDERS: readonly Role[] = ['anonymous', 'otherOrg', 'otherPlatform', 'otherSecretariat'];
/** The roles that see X's contact person where a route shows it (its people and A's secretariat). */
const INSIDERS: Role[] = ['viewer', 'editor', 'owner', 'secretariat'];

/** Expected status per role, in the order of ROLES. */
type Statuses = readonly [number, number, number, number, number, number, number, number];
const everyone = (status: number) => ROLES.map(() => status) as unknown as Statuses;
const signedIn = (status: number): Statuses => [401, status, status, status, status, status, status, status];

interface Cell {
  role: Role;
  /** Whether the row expects this role to be allowed (then a write gets a fresh resource). */
  allowed: boolean;
}

interface Req {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  json?: unknown;
  /** A file as the member import's upload takes it (text/csv). */
  csv?: string;
  /** A file form (multipart, with the session's `_csrf`): the import page's upload. */
  file?: string;
  /** An HTML form: urlencoded, with the session's `_csrf` (or the sign-in forms' double-submit token). */
  form?: Record<string, string | string[]>;
  /** Another session of the same person (sign-out ends the one it is sent with). */
  as?: Session;
  /** The sign-in forms are protected by the anonymous double-submit token, not the session's. */
  signInForm?: boolean;
}

interface Row {
  expect: Statuses;
  send(cell: Cell): Req | Promise<Req>;
  /** The shared targets a refused write must leave as they were, read from the store. */
  state?(): Promise<unknown>;
  /** Allowed cells one after another: they change the same versioned item (idempotently). */
  serial?: boolean;
  /** Changes the roles' own affiliations or runs a round: after every other row. */
  last?: boolean;
  /** Roles whose answer shows this contact address (so the check that outsiders never see it means something). */
  shows?: { roles: Role[]; email(): string };
}

let h: Harness;
let w: World;

interface World {
  platformA: string;
  platformB: string;
  sessions: Record<SignedInRole, Session>;
  partner: Session;
  x: Organization;
  partnerOrg: Organization;
  /** Z: the other platform's member organisation. */
  otherPlatformOrg: Organization;
  /** An organisation of the owner (editor, viewer as in X) whose application to A waits. */
  pending: Organization;
  /** An organisation of the owner (editor, viewer as in X) that never applied to A. */
  unapplied: Organization;
  /** Spare organisations for writes that need one of their own, per pool. */
  pools: { applying: Organization[]; withdrawing: Organization[] };
  need: Need;
  offer: Offer;
  partnerOffer: Offer;
  match: Match;
  connected: Match;
  bystander: string;
  /** A pending invitation to X, never accepted or withdrawn: the target refused writes must leave. */
  invitation: { id: string; token: string };
  invitee: string;
  /** An owner of an organisation outside the world, whose invitations the link rows accept. */
  inviter: Member;
  respondToken: string;
  unsubscribeToken: string;
  /** A mail footer's language switch, for an address no role is tied to. */
  languageToken: string;
  /** A confirmation link's token, for an organisation and address no role is tied to. */
  contactToken: string;
  assets: { css: string; js: string };
  /** Addresses only insiders may ever see: X's contact and people, and the partner's. */
  secrets: string[];
}

// --- fresh resources for writes that succeed -------------------------------------------------

function matchOf(need: Need, offer: Offer, status: 'proposed' | 'connected'): Match {
  const now = new Date().toISOString();
  const accepted = { decision: 'accepted' as const, at: now };
  return {
    id: ulid(),
    platformId: need.platformId,
    origin: 'round',
    roundId: 'authz-matrix',
    needId: need.id,
    offerId: offer.id,
    needOrganizationId: need.organizationId,
    offerOrganizationId: offer.organizationId,
    kind: need.kind,
    score: 0.8,
    breakdown: { field: 1, region: 1, capacity: 0.5, timing: 0.5, freshness: 0.5 },
    explanation: { ja: '分野と地域が一致しています', en: 'Same field and region' },
    status,
    respondBy: new Date(Date.now() + 14 * 86_400_000).toISOString(),
    responses: status === 'connected' ? { need: accepted, offer: accepted } : {},
    ...(status === 'connected' ? { connectedAt: now } : {}),
    outcomes: {},
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
}

function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => {
    made ??= make();
    return made;
  };
}

const fresh = {
  need: () => h.postNeed(w.sessions.owner, w.platformA, w.x.id, { title: '別のニーズ' }),
  offer: () => h.postOffer(w.sessions.owner, w.platformA, w.x.id, { title: '別の支援の申し出' }),
  /** An introduction between a new need of X and the partner's offer. */
  async match(status: 'proposed' | 'connected'): Promise<string> {
    const match = matchOf(await fresh.need(), w.partnerOffer, status);
    expect(await h.ctx.store.matches.propose(match)).toBe('proposed');
    return match.id;
  },
  /** A need of the partner W on A: what X's people offer to help with (協力を申し出る). */
  partnerNeed: () => h.postNeed(w.partner, w.platformA, w.partnerOrg.id, { title: 'パートナーのニーズ' }),
  /** One partner need for every refused request (created once). */
  sharedPartnerNeed: once(() =>
    h.postNeed(w.partner, w.platformA, w.partnerOrg.id, { title: '共通のニーズ' }),
  ),
  /** An open call (公募) of X, created once: its applicants are for X's people and A's secretariat. */
  openCall: once(() =>
    h.postOffer(w.sessions.owner, w.platformA, w.x.id, {
      title: '公募の申し出',
      openCall: { deadline: '2099-12-31', questions: [{ id: 'plan', label: '計画', required: true }] },
    }),
  ),
  /** A new viewer of X (invited, and joined by the link). */
  async person(): Promise<string> {
    return (await h.addPerson(w.sessions.owner, w.x.id, uniqueEmail('fresh-person'), 'viewer')).personId;
  },
  /** A new pending invitation to X: its id and its link's token. */
  invitation: () => h.invite(w.sessions.owner, w.x.id, uniqueEmail('fresh-invitee'), 'viewer'),
  /**
   * A link to accept: an invitation from an owner outside the world's secrets (the link's page
   * names the inviter to whoever holds the link, as the mail did).
   */
  link: async () =>
    (await h.invite(w.inviter.session, w.inviter.org.id, uniqueEmail('link-invitee'), 'viewer')).token,
  /** The partner's new organisation, its application to A pending. */
  async pendingOrg(): Promise<string> {
    const org = await h.organization(w.partner, { contact: contactPerson('fresh') });
    await h.apply(w.partner, w.platformA, org.id);
    return org.id;
  },
  async approvedOrg(): Promise<string> {
    const id = await fresh.pendingOrg();
    await h.approve(w.sessions.secretariat, w.platformA, id);
    return id;
  },
  /** An organisation of X's owner (editor and viewer as in X) whose contact is not confirmed. */
  async unconfirmedOrg(): Promise<string> {
    const org = await h.organization(w.sessions.owner, { contact: contactPerson('unconfirmed') });
    await addPerson(w.sessions.owner, org.id, w.sessions.editor.email, 'editor');
    await addPerson(w.sessions.owner, org.id, w.sessions.viewer.email, 'viewer');
    return org.id;
  },
  /** The token of a contact confirmation link, for an organisation and address of its own. */
  async contactToken(): Promise<string> {
    const someone = await h.signIn(uniqueEmail('link-owner'));
    const org = await h.organization(someone, { contact: contactPerson('link') });
    return contactTokenFrom((await h.mails(org.contact.email)).at(-1)!);
  },
  /** Another session of the role's person (the first one stays signed in). */
  session: (role: Role) => h.signIn(w.sessions[role as SignedInRole].email),
  /** The token of a sign-in link mailed to a new address. */
  async linkToken(): Promise<string> {
    const email = uniqueEmail('link');
    const res = await h.request('/v1/auth/magic-link', { method: 'POST', json: { email } });
    expect(res.status).toBe(202);
    return magicTokenFrom((await h.mails(email)).at(-1)!);
  },
  pooled(pool: keyof World['pools']): string {
    const org = w.pools[pool].pop();
    if (!org) throw new Error(`the ${pool} pool is empty: add an organisation to it in beforeAll`);
    return org.id;
  },
};

// --- what refused writes must not change ------------------------------------------------------

const store = () => h.ctx.store;
const state = {
  need: () => store().needs.get(w.need.id),
  offer: () => store().offers.get(w.offer.id),
  org: () => store().organizations.get(w.x.id),
  people: async () => (await store().people.peopleOf(w.x.id, { limit: 100 })).items,
  invitations: async () => (await store().invitations.pendingOf(w.x.id, { limit: 100 }, 0)).items,
  needsOfX: async () => (await store().needs.ofOrganization(w.x.id, { limit: 100 })).items,
  offersOfX: async () => (await store().offers.ofOrganization(w.x.id, { limit: 100 })).items,
  membership: (organizationId: () => string) => () => store().memberships.get(w.platformA, organizationId()),
  match: () => store().matches.get(w.match.id),
  connected: () => store().matches.get(w.connected.id),
  platform: () => store().platforms.get(w.platformA),
  applicationForm: () => store().applicationForms.get(w.platformA, '2026-01-01T00:00:00.000Z'),
  secretariat: async () => (await store().people.secretariatOf(w.platformA, { limit: 100 })).items,
  news: async () => (await store().news.list(w.platformA, { limit: 100 })).items,
  rounds: async () => (await store().matches.rounds(w.platformA, { limit: 100 })).items,
  digest: () => store().digestRuns.latestBefore(w.platformA, '9999-W99'),
};

// --- request bodies, the same for every role --------------------------------------------------

const contactPerson = (label: string) => ({ name: '連絡 太郎', email: uniqueEmail(`${label}-contact`) });
const preferences = {
  language: 'ja',
  digest: {},
  fields: [],
  regions: { prefectures: [], municipalities: [] },
};
const needForm = needFormFields();
const offerForm = {
  kind: 'venue',
  title: '社員食堂を週末に開放します',
  fields: ['children_youth'],
  types: ['hall', 'kitchen'],
  'capacity.people': '40',
  'serviceArea.prefectures': ['11'],
  'period.start': '2026-12-01',
};
const version = async (read: () => Promise<{ version: number } | undefined>) => (await read())!.version;

// Shorthands for the ids in paths.
const A = () => w.platformA;
const X = () => w.x.id;

// --- the matrix -------------------------------------------------------------------------------

// Columns: anonymous, otherOrg, viewer, editor, owner, otherPlatform, otherSecretariat, secretariat.
/** A one-row member list for the import rows, its contact under a fresh address. */
const MEMBER_LIST = (tag: string) =>
  `団体名,担当者,メールアドレス,所在地\nインポート団体${tag},担当 花子,import-${tag.toLowerCase()}@example.jp,埼玉県さいたま市\n`;
const IMPORT_MAPPING = ['name', 'contactName', 'contactEmail', 'address'];
/** An upload of A's secretariat, for the preview and run rows. */
async function memberListUpload(): Promise<string> {
  const res = await h.request(`/v1/platforms/${A()}/imports`, {
    method: 'POST',
    as: w.sessions.secretariat,
    headers: { 'content-type': 'text/csv' },
    body: MEMBER_LIST(ulid()),
  });
  return (await jsonOf<{ id: string }>(res, 201)).id;
}

const MATRIX: Record<string, Row> = {
  // Public.
  'GET /health': { expect: everyone(200), send: () => ({ path: '/health' }) },
  'GET /v1/openapi.json': { expect: everyone(200), send: () => ({ path: '/v1/openapi.json' }) },
  'GET /v1/platforms': { expect: everyone(200), send: () => ({ path: '/v1/platforms' }) },
  'GET /v1/platforms/:platformId': { expect: everyone(200), send: () => ({ path: `/v1/platforms/${A()}` }) },
  'GET /assets/app.{hash}.css': { expect: everyone(200), send: () => ({ path: w.assets.css }) },
  'GET /assets/app.{hash}.js': { expect: everyone(200), send: () => ({ path: w.assets.js }) },
  'GET /regions/:file{[0-9]{2}\\.json}': {
    expect: everyone(200),
    send: () => ({ path: '/regions/11.json' }),
  },
  'GET /': { expect: everyone(200), send: () => ({ path: '/' }) },
  // What each problem type means: the URI in every problem+json answer, public documentation.
  'GET /problems': { expect: everyone(200), send: () => ({ path: '/problems' }) },
  'GET /problems/:type': { expect: everyone(200), send: () => ({ path: '/problems/stale-version' }) },
  'GET /platforms': { expect: everyone(200), send: () => ({ path: '/platforms' }) },
  'GET /platforms/:platformId': { expect: everyone(200), send: () => ({ path: `/platforms/${A()}` }) },
  'GET /platforms/:platformId/directory': {
    expect: everyone(200),
    send: () => ({ path: `/platforms/${A()}/directory` }),
  },

  // Signing in and out. Sign-in works the same with or without a session; sign-out ends another
  // session of the same person (a fresh one), so the role keeps its own.
  'POST /v1/auth/magic-link': {
    expect: everyone(202),
    send: () => ({ method: 'POST', path: '/v1/auth/magic-link', json: { email: uniqueEmail('matrix') } }),
  },
  'POST /v1/auth/session': {
    expect: everyone(201),
    send: async () => ({
      method: 'POST',
      path: '/v1/auth/session',
      json: { token: await fresh.linkToken() },
    }),
  },
  'POST /v1/auth/sign-out': {
    expect: signedIn(204),
    send: async (c) => ({
      method: 'POST',
      path: '/v1/auth/sign-out',
      ...(c.allowed ? { as: await fresh.session(c.role) } : {}),
    }),
  },
  // Signed in, the sign-in page sends you home.
  'GET /auth/sign-in': {
    expect: [200, 303, 303, 303, 303, 303, 303, 303],
    send: () => ({ path: '/auth/sign-in' }),
  },
  'POST /auth/sign-in': {
    expect: everyone(202),
    send: () => ({
      method: 'POST',
      path: '/auth/sign-in',
      form: { email: uniqueEmail('matrix-form') },
      signInForm: true,
    }),
  },
  'GET /auth/verify': {
    expect: everyone(200),
    send: () => ({ path: `/auth/verify?token=${'x'.repeat(43)}` }),
  },
  'POST /auth/verify': {
    expect: everyone(303),
    send: async () => ({
      method: 'POST',
      path: '/auth/verify',
      form: { token: await fresh.linkToken() },
      signInForm: true,
    }),
  },
  'POST /auth/sign-out': {
    expect: everyone(303),
    send: async (c) => ({
      method: 'POST',
      path: '/auth/sign-out',
      form: {},
      ...(c.role !== 'anonymous' ? { as: await fresh.session(c.role) } : {}),
    }),
  },

  // Behind the links in mails: the signed token is the authority, whoever sends it.
  'GET /respond': { expect: everyone(200), send: () => ({ path: `/respond?token=${w.respondToken}` }) },
  'POST /respond': {
    expect: everyone(200),
    send: () => ({ method: 'POST', path: `/respond?token=${w.respondToken}`, form: {} }),
    // The same accept eight times: one at a time, as a person pressing the button again would.
    serial: true,
  },
  'GET /v1/unsubscribe': {
    expect: everyone(200),
    send: () => ({ path: `/v1/unsubscribe?token=${w.unsubscribeToken}` }),
  },
  'POST /v1/unsubscribe': {
    expect: everyone(200),
    send: () => ({ method: 'POST', path: `/v1/unsubscribe?token=${w.unsubscribeToken}`, form: {} }),
  },

  // The language switch: everyone may choose (Japanese again here, so no other row changes).
  'POST /language': {
    expect: everyone(303),
    send: (c) => ({
      method: 'POST',
      path: '/language',
      form: { lang: 'ja', next: '/platforms' },
      ...(c.role === 'anonymous' ? { signInForm: true } : {}),
    }),
  },
  'GET /language/from-mail': {
    expect: everyone(200),
    send: () => ({ path: `/language/from-mail?token=${w.languageToken}` }),
  },
  'POST /language/from-mail': {
    expect: everyone(200),
    send: () => ({ method: 'POST', path: `/language/from-mail?token=${w.languageToken}`, form: {} }),
  },

  // Oneself.
  'GET /v1/me': { expect: signedIn(200), send: () => ({ path: '/v1/me' }) },
  'PATCH /v1/me': {
    expect: signedIn(200),
    send: () => ({ method: 'PATCH', path: '/v1/me', json: { language: 'ja', nameKana: 'タナカ メグミ' } }),
  },
  'GET /v1/me/preferences': { expect: signedIn(200), send: () => ({ path: '/v1/me/preferences' }) },
  'PUT /v1/me/preferences': {
    expect: signedIn(200),
    send: () => ({ method: 'PUT', path: '/v1/me/preferences', json: preferences }),
  },
  'GET /profile': { expect: signedIn(200), send: () => ({ path: '/profile?next=%2F' }) },
  'POST /profile': {
    expect: signedIn(303),
    send: () => ({
      method: 'POST',
      path: '/profile',
      form: { name: '田中 恵', nameKana: 'たなか めぐみ', next: '/' },
    }),
  },
  'GET /preferences': { expect: signedIn(200), send: () => ({ path: '/preferences' }) },
  'POST /preferences': {
    expect: signedIn(303),
    send: () => ({ method: 'POST', path: '/preferences', form: { language: 'ja', introductionMails: 'on' } }),
  },

  // The platform, for its secretariat.
  'PATCH /v1/platforms/:platformId': {
    expect: [401, 403, 403, 403, 403, 403, 403, 200],
    send: async () => {
      const platform = (await state.platform())!;
      return {
        method: 'PATCH',
        path: `/v1/platforms/${A()}`,
        json: { version: platform.version, name: platform.name },
      };
    },
    state: state.platform,
  },
  'GET /v1/platforms/:platformId/secretariat': {
    expect: [401, 403, 403, 403, 403, 403, 403, 200],
    send: () => ({ path: `/v1/platforms/${A()}/secretariat` }),
  },
  'POST /v1/platforms/:platformId/secretariat': {
    expect: [401, 403, 403, 403, 403, 403, 403, 201],
    send: () => ({
      method: 'POST',
      path: `/v1/platforms/${A()}/secretariat`,
      json: { email: uniqueEmail('new-secretariat') },
    }),
    state: state.secretariat,
  },
  'GET /v1/platforms/:platformId/memberships': {
    expect: [401, 403, 403, 403, 403, 403, 403, 200],
    send: () => ({ path: `/v1/platforms/${A()}/memberships?status=pending` }),
  },
  'PATCH /v1/platforms/:platformId/memberships/:organizationId': {
    expect: [401, 403, 403, 403, 403, 403, 403, 200],
    send: async () => ({
      method: 'PATCH',
      path: `/v1/platforms/${A()}/memberships/${X()}`,
      json: { version: await version(state.membership(X)), tier: 'member' },
    }),
    state: state.membership(X),
  },
  'POST /v1/platforms/:platformId/memberships/:organizationId/approve': {
    expect: [401, 403, 403, 403, 403, 403, 403, 200],
    send: async (c) => ({
      method: 'POST',
      path: `/v1/platforms/${A()}/memberships/${c.allowed ? await fresh.pendingOrg() : w.pending.id}/approve`,
    }),
    state: state.membership(() => w.pending.id),
  },
  'POST /v1/platforms/:platformId/memberships/:organizationId/decline': {
    expect: [401, 403, 403, 403, 403, 403, 403, 200],
    send: async (c) => ({
      method: 'POST',
      path: `/v1/platforms/${A()}/memberships/${c.allowed ? await fresh.pendingOrg() : w.pending.id}/decline`,
      json: { reason: '今回は見送らせていただきます。' },
    }),
    state: state.membership(() => w.pending.id),
  },
  'POST /v1/platforms/:platformId/memberships/:organizationId/suspend': {
    expect: [401, 403, 403, 403, 403, 403, 403, 200],
    send: async (c) => ({
      method: 'POST',
      path: `/v1/platforms/${A()}/memberships/${c.allowed ? await fresh.approvedOrg() : X()}/suspend`,
    }),
    state: state.membership(X),
  },
  'POST /v1/platforms/:platformId/memberships/:organizationId/withdraw': {
    expect: [401, 403, 403, 403, 200, 403, 403, 200],
    send: async (c) => {
      const org = !c.allowed
        ? X()
        : c.role === 'owner'
          ? fresh.pooled('withdrawing')
          : await fresh.approvedOrg();
      return { method: 'POST', path: `/v1/platforms/${A()}/memberships/${org}/withdraw` };
    },
    state: state.membership(X),
  },
  'POST /v1/platforms/:platformId/runs/match': {
    expect: [401, 403, 403, 403, 403, 403, 403, 200],
    send: () => ({ method: 'POST', path: `/v1/platforms/${A()}/runs/match` }),
    state: state.rounds,
    last: true,
  },
  'POST /v1/platforms/:platformId/matches': {
    expect: [401, 403, 403, 403, 403, 403, 403, 201],
    send: async (c) => ({
      method: 'POST',
      path: `/v1/platforms/${A()}/matches`,
      json: {
        needId: c.allowed ? (await fresh.need()).id : w.need.id,
        offerId: w.partnerOffer.id,
        note: '事務局より',
      },
    }),
  },
  'GET /v1/platforms/:platformId/rounds': {
    expect: [401, 403, 403, 403, 403, 403, 403, 200],
    send: () => ({ path: `/v1/platforms/${A()}/rounds` }),
  },
  'POST /v1/platforms/:platformId/news': {
    expect: [401, 403, 403, 403, 403, 403, 403, 201],
    send: () => ({
      method: 'POST',
      path: `/v1/platforms/${A()}/news`,
      json: { title: '交流会のお知らせ', body: '本文' },
    }),
    state: state.news,
  },
  'POST /v1/platforms/:platformId/runs/digest': {
    expect: [401, 403, 403, 403, 403, 403, 403, 200],
    send: () => ({ method: 'POST', path: `/v1/platforms/${A()}/runs/digest` }),
    state: state.digest,
  },
  'GET /v1/platforms/:platformId/stats': {
    expect: [401, 403, 403, 403, 403, 403, 403, 200],
    send: () => ({ path: `/v1/platforms/${A()}/stats` }),
  },
  'POST /v1/platforms/:platformId/imports': {
    expect: [401, 403, 403, 403, 403, 403, 403, 201],
    send: () => ({ method: 'POST', path: `/v1/platforms/${A()}/imports`, csv: MEMBER_LIST(ulid()) }),
  },
  'POST /v1/platforms/:platformId/imports/:importId/preview': {
    expect: [401, 403, 403, 403, 403, 403, 403, 200],
    send: async () => ({
      method: 'POST',
      path: `/v1/platforms/${A()}/imports/${await memberListUpload()}/preview`,
      json: { mapping: IMPORT_MAPPING },
    }),
  },
  'POST /v1/platforms/:platformId/imports/:importId/run': {
    expect: [401, 403, 403, 403, 403, 403, 403, 200],
    send: async () => ({
      method: 'POST',
      path: `/v1/platforms/${A()}/imports/${await memberListUpload()}/run`,
      json: { mapping: IMPORT_MAPPING },
    }),
    // Writes members to A (a fresh list each time): after the rows that count A's members.
    last: true,
  },
  'POST /v1/platforms/:platformId/members': {
    expect: [401, 403, 403, 403, 403, 403, 403, 201],
    send: () => ({
      method: 'POST',
      path: `/v1/platforms/${A()}/members`,
      json: {
        organization: organizationInput({
          name: `手入力の会 ${ulid()}`,
          contact: { name: '佐藤 和子', email: uniqueEmail('by-hand') },
        }),
      },
    }),
    // Writes a member to A: after the rows that count A's members.
    last: true,
  },
  'GET /v1/platforms/:platformId/roster': {
    expect: [401, 200, 200, 200, 200, 403, 403, 200],
    send: () => ({ path: `/v1/platforms/${A()}/roster` }),
  },
  'GET /platforms/:platformId/roster': {
    // A page refuses as "not found", like the platform content pages.
    expect: [401, 200, 200, 200, 200, 404, 404, 200],
    send: () => ({ path: `/platforms/${A()}/roster` }),
  },
  'GET /platforms/:platformId/admin/roster.csv': {
    expect: [401, 404, 404, 404, 404, 404, 404, 200],
    send: () => ({ path: `/platforms/${A()}/admin/roster.csv` }),
  },
  'GET /v1/platforms/:platformId/audit': {
    expect: [401, 403, 403, 403, 403, 403, 403, 200],
    send: () => ({ path: `/v1/platforms/${A()}/audit` }),
  },
  'GET /platforms/:platformId/admin': {
    expect: [401, 404, 404, 404, 404, 404, 404, 200],
    send: () => ({ path: `/platforms/${A()}/admin` }),
  },
  'POST /platforms/:platformId/admin/round': {
    expect: [401, 404, 404, 404, 404, 404, 404, 303],
    send: () => ({ method: 'POST', path: `/platforms/${A()}/admin/round`, form: {} }),
    state: state.rounds,
    last: true,
  },
  'POST /platforms/:platformId/admin/digest': {
    expect: [401, 404, 404, 404, 404, 404, 404, 303],
    send: () => ({ method: 'POST', path: `/platforms/${A()}/admin/digest`, form: {} }),
    state: state.digest,
  },
  'GET /platforms/:platformId/admin/memberships': {
    expect: [401, 404, 404, 404, 404, 404, 404, 200],
    send: () => ({ path: `/platforms/${A()}/admin/memberships` }),
  },
  'POST /platforms/:platformId/admin/memberships/:organizationId/approve': {
    expect: [401, 404, 404, 404, 404, 404, 404, 303],
    send: async (c) => ({
      method: 'POST',
      path: `/platforms/${A()}/admin/memberships/${c.allowed ? await fresh.pendingOrg() : w.pending.id}/approve`,
      form: { tier: 'member' },
    }),
    state: state.membership(() => w.pending.id),
  },
  'POST /platforms/:platformId/admin/memberships/:organizationId/decline': {
    expect: [401, 404, 404, 404, 404, 404, 404, 303],
    send: async (c) => ({
      method: 'POST',
      path: `/platforms/${A()}/admin/memberships/${c.allowed ? await fresh.pendingOrg() : w.pending.id}/decline`,
      form: { reason: '今回は見送らせていただきます。' },
    }),
    state: state.membership(() => w.pending.id),
  },
  'POST /platforms/:platformId/admin/memberships/:organizationId/suspend': {
    expect: [401, 404, 404, 404, 404, 404, 404, 303],
    send: async (c) => ({
      method: 'POST',
      path: `/platforms/${A()}/admin/memberships/${c.allowed ? await fresh.approvedOrg() : X()}/suspend`,
      form: {},
    }),
    state: state.membership(X),
  },
  'POST /platforms/:platformId/admin/memberships/:organizationId/tier': {
    expect: [401, 404, 404, 404, 404, 404, 404, 303],
    send: async () => ({
      method: 'POST',
      path: `/platforms/${A()}/admin/memberships/${X()}/tier`,
      form: { version: String(await version(state.membership(X))), tier: 'member' },
    }),
    state: state.membership(X),
  },
  'GET /platforms/:platformId/admin/news': {
    expect: [401, 404, 404, 404, 404, 404, 404, 200],
    send: () => ({ path: `/platforms/${A()}/admin/news` }),
  },
  'POST /platforms/:platformId/admin/news': {
    expect: [401, 404, 404, 404, 404, 404, 404, 303],
    send: () => ({
      method: 'POST',
      path: `/platforms/${A()}/admin/news`,
      form: { kind: 'news', title: '交流会のお知らせ', body: '本文' },
    }),
    state: state.news,
  },
  'GET /platforms/:platformId/admin/contact': {
    expect: [401, 404, 404, 404, 404, 404, 404, 200],
    send: () => ({ path: `/platforms/${A()}/admin/contact` }),
  },
  'POST /platforms/:platformId/admin/contact': {
    expect: [401, 404, 404, 404, 404, 404, 404, 303],
    send: async () => ({
      method: 'POST',
      path: `/platforms/${A()}/admin/contact`,
      form: {
        version: String((await state.platform())!.version),
        'contact.name': '事務局',
        'contact.email': 'jimukyoku@city.example.jp',
      },
    }),
    state: state.platform,
  },
  'GET /platforms/:platformId/admin/stats': {
    expect: [401, 404, 404, 404, 404, 404, 404, 200],
    send: () => ({ path: `/platforms/${A()}/admin/stats` }),
  },
  'GET /platforms/:platformId/admin/export.csv': {
    expect: [401, 404, 404, 404, 404, 404, 404, 200],
    send: () => ({ path: `/platforms/${A()}/admin/export.csv` }),
  },
  'GET /platforms/:platformId/admin/import': {
    expect: [401, 404, 404, 404, 404, 404, 404, 200],
    send: () => ({ path: `/platforms/${A()}/admin/import` }),
  },
  'POST /platforms/:platformId/admin/import': {
    expect: [401, 404, 404, 404, 404, 404, 404, 303],
    send: () => ({ method: 'POST', path: `/platforms/${A()}/admin/import`, file: MEMBER_LIST(ulid()) }),
  },
  'GET /platforms/:platformId/admin/import/:importId': {
    expect: [401, 404, 404, 404, 404, 404, 404, 200],
    send: async () => ({ path: `/platforms/${A()}/admin/import/${await memberListUpload()}` }),
  },
  'POST /platforms/:platformId/admin/import/:importId': {
    expect: [401, 404, 404, 404, 404, 404, 404, 303],
    send: async () => ({
      method: 'POST',
      path: `/platforms/${A()}/admin/import/${await memberListUpload()}`,
      form: { m0: 'name', m1: 'contactName', m2: 'contactEmail', m3: 'address', action: 'run' },
    }),
    last: true,
  },
  'GET /platforms/:platformId/admin/members/new': {
    expect: [401, 404, 404, 404, 404, 404, 404, 200],
    send: () => ({ path: `/platforms/${A()}/admin/members/new` }),
  },
  'POST /platforms/:platformId/admin/members/new': {
    expect: [401, 404, 404, 404, 404, 404, 404, 303],
    send: () => ({
      method: 'POST',
      path: `/platforms/${A()}/admin/members/new`,
      form: {
        name: `手入力の会 ${ulid()}`,
        legalForm: 'unincorporated_group',
        'location.prefecture': '11',
        activityFields: ['elderly'],
        'contact.name': '佐藤 和子',
        'contact.email': uniqueEmail('by-hand-page'),
        tier: 'member',
      },
    }),
    last: true,
  },
  'GET /platforms/:platformId/admin/audit': {
    expect: [401, 404, 404, 404, 404, 404, 404, 200],
    send: () => ({ path: `/platforms/${A()}/admin/audit` }),
  },
  'GET /platforms/:platformId/admin/audit.csv': {
    expect: [401, 404, 404, 404, 404, 404, 404, 200],
    send: () => ({ path: `/platforms/${A()}/admin/audit.csv` }),
  },

  // Organisations: registering one, its profile (contact for insiders only), its people.
  'POST /v1/organizations': {
    expect: signedIn(201),
    send: () => ({
      method: 'POST',
      path: '/v1/organizations',
      json: organizationInput({ contact: contactPerson('new') }),
    }),
    last: true,
  },
  'GET /organizations/new': { expect: signedIn(200), send: () => ({ path: '/organizations/new' }) },
  'POST /organizations/new': {
    expect: signedIn(303),
    send: () => {
      const contact = contactPerson('new-form');
      return {
        method: 'POST',
        path: '/organizations/new',
        form: {
          name: 'NPO法人 新しい団体',
          legalForm: 'npo_corporation',
          'location.prefecture': '11',
          'contact.name': contact.name,
          'contact.email': contact.email,
          activityFields: 'children_youth',
        },
      };
    },
    last: true,
  },
  'GET /v1/organizations/:organizationId': {
    // X is not in the directory: only its people and the secretariat of a platform it applied
    // to see it (and people of an organisation it has a match with, not a column here); to
    // anyone else it does not exist, and anonymous visitors are asked to sign in.
    expect: [401, 404, 200, 200, 200, 404, 404, 200],
    send: () => ({ path: `/v1/organizations/${X()}` }),
    shows: { roles: INSIDERS, email: () => w.x.contact.email },
  },
  'GET /organizations/:id': {
    expect: [401, 404, 200, 200, 200, 404, 404, 200],
    send: () => ({ path: `/organizations/${X()}` }),
    shows: { roles: INSIDERS, email: () => w.x.contact.email },
  },
  // The contact address: confirming it from the mailed link (the token is the authority, as for
  // the other mail links), sending the link again (editors; a fresh organisation each time, as an
  // address gets at most three links an hour).
  'GET /contact/verify': {
    expect: everyone(200),
    send: () => ({ path: `/contact/verify?token=${w.contactToken}` }),
  },
  'POST /contact/verify': {
    expect: everyone(200),
    send: async () => ({
      method: 'POST',
      path: `/contact/verify?token=${await fresh.contactToken()}`,
      form: {},
    }),
  },
  'POST /v1/organizations/:organizationId/contact/verification': {
    expect: [401, 403, 403, 202, 202, 403, 403, 403],
    send: async (c) => ({
      method: 'POST',
      path: `/v1/organizations/${c.allowed ? await fresh.unconfirmedOrg() : X()}/contact/verification`,
    }),
    state: state.org,
  },
  'POST /organizations/:id/contact/resend': {
    // Those who see the organisation get the page back with the API's refusal (403).
    expect: [401, 404, 403, 303, 303, 404, 404, 403],
    send: async (c) => ({
      method: 'POST',
      path: `/organizations/${c.allowed ? await fresh.unconfirmedOrg() : X()}/contact/resend`,
      form: {},
    }),
    state: state.org,
  },
  'PATCH /v1/organizations/:organizationId': {
    expect: [401, 403, 403, 200, 200, 403, 403, 403],
    send: async () => ({
      method: 'PATCH',
      path: `/v1/organizations/${X()}`,
      json: { version: await version(state.org), name: w.x.name },
    }),
    state: state.org,
    serial: true,
  },
  'GET /organizations/:id/edit': {
    expect: [401, 404, 404, 200, 200, 404, 404, 404],
    send: () => ({ path: `/organizations/${X()}/edit` }),
    shows: { roles: ['editor', 'owner'], email: () => w.x.contact.email },
  },
  'POST /organizations/:id/edit': {
    expect: [401, 404, 404, 303, 303, 404, 404, 404],
    send: async () => ({
      method: 'POST',
      path: `/organizations/${X()}/edit`,
      form: {
        version: String(await version(state.org)),
        name: w.x.name,
        legalForm: w.x.legalForm,
        'location.prefecture': w.x.location.prefecture,
        'location.municipality': w.x.location.municipality ?? '',
        'contact.name': w.x.contact.name,
        'contact.email': w.x.contact.email,
        activityFields: w.x.activityFields ?? [],
      },
    }),
    state: state.org,
    serial: true,
  },
  'GET /v1/organizations/:organizationId/people': {
    expect: [401, 403, 200, 200, 200, 403, 403, 200],
    send: () => ({ path: `/v1/organizations/${X()}/people` }),
  },
  'GET /organizations/:id/people': {
    expect: [401, 404, 200, 200, 200, 404, 404, 200],
    send: () => ({ path: `/organizations/${X()}/people` }),
  },
  'PATCH /v1/organizations/:organizationId/people/:personId': {
    expect: [401, 403, 403, 403, 200, 403, 403, 403],
    send: async (c) => ({
      method: 'PATCH',
      path: `/v1/organizations/${X()}/people/${c.allowed ? await fresh.person() : w.bystander}`,
      json: { role: 'editor' },
    }),
    state: state.people,
  },
  'DELETE /v1/organizations/:organizationId/people/:personId': {
    expect: [401, 403, 403, 403, 204, 403, 403, 403],
    send: async (c) => ({
      method: 'DELETE',
      path: `/v1/organizations/${X()}/people/${c.allowed ? await fresh.person() : w.bystander}`,
    }),
    state: state.people,
  },
  'POST /organizations/:id/people/:personId/role': {
    expect: [401, 404, 403, 403, 303, 404, 404, 403],
    send: async (c) => ({
      method: 'POST',
      path: `/organizations/${X()}/people/${c.allowed ? await fresh.person() : w.bystander}/role`,
      form: { role: 'owner' },
    }),
    state: state.people,
  },
  'POST /organizations/:id/people/:personId/remove': {
    expect: [401, 404, 403, 403, 303, 404, 404, 403],
    send: async (c) => ({
      method: 'POST',
      path: `/organizations/${X()}/people/${c.allowed ? await fresh.person() : w.bystander}/remove`,
      form: {},
    }),
    state: state.people,
  },

  // Invitations: owners invite, list and withdraw; the link's token is its own authority.
  'GET /v1/organizations/:organizationId/invitations': {
    expect: [401, 403, 403, 403, 200, 403, 403, 403],
    send: () => ({ path: `/v1/organizations/${X()}/invitations` }),
    shows: { roles: ['owner'], email: () => w.invitee },
  },
  'POST /v1/organizations/:organizationId/invitations': {
    expect: [401, 403, 403, 403, 202, 403, 403, 403],
    send: () => ({
      method: 'POST',
      path: `/v1/organizations/${X()}/invitations`,
      json: { email: uniqueEmail('invited'), role: 'owner' },
    }),
    state: state.invitations,
  },
  'POST /organizations/:id/invitations': {
    // Those who can see the people page get it back with the API's refusal (403).
    expect: [401, 404, 403, 403, 303, 404, 404, 403],
    send: () => ({
      method: 'POST',
      path: `/organizations/${X()}/invitations`,
      form: { email: uniqueEmail('invited-form'), role: 'owner' },
    }),
    state: state.invitations,
  },
  'DELETE /v1/organizations/:organizationId/invitations/:invitationId': {
    expect: [401, 403, 403, 403, 204, 403, 403, 403],
    send: async (c) => ({
      method: 'DELETE',
      path: `/v1/organizations/${X()}/invitations/${c.allowed ? (await fresh.invitation()).id : w.invitation.id}`,
    }),
    state: state.invitations,
  },
  'POST /organizations/:id/invitations/:invitationId/revoke': {
    expect: [401, 404, 403, 403, 303, 404, 404, 403],
    send: async (c) => ({
      method: 'POST',
      path: `/organizations/${X()}/invitations/${c.allowed ? (await fresh.invitation()).id : w.invitation.id}/revoke`,
      form: {},
    }),
    state: state.invitations,
  },
  'POST /v1/invitations/accept': {
    expect: everyone(201),
    send: async () => ({
      method: 'POST',
      path: '/v1/invitations/accept',
      json: { token: await fresh.link(), consent: CURRENT_CONSENT },
    }),
  },
  // Whoever opens the link sees the invitation (who invites whom to what).
  'GET /invitations/accept': {
    expect: everyone(200),
    send: async () => ({ path: `/invitations/accept?token=${await fresh.link()}` }),
  },
  // Joining signs this browser in as the invitee, so signed-in roles send a session of their own.
  'POST /invitations/accept': {
    expect: everyone(303),
    send: async (c) => ({
      method: 'POST',
      path: '/invitations/accept',
      form: { token: await fresh.link(), ...CONSENT_FIELDS },
      ...(c.role === 'anonymous' ? { signInForm: true } : { as: await fresh.session(c.role) }),
    }),
  },

  // Memberships: applying (editors of the organisation), reading, withdrawing.
  'GET /v1/organizations/:organizationId/memberships': {
    expect: [401, 403, 200, 200, 200, 403, 403, 200],
    send: () => ({ path: `/v1/organizations/${X()}/memberships` }),
  },
  'GET /v1/platforms/:platformId/memberships/:organizationId': {
    expect: [401, 403, 200, 200, 200, 403, 403, 200],
    send: () => ({ path: `/v1/platforms/${A()}/memberships/${X()}` }),
  },
  'POST /v1/platforms/:platformId/memberships': {
    expect: [401, 403, 403, 201, 201, 403, 403, 403],
    send: (c) => ({
      method: 'POST',
      path: `/v1/platforms/${A()}/memberships`,
      json: { organizationId: c.allowed ? fresh.pooled('applying') : w.unapplied.id, tier: 'member' },
    }),
    state: state.membership(() => w.unapplied.id),
  },
  'GET /platforms/:platformId/join': {
    expect: signedIn(200),
    send: () => ({ path: `/platforms/${A()}/join` }),
  },
  'POST /platforms/:platformId/join': {
    // The form comes back with the API's refusal (403) for anyone who is not an editor of it.
    expect: [401, 403, 403, 303, 303, 403, 403, 403],
    send: (c) => ({
      method: 'POST',
      path: `/platforms/${A()}/join`,
      form: { organizationId: c.allowed ? fresh.pooled('applying') : w.unapplied.id, tier: 'member' },
    }),
    state: state.membership(() => w.unapplied.id),
  },

  // The platform's application form: read by anyone, defined by its secretariat (optional items
  // here, so the join rows above still apply without answering); agreeing again to a changed
  // consent is for the organisation's editors and owners.
  'GET /v1/platforms/:platformId/application-form': {
    expect: everyone(200),
    send: () => ({ path: `/v1/platforms/${A()}/application-form` }),
  },
  'PUT /v1/platforms/:platformId/application-form': {
    expect: [401, 403, 403, 403, 403, 403, 403, 200],
    send: async () => ({
      method: 'PUT',
      path: `/v1/platforms/${A()}/application-form`,
      json: {
        version: await version(state.applicationForm),
        questions: [{ kind: 'text', ja: '活動の様子を教えてください' }],
        consents: [],
      },
    }),
    state: state.applicationForm,
  },
  'POST /v1/platforms/:platformId/memberships/:organizationId/consents': {
    expect: [401, 403, 403, 200, 200, 403, 403, 403],
    // Each allowed cell first has the secretariat change the rules' text, so X has one to agree to.
    send: async (c) => {
      if (!c.allowed)
        return {
          method: 'POST',
          path: `/v1/platforms/${A()}/memberships/${X()}/consents`,
          json: { consents: [] },
        };
      const form = await state.applicationForm();
      const rules = form.consents.find((k) => k.purpose === 'rules');
      const res = await h.request(`/v1/platforms/${A()}/application-form`, {
        method: 'PUT',
        as: w.sessions.secretariat,
        json: {
          version: form.version,
          questions: form.questions,
          consents: [{ ...(rules ? { id: rules.id } : {}), purpose: 'rules', ja: `規約 ${ulid()}` }],
        },
      });
      const changed = (await res.json()) as ApplicationForm;
      const consent = changed.consents[0]!;
      return {
        method: 'POST',
        path: `/v1/platforms/${A()}/memberships/${X()}/consents`,
        json: { consents: [{ id: consent.id, version: consent.version }] },
      };
    },
    state: state.membership(X),
    serial: true,
    last: true,
  },
  'GET /platforms/:platformId/admin/application-form': {
    expect: [401, 404, 404, 404, 404, 404, 404, 200],
    send: () => ({ path: `/platforms/${A()}/admin/application-form` }),
  },
  'POST /platforms/:platformId/admin/application-form/questions': {
    expect: [401, 404, 404, 404, 404, 404, 404, 303],
    send: async () => {
      const form = await state.applicationForm();
      const i = form.questions.length;
      return {
        method: 'POST',
        path: `/platforms/${A()}/admin/application-form/questions`,
        form: {
          _index: String(i),
          version: String(form.version),
          [`questions.${i}.kind`]: 'yesno',
          [`questions.${i}.ja`]: '法人格がありますか',
        },
      };
    },
    state: state.applicationForm,
  },
  'POST /platforms/:platformId/admin/application-form/consents': {
    expect: [401, 404, 404, 404, 404, 404, 404, 303],
    send: async () => {
      const form = await state.applicationForm();
      const i = form.consents.length;
      return {
        method: 'POST',
        path: `/platforms/${A()}/admin/application-form/consents`,
        form: {
          _index: String(i),
          version: String(form.version),
          [`consents.${i}.purpose`]: 'other',
          [`consents.${i}.ja`]: '活動報告への掲載に同意します（任意）',
        },
      };
    },
    state: state.applicationForm,
  },
  'POST /platforms/:platformId/admin/application-form/tiers': {
    expect: [401, 404, 404, 404, 404, 404, 404, 303],
    send: async () => ({
      method: 'POST',
      path: `/platforms/${A()}/admin/application-form/tiers`,
      form: { version: String(await version(state.platform)), 'tiers.0.description': '日常的に参加する団体' },
    }),
    state: state.platform,
  },
  // Nothing to agree to in this world: everyone signed in goes on to where they were.
  'GET /consents': {
    expect: signedIn(303),
    send: () => ({ path: '/consents?next=%2F' }),
  },
  'POST /consents': {
    expect: signedIn(303),
    send: () => ({ method: 'POST', path: '/consents', form: { _platformId: A(), _organizationId: X() } }),
    state: state.membership(X),
  },

  // Needs: readable by the platform's members and secretariat; written by X's editors.
  'POST /v1/platforms/:platformId/needs': {
    expect: [401, 403, 403, 201, 201, 403, 403, 403],
    send: () => ({ method: 'POST', path: `/v1/platforms/${A()}/needs`, json: needInput(X()) }),
    state: state.needsOfX,
  },
  'GET /v1/platforms/:platformId/needs': {
    expect: [401, 200, 200, 200, 200, 403, 403, 200],
    send: () => ({ path: `/v1/platforms/${A()}/needs` }),
  },
  'GET /v1/organizations/:organizationId/needs': {
    expect: [401, 403, 200, 200, 200, 403, 403, 403],
    send: () => ({ path: `/v1/organizations/${X()}/needs` }),
  },
  'GET /v1/needs/:id': {
    expect: [401, 200, 200, 200, 200, 404, 404, 200],
    send: () => ({ path: `/v1/needs/${w.need.id}` }),
  },
  'PATCH /v1/needs/:id': {
    expect: [401, 403, 403, 200, 200, 404, 404, 403],
    send: async (c) => {
      const need = c.allowed ? await fresh.need() : w.need;
      return {
        method: 'PATCH',
        path: `/v1/needs/${need.id}`,
        json: { version: need.version, title: '書き換えたタイトル' },
      };
    },
    state: state.need,
  },
  'POST /v1/needs/:id/close': {
    expect: [401, 403, 403, 200, 200, 404, 404, 403],
    send: async (c) => ({
      method: 'POST',
      path: `/v1/needs/${c.allowed ? (await fresh.need()).id : w.need.id}/close`,
    }),
    state: state.need,
  },
  'GET /organizations/:organizationId/needs': {
    expect: [401, 404, 200, 200, 200, 404, 404, 404],
    send: () => ({ path: `/organizations/${X()}/needs` }),
  },
  'GET /needs/new': {
    expect: [401, 404, 404, 200, 200, 404, 404, 404],
    send: () => ({ path: `/needs/new?organization=${X()}&platform=${A()}&kind=venue` }),
  },
  'POST /needs/new': {
    expect: [401, 404, 404, 303, 303, 404, 404, 404],
    send: () => ({
      method: 'POST',
      path: `/needs/new?organization=${X()}&platform=${A()}&kind=venue`,
      form: needForm,
    }),
    state: state.needsOfX,
  },
  'GET /needs/:id': {
    expect: [401, 200, 200, 200, 200, 404, 404, 200],
    send: () => ({ path: `/needs/${w.need.id}` }),
  },
  'GET /needs/:id/edit': {
    expect: [401, 404, 404, 200, 200, 404, 404, 404],
    send: () => ({ path: `/needs/${w.need.id}/edit` }),
  },
  'POST /needs/:id/edit': {
    expect: [401, 404, 404, 303, 303, 404, 404, 404],
    send: async (c) => {
      const need = c.allowed ? await fresh.need() : w.need;
      return {
        method: 'POST',
        path: `/needs/${need.id}/edit`,
        form: { ...needForm, title: '書き換えたタイトル', _version: String(need.version) },
      };
    },
    state: state.need,
  },
  'POST /needs/:id/close': {
    expect: [401, 404, 404, 303, 303, 404, 404, 404],
    send: async (c) => ({
      method: 'POST',
      path: `/needs/${c.allowed ? (await fresh.need()).id : w.need.id}/close`,
      form: {},
    }),
    state: state.need,
  },
  'GET /platforms/:platformId/needs': {
    expect: [401, 200, 200, 200, 200, 404, 404, 200],
    send: () => ({ path: `/platforms/${A()}/needs` }),
  },

  // Search of needs and offers: for the platform's members and secretariat, like the lists.
  'GET /v1/platforms/:platformId/search': {
    expect: [401, 200, 200, 200, 200, 403, 403, 200],
    send: () => ({ path: `/v1/platforms/${A()}/search?q=${encodeURIComponent('ｶｲｼﾞｮｳ')}&type=need` }),
  },
  'GET /platforms/:platformId/search': {
    expect: [401, 200, 200, 200, 200, 404, 404, 200],
    send: () => ({ path: `/platforms/${A()}/search?q=${encodeURIComponent('会場')}&kind=venue` }),
  },

  // Offers: the same rules.
  'POST /v1/platforms/:platformId/offers': {
    expect: [401, 403, 403, 201, 201, 403, 403, 403],
    send: () => ({ method: 'POST', path: `/v1/platforms/${A()}/offers`, json: offerInput(X()) }),
    state: state.offersOfX,
  },
  'GET /v1/platforms/:platformId/offers': {
    expect: [401, 200, 200, 200, 200, 403, 403, 200],
    send: () => ({ path: `/v1/platforms/${A()}/offers` }),
  },
  'GET /v1/organizations/:organizationId/offers': {
    expect: [401, 403, 200, 200, 200, 403, 403, 403],
    send: () => ({ path: `/v1/organizations/${X()}/offers` }),
  },
  'GET /v1/offers/:id': {
    expect: [401, 200, 200, 200, 200, 404, 404, 200],
    send: () => ({ path: `/v1/offers/${w.offer.id}` }),
  },
  'PATCH /v1/offers/:id': {
    expect: [401, 403, 403, 200, 200, 404, 404, 403],
    send: async (c) => {
      const offer = c.allowed ? await fresh.offer() : w.offer;
      return {
        method: 'PATCH',
        path: `/v1/offers/${offer.id}`,
        json: { version: offer.version, introductionsPerRound: 50 },
      };
    },
    state: state.offer,
  },
  'POST /v1/offers/:id/close': {
    expect: [401, 403, 403, 200, 200, 404, 404, 403],
    send: async (c) => ({
      method: 'POST',
      path: `/v1/offers/${c.allowed ? (await fresh.offer()).id : w.offer.id}/close`,
    }),
    state: state.offer,
  },
  'GET /organizations/:organizationId/offers': {
    expect: [401, 404, 200, 200, 200, 404, 404, 404],
    send: () => ({ path: `/organizations/${X()}/offers` }),
  },
  'GET /offers/new': {
    expect: [401, 404, 404, 200, 200, 404, 404, 404],
    send: () => ({ path: `/offers/new?organization=${X()}&platform=${A()}&kind=venue` }),
  },
  'POST /offers/new': {
    expect: [401, 404, 404, 303, 303, 404, 404, 404],
    send: () => ({
      method: 'POST',
      path: `/offers/new?organization=${X()}&platform=${A()}&kind=venue`,
      form: offerForm,
    }),
    state: state.offersOfX,
  },
  // 関心がある / 協力を申し出る: X's editors ask for an introduction to the partner's posting,
  // each time from a new posting of X (a pair is asked for once).
  'POST /v1/offers/:id/interest': {
    expect: [401, 403, 403, 201, 201, 404, 404, 403],
    send: async (c) => ({
      method: 'POST',
      path: `/v1/offers/${w.partnerOffer.id}/interest`,
      json: {
        organizationId: w.x.id,
        postingId: c.allowed ? (await fresh.need()).id : w.need.id,
        message: 'ぜひ',
      },
    }),
  },
  'POST /v1/needs/:id/interest': {
    expect: [401, 403, 403, 201, 201, 404, 404, 403],
    send: async (c) => ({
      method: 'POST',
      path: `/v1/needs/${(await (c.allowed ? fresh.partnerNeed() : fresh.sharedPartnerNeed())).id}/interest`,
      json: {
        organizationId: w.x.id,
        postingId: c.allowed ? (await fresh.offer()).id : w.offer.id,
        message: 'ぜひ',
      },
    }),
  },
  // An open call's applicants: X's people (a viewer too) and A's secretariat; to others it is not there.
  'GET /v1/offers/:id/applications': {
    expect: [401, 404, 200, 200, 200, 404, 404, 200],
    send: async () => ({ path: `/v1/offers/${(await fresh.openCall()).id}/applications` }),
  },
  'GET /offers/:id/applications': {
    expect: [401, 404, 200, 200, 200, 404, 404, 200],
    send: async () => ({ path: `/offers/${(await fresh.openCall()).id}/applications` }),
  },
  'GET /offers/:id/interest': {
    expect: [401, 200, 200, 200, 200, 404, 404, 200],
    send: () => ({ path: `/offers/${w.partnerOffer.id}/interest` }),
  },
  'POST /offers/:id/interest': {
    expect: [401, 403, 403, 303, 303, 404, 404, 403],
    send: async (c) => ({
      method: 'POST',
      path: `/offers/${w.partnerOffer.id}/interest`,
      form: { posting: `${w.x.id}:${c.allowed ? (await fresh.need()).id : w.need.id}`, message: 'ぜひ' },
    }),
  },
  'GET /needs/:id/interest': {
    expect: [401, 200, 200, 200, 200, 404, 404, 200],
    send: async () => ({ path: `/needs/${(await fresh.sharedPartnerNeed()).id}/interest` }),
  },
  'POST /needs/:id/interest': {
    expect: [401, 403, 403, 303, 303, 404, 404, 403],
    send: async (c) => ({
      method: 'POST',
      path: `/needs/${(await (c.allowed ? fresh.partnerNeed() : fresh.sharedPartnerNeed())).id}/interest`,
      form: { posting: `${w.x.id}:${c.allowed ? (await fresh.offer()).id : w.offer.id}`, message: 'ぜひ' },
    }),
  },
  // 事務局としてつなぐ: A's secretariat pairs X's posting with the partner's; nobody else sees the page.
  'GET /needs/:id/introduce': {
    expect: [401, 404, 404, 404, 404, 404, 404, 200],
    send: () => ({ path: `/needs/${w.need.id}/introduce` }),
  },
  'POST /needs/:id/introduce': {
    expect: [401, 404, 404, 404, 404, 404, 404, 303],
    send: async (c) => ({
      method: 'POST',
      path: `/needs/${c.allowed ? (await fresh.need()).id : w.need.id}/introduce`,
      form: { counterpart: w.partnerOffer.id, note: '事務局より' },
    }),
  },
  'GET /offers/:id/introduce': {
    expect: [401, 404, 404, 404, 404, 404, 404, 200],
    send: () => ({ path: `/offers/${w.partnerOffer.id}/introduce` }),
  },
  'POST /offers/:id/introduce': {
    expect: [401, 404, 404, 404, 404, 404, 404, 303],
    send: async (c) => ({
      method: 'POST',
      path: `/offers/${w.partnerOffer.id}/introduce`,
      form: { counterpart: c.allowed ? (await fresh.need()).id : w.need.id, note: '事務局より' },
    }),
  },
  'GET /offers/:id': {
    expect: [401, 200, 200, 200, 200, 404, 404, 200],
    send: () => ({ path: `/offers/${w.offer.id}` }),
  },
  'GET /offers/:id/edit': {
    expect: [401, 404, 404, 200, 200, 404, 404, 404],
    send: () => ({ path: `/offers/${w.offer.id}/edit` }),
  },
  'POST /offers/:id/edit': {
    expect: [401, 404, 404, 303, 303, 404, 404, 404],
    send: async (c) => {
      const offer = c.allowed ? await fresh.offer() : w.offer;
      return {
        method: 'POST',
        path: `/offers/${offer.id}/edit`,
        form: { ...offerForm, title: '書き換えたタイトル', _version: String(offer.version) },
      };
    },
    state: state.offer,
  },
  'POST /offers/:id/close': {
    expect: [401, 404, 404, 303, 303, 404, 404, 404],
    send: async (c) => ({
      method: 'POST',
      path: `/offers/${c.allowed ? (await fresh.offer()).id : w.offer.id}/close`,
      form: {},
    }),
    state: state.offer,
  },
  'GET /platforms/:platformId/offers': {
    expect: [401, 200, 200, 200, 200, 404, 404, 200],
    send: () => ({ path: `/platforms/${A()}/offers` }),
  },

  // Introductions: for the people of the two organisations and the secretariat; answered by
  // editors of a side. The news of a platform: for its members and secretariat.
  'GET /v1/matches': {
    expect: [401, 403, 200, 200, 200, 403, 403, 403],
    send: () => ({ path: `/v1/matches?organizationId=${X()}` }),
  },
  'GET /matches': {
    // Everyone signed in has an inbox; asking for X's shows one's own instead.
    expect: signedIn(200),
    send: () => ({ path: `/matches?organization=${X()}` }),
  },
  'GET /v1/matches/:matchId': {
    expect: [401, 404, 200, 200, 200, 404, 404, 200],
    send: () => ({ path: `/v1/matches/${w.match.id}` }),
  },
  'GET /matches/:matchId': {
    expect: [401, 404, 200, 200, 200, 404, 404, 200],
    send: () => ({ path: `/matches/${w.connected.id}` }),
    // Connected: X's people see the partner's contact (the secretariat both); nobody else sees
    // either. The partner's typed contact is unconfirmed, so what is shown is its owner's address.
    shows: { roles: INSIDERS, email: () => w.partner.email },
  },
  'POST /v1/matches/:matchId/accept': {
    expect: [401, 404, 403, 200, 200, 404, 404, 403],
    send: async (c) => ({
      method: 'POST',
      path: `/v1/matches/${c.allowed ? await fresh.match('proposed') : w.match.id}/accept`,
      json: {},
    }),
    state: state.match,
  },
  'POST /v1/matches/:matchId/decline': {
    expect: [401, 404, 403, 200, 200, 404, 404, 403],
    send: async (c) => ({
      method: 'POST',
      path: `/v1/matches/${c.allowed ? await fresh.match('proposed') : w.match.id}/decline`,
      json: { reason: '今回は見送ります' },
    }),
    state: state.match,
  },
  'POST /v1/matches/:matchId/outcome': {
    expect: [401, 404, 403, 200, 200, 404, 404, 403],
    send: async (c) => ({
      method: 'POST',
      path: `/v1/matches/${c.allowed ? await fresh.match('connected') : w.connected.id}/outcome`,
      json: { outcome: 'formed' },
    }),
    state: state.connected,
  },
  'POST /matches/:matchId/accept': {
    // A viewer and the secretariat see the introduction, and get its page back with "only an
    // editor of that side can answer" (403, as the API).
    expect: [401, 404, 403, 303, 303, 404, 404, 403],
    send: async (c) => ({
      method: 'POST',
      path: `/matches/${c.allowed ? await fresh.match('proposed') : w.match.id}/accept`,
      form: { side: 'need' },
    }),
    state: state.match,
  },
  'POST /matches/:matchId/decline': {
    expect: [401, 404, 403, 303, 303, 404, 404, 403],
    send: async (c) => ({
      method: 'POST',
      path: `/matches/${c.allowed ? await fresh.match('proposed') : w.match.id}/decline`,
      form: { side: 'need', reason: '今回は見送ります' },
    }),
    state: state.match,
  },
  'POST /matches/:matchId/outcome': {
    expect: [401, 404, 403, 303, 303, 404, 404, 403],
    send: async (c) => ({
      method: 'POST',
      path: `/matches/${c.allowed ? await fresh.match('connected') : w.connected.id}/outcome`,
      form: { side: 'need', outcome: 'formed' },
    }),
    state: state.connected,
  },
  'GET /v1/platforms/:platformId/news': {
    expect: [401, 200, 200, 200, 200, 403, 403, 200],
    send: () => ({ path: `/v1/platforms/${A()}/news` }),
  },

  // Terms, privacy and a person's own data (docs/privacy.md). Deleting an account or an
  // organisation that is allowed deletes a fresh one (a new person; a new organisation of X's
  // owner, whose editor and viewer are X's too); the refused ones target X, which stays.
  'GET /v1/legal': { expect: everyone(200), send: () => ({ path: '/v1/legal' }) },
  'GET /terms': { expect: everyone(200), send: () => ({ path: '/terms' }) },
  'GET /privacy': { expect: everyone(200), send: () => ({ path: '/privacy' }) },
  'GET /v1/me/export': { expect: signedIn(200), send: () => ({ path: '/v1/me/export' }) },
  'DELETE /v1/me': {
    expect: signedIn(200),
    send: async (c) => ({
      method: 'DELETE',
      path: '/v1/me',
      ...(c.allowed && c.role !== 'anonymous' ? { as: await h.signIn(uniqueEmail('leaving')) } : {}),
    }),
  },
  'DELETE /v1/organizations/:organizationId': {
    expect: [401, 403, 403, 403, 204, 403, 403, 403],
    send: async (c) => ({
      method: 'DELETE',
      path: `/v1/organizations/${c.allowed ? await fresh.unconfirmedOrg() : X()}`,
    }),
    state: state.org,
  },
  'GET /v1/platforms/:platformId/rules': {
    expect: everyone(200),
    send: async () => {
      await ensureRules();
      return { path: `/v1/platforms/${A()}/rules` };
    },
  },
  'PUT /v1/platforms/:platformId/rules': {
    expect: [401, 403, 403, 403, 403, 403, 403, 200],
    send: () => ({ method: 'PUT', path: `/v1/platforms/${A()}/rules`, json: { text: RULES } }),
    state: () => store().privacy.rules(w.platformA),
  },
  'GET /platforms/:platformId/rules': {
    expect: everyone(200),
    send: () => ({ path: `/platforms/${A()}/rules` }),
  },
  'POST /platforms/:platformId/rules': {
    // Others get the page back with the API's refusal in it.
    expect: [401, 403, 403, 403, 403, 403, 403, 303],
    send: () => ({ method: 'POST', path: `/platforms/${A()}/rules`, form: { text: RULES } }),
    state: () => store().privacy.rules(w.platformA),
  },
  'GET /consent': { expect: signedIn(200), send: () => ({ path: '/consent?next=%2F' }) },
  'POST /consent': {
    expect: signedIn(303),
    send: () => ({ method: 'POST', path: '/consent', form: { ...CONSENT_FIELDS, next: '/' } }),
  },
  'GET /account': { expect: signedIn(200), send: () => ({ path: '/account' }) },
  'GET /account/delete': { expect: signedIn(200), send: () => ({ path: '/account/delete' }) },
  'POST /account/delete': {
    expect: signedIn(200),
    send: async (c) => ({
      method: 'POST',
      path: '/account/delete',
      form: { confirm: 'on' },
      ...(c.allowed && c.role !== 'anonymous' ? { as: await h.signIn(uniqueEmail('leaving-page')) } : {}),
    }),
  },
  'GET /organizations/:id/delete': {
    expect: [401, 404, 404, 404, 200, 404, 404, 404],
    send: () => ({ path: `/organizations/${X()}/delete` }),
  },
  'POST /organizations/:id/delete': {
    expect: [401, 404, 404, 404, 200, 404, 404, 404],
    send: async (c) => ({
      method: 'POST',
      path: `/organizations/${c.allowed ? await fresh.unconfirmedOrg() : X()}/delete`,
      form: { confirm: 'on' },
    }),
    state: state.org,
  },
};

const RULES = '第1条 会員は互いの活動を尊重します。';
/** The platform's rules, written once (the GET rows read them). */
async function ensureRules(): Promise<void> {
  if (!(await store().privacy.rules(w.platformA))) {
    const now = new Date().toISOString();
    await store().privacy.setRules({ platformId: w.platformA, text: RULES, version: now, updatedAt: now });
  }
}

// --- running a row ----------------------------------------------------------------------------

const ANONYMOUS_CSRF = 'c'.repeat(43);
const isPage = (path: string) => !path.startsWith('/v1/') || path.startsWith('/v1/unsubscribe');

/** A request as the API client (Bearer) or the browser (cookie, `_csrf` in forms) sends it. */
function send(req: Req, session: Session | undefined): Promise<Response> {
  const headers = new Headers();
  const cookies: string[] = [];
  const page = isPage(req.path);
  if (session && !page) headers.set('authorization', `Bearer ${session.token}`);
  if (session && page) cookies.push(session.cookie);
  let body: string | undefined;
  if (req.json !== undefined) {
    headers.set('content-type', 'application/json');
    body = JSON.stringify(req.json);
  }
  if (req.csv !== undefined) {
    headers.set('content-type', 'text/csv');
    body = req.csv;
  }
  let multipart: FormData | undefined;
  if (req.file !== undefined) {
    multipart = new FormData();
    if (session) multipart.append('_csrf', session.csrfToken);
    multipart.append('file', new File([req.file], 'members.csv', { type: 'text/csv' }));
  }
  if (req.form) {
    const form = new URLSearchParams();
    if (req.signInForm) {
      cookies.push(`tsunagu_csrf=${ANONYMOUS_CSRF}`);
      form.append('_csrf', ANONYMOUS_CSRF);
    } else if (session) form.append('_csrf', session.csrfToken);
    for (const [name, value] of Object.entries(req.form)) {
      for (const v of typeof value === 'string' ? [value] : value) form.append(name, v);
    }
    headers.set('content-type', 'application/x-www-form-urlencoded');
    body = form.toString();
  }
  if (cookies.length > 0) headers.set('cookie', cookies.join('; '));
  return Promise.resolve(
    h.app.request(req.path, { method: req.method ?? 'GET', headers, body: multipart ?? body }),
  );
}

const PROBLEM_TYPES: Record<number, string> = { 401: 'unauthorized', 403: 'forbidden', 404: 'not-found' };

/** Sends one cell's request; returns what is wrong with the answer (nothing when all is well). */
async function runCell(row: Row, role: Role, allowed: boolean): Promise<string[]> {
  const session = role === 'anonymous' ? undefined : w.sessions[role];
  const req = await row.send({ role, allowed });
  const res = await send(req, req.as ?? session);
  const text = await res.text();
  const expected = row.expect[ROLES.indexOf(role)]!;
  const at = `${role} (${req.method ?? 'GET'} ${req.path})`;
  const problems: string[] = [];
  if (res.status !== expected) {
    problems.push(`${at}: expected ${expected}, got ${res.status}: ${text.slice(0, 300)}`);
  } else if (expected >= 400) {
    const type = res.headers.get('content-type') ?? '';
    if (!isPage(req.path)) {
      const problemType = text.match(/"type":"([^"]*)"/)?.[1] ?? '';
      if (
        !type.startsWith('application/problem+json') ||
        !problemType.endsWith(`/${PROBLEM_TYPES[expected]}`)
      )
        problems.push(`${at}: refused without a ${expected} problem+json: ${type} ${text.slice(0, 200)}`);
    } else if (!type.startsWith('text/html')) {
      problems.push(`${at}: refused without a page: ${type}`);
    } else if (expected === 401 && !text.includes('action="/auth/sign-in"')) {
      problems.push(`${at}: 401 without the sign-in form`);
    } else if (expected === 404 && !text.includes('ページが見つかりません')) {
      problems.push(`${at}: 404 without the "not found" page`);
    }
  }
  if (OUTSIDERS.includes(role)) {
    for (const secret of w.secrets) {
      if (text.includes(secret)) problems.push(`${at}: the answer shows ${secret}`);
    }
  }
  if (row.shows?.roles.includes(role) && !text.includes(row.shows.email()))
    problems.push(`${at}: the answer does not show ${row.shows.email()}`);
  return problems;
}

async function runRow(key: string, row: Row): Promise<void> {
  const cells = ROLES.map((role, i) => ({ role, allowed: row.expect[i]! < 400 }));
  const run = (cell: { role: Role; allowed: boolean }) => runCell(row, cell.role, cell.allowed);
  const problems: string[] = [];
  if (key.startsWith('GET ')) {
    problems.push(...(await Promise.all(cells.map(run))).flat());
  } else {
    // Refused writes first, against the shared targets, which must not change.
    const before = await row.state?.();
    problems.push(...(await Promise.all(cells.filter((c) => !c.allowed).map(run))).flat());
    if (row.state) {
      const after = await row.state();
      if (!isDeepStrictEqual(after, before))
        problems.push(`a refused request changed ${JSON.stringify(before)} into ${JSON.stringify(after)}`);
    }
    const allowed = cells.filter((c) => c.allowed);
    if (row.serial) for (const cell of allowed) problems.push(...(await run(cell)));
    else problems.push(...(await Promise.all(allowed.map(run))).flat());
  }
  expect(problems, key).toEqual([]);
}

/** A registered route as a row key: assets by their place, not their content hash. */
const routeKey = (method: string, path: string) =>
  `${method} ${path.replace(/^\/assets\/app\.[0-9a-f]+\.(css|js)$/, '/assets/app.{hash}.$1')}`;

// --- the world --------------------------------------------------------------------------------

/** Invites the address and accepts the link (the person's own session is not used further). */
const addPerson = (owner: Session, organizationId: string, email: string, role: string) =>
  h.addPerson(owner, organizationId, email, role);

beforeAll(async () => {
  // Many rows start introductions to the partner's offer: its inbox cap is not what they test.
  h = await createHarness({ INTRODUCTION_INBOX_CAP: '100' });
  const emails = {
    secretariat: uniqueEmail('secretariat-a'),
    otherSecretariat: uniqueEmail('secretariat-b'),
  };
  const [platformA, platformB] = await Promise.all([
    h.platform({ scope: { prefectures: ['11'], municipalities: [] } }, [emails.secretariat]),
    h.platform({ scope: { prefectures: ['13'], municipalities: [] } }, [emails.otherSecretariat]),
  ]);
  const [secretariat, otherSecretariat, owner, editor, viewer, otherOrg, otherPlatform, partner] =
    await Promise.all([
      h.signIn(emails.secretariat),
      h.signIn(emails.otherSecretariat),
      h.signIn(uniqueEmail('owner')),
      h.signIn(uniqueEmail('editor')),
      h.signIn(uniqueEmail('viewer')),
      h.signIn(uniqueEmail('other-org')),
      h.signIn(uniqueEmail('other-platform')),
      h.signIn(uniqueEmail('partner')),
    ]);
  const ownersOrg = (label: string) => h.organization(owner, { contact: contactPerson(label) });
  const [x, y, z, partnerOrg, pending, unapplied, ...spare] = await Promise.all([
    h.organization(owner, { name: 'NPO法人 あおぞら子ども食堂', contact: contactPerson('x') }),
    h.organization(otherOrg, {
      name: '株式会社 ほかの会社',
      legalForm: 'company',
      contact: contactPerson('y'),
    }),
    h.organization(otherPlatform, { location: { prefecture: '13' }, contact: contactPerson('z') }),
    h.organization(partner, {
      name: '株式会社 パートナー',
      legalForm: 'company',
      contact: contactPerson('w'),
    }),
    ownersOrg('pending'),
    ownersOrg('unapplied'),
    ...['applying-1', 'applying-2', 'applying-3', 'applying-4', 'withdrawing'].map(ownersOrg),
  ]);
  const applying = spare.slice(0, 4);
  const withdrawing = spare.slice(4);
  const bystanderEmail = uniqueEmail('bystander');
  const invitee = uniqueEmail('invitee');
  const [bystander] = await Promise.all([
    addPerson(owner, x!.id, bystanderEmail, 'viewer'),
    ...[x!, pending!, unapplied!, ...applying].flatMap((org) => [
      addPerson(owner, org.id, editor.email, 'editor'),
      addPerson(owner, org.id, viewer.email, 'viewer'),
    ]),
    h.apply(owner, platformA, x!.id),
    h.apply(otherOrg, platformA, y!.id),
    h.apply(partner, platformA, partnerOrg!.id),
    h.apply(otherPlatform, platformB, z!.id),
    h.apply(owner, platformA, pending!.id),
    ...withdrawing.map((org) => h.apply(owner, platformA, org.id)),
  ]);
  await Promise.all([
    ...[x!, y!, partnerOrg!, ...withdrawing].map((org) => h.approve(secretariat, platformA, org.id)),
    h.approve(otherSecretariat, platformB, z!.id),
  ]);
  const [need, connectedNeed, respondNeed, offer, partnerOffer] = await Promise.all([
    h.postNeed(owner, platformA, x!.id),
    h.postNeed(owner, platformA, x!.id, { title: 'つながったニーズ' }),
    h.postNeed(owner, platformA, x!.id, { title: 'メールから答えるニーズ' }),
    h.postOffer(owner, platformA, x!.id),
    h.postOffer(partner, platformA, partnerOrg!.id, { title: 'パートナーの申し出' }),
  ]);
  const match = matchOf(need, partnerOffer, 'proposed');
  const connected = matchOf(connectedNeed, partnerOffer, 'connected');
  const answered = matchOf(respondNeed, partnerOffer, 'proposed');
  for (const m of [match, connected, answered]) expect(await h.ctx.store.matches.propose(m)).toBe('proposed');

  const asset = (ext: string) =>
    h.app.routes.find((r) => r.method === 'GET' && r.path.startsWith('/assets/') && r.path.endsWith(ext))!
      .path;
  const sessions = { secretariat, otherSecretariat, owner, editor, viewer, otherOrg, otherPlatform };
  w = {
    platformA,
    platformB,
    sessions,
    partner,
    x: x!,
    partnerOrg: partnerOrg!,
    otherPlatformOrg: z!,
    pending: pending!,
    unapplied: unapplied!,
    pools: { applying, withdrawing },
    need,
    offer,
    partnerOffer,
    match,
    connected,
    bystander: bystander.personId,
    invitation: await h.invite(owner, x!.id, invitee, 'editor'),
    invitee,
    inviter: await (async () => {
      const session = await h.signIn(uniqueEmail('inviter'));
      return { session, org: await h.organization(session, { contact: contactPerson('inviter') }) };
    })(),
    respondToken: signLink(h.config.secret, {
      a: 'accept',
      m: answered.id,
      s: 'need',
      x: Math.floor(Date.now() / 1000) + 14 * 86_400,
    }),
    unsubscribeToken: signLink(h.config.secret, {
      a: 'unsubscribe',
      e: uniqueEmail('unsubscribed'),
      c: 'digest',
    }),
    languageToken: signLink(h.config.secret, { a: 'language', e: uniqueEmail('language'), l: 'ja' }),
    assets: { css: asset('.css'), js: asset('.js') },
    contactToken: '',
    secrets: [
      ...[x!, pending!, unapplied!, ...applying, ...withdrawing, partnerOrg!].map((o) => o.contact.email),
      owner.email,
      editor.email,
      viewer.email,
      bystanderEmail,
      invitee,
      partner.email,
    ],
  };
  w.contactToken = await fresh.contactToken();
}, 60_000);

// --- the tests --------------------------------------------------------------------------------

const rows = Object.entries(MATRIX);
const reads = rows.filter(([key]) => key.startsWith('GET '));
const writes = rows.filter(([key, row]) => !key.startsWith('GET ') && !row.last);
const last = rows.filter(([, row]) => row.last);
const allowedCells = rows.flatMap(([, row]) => row.expect).filter((status) => status < 400).length;

describe('the authorisation matrix', () => {
  it(`has a row for every route the app serves (${rows.length} routes × ${ROLES.length} roles = ${rows.length * ROLES.length} cells: ${allowedCells} allowed, ${rows.length * ROLES.length - allowedCells} denied)`, () => {
    const served = new Set(
      h.app.routes.filter((r) => r.method !== 'ALL').map((r) => routeKey(r.method, r.path)),
    );

    const missing = [...served].filter((key) => !(key in MATRIX));
    const stale = Object.keys(MATRIX).filter((key) => !served.has(key));

    expect(
      { 'routes without a row in MATRIX': missing, 'rows in MATRIX without a route': stale },
      'every route needs a row saying what each role gets',
    ).toEqual({ 'routes without a row in MATRIX': [], 'rows in MATRIX without a route': [] });
  });

  it('marks as secured in the OpenAPI document exactly the operations that refuse anonymous callers', async () => {
    const doc = await jsonOf<{ paths: Record<string, Record<string, { security?: object[] }>> }>(
      await h.request('/v1/openapi.json'),
    );
    const mismatched = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).flatMap(([method, op]) => {
        const key = `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`;
        const row = MATRIX[key];
        if (!row) return [`${key}: documented, but no row`];
        const anonymousRefused = row.expect[0] === 401;
        const required =
          (op.security ?? []).length > 0 && !op.security!.some((s) => Object.keys(s).length === 0);
        const optional = (op.security ?? []).some((s) => Object.keys(s).length === 0);
        return anonymousRefused === (required || optional)
          ? []
          : [`${key}: security ${JSON.stringify(op.security)}`];
      }),
    );

    expect(mismatched).toEqual([]);
  });

  describe('reads', { concurrent: true }, () => {
    for (const [key, row] of reads) it(key, () => runRow(key, row));
  });

  describe('writes', () => {
    for (const [key, row] of [...writes, ...last]) it(key, () => runRow(key, row));
  });
});

// --- what the matrix's roles do not cover -----------------------------------------------------

describe('an organisation whose application is still pending', () => {
  // The pending organisation belongs to the matrix's owner, editor and viewer; its own person
  // below has no other organisation, so only the pending membership speaks for them.
  let applicant: Session;
  let applicantOrg: Organization;

  beforeAll(async () => {
    applicant = await h.signIn(uniqueEmail('applicant'));
    applicantOrg = await h.organization(applicant, { contact: contactPerson('applicant') });
    await h.apply(applicant, w.platformA, applicantOrg.id);
  });

  it('cannot post, and cannot see the platform’s needs, offers or news', async () => {
    const as = applicant;
    const [need, offer, needs, offers, news, one] = await Promise.all([
      h.request(`/v1/platforms/${w.platformA}/needs`, {
        method: 'POST',
        as,
        json: needInput(applicantOrg.id),
      }),
      h.request(`/v1/platforms/${w.platformA}/offers`, {
        method: 'POST',
        as,
        json: offerInput(applicantOrg.id),
      }),
      h.request(`/v1/platforms/${w.platformA}/needs`, { as }),
      h.request(`/v1/platforms/${w.platformA}/offers`, { as }),
      h.request(`/v1/platforms/${w.platformA}/news`, { as }),
      h.request(`/v1/needs/${w.need.id}`, { as }),
    ]);

    for (const res of [need, offer, needs, offers, news]) await expectProblem(res, 403, 'forbidden');
    await expectProblem(one, 404, 'not-found');
    expect((await h.ctx.store.needs.ofOrganization(applicantOrg.id, { limit: 10 })).items).toEqual([]);
  });

  it('cannot approve its own application', async () => {
    const res = await h.request(`/v1/platforms/${w.platformA}/memberships/${applicantOrg.id}/approve`, {
      method: 'POST',
      as: applicant,
    });

    await expectProblem(res, 403, 'forbidden');
    expect((await h.ctx.store.memberships.get(w.platformA, applicantOrg.id))?.status).toBe('pending');
  });
});

describe('members of another platform', () => {
  it('cannot post their own needs or offers to this one', async () => {
    const as = w.sessions.otherPlatform;
    const z = w.otherPlatformOrg.id;

    const [need, offer] = await Promise.all([
      h.request(`/v1/platforms/${w.platformA}/needs`, { method: 'POST', as, json: needInput(z) }),
      h.request(`/v1/platforms/${w.platformA}/offers`, { method: 'POST', as, json: offerInput(z) }),
    ]);

    await expectProblem(need, 403, 'forbidden');
    await expectProblem(offer, 403, 'forbidden');
    expect((await h.ctx.store.needs.ofOrganization(z, { limit: 10 })).items).toEqual([]);
  });

  it('answers reads and changes of a hidden need, offer, introduction or unlisted organisation exactly like for one that does not exist', async () => {
    const as = w.sessions.otherPlatform;
    const unknown = ulid();
    const requests: [
      path: (id: string) => string,
      init: Parameters<Harness['request']>[1],
      id: () => string,
    ][] = [
      [(id) => `/v1/needs/${id}`, {}, () => w.need.id],
      [
        (id) => `/v1/needs/${id}`,
        { method: 'PATCH', json: { version: 1, title: '乗っ取り' } },
        () => w.need.id,
      ],
      [(id) => `/v1/needs/${id}/close`, { method: 'POST' }, () => w.need.id],
      [(id) => `/v1/offers/${id}`, {}, () => w.offer.id],
      [
        (id) => `/v1/offers/${id}`,
        { method: 'PATCH', json: { version: 1, title: '乗っ取り' } },
        () => w.offer.id,
      ],
      [(id) => `/v1/offers/${id}/close`, { method: 'POST' }, () => w.offer.id],
      [(id) => `/v1/matches/${id}`, {}, () => w.match.id],
      [(id) => `/v1/organizations/${id}`, {}, () => w.x.id],
      [(id) => `/v1/matches/${id}/accept`, { method: 'POST', json: {} }, () => w.match.id],
    ];

    for (const [path, init, id] of requests) {
      const [hidden, missing] = await Promise.all([
        h.request(path(id()), { ...init, as }),
        h.request(path(unknown), { ...init, as }),
      ]);

      expect(await expectProblem(hidden, 404, 'not-found')).toEqual(
        await expectProblem(missing, 404, 'not-found'),
      );
    }
    expect((await h.ctx.store.needs.get(w.need.id))?.status).toBe('open');
    expect((await h.ctx.store.offers.get(w.offer.id))?.status).toBe('open');
  });
});
