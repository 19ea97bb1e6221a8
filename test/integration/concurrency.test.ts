import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { inChunks, runMatchRound } from '#batch';
import { type Match, type Need, needCreateSchema, type Offer, parse, type Round } from '#domain';
import { sesLocalStore } from '#local';
import { proposalOf } from '#test/builders';
import { onCommand } from '#test/dynamo-watch';
import {
  createHarness,
  expectProblem,
  type Harness,
  isContactConfirmation,
  jsonOf,
  type Session,
  uniqueEmail,
} from '#test/harness';
import { type HttpApp, serveOverHttp } from '#test/http';
import { expectWhole, type RoundSpec, roundState, seedRound } from '#test/round-data';
import { tagOf } from '#test/ses-events';

// Concurrency (issue 8), through real HTTP where members would act: two rounds of one platform at
// once, parallel edits of one need with the same version, and 200 acceptances racing for an
// offer's few slots (introductions.test.ts has the same race with 50, in process). The invariants
// live in conditions of the store's writes; these tests fail when one is taken away.

const T0 = Date.parse('2026-11-24T00:30:00.000Z');

/** The same postings (same ids) on each platform; platform ids differ so their mails differ in SES local. */
const spec = (platformId: string, secretariat: string[] = []): RoundSpec => ({
  platformId,
  seed: 9,
  npos: 24,
  needsPerNpo: 2,
  companies: 10,
  offersPerCompany: 2,
  domain: `${platformId}.example.jp`,
  now: new Date(T0 - 3 * 86_400_000).toISOString(),
  secretariat,
});

const servers: HttpApp[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function served(h: Harness): Promise<HttpApp> {
  const server = await serveOverHttp(h);
  servers.push(server);
  return server;
}

describe('two rounds of one platform at the same time', { timeout: 60_000 }, () => {
  let control: string[];

  beforeAll(async () => {
    const clean = await createHarness({}, { now: () => new Date(T0) });
    await seedRound(clean.ctx, spec('race-control'));
    await runMatchRound(clean.ctx, 'race-control');
    control = expectWhole(await roundState(clean.ctx, 'race-control'));
    expect(control.length).toBeGreaterThanOrEqual(40);
  }, 120_000);

  it('started at once through the API, propose one set and mail each proposal once', async () => {
    const secretariatEmail = uniqueEmail('race-jimukyoku');
    const h = await createHarness({}, { now: () => new Date(T0) });
    // A second instance of the app on the same table: another Lambda, another DynamoDB client.
    const other = await createHarness({ TABLE_NAME: h.config.tableName }, { now: () => new Date(T0) });
    await seedRound(h.ctx, spec('race-http', [secretariatEmail]));
    const secretariat = await h.signIn(secretariatEmail);
    const [a, b] = await Promise.all([served(h), served(other)]);

    const rounds = await Promise.all(
      [a, b].map(async (server) =>
        jsonOf<Round>(
          await server.request('/v1/platforms/race-http/runs/match', { method: 'POST', as: secretariat }),
        ),
      ),
    );

    const state = await roundState(h.ctx, 'race-http');
    expect(expectWhole(state)).toEqual(control);
    expect(rounds[0]!.written + rounds[1]!.written).toBe(control.length);
    expect(state.mails).toHaveLength(2 * control.length);

    // Two senders at once send each proposal exactly once.
    const reports = await Promise.all([h.drain({ concurrency: 4 }), other.drain({ concurrency: 4 })]);
    const tags = new Set(state.mails.map((m) => m.tag));
    const perTag = new Map<string, number>();
    for (const m of await sesLocalStore(inject('sesEndpoint')).list()) {
      const tag = tagOf(m) ?? '';
      if (tags.has(tag)) perTag.set(tag, (perTag.get(tag) ?? 0) + 1);
    }
    expect([...tags].filter((t) => perTag.get(t) !== 1)).toEqual([]);
    expect(reports[0]!.sent + reports[1]!.sent).toBe(tags.size);
    console.info(
      `[concurrency] two rounds at once (HTTP): wrote ${rounds[0]!.written} + ${rounds[1]!.written} = ${control.length} proposals (clean run: ${control.length}); two senders sent ${reports[0]!.sent} + ${reports[1]!.sent} mails, each once`,
    );
  });

  it('a second round started while the first is writing adds nothing the first would not', async () => {
    const h = await createHarness({}, { now: () => new Date(T0) });
    const other = await createHarness({ TABLE_NAME: h.config.tableName }, { now: () => new Date(T0) });
    let second: Promise<Round> | undefined;
    // The second round reads the pairs after the first has written ten proposals.
    onCommand(h.ctx.dynamo, 'TransactWriteItems', 10, () => {
      second = runMatchRound(other.ctx, 'race-batch');
    });
    await seedRound(other.ctx, spec('race-batch'));

    const first = await runMatchRound(h.ctx, 'race-batch');
    expect(second).toBeDefined();
    const late = await second!;

    const state = await roundState(h.ctx, 'race-batch');
    expect(expectWhole(state)).toEqual(control);
    expect(first.written + late.written).toBe(control.length);
    expect(late.proposals).toBe(first.proposals);
    console.info(
      `[concurrency] second round started after 10 writes: first wrote ${first.written}, second ${late.written}, ${state.pairs.length} pairs in all (clean run: ${control.length})`,
    );
  });
});

describe('parallel edits of one need with the version read', { timeout: 60_000 }, () => {
  it('let exactly one win; the others get 409 and the need is the winner’s', async () => {
    const h = await createHarness();
    const secretariatEmail = uniqueEmail('edit-jimukyoku');
    const platformId = await h.platform({}, [secretariatEmail]);
    const npo = await h.member(platformId, await h.signIn(secretariatEmail), 'editor');
    const need = await h.postNeed(npo.session, platformId, npo.org.id);
    const server = await served(h);
    const EDITS = 30;

    const answers = await Promise.all(
      Array.from({ length: EDITS }, (_, i) =>
        server.request(`/v1/needs/${need.id}`, {
          method: 'PATCH',
          as: npo.session,
          json: { version: need.version, title: `編集 ${i + 1}`, capacity: { people: 10 + i } },
        }),
      ),
    );

    const won = answers.filter((r) => r.status === 200);
    const lost = answers.filter((r) => r.status !== 200);
    expect(won).toHaveLength(1);
    for (const res of lost) await expectProblem(res, 409, 'stale-version');
    const winner = await jsonOf<Need>(won[0]!);
    const stored = await jsonOf<Need>(await server.request(`/v1/needs/${need.id}`, { as: npo.session }));
    expect(stored).toMatchObject({
      version: need.version + 1,
      title: winner.title,
      capacity: winner.capacity,
    });
    console.info(
      `[concurrency] ${EDITS} PATCHes with version ${need.version}: 1 × 200 (${winner.title}), ${lost.length} × 409`,
    );
  });
});

describe("an offer's few slots", () => {
  const SLOTS = 5;
  const CLIENTS = 200;

  it(`are never overbooked by ${CLIENTS} acceptances at once over HTTP`, { timeout: 120_000 }, async () => {
    const h = await createHarness({ MAGIC_LINKS_PER_IP: '10000', MAGIC_LINKS_PER_DOMAIN: '10000' });
    const secretariatEmail = uniqueEmail('slots-jimukyoku');
    const platformId = await h.platform({}, [secretariatEmail]);
    const secretariat = await h.signIn(secretariatEmail);
    const companyContact = uniqueEmail('slots-company');
    const npoContact = uniqueEmail('slots-npo');
    const company = await h.member(platformId, secretariat, 'slots-company', {
      name: '株式会社さいたま食品',
      legalForm: 'company',
      contact: { name: '浦和 太郎', email: companyContact },
    });
    const npo = await h.member(platformId, secretariat, 'slots-npo', {
      contact: { name: '川口 花子', email: npoContact },
    });
    await h.confirmContact(company.org);
    await h.confirmContact(npo.org);
    const offer = await h.postOffer(company.session, platformId, company.org.id, {
      slots: SLOTS,
      introductionsPerRound: 50,
    });
    // One NPO network with 200 needs (written through the store: the race is the point, not the posting).
    const now = h.ctx.now().toISOString();
    const needs = Array.from(
      { length: CLIENTS },
      (_, i): Need =>
        ({
          ...parse(needCreateSchema, {
            organizationId: npo.org.id,
            kind: 'venue',
            title: `子ども食堂の会場 ${i + 1}`,
            fields: ['children_youth'],
            location: { prefecture: '11', municipality: '11203' },
            capacity: { people: 30 },
            period: { start: '2026-04-01', end: '2027-03-31' },
          }),
          id: ulid(),
          platformId,
          status: 'open',
          createdBy: npo.session.personId,
          createdAt: now,
          updatedAt: now,
          version: 1,
        }) as Need,
    );
    await inChunks(needs, 20, (n) => h.ctx.store.needs.create(n));
    const matches = needs.map((need) => proposalOf(need, offer, now));
    await inChunks(matches, 20, async (m) => expect(await h.ctx.store.matches.propose(m)).toBe('proposed'));
    const server = await served(h);
    const accept = (m: Match, as: Session) =>
      server.request(`/v1/matches/${m.id}/accept`, { method: 'POST', as });

    const needSide = await Promise.all(matches.map((m) => accept(m, npo.session)));
    for (const res of needSide) expect((await jsonOf<Match>(res)).status).toBe('accepted');

    const offerSide = await Promise.all(matches.map((m) => accept(m, company.session)));

    const statuses = new Map<number, number>();
    for (const res of offerSide) statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    expect(Object.fromEntries(statuses)).toEqual({ 200: SLOTS, 409: CLIENTS - SLOTS });
    for (const res of offerSide) {
      if (res.status === 200) expect((await jsonOf<Match>(res)).status).toBe('connected');
      else await expectProblem(res, 409, 'offer-full');
    }
    const stored = await jsonOf<Offer>(
      await server.request(`/v1/offers/${offer.id}`, { as: company.session }),
    );
    expect(stored.slotsUsed).toBe(SLOTS);
    const all = await h.ctx.store.matches.getMany(matches.map((m) => m.id));
    expect(all.filter((m) => m.status === 'connected')).toHaveLength(SLOTS);
    expect(all.filter((m) => m.status === 'accepted')).toHaveLength(CLIENTS - SLOTS);

    // Each side receives the other's contact exactly SLOTS times.
    await h.drain();
    const contactExchanges = async (to: string) =>
      (await h.mails(to)).filter((m) => !isContactConfirmation(m));
    expect(await contactExchanges(companyContact)).toHaveLength(SLOTS);
    expect(await contactExchanges(npoContact)).toHaveLength(SLOTS);
    console.info(
      `[concurrency] ${CLIENTS} acceptances at once for ${SLOTS} slots (HTTP): ${statuses.get(200)} × 200 connected, ${statuses.get(409)} × 409 offer-full, slotsUsed ${stored.slotsUsed}`,
    );
  });
});
