import { createRoute, z } from '@hono/zod-openapi';
import type { AppContext } from '#context';
import {
  applyNeedPatch,
  applyOfferPatch,
  ConflictError,
  closePosting,
  type Need,
  needCreateSchema,
  needPatchSchema,
  needSchema,
  type Offer,
  offerCreateSchema,
  offerPatchSchema,
  offerSchema,
  openCallDeadlineErrors,
  type Platform,
  platformCovers,
  platformIdSchema,
  postingListQuerySchema,
  requireOrgRole,
  ulidSchema,
  ValidationError,
} from '#domain';
import { requireApprovedMembership, requirePlatformAndReader, requirePostingReader } from '../access';
import { errorResponses, json, jsonBody, page, pageOf, pageQuery, router, signedIn } from '../openapi';
import { actorOf } from '../session';

// Needs (ニーズ) and offers (支援の申し出) have the same lifecycle and rules; one factory serves both.

type Posting = Need | Offer;

interface PostingSpec {
  name: 'need' | 'offer';
  plural: 'needs' | 'offers';
  tag: string;
  createSchema: z.ZodType;
  patchSchema: z.ZodType;
  entitySchema: z.ZodType;
  repo(ctx: AppContext): AppContext['store']['needs'] | AppContext['store']['offers'];
  applyPatch(posting: Posting, patch: unknown, now: string): Posting;
  /** Checks that depend on the platform (e.g. a need's place inside its scope). */
  checkOnPlatform(posting: Posting, platform: Platform): void;
  /** Checks that depend on the clock, of what a create or a patch sets (an open call's deadline). */
  checkOnClock(input: Record<string, unknown>, now: Date, current?: Posting): void;
}

/** An open call's deadline, when the input sets one, is today or later (Japan time). */
function requireFutureDeadline(input: Record<string, unknown>, now: Date, current?: Posting): void {
  // An edit that keeps the deadline (a call in its selection period) is not refused for it.
  const deadline = (input.openCall as Offer['openCall'])?.deadline;
  if (deadline !== undefined && deadline === (current as Offer | undefined)?.openCall?.deadline) return;
  const errors = openCallDeadlineErrors(input.openCall as Offer['openCall'], now);
  if (errors.length > 0) throw new ValidationError(errors);
}

function requireNeedInScope(posting: Posting, platform: Platform): void {
  const location = (posting as Need).location;
  if (!platformCovers(platform, location)) {
    throw new ValidationError([
      {
        path: 'location',
        message: `「${platform.name}」の対象地域の外です。対象地域内の場所を指定してください。`,
      },
    ]);
  }
}

const NEEDS: PostingSpec = {
  name: 'need',
  plural: 'needs',
  tag: 'needs',
  createSchema: needCreateSchema,
  patchSchema: needPatchSchema,
  entitySchema: needSchema,
  repo: (ctx) => ctx.store.needs,
  applyPatch: (p, patch, now) =>
    applyNeedPatch(p as Need, patch as Parameters<typeof applyNeedPatch>[1], now),
  checkOnPlatform: requireNeedInScope,
  checkOnClock: () => {},
};

const OFFERS: PostingSpec = {
  name: 'offer',
  plural: 'offers',
  tag: 'offers',
  createSchema: offerCreateSchema,
  patchSchema: offerPatchSchema,
  entitySchema: offerSchema,
  repo: (ctx) => ctx.store.offers,
  applyPatch: (p, patch, now) =>
    applyOfferPatch(p as Offer, patch as Parameters<typeof applyOfferPatch>[1], now),
  checkOnPlatform: () => {},
  checkOnClock: requireFutureDeadline,
};

/** Who may read one posting: its organisation, the platform's secretariat and its approved members. */
function postingRoutes(spec: PostingSpec) {
  const label = spec.name === 'need' ? 'ニーズ' : '支援の申し出';
  const aName = spec.name === 'need' ? 'a need' : 'an offer';
  const idParam = z.object({ id: ulidSchema });
  const platformParam = z.object({ platformId: platformIdSchema });
  const entity = spec.entitySchema;

  return router()
    .openapi(
      createRoute({
        method: 'post',
        path: `/platforms/{platformId}/${spec.plural}`,
        tags: [spec.tag],
        summary: `Post ${aName} (editor of an approved member organisation)`,
        ...signedIn,
        request: { params: platformParam, ...jsonBody(spec.createSchema) },
        responses: { 201: json(entity, 'Created'), ...errorResponses },
      }),
      async (c) => {
        const { platformId } = c.req.valid('param');
        const input = c.req.valid('json') as Omit<Posting, 'id'>;
        const actor = actorOf(c);
        requireOrgRole(actor, input.organizationId, 'editor');
        const ctx = c.var.ctx;
        spec.checkOnClock(input as Record<string, unknown>, ctx.now());
        const platform = await ctx.store.platforms.require(platformId);
        await requireApprovedMembership(ctx, input.organizationId, platformId);
        const now = ctx.now().toISOString();
        const posting = {
          ...input,
          id: ctx.newId(),
          platformId,
          status: 'open',
          createdBy: actor.person.id,
          createdAt: now,
          updatedAt: now,
          version: 1,
        } as Posting;
        spec.checkOnPlatform(posting, platform);
        await spec.repo(ctx).create(posting as never);
        return c.json(posting, 201);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: `/platforms/{platformId}/${spec.plural}`,
        tags: [spec.tag],
        summary: `A platform's ${spec.plural}, newest first, filtered by status, kind, field and region`,
        ...signedIn,
        request: { params: platformParam, query: postingListQuerySchema },
        responses: { 200: json(pageOf(entity), 'A page'), ...errorResponses },
      }),
      async (c) => {
        const { platformId } = c.req.valid('param');
        const ctx = c.var.ctx;
        await requirePlatformAndReader(ctx, actorOf(c), platformId);
        return c.json(page<Posting>(await spec.repo(ctx).ofPlatform(platformId, c.req.valid('query'))), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: `/organizations/{organizationId}/${spec.plural}`,
        tags: [spec.tag],
        summary: `An organisation's ${spec.plural}, newest first (its people)`,
        ...signedIn,
        request: { params: z.object({ organizationId: ulidSchema }), query: pageQuery },
        responses: { 200: json(pageOf(entity), 'A page'), ...errorResponses },
      }),
      async (c) => {
        const { organizationId } = c.req.valid('param');
        requireOrgRole(actorOf(c), organizationId, 'viewer');
        return c.json(
          page<Posting>(await spec.repo(c.var.ctx).ofOrganization(organizationId, c.req.valid('query'))),
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: `/${spec.plural}/{id}`,
        tags: [spec.tag],
        summary: `One ${spec.name}`,
        ...signedIn,
        request: { params: idParam },
        responses: { 200: json(entity, `The ${spec.name}`), ...errorResponses },
      }),
      async (c) => {
        const ctx = c.var.ctx;
        const actor = actorOf(c);
        const posting = (await spec.repo(ctx).require(c.req.valid('param').id)) as Posting;
        await requirePostingReader(ctx, actor, posting, spec.name);
        return c.json(posting, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'patch',
        path: `/${spec.plural}/{id}`,
        tags: [spec.tag],
        summary: `Update ${aName} (editor of its organisation); send the version you read`,
        ...signedIn,
        request: { params: idParam, ...jsonBody(spec.patchSchema) },
        responses: { 200: json(entity, 'Updated'), ...errorResponses },
      }),
      async (c) => {
        const ctx = c.var.ctx;
        const actor = actorOf(c);
        const patch = c.req.valid('json') as { version: number };
        const current = (await spec.repo(ctx).require(c.req.valid('param').id)) as Posting;
        // Those who may not read it get the 404 of a missing id, not a 403 that says it exists.
        await requirePostingReader(ctx, actor, current, spec.name);
        requireOrgRole(actor, current.organizationId, 'editor');
        if (current.status === 'closed') {
          throw new ConflictError(
            `締め切った${label}は編集できません。 A closed ${spec.name} cannot be edited.`,
            'closed',
          );
        }
        spec.checkOnClock(patch, ctx.now(), current);
        const next = spec.applyPatch(current, patch, ctx.now().toISOString());
        spec.checkOnPlatform(next, await ctx.store.platforms.require(current.platformId));
        return c.json(await spec.repo(ctx).update(next as never, patch.version), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: `/${spec.plural}/{id}/close`,
        tags: [spec.tag],
        summary: `Close ${aName} (editor of its organisation); closing twice is harmless`,
        ...signedIn,
        request: { params: idParam },
        responses: { 200: json(entity, 'Closed'), ...errorResponses },
      }),
      async (c) => {
        const ctx = c.var.ctx;
        const actor = actorOf(c);
        const current = (await spec.repo(ctx).require(c.req.valid('param').id)) as Posting;
        await requirePostingReader(ctx, actor, current, spec.name);
        requireOrgRole(actor, current.organizationId, 'editor');
        if (current.status === 'closed') return c.json(current, 200);
        const closed = closePosting(current, ctx.now().toISOString());
        return c.json(await spec.repo(ctx).update(closed as never, current.version), 200);
      },
    );
}

export const needs = postingRoutes(NEEDS);
export const offers = postingRoutes(OFFERS);
