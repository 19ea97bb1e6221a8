import { beforeAll, describe, expect, it } from 'vitest';
import { PROBLEM_TYPES, type ProblemType } from '#domain';
import { needInput } from '#test/builders';
import {
  createHarness,
  expectProblem,
  type Harness,
  type Session,
  TEST_APP_URL,
  uniqueEmail,
} from '#test/harness';

// Issue 18, item 14: a problem's `type` is a URI under the app's own origin (APP_URL), not a
// domain the project does not own, and it resolves: GET of it is a page that explains the
// error in Japanese and English. Unknown types are "not found".

let h: Harness;
let member: Session;

beforeAll(async () => {
  h = await createHarness();
  member = await h.signIn(uniqueEmail('member'));
});

/** The app's answer to GET of a problem's type URI (its path, on this app). */
async function follow(typeUri: string): Promise<{ status: number; html: string; contentType: string }> {
  const url = new URL(typeUri);
  const res = await h.request(url.pathname);
  return { status: res.status, html: await res.text(), contentType: res.headers.get('content-type') ?? '' };
}

describe('problem type URIs', () => {
  it('are under APP_URL and lead to a page explaining the error', async () => {
    const validation = await expectProblem(
      await h.request('/v1/organizations', { method: 'POST', as: member, json: { name: '' } }),
      400,
      'validation',
    );
    const notFound = await expectProblem(
      await h.request('/v1/needs/01ARZ3NDEKTSV4RRFFQ69G5FAV', { as: member }),
      404,
    );
    const forbidden = await expectProblem(
      await h.request('/v1/platforms/no-such-platform/needs', {
        method: 'POST',
        as: member,
        json: needInput('01ARZ3NDEKTSV4RRFFQ69G5FAV'),
      }),
      403,
      'forbidden',
    );
    for (const problem of [validation, notFound, forbidden]) {
      expect(problem.type.startsWith(`${TEST_APP_URL}/problems/`), problem.type).toBe(true);
      const page = await follow(problem.type);
      expect(page.status, problem.type).toBe(200);
      expect(page.contentType).toMatch(/^text\/html/);
      const info = PROBLEM_TYPES[problem.type.split('/').at(-1) as ProblemType];
      expect(page.html).toContain(info.name.ja);
      expect(page.html).toContain(problem.type);
    }
  });

  it('follow another APP_URL: a deployment’s own origin', async () => {
    const other = await createHarness({
      TABLE_NAME: h.config.tableName,
      APP_URL: 'https://app.tsunagu.example.jp/',
    });
    const res = await other.request('/v1/no-such-route');
    const body = (await res.json()) as { type: string };
    expect(body.type).toBe('https://app.tsunagu.example.jp/problems/not-found');
  });

  it('every type has its page, in Japanese or in English, and /problems lists them all', async () => {
    const list = await h.request('/problems');
    expect(list.status).toBe(200);
    const listed = await list.text();
    for (const [type, info] of Object.entries(PROBLEM_TYPES)) {
      const res = await h.request(`/problems/${type}`);
      expect(res.status, type).toBe(200);
      const html = await res.text();
      expect(html, type).toContain('lang="ja"');
      expect(html, type).toContain(info.name.ja);
      expect(html, type).toContain(`<code>${info.status}</code>`);
      const en = await (
        await h.request(`/problems/${type}`, { headers: { 'accept-language': 'en' } })
      ).text();
      expect(en, type).toContain('<html lang="en">');
      expect(en, type).toContain(info.name.en);
      expect(en, type).not.toContain(`<h1>${info.name.ja}`);
      expect(listed, type).toContain(`id="${type}"`);
      expect(listed, type).toContain(`href="/problems/${type}"`);
    }
  });

  it('answers an unknown type with the "not found" page', async () => {
    for (const type of [
      'no-such-problem',
      '__proto__',
      'constructor',
      'toString',
      'VALIDATION',
      '%E3%81%82',
    ]) {
      const res = await h.request(`/problems/${type}`);
      expect(res.status, type).toBe(404);
      expect(res.headers.get('content-type'), type).toMatch(/^text\/html/);
    }
  });
});
