import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './env';

// The OpenAPI document served at /v1/openapi.json: generated from every createRoute, then
// completed in one place with what outside tools (Redocly's recommended rules, client
// generators) want of every operation, so that a new route needs nothing extra:
// - an operationId (generated clients take their method names from it), derived from the method
//   and the path (`GET /v1/platforms/{platformId}/needs` → `listPlatformNeeds`), or taken from
//   OPERATION_IDS where the derived one reads badly, or from the route itself if it sets one;
// - `security: []` on an operation that does not say otherwise: it is open to anyone. Routes
//   that need a session say so with `signedIn` (./openapi.ts), and the authorisation matrix
//   (test/integration/authz-matrix.test.ts) checks that what the document says is what the app does.

type Method = 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch' | 'trace';
const METHODS: readonly string[] = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

interface Schema {
  type?: string | string[];
  properties?: Record<string, unknown>;
}

interface Operation {
  operationId?: string;
  security?: unknown[];
  responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}

/** Names that read better than the derived ones, by `METHOD /path` as in the document. */
export const OPERATION_IDS: Readonly<Record<string, string>> = {
  'POST /v1/auth/magic-link': 'requestMagicLink',
  'POST /v1/auth/session': 'createSession',
  'POST /v1/auth/sign-out': 'signOut',
  'POST /v1/platforms/{platformId}/secretariat': 'addPlatformSecretariat',
  'POST /v1/matches/{matchId}/outcome': 'reportMatchOutcome',
  'POST /v1/platforms/{platformId}/runs/match': 'runPlatformMatching',
  'POST /v1/platforms/{platformId}/runs/digest': 'runPlatformDigest',
  'GET /v1/platforms/{platformId}/search': 'searchPlatformPostings',
};

/** Every tag an operation uses, with what it groups (Redocly wants a description for each). */
export const TAGS = [
  { name: 'meta', description: 'The service itself: readiness' },
  { name: 'auth', description: 'Sign-in by a mailed link (magic link), sessions, sign-out' },
  { name: 'me', description: 'The signed-in person: profile, organisations, mail preferences' },
  {
    name: 'platforms',
    description: 'Public-private platforms (官民連携プラットフォーム) and their secretariat (事務局)',
  },
  {
    name: 'organizations',
    description: 'Member organisations, their people and roles, invitations, the contact address',
  },
  { name: 'memberships', description: 'Applications to platforms and the secretariat’s decisions' },
  { name: 'needs', description: 'Needs (ニーズ) that member organisations post' },
  { name: 'offers', description: 'Offers of support (支援の申し出) that member organisations post' },
  { name: 'search', description: "Keyword search of a platform's open needs and offers" },
  {
    name: 'matches',
    description: 'Proposed introductions (double opt-in), their outcome and the matching rounds',
  },
  { name: 'digest', description: 'News and events for the weekly digest, and the statistics' },
] as const;

/** The last segment of a POST that is a verb: `POST /v1/matches/{matchId}/accept` → `acceptMatch`. */
const ACTIONS: ReadonlySet<string> = new Set([
  'accept',
  'approve',
  'archive',
  'cancel',
  'close',
  'confirm',
  'decline',
  'publish',
  'reject',
  'reopen',
  'resend',
  'restore',
  'revoke',
  'suspend',
  'verify',
  'withdraw',
]);

const IRREGULAR_SINGULAR: Readonly<Record<string, string>> = { people: 'person', news: 'news' };

function singular(word: string): string {
  if (word in IRREGULAR_SINGULAR) return IRREGULAR_SINGULAR[word]!;
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (/(ss|ch|sh|x)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

const pascal = (segment: string) =>
  segment
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');

const isParam = (segment: string | undefined) => segment?.startsWith('{') ?? false;

/** Whether an operation answers a list: a page (`items`) or an array. */
function answersList(op: Operation): boolean {
  const ok = Object.entries(op.responses ?? {}).find(([status]) => status.startsWith('2'))?.[1];
  return Object.values(ok?.content ?? {}).some(
    ({ schema }) => schema?.type === 'array' || schema?.properties?.items !== undefined,
  );
}

/**
 * A camelCase name from the method and the path, without the version prefix: a verb (`list` or
 * `get` by whether it answers a list, `create`, `update`, `replace`, `delete`, or the last segment
 * of a POST that is one of ACTIONS) and the resources on the way, in the singular where an id
 * follows and for what is created or acted on. `GET /v1/needs/{id}` → `getNeed`, `POST /v1/platforms/{platformId}/needs` →
 * `createPlatformNeed`, `POST /v1/invitations/accept` → `acceptInvitation`, `GET /v1/me` →
 * `getMe`, `PUT /v1/me/preferences` → `replaceMyPreferences`.
 */
export function deriveOperationId(method: Method, path: string, op: Operation = {}): string {
  const segments = path.split('/').filter((s) => s !== '' && !/^v\d+$/.test(s));
  const last = segments.at(-1);
  let verb: string;
  let nouns = segments;
  let singularLast = false;
  if (method === 'post' && last && ACTIONS.has(last)) {
    verb = last;
    nouns = segments.slice(0, -1);
    singularLast = true;
  } else if (method === 'get') {
    verb = answersList(op) ? 'list' : 'get';
  } else if (method === 'post') {
    verb = 'create';
    singularLast = true;
  } else {
    verb = { put: 'replace', patch: 'update', delete: 'delete' }[method as string] ?? method;
  }
  const words = nouns.flatMap((segment, i) => {
    if (isParam(segment)) return [];
    const atEnd = i === nouns.length - 1;
    if (segment === 'me') return [atEnd ? 'Me' : 'My'];
    const one = isParam(nouns[i + 1]) || (atEnd && singularLast);
    return [pascal(one ? singular(segment) : segment)];
  });
  return verb + words.join('');
}

/**
 * The document for this app, each operation complete (see above). Its one server is `/`: the
 * origin the document was fetched from (OpenAPI 3.1 allows a server URL relative to the
 * document), which is always the app itself, locally and deployed, under any domain.
 */
export function apiDocument(app: OpenAPIHono<AppEnv>) {
  const doc = app.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: 'tsunagu API',
      version: '1',
      description:
        'つなぐ: needs and offers of member organisations of public-private platforms against loneliness and isolation. Errors are RFC 9457 application/problem+json.',
      // OpenAPI 3.1's SPDX identifier; the generator's types know only 3.0's name and url.
      license: { name: 'Apache License 2.0', identifier: 'Apache-2.0' } as { name: string },
    },
    servers: [{ url: '/', description: 'The origin that serves this document' }],
    tags: [...TAGS],
  });
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(item as Record<string, Operation>)) {
      if (!METHODS.includes(method)) continue;
      op.operationId ??=
        OPERATION_IDS[`${method.toUpperCase()} ${path}`] ?? deriveOperationId(method as Method, path, op);
      op.security ??= [];
    }
  }
  return doc;
}
