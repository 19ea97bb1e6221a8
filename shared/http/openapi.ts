import { OpenAPIHono } from '@hono/zod-openapi';
import * as z from 'zod';
import { type FieldError, toFieldErrors, ValidationError } from '#domain';
import type { AppEnv } from './env';
import { requireSession } from './session';

export const problemSchema = z
  .object({
    type: z.url().meta({
      description:
        'The kind of error: `<APP_URL>/problems/<type>`, a page explaining it; compare the last segment',
    }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' });

/** A documented problem+json answer. */
export const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: problemSchema } },
});

export const errorResponses = {
  400: problem('Invalid input, with field paths in `errors`'),
  401: problem('Not signed in'),
  403: problem('Signed in, but not allowed'),
  404: problem('Not found'),
  409: problem('Conflict: stale version or state that does not allow the action'),
  413: problem('Body over 64 KB'),
  429: problem('Too many requests; see Retry-After'),
  503: problem('The database or mail service is unreachable or busy; try again after Retry-After'),
} as const;

export function json<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } };
}

export function jsonBody<T extends z.ZodType>(schema: T) {
  return { body: { content: { 'application/json': { schema } }, required: true } };
}

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last page'),
  });
}

export const pageQuery = z.strictObject({
  cursor: z.string().max(2000).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const secured: Record<string, string[]>[] = [{ bearer: [] }, { cookie: [] }];

/** For routes that need a session: documents it and answers 401 before any input is validated. */
export const signedIn = { security: secured, middleware: [requireSession] };

function withTarget(errors: FieldError[], target: string): FieldError[] {
  return target === 'json' ? errors : errors.map((e) => ({ ...e, path: `${target}.${e.path}` }));
}

/** A sub-app whose validation failures become problem+json with field paths. */
export function router() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        throw new ValidationError(withTarget(toFieldErrors(result.error as z.ZodError), result.target));
      }
    },
  });
}

export function page<T>(p: { items: T[]; cursor?: string | undefined }) {
  return { items: p.items, nextCursor: p.cursor ?? null };
}
