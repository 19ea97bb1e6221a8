import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMatchRound } from '#batch';
import type { Match, Offer, Round } from '#domain';
import { type FaultyProxy, faultyProxy } from '#test/faulty-proxy';
import { createHarness, expectProblem, type Harness, jsonOf, uniqueEmail } from '#test/harness';
import { type KillableDynamoDb, killableDynamoDb } from '#test/killable-dynamodb';
import { expectWhole, type RoundSpec, roundState, seedRound } from '#test/round-data';

// Issue 25, item 10: DynamoDB Local really stopped (SIGKILL of its JVM, on a database file on disk)
// *during* a TransactWriteItems: the request has reached it, it is working on it, and it dies
// before its answer gets back. Then it is started again on the same file and port. Whatever it had
// committed must be whole (never half a transaction), the API must have said so with a 5xx
// problem+json (not a success it cannot vouch for), and the same request again must complete with
// exactly the result an undisturbed run has: no slot taken twice, no proposal or mail twice.
//
// The kill: once the proxy has handed the whole transaction to DynamoDB Local's socket, it holds
// every answer (none gets back to the app) and kills the JVM while it is busy: see
// killDuringTransaction. Then it resets the lines.

const MINUTE = 60_000;
// 09:30 in Tokyo: one round day for every round of this file.
const T0 = Date.parse('2026-11-24T00:30:00.000Z');

let dynamo: KillableDynamoDb;
const proxies: FaultyProxy[] = [];

beforeAll(async () => {
  dynamo = await killableDynamoDb();
}, 60_000);

afterAll(async () => {
  await Promise.all(proxies.map((p) => p.close()));
  await dynamo?.close();
});

interface Kill {
  /** Unanswered transactions (forwarded, no answer from DynamoDB Local yet) at the kill. */
  inFlight: number;
  /** How long after transaction `at` reached DynamoDB Local. */
  afterMs: number;
  /** How long the transaction before it took to be answered. */
  previousMs: number;
}

/**
 * Arms the proxy to kill DynamoDB Local once TransactWriteItems number `at` (0-based) has been
 * handed to it:
 * - `halfway`: no answer gets back to the app any more, and the kill comes half as long later as
 *   the transaction before took to be answered: while DynamoDB Local works on this one;
 * - `busy`: the kill comes at the first moment two or more transactions are in DynamoDB Local at
 *   once (handed to it, not answered): in the middle of a round's concurrent writes.
 * Then every line is reset. Resolves after that, with what was in flight.
 */
function killDuringTransaction(proxy: FaultyProxy, at: number, moment: 'halfway' | 'busy'): Promise<Kill> {
  let previousMs = 0;
  let forwarded = 0;
  let answered = 0;
  let armedAt: number | undefined;
  let killed = false;
  let done: (kill: Kill) => void = () => {};
  const result = new Promise<Kill>((resolve) => {
    done = resolve;
  });
  const kill = () => {
    if (killed) return;
    killed = true;
    const inFlight = forwarded - answered;
    const afterMs = performance.now() - armedAt!;
    void dynamo.kill().then(() => {
      proxy.cutAll();
      proxy.resume();
      done({ inFlight, afterMs, previousMs });
    });
  };
  const killIfBusy = () => {
    if (moment === 'busy' && armedAt !== undefined && forwarded - answered >= 2) kill();
  };
  proxy.onAnswered((operation, _seen, ms) => {
    if (operation !== 'TransactWriteItems' || killed) return;
    answered++;
    if (armedAt === undefined) previousMs = ms;
    killIfBusy();
  });
  proxy.onForwarded((operation, seen) => {
    if (operation !== 'TransactWriteItems' || killed) return;
    forwarded++;
    if (seen === at && armedAt === undefined) {
      armedAt = performance.now();
      if (moment === 'halfway') {
        proxy.holdAnswers();
        setTimeout(kill, previousMs / 2);
      }
    }
    killIfBusy();
  });
  return result;
}

/** Two views of one table on the killable DynamoDB Local: through the proxy (the app) and direct (the test). */
async function tables(proxy: FaultyProxy, now: () => Date): Promise<{ faulty: Harness; direct: Harness }> {
  const direct = await createHarness({ DYNAMODB_ENDPOINT: dynamo.endpoint }, { now });
  const faulty = await createHarness(
    { DYNAMODB_ENDPOINT: proxy.endpoint, TABLE_NAME: direct.config.tableName },
    { now },
  );
  return { faulty, direct };
}

/** A 5xx problem+json with nothing internal in it (the status is the app's choice: 500 or 503). */
async function expectServerProblem(res: Response): Promise<void> {
  expect(res.status).toBeGreaterThanOrEqual(500);
  await expectProblem(res, res.status);
}

describe('DynamoDB Local killed during a transaction', { timeout: 120_000 }, () => {
  it('the accept that connects an introduction: all or nothing, a 5xx, and the retry connects once, one slot taken', async () => {
    let clock = Date.parse('2026-11-02T01:00:00.000Z');
    const proxy = await faultyProxy(dynamo.endpoint);
    proxies.push(proxy);
    const { faulty, direct } = await tables(proxy, () => new Date(clock));

    // A need and an offer with two slots, one proposal between them; the NPO has accepted.
    const secretariatEmail = uniqueEmail('jimukyoku');
    const platformId = await direct.platform({}, [secretariatEmail]);
    const secretariat = await direct.signIn(secretariatEmail);
    const npo = await direct.member(platformId, secretariat, 'npo', {
      contact: { name: '川口 花子', email: uniqueEmail('npo-contact') },
    });
    const company = await direct.member(platformId, secretariat, 'company', {
      name: '株式会社さいたま食品',
      legalForm: 'company',
      contact: { name: '浦和 太郎', email: uniqueEmail('company-contact') },
    });
    const need = await direct.postNeed(npo.session, platformId, npo.org.id);
    const offer = await direct.postOffer(company.session, platformId, company.org.id, { slots: 2 });
    const round = await jsonOf<Round>(
      await direct.request(`/v1/platforms/${platformId}/runs/match`, { method: 'POST', as: secretariat }),
    );
    expect(round.written).toBe(1);
    const [proposed] = (await direct.ctx.store.matches.ofNeed(need.id, { limit: 10 })).items;
    const killing = killDuringTransaction(proxy, 1, 'halfway');
    clock += 60 * MINUTE;
    // The NPO's answer goes through undisturbed (transaction 0: it also says how long one takes).
    const accepted = await jsonOf<Match>(
      await faulty.request(`/v1/matches/${proposed!.id}/accept`, { method: 'POST', as: npo.session }),
    );
    expect(accepted.status).toBe('accepted');

    // The company's answer takes a slot, connects the two and writes both contact mails: killed.
    clock += MINUTE;
    const answer = await faulty.request(`/v1/matches/${proposed!.id}/accept`, {
      method: 'POST',
      as: company.session,
    });
    const { inFlight, afterMs, previousMs } = await killing;
    await expectServerProblem(answer);
    const restartMs = await dynamo.restart();

    // What DynamoDB Local kept: the whole transaction or none of it.
    const after = await stateOf(direct, platformId, proposed!.id, offer.id);
    const applied = after.match.status === 'connected';
    if (applied) {
      expect(after).toMatchObject({
        match: { status: 'connected', version: accepted.version + 1 },
        pair: { status: 'connected' },
        offer: { slotsUsed: 1, version: offer.version + 1 },
      });
      expect(after.contactMails).toEqual(['need', 'offer']);
    } else {
      expect(after.match).toMatchObject({ status: 'accepted', version: accepted.version });
      expect(after.match.responses.offer).toBeUndefined();
      expect(after.pair.status).toBe('accepted');
      expect(after.offer.slotsUsed ?? 0).toBe(0);
      expect(after.offer.version).toBe(offer.version);
      expect(after.contactMails).toEqual([]);
    }

    // The company tries again: connected, one slot taken, one contact mail to each side.
    clock += MINUTE;
    const retried = await jsonOf<Match>(
      await faulty.request(`/v1/matches/${proposed!.id}/accept`, { method: 'POST', as: company.session }),
    );
    const final = await stateOf(direct, platformId, proposed!.id, offer.id);
    expect(retried).toMatchObject({ status: 'connected' });
    expect(final).toMatchObject({
      match: {
        status: 'connected',
        version: accepted.version + 1,
        responses: { need: { decision: 'accepted' }, offer: { decision: 'accepted' } },
      },
      pair: { status: 'connected' },
      offer: { slotsUsed: 1, version: offer.version + 1 },
    });
    expect(final.contactMails).toEqual(['need', 'offer']);
    expect(final.proposalMails).toEqual(['need', 'offer']);
    console.info(
      `[faults] dynamodb killed ${afterMs.toFixed(1)} ms after the accept's transaction reached it (the one before took ${previousMs.toFixed(1)} ms; ${inFlight} unanswered at the kill): answered ${answer.status} problem+json; it had ${applied ? 'committed all of it' : 'committed none of it'}; restarted in ${(restartMs / 1000).toFixed(1)} s; the retry connected them with 1 slot of 2 taken and 2 contact mails`,
    );
  });

  it("the round's writes: every proposal whole or absent, a 5xx, and the rerun writes exactly what was missing", async () => {
    const spec: RoundSpec = {
      platformId: 'killed-round',
      seed: 25,
      npos: 16,
      needsPerNpo: 2,
      companies: 8,
      offersPerCompany: 2,
      domain: 'killed-round.example.jp',
      now: new Date(T0 - 3 * 86_400_000).toISOString(),
      secretariat: ['jimukyoku@killed-round.example.jp'],
    };
    let clock = T0;
    const now = () => new Date(clock);
    const proxy = await faultyProxy(dynamo.endpoint);
    proxies.push(proxy);
    // The control: the same postings (same ids) on the run's shared DynamoDB Local, one clean round.
    const control = async () => {
      const h = await createHarness({}, { now });
      await seedRound(h.ctx, spec);
      const round = await runMatchRound(h.ctx, spec.platformId);
      const state = await roundState(h.ctx, spec.platformId);
      return { round, pairs: expectWhole(state), matchIds: state.matches.map((m) => m.id).sort() };
    };
    const [clean, { faulty, direct }] = await Promise.all([
      control(),
      tables(proxy, now).then(async (t) => {
        await seedRound(t.direct.ctx, spec);
        return t;
      }),
    ]);
    expect(clean.pairs.length).toBeGreaterThanOrEqual(20);
    const secretariat = await direct.signIn(spec.secretariat![0]!);
    const killAt = 8;
    const killing = killDuringTransaction(proxy, killAt, 'busy');

    const res = await faulty.request(`/v1/platforms/${spec.platformId}/runs/match`, {
      method: 'POST',
      as: secretariat,
    });
    const { inFlight, afterMs } = await killing;
    // Killed while it had several of the round's transactions in hand.
    expect(inFlight).toBeGreaterThanOrEqual(2);
    await expectServerProblem(res);
    const restartMs = await dynamo.restart();

    const partial = expectWhole(await roundState(direct.ctx, spec.platformId));
    expect(partial.length).toBeLessThan(clean.pairs.length);
    expect(clean.pairs).toEqual(expect.arrayContaining(partial));
    expect(await direct.ctx.store.matches.latestRound(spec.platformId)).toBeUndefined();

    // The secretariat runs the round again the same day.
    clock += 10 * MINUTE;
    const again = await jsonOf<Round>(
      await faulty.request(`/v1/platforms/${spec.platformId}/runs/match`, {
        method: 'POST',
        as: secretariat,
      }),
    );
    const state = await roundState(direct.ctx, spec.platformId);

    expect(expectWhole(state)).toEqual(clean.pairs);
    expect(state.matches.map((m) => m.id).sort()).toEqual(clean.matchIds);
    expect(again).toMatchObject({ skipped: false, proposals: clean.round.proposals });
    expect(again.written).toBe(clean.pairs.length - partial.length);
    console.info(
      `[faults] dynamodb killed with ${inFlight} of the round's transactions in hand (handed to it, unanswered), ${afterMs.toFixed(1)} ms after transaction ${killAt + 1} reached it: answered ${res.status} problem+json; ${partial.length} of ${clean.pairs.length} proposals whole in the table, none half; restarted in ${(restartMs / 1000).toFixed(1)} s; the rerun wrote ${again.written}, the table then held exactly the clean run's ${clean.pairs.length}`,
    );
  });
});

/** Every item the accept's transaction touches, read directly: match, pair record, offer, mails. */
async function stateOf(h: Harness, platformId: string, matchId: string, offerId: string) {
  const all = await roundState(h.ctx, platformId);
  const match = (await h.ctx.store.matches.get(matchId))!;
  const pair = all.pairs.find((p) => p.matchId === matchId)!;
  const offer = (await h.ctx.store.offers.get(offerId)) as Offer;
  const sides = (event: string) =>
    all.mails
      .filter((m) => m.key.startsWith(`match#${matchId}#${event}#`))
      // match#<id>#<event>#<side>, then #owner#<address> while a contact is unconfirmed.
      .map((m) => m.key.split('#')[3])
      .sort();
  return { match, pair, offer, contactMails: sides('connected'), proposalMails: sides('proposed') };
}
