import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { DomainError, type FieldError, type ProblemType, ServiceUnavailableError } from '#domain';
import { outageOf } from './outage';

// RFC 9457 problem details. One place turns every error into a body: handlers only throw. The
// answer itself (problem+json, or an error page for a browser) is on-error.ts's.

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: FieldError[];
}

/**
 * The `type` URI of a problem: a stable identifier per kind of error, under the app's own origin
 * (APP_URL), where it is also a page that explains it (pages/problems.tsx).
 */
export const problemType = (appUrl: string, type: ProblemType) => `${appUrl}/problems/${type}`;

export function problemResponse(
  c: Context,
  problem: Problem,
  headers: Record<string, string> = {},
): Response {
  return c.body(JSON.stringify(problem), problem.status as ContentfulStatusCode, {
    'content-type': 'application/problem+json; charset=utf-8',
    'cache-control': 'no-store',
    ...headers,
  });
}

const HTTP_TITLES: Record<number, [string, ProblemType]> = {
  400: ['リクエストの形式が正しくありません (Bad request)', 'bad-request'],
  401: ['サインインが必要です (Sign-in required)', 'unauthorized'],
  403: ['権限がありません (Forbidden)', 'forbidden'],
  404: ['見つかりません (Not found)', 'not-found'],
  405: ['この操作はできません (Method not allowed)', 'method-not-allowed'],
  413: ['送信データが大きすぎます (Payload too large)', 'payload-too-large'],
  415: ['データ形式が正しくありません (Unsupported media type)', 'unsupported-media-type'],
};

/** A problem the JSON API answered to a page's in-process call, passed on as it is. */
export class ApiProblem extends Error {
  constructor(
    readonly problem: Problem,
    /** The API's Retry-After, passed on to the page's answer (429, 503). */
    readonly retryAfter?: string | undefined,
  ) {
    super(problem.detail);
  }
}

/** Seconds a client is asked to wait after a 503 for an outage (DynamoDB, SES). */
export const OUTAGE_RETRY_AFTER_SECONDS = 5;

/** The problem that answers this error; `appUrl` is the origin its `type` URI is under. */
export function toProblem(
  error: unknown,
  appUrl: string,
): {
  problem: Problem;
  headers: Record<string, string>;
  unexpected: boolean;
} {
  if (error instanceof ApiProblem) {
    const headers: Record<string, string> = error.retryAfter ? { 'retry-after': error.retryAfter } : {};
    return { problem: error.problem, headers, unexpected: false };
  }
  if (!(error instanceof DomainError) && outageOf(error)) {
    return toProblem(new ServiceUnavailableError(OUTAGE_RETRY_AFTER_SECONDS), appUrl);
  }
  if (error instanceof DomainError) {
    const headers: Record<string, string> =
      'retryAfterSeconds' in error ? { 'retry-after': String(error.retryAfterSeconds) } : {};
    return {
      problem: {
        type: problemType(appUrl, error.type),
        title: error.title,
        status: error.status,
        detail: error.detail,
        ...(error.errors ? { errors: error.errors } : {}),
      },
      headers,
      unexpected: false,
    };
  }
  if (error instanceof HTTPException && error.status < 500) {
    const [title, type] = HTTP_TITLES[error.status] ?? HTTP_TITLES[400]!;
    const detail =
      error.message === 'Malformed JSON in request body'
        ? 'JSONの形式が正しくありません。 The request body is not valid JSON.'
        : error.status === 413
          ? '送信できるデータは64KBまでです。 Request bodies are limited to 64 KB.'
          : error.status === 415
            ? 'Content-Type: application/json で送信してください。 Send JSON with Content-Type: application/json.'
            : title;
    return {
      problem: { type: problemType(appUrl, type), title, status: error.status, detail },
      headers: {},
      unexpected: false,
    };
  }
  return {
    problem: {
      type: problemType(appUrl, 'internal'),
      title: 'サーバーで問題が発生しました (Internal error)',
      status: 500,
      detail:
        '時間をおいてもう一度お試しください。解決しない場合は事務局にお問い合わせください。 Please try again later.',
    },
    headers: {},
    unexpected: true,
  };
}
