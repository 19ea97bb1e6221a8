import { createRoute, z } from '@hono/zod-openapi';
import {
  ACTIVITY_IDS,
  activityAreaSchema,
  FIELD_SLUGS,
  LEGAL_FORMS,
  locationSchema,
  PREFECTURES,
  platformIdSchema,
} from '#domain';
import { errorResponses, json, router, signedIn } from '../openapi';
import { rosterOf } from '../roster';
import { actorOf } from '../session';

// GET /v1/platforms/{platformId}/roster: the members-only roster (shared/http/roster.ts).

const entrySchema = z
  .object({
    organizationId: z.string(),
    name: z.string(),
    nameKana: z.string().optional(),
    legalForm: z.enum(Object.keys(LEGAL_FORMS) as [keyof typeof LEGAL_FORMS]),
    location: locationSchema,
    activityFields: z.array(z.string()),
    activities: z.array(z.string()),
    activityArea: activityAreaSchema.optional(),
    description: z.string().optional(),
    website: z.string().optional(),
    tier: z.string(),
    sharesContact: z.boolean().describe('The member agreed to share its contact on the roster'),
    contact: z
      .object({ name: z.string(), email: z.string() })
      .optional()
      .describe('Only of members that share it, and only to readers who share theirs (or the secretariat)'),
    phone: z.string().optional(),
    representative: z.string().optional(),
  })
  .meta({ id: 'RosterEntry' });

const rosterSchema = z
  .object({
    items: z.array(entrySchema),
    sharingAsked: z.boolean().describe("The platform's application form asks for roster sharing"),
    readerSees: z
      .boolean()
      .describe('The reader sees shared contacts (the secretariat, or a member sharing its own)'),
  })
  .meta({ id: 'Roster' });

const prefectureCodes = PREFECTURES.map((p) => p.code) as [string, ...string[]];

export const roster = router().openapi(
  createRoute({
    method: 'get',
    path: '/platforms/{platformId}/roster',
    tags: ['memberships'],
    summary: "The members-only roster: every approved member's profile; contacts of those sharing them",
    ...signedIn,
    request: {
      params: z.object({ platformId: platformIdSchema }),
      query: z.strictObject({
        field: z.enum(FIELD_SLUGS).optional().describe('活動分野 (broader and narrower fields count)'),
        prefecture: z.enum(prefectureCodes).optional().describe('Works in this prefecture'),
        activity: z.enum(ACTIVITY_IDS).optional(),
      }),
    },
    responses: { 200: json(rosterSchema, 'The roster, by name'), ...errorResponses },
  }),
  async (c) => {
    const { platformId } = c.req.valid('param');
    await c.var.ctx.store.platforms.require(platformId);
    return c.json(await rosterOf(c.var.ctx, actorOf(c), platformId, c.req.valid('query')), 200);
  },
);
