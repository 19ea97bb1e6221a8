import { createRoute, z } from '@hono/zod-openapi';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeProblems, lintOpenApi, openApiDocument } from '../../infra/cli/openapi-lint';
import { json, pageOf, router, signedIn } from '../../shared/http/openapi';
import { apiDocument, deriveOperationId, OPERATION_IDS, TAGS } from '../../shared/http/openapi-document';

// /v1/openapi.json as outside tools see it: Redocly CLI's recommended rules (redocly.yaml, the
// same run as `npm run lint:api`), and the operationIds that generated clients take their method
// names from.

interface Operation {
  operationId?: string;
  summary?: string;
  security?: Record<string, string[]>[];
  tags?: string[];
}
interface Document {
  servers?: { url: string }[];
  info: { license?: { identifier?: string } };
  paths: Record<string, Record<string, Operation>>;
}

let text: string;
let doc: Document;
const operations = () =>
  Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, op })),
  );

beforeAll(async () => {
  text = await openApiDocument();
  doc = JSON.parse(text) as Document;
});

describe('Redocly lint of /v1/openapi.json (recommended rules)', () => {
  it('finds no error and no warning', async () => {
    const report = await lintOpenApi(text);
    expect(describeProblems(report), 'what redocly lint reports').toEqual([]);
    expect(report.totals).toEqual({ errors: 0, warnings: 0, ignored: 0 });
  }, 60_000);

  it('does report what the document once lacked: servers, operationIds, security of public routes, licence', async () => {
    const bare = structuredClone(doc);
    delete bare.servers;
    delete bare.info.license;
    for (const { op } of Object.entries(bare.paths).flatMap(([, item]) =>
      Object.values(item).map((op) => ({ op })),
    )) {
      delete op.operationId;
      if (op.security?.length === 0) delete op.security;
    }
    const report = await lintOpenApi(JSON.stringify(bare));
    const rules = new Set(report.problems.map((p) => p.ruleId));

    expect([...rules].sort()).toEqual(
      expect.arrayContaining([
        'info-license',
        'no-empty-servers',
        'operation-operationId',
        'security-defined',
      ]),
    );
    expect(report.totals.errors).toBeGreaterThan(0);
  }, 60_000);
});

describe('operationIds', () => {
  it('every operation has one, unique and camelCase', () => {
    const ids = operations().map(({ key, op }) => [key, op.operationId] as const);
    const bad = ids.filter(([, id]) => !id || !/^[a-z][A-Za-z0-9]*$/.test(id));
    const seen = new Map<string, string[]>();
    for (const [key, id] of ids) seen.set(id ?? '', [...(seen.get(id ?? '') ?? []), key]);
    const duplicates = [...seen].filter(([, keys]) => keys.length > 1);

    expect(ids.length).toBeGreaterThan(50);
    expect({ bad, duplicates }).toEqual({ bad: [], duplicates: [] });
  });

  it('reads as what the operation does', () => {
    const byKey = Object.fromEntries(operations().map(({ key, op }) => [key, op.operationId]));

    expect(byKey).toMatchObject({
      'GET /health': 'getHealth',
      'GET /v1/me': 'getMe',
      'PUT /v1/me/preferences': 'replaceMyPreferences',
      'GET /v1/platforms': 'listPlatforms',
      'GET /v1/platforms/{platformId}/needs': 'listPlatformNeeds',
      'POST /v1/platforms/{platformId}/needs': 'createPlatformNeed',
      'GET /v1/needs/{id}': 'getNeed',
      'PATCH /v1/offers/{id}': 'updateOffer',
      'POST /v1/needs/{id}/close': 'closeNeed',
      'GET /v1/organizations/{organizationId}/people': 'listOrganizationPeople',
      'DELETE /v1/organizations/{organizationId}/people/{personId}': 'deleteOrganizationPerson',
      'POST /v1/platforms/{platformId}/memberships/{organizationId}/approve': 'approvePlatformMembership',
      'POST /v1/invitations/accept': 'acceptInvitation',
      'POST /v1/matches/{matchId}/accept': 'acceptMatch',
      'POST /v1/auth/magic-link': 'requestMagicLink',
    });
  });

  it('names in OPERATION_IDS belong to operations that exist and say more than the derived name', () => {
    const documented = new Map(operations().map(({ key, op }) => [key, op] as const));
    const stale = Object.keys(OPERATION_IDS).filter((key) => !documented.has(key));
    const redundant = Object.entries(OPERATION_IDS).filter(([key, id]) => {
      const [method, path] = key.split(' ') as [string, string];
      const op = documented.get(key);
      return op && deriveOperationId(method.toLowerCase() as 'get', path, op as never) === id;
    });

    expect({ stale, redundant }).toEqual({ stale: [], redundant: [] });
  });

  it('a new route gets one, and security: [] unless it needs a session', async () => {
    const app = router()
      .openapi(
        createRoute({
          method: 'get',
          path: '/v1/platforms/{platformId}/events',
          tags: ['digest'],
          summary: 'Events',
          request: { params: z.object({ platformId: z.string() }) },
          responses: { 200: json(pageOf(z.object({ id: z.string() })), 'A page') },
        }),
        (c) => c.json({ items: [], nextCursor: null }, 200),
      )
      .openapi(
        createRoute({
          method: 'post',
          path: '/v1/platforms/{platformId}/events/{eventId}/cancel',
          tags: ['digest'],
          summary: 'Cancel an event',
          ...signedIn,
          request: { params: z.object({ platformId: z.string(), eventId: z.string() }) },
          responses: { 204: { description: 'Cancelled' } },
        }),
        (c) => c.body(null, 204),
      );
    const paths = apiDocument(app).paths as Document['paths'];

    expect(paths['/v1/platforms/{platformId}/events']?.get).toMatchObject({
      operationId: 'listPlatformEvents',
      security: [],
    });
    expect(paths['/v1/platforms/{platformId}/events/{eventId}/cancel']?.post).toMatchObject({
      operationId: 'cancelPlatformEvent',
      security: [{ bearer: [] }, { cookie: [] }],
    });
  });
});

describe('the rest of the document', () => {
  it('has a relative server, the Apache-2.0 licence, only declared tags and summaries that read right', () => {
    const declared = new Set<string>(TAGS.map((t) => t.name));
    const undeclared = operations().flatMap(({ key, op }) =>
      (op.tags ?? []).filter((t) => !declared.has(t)).map((t) => `${key}: ${t}`),
    );

    // Summaries become headings in generated docs and comments in generated clients.
    const aBeforeVowel = operations()
      .map(({ op }) => op.summary ?? '')
      .filter((summary) => /\ba [aeio]/i.test(summary));

    expect(doc.servers).toEqual([{ url: '/', description: expect.any(String) }]);
    expect(aBeforeVowel).toEqual([]);
    expect(doc.info.license?.identifier).toBe('Apache-2.0');
    expect(undeclared).toEqual([]);
  });
});

describe('what the reference says about each field', () => {
  it('keeps the description of every schema field and query parameter (a change here is deliberate)', async () => {
    // Generated clients and the reference page show these texts; the file lists them all, so
    // a review sees one appear, change or vanish. Update with `npx vitest run -u` after a
    // deliberate change.
    const described: Record<string, string> = {};
    const walk = (node: unknown, path: string) => {
      if (Array.isArray(node)) {
        for (const [i, x] of node.entries()) walk(x, `${path}[${i}]`);
      } else if (typeof node === 'object' && node !== null) {
        for (const [k, v] of Object.entries(node)) {
          if (k === 'description' && typeof v === 'string') described[path] = v;
          else walk(v, path === '' ? k : `${path}.${k}`);
        }
      }
    };
    const full = JSON.parse(text) as { components: { schemas: unknown } };
    walk(full.components.schemas, '');
    for (const { key, op } of operations()) {
      for (const p of (op as { parameters?: { name: string; description?: string }[] }).parameters ?? [])
        if (p.description !== undefined) described[`${key} ?${p.name}`] = p.description;
    }
    expect(Object.keys(described).length).toBeGreaterThan(50);
    await expect(`${JSON.stringify(described, null, 2)}\n`).toMatchFileSnapshot(
      './__snapshots__/openapi-descriptions.json',
    );
  });
});
