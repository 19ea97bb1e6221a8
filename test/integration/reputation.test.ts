import { describe, expect, it } from 'vitest';
import { applySesEvents, type SesEvent } from '#mail';
import { createHarness, uniqueEmail } from '#test/harness';
import type { Logger } from '../../shared/log';

// Issue 25, item 12: SES's bounce and complaint rates watched without an alarm of their own. The
// ses-events path counts Send events, hard bounces and complaints per day; a bounce or complaint
// that takes a rate over half SES's review threshold (2.5 % bounces, 0.05 % complaints) over the
// last 14 days logs an ERROR line, which the stack's Trouble metric counts and pages on.

const DAY = 86_400_000;
const now = Date.parse('2026-12-07T03:00:00Z');

function recorder(): Logger & { errors: { msg: string; fields: Record<string, unknown> }[] } {
  const errors: { msg: string; fields: Record<string, unknown> }[] = [];
  const quiet = () => {};
  return {
    errors,
    debug: quiet,
    info: quiet,
    warn: quiet,
    error: (msg, fields = {}) => errors.push({ msg, fields }),
  };
}

let n = 0;
function event(type: SesEvent['type'], at: number, extra: Partial<SesEvent> = {}): SesEvent {
  n++;
  return {
    id: `${type}:${n}`,
    type,
    messageId: `m-${n}`,
    timestamp: new Date(at).toISOString(),
    tags: {},
    recipients: [uniqueEmail('reputation')],
    suppress: type === 'complaint' || extra.bounceType === 'Permanent',
    ...extra,
  };
}
const sends = (count: number, at = now - DAY) => Array.from({ length: count }, () => event('send', at));
const hardBounce = () => event('bounce', now, { bounceType: 'Permanent', bounceSubType: 'General' });

async function harness() {
  const log = recorder();
  const h = await createHarness({}, { log, now: () => new Date(now) });
  return { h, log };
}

describe('SES reputation, from the SES events', () => {
  it('logs an ERROR line once hard bounces pass 2.5 % of the mails sent in 14 days, not before', async () => {
    const { h, log } = await harness();
    await applySesEvents(h.ctx, sends(200));
    for (let i = 0; i < 5; i++) await applySesEvents(h.ctx, [hardBounce()]);
    expect(log.errors, '5 of 200 is 2.5 %, not over it').toEqual([]);

    await applySesEvents(h.ctx, [hardBounce()]);
    expect(log.errors).toEqual([
      {
        msg: 'SES bounce rate over 2.5 %',
        fields: expect.objectContaining({ sends: 200, bounces: 6, bounceRate: 0.03, days: 14 }),
      },
    ]);
  });

  it('logs an ERROR line for one complaint in 200 mails (over 0.05 %)', async () => {
    const { h, log } = await harness();
    await applySesEvents(h.ctx, sends(200));
    await applySesEvents(h.ctx, [event('complaint', now)]);
    expect(log.errors.map((e) => e.msg)).toEqual(['SES complaint rate over 0.05 %']);
    expect(log.errors[0]?.fields).toMatchObject({ sends: 200, complaints: 1, complaintRate: 0.005 });
  });

  it('does not count soft bounces, mails sent more than 14 days ago, or judge fewer than 100 mails', async () => {
    const { h, log } = await harness();
    await applySesEvents(h.ctx, sends(300, now - 20 * DAY));
    await applySesEvents(h.ctx, sends(99));
    for (let i = 0; i < 10; i++) {
      await applySesEvents(h.ctx, [
        event('bounce', now, { bounceType: 'Transient', bounceSubType: 'MailboxFull' }),
      ]);
    }
    expect(log.errors, 'soft bounces').toEqual([]);
    for (let i = 0; i < 10; i++) await applySesEvents(h.ctx, [hardBounce()]);
    expect(log.errors, '99 mails in the window: too few to judge').toEqual([]);
    await applySesEvents(h.ctx, sends(1));
    await applySesEvents(h.ctx, [hardBounce()]);
    expect(log.errors.map((e) => e.msg)).toEqual(['SES bounce rate over 2.5 %']);
    expect(log.errors[0]?.fields).toMatchObject({ sends: 100, bounces: 11 });
  });

  it('counts events handled at the same moment without losing any', async () => {
    const { h } = await harness();
    await Promise.all(Array.from({ length: 20 }, () => applySesEvents(h.ctx, sends(5))));
    const [day] = await h.ctx.store.reputation.days([new Date(now - DAY).toISOString().slice(0, 10)]);
    expect(day).toMatchObject({ sends: 100, bounces: 0 });
  });
});
