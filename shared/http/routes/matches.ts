import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { answerIntroduction, reportOutcome, runMatchRound } from '#batch';
import {
  type Actor,
  answerableSides,
  ForbiddenError,
  isSecretariat,
  type Match,
  matchForMembers,
  matchSchema,
  OUTCOMES,
  platformIdSchema,
  requireOrgRole,
  requireSecretariat,
  roundSchema,
  SIDES,
  type Side,
  text,
  ulidSchema,
  ValidationError,
} from '#domain';
import { requireMatchReader } from '../access';
import { recordAudit } from '../audit';
import type { AppEnv } from '../env';
import { errorResponses, json, jsonBody, page, pageOf, pageQuery, router, signedIn } from '../openapi';
import { actorOf } from '../session';

/** The decline reason is the secretariat's only. */
const asSeenBy = (actor: Actor, match: Match) =>
  isSecretariat(actor, match.platformId) ? match : matchForMembers(match);

/** Which side the actor answers for: the one they are an editor of, or the one they name. */
function sideOf(actor: Actor, match: Match, requested: Side | undefined): Side {
  const mine = answerableSides(actor, match);
  if (requested) {
    if (!mine.includes(requested))
      throw new ForbiddenError(
        'この側の団体の編集者のみが回答できます。 Only an editor of that side can answer.',
      );
    return requested;
  }
  if (mine.length === 1) return mine[0]!;
  if (mine.length === 0)
    throw new ForbiddenError(
      '回答するには団体の編集者以上の権限が必要です。 You need the editor role to answer.',
    );
  throw new ValidationError([
    { path: 'side', message: 'どちらの側として回答するか（need / offer）を指定してください' },
  ]);
}

/** Runs an answer for the side the actor may answer for, and returns the match as they may see it. */
async function answerFor(
  c: Context<AppEnv>,
  matchId: string,
  requested: Side | undefined,
  run: (side: Side, personId: string) => Promise<Match>,
): Promise<Match> {
  const actor = actorOf(c);
  const match = requireMatchReader(actor, await c.var.ctx.store.matches.get(matchId));
  return asSeenBy(actor, await run(sideOf(actor, match, requested), actor.person.id));
}

const sideField = z.enum(SIDES).optional().describe('Needed only when you are an editor of both sides');
const matchParam = z.object({ matchId: ulidSchema });
const answerResponses = { 200: json(matchSchema, 'The match after your answer'), ...errorResponses };
const optionalBody = <T extends z.ZodType>(schema: T) => ({
  body: { content: { 'application/json': { schema } }, required: false },
});

// Proposed matches: an organisation's inbox, one match with its breakdown, and the secretariat's
// "run a round now". Contact details are not part of a match (they come with introductions).

const platformParam = z.object({ platformId: platformIdSchema });

export const matches = router()
  .openapi(
    createRoute({
      method: 'get',
      path: '/matches',
      tags: ['matches'],
      summary: "An organisation's proposed matches, as need side and offer side, newest first",
      ...signedIn,
      request: { query: pageQuery.extend({ organizationId: ulidSchema }) },
      responses: { 200: json(pageOf(matchSchema), 'A page of matches'), ...errorResponses },
    }),
    async (c) => {
      const { organizationId, ...paging } = c.req.valid('query');
      requireOrgRole(actorOf(c), organizationId, 'viewer');
      const found = await c.var.ctx.store.matches.inbox(organizationId, paging);
      return c.json(page({ ...found, items: found.items.map((m) => asSeenBy(actorOf(c), m)) }), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/matches/{matchId}',
      tags: ['matches'],
      summary:
        'One match with its score breakdown and explanation (the two organisations and the secretariat)',
      ...signedIn,
      request: { params: z.object({ matchId: ulidSchema }) },
      responses: { 200: json(matchSchema, 'The match'), ...errorResponses },
    }),
    async (c) => {
      const actor = actorOf(c);
      const match = requireMatchReader(
        actor,
        await c.var.ctx.store.matches.get(c.req.valid('param').matchId),
      );
      return c.json(asSeenBy(actor, match), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/matches/{matchId}/accept',
      tags: ['matches'],
      summary:
        "Accept an introduction for your side. When both sides have accepted, each receives the other's contact by mail. The offer side's acceptance takes one of the offer's slots.",
      ...signedIn,
      request: { params: matchParam, ...optionalBody(z.strictObject({ side: sideField })) },
      responses: answerResponses,
    }),
    async (c) => {
      const { matchId } = c.req.valid('param');
      const answered = await answerFor(c, matchId, c.req.valid('json').side, (side, personId) =>
        answerIntroduction(c.var.ctx, { matchId, side, decision: 'accept', personId }),
      );
      return c.json(answered, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/matches/{matchId}/decline',
      tags: ['matches'],
      summary: 'Decline an introduction: final for this pair. The reason is shown to the secretariat only.',
      ...signedIn,
      request: {
        params: matchParam,
        ...optionalBody(z.strictObject({ side: sideField, reason: text(1000).optional() })),
      },
      responses: answerResponses,
    }),
    async (c) => {
      const { matchId } = c.req.valid('param');
      const body = c.req.valid('json');
      const answered = await answerFor(c, matchId, body.side, (side, personId) =>
        answerIntroduction(c.var.ctx, {
          matchId,
          side,
          decision: 'decline',
          reason: body.reason || undefined,
          personId,
        }),
      );
      return c.json(answered, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/matches/{matchId}/outcome',
      tags: ['matches'],
      summary:
        'Say what came of a connection (連携が成立した / しなかった / 進行中); feeds the platform stats',
      ...signedIn,
      request: {
        params: matchParam,
        ...jsonBody(z.strictObject({ side: sideField, outcome: z.enum(OUTCOMES) })),
      },
      responses: answerResponses,
    }),
    async (c) => {
      const { matchId } = c.req.valid('param');
      const body = c.req.valid('json');
      const answered = await answerFor(c, matchId, body.side, (side, personId) =>
        reportOutcome(c.var.ctx, { matchId, side, outcome: body.outcome, personId }),
      );
      return c.json(answered, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/platforms/{platformId}/runs/match',
      tags: ['matches'],
      summary: 'Run a matching round now (secretariat); a rerun of the day adds nothing',
      ...signedIn,
      request: { params: platformParam },
      responses: { 200: json(roundSchema, 'The round: counts and duration'), ...errorResponses },
    }),
    async (c) => {
      const { platformId } = c.req.valid('param');
      requireSecretariat(actorOf(c), platformId);
      const round = await runMatchRound(c.var.ctx, platformId);
      await recordAudit(c, platformId, {
        action: 'run.match',
        target: { kind: 'run', id: round.roundId },
        detail: { skipped: round.skipped, proposals: round.proposals, written: round.written },
      });
      return c.json(round, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/platforms/{platformId}/rounds',
      tags: ['matches'],
      summary: 'Matching rounds of the platform, newest first (secretariat)',
      ...signedIn,
      request: { params: platformParam, query: pageQuery },
      responses: { 200: json(pageOf(roundSchema), 'A page of rounds'), ...errorResponses },
    }),
    async (c) => {
      const { platformId } = c.req.valid('param');
      requireSecretariat(actorOf(c), platformId);
      return c.json(page(await c.var.ctx.store.matches.rounds(platformId, c.req.valid('query'))), 200);
    },
  );
