import { createRoute, z } from '@hono/zod-openapi';
import { membershipSchema, organizationInFullSchema, platformIdSchema, ulidSchema } from '#domain';
import { IMPORT_TARGET_IDS } from '#import';
import { runImport } from '../import-run';
import { previewImport, uploadMemberList } from '../imports';
import { memberRegistrationSchema, registerMember } from '../member-register';
import { errorResponses, json, jsonBody, problem, router, signedIn } from '../openapi';
import { actorOf } from '../session';

// The member import's API (secretariat): upload a list, preview a mapping, run it; and one
// member registered by hand. The pages at /platforms/{id}/admin/import and
// /platforms/{id}/admin/members/new call the same functions (shared/http/imports.ts,
// member-register.ts).

const platformParam = z.object({ platformId: platformIdSchema });
const importParams = z.object({ platformId: platformIdSchema, importId: ulidSchema });
const target = z.enum(IMPORT_TARGET_IDS).nullable();

const uploadSchema = z
  .object({
    id: z.string(),
    fileName: z.string().optional(),
    format: z.enum(['csv-utf8', 'csv-cp932', 'csv-utf16', 'xlsx']),
    headers: z.array(z.string()),
    rowCount: z.number().int(),
    mapping: z.array(target).describe("A first guess of each column's meaning (null = not imported)"),
    expiresAt: z.iso.datetime().describe('The upload is kept until then (24 hours)'),
  })
  .meta({ id: 'ImportUpload' });

const choiceSchema = z
  .strictObject({
    mapping: z
      .array(z.string().max(40).nullable())
      .max(100)
      .describe(`One per column, in order: ${IMPORT_TARGET_IDS.join(', ')}, or null (not imported)`),
    defaultTier: z.string().max(32).optional().describe("The tier of rows without one; the platform's first"),
  })
  .meta({ id: 'ImportChoice' });

const counts = {
  new: z.number().int().describe('Rows that become new members'),
  changed: z.number().int().describe('Rows imported before whose values changed: only those are written'),
  unchanged: z.number().int().describe('Rows imported before and unchanged: nothing is written'),
  invalid: z.number().int().describe('Rows with errors: left out until fixed in the file'),
};

const previewSchema = z
  .object({
    id: z.string(),
    headers: z.array(z.string()),
    mapping: z.array(target),
    defaultTier: z.string(),
    rowCount: z.number().int(),
    ...counts,
    errors: z
      .array(z.object({ line: z.number().int(), column: z.string(), message: z.string() }))
      .describe('Each fault of each row, by spreadsheet row number and column header (up to 1000)'),
  })
  .meta({ id: 'ImportPreview' });

const resultSchema = z
  .object({
    id: z.string(),
    ...counts,
    invited: z.number().int().describe('Invitation mails queued to contact persons of new members'),
    skipped: z
      .number()
      .int()
      .describe('Rows another import wrote meanwhile, or whose organisation was deleted'),
  })
  .meta({ id: 'ImportResult' });

const fileTypes = [
  'text/csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/octet-stream',
] as const;

export const imports = router()
  .openapi(
    createRoute({
      method: 'post',
      path: '/platforms/{platformId}/imports',
      tags: ['memberships'],
      summary:
        'Upload a member list (secretariat): CSV (UTF-8, Shift_JIS/CP932, UTF-16) or .xlsx, up to 4 MB',
      ...signedIn,
      request: {
        params: platformParam,
        query: z.strictObject({ name: z.string().max(200).optional().describe('The file name, shown back') }),
        body: {
          required: true,
          content: Object.fromEntries(
            fileTypes.map((t) => [t, { schema: z.string().meta({ format: 'binary' }) }]),
          ),
        },
      },
      responses: {
        201: json(uploadSchema, 'Kept for 24 hours; preview it with a mapping'),
        ...errorResponses,
        413: problem('File over 4 MB'),
      },
    }),
    async (c) => {
      const { platformId } = c.req.valid('param');
      const platform = await c.var.ctx.store.platforms.require(platformId);
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      const { name } = c.req.valid('query');
      return c.json(await uploadMemberList(c.var.ctx, actorOf(c), platform, { bytes, name }), 201);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/platforms/{platformId}/imports/{importId}/preview',
      tags: ['memberships'],
      summary: 'What importing with this mapping would do, and every row error (secretariat); writes nothing',
      ...signedIn,
      request: { params: importParams, ...jsonBody(choiceSchema) },
      responses: {
        200: json(previewSchema, 'Counts and errors'),
        ...errorResponses,
        410: problem('Upload expired'),
      },
    }),
    async (c) => {
      const { platformId, importId } = c.req.valid('param');
      const platform = await c.var.ctx.store.platforms.require(platformId);
      return c.json(await previewImport(c.var.ctx, actorOf(c), platform, importId, c.req.valid('json')), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/platforms/{platformId}/imports/{importId}/run',
      tags: ['memberships'],
      summary: 'Import the rows without errors (secretariat); the same list again changes nothing',
      ...signedIn,
      request: { params: importParams, ...jsonBody(choiceSchema) },
      responses: {
        200: json(resultSchema, 'What was written'),
        ...errorResponses,
        410: problem('Upload expired'),
      },
    }),
    async (c) => {
      const { platformId, importId } = c.req.valid('param');
      const platform = await c.var.ctx.store.platforms.require(platformId);
      return c.json(await runImport(c.var.ctx, actorOf(c), platform, importId, c.req.valid('json')), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/platforms/{platformId}/members',
      tags: ['memberships'],
      summary: 'Register one member by hand, for a group that will not sign in (secretariat)',
      description:
        "Writes the organisation and its approved membership as one row of the member import would (a later import matches it by `memberNumber`, else by the name), and nobody is invited: the organisation has no people. Its contact address gets a confirmation link (`contactMail`: `queued`; `limited` or `undeliverable` when it could not be sent now); once it is opened, the platform's mail goes there, and until then none does. The same name or member number again is `409 member-exists`.",
      ...signedIn,
      request: { params: platformParam, ...jsonBody(memberRegistrationSchema) },
      responses: {
        201: json(
          z
            .object({
              organization: organizationInFullSchema,
              membership: membershipSchema,
              contactMail: z.enum(['queued', 'limited', 'undeliverable']),
            })
            .meta({ id: 'RegisteredMember' }),
          'Registered',
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      const { platformId } = c.req.valid('param');
      const platform = await c.var.ctx.store.platforms.require(platformId);
      return c.json(await registerMember(c.var.ctx, actorOf(c), platform, c.req.valid('json')), 201);
    },
  );
