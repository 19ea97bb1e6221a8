import type { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import type { AppContext } from '#context';
import type { AppEnv } from './env';
import { strictJsonBody } from './json-body';
import { onError } from './on-error';
import { router } from './openapi';
import { apiDocument } from './openapi-document';
import { accountPages } from './pages/account';
import { assetRoutes } from './pages/assets';
import { authPages } from './pages/auth';
import { consentPages } from './pages/consents';
import { errorPage, wantsPage } from './pages/errors';
import { homePages } from './pages/home';
import { inboxPages } from './pages/introductions/inbox';
import { introductionPages } from './pages/introductions/routes';
import { languagePages } from './pages/language-pages';
import { legalPages } from './pages/legal/routes';
import { mailLinkPages } from './pages/mail-links';
import { contactPages } from './pages/organizations/contact';
import { invitationPages } from './pages/organizations/invitations';
import { peoplePages } from './pages/organizations/people-routes';
import { organizationPages } from './pages/organizations/routes';
import { platformPages } from './pages/platforms/routes';
import { postingPages } from './pages/postings/routes';
import { preferencesPages } from './pages/preferences';
import { problemPages } from './pages/problems';
import { profilePages } from './pages/profile';
import { secretariatPages } from './pages/secretariat/routes';
import { problemResponse, problemType } from './problem';
import { requestScope } from './request-id';
import { applicationForms } from './routes/application-form';
import { audit } from './routes/audit';
import { auth } from './routes/auth';
import { health } from './routes/health';
import { imports } from './routes/imports';
import { introductions } from './routes/introduce';
import { invitations } from './routes/invitations';
import { matches } from './routes/matches';
import { me } from './routes/me';
import { memberships } from './routes/memberships';
import { news } from './routes/news';
import { openCalls } from './routes/open-calls';
import { organizations } from './routes/organizations';
import { platforms } from './routes/platforms';
import { needs, offers } from './routes/postings';
import { privacy } from './routes/privacy';
import { roster } from './routes/roster';
import { search } from './routes/search';
import { authenticate } from './session';

export const MAX_BODY_BYTES = 64 * 1024;
/**
 * A member list upload (the import's API and its page): 4 MB of file. API Gateway hands Lambda a
 * binary body base64-encoded, and a synchronous Lambda event holds 6 MB, so 4 MB (5.4 MB encoded,
 * with a form's framing) is what always fits.
 */
export const MAX_UPLOAD_BYTES = 4 * 1024 * 1024 + 64 * 1024;
const UPLOAD_PATH = /^(\/v1)?\/platforms\/[^/]+\/(imports|admin\/import)$/;
/**
 * No id or slug comes near this; pages hand some path parameters to the store unvalidated, and
 * an id longer than DynamoDB allows in a key (2048 bytes) would be a 500 instead of "not found".
 */
export const MAX_PAGE_SEGMENT_CHARS = 256;

// Pages load one stylesheet and one script from /assets and nothing else: no inline script or
// style, no other origin, no framing, forms post only here.
const SECURITY_HEADERS = {
  contentSecurityPolicy: {
    defaultSrc: ["'none'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    baseUri: ["'none'"],
  },
  referrerPolicy: 'same-origin',
  xFrameOptions: 'DENY',
  permissionsPolicy: { camera: [], microphone: [], geolocation: [] },
};

/** The one Hono app: JSON API under /v1 and pages under /, on Lambda and locally. */
export function createApp(ctx: AppContext): OpenAPIHono<AppEnv> {
  const app = router();
  app.use('*', requestScope, async (c, next) => {
    c.set('ctx', ctx);
    c.set('internal', (path, init) => Promise.resolve(app.request(path, init, c.env)));
    await next();
  });
  app.use('*', secureHeaders(SECURITY_HEADERS));
  app.use('*', async (c, next) => {
    const segments = new URL(c.req.url).pathname.split('/');
    if (wantsPage(c) && segments.some((s) => s.length > MAX_PAGE_SEGMENT_CHARS)) return c.notFound();
    await next();
  });
  const limit = (maxSize: number) =>
    bodyLimit({
      maxSize,
      onError: () => {
        throw new HTTPException(413);
      },
    });
  const [small, upload] = [limit(MAX_BODY_BYTES), limit(MAX_UPLOAD_BYTES)];
  app.use('*', (c, next) =>
    (c.req.method === 'POST' && UPLOAD_PATH.test(new URL(c.req.url).pathname) ? upload : small)(c, next),
  );
  app.use('/v1/*', strictJsonBody);
  app.use('*', authenticate);

  app.route('/', health);
  for (const api of [
    auth,
    me,
    platforms,
    organizations,
    invitations,
    memberships,
    applicationForms,
    needs,
    offers,
    search,
    matches,
    introductions,
    openCalls,
    news,
    imports,
    audit,
    roster,
    privacy,
  ])
    app.route('/v1', api);
  app.route('/', assetRoutes);
  app.route('/', homePages);
  app.route('/', authPages);
  app.route('/', mailLinkPages);
  app.route('/', languagePages);
  app.route('/', consentPages);
  app.route('/', contactPages);
  app.route('/', preferencesPages);
  app.route('/', profilePages);
  app.route('/', introductionPages);
  app.route('/', inboxPages);
  app.route('/', postingPages);
  app.route('/', organizationPages);
  app.route('/', peoplePages);
  app.route('/', invitationPages);
  app.route('/', platformPages);
  app.route('/', secretariatPages);
  app.route('/', problemPages);
  app.route('/', legalPages);
  app.route('/', accountPages);

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  app.openAPIRegistry.registerComponent('securitySchemes', 'cookie', {
    type: 'apiKey',
    in: 'cookie',
    name: 'tsunagu_session',
    description:
      'Browsers; changes also need the X-CSRF-Token header. Named __Host-tsunagu_session outside local.',
  });
  // Built once, on the first request, when every route is registered.
  let document: ReturnType<typeof apiDocument> | undefined;
  app.get('/v1/openapi.json', (c) => {
    document ??= apiDocument(app);
    return c.json(document);
  });

  app.notFound((c) => {
    const problem = {
      type: problemType(c.var.ctx.config.appUrl, 'not-found'),
      title: '見つかりません (Not found)',
      status: 404,
      detail: `${c.req.method} ${c.req.path} はありません。 No such route.`,
    };
    return wantsPage(c) ? errorPage(c, problem) : problemResponse(c, problem);
  });
  app.onError(onError);
  return app;
}

export type App = ReturnType<typeof createApp>;
