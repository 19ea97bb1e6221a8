import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { runMatchRounds } from '#batch';
import type { Match, Need, Round } from '#domain';
import {
  createHarness,
  expectProblem,
  type Harness,
  jsonOf,
  type Page,
  type Session,
  uniqueEmail,
} from '#test/harness';
import { DEMO_LOGINS, seedDemo } from '../../infra/local/seed';

// A matching round on the seeded demo platforms, driven the way a secretariat and members would.

const run = promisify(execFile);

async function inboxOf(h: Harness, as: Session): Promise<Match[]> {
  const me = await jsonOf<{ organizations: { organizationId: string }[] }>(await h.request('/v1/me', { as }));
  const orgId = me.organizations[0]!.organizationId;
  const page = await jsonOf<Page<Match>>(
    await h.request(`/v1/matches?organizationId=${orgId}&limit=100`, { as }),
  );
  return page.items;
}

describe('a matching round', () => {
  let h: Harness;
  let secretariat: Session;
  let npo: Session;
  let company: Session;
  let outsider: Session;
  let first: Round;

  beforeAll(async () => {
    h = await createHarness();
    await seedDemo(h.ctx);
    [secretariat, npo, company, outsider] = await Promise.all([
      h.signIn(DEMO_LOGINS.kawaguchiSecretariat),
      h.signIn(DEMO_LOGINS.npo),
      h.signIn(DEMO_LOGINS.company),
      h.signIn(uniqueEmail('outsider')),
    ]);
    await h.organization(outsider);
    first = await jsonOf<Round>(
      await h.request('/v1/platforms/kawaguchi/runs/match', { method: 'POST', as: secretariat }),
    );
  });

  it('proposes matches and records the round with its counts', () => {
    expect(first).toMatchObject({ platformId: 'kawaguchi', skipped: false });
    expect(first.proposals).toBeGreaterThan(0);
    expect(first.written).toBe(first.proposals);
    expect(first.candidatePairs).toBeGreaterThanOrEqual(first.proposals);
  });

  it('shows each match to both organisations, with a Japanese explanation and a breakdown', async () => {
    const npoInbox = await inboxOf(h, npo);
    const companyInbox = await inboxOf(h, company);
    const shared = npoInbox.filter((m) => companyInbox.some((c) => c.id === m.id));
    expect(shared.length).toBeGreaterThan(0);
    const match = await jsonOf<Match>(await h.request(`/v1/matches/${shared[0]!.id}`, { as: npo }));
    expect(match.status).toBe('proposed');
    expect(match.origin).toBe('round');
    expect(match.explanation?.ja).toMatch(/[ぁ-んァ-ン一-龥]/);
    expect(match.score).toBeGreaterThan(0);
    expect(Object.keys(match.breakdown ?? {}).sort()).toEqual([
      'capacity',
      'field',
      'freshness',
      'region',
      'timing',
    ]);
    expect(JSON.stringify(match)).not.toContain('@');
  });

  it('hides a match from a third organisation', async () => {
    const [match] = await inboxOf(h, npo);
    await expectProblem(await h.request(`/v1/matches/${match!.id}`, { as: outsider }), 404);
    const outsiderInbox = await inboxOf(h, outsider);
    expect(outsiderInbox.map((m) => m.id)).not.toContain(match!.id);
  });

  it('adds nothing when the round runs again, by API or by the batch function', async () => {
    const before = (await inboxOf(h, npo)).length;
    const again = await jsonOf<Round>(
      await h.request('/v1/platforms/kawaguchi/runs/match', { method: 'POST', as: secretariat }),
    );
    const batch = await runMatchRounds(h.ctx, { platformId: 'kawaguchi' });
    expect(again.written).toBe(0);
    expect(batch.rounds[0]!.written).toBe(0);
    expect(batch.rounds[0]!.skipped).toBe(true);
    expect((await inboxOf(h, npo)).length).toBe(before);
  });

  it('adds nothing when `npm run match` runs the round again from the command line', async () => {
    const before = (await inboxOf(h, npo)).length;
    const { stdout } = await run('npx', ['tsx', 'infra/cli/match.ts', '--platform', 'kawaguchi'], {
      env: h.cliEnv(),
    });
    expect(stdout).toMatch(/^kawaguchi round \d{4}-\d{2}-\d{2}: nothing new, skipped/m);
    expect((await inboxOf(h, npo)).length).toBe(before);
  });

  it('does not propose the same pair again in a later round', async () => {
    // One of the NPO's needs with a proposal is edited, so the later round runs the engine (a
    // round with nothing new is skipped, which would prove nothing here).
    const [proposed] = (await inboxOf(h, npo)).filter((m) => m.status === 'proposed');
    const path = `/v1/needs/${proposed!.needId}`;
    const need = await jsonOf<Need>(await h.request(path, { as: npo }));
    const edited = await h.request(path, {
      method: 'PATCH',
      as: npo,
      json: { version: need.version, description: `${need.description}（日程を更新しました）` },
    });
    expect(edited.status).toBe(200);
    const later = await runMatchRounds(h.ctx, { platformId: 'kawaguchi', roundId: 'later-round' });
    const round = later.rounds[0]!;
    expect(round.skipped).toBe(false);
    // What the engine proposed was new: each proposal written, or left for later by the inbox cap.
    expect(round.written + (round.deferred ?? 0)).toBe(round.proposals);
    // Every pair of the platform has one match at most; the edited need's pair still has its one.
    const needs = await h.ctx.store.needs.openOf('kawaguchi');
    const matches = (
      await Promise.all(needs.map((n) => h.ctx.store.matches.ofNeed(n.id, { limit: 100 })))
    ).flatMap((page) => page.items);
    const pairs = matches.map((m) => `${m.needId}|${m.offerId}`);
    expect(new Set(pairs).size).toBe(pairs.length);
    expect(pairs.filter((p) => p === `${proposed!.needId}|${proposed!.offerId}`)).toHaveLength(1);
  });

  it('lets only the secretariat run a round or read the rounds', async () => {
    await expectProblem(
      await h.request('/v1/platforms/kawaguchi/runs/match', { method: 'POST', as: npo }),
      403,
    );
    await expectProblem(await h.request('/v1/platforms/kawaguchi/rounds', { as: company }), 403);
    const rounds = await jsonOf<Page<Round>>(
      await h.request('/v1/platforms/kawaguchi/rounds', { as: secretariat }),
    );
    expect(rounds.items.length).toBeGreaterThanOrEqual(3);
    expect(rounds.items[0]!.startedAt >= rounds.items.at(-1)!.startedAt).toBe(true);
  });

  it("does not let a member read another organisation's inbox", async () => {
    const me = await jsonOf<{ organizations: { organizationId: string }[] }>(
      await h.request('/v1/me', { as: npo }),
    );
    const npoOrg = me.organizations[0]!.organizationId;
    await expectProblem(await h.request(`/v1/matches?organizationId=${npoOrg}`, { as: company }), 403);
  });
});
