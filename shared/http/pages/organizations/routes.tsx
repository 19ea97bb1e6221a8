import { Hono } from 'hono';
import type { Actor, Organization, OrganizationInFull } from '#domain';
import { requireOrgRoleOrCaretaker } from '../../access';
import type { AppEnv } from '../../env';
import { callApi, errorsOf, fetchApi, flatten, formValues } from '../forms';
import { signedInPage } from '../guard';
import { languageOf } from '../language';
import { type C, formStatus, orgIdOf } from './common';
import { organizationBody } from './fields';
import { changedMeanwhile, editPage, newPage } from './form';
import { profilePage } from './profile';
import { PROFILE_CLEARABLE } from './profile-fields';

// An organisation's own pages: register one, its profile (with its platforms) and edit it (its
// people are in people.tsx). Every change goes through the JSON API in process, so its rules and messages
// apply; a failed form comes back with what was typed and the message next to the field.

async function orgForEdit(c: C, actor: Actor): Promise<OrganizationInFull> {
  const id = orgIdOf(c);
  await requireOrgRoleOrCaretaker(c.var.ctx, actor, id, 'editor');
  return fetchApi<OrganizationInFull>(c, `/organizations/${id}`);
}

export const organizationPages = new Hono<AppEnv>()
  .get('/organizations/new', (c) =>
    signedInPage(c, (actor) =>
      newPage(c, {
        'contact.name': actor.person.name ?? '',
        'contact.email': actor.person.email,
      }),
    ),
  )
  .post('/organizations/new', (c) =>
    signedInPage(c, async () => {
      const values = await formValues(c);
      if (values._refresh) return newPage(c, values);
      const result = await callApi<Organization>(c, 'POST', '/organizations', organizationBody(values));
      if (!result.ok) return newPage(c, values, errorsOf(result.problem), formStatus(result.problem));
      return c.redirect(`/organizations/${result.data.id}?created=1`, 303);
    }),
  )
  .get('/organizations/:id', (c) => signedInPage(c, (actor) => profilePage(c, actor, orgIdOf(c))))
  .get('/organizations/:id/edit', (c) =>
    signedInPage(c, async (actor) => {
      const org = await orgForEdit(c, actor);
      return editPage(c, org, flatten(org));
    }),
  )
  .post('/organizations/:id/edit', (c) =>
    signedInPage(c, async (actor) => {
      const org = await orgForEdit(c, actor);
      const values = await formValues(c);
      if (values._refresh) return editPage(c, org, values);
      // A cleared description is cleared, and so is a cleared part of the profile (null); the
      // other optional fields cannot be blank in the API.
      const body = organizationBody(values, { numbers: ['version'] });
      body.description ??= '';
      for (const name of PROFILE_CLEARABLE) body[name] ??= null;
      const result = await callApi<Organization>(c, 'PATCH', `/organizations/${org.id}`, body);
      if (result.ok) return c.redirect(`/organizations/${org.id}?saved=1`, 303);
      const { problem } = result;
      if (problem.type.endsWith('/stale-version')) {
        // Keep what they typed, show what changed meanwhile, and let them decide to save over it.
        return editPage(
          c,
          org,
          { ...values, version: String(org.version) },
          errorsOf(problem),
          409,
          changedMeanwhile(org, values, languageOf(c)),
        );
      }
      return editPage(c, org, values, errorsOf(problem), formStatus(problem));
    }),
  );
