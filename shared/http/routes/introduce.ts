import { createRoute, z } from '@hono/zod-openapi';
import { startIntroduction } from '#batch';
import type { AppContext } from '#context';
import {
  type Actor,
  checkApplicationAnswers,
  matchForMembers,
  matchSchema,
  type Need,
  type Offer,
  platformIdSchema,
  requireOrgRole,
  requireSecretariat,
  text,
  ulidSchema,
  ValidationError,
} from '#domain';
import { requirePostingReader } from '../access';
import { auditEntry } from '../audit';
import { errorResponses, json, jsonBody, router, signedIn } from '../openapi';
import { actorOf } from '../session';

// Introductions started by people (issue 19): 関心がある on a need or an offer, and the
// secretariat pairing two postings by hand. Both go through the double opt-in of a round's
// proposal (shared/batch/start-introduction.ts).

const message = text(1000).pipe(z.string().min(1, 'メッセージを入力してください'));

export const interestSchema = z
  .strictObject({
    organizationId: ulidSchema.describe('Your organisation (you are one of its editors)'),
    postingId: ulidSchema
      .optional()
      .describe(
        "Your organisation's open posting this concerns: an offer for a need, a need for an offer. Left out, you write as your organisation, without a posting of its own (not for an open call)",
      ),
    message: message.describe('A short message to the other organisation, shown in its mail and on the page'),
    answers: z
      .record(z.string().max(20), text(1000))
      .optional()
      .describe("An open call's questions answered, by question id (open calls only; required ones must be)"),
  })
  .meta({ id: 'InterestInput' });

export const secretariatIntroductionSchema = z
  .strictObject({
    needId: ulidSchema,
    offerId: ulidSchema,
    note: message.describe('「事務局より」: why the secretariat introduces them, shown to both sides'),
  })
  .meta({ id: 'SecretariatIntroductionInput' });

const idParam = z.object({ id: ulidSchema });

const created = { 201: json(matchSchema, 'The introduction, waiting for the other side'), ...errorResponses };

function interestRoute(target: 'need' | 'offer') {
  const plural = target === 'need' ? 'needs' : 'offers';
  const own = target === 'need' ? 'offer' : 'need';
  return createRoute({
    method: 'post',
    path: `/${plural}/{id}/interest`,
    tags: ['matches'],
    summary: `関心がある: ask to be introduced to ${target === 'need' ? 'a need' : 'an offer'} of another approved member, for one of your open ${own}s, or as your organisation without one. Your side has accepted by asking; the other side gets a proposal mail with your message; contacts are exchanged when it accepts.`,
    ...signedIn,
    request: { params: idParam, ...jsonBody(interestSchema) },
    responses: created,
  });
}

/**
 * The two postings of a 関心がある: the one asked about (readable by the asker, else 404) and the
 * asker's own of the other kind, which must belong to the organisation it edits.
 */
async function interestPair(
  ctx: AppContext,
  actor: Actor,
  target: 'need' | 'offer',
  id: string,
  input: { organizationId: string; postingId?: string | undefined; answers?: unknown },
): Promise<{ need: Need | undefined; offer: Offer | undefined; initiatorOrganizationId: string }> {
  const asked = await (target === 'need' ? ctx.store.needs : ctx.store.offers).require(id);
  await requirePostingReader(ctx, actor, asked, target);
  requireOrgRole(actor, input.organizationId, 'editor');
  const own =
    input.postingId === undefined
      ? undefined
      : await (target === 'need' ? ctx.store.offers : ctx.store.needs).get(input.postingId);
  if (input.postingId !== undefined && own?.organizationId !== input.organizationId)
    throw notYours(target === 'need' ? 'offer' : 'need');
  const [need, offer] =
    target === 'need' ? [asked as Need, own as Offer | undefined] : [own as Need | undefined, asked as Offer];
  // On an open call (公募) this is an application, with a need: its questions answered, until
  // its deadline.
  if (offer?.openCall && target === 'offer' && !need) {
    throw new ValidationError([
      {
        path: 'postingId',
        message:
          '公募への応募には、貴団体のニーズを選んでください。 To apply to an open call, choose one of your organisation’s needs.',
      },
    ]);
  }
  if (target === 'need' || !offer?.openCall) {
    if (input.answers !== undefined) {
      throw new ValidationError([
        { path: 'answers', message: '回答は公募への応募でのみ送れます。 Answers are for open calls only.' },
      ]);
    }
  }
  return { need, offer, initiatorOrganizationId: input.organizationId };
}

export const introductions = router()
  .openapi(interestRoute('need'), async (c) => {
    const actor = actorOf(c);
    const input = c.req.valid('json');
    const pair = await interestPair(c.var.ctx, actor, 'need', c.req.valid('param').id, input);
    const match = await startIntroduction(c.var.ctx, {
      ...pair,
      origin: 'interest',
      initiator: 'offer',
      message: input.message,
      personId: actor.person.id,
    });
    return c.json(matchForMembers(match), 201);
  })
  .openapi(interestRoute('offer'), async (c) => {
    const actor = actorOf(c);
    const input = c.req.valid('json');
    const pair = await interestPair(c.var.ctx, actor, 'offer', c.req.valid('param').id, input);
    const call = pair.offer?.openCall;
    const checked = call && checkApplicationAnswers(call, input.answers);
    if (checked && checked.errors.length > 0) throw new ValidationError(checked.errors);
    const match = await startIntroduction(c.var.ctx, {
      ...pair,
      origin: checked ? 'open_call' : 'interest',
      initiator: 'need',
      message: input.message,
      personId: actor.person.id,
      ...(checked ? { answers: checked.answers } : {}),
    });
    return c.json(matchForMembers(match), 201);
  })
  .openapi(
    createRoute({
      method: 'post',
      path: '/platforms/{platformId}/matches',
      tags: ['matches'],
      summary:
        'The secretariat introduces a need and an offer of two approved members by hand, with a note (「事務局より」) shown to both. Both sides are asked, as for a round’s proposal.',
      ...signedIn,
      request: {
        params: z.object({ platformId: platformIdSchema }),
        ...jsonBody(secretariatIntroductionSchema),
      },
      responses: created,
    }),
    async (c) => {
      const ctx = c.var.ctx;
      const actor = actorOf(c);
      const { platformId } = c.req.valid('param');
      requireSecretariat(actor, platformId);
      const input = c.req.valid('json');
      const [need, offer] = await Promise.all([
        ctx.store.needs.get(input.needId),
        ctx.store.offers.get(input.offerId),
      ]);
      const errors = [
        ...(need?.platformId === platformId
          ? []
          : [{ path: 'needId', message: 'このプラットフォームのニーズではありません。' }]),
        ...(offer?.platformId === platformId
          ? []
          : [{ path: 'offerId', message: 'このプラットフォームの支援の申し出ではありません。' }]),
      ];
      if (!need || !offer || errors.length > 0) throw new ValidationError(errors);
      const match = await startIntroduction(ctx, {
        need,
        offer,
        origin: 'secretariat',
        message: input.note,
        personId: actor.person.id,
        audit: (m) =>
          auditEntry(c, platformId, {
            action: 'match.introduce',
            target: { kind: 'match', id: m.id, label: `「${need.title}」と「${offer.title}」` },
            detail: { needId: need.id, offerId: offer.id },
          }),
      });
      return c.json(match, 201);
    },
  );

const notYours = (type: 'need' | 'offer') =>
  new ValidationError([
    {
      path: 'postingId',
      message:
        type === 'offer'
          ? '貴団体の支援の申し出を選んでください。 Choose one of your organisation’s offers.'
          : '貴団体のニーズを選んでください。 Choose one of your organisation’s needs.',
    },
  ]);
