import { Hono } from 'hono';
import type { DigestPlan } from '#batch';
import type { Round } from '#domain';
import type { AppEnv } from '../../env';
import { callApi, errorsOf, formValues, toBody } from '../forms';
import { applicationFormPage } from './application-form';
import { editApplicationForm, editTierDescriptions } from './application-form-actions';
import { auditCsv, auditPage } from './audit';
import { contactPage, saveContact } from './contact';
import { dashboard } from './dashboard';
import { exportCsv } from './export-csv';
import { adminBase, apiBase, failureStatus, secretariatPage } from './frame';
import { importPage, importPreviewPage, submitImport, uploadImport } from './import';
import { newMemberPage, registerMemberByHand } from './member-new';
import { decideMembership, membershipsPage } from './memberships';
import { newsPage } from './news';
import { rosterCsv } from './roster-csv';
import { statsPage } from './stats';

// The secretariat's (事務局) pages of one platform: a dashboard with "run now" buttons, the
// applications and members, news for the digest, statistics with charts, a CSV export, and the
// audit log of what the secretariat did (with its own CSV).
// Anyone else gets "not found". Every change goes through the JSON API (callApi), so its rules
// and Japanese messages are the ones shown here.

export const secretariatPages = new Hono<AppEnv>()
  .get('/platforms/:platformId/admin', (c) => secretariatPage(c, (platform) => dashboard(c, platform)))
  .post('/platforms/:platformId/admin/round', (c) =>
    secretariatPage(c, async (platform) => {
      const result = await callApi<Round>(c, 'POST', `${apiBase(platform.id)}/runs/match`);
      if (!result.ok)
        return dashboard(c, platform, {
          message: result.problem.detail,
          status: failureStatus(result.problem),
        });
      const round = result.data;
      const query = round.skipped
        ? 'done=round-skipped'
        : `done=round&written=${round.written}&proposals=${round.proposals}`;
      return c.redirect(`${adminBase(platform.id)}?${query}`, 303);
    }),
  )
  .post('/platforms/:platformId/admin/digest', (c) =>
    secretariatPage(c, async (platform) => {
      const result = await callApi<DigestPlan>(c, 'POST', `${apiBase(platform.id)}/runs/digest`);
      if (!result.ok)
        return dashboard(c, platform, {
          message: result.problem.detail,
          status: failureStatus(result.problem),
        });
      const plan = result.data;
      return c.redirect(
        `${adminBase(platform.id)}?done=digest&planned=${plan.planned}&already=${plan.alreadyPlanned}`,
        303,
      );
    }),
  )
  .get('/platforms/:platformId/admin/memberships', (c) =>
    secretariatPage(c, (platform) => membershipsPage(c, platform)),
  )
  .post('/platforms/:platformId/admin/memberships/:organizationId/approve', (c) =>
    decideMembership(c, 'approve'),
  )
  .post('/platforms/:platformId/admin/memberships/:organizationId/decline', (c) =>
    decideMembership(c, 'decline'),
  )
  .post('/platforms/:platformId/admin/memberships/:organizationId/suspend', (c) =>
    decideMembership(c, 'suspend'),
  )
  .post('/platforms/:platformId/admin/memberships/:organizationId/tier', (c) => decideMembership(c, 'tier'))
  .get('/platforms/:platformId/admin/members/new', (c) =>
    secretariatPage(c, (platform) => newMemberPage(c, platform)),
  )
  .post('/platforms/:platformId/admin/members/new', (c) =>
    secretariatPage(c, (platform) => registerMemberByHand(c, platform)),
  )
  .get('/platforms/:platformId/admin/news', (c) => secretariatPage(c, (platform) => newsPage(c, platform)))
  .post('/platforms/:platformId/admin/news', (c) =>
    secretariatPage(c, async (platform) => {
      const values = await formValues(c);
      const result = await callApi(c, 'POST', `${apiBase(platform.id)}/news`, toBody(values));
      if (!result.ok) {
        return newsPage(c, platform, {
          values,
          errors: errorsOf(result.problem),
          status: failureStatus(result.problem),
        });
      }
      return c.redirect(`${adminBase(platform.id)}/news?done=posted`, 303);
    }),
  )
  .get('/platforms/:platformId/admin/application-form', (c) =>
    secretariatPage(c, (platform) => applicationFormPage(c, platform)),
  )
  .post('/platforms/:platformId/admin/application-form/questions', (c) => editApplicationForm(c, 'questions'))
  .post('/platforms/:platformId/admin/application-form/consents', (c) => editApplicationForm(c, 'consents'))
  .post('/platforms/:platformId/admin/application-form/tiers', (c) => editTierDescriptions(c))
  .get('/platforms/:platformId/admin/contact', (c) =>
    secretariatPage(c, (platform) => contactPage(c, platform)),
  )
  .post('/platforms/:platformId/admin/contact', (c) =>
    secretariatPage(c, (platform) => saveContact(c, platform)),
  )
  .get('/platforms/:platformId/admin/stats', (c) => secretariatPage(c, (platform) => statsPage(c, platform)))
  .get('/platforms/:platformId/admin/export.csv', (c) =>
    secretariatPage(c, (platform) => exportCsv(c, platform)),
  )
  .get('/platforms/:platformId/admin/import', (c) =>
    secretariatPage(c, (platform) => importPage(c, platform)),
  )
  .post('/platforms/:platformId/admin/import', (c) =>
    secretariatPage(c, (platform, actor) => uploadImport(c, platform, actor)),
  )
  .get('/platforms/:platformId/admin/import/:importId', (c) =>
    secretariatPage(c, (platform, actor) => importPreviewPage(c, platform, actor)),
  )
  .post('/platforms/:platformId/admin/import/:importId', (c) =>
    secretariatPage(c, (platform, actor) => submitImport(c, platform, actor)),
  )
  .get('/platforms/:platformId/admin/roster.csv', (c) =>
    secretariatPage(c, (platform, actor) => rosterCsv(c, platform, actor)),
  )
  .get('/platforms/:platformId/admin/audit', (c) => secretariatPage(c, (platform) => auditPage(c, platform)))
  .get('/platforms/:platformId/admin/audit.csv', (c) =>
    secretariatPage(c, (platform) => auditCsv(c, platform)),
  );
