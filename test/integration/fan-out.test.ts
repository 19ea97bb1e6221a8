import { beforeAll, describe, expect, it } from 'vitest';
import { handleDigestEvent, handleMatchEvent } from '#batch';
import { outboxMessage } from '#domain';
import type { FanOut } from '#fan-out';
import { outboxTagsOf, sendTags } from '#mail';
import { createHarness, type Harness, uniqueEmail } from '#test/harness';

// The scheduled batches as they run on AWS: the schedule's event starts one asynchronous run per
// platform, and each run does one platform. Lambda is not here; the fan-out is a recorder of the
// runs that would be started.

function recorder(): FanOut & { sent: unknown[] } {
  const sent: unknown[] = [];
  return {
    sent,
    async sendAll(bodies) {
      sent.push(...bodies);
    },
  };
}

/** A DynamoDB stream event as Lambda delivers it, with the new images of these items. */
const streamOf = (...images: Record<string, { S: string }>[]) => ({
  Records: images.map((NewImage, i) => ({ eventID: String(i), eventName: 'INSERT', dynamodb: { NewImage } })),
});

let h: Harness;
let clock = Date.parse('2026-11-22T23:00:00Z'); // Monday 23 November, 08:00 in Tokyo
let monday: string;
let friday: string;

beforeAll(async () => {
  h = await createHarness({}, { now: () => new Date(clock) });
  monday = await h.platform({ digest: { weekday: 1, hour: 8 } });
  friday = await h.platform({ digest: { weekday: 5, hour: 17 } });
});

describe('the match schedule', () => {
  it('sends one message per platform with the day’s round id, and runs no round itself', async () => {
    const queue = recorder();
    const out = await handleMatchEvent(h.ctx, {}, queue);
    expect(out).toMatchObject({ dispatched: 2, roundId: '2026-11-23' });
    expect(queue.sent).toEqual(
      expect.arrayContaining([
        { platformId: monday, roundId: '2026-11-23' },
        { platformId: friday, roundId: '2026-11-23' },
      ]),
    );
    expect(await h.ctx.store.matches.latestRound(monday)).toBeUndefined();
  });

  it('runs the one platform a fanned-out run names, and fails loudly for one that does not exist', async () => {
    await handleMatchEvent(h.ctx, { platformId: monday, roundId: '2026-11-23' }, recorder());
    expect(await h.ctx.store.matches.latestRound(monday)).toMatchObject({ roundId: '2026-11-23' });
    expect(await h.ctx.store.matches.latestRound(friday)).toBeUndefined();
    await expect(handleMatchEvent(h.ctx, { platformId: 'no-such-platform' }, recorder())).rejects.toThrow();
  });
});

describe('the digest schedule', () => {
  it('dispatches only the platforms whose digest weekday and hour it is in Tokyo', async () => {
    const queue = recorder();
    expect(await handleDigestEvent(h.ctx, { dueOnly: true }, queue)).toEqual({ dispatched: 1 });
    // Each platform's run is told the time the run is for (here: now, the event carried none).
    expect(queue.sent).toEqual([{ platformId: monday, scheduledTime: '2026-11-22T23:00:00.000Z' }]);

    clock = Date.parse('2026-11-27T08:00:00Z'); // Friday 17:00 in Tokyo
    const later = recorder();
    await handleDigestEvent(h.ctx, { dueOnly: true }, later);
    expect(later.sent).toEqual([{ platformId: friday, scheduledTime: '2026-11-27T08:00:00.000Z' }]);
  });

  it('plans the digest of the platform a fanned-out run names', async () => {
    const queue = recorder();
    await handleDigestEvent(h.ctx, { platformId: monday }, queue);
    expect(queue.sent).toEqual([]);
    // That platform's week is planned, now, and no other platform's.
    expect(await h.ctx.store.digestRuns.get(monday, '2026-W48')).toMatchObject({
      platformId: monday,
      week: '2026-W48',
      plannedAt: new Date(clock).toISOString(),
      planned: 0,
    });
    expect(await h.ctx.store.digestRuns.get(friday, '2026-W48')).toBeUndefined();
  });
});

describe('sending the mails the stream announces', () => {
  it('reads the tags of new outbox items from a stream event, and nothing from a scheduled one', () => {
    expect(outboxTagsOf(streamOf({ type: { S: 'outbox' }, tag: { S: 'abc_DEF-1' } }))).toEqual(['abc_DEF-1']);
    expect(outboxTagsOf({})).toBeUndefined();
    expect(() => outboxTagsOf(streamOf({ type: { S: 'outbox' } }))).toThrow();
  });

  it('sends each announced message once, however often it is announced', async () => {
    const to = uniqueEmail('stream');
    const message = outboxMessage(
      `test#stream#${to}`,
      'introduction',
      { to, subject: 'つながりのご提案', text: '本文', html: '<p>本文</p>' },
      new Date(clock).toISOString(),
    );
    await h.ctx.store.outbox.enqueue([message]);

    const event = streamOf(
      { type: { S: 'outbox' }, tag: { S: message.tag } },
      { type: { S: 'outbox' }, tag: { S: message.tag } },
    );
    const first = await sendTags(h.ctx, outboxTagsOf(event)!, { maxPerSecond: 1000 });
    const again = await sendTags(h.ctx, [message.tag, 'unknown-tag'], { maxPerSecond: 1000 });

    expect(first.sent).toBe(1);
    expect(again.sent).toBe(0);
    expect(await h.mails(to)).toHaveLength(1);
    expect(await h.ctx.store.outbox.get(message.tag)).toMatchObject({ status: 'sent' });
  });
});
