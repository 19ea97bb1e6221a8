import { createHmac, timingSafeEqual } from 'node:crypto';
import { ValidationError } from '#domain';

// Opaque cursors: the LastEvaluatedKey, bound to the query it came from and signed, so a client
// cannot forge one or replay it against another query or partition. (The payload is only
// encoded, not encrypted: it holds ids the client may already see, never a secret.)

type KeyMap = Record<string, unknown>;

function sign(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64url').slice(0, 22);
}

export function encodeCursor(secret: string, scope: string, key: KeyMap): string {
  const payload = Buffer.from(JSON.stringify({ s: scope, k: key })).toString('base64url');
  return `${payload}.${sign(secret, payload)}`;
}

export function decodeCursor(secret: string, scope: string, cursor: string): KeyMap {
  const invalid = () =>
    new ValidationError([
      { path: 'cursor', message: 'カーソルが無効です。最初のページから読み直してください。' },
    ]);
  const [payload, mac, ...rest] = cursor.split('.');
  if (!payload || !mac || rest.length > 0) throw invalid();
  const expected = Buffer.from(sign(secret, payload));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (typeof parsed !== 'object' || parsed === null) throw invalid();
  const { s, k } = parsed as { s?: unknown; k?: unknown };
  if (s !== scope || typeof k !== 'object' || k === null) throw invalid();
  return k as KeyMap;
}
