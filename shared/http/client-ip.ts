import type { Context } from 'hono';
import type { AppEnv } from './env';

/**
 * The client's address for rate limits: API Gateway/Lambda puts it in the request context,
 * the local node server in the socket. Falls back to a shared bucket when unknown.
 */
export function clientIp(c: Context<AppEnv>): string {
  const env = c.env as
    | { event?: { requestContext?: { http?: { sourceIp?: string }; identity?: { sourceIp?: string } } } }
    | { incoming?: { socket?: { remoteAddress?: string } } }
    | undefined;
  if (env && 'event' in env) {
    const rc = env.event?.requestContext;
    return rc?.http?.sourceIp ?? rc?.identity?.sourceIp ?? 'unknown';
  }
  if (env && 'incoming' in env) return env.incoming?.socket?.remoteAddress ?? 'unknown';
  return 'unknown';
}
