import type { MiddlewareHandler } from 'hono';
import { ValidationError } from '#domain';
import type { AppEnv } from './env';

// JSON bodies of the API are read as bytes first: UTF-8 strictly (an invalid byte sequence is a
// 400, not a U+FFFD stored in place of what was meant), and a "__proto__" key anywhere is refused
// (JSON.parse makes it an own key, which later code could mistake for the prototype). Malformed
// JSON is left to the route's validator, which answers it in its own words.

const JSON_TYPE = /^application\/([a-z0-9.+-]+\+)?json\s*(;|$)/i;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function invalid(path: string, message: string, detail: string): ValidationError {
  return new ValidationError([{ path, message }], detail);
}

function hasProtoKey(text: string): boolean {
  if (!text.includes('proto')) return false; // "__proto__" may be spelled with \u escapes
  let found = false;
  try {
    JSON.parse(text, (key, value: unknown) => {
      if (key === '__proto__') found = true;
      return value;
    });
  } catch {
    return false;
  }
  return found;
}

export const strictJsonBody: MiddlewareHandler<AppEnv> = async (c, next) => {
  const method = c.req.method;
  if (method === 'GET' || method === 'HEAD' || !JSON_TYPE.test(c.req.header('content-type') ?? '')) {
    return next();
  }
  let text: string;
  try {
    text = strictUtf8.decode(await c.req.arrayBuffer());
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    throw invalid(
      '(body)',
      'UTF-8として正しくない文字が含まれています',
      '送信データにUTF-8として読めない文字が含まれています。 The body is not valid UTF-8.',
    );
  }
  if (hasProtoKey(text)) {
    throw invalid(
      '__proto__',
      '使用できない項目です',
      '「__proto__」という項目は使用できません。 A "__proto__" key is not allowed.',
    );
  }
  await next();
};
