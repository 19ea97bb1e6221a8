import { createRoute, z } from '@hono/zod-openapi';
import { applicationsOf } from '#batch';
import {
  isInsider,
  matchForMembers,
  matchSchema,
  NotFoundError,
  openCallClosesAt,
  openCallRespondBy,
  openCallSchema,
  slotsLeft,
  ulidSchema,
} from '#domain';
import { errorResponses, json, router, signedIn } from '../openapi';
import { actorOf } from '../session';

// Open calls (公募, issue 19): members apply with POST /offers/{id}/interest; the offering
// organisation (any of its people) and the secretariat read the applicants here, best first.
// Selecting one is POST /matches/{id}/accept on the offer side: no write route of its own.

export const applicationsSchema = z
  .object({
    offerId: ulidSchema,
    openCall: openCallSchema,
    closesAt: z.iso
      .datetime()
      .describe('Applications are taken until then (the end of the deadline day, Japan)'),
    selectionEndsAt: z.iso
      .datetime()
      .describe('Applications not selected by then expire, and their applicants are told once'),
    slots: z.number().int().optional().describe('受け入れ枠 in all; absent = no limit'),
    slotsLeft: z.number().int().optional().describe('Slots still free; absent = no limit'),
    items: z.array(
      z.object({
        rank: z.number().int().min(1),
        match: matchSchema.describe('The application: status accepted = waiting; connected = selected'),
        need: z.object({ id: ulidSchema, title: z.string() }).optional(),
        organizationName: z.string().optional(),
      }),
    ),
  })
  .meta({ id: 'OpenCallApplications' });

export const openCalls = router().openapi(
  createRoute({
    method: 'get',
    path: '/offers/{id}/applications',
    tags: ['matches'],
    summary:
      "An open call's applicants, ranked by the engine's score (none last), with its reasons and the answers. The offer's organisation (viewer or more) and the platform's secretariat; others get 404.",
    ...signedIn,
    request: { params: z.object({ id: ulidSchema }) },
    responses: { 200: json(applicationsSchema, 'The applicants, best first'), ...errorResponses },
  }),
  async (c) => {
    const ctx = c.var.ctx;
    const offer = await ctx.store.offers.require(c.req.valid('param').id);
    // Who applied is for the offering organisation and the secretariat only; not even its existence.
    if (!isInsider(actorOf(c), offer) || !offer.openCall) throw new NotFoundError('offer');
    const left = slotsLeft(offer);
    const applications = await applicationsOf(ctx, offer);
    return c.json(
      {
        offerId: offer.id,
        openCall: offer.openCall,
        closesAt: openCallClosesAt(offer.openCall),
        selectionEndsAt: openCallRespondBy(offer.openCall),
        ...(offer.slots === undefined ? {} : { slots: offer.slots }),
        ...(left === undefined ? {} : { slotsLeft: left }),
        items: applications.map((a, i) => ({
          rank: i + 1,
          match: matchForMembers(a.match),
          ...(a.need ? { need: { id: a.need.id, title: a.need.title } } : {}),
          ...(a.organizationName ? { organizationName: a.organizationName } : {}),
        })),
      },
      200,
    );
  },
);
