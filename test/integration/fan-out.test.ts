import { beforeAll, describe, expect, it } from 'vitest';
import { handleDigestEvent, handleMatchEvent } from '#batch';
import { outboxMessage } from '#domain';
import { sendTags } from '#mail';
import type { WorkQueue } from '#queue';
import { createHarness, type Harness, uniqueEmail } from '#test/harness';

// The scheduled batches as they run on AWS: the schedule's event fans out one message per
// platform, and each message, fed back by SQS, runs one platform. SQS itself is not here (there
// is no local SQS); the queue is a recorder of what would be sent.

function recorder(): WorkQueue & { sent: unknown[] } {
  const sent: unknown[] = [];
  return {
    sent,
    async sendAll(bodies) {
      sent.push(...bodies);
    },
  };
}

const sqs = (...bodies: string[]) => ({
  Records: bodies.map((body, i) => ({ messageId: `m${i}`, body })),
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

  it('runs one platform per queue message, and hands back only the message that failed', async () => {
    const out = await handleMatchEvent(
      h.ctx,
      sqs(
        JSON.stringify({ platformId: monday, roundId: '2026-11-23' }),
        '{not json',
        JSON.stringify({ platformId: 'no-such-platform' }),
      ),
    );
    expect(out).toEqual({ batchItemFailures: [{ itemIdentifier: 'm1' }, { itemIdentifier: 'm2' }] });
    expect(await h.ctx.store.matches.latestRound(monday)).toMatchObject({ roundId: '2026-11-23' });
    expect(await h.ctx.store.matches.latestRound(friday)).toBeUndefined();
  });
});

describe('the digest schedule', () => {
  it('dispatches only the platforms whose digest weekday and hour it is in Tokyo', async () => {
    const queue = recorder();
    expect(await handleDigestEvent(h.ctx, { dueOnly: true }, queue)).toEqual({ dispatched: 1 });
    expect(queue.sent).toEqual([{ platformId: monday }]);

    clock = Date.parse('2026-11-27T08:00:00Z'); // Friday 17:00 in Tokyo
    const later = recorder();
    await handleDigestEvent(h.ctx, { dueOnly: true }, later);
    expect(later.sent).toEqual([{ platformId: friday }]);
  });

  it('plans the digest of the platform a queue message names', async () => {
    const out = await handleDigestEvent(h.ctx, sqs(JSON.stringify({ platformId: monday })));
    expect(out).toEqual({ batchItemFailures: [] });
    expect(await h.ctx.store.digestRuns.get(monday, '2026-W48')).toBeDefined();
  });
});

describe('sending the mails the stream announces', () => {
  it('sends each announced message once, however often it is announced', async () => {
    const to = uniqueEmail('stream');
    const message = outboxMessage(
      `test#stream#${to}`,
      'introduction',
      { to, subject: 'つながりのご提案', text: '本文', html: '<p>本文</p>' },
      new Date(clock).toISOString(),
    );
    await h.ctx.store.outbox.enqueue([message]);

    const first = await sendTags(h.ctx, [message.tag, message.tag], { maxPerSecond: 1000 });
    const again = await sendTags(h.ctx, [message.tag, 'unknown-tag'], { maxPerSecond: 1000 });

    expect(first.sent).toBe(1);
    expect(again.sent).toBe(0);
    expect(await h.mails(to)).toHaveLength(1);
    expect(await h.ctx.store.outbox.get(message.tag)).toMatchObject({ status: 'sent' });
  });
});
