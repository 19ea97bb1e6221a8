import fc from 'fast-check';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type AuditEntry,
  auditEntrySchema,
  invitationSchema,
  isProblemType,
  KIND_IDS,
  type Match,
  type Membership,
  matchSchema,
  membershipSchema,
  type Need,
  needSchema,
  type Offer,
  type Organization,
  offerSchema,
  organizationSchema,
} from '#domain';
import { IMPORT_TARGET_IDS } from '#import';
import {
  cursorArb,
  dateArb,
  deepValue,
  encodeForm,
  encodeLoose,
  type FormEntry,
  type FormField,
  formEntriesArb,
  formsOf,
  hugeString,
  type JsonSchema,
  leaksIn,
  mutate,
  mutationArb,
  nastyKey,
  nastyValue,
  queryArb,
  queryValueArb,
  sanitizeInput,
  schemaArb,
  segmentArb,
  toJsonText,
  unicodeEdge,
  wrongType,
} from '#test/fuzz';
import { invalidUtf8Arb, MAP_KEYS, mapPaths, mapText, withInvalidUtf8, withMapAt } from '#test/fuzz-maps';
import {
  createHarness,
  type Harness,
  jsonOf,
  type Member,
  type Page,
  type Session,
  uniqueEmail,
} from '#test/harness';

// Property-based HTTP fuzzing of every route: bodies, queries and path parameters, as each role
// (owner and editor of an approved member, the offering company, the secretariat, an outsider,
// nobody). Whatever comes in, no answer is a 5xx, every error of the API is problem+json and
// every error of a page is HTML, no answer gives away internals, Object.prototype stays clean
// and what is stored stays valid. Fixed seed: a failure names the seed and path to replay it.

const SEED = Number(process.env.FUZZ_SEED ?? 42);
/** Case counts per property; together they keep the file at about 20 s on 2 cores. */
const RUNS = {
  apiWrites: 200,
  apiBodies: 300,
  rawBodies: 80,
  mapKeys: 150,
  badUtf8: 100,
  apiPaths: 250,
  cursors: 120,
  pageGets: 200,
  pageForms: 300,
  mailLinks: 60,
};
/**
 * By hand, for a deeper look: FUZZ_SCALE=10 runs ten times as many cases, FUZZ_SEED=7 another
 * seed, and FUZZ_SURVEY=1 goes on after a failure and lists every failing request at the end.
 */
const SCALE = Number(process.env.FUZZ_SCALE ?? 1);
const SURVEY = process.env.FUZZ_SURVEY ? ([] as string[]) : undefined;
const settings = (numRuns: number) => ({
  seed: SEED,
  numRuns: Math.max(1, Math.round(numRuns * SCALE)),
  // No shrinking: each step is a request against a table the run has changed; the failure
  // message names the request, and seed + path replay it.
  endOnFailure: true,
});
const TIMEOUT = 20_000 * Math.max(1, SCALE);
/** An answer slower than this is a failure too (a regex or loop that input can blow up). */
const SLOW_MS = 10_000;

type Role = 'anonymous' | 'owner' | 'editor' | 'company' | 'secretariat' | 'outsider' | 'doomed' | 'leaver';
const ROLES: Role[] = [
  'owner',
  'owner',
  'editor',
  'company',
  'secretariat',
  'secretariat',
  'outsider',
  'anonymous',
];
/** Routes that end the session they are sent with get a session of their own. */
const SIGN_OUT_ROLES: Role[] = ['anonymous', 'doomed'];
/** Signing out, and accepting an invitation on its page (the browser becomes the invitee's). */
const ENDS_SESSION = /sign-out$|^\/invitations\/accept$/;
/** Deleting one's account: only a person of its own (the leaver) or nobody does it. */
const LEAVER_ROLES: Role[] = ['anonymous', 'leaver'];
const leaves = (route: Route) =>
  route.template === '/account/delete' || (route.method === 'DELETE' && route.template === '/v1/me');
const ANONYMOUS_CSRF = 'fuzz-anonymous-csrf-token-0123456789abcdef';

interface Route {
  method: string;
  template: string;
  /** Parameter names in the order they appear. */
  params: string[];
  api: boolean;
  body?: JsonSchema | undefined;
  query: { name: string; values: string[] }[];
}

interface Fixture {
  platformId: string;
  otherPlatformId: string;
  sessions: Record<Exclude<Role, 'anonymous'>, Session>;
  npo: Member;
  company: Member;
  victimOrg: string;
  pendingOrg: string;
  victimPerson: string;
  /** Pending invitations of the victim organisation. */
  invitations: string[];
  /** Member lists the secretariat uploaded (the import's preview and run take their ids). */
  imports: string[];
  needs: string[];
  offers: string[];
  victimNeed: string;
  victimOffer: string;
  matches: string[];
  tiers: string[];
  cursors: string[];
  linkTokens: string[];
}

let h: Harness;
let f: Fixture;
let routes: Route[];
let components: Record<string, JsonSchema>;
/** Form fields each POST page offers, by route template (and the query of the form's action). */
const forms = new Map<string, { fields: FormField[]; query: string }[]>();
const secrets: string[] = [];
const tally = {
  cases: 0,
  requests: 0,
  statuses: new Map<number, number>(),
  /** Cases per property (the test's name). */
  byTest: new Map<string, number>(),
  current: 'setup',
};
const prototypeNames = {
  object: Object.getOwnPropertyNames(Object.prototype).sort().join(),
  array: Object.getOwnPropertyNames(Array.prototype).sort().join(),
  fn: Object.getOwnPropertyNames(Function.prototype).sort().join(),
};

// --- sending and checking ---------------------------------------------------------------------

interface Req {
  method: string;
  path: string;
  role: Role;
  /** How a signed-in request carries its session: the API takes both; pages use the cookie. */
  via: 'bearer' | 'cookie' | 'cookie-without-csrf';
  contentType?: string | undefined;
  body?: string | FormData | Uint8Array | undefined;
}

function sessionOf(role: Role): Session | undefined {
  return role === 'anonymous' ? undefined : f.sessions[role];
}

async function send(req: Req): Promise<{ res: Response; text: string; ms: number }> {
  const headers = new Headers();
  const session = sessionOf(req.role);
  const cookies = [`tsunagu_csrf=${ANONYMOUS_CSRF}`];
  if (session && req.via === 'bearer') headers.set('authorization', `Bearer ${session.token}`);
  if (session && req.via !== 'bearer') cookies.push(session.cookie);
  if (session && req.via === 'cookie' && req.path.startsWith('/v1/'))
    headers.set('x-csrf-token', session.csrfToken);
  headers.set('cookie', cookies.join('; '));
  if (req.contentType) headers.set('content-type', req.contentType);
  const started = performance.now();
  const res = await h.app.request(req.path, {
    method: req.method,
    headers,
    ...(req.body !== undefined ? { body: req.body } : {}),
  });
  const text = await res.text();
  const ms = performance.now() - started;
  tally.requests++;
  tally.statuses.set(res.status, (tally.statuses.get(res.status) ?? 0) + 1);
  return { res, text, ms };
}

function describeReq(req: Req): string {
  const body =
    req.body === undefined
      ? ''
      : typeof req.body === 'string'
        ? ` body(${req.body.length} chars): ${req.body.length > 400 ? `${req.body.slice(0, 250)}…${req.body.slice(-100)}` : req.body}`
        : req.body instanceof Uint8Array
          ? ` bytes(${req.body.length}): ${Buffer.from(req.body).toString('hex').slice(0, 400)}`
          : ` multipart: ${[...req.body.keys()].join(', ').slice(0, 300)}`;
  const path =
    req.path.length > 300
      ? `${req.path.slice(0, 160)}…(${req.path.length} chars)…${req.path.slice(-100)}`
      : req.path;
  return `${req.method} ${path} as ${req.role} via ${req.via} [${req.contentType ?? '-'}]${body}`;
}

/** Where an error answer is problem+json, where it is a page (hono's own rule, app.ts). */
function errorFormat(path: string): 'problem' | 'html' | 'either' | 'any' {
  let p = path.split('?')[0] ?? '';
  try {
    p = decodeURI(p);
  } catch {}
  // The unsubscribe link in mails is a page for people and an RFC 8058 endpoint for mail clients.
  if (p === '/v1/unsubscribe') return 'either';
  if (p.startsWith('/regions/') || p.startsWith('/assets/')) return 'any';
  if (p.startsWith('/v1/') || p === '/health') return 'problem';
  return 'html';
}

function prototypesClean(): string | undefined {
  const probe = {} as Record<string, unknown>;
  if (probe.polluted !== undefined || ([] as unknown as Record<string, unknown>).polluted !== undefined)
    return 'polluted is readable on a fresh object';
  if (Object.getOwnPropertyNames(Object.prototype).sort().join() !== prototypeNames.object)
    return `Object.prototype changed: ${Object.getOwnPropertyNames(Object.prototype)}`;
  if (Object.getOwnPropertyNames(Array.prototype).sort().join() !== prototypeNames.array)
    return 'Array.prototype changed';
  if (Object.getOwnPropertyNames(Function.prototype).sort().join() !== prototypeNames.fn)
    return 'Function.prototype changed';
  return undefined;
}

/** Every property of this file: the answer to any request passes these checks. */
function check(req: Req, res: Response, text: string, ms = 0): void {
  const fail = (why: string) => {
    const message = `${why}\n  request: ${describeReq(req)}\n  answer: ${res.status} ${text.slice(0, 500)}`;
    if (!SURVEY) throw new Error(message);
    SURVEY.push(message);
  };
  if (res.status >= 500) fail(`server error ${res.status}`);
  if (ms > SLOW_MS) fail(`slow answer: ${Math.round(ms)} ms`);
  const type = res.headers.get('content-type') ?? '';
  if (res.status >= 400) {
    const format = errorFormat(req.path);
    const problem = format === 'problem' || (format === 'either' && !type.startsWith('text/html'));
    if (problem) {
      if (!/^application\/problem\+json\b/.test(type)) fail(`API error not problem+json: ${type}`);
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(text);
      } catch {
        fail('problem body is not JSON');
        return;
      }
      if (body.status !== res.status) fail('problem status differs from the HTTP status');
      for (const k of ['type', 'title', 'detail'])
        if (typeof body[k] !== 'string') fail(`problem without a string ${k}`);
      // An absolute URI under the app's own origin, which resolves to the page explaining it.
      const typeUri = String(body.type);
      const prefix = `${h.config.appUrl}/problems/`;
      if (!typeUri.startsWith(prefix) || !isProblemType(typeUri.slice(prefix.length)))
        fail(`problem type is not a known type under ${prefix}: ${typeUri}`);
      if ('stack' in body) fail('problem has a stack');
      if (body.errors !== undefined) {
        const errors = body.errors as { path?: unknown; message?: unknown }[];
        if (
          !Array.isArray(errors) ||
          errors.some((e) => typeof e.path !== 'string' || typeof e.message !== 'string')
        )
          fail('problem errors are not {path, message}');
      }
    } else if (format === 'html' || format === 'either') {
      if (!type.startsWith('text/html')) fail(`page error not HTML: ${type}`);
    }
  }
  const leaks = leaksIn(text, secrets);
  if (leaks.length > 0) fail(`internals in the body: ${leaks.join(' | ')}`);
  const polluted = prototypesClean();
  if (polluted) fail(`prototype pollution: ${polluted}`);
}

async function sendAndCheck(req: Req): Promise<void> {
  tally.cases++;
  tally.byTest.set(tally.current, (tally.byTest.get(tally.current) ?? 0) + 1);
  const { res, text, ms } = await send(req);
  check(req, res, text, ms);
}

// --- routes and parameters --------------------------------------------------------------------

const DESTRUCTIVE = /\/(close|suspend|decline|withdraw|remove|role|revoke|delete)$/;

/** The values a path parameter may take so that handlers go past their lookups. */
function validParams(route: Route, name: string): string[] {
  const destructive =
    DESTRUCTIVE.test(route.template) ||
    (route.method === 'DELETE' && route.template === '/v1/organizations/:organizationId');
  const orgs = destructive
    ? [f.victimOrg, f.pendingOrg]
    : [f.npo.org.id, f.company.org.id, f.victimOrg, f.pendingOrg];
  switch (name) {
    case 'platformId':
      return [f.platformId, f.platformId, f.platformId, f.otherPlatformId, 'no-such-platform'];
    case 'organizationId':
      return orgs;
    case 'id':
      if (route.template.includes('/needs/')) return destructive ? [f.victimNeed] : f.needs;
      if (route.template.includes('/offers/')) return destructive ? [f.victimOffer] : f.offers;
      return orgs;
    case 'matchId':
      return f.matches;
    case 'personId':
      return [f.victimPerson];
    case 'invitationId':
      return f.invitations;
    case 'importId':
      return [...f.imports, '01ARZ3NDEKTSV4RRFFQ69G5FAV'];
    case 'file':
      return ['11.json', '13.json', '99.json', '00.json'];
    case 'type':
      return ['validation', 'stale-version', 'internal', 'no-such-problem'];
    default:
      return [];
  }
}

function fillPath(route: Route, values: Record<string, string>): string {
  return route.template.replace(/:(\w+)(\{[^}]*\})?/g, (_m, name: string) => values[name] ?? 'x');
}

/** Path parameters: ones that exist (`fuzz` false), or mostly those and else any segment at all. */
function paramsArb(route: Route, fuzz: boolean): fc.Arbitrary<Record<string, string>> {
  return fc.record(
    Object.fromEntries(
      route.params.map((name) => {
        const valid = validParams(route, name);
        return [
          name,
          fuzz ? segmentArb(valid) : valid.length > 0 ? fc.constantFrom(...valid) : fc.constant('x'),
        ];
      }),
    ),
  );
}

/** Who a route is for, so that most requests get past the role checks to the handler's work. */
function naturalRoles(route: Route): Role[] {
  const t = route.template;
  if (leaves(route)) return LEAVER_ROLES;
  // 関心がある: an NPO asks about an offer, a company about a need.
  if (/\/interest$/.test(t)) return /offers/.test(t) ? ['owner', 'editor'] : ['company'];
  if (/^\/v1\/platforms\/:platformId\/matches$/.test(t)) return ['secretariat'];
  if (
    /\/admin|\/(approve|decline|suspend)$|\/secretariat$|\/runs\/|\/rounds$|\/stats$|\/audit$|\/imports|\/members$/.test(
      t,
    )
  )
    return ['secretariat'];
  if (/^\/v1\/platforms\/:platformId(\/memberships(\/:organizationId)?)?$/.test(t) && route.method !== 'POST')
    return ['secretariat', 'owner'];
  if (/offers/.test(t)) return route.method === 'GET' ? ['company', 'secretariat'] : ['company'];
  if (/needs/.test(t))
    return route.method === 'GET' ? ['owner', 'editor', 'secretariat'] : ['owner', 'editor'];
  if (/matches/.test(t)) return ['owner', 'editor', 'company'];
  if (/organizations|memberships|join|withdraw/.test(t)) return ['owner', 'owner', 'editor', 'company'];
  if (/\/me\b|preferences/.test(t)) return ['owner', 'editor', 'company', 'secretariat', 'outsider'];
  return ROLES;
}

/** Mostly the roles the route is for (`focus` in 5), else any role. */
const roleArb = (route: Route, focus = 3) =>
  leaves(route)
    ? fc.constantFrom(...LEAVER_ROLES)
    : ENDS_SESSION.test(route.template)
      ? fc.constantFrom(...SIGN_OUT_ROLES)
      : fc.oneof(
          { weight: focus, arbitrary: fc.constantFrom(...naturalRoles(route)) },
          { weight: 5 - focus, arbitrary: fc.constantFrom(...ROLES) },
        );

/** Better values for body properties than their schema alone gives (ids that exist, codes …). */
function hint(key: string, route?: Route): fc.Arbitrary<unknown> | undefined {
  switch (key) {
    case 'mapping':
      // One meaning per column of the uploaded lists (5 or 6 columns), sometimes wrong ones.
      return fc.array(fc.constantFrom(...IMPORT_TARGET_IDS, null, null, '', 'constructor'), {
        minLength: 4,
        maxLength: 7,
      });
    case 'postingId':
    case 'needId':
    case 'offerId':
      return fc.constantFrom(
        ...(key === 'offerId' ? f.offers : key === 'needId' ? f.needs : [...f.needs, ...f.offers]),
      );
    case 'organizationId': {
      // 関心がある on an offer is the NPO's, on a need the company's.
      const interest = route?.template.endsWith('/interest');
      const [mine, theirs] =
        (route?.template.includes('offers') ?? false) !== (interest ?? false)
          ? [f.company.org.id, f.npo.org.id]
          : [f.npo.org.id, f.company.org.id];
      return fc.constantFrom(
        mine,
        mine,
        mine,
        mine,
        mine,
        theirs,
        f.victimOrg,
        f.pendingOrg,
        '01ARZ3NDEKTSV4RRFFQ69G5FAV',
      );
    }
    case 'location':
      return fc.constantFrom(
        { prefecture: '11', municipality: '11203' },
        { prefecture: '11' },
        { prefecture: '11', municipality: '11201' },
        { prefecture: '13', municipality: '13101' },
        { prefecture: '11', municipality: '13101' },
      );
    case 'period':
      return fc.oneof(
        {
          weight: 4,
          arbitrary: fc.constantFrom({ start: '2026-04-01' }, { start: '2026-04-01', end: '2027-03-31' }),
        },
        { weight: 1, arbitrary: fc.record({ start: dateArb, end: dateArb }, { requiredKeys: ['start'] }) },
      );
    case 'serviceArea':
      return fc.oneof(
        {
          weight: 4,
          arbitrary: fc.constantFrom(
            { prefectures: ['11'] },
            { nationwide: true },
            { municipalities: ['11203'], online: true },
            { blocks: ['kanto'] },
            { online: true },
          ),
        },
        { weight: 1, arbitrary: fc.constant(undefined) },
      );
    case 'prefecture':
      return fc.constantFrom('11', '11', '13', '01', '47');
    case 'municipality':
      return fc.constantFrom('11203', '11100', '11201', '13101');
    case 'prefectures':
      return fc.subarray(['11', '13', '14', '01']);
    case 'municipalities':
      return fc.subarray(['11203', '11201', '13101']);
    case 'blocks':
      return fc.subarray(['kanto', 'kinki', 'hokkaido', 'tohoku']);
    case 'email':
      return fc.nat(9999).map((n) => `fuzz-${n}@example.jp`);
    case 'nameKana':
      // The person's reading (PATCH /v1/me); an organisation's is free text, left to its schema.
      if (!route?.template.endsWith('/me')) return undefined;
      return fc.oneof(
        {
          weight: 3,
          arbitrary: fc.constantFrom('タナカ メグミ', 'たなか\u3000めぐみ', 'ﾀﾅｶ ﾒｸﾞﾐ', 'ヴァン・ダム'),
        },
        { weight: 1, arbitrary: fc.constantFrom(null, '', '  ', '田中', 'tanaka', 'ー'.repeat(101)) },
      );
    case 'phone':
      return fc.oneof(
        {
          weight: 3,
          arbitrary: fc.constantFrom('048-123-4567', '０９０（１２３４）５６７８', '+81 3 1234 5678'),
        },
        {
          weight: 1,
          arbitrary: fc.constantFrom(null, '', '110', '090-1234-567', '+1 212 555 1234', '0'.repeat(31)),
        },
      );
    case 'activityFields':
      return fc.oneof(
        {
          weight: 4,
          arbitrary: fc.subarray(['elderly', 'children_youth', 'dementia', 'poverty'], { minLength: 1 }),
        },
        { weight: 1, arbitrary: fc.constantFrom([], ['elderly', 'elderly'], ['no_such_field'], null) },
      );
    case 'activityArea':
      return fc.constantFrom(
        { municipalities: ['11203'] },
        { prefectures: ['11', '13'] },
        { nationwide: true },
        {},
        null,
        { prefectures: ['99'] },
      );
    case 'version':
      return fc.integer({ min: 1, max: 4 });
    case 'tier':
      return fc.constantFrom(...f.tiers, 'platinum');
    case 'token':
      return fc.constantFrom(...f.linkTokens, 'x'.repeat(43));
    case 'digest[key]':
      return fc.constantFrom(f.platformId, f.otherPlatformId, 'no-such-platform');
    default:
      return undefined;
  }
}

function bodyArb(route: Route): fc.Arbitrary<unknown> {
  const valid = route.body ? schemaArb(route.body, components, (key) => hint(key, route)) : fc.constant({});
  return fc.oneof(
    { weight: 4, arbitrary: valid },
    {
      weight: 5,
      arbitrary: fc
        .tuple(valid, fc.array(mutationArb, { minLength: 1, maxLength: 3 }))
        .map(([v, ms]) => mutate(v, ms)),
    },
    { weight: 1, arbitrary: nastyValue },
  );
}

const hasBody = (method: string) => method !== 'GET' && method !== 'HEAD';

// --- fixtures ---------------------------------------------------------------------------------

beforeAll(async () => {
  h = await createHarness();
  secrets.push(h.config.tableName, h.config.secret);
  const secretariatEmail = uniqueEmail('secretariat');
  const platformId = await h.platform({ scope: { prefectures: ['11'], municipalities: [] } }, [
    secretariatEmail,
  ]);
  const otherPlatformId = await h.platform({ scope: { prefectures: ['13'], municipalities: [] } }, [
    uniqueEmail('other-secretariat'),
  ]);
  const secretariat = await h.signIn(secretariatEmail);
  // An application form of every kind of question and a consent, so the join form, the answers
  // map and the secretariat's editor have something to work on (optional: the fixtures apply).
  const defined = await h.request(`/v1/platforms/${platformId}/application-form`, {
    method: 'PUT',
    as: secretariat,
    json: {
      version: 0,
      questions: [
        { kind: 'text', ja: '代表者' },
        { kind: 'single', ja: '会員数', options: [{ ja: '10人未満' }, { ja: '10人以上' }] },
        { kind: 'multiple', ja: '活動分野', options: [{ ja: '居場所' }, { ja: '食支援' }] },
        { kind: 'yesno', ja: '法人格がありますか' },
      ],
      consents: [{ purpose: 'roster', required: false, ja: '会員名簿への情報共有について同意します。' }],
    },
  });
  expect(defined.status).toBe(200);
  // Contacts of their own: SES local is shared by every test file, and the mails read below
  // must be this file's.
  const contact = (label: string) => ({ contact: { name: '担当 太郎', email: uniqueEmail(label) } });
  const [npo, company] = await Promise.all([
    h.member(platformId, secretariat, 'npo', contact('npo-contact')),
    h.member(platformId, secretariat, 'company', { legalForm: 'company', ...contact('company-contact') }),
  ]);
  const editor = await h.addPerson(npo.session, npo.org.id, uniqueEmail('editor'), 'editor');
  const victim = await h.addPerson(npo.session, npo.org.id, uniqueEmail('victim'), 'viewer');
  const outsiderEmail = uniqueEmail('outsider');
  const [outsider, doomed] = [await h.signIn(outsiderEmail), await h.signIn(outsiderEmail)];
  const leaver = await h.signIn(uniqueEmail('leaver'));
  const victimOrg = await h.organization(npo.session, { name: '削除されてもよい団体' });
  // Pending invitations (ids to withdraw, links to accept), in the organisation that may lose them.
  const invited = [];
  for (const role of ['viewer', 'editor', 'owner'])
    invited.push(await h.invite(npo.session, victimOrg.id, uniqueEmail(`invitee-${role}`), role));
  await h.apply(npo.session, platformId, victimOrg.id);
  await h.approve(secretariat, platformId, victimOrg.id);
  const pendingOrg = await h.organization(company.session, { name: '審査待ちの団体' });
  await h.apply(company.session, platformId, pendingOrg.id);

  const needs: Need[] = [];
  for (const overrides of [
    {},
    { kind: 'volunteers', capacity: { people: 5 } },
    { kind: 'funding', capacity: { amountJpy: 300_000 } },
  ])
    needs.push(await h.postNeed(npo.session, platformId, npo.org.id, overrides));
  const offers: Offer[] = [];
  for (const overrides of [
    {},
    { kind: 'volunteers', capacity: { people: 10 } },
    { fields: 'any', slots: 2 },
    // An open call (公募): its applications route and the interest route's answers.
    {
      title: '公募の申し出',
      slots: 3,
      openCall: { deadline: '2099-12-31', questions: [{ id: 'plan', label: '計画', required: true }] },
    },
  ])
    offers.push(await h.postOffer(company.session, platformId, company.org.id, overrides));
  const victimNeed = await h.postNeed(npo.session, platformId, npo.org.id, {
    title: '締め切られてもよいニーズ',
  });
  const victimOffer = await h.postOffer(company.session, platformId, company.org.id, {
    title: '締め切られてもよい申し出',
  });
  for (const title of ['お知らせ1', 'お知らせ2'])
    await h.request(`/v1/platforms/${platformId}/news`, { method: 'POST', as: secretariat, json: { title } });
  await jsonOf(
    await h.request(`/v1/platforms/${platformId}/runs/match`, { method: 'POST', as: secretariat }),
  );
  const inbox = await jsonOf<Page<Match>>(
    await h.request(`/v1/matches?organizationId=${npo.org.id}&limit=100`, { as: npo.session }),
  );
  await h.request(`/v1/platforms/${platformId}/runs/digest`, { method: 'POST', as: secretariat });
  await h.drain();

  // Signed links from the mails (answer an introduction, unsubscribe, confirm a contact address).
  const linkTokens = new Set<string>();
  for (const to of [
    npo.org.contact.email,
    company.org.contact.email,
    npo.session.email,
    company.session.email,
  ])
    for (const mail of await h.mails(to))
      for (const m of `${mail.body.text ?? ''}`.matchAll(
        /(?:respond|unsubscribe|contact\/verify|language\/from-mail)\?token=([A-Za-z0-9_.%-]+)/g,
      ))
        linkTokens.add(decodeURIComponent(m[1]!));

  // Cursors of every kind of list, each bound to its own query.
  const cursors = new Set<string>();
  const lists: [string, Session][] = [
    [`/v1/platforms/${platformId}/needs?limit=1`, secretariat],
    [`/v1/platforms/${platformId}/needs?limit=1&kind=venue`, secretariat],
    [`/v1/platforms/${platformId}/offers?limit=1`, secretariat],
    [`/v1/platforms/${platformId}/offers?limit=1&prefecture=11`, secretariat],
    [`/v1/platforms/${platformId}/offers?limit=1&kind=venue&resourceType=hall`, secretariat],
    [`/v1/platforms/${platformId}/search?limit=1`, secretariat],
    [`/v1/platforms/${platformId}/search?limit=1&q=%E9%A3%9F&type=need`, secretariat],
    [`/v1/platforms/${platformId}/search?limit=1&kind=venue&resourceType=kitchen`, secretariat],
    [`/v1/platforms/${platformId}/memberships?limit=1`, secretariat],
    [`/v1/platforms/${platformId}/memberships?limit=1&status=approved`, secretariat],
    [`/v1/platforms/${platformId}/news?limit=1`, secretariat],
    [`/v1/platforms/${platformId}/audit?limit=1`, secretariat],
    [`/v1/organizations/${npo.org.id}/needs?limit=1`, npo.session],
    [`/v1/organizations/${company.org.id}/offers?limit=1`, company.session],
    [`/v1/organizations/${npo.org.id}/people?limit=1`, npo.session],
    [`/v1/matches?organizationId=${npo.org.id}&limit=1`, npo.session],
    ['/v1/platforms?limit=1', secretariat],
  ];
  for (const [path, as] of lists) {
    const page = await jsonOf<Page<unknown>>(await h.request(path, { as }));
    if (page.nextCursor) cursors.add(page.nextCursor);
  }

  // Two member lists, one clean and one with bad rows, for the import's preview and run.
  const imports: string[] = [];
  for (const list of [
    '団体名,担当者,メールアドレス,所在地,会員区分\nファズ団体,担当,fuzz-import@example.jp,埼玉県さいたま市,\n',
    '会員番号,団体名,担当者,メール,都道府県,活動分野\n1,,a,not-mail,どこか,宇宙\n1,X,b,b@example.jp,11,子ども\n',
  ]) {
    const up = await h.request(`/v1/platforms/${platformId}/imports`, {
      method: 'POST',
      as: secretariat,
      headers: { 'content-type': 'text/csv' },
      body: list,
    });
    imports.push((await jsonOf<{ id: string }>(up, 201)).id);
  }

  const platform = await jsonOf<{ tiers: { id: string }[] }>(await h.request(`/v1/platforms/${platformId}`));
  for (const i of invited) linkTokens.add(i.token);
  f = {
    platformId,
    otherPlatformId,
    invitations: invited.map((i) => i.id),
    imports,
    sessions: { owner: npo.session, editor, company: company.session, secretariat, outsider, doomed, leaver },
    npo,
    company,
    victimOrg: victimOrg.id,
    pendingOrg: pendingOrg.id,
    victimPerson: victim.personId,
    needs: needs.map((n) => n.id),
    offers: offers.map((o) => o.id),
    victimNeed: victimNeed.id,
    victimOffer: victimOffer.id,
    matches: inbox.items.map((m) => m.id),
    tiers: platform.tiers.map((t) => t.id),
    cursors: [...cursors],
    linkTokens: [...linkTokens].sort(),
  };
  f.needs.push(f.victimNeed);
  f.offers.push(f.victimOffer);
  for (const s of Object.values(f.sessions)) secrets.push(s.token);

  // The routes, from the app itself; schemas and query parameters from its OpenAPI document.
  const doc = (await (await h.app.request('/v1/openapi.json')).json()) as {
    paths: Record<
      string,
      Record<
        string,
        {
          parameters?: { in: string; name: string; schema?: JsonSchema }[];
          requestBody?: { content: Record<string, { schema: JsonSchema }> };
        }
      >
    >;
    components: { schemas: Record<string, JsonSchema> };
  };
  components = doc.components.schemas;
  const seen = new Set<string>();
  routes = [];
  for (const r of h.app.routes) {
    if (r.method === 'ALL' || seen.has(`${r.method} ${r.path}`)) continue;
    seen.add(`${r.method} ${r.path}`);
    const op = doc.paths[r.path.replace(/:(\w+)/g, '{$1}')]?.[r.method.toLowerCase()];
    routes.push({
      method: r.method,
      template: r.path,
      params: [...r.path.matchAll(/:(\w+)/g)].map((m) => m[1]!),
      api: r.path.startsWith('/v1/') && r.path !== '/v1/unsubscribe',
      body: op?.requestBody?.content['application/json']?.schema,
      query: (op?.parameters ?? [])
        .filter((p) => p.in === 'query')
        .map((p) => ({ name: p.name, values: (p.schema?.enum ?? []).map(String) })),
    });
  }

  await crawlForms();
}, 120_000);

/** Plausible values for a blank field of a form, by its name. */
function guess(name: string): string[] {
  if (/email/i.test(name)) return ['fuzz-form@example.jp'];
  if (/phone/i.test(name)) return ['048-829-0000', '０４８－８２９－００００'];
  if (/kana/i.test(name)) return ['たなか めぐみ', 'ﾀﾅｶ'];
  if (/phone/i.test(name)) return ['048-123-4567', '０９０１２３４５６７８'];
  if (/url|website/i.test(name)) return ['https://example.jp/'];
  if (/people|positions|quantity|amount|hours|sessions|reach|slots|PerRound|version/i.test(name))
    return ['10', '1'];
  if (/start|date/i.test(name)) return ['2026-04-01'];
  if (/end$/i.test(name)) return ['2027-03-31'];
  return ['テスト'];
}

/** GETs every page as every role and keeps the POST forms they offer, by the route they post to. */
async function crawlForms(): Promise<void> {
  const posts = routes.filter((r) => !r.api && r.method === 'POST');
  const routeOf = (action: string) =>
    posts.find((r) => new RegExp(`^${r.template.replace(/:(\w+)/g, '[^/]+')}$`).test(action));
  const everyone: Role[] = ['owner', 'editor', 'company', 'secretariat', 'anonymous'];
  const jobs: { path: string; role: Role }[] = [];
  const visit = (path: string, roles: Role[]) => {
    for (const role of roles) jobs.push({ path, role });
  };
  for (const r of routes.filter((r) => !r.api && r.method === 'GET' && !r.template.startsWith('/assets/'))) {
    const values = Object.fromEntries(r.params.map((p) => [p, validParams(r, p)[0] ?? 'x']));
    visit(fillPath(r, values), everyone);
  }
  for (const kind of KIND_IDS) {
    visit(`/needs/new?organization=${f.npo.org.id}&platform=${f.platformId}&kind=${kind}`, ['owner']);
    visit(`/offers/new?organization=${f.company.org.id}&platform=${f.platformId}&kind=${kind}`, ['company']);
  }
  visit(`/organizations/${f.victimOrg}/people`, ['owner']);
  for (const t of f.linkTokens) {
    visit(`/respond?token=${encodeURIComponent(t)}`, ['anonymous']);
    visit(`/v1/unsubscribe?token=${encodeURIComponent(t)}`, ['anonymous']);
    visit(`/invitations/accept?token=${encodeURIComponent(t)}`, ['anonymous', 'outsider']);
    visit(`/contact/verify?token=${encodeURIComponent(t)}`, ['anonymous']);
    visit(`/language/from-mail?token=${encodeURIComponent(t)}`, ['anonymous']);
  }
  // Eight at a time, but read in order: the forms found must not depend on timing (replays).
  for (let i = 0; i < jobs.length; i += 8) {
    const batch = jobs
      .slice(i, i + 8)
      .map(({ path, role }): Req => ({ method: 'GET', path, role, via: 'cookie' }));
    const answers = await Promise.all(batch.map(send));
    batch.forEach((req, j) => {
      const { res, text, ms } = answers[j]!;
      check(req, res, text, ms);
      for (const cursor of text.matchAll(/[?&]cursor=([A-Za-z0-9_.%-]+)/g))
        f.cursors.push(decodeURIComponent(cursor[1]!));
      for (const form of formsOf(text)) {
        const [actionPath = '', query = ''] = form.action.split('?');
        const route = routeOf(actionPath);
        if (!route) continue;
        const known = forms.get(route.template) ?? [];
        const fields = form.fields
          .filter((x) => x.name !== '_csrf')
          .map((x) => ({
            name: x.name,
            values: x.values.some((v) => v !== '') ? x.values : ['', ...guess(x.name)],
          }));
        if (!known.some((k) => k.query === query && k.fields.length === fields.length))
          known.push({ fields, query });
        forms.set(route.template, known);
      }
    });
  }
}

// --- the properties ---------------------------------------------------------------------------

describe('fuzzing every route', () => {
  beforeEach((context) => {
    tally.current = context.task.name.split(':')[0]!;
  });

  it('the leak check catches what it looks for', () => {
    const leaky = [
      'Error: boom\n    at handler (/work/main/shared/http/routes/x.ts:10:5)',
      '{"pk":"NEED#01ARZ3NDEKTSV4RRFFQ69G5FAV","sk":"NEED"}',
      '{"gsi2pk":"x"}',
      'ConditionalCheckFailedException: The conditional request failed',
      'TypeError: Cannot read properties of undefined',
      'ValidationException: Size of hashkey has exceeded the maximum size limit of 2048 bytes',
      'at file:///work/main/node_modules/hono/dist/hono.js:1:2',
    ];
    for (const text of leaky) expect(leaksIn(text), text).not.toEqual([]);
    expect(leaksIn('table-x', ['table-x'])).not.toEqual([]);
    const clean = [
      '{"type":"http://tsunagu.test/problems/validation","title":"入力内容に誤りがあります","errors":[{"path":"capacity.people","message":"1以上"}]}',
      '{"items":[],"nextCursor":"eyJzIjoiTkVFRCNwayIsImsiOnsicGsiOiJ4In19.abcdefghij-sk-pk_12345"}',
      '<a href="/platforms/saitama/needs?cursor=eyJzIjoi.sk-abcdefghijklmnop">次へ</a> Ask the secretariat',
    ];
    for (const text of clean) expect(leaksIn(text), text).toEqual([]);
    expect(leaksIn(sanitizeInput('pk ORG# at x.ts:1 DynamoDB TypeError'))).toEqual([]);
  });

  it('finds every route and the forms of the pages', () => {
    expect(routes.filter((r) => r.api).length).toBeGreaterThan(40);
    expect(routes.filter((r) => !r.api).length).toBeGreaterThan(40);
    expect(routes.filter((r) => r.body).length).toBeGreaterThan(20);
    expect(forms.size).toBeGreaterThan(15);
    expect(f.cursors.length).toBeGreaterThan(8);
    expect(f.linkTokens.length).toBeGreaterThan(0);
    expect(f.matches.length).toBeGreaterThan(0);
  });

  it(
    'API writes: valid-ish bodies as the roles each route is for, so that handlers do their work',
    async () => {
      const targets = routes.filter((r) => r.api && hasBody(r.method) && !/sign-out$/.test(r.template));
      // Creating is where most can go wrong half-way: the create routes come up three times as often.
      const creates = targets.filter(
        (r) =>
          r.method === 'POST' && /(needs|offers|news|memberships|members|organizations)$/.test(r.template),
      );
      const arb = fc.constantFrom(...targets, ...creates, ...creates).chain((route) =>
        fc.record({
          route: fc.constant(route),
          role: fc.constantFrom(...naturalRoles(route)),
          params: paramsArb(route, false),
          body: route.body ? schemaArb(route.body, components, (key) => hint(key, route)) : fc.constant({}),
        }),
      );
      await fc.assert(
        fc.asyncProperty(arb, async ({ route, role, params, body }) => {
          await sendAndCheck({
            method: route.method,
            path: fillPath(route, params),
            role,
            via: 'bearer',
            contentType: 'application/json',
            body: sanitizeInput(toJsonText(body)),
          });
        }),
        settings(RUNS.apiWrites),
      );
    },
    TIMEOUT,
  );

  it(
    'API bodies: valid-ish, mutated and arbitrary JSON on every route',
    async () => {
      const targets = routes.filter((r) => r.api && hasBody(r.method));
      const arb = fc.constantFrom(...targets).chain((route) =>
        fc.record({
          route: fc.constant(route),
          role: roleArb(route, 4),
          params: paramsArb(route, false),
          body: bodyArb(route),
          via: fc.constantFrom(
            'bearer' as const,
            'bearer' as const,
            'bearer' as const,
            'cookie' as const,
            'cookie' as const,
            'cookie' as const,
            'cookie-without-csrf' as const,
          ),
        }),
      );
      await fc.assert(
        fc.asyncProperty(arb, async ({ route, role, params, body, via }) => {
          await sendAndCheck({
            method: route.method,
            path: fillPath(route, params),
            role,
            via,
            contentType: 'application/json',
            body: sanitizeInput(toJsonText(body)),
          });
        }),
        settings(RUNS.apiBodies),
      );
    },
    TIMEOUT,
  );

  it(
    'API raw bodies: malformed JSON, deep nesting, huge bodies and the wrong media types',
    async () => {
      const targets = routes.filter((r) => r.api && hasBody(r.method));
      const deep = deepValue.map((d) => d.text());
      const raw = fc.oneof(
        deep,
        fc.constantFrom(
          '',
          '{',
          '{"a":',
          '{"a":1,}',
          '[1,]',
          'nul',
          'NaN',
          '{"a":1}{"b":2}',
          '\ufeff{}',
          '{"version":1,"version":"2"}',
          '{"__proto__":{"polluted":"yes"},"__proto__":1}',
          '{"a":"\\ud800"}',
          '{"a":"\\u0000"}',
          '"\\uDFFF"',
          '{"a":1e99999}',
          `{"a":${'1'.repeat(5000)}}`,
          '\u0000',
        ),
        hugeString.map((s) => JSON.stringify({ title: s, description: s })),
        fc
          .tuple(deepValue, fc.constantFrom('title', 'capacity', 'fields', 'email', 'digest'))
          .map(([d, key]) => `{"${key}":${d.text()},"version":1}`),
        fc.jsonValue().map((v) => JSON.stringify(v)),
        unicodeEdge,
      );
      const arb = fc.record({
        // Not the routes that end the session or the account the later cases still sign in with.
        route: fc.constantFrom(...targets.filter((r) => !/sign-out$/.test(r.template) && !leaves(r))),
        role: fc.constantFrom<Role>('owner', 'secretariat', 'editor', 'anonymous'),
        body: raw,
        contentType: fc.constantFrom(
          'application/json',
          'application/json',
          'application/json; charset=utf-8',
          'application/json; charset=utf-16',
          'application/merge-patch+json',
          'text/plain',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
          'application/xml',
          '',
        ),
      });
      await fc.assert(
        fc.asyncProperty(arb, async ({ route, role, body, contentType }) => {
          const values = Object.fromEntries(route.params.map((p) => [p, validParams(route, p)[0] ?? 'x']));
          await sendAndCheck({
            method: route.method,
            path: fillPath(route, values),
            role,
            via: 'bearer',
            contentType: contentType || undefined,
            body: sanitizeInput(body),
          });
        }),
        settings(RUNS.rawBodies),
      );
    },
    TIMEOUT,
  );

  it(
    'API maps: keys naming the prototype, nothing real or nothing at all, in every map a body takes',
    async () => {
      const targets = routes.flatMap((route) =>
        route.api && route.body ? mapPaths(route.body, components).map((map) => ({ route, map })) : [],
      );
      expect(targets.map((t) => `${t.route.method} ${t.route.template} ${t.map.path.join('.')}`)).toEqual(
        expect.arrayContaining([
          'PUT /v1/me/preferences digest',
          'POST /v1/platforms/:platformId/memberships answers',
        ]),
      );
      const arb = fc.constantFrom(...targets).chain(({ route, map }) =>
        fc.record({
          route: fc.constant(route),
          path: fc.constant(map.path),
          role: roleArb(route, 4),
          params: paramsArb(route, false),
          body: route.body ? schemaArb(route.body, components, (key) => hint(key, route)) : fc.constant({}),
          entries: fc.array(
            fc.tuple(
              fc.oneof(
                { weight: 4, arbitrary: fc.constantFrom(...MAP_KEYS) },
                { weight: 1, arbitrary: fc.constantFrom(f.platformId, f.otherPlatformId) },
                { weight: 1, arbitrary: nastyKey },
              ),
              fc.oneof(
                { weight: 3, arbitrary: schemaArb(map.values, components, (key) => hint(key, route)) },
                { weight: 1, arbitrary: wrongType },
              ),
            ),
            { minLength: 1, maxLength: 4 },
          ),
        }),
      );
      await fc.assert(
        fc.asyncProperty(arb, async ({ route, path, role, params, body, entries }) => {
          const map = mapText(entries.map(([key, value]) => [key, JSON.stringify(value) ?? 'null'] as const));
          await sendAndCheck({
            method: route.method,
            path: fillPath(route, params),
            role,
            via: 'bearer',
            contentType: 'application/json',
            body: sanitizeInput(withMapAt(body, path, map)),
          });
        }),
        settings(RUNS.mapKeys),
      );
    },
    TIMEOUT,
  );

  it(
    'API bytes: invalid UTF-8 anywhere in a JSON body is refused on every route, never stored',
    async () => {
      const targets = routes.filter((r) => r.api && hasBody(r.method) && r.body);
      const creates = targets.filter(
        (r) =>
          r.method === 'POST' && /(needs|offers|news|memberships|members|organizations)$/.test(r.template),
      );
      const arb = fc.constantFrom(...targets, ...creates, ...creates).chain((route) =>
        fc.record({
          route: fc.constant(route),
          role: fc.constantFrom(...naturalRoles(route)),
          params: paramsArb(route, false),
          body: schemaArb(route.body!, components, (key) => hint(key, route)),
          at: fc.double({ min: 0, max: 1, noNaN: true }),
          bad: invalidUtf8Arb,
        }),
      );
      await fc.assert(
        fc.asyncProperty(arb, async ({ route, role, params, body, at, bad }) => {
          const req: Req = {
            method: route.method,
            path: fillPath(route, params),
            role,
            via: 'bearer',
            contentType: 'application/json',
            body: withInvalidUtf8(sanitizeInput(toJsonText(body)), at, bad),
          };
          tally.cases++;
          tally.byTest.set(tally.current, (tally.byTest.get(tally.current) ?? 0) + 1);
          const { res, text, ms } = await send(req);
          check(req, res, text, ms);
          if (res.status < 400) throw new Error(`accepted a body that is not UTF-8: ${describeReq(req)}`);
        }),
        settings(RUNS.badUtf8),
      );
    },
    TIMEOUT,
  );

  it(
    'API paths and queries: invalid ids, platform ids and query values on every route',
    async () => {
      const targets = routes.filter((r) => r.api);
      const cursors = cursorArb(f.cursors);
      const arb = fc.constantFrom(...targets).chain((route) => {
        const names = route.query.map((q) => q.name);
        const known = route.query.flatMap((q) => q.values);
        return fc.record({
          route: fc.constant(route),
          role: roleArb(route),
          params: paramsArb(route, true),
          query: queryArb(
            names.length > 0 ? names : ['limit'],
            queryValueArb(known.length > 0 ? known : ['x'], cursors),
          ),
          body: hasBody(route.method) ? bodyArb(route) : fc.constant(undefined),
        });
      });
      await fc.assert(
        fc.asyncProperty(arb, async ({ route, role, params, query, body }) => {
          await sendAndCheck({
            method: route.method,
            path: `${fillPath(route, params)}${query ? `?${query}` : ''}`,
            role,
            via: 'bearer',
            ...(body !== undefined
              ? { contentType: 'application/json', body: sanitizeInput(toJsonText(body)) }
              : {}),
          });
        }),
        settings(RUNS.apiPaths),
      );
    },
    TIMEOUT,
  );

  it(
    'cursors: random, tampered and borrowed from another query, on every list',
    async () => {
      const lists = routes.filter((r) => r.method === 'GET' && r.query.some((q) => q.name === 'cursor'));
      const pageLists = routes.filter(
        (r) => !r.api && r.method === 'GET' && /\/(needs|offers|matches|platforms|search)$/.test(r.template),
      );
      const arb = fc.constantFrom(...lists, ...pageLists).chain((route) =>
        fc.record({
          route: fc.constant(route),
          role: fc.constantFrom<Role>('secretariat', 'owner', 'company'),
          params: paramsArb(route, false),
          cursor: cursorArb(f.cursors),
          extra: fc.constantFrom(
            '',
            '&limit=1',
            '&limit=100',
            '&kind=venue',
            '&kind=venue&resourceType=kitchen',
            '&status=closed',
            '&prefecture=11',
            '&q=%EF%BE%8C%EF%BD%B0%EF%BE%84%EF%BE%9E',
            `&organizationId=${f.npo.org.id}`,
            `&organizationId=${f.company.org.id}`,
            `&organization=${f.npo.org.id}`,
          ),
        }),
      );
      await fc.assert(
        fc.asyncProperty(arb, async ({ route, role, params, cursor, extra }) => {
          await sendAndCheck({
            method: 'GET',
            path: `${fillPath(route, params)}?cursor=${encodeLoose(cursor)}${extra}`,
            role,
            via: route.api ? 'bearer' : 'cookie',
          });
        }),
        settings(RUNS.cursors),
      );
    },
    TIMEOUT,
  );

  it(
    'pages: every page with invalid ids and odd queries, as every role',
    async () => {
      const targets = routes.filter((r) => !r.api && r.method === 'GET');
      const names = [
        'next',
        'token',
        'organization',
        'platform',
        'kind',
        'cursor',
        'done',
        'org',
        'saved',
        'welcome',
        'signed-out',
        'status',
        'field',
        'prefecture',
        'municipality',
        'limit',
        'n',
        'count',
        'q',
        'type',
        'resourceType',
        'activeFrom',
        'activeTo',
      ];
      const known = [
        f.npo.org.id,
        f.platformId,
        'venue',
        'funding',
        'skills',
        'kitchen',
        'accounting',
        '1',
        '/',
        '//evil.example',
        '/\\evil',
        'https://evil.example',
        'approved',
        ...f.linkTokens.slice(0, 2),
      ];
      const arb = fc.constantFrom(...targets).chain((route) =>
        fc.record({
          route: fc.constant(route),
          role: fc.constantFrom(...ROLES),
          params: paramsArb(route, true),
          query: queryArb(names, queryValueArb(known, cursorArb(f.cursors))),
        }),
      );
      await fc.assert(
        fc.asyncProperty(arb, async ({ route, role, params, query }) => {
          await sendAndCheck({
            method: 'GET',
            path: `${fillPath(route, params)}${query ? `?${query}` : ''}`,
            role,
            via: 'cookie',
          });
        }),
        settings(RUNS.pageGets),
      );
    },
    TIMEOUT,
  );

  it(
    'page forms: the fields each page offers, mutated, with pollution names, posted with the session’s _csrf',
    async () => {
      const targets = routes.filter((r) => !r.api && r.method === 'POST');
      const arb = fc.constantFrom(...targets).chain((route) => {
        const known = forms.get(route.template) ?? [{ fields: [], query: '' }];
        return fc.constantFrom(...known).chain(({ fields, query }) =>
          fc.record({
            route: fc.constant(route),
            role: roleArb(route),
            params: fc.oneof(
              { weight: 5, arbitrary: paramsArb(route, false) },
              { weight: 1, arbitrary: paramsArb(route, true) },
            ),
            query: fc.oneof(
              { weight: 6, arbitrary: fc.constant(query) },
              {
                weight: 1,
                arbitrary: queryArb(
                  ['organization', 'platform', 'kind', 'token', 'next'],
                  queryValueArb([f.npo.org.id, f.platformId, 'venue'], fc.constant('x')),
                ),
              },
            ),
            entries: formEntriesArb(fields),
            csrf: fc.oneof(
              { weight: 12, arbitrary: fc.constant('valid') },
              { weight: 1, arbitrary: fc.constantFrom('missing', 'wrong', 'twice') },
            ),
            encoding: fc.oneof(
              { weight: 12, arbitrary: fc.constant('form') },
              { weight: 1, arbitrary: fc.constantFrom('multipart', 'json', 'none') },
            ),
          }),
        );
      });
      await fc.assert(
        fc.asyncProperty(arb, async ({ route, role, params, query, entries, csrf, encoding }) => {
          const token = role === 'anonymous' ? ANONYMOUS_CSRF : (sessionOf(role)?.csrfToken ?? '');
          const all: FormEntry[] = entries.map(([k, v]) => [sanitizeInput(k), sanitizeInput(v)]);
          if (csrf === 'valid') all.unshift(['_csrf', token]);
          if (csrf === 'wrong') all.unshift(['_csrf', `${token}x`]);
          if (csrf === 'twice') all.unshift(['_csrf', token], ['_csrf', 'other']);
          let body: string | FormData | undefined;
          let contentType: string | undefined;
          if (encoding === 'form') {
            body = encodeForm(all);
            contentType = 'application/x-www-form-urlencoded';
          } else if (encoding === 'multipart') {
            const data = new FormData();
            for (const [k, v] of all) data.append(k, v);
            body = data;
          } else if (encoding === 'json') {
            body = JSON.stringify(Object.fromEntries(all));
            contentType = 'application/json';
          }
          await sendAndCheck({
            method: 'POST',
            path: `${fillPath(route, params)}${query ? `?${query}` : ''}`,
            role,
            via: 'cookie',
            contentType,
            body,
          });
        }),
        settings(RUNS.pageForms),
      );
    },
    TIMEOUT,
  );

  it(
    'mail links and sign-in tokens: forged, tampered and replayed',
    async () => {
      const tokens = cursorArb(f.linkTokens);
      const forged = fc
        .constantFrom(
          { a: 'unsubscribe', e: f.npo.session.email, c: 'digest' },
          { a: 'digest-off', p: f.npo.session.personId, pl: f.platformId },
          { a: 'accept', m: f.matches[0], s: 'need', x: 4_102_444_800 },
          { a: 'outcome', m: f.matches[0], s: 'offer', o: 'formed' },
          { a: 'language', e: f.npo.session.email, l: 'en' },
          JSON.parse('{"__proto__":{"polluted":"yes"},"a":"accept"}'),
        )
        .map((link) => `${Buffer.from(JSON.stringify(link)).toString('base64url')}.${'A'.repeat(43)}`);
      const token = fc.oneof(tokens, forged, unicodeEdge, fc.constant(''));
      const arb = fc.record({
        target: fc.constantFrom<[method: string, path: string]>(
          ['GET', '/respond'],
          ['POST', '/respond'],
          ['GET', '/v1/unsubscribe'],
          ['POST', '/v1/unsubscribe'],
          ['GET', '/contact/verify'],
          ['POST', '/contact/verify'],
          ['GET', '/language/from-mail'],
          ['POST', '/language/from-mail'],
          ['GET', '/auth/verify'],
          ['POST', '/auth/verify'],
          ['POST', '/v1/auth/session'],
          ['GET', '/invitations/accept'],
          ['POST', '/invitations/accept'],
          ['POST', '/v1/invitations/accept'],
        ),
        token,
        role: fc.constantFrom<Role>('anonymous', 'anonymous', 'owner', 'company'),
        form: formEntriesArb([
          { name: 'outcome', values: ['formed', 'not_formed', 'in_progress'] },
          { name: 'reason', values: ['', '都合が合いません'] },
          { name: 'List-Unsubscribe', values: ['One-Click'] },
        ]),
      });
      await fc.assert(
        fc.asyncProperty(arb, async ({ target: [method, path], token: t, role, form }) => {
          const req: Req =
            path === '/v1/auth/session' || path === '/v1/invitations/accept'
              ? {
                  method,
                  path,
                  role,
                  via: 'bearer',
                  contentType: 'application/json',
                  body: sanitizeInput(JSON.stringify({ token: t })),
                }
              : (path === '/auth/verify' || path === '/invitations/accept') && method === 'POST'
                ? {
                    method,
                    path,
                    role,
                    via: 'cookie',
                    contentType: 'application/x-www-form-urlencoded',
                    body: encodeForm([['_csrf', ANONYMOUS_CSRF], ['token', t], ...form]),
                  }
                : {
                    method,
                    path: `${path}?token=${encodeLoose(t)}`,
                    role,
                    via: 'cookie',
                    ...(method === 'POST'
                      ? {
                          contentType: 'application/x-www-form-urlencoded',
                          body: encodeForm([['_csrf', ANONYMOUS_CSRF], ...form]),
                        }
                      : {}),
                  };
          await sendAndCheck(req);
        }),
        settings(RUNS.mailLinks),
      );
    },
    TIMEOUT,
  );

  it('leaves Object.prototype clean', () => {
    expect(prototypesClean()).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('leaves every stored need, offer, organisation, membership, invitation and match valid', async () => {
    const invalid: string[] = [];
    const as = f.sessions;
    const read = async <T>(path: string, session: Session): Promise<T> => {
      const req: Req = { method: 'GET', path, role: 'anonymous', via: 'bearer' };
      const res = await h.request(path, { as: session });
      const text = await res.text();
      check(req, res, text);
      if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${text.slice(0, 300)}`);
      return JSON.parse(text) as T;
    };
    const all = async <T>(path: string, session: Session): Promise<T[]> => {
      const items: T[] = [];
      let cursor: string | null = null;
      do {
        const sep = path.includes('?') ? '&' : '?';
        const page: Page<T> = await read(
          `${path}${sep}limit=100${cursor ? `&cursor=${cursor}` : ''}`,
          session,
        );
        items.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      return items;
    };
    const validate = (
      what: string,
      schema: { safeParse(v: unknown): { success: boolean; error?: unknown } },
      value: unknown,
    ) => {
      const parsed = schema.safeParse(value);
      if (!parsed.success)
        invalid.push(`${what} ${JSON.stringify(value).slice(0, 300)}: ${String(parsed.error).slice(0, 300)}`);
    };

    // Memberships and organisations of the platform, as its secretariat sees them.
    const memberships = await all<Membership>(`/v1/platforms/${f.platformId}/memberships`, as.secretariat);
    for (const m of memberships) validate('membership', membershipSchema, m);
    // The audit log: every entry the secretariat's fuzzed actions left.
    for (const e of await all<AuditEntry>(`/v1/platforms/${f.platformId}/audit`, as.secretariat))
      validate('audit entry', auditEntrySchema, e);
    const orgIds = new Set(memberships.map((m) => m.organizationId));
    // And every organisation the fuzzing sessions belong to (the fuzz registered some).
    for (const role of ['owner', 'editor', 'company', 'secretariat', 'outsider'] as const) {
      const me = await read<{ organizations: { organizationId: string }[] }>('/v1/me', as[role]);
      for (const o of me.organizations) orgIds.add(o.organizationId);
    }
    let invitations = 0;
    const sessionFor = async (orgId: string): Promise<Session> => {
      for (const role of ['owner', 'company', 'editor', 'outsider'] as const) {
        const me = await read<{ organizations: { organizationId: string }[] }>('/v1/me', as[role]);
        if (me.organizations.some((o) => o.organizationId === orgId)) return as[role];
      }
      return as.secretariat;
    };
    for (const id of orgIds) {
      const session = await sessionFor(id);
      validate(
        'organization',
        organizationSchema,
        await read<Organization>(`/v1/organizations/${id}`, session),
      );
      if (session !== as.secretariat) {
        const own = await read<{ items: Membership[] }>(`/v1/organizations/${id}/memberships`, session);
        for (const m of own.items) validate('membership', membershipSchema, m);
        for (const n of await all<Need>(`/v1/organizations/${id}/needs`, session))
          validate('need', needSchema, n);
        for (const o of await all<Offer>(`/v1/organizations/${id}/offers`, session))
          validate('offer', offerSchema, o);
        if (session === as.owner || session === as.company)
          for (const i of await all<unknown>(`/v1/organizations/${id}/invitations`, session)) {
            validate('invitation', invitationSchema, i);
            invitations++;
          }
      }
    }

    // Needs and offers of the platform, open and closed.
    let postings = 0;
    for (const status of ['open', 'closed']) {
      for (const n of await all<Need>(
        `/v1/platforms/${f.platformId}/needs?status=${status}`,
        as.secretariat,
      )) {
        validate('need', needSchema, n);
        postings++;
      }
      for (const o of await all<Offer>(
        `/v1/platforms/${f.platformId}/offers?status=${status}`,
        as.secretariat,
      )) {
        validate('offer', offerSchema, o);
        postings++;
      }
    }

    // Matches: each organisation's inbox, and each match in full as the secretariat sees it.
    const matchIds = new Set<string>();
    for (const [org, session] of [
      [f.npo.org.id, as.owner],
      [f.company.org.id, as.company],
    ] as const)
      for (const m of await all<Match>(`/v1/matches?organizationId=${org}`, session)) {
        validate('match', matchSchema, m);
        matchIds.add(m.id);
      }
    for (const id of matchIds)
      validate('match', matchSchema, await read<Match>(`/v1/matches/${id}`, as.secretariat));

    console.info(
      `fuzz: ${routes.filter((r) => r.api).length} API routes, ${routes.filter((r) => !r.api).length} page routes, ${[...forms.values()].flat().length} page forms; seed ${SEED}, ${tally.cases} cases (${[...tally.byTest].map(([t, n]) => `${t} ${n}`).join(', ')}), ${tally.requests} requests; statuses ${JSON.stringify(Object.fromEntries([...tally.statuses].sort((a, b) => a[0] - b[0])))}; read back ${orgIds.size} organisations, ${memberships.length} memberships, ${postings} postings, ${invitations} invitations, ${matchIds.size} matches`,
    );
    for (const failure of SURVEY ?? []) console.info(`SURVEY ${failure}`);
    expect(SURVEY ?? []).toEqual([]);
    expect(invalid).toEqual([]);
    expect(postings).toBeGreaterThan(0);
  });
});
