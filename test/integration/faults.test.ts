import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { runMatchRound } from '#batch';
import type { Round } from '#domain';
import { type Email, sesLocalStore } from '#local';
import type { SendReport } from '#mail';
import { inFlight } from '#test/dynamo-watch';
import { type FaultyProxy, faultyProxy } from '#test/faulty-proxy';
import { type FaultySes, faultySes } from '#test/faulty-ses';
import { createHarness, type Harness } from '#test/harness';
import { expectWhole, type RoundSpec, roundState, seedRound } from '#test/round-data';
import { fraction, rng, shuffle } from '#test/seeded';
import { bounceEvent, complaintEvent, deliveryEvent, sentEvent, tagOf } from '#test/ses-events';

// Faults with the real servers (issue 8): DynamoDB Local stopped and slowed in the middle of a
// matching round (through a TCP proxy), SES throttling and failing 30% of calls (through an HTTP
// proxy), the sender killed three times mid-batch (a child process, SIGKILL), and SES events
// delivered twice and out of order. Seeds are fixed; no mock of DynamoDB or SES.

const MINUTE = 60_000;
/** The DynamoDB client timeout of the table that goes silent: short, so the test takes seconds. */
const SILENCE_TIMEOUT_MS = 1000;
// 09:30 in Tokyo: one round day for every round of this file.
const T0 = Date.parse('2026-11-24T00:30:00.000Z');

/** The platform of the DynamoDB scenarios: 48 needs, 20 offers, enough proposals that writing takes a while. */
const roundSpec: RoundSpec = {
  // Fixed ids (each run has fresh stand-ins, each harness a fresh table): the same faults every run.
  platformId: 'faults-round',
  seed: 8,
  npos: 24,
  needsPerNpo: 2,
  companies: 10,
  offersPerCompany: 2,
  domain: 'faults-round.example.jp',
  now: new Date(T0 - 3 * 86_400_000).toISOString(),
};

/** The platform of the sender scenario: one need per NPO, one offer per company. */
const senderSpec: RoundSpec = {
  platformId: 'faults-sender',
  seed: 21,
  npos: 30,
  needsPerNpo: 1,
  companies: 12,
  offersPerCompany: 1,
  domain: 'faults-sender.example.jp',
  now: new Date(T0 - 3 * 86_400_000).toISOString(),
};

interface Proxied {
  proxy: FaultyProxy;
  /** The round's side: the table through the proxy. */
  faulty: Harness;
  /** The test's view: the same table, directly. */
  direct: Harness;
  later(ms: number): void;
  /** DynamoDB calls of the round under way, retries included. */
  busy(): number;
}

const proxies: FaultyProxy[] = [];

/** Stalls the line as transaction n + 1 goes out (that one never arrives); tells whether it has. */
function pauseAtTransaction(proxy: FaultyProxy, n: number): () => boolean {
  let paused = false;
  proxy.onRequest((operation, seen) => {
    if (operation === 'TransactWriteItems' && seen === n && !paused) {
      paused = true;
      proxy.pause();
    }
  });
  return () => paused;
}

/** A fresh table seeded with the round spec, reached through its own faulty proxy by the round. */
async function throughProxy(env: Record<string, string> = {}): Promise<Proxied> {
  const proxy = await faultyProxy(inject('dynamoEndpoint'));
  proxies.push(proxy);
  let clock = T0;
  const faulty = await createHarness(
    { DYNAMODB_ENDPOINT: proxy.endpoint, ...env },
    { now: () => new Date(clock) },
  );
  const direct = await createHarness({ TABLE_NAME: faulty.config.tableName }, { now: () => new Date(clock) });
  await seedRound(direct.ctx, roundSpec);
  const later = (ms: number) => {
    clock += ms;
  };
  return { proxy, faulty, direct, later, busy: inFlight(faulty.ctx.dynamo) };
}

let control: { round: Round; pairs: string[]; matchIds: string[] };
let stopped: Proxied;
let stalled: Proxied;
let silent: Proxied;
let sender: Harness;

// Every table is seeded at once: DynamoDB Local has two cores to work with.
beforeAll(async () => {
  const clean = async () => {
    // The control: the same postings (same ids) in a table of its own, one clean round.
    const h = await createHarness({}, { now: () => new Date(T0) });
    await seedRound(h.ctx, roundSpec);
    const round = await runMatchRound(h.ctx, roundSpec.platformId);
    const state = await roundState(h.ctx, roundSpec.platformId);
    control = { round, pairs: expectWhole(state), matchIds: state.matches.map((m) => m.id).sort() };
  };
  const senderTable = async () => {
    sender = await createHarness({}, { now: () => new Date(T0) });
    await seedRound(sender.ctx, senderSpec);
  };
  [stopped, stalled, silent] = await Promise.all([
    throughProxy(),
    throughProxy(),
    throughProxy({ DYNAMODB_TIMEOUT_MS: String(SILENCE_TIMEOUT_MS) }),
    clean(),
    senderTable(),
  ]);
  expect(control.pairs.length).toBeGreaterThanOrEqual(40);
}, 180_000);

afterAll(async () => {
  await Promise.all(proxies.map((p) => p.close()));
});

describe('DynamoDB Local stopped or stalled in the middle of a round', { timeout: 60_000 }, () => {
  const { platformId } = roundSpec;

  it('leaves no match half-written when it stops, and the next round completes the same proposals', async () => {
    const { proxy, faulty, direct, later, busy } = stopped;
    const stopAt = 20;
    let stoppedAt: number | undefined;
    proxy.onRequest((operation, seen) => {
      if (operation === 'TransactWriteItems' && seen === stopAt && stoppedAt === undefined) {
        stoppedAt = seen;
        proxy.stop();
      }
    });

    await expect(runMatchRound(faulty.ctx, platformId)).rejects.toThrow();
    // Every call of the failed round has given up (retries included) before we look.
    await vi.waitFor(() => expect(busy()).toBe(0), { timeout: 20_000, interval: 20 });
    expect(stoppedAt).toBe(stopAt);
    const partial = expectWhole(await roundState(direct.ctx, platformId));
    expect(partial.length).toBeGreaterThan(0);
    expect(partial.length).toBeLessThan(control.pairs.length);
    expect(control.pairs).toEqual(expect.arrayContaining(partial));
    expect(await direct.ctx.store.matches.latestRound(platformId)).toBeUndefined();

    // DynamoDB Local is back; the round runs again the same day.
    await proxy.start();
    later(10 * MINUTE);
    const again = await runMatchRound(faulty.ctx, platformId);
    const state = await roundState(direct.ctx, platformId);

    expect(expectWhole(state)).toEqual(control.pairs);
    expect(state.matches.map((m) => m.id).sort()).toEqual(control.matchIds);
    expect(again).toMatchObject({ skipped: false, proposals: control.round.proposals });
    expect(again.written).toBe(control.pairs.length - partial.length);
    console.info(
      `[faults] dynamodb stopped as transaction ${stopAt + 1} went out: ${partial.length} of ${control.pairs.length} proposals written before, ${again.written} by the next round; connections reset ${proxy.stats.cut}`,
    );
  });

  it('completes a round slowed, stalled and reset on the way with exactly the proposals of a clean run', async () => {
    const { proxy, faulty, direct, busy } = stalled;
    proxy.delay(5);
    const stallAt = 15;
    const paused = pauseAtTransaction(proxy, stallAt);

    const round = runMatchRound(faulty.ctx, platformId);
    // The server stalls: the round's calls hang on it, nothing more is written…
    await vi.waitFor(() => expect(paused()).toBe(true), { timeout: 20_000, interval: 10 });
    // (what reached the server before the stall is written; then the count stays put)
    let during = -1;
    await vi.waitFor(
      async () => {
        const before = during;
        during = (await roundState(direct.ctx, platformId)).pairs.length;
        expect(during).toBe(before);
      },
      { timeout: 20_000, interval: 50 },
    );
    const hanging = busy();
    expect(hanging).toBeGreaterThan(0);
    // …then the connections drop (replies in flight are lost) and it answers again, still slowly.
    const reset = proxy.cutAll();
    proxy.resume();
    const done = await round;
    proxy.delay(0);

    const state = await roundState(direct.ctx, platformId);
    expect(paused()).toBe(true);
    expect(during).toBeLessThan(control.pairs.length);
    expect(reset).toBeGreaterThan(0);
    expect(expectWhole(state)).toEqual(control.pairs);
    expect(state.matches.map((m) => m.id).sort()).toEqual(control.matchIds);
    expect(done.proposals).toBe(control.round.proposals);
    expect(done.written).toBeLessThanOrEqual(control.pairs.length);
    console.info(
      `[faults] dynamodb slowed (5 ms a chunk), stalled as transaction ${stallAt + 1} went out, with ${during} written and ${hanging} calls hanging, ${reset} connections reset: round wrote ${done.written}, table has ${state.pairs.length} of ${control.pairs.length}`,
    );
  });

  it('fails a round within seconds when DynamoDB goes silent for good, half-writes nothing, and the next round completes', async () => {
    const { proxy, faulty, direct, later, busy } = silent;
    const stallAt = 10;
    const paused = pauseAtTransaction(proxy, stallAt);

    // Every call, and each retry, meets a connection that never answers: the client's timeout
    // ends each attempt, so the round fails instead of hanging until someone resets the line.
    const started = performance.now();
    await expect(runMatchRound(faulty.ctx, platformId)).rejects.toThrow();
    const failedAfterMs = performance.now() - started;
    await vi.waitFor(() => expect(busy()).toBe(0), { timeout: 20_000, interval: 20 });
    expect(paused()).toBe(true);
    expect(failedAfterMs).toBeLessThan(15 * SILENCE_TIMEOUT_MS);
    const partial = expectWhole(await roundState(direct.ctx, platformId));
    expect(partial.length).toBeLessThan(control.pairs.length);
    expect(control.pairs).toEqual(expect.arrayContaining(partial));

    proxy.resume();
    later(10 * MINUTE);
    const again = await runMatchRound(faulty.ctx, platformId);
    const state = await roundState(direct.ctx, platformId);

    expect(expectWhole(state)).toEqual(control.pairs);
    expect(state.matches.map((m) => m.id).sort()).toEqual(control.matchIds);
    expect(again.written).toBe(control.pairs.length - partial.length);
    console.info(
      `[faults] dynamodb silent from transaction ${stallAt + 1} on (timeout ${SILENCE_TIMEOUT_MS} ms a call): the round failed after ${(failedAfterMs / 1000).toFixed(1)} s with ${partial.length} of ${control.pairs.length} written; the next round wrote ${again.written}`,
    );
  });
});

// --- the sender: SES faults, three kills, SES events twice and out of order ------------------------

interface SenderRun {
  /** Lets the run start (it has loaded everything by then, or does so first). */
  go(): void;
  /** Ends the process at once (SIGKILL: no finally, no cleanup) and waits until it is gone. */
  kill(): Promise<void>;
  /** Waits for the run to end by itself and returns its report. */
  done(): Promise<SendReport>;
}

const WORKER = fileURLToPath(new URL('../support/send-worker.ts', import.meta.url));
const children: ChildProcess[] = [];

afterAll(() => {
  // A failed test leaves no sender behind.
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/**
 * `sendPending` in a child process, as the send Lambda would run it, with its clock at `at`.
 * Started ahead: it loads the app, then waits for go(), so the test does not wait for Node.
 */
function startSender(env: Record<string, string | undefined>, at: number, seed: number): SenderRun {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', WORKER, '--at', new Date(at).toISOString(), '--seed', String(seed), '--wait'],
    { env, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  children.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    go() {
      child.stdin!.end('go\n');
    },
    async kill() {
      child.kill('SIGKILL');
      expect((await exited).signal).toBe('SIGKILL');
    },
    async done() {
      const { code } = await exited;
      if (code !== 0) throw new Error(`sender exited with ${code}: ${err}`);
      return JSON.parse(out.trim().split('\n').at(-1)!) as SendReport;
    },
  };
}

/** The ses-events Lambda itself (functions/ses-events.ts), configured for this table through its environment. */
async function sesEventsLambda(
  env: Record<string, string | undefined>,
): Promise<(event: unknown) => unknown> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  const set = (values: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  set(env);
  try {
    return (await import('../../functions/ses-events')).handler;
  } finally {
    set(saved);
  }
}

type Fate = 'bounce' | 'transient' | 'complaint' | 'none';

describe('a sender killed three times mid-batch while SES throttles or fails 30% of calls', () => {
  const { platformId } = senderSpec;
  let ses: FaultySes;

  beforeAll(async () => {
    ses = await faultySes(inject('sesEndpoint'), { seed: 30, rate: 0.3 });
  });

  afterAll(async () => {
    await ses?.close();
  });

  it('ends with every planned mail sent exactly once, every row sent, and the right addresses suppressed', {
    timeout: 180_000,
  }, async () => {
    const h = sender;
    const env = { ...h.cliEnv(), SES_ENDPOINT: ses.endpoint, LOG_LEVEL: 'silent' };
    // Four scheduled runs, 20 minutes apart: past the 1-minute lease and the 15-minute grace
    // for a Send event, and past any retry the sender put off (at most 15 minutes).
    const at = (run: number) => T0 + MINUTE + run * 20 * MINUTE;
    const runs = [0, 1, 2, 3].map((run) => startSender(env, at(run), run + 1));
    const round = await runMatchRound(h.ctx, platformId);
    const state = await roundState(h.ctx, platformId);
    expectWhole(state);
    const planned = state.mails;
    expect(planned).toHaveLength(2 * round.written);
    expect(planned.every((m) => m.status === 'pending')).toBe(true);
    const plannedTags = new Set(planned.map((m) => m.tag));
    const sesStore = sesLocalStore(inject('sesEndpoint'));
    const ours = async () => (await sesStore.list()).filter((m) => plannedTags.has(tagOf(m) ?? ''));
    const row = (tag: string) => h.ctx.store.outbox.get(tag);

    // What SES will later report about each address: fixed by the seed. One mail per address
    // carries it, and only once every mail to that address went out, so no mail is skipped.
    const fateOf = (to: string): Fate => {
      const x = fraction(30, 'fate', to);
      return x < 0.15 ? 'bounce' : x < 0.25 ? 'transient' : x < 0.32 ? 'complaint' : 'none';
    };
    const byAddress = new Map<string, string[]>();
    for (const m of planned) byAddress.set(m.to, [...(byAddress.get(m.to) ?? []), m.tag].sort());
    const carries = (m: Email) => byAddress.get(m.destination.to[0]!)?.[0] === tagOf(m);

    // SES events as SES would publish them for what SES local received, each twice, shuffled,
    // applied by the ses-events Lambda in SQS batches of 8, three batches at a time.
    const lambda = await sesEventsLambda({ ...h.cliEnv(), LOG_LEVEL: 'silent' });
    const shuffler = rng(31);
    const announced = new Set<string>();
    const feedbackDue = new Map<string, Email>();
    let eventsApplied = 0;
    const history: unknown[] = [];
    async function apply(events: unknown[]) {
      const batches: unknown[][] = [];
      for (let i = 0; i < events.length; i += 8) batches.push(events.slice(i, i + 8));
      for (let i = 0; i < batches.length; i += 3) {
        await Promise.all(
          batches
            .slice(i, i + 3)
            .map((batch) => lambda({ Records: batch.map((e) => ({ body: JSON.stringify(e) })) })),
        );
      }
      eventsApplied += events.length;
    }
    async function sesEvents() {
      const mailed = await ours();
      const mailedTags = new Set(mailed.map(tagOf));
      const events: unknown[] = [];
      for (const m of mailed) {
        const tag = tagOf(m)!;
        if (announced.has(tag)) continue;
        announced.add(tag);
        events.push(sentEvent(m));
        // The carrier's delivery comes with its bounce or complaint, in any order.
        if (carries(m) && fateOf(m.destination.to[0]!) !== 'none') feedbackDue.set(tag, m);
        else events.push(deliveryEvent(m));
      }
      for (const [tag, m] of feedbackDue) {
        if (!byAddress.get(m.destination.to[0]!)!.every((t) => mailedTags.has(t))) continue;
        feedbackDue.delete(tag);
        const fate = fateOf(m.destination.to[0]!);
        // A hard bounce has no delivery; a soft one is followed by one when a retry gets through.
        if (fate !== 'bounce') events.push(deliveryEvent(m));
        events.push(
          fate === 'complaint'
            ? complaintEvent(m)
            : bounceEvent(m, fate === 'bounce' ? 'Permanent' : 'Transient'),
        );
      }
      history.push(...events);
      await apply(shuffle(shuffler, [...events, ...events]));
    }
    const settled = () =>
      vi.waitFor(() => expect(ses.stats.forwarding).toBe(0), { timeout: 10_000, interval: 10 });

    // Kill 1: in the middle of the batch, once 12 mails got through.
    const first = runs[0]!;
    first.go();
    await vi.waitFor(() => expect(ses.stats.accepted).toBeGreaterThanOrEqual(12), {
      timeout: 30_000,
      interval: 5,
    });
    await first.kill();
    await settled();
    await sesEvents();

    // Kill 2: SES accepted four mails but the answers never came back.
    ses.mode('swallow-responses');
    const heldBefore = ses.stats.held;
    const second = runs[1]!;
    second.go();
    await vi.waitFor(() => expect(ses.stats.held - heldBefore).toBeGreaterThanOrEqual(4), {
      timeout: 30_000,
      interval: 5,
    });
    await second.kill();
    ses.mode('normal');
    await settled();
    const mailedButUnmarked: string[] = [];
    for (const m of await ours())
      if ((await row(tagOf(m)!))?.status === 'sending') mailedButUnmarked.push(tagOf(m)!);
    expect(mailedButUnmarked.length).toBeGreaterThanOrEqual(4);
    await sesEvents();
    for (const tag of mailedButUnmarked) expect(await row(tag)).toMatchObject({ status: 'sent' });

    // Kill 3: four calls hang before they reach SES.
    ses.mode('hold-requests');
    const heldBeforeThird = ses.stats.held;
    const third = runs[2]!;
    third.go();
    await vi.waitFor(() => expect(ses.stats.held - heldBeforeThird).toBeGreaterThanOrEqual(4), {
      timeout: 30_000,
      interval: 5,
    });
    await third.kill();
    ses.mode('normal');
    await settled();
    const mailedTags = new Set((await ours()).map(tagOf));
    const claimedNeverMailed: string[] = [];
    for (const m of planned) {
      if (!mailedTags.has(m.tag) && (await row(m.tag))?.status === 'sending') claimedNeverMailed.push(m.tag);
    }
    expect(claimedNeverMailed.length).toBeGreaterThanOrEqual(4);
    await sesEvents();

    // Then the next scheduled runs, until nothing is left, still through the faulty line.
    const reports: SendReport[] = [];
    for (let run = 3; run < 10 && (await h.ctx.store.outbox.pending(1)).items.length > 0; run++) {
      const next = runs[run] ?? startSender(env, at(run), run + 1);
      next.go();
      reports.push(await next.done());
      await sesEvents();
    }
    if (reports.length === 0) await runs[3]!.kill();
    await sesEvents();
    // And the whole event history once more, in yet another order (a queue redriven).
    await apply(shuffle(shuffler, history));

    // Every planned mail reached SES exactly once; the outbox knows each one as sent.
    const mailed = await ours();
    const perTag = new Map<string, Email[]>();
    for (const m of mailed) perTag.set(tagOf(m)!, [...(perTag.get(tagOf(m)!) ?? []), m]);
    const lost = planned.filter((m) => !perTag.has(m.tag));
    const duplicated = [...perTag.values()].reduce((n, ms) => n + ms.length - 1, 0);
    expect(lost.map((m) => m.key)).toEqual([]);
    expect(duplicated).toBe(0);
    expect(mailed).toHaveLength(planned.length);
    expect((await h.ctx.store.outbox.pending(10)).items).toEqual([]);
    for (const m of planned) {
      const [got] = perTag.get(m.tag)!;
      expect(got!.destination.to).toEqual([m.to]);
      const fate = fateOf(m.to);
      const carrier = byAddress.get(m.to)![0] === m.tag;
      expect(await row(m.tag), m.key).toMatchObject({
        status: 'sent',
        messageId: got!.messageId,
        delivery:
          carrier && fate === 'bounce'
            ? 'bounced'
            : carrier && fate === 'complaint'
              ? 'complained'
              : 'delivered',
      });
    }
    expect(feedbackDue.size).toBe(0);

    // Suppressed: exactly the addresses that bounced for good or complained.
    const fates = { bounce: 0, transient: 0, complaint: 0, none: 0 };
    for (const to of byAddress.keys()) {
      const fate = fateOf(to);
      fates[fate]++;
      const suppression = await h.ctx.store.suppressions.get(to);
      if (fate === 'bounce' || fate === 'complaint')
        expect(suppression, to).toMatchObject({ email: to, reason: fate });
      else expect(suppression, to).toBeUndefined();
    }
    expect(fates.bounce).toBeGreaterThan(0);
    expect(fates.complaint).toBeGreaterThan(0);
    expect(fates.transient).toBeGreaterThan(0);

    const faults = ses.stats.throttled + ses.stats.failed;
    expect(ses.stats.throttled).toBeGreaterThan(0);
    expect(ses.stats.failed).toBeGreaterThan(0);
    console.info(
      `[faults] sender: ${planned.length} mails planned, ${mailed.length} sent, ${lost.length} lost, ${duplicated} duplicated; 3 kills (${mailedButUnmarked.length} mailed but unmarked, ${claimedNeverMailed.length} claimed never mailed), ${reports.length} clean runs; SES calls ${ses.stats.calls}: ${ses.stats.throttled} throttled (429), ${ses.stats.failed} 5xx = ${faults} faults (${Math.round((100 * faults) / ses.stats.calls)}%); ${eventsApplied} SES events applied (each twice in shuffled batches, then all replayed once more in a new order); suppressed ${fates.bounce} bounced + ${fates.complaint} complained, ${fates.transient} transient bounces left alone`,
    );
  });
});
