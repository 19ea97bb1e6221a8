import { Hono } from 'hono';
import { answerIntroduction, reportOutcome } from '#batch';
import { answerableSides, DomainError, OUTCOMES, type Outcome, SIDES } from '#domain';
import { requireMatchReader } from '../../access';
import type { AppEnv } from '../../env';
import { declineReasonOf } from '../forms';
import { signedInPage } from '../guard';
import { type C, matchPage } from './page';

// An introduction's page and its answers: accept, decline, report the outcome (an editor of the
// side); a refused or stale answer comes back on the page with the reason.

async function answer(c: C, action: 'accept' | 'decline' | 'outcome'): Promise<Response> {
  return signedInPage(c, async (actor) => {
    const matchId = c.req.param('matchId') ?? '';
    const match = requireMatchReader(actor, await c.var.ctx.store.matches.get(matchId));
    const form = await c.req.parseBody();
    const side = SIDES.find((s) => s === form.side);
    if (!side || !answerableSides(actor, match).includes(side)) {
      return matchPage(
        c,
        actor,
        matchId,
        'この側の団体の編集者のみが回答できます。 Only an editor of that side can answer.',
        403,
      );
    }
    try {
      if (action === 'outcome') {
        const outcome = OUTCOMES.find((o) => o === form.outcome) as Outcome | undefined;
        if (!outcome)
          return matchPage(c, actor, matchId, '連携の状況を選んでください。 Please choose one.', 400);
        await reportOutcome(c.var.ctx, { matchId, side, outcome, personId: actor.person.id });
      } else {
        await answerIntroduction(c.var.ctx, {
          matchId,
          side,
          decision: action,
          reason: declineReasonOf(form),
          personId: actor.person.id,
        });
      }
    } catch (error) {
      if (error instanceof DomainError && error.status === 409)
        return matchPage(c, actor, matchId, error.detail);
      throw error;
    }
    // 「選ぶ」 on an open call's applicants page goes back to that page.
    if (form.next === 'applications' && match.origin === 'open_call') {
      return c.redirect(`/offers/${match.offerId}/applications`, 303);
    }
    return c.redirect(`/matches/${matchId}`, 303);
  });
}

export const introductionPages = new Hono<AppEnv>()
  .get('/matches/:matchId', (c) => signedInPage(c, (actor) => matchPage(c, actor, c.req.param('matchId'))))
  .post('/matches/:matchId/accept', (c) => answer(c, 'accept'))
  .post('/matches/:matchId/decline', (c) => answer(c, 'decline'))
  .post('/matches/:matchId/outcome', (c) => answer(c, 'outcome'));
