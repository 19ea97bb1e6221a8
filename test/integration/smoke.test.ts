import { describe, expect, it } from 'vitest';
import { createHarness, uniqueEmail } from '#test/harness';

describe('smoke', () => {
  it('signs in through the magic link and answers /v1/me', async () => {
    const h = await createHarness();
    const s = await h.signIn(uniqueEmail('npo'));
    const res = await h.request('/v1/me', { as: s });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { person: { email: string } };
    expect(body.person.email).toBe(s.email);
    const doc = await h.request('/v1/openapi.json');
    expect(doc.status).toBe(200);
  });
});
