import { Hono } from 'hono';
import { type Actor, NotFoundError, ulidSchema } from '#domain';
import type { AppEnv } from '../../env';
import type { Problem } from '../../problem';
import { callApi, errorsOf, formValues, toBody } from '../forms';
import { signedInPage } from '../guard';
import { type C, formStatus, orgIdOf } from './common';
import { peoplePage } from './people';

// The people page's routes: invite, withdraw an invitation, change a role, remove someone. Every
// change goes through the JSON API in process; a refusal comes back on the page with the reason.

/** The API's own words for a refused button press: its field messages, or its detail. */
function problemText(problem: Problem): string {
  return Object.values(errorsOf(problem)).join(' ');
}

/** A row's button: done → back to the list with a notice; refused → the list with the reason. */
async function rowAction(
  c: C,
  actor: Actor,
  id: string,
  call: () => ReturnType<typeof callApi>,
  done: string,
): Promise<Response> {
  const result = await call();
  if (result.ok) return c.redirect(done, 303);
  return peoplePage(c, actor, id, {
    problem: problemText(result.problem),
    status: formStatus(result.problem),
  });
}

function idParam(c: C, name: string, what: string): string {
  const value = c.req.param(name) ?? '';
  if (!ulidSchema.safeParse(value).success) throw new NotFoundError(what);
  return value;
}

export const peoplePages = new Hono<AppEnv>()
  .get('/organizations/:id/people', (c) => signedInPage(c, (actor) => peoplePage(c, actor, orgIdOf(c))))
  .post('/organizations/:id/invitations', (c) =>
    signedInPage(c, async (actor) => {
      const id = orgIdOf(c);
      const values = await formValues(c);
      const result = await callApi(c, 'POST', `/organizations/${id}/invitations`, toBody(values));
      if (result.ok) return c.redirect(`/organizations/${id}/people?invited=1`, 303);
      return peoplePage(c, actor, id, {
        values,
        errors: errorsOf(result.problem),
        status: formStatus(result.problem),
      });
    }),
  )
  .post('/organizations/:id/invitations/:invitationId/revoke', (c) =>
    signedInPage(c, (actor) => {
      const id = orgIdOf(c);
      const invitationId = idParam(c, 'invitationId', 'invitation');
      return rowAction(
        c,
        actor,
        id,
        () => callApi(c, 'DELETE', `/organizations/${id}/invitations/${invitationId}`),
        `/organizations/${id}/people?revoked=1`,
      );
    }),
  )
  .post('/organizations/:id/people/:personId/role', (c) =>
    signedInPage(c, async (actor) => {
      const id = orgIdOf(c);
      const personId = idParam(c, 'personId', 'person');
      const values = await formValues(c);
      return rowAction(
        c,
        actor,
        id,
        () => callApi(c, 'PATCH', `/organizations/${id}/people/${personId}`, toBody(values)),
        `/organizations/${id}/people?changed=1`,
      );
    }),
  )
  .post('/organizations/:id/people/:personId/remove', (c) =>
    signedInPage(c, (actor) => {
      const id = orgIdOf(c);
      const personId = idParam(c, 'personId', 'person');
      return rowAction(
        c,
        actor,
        id,
        () => callApi(c, 'DELETE', `/organizations/${id}/people/${personId}`),
        personId === actor.person.id ? '/' : `/organizations/${id}/people?removed=1`,
      );
    }),
  );
