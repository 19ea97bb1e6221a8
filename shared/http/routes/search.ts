import { createRoute, z } from '@hono/zod-openapi';
import { needSchema, offerSchema, platformIdSchema, postingSearchQuerySchema } from '#domain';
import { requirePlatformAndReader } from '../access';
import { errorResponses, json, page, router, signedIn } from '../openapi';
import { actorOf } from '../session';

// Keyword search of a platform's open needs and offers, with the list filters and a period
// (shared/store/posting-search.ts): for the platform's members and its secretariat.

const hitSchema = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('need'), posting: needSchema }),
    z.object({ type: z.literal('offer'), posting: offerSchema }),
  ])
  .meta({ id: 'SearchHit' });

const resultSchema = z
  .object({
    items: z.array(hitSchema),
    total: z.number().int().min(0).describe('How many open postings match in all'),
    nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last page'),
  })
  .meta({ id: 'SearchResult' });

export const search = router().openapi(
  createRoute({
    method: 'get',
    path: '/platforms/{platformId}/search',
    tags: ['search'],
    summary:
      "Search a platform's open needs and offers by keyword (substring of title, description or organisation name) and filters, newest first",
    ...signedIn,
    request: { params: z.object({ platformId: platformIdSchema }), query: postingSearchQuerySchema },
    responses: { 200: json(resultSchema, 'A page of matches and their number'), ...errorResponses },
  }),
  async (c) => {
    const { platformId } = c.req.valid('param');
    const ctx = c.var.ctx;
    await requirePlatformAndReader(ctx, actorOf(c), platformId);
    const found = await ctx.store.search.postings(platformId, c.req.valid('query'));
    return c.json({ ...page(found), total: found.total }, 200);
  },
);
