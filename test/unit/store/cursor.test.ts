import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../shared/domain';
import { decodeCursor, encodeCursor } from '../../../shared/store/cursor';

// A cursor carries DynamoDB's LastEvaluatedKey between pages. It is signed and bound to the
// query it came from: a client can hand back only what it was given, for the same list.

const SECRET = 'test-secret-that-is-long-enough-0123456789';
const SCOPE = 'gsi2|PLATFORM#saitama#NEED#open||{}';
const KEY = {
  pk: 'NEED#01HZY0000000000000000000ID',
  sk: 'NEED',
  gsi2pk: 'PLATFORM#saitama#NEED#open',
  gsi2sk: '01HZY0000000000000000000ID',
};

function expectInvalid(decode: () => unknown): void {
  let thrown: unknown;
  try {
    decode();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(ValidationError);
  expect((thrown as ValidationError).errors).toEqual([{ path: 'cursor', message: expect.any(String) }]);
}

/** Replaces the character at `i` with a different base64url character. */
function flip(s: string, i: number): string {
  const c = s[i] === 'A' ? 'B' : 'A';
  return s.slice(0, i) + c + s.slice(i + 1);
}

describe('cursors', () => {
  it('give back the key they were made from', () => {
    expect(decodeCursor(SECRET, SCOPE, encodeCursor(SECRET, SCOPE, KEY))).toEqual(KEY);
  });

  it('are URL-safe', () => {
    expect(encodeCursor(SECRET, SCOPE, KEY)).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
  });

  it('refuse any change to the payload', () => {
    const cursor = encodeCursor(SECRET, SCOPE, KEY);
    const payloadLength = cursor.indexOf('.');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: payloadLength - 1 }), (i) => {
        expectInvalid(() => decodeCursor(SECRET, SCOPE, flip(cursor, i)));
      }),
    );
  });

  it('refuse a forged or truncated signature', () => {
    const cursor = encodeCursor(SECRET, SCOPE, KEY);
    const [payload, mac] = cursor.split('.') as [string, string];

    expectInvalid(() => decodeCursor(SECRET, SCOPE, `${payload}.${flip(mac, 0)}`));
    expectInvalid(() => decodeCursor(SECRET, SCOPE, `${payload}.${mac.slice(1)}`));
    expectInvalid(() => decodeCursor(SECRET, SCOPE, payload));
    expectInvalid(() => decodeCursor(SECRET, SCOPE, `${cursor}.extra`));
  });

  it('refuse a cursor signed with another secret (another deployment)', () => {
    const foreign = encodeCursor('another-secret-that-is-long-enough-987654', SCOPE, KEY);

    expectInvalid(() => decodeCursor(SECRET, SCOPE, foreign));
  });

  it('are bound to the list they came from', () => {
    const cursor = encodeCursor(SECRET, SCOPE, KEY);

    expectInvalid(() => decodeCursor(SECRET, 'gsi2|PLATFORM#yamagata#NEED#open||{}', cursor));
    expectInvalid(() => decodeCursor(SECRET, 'gsi2|PLATFORM#saitama#NEED#closed||{}', cursor));
    expectInvalid(() => decodeCursor(SECRET, `${SCOPE}|(contains(#fields, :field))`, cursor));
  });

  it('refuse a correctly signed payload that holds no key', () => {
    // Signed the way the encoder signs, so only the content is wrong.
    const signed = (json: string) => {
      const payload = Buffer.from(json).toString('base64url');
      return `${payload}.${createHmac('sha256', SECRET).update(payload).digest('base64url').slice(0, 22)}`;
    };
    expect(decodeCursor(SECRET, SCOPE, signed(JSON.stringify({ s: SCOPE, k: KEY })))).toEqual(KEY);

    for (const json of [
      '{"s":',
      'null',
      '[]',
      '"text"',
      JSON.stringify({ s: SCOPE }),
      JSON.stringify({ s: SCOPE, k: null }),
    ]) {
      expectInvalid(() => decodeCursor(SECRET, SCOPE, signed(json)));
    }
  });

  it('refuse arbitrary strings with a ValidationError, never another error', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        expectInvalid(() => decodeCursor(SECRET, SCOPE, s));
      }),
    );
  });
});
