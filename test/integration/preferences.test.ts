import { beforeAll, describe, expect, it } from 'vitest';
import type { Preferences } from '#domain';
import {
  createHarness,
  errorPaths,
  expectProblem,
  type Harness,
  jsonOf,
  type Member,
  uniqueEmail,
} from '#test/harness';

// PUT /v1/me/preferences takes a map keyed by platform id (digest). Its keys are user input: they
// must name real platforms, must not reach the marshaller or the prototype chain as anything but
// data, and one request is one write: a refused request changes nothing, not even the language.

let h: Harness;
let platformId: string;
let otherPlatformId: string;
let member: Member;

const read = async () => jsonOf<Preferences>(await h.request('/v1/me/preferences', { as: member.session }));
const put = (json: unknown) => h.request('/v1/me/preferences', { method: 'PUT', as: member.session, json });
const valid = (change: Partial<Preferences> = {}) => ({
  language: 'ja',
  digest: {},
  fields: [],
  regions: { prefectures: [], municipalities: [] },
  ...change,
});

beforeAll(async () => {
  h = await createHarness();
  const secretariatEmail = uniqueEmail('prefs-secretariat');
  platformId = await h.platform({}, [secretariatEmail]);
  otherPlatformId = await h.platform();
  member = await h.member(platformId, await h.signIn(secretariatEmail), 'prefs');
});

describe('the digest map of PUT /v1/me/preferences', () => {
  it.each(['constructor', 'prototype', 'tostring', 'hasownproperty', 'no-such-platform'])(
    'refuses the key %j with 400 naming it, and keeps the language as it was',
    async (key) => {
      const before = await read();
      const problem = await expectProblem(
        await put(valid({ language: 'en', digest: { [key]: 'off' } })),
        400,
        'validation',
      );
      expect(errorPaths(problem)).toEqual([`digest.${key}`]);
      expect(await read()).toEqual(before);
    },
  );

  it('refuses keys that are not platform ids at all, without a 500', async () => {
    for (const key of ['__proto__', '', 'A', 'x'.repeat(300), 'a.b', '💥']) {
      const res = await h.request('/v1/me/preferences', {
        method: 'PUT',
        as: member.session,
        headers: { 'content-type': 'application/json' },
        body: `{"language":"en","digest":{${JSON.stringify(key)}:"off"},"fields":[],"regions":{"prefectures":[],"municipalities":[]}}`,
      });
      expect(res.status, key).toBeLessThan(500);
      expect((await read()).language).toBe('ja');
    }
  });

  it('names only the unknown keys when some are real', async () => {
    const problem = await expectProblem(
      await put(valid({ digest: { [platformId]: 'off', 'gone-platform': 'off', [otherPlatformId]: 'off' } })),
      400,
      'validation',
    );
    expect(errorPaths(problem)).toEqual(['digest.gone-platform']);
  });

  it('stores real platforms’ choices with the language and introduction mails in one write', async () => {
    const saved = await jsonOf<Preferences>(
      await put(valid({ language: 'en', digest: { [platformId]: 'off' }, introductionMails: 'off' })),
    );
    expect(saved).toMatchObject({
      language: 'en',
      digest: { [platformId]: 'off' },
      introductionMails: 'off',
    });
    expect(await read()).toEqual(saved);
    const back = await jsonOf<Preferences>(
      await put(valid({ language: 'ja', digest: { [platformId]: 'weekly' }, introductionMails: 'on' })),
    );
    expect(back).toMatchObject({
      language: 'ja',
      digest: { [platformId]: 'weekly' },
      introductionMails: 'on',
    });
    expect(await read()).toEqual(back);
  });
});
