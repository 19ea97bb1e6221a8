import type { Context } from 'hono';
import type { AppEnv } from './env';
import { outageOf } from './outage';
import { errorPage, wantsPage } from './pages/errors';
import { ApiProblem, type Problem, problemResponse, toProblem } from './problem';

// The app's one onError: every error thrown by a handler becomes problem+json (RFC 9457, through
// problem.ts) or, for a browser, an error page; an unexpected one is logged with the request id.
// Apart from problem.ts, which the pages import, so that the arrows between them point one way.

export function onError(error: Error, c: Context<AppEnv>): Response | Promise<Response> {
  // The context is set by the app's first middleware; before it, the request's own origin.
  const appUrl = c.get('ctx')?.config.appUrl ?? new URL(c.req.url).origin;
  const { problem, headers, unexpected } = toProblem(error, appUrl);
  const requestId = c.get('requestId');
  const outage = !(error instanceof ApiProblem) && problem.status === 503 ? outageOf(error) : undefined;
  if (outage) {
    // Not a bug: a dependency is down or throttling. Logged for the operator, answered as 503.
    // The request's id and Lambda's are on every line of the request (shared/http/request-id.ts).
    c.get('ctx')?.log.error('dependency unavailable', {
      path: c.req.path,
      method: c.req.method,
      kind: outage,
      error: (error as { name?: string }).name,
      code: (error as { code?: string }).code,
    });
  }
  const answer = (p: Problem) => {
    if (!wantsPage(c)) return problemResponse(c, p, headers);
    for (const [name, value] of Object.entries(headers)) c.header(name, value);
    return errorPage(c, p);
  };
  if (unexpected) {
    c.get('ctx')?.log.error('unhandled error', { path: c.req.path, method: c.req.method, error });
    return answer({ ...problem, instance: `urn:request:${requestId}` });
  }
  return answer(problem);
}
