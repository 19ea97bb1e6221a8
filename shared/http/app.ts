import type { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import type { AppContext } from '#context';
import type { AppEnv } from './env';
import { router } from './openapi';
import { authPages } from './pages/auth';
import { introductionPages } from './pages/introductions';
import { mailLinkPages } from './pages/mail-links';
import { preferencesPages } from './pages/preferences';
import { onError, problemResponse, problemType } from './problem';
import { auth } from './routes/auth';
import { health } from './routes/health';
import { matches } from './routes/matches';
import { me } from './routes/me';
import { memberships } from './routes/memberships';
import { news } from './routes/news';
import { organizations } from './routes/organizations';
import { platforms } from './routes/platforms';
import { needs, offers } from './routes/postings';
import { authenticate } from './session';

export const MAX_BODY_BYTES = 64 * 1024;

/** The one Hono app: JSON API under /v1 and pages under /, on Lambda and locally. */
export function createApp(ctx: AppContext): OpenAPIHono<AppEnv> {
  const app = router();
  app.use('*', requestId(), async (c, next) => {
    c.set('ctx', ctx);
    await next();
  });
  app.use('*', secureHeaders());
  app.use(
    '*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new HTTPException(413);
      },
    }),
  );
  app.use('*', authenticate);

  app.route('/', health);
  for (const api of [auth, me, platforms, organizations, memberships, needs, offers, matches, news])
    app.route('/v1', api);
  app.route('/', authPages);
  app.route('/', mailLinkPages);
  app.route('/', preferencesPages);
  app.route('/', introductionPages);

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  app.openAPIRegistry.registerComponent('securitySchemes', 'cookie', {
    type: 'apiKey',
    in: 'cookie',
    name: 'tsunagu_session',
    description:
      'Browsers; changes also need the X-CSRF-Token header. Named __Host-tsunagu_session outside local.',
  });
  app.doc31('/v1/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'tsunagu API',
      version: '1',
      description:
        'つなぐ: needs and offers of member organisations of public-private platforms against loneliness and isolation. Errors are RFC 9457 application/problem+json.',
    },
  });

  app.notFound((c) =>
    problemResponse(c, {
      type: problemType('not-found'),
      title: '見つかりません (Not found)',
      status: 404,
      detail: `${c.req.method} ${c.req.path} はありません。 No such route.`,
    }),
  );
  app.onError(onError);
  return app;
}

export type App = ReturnType<typeof createApp>;
