import { Hono } from 'hono';
import type { AppEnv } from '../../env';
import { applicationsPage } from './applications';
import { createPosting } from './create';
import { postingPage } from './detail';
import { editPosting } from './edit';
import { sendInterest, showInterest } from './interest';
import { sendIntroduce, showIntroduce } from './introduce';
import { newPosting } from './kind-step';
import { listOfOrganization } from './org-list';
import { listPage } from './platform-list';
import { searchPage } from './search';

// Needs (ニーズ) and offers (支援の申し出), for the organisations that post them: their list,
// a two-step form (first the kind, whose capacity has its own shape, then the rest), edit and
// close; and one posting's page for every member of the platform. Writes go through the API.

const needEdit = editPosting('need');
const offerEdit = editPosting('offer');

// /needs/new before /needs/:id.
export const postingPages = new Hono<AppEnv>()
  .get('/organizations/:organizationId/needs', listOfOrganization('need'))
  .get('/organizations/:organizationId/offers', listOfOrganization('offer'))
  .get('/needs/new', newPosting('need'))
  .post('/needs/new', createPosting('need'))
  .get('/offers/new', newPosting('offer'))
  .post('/offers/new', createPosting('offer'))
  .get('/needs/:id/edit', needEdit.show)
  .post('/needs/:id/edit', needEdit.save)
  .post('/needs/:id/close', needEdit.close)
  .get('/offers/:id/edit', offerEdit.show)
  .post('/offers/:id/edit', offerEdit.save)
  .post('/offers/:id/close', offerEdit.close)
  .get('/needs/:id/interest', showInterest('need'))
  .post('/needs/:id/interest', sendInterest('need'))
  .get('/offers/:id/interest', showInterest('offer'))
  .post('/offers/:id/interest', sendInterest('offer'))
  .get('/needs/:id/introduce', showIntroduce('need'))
  .post('/needs/:id/introduce', sendIntroduce('need'))
  .get('/offers/:id/introduce', showIntroduce('offer'))
  .post('/offers/:id/introduce', sendIntroduce('offer'))
  .get('/offers/:id/applications', applicationsPage)
  .get('/needs/:id', (c) => postingPage(c, 'need'))
  .get('/offers/:id', (c) => postingPage(c, 'offer'))
  .get('/platforms/:platformId/needs', (c) => listPage(c, 'need'))
  .get('/platforms/:platformId/offers', (c) => listPage(c, 'offer'))
  .get('/platforms/:platformId/search', searchPage);
