import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { logFields, withLogFields } from '#log';
import type { AppEnv } from './env';

// One id per request, the one API Gateway writes into the stage's access log as
// `$context.requestId` (infra/constructs/api.ts): every log line written while the request is
// handled carries it — the route's, and those of the store, batch and mail code it calls — next
// to Lambda's own `awsRequestId`, and the answer says it in `X-Request-Id`. A 500's problem body
// names it too (`instance: urn:request:<id>`), so a person's report leads to the access log line
// and every app line of that request.
//
// Where the id comes from:
// - behind API Gateway (HTTP API payload 2.0, also REST APIs): `event.requestContext.requestId`;
// - a request handled inside another one (a page calling the API in process, `c.var.internal`)
//   is part of it and keeps the outer request's id;
// - otherwise (`npm start`, tests) a fresh UUID.
// A client's own X-Request-Id is never taken: every request on AWS has API Gateway's id, and an id
// a client chose could imitate another request's in the logs or put its own text in `instance`.

/** What API Gateway's ids look like (HTTP API: base64, `Jx1AbhQ2tjMEJ2g=`; REST API: a UUID). */
const GATEWAY_ID = /^[A-Za-z0-9+/=._:-]{1,128}$/;

interface LambdaEnv {
  event?: { requestContext?: { requestId?: unknown } };
  lambdaContext?: { awsRequestId?: unknown };
}

const wellFormed = (value: unknown): value is string => typeof value === 'string' && GATEWAY_ID.test(value);

/** The request's id and Lambda's, for the request in `c` (see above). */
export function requestIdsOf(c: { env: unknown }): { requestId: string; awsRequestId?: string } {
  const env = (c.env ?? {}) as LambdaEnv;
  const outer = logFields();
  const gateway = env.event?.requestContext?.requestId;
  const requestId = wellFormed(outer?.requestId)
    ? outer.requestId
    : wellFormed(gateway)
      ? gateway
      : randomUUID();
  const aws = env.lambdaContext?.awsRequestId ?? outer?.awsRequestId;
  return wellFormed(aws) ? { requestId, awsRequestId: aws } : { requestId };
}

/** The first middleware: names the request and runs everything after it in that log scope. */
export const requestScope: MiddlewareHandler<AppEnv> = async (c, next) => {
  const ids = requestIdsOf(c);
  c.set('requestId', ids.requestId);
  c.header('X-Request-Id', ids.requestId);
  await withLogFields(ids, next);
};
