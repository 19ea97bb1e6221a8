import { Hono } from 'hono';
import type { Membership } from '#domain';
import type { AppEnv } from '../../env';
import { callApi, errorsOf, formValues } from '../forms';
import { signedInPage } from '../guard';
import { applicationBody } from './application-fields';
import { platformOf } from './common';
import { directoryPage } from './directory';
import { formStatus, joinPage } from './join';
import { listPage } from './list';
import { platformPage } from './page';
import { rosterPage } from './roster';

// The platforms: a public list, each platform's public page and its opt-in member directory
// (organisation details only, never a person), and the form an organisation applies with.
// The application goes through the JSON API, so its rules and messages apply.

export const platformPages = new Hono<AppEnv>()
  .get('/platforms', (c) => listPage(c))
  .get('/platforms/:platformId', (c) => platformPage(c))
  .get('/platforms/:platformId/directory', (c) => directoryPage(c))
  .get('/platforms/:platformId/roster', (c) => signedInPage(c, (actor) => rosterPage(c, actor)))
  .get('/platforms/:platformId/join', (c) =>
    signedInPage(c, async (actor) => joinPage(c, actor, await platformOf(c))),
  )
  .post('/platforms/:platformId/join', (c) =>
    signedInPage(c, async (actor) => {
      const platform = await platformOf(c);
      const values = await formValues(c);
      const form = await c.var.ctx.store.applicationForms.get(platform.id, c.var.ctx.now().toISOString());
      const result = await callApi<Membership>(
        c,
        'POST',
        `/platforms/${platform.id}/memberships`,
        applicationBody(values, form),
      );
      if (result.ok) return c.redirect(`/organizations/${result.data.organizationId}?applied=1`, 303);
      return joinPage(c, actor, platform, values, errorsOf(result.problem), formStatus(result.problem));
    }),
  );
