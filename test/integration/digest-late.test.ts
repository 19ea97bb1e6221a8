import { describe, expect, it } from 'vitest';
import { handleDigestEvent, handleMatchEvent } from '#batch';
import { outboxTag } from '#domain';
import type { FanOut } from '#fan-out';
import type { Email } from '#local';
import { createHarness, type Harness, jsonOf, type Session, uniqueEmail } from '#test/harness';
import { tagOf } from '#test/ses-events';

// Issue 26, item 8: a batch plans for the time its schedule fired, not for when it happens to run.
// EventBridge Scheduler puts that time in the schedule's Input (<aws.scheduler.scheduled-time>);
// the dispatching run picks the platforms due then and passes the time on to each platform's run.
// The hourly digest schedule fires at the full hour; a run that is retried or throttled past that
// hour (here 20 minutes past it: Monday 00:20 for Sunday 23:00's schedule) used to find no platform
// due, or to plan the next week: the week's digest was skipped.

const SUNDAY_23_TOKYO = '2026-11-22T14:00:00Z'; // the schedule fires: Sunday 22 Nov, 23:00 in Tokyo (2026-W47)
const MONDAY_0020_TOKYO = '2026-11-22T15:20:00Z'; // the run starts: Monday 23 Nov, 00:20 (2026-W48)

/** The runs a dispatching run starts (Lambda's asynchronous invocations), recorded. */
function recorder(): FanOut & { sent: Record<string, unknown>[] } {
  const sent: Record<string, unknown>[] = [];
  return {
    sent,
    async sendAll(bodies) {
      sent.push(...(bodies as Record<string, unknown>[]));
    },
  };
}

const isDigest = (m: Email) => m.subject.includes('今週のお知らせ');

/** A platform whose digest is Sunday 23:00 in Tokyo, one member, and news for the week. */
async function sundayPlatform(): Promise<{
  h: Harness;
  set(at: string): void;
  platformId: string;
  member: Session;
}> {
  let clock = Date.parse('2026-11-22T10:00:00Z');
  const h = await createHarness({}, { now: () => new Date(clock) });
  const secretariatEmail = uniqueEmail('late-jimukyoku');
  const platformId = await h.platform({ digest: { weekday: 0, hour: 23 } }, [secretariatEmail]);
  const secretariat = await h.signIn(secretariatEmail);
  const { session: member } = await h.member(platformId, secretariat, 'late', {
    contact: { name: '担当 太郎', email: uniqueEmail('late-contact') },
  });
  await jsonOf(
    await h.request(`/v1/platforms/${platformId}/news`, {
      method: 'POST',
      as: secretariat,
      json: { title: '今週の交流会のお知らせ' },
    }),
    201,
  );
  return {
    h,
    set: (at) => {
      clock = Date.parse(at);
    },
    platformId,
    member,
  };
}

const digestTag = (platformId: string, week: string, personId: string) =>
  outboxTag(`digest#${platformId}#${week}#${personId}`);

describe('a digest run that starts late', () => {
  it('20 minutes past the scheduled hour, plans and sends that week’s digest once; a rerun sends nothing new', async () => {
    const { h, set, platformId, member } = await sundayPlatform();
    set(MONDAY_0020_TOKYO);

    // The hourly schedule's event, as Scheduler fills it in, delivered 80 minutes late.
    const dispatch = recorder();
    expect(
      await handleDigestEvent(h.ctx, { dueOnly: true, scheduledTime: SUNDAY_23_TOKYO }, dispatch),
    ).toEqual({
      dispatched: 1,
    });
    expect(dispatch.sent).toEqual([{ platformId, scheduledTime: '2026-11-22T14:00:00.000Z' }]);
    // The platform's own run, as late: it plans the week the schedule fired in.
    const run = await handleDigestEvent(h.ctx, dispatch.sent[0], recorder());
    expect(run).toMatchObject({ plans: [{ week: '2026-W47', planned: 1 }], failed: [] });
    await h.drain();
    const digests = (await h.mails(member.email)).filter(isDigest);
    expect(digests.map(tagOf)).toEqual([digestTag(platformId, '2026-W47', member.personId)]);
    expect(digests[0]!.body.text).toContain('今週の交流会のお知らせ');

    // Lambda retries the same run (or the schedule fires it twice): nothing new.
    const again = await handleDigestEvent(h.ctx, dispatch.sent[0], recorder());
    expect(again).toMatchObject({ plans: [{ week: '2026-W47', planned: 0, alreadyPlanned: 1 }] });
    await h.drain();
    expect((await h.mails(member.email)).filter(isDigest)).toHaveLength(1);
    expect(await h.ctx.store.digestRuns.get(platformId, '2026-W48')).toBeUndefined();
  });

  it('a platform’s run retried past midnight still plans the week its dispatch was for', async () => {
    const { h, set, platformId, member } = await sundayPlatform();
    set('2026-11-22T14:00:05Z'); // the dispatch runs on time, with the scheduled time
    const dispatch = recorder();
    await handleDigestEvent(h.ctx, { dueOnly: true, scheduledTime: SUNDAY_23_TOKYO }, dispatch);
    expect(dispatch.sent).toHaveLength(1);

    set(MONDAY_0020_TOKYO); // its asynchronous run fails and Lambda retries it 80 minutes later
    expect(await handleDigestEvent(h.ctx, dispatch.sent[0], recorder())).toMatchObject({
      plans: [{ week: '2026-W47', planned: 1 }],
    });
    await h.drain();
    expect((await h.mails(member.email)).filter(isDigest).map(tagOf)).toEqual([
      digestTag(platformId, '2026-W47', member.personId),
    ]);
  });

  it('runs on time without a scheduled time as before: the platforms due now, this week', async () => {
    const { h, set, platformId, member } = await sundayPlatform();
    set('2026-11-22T14:00:03Z');
    const dispatch = recorder();
    expect(await handleDigestEvent(h.ctx, { dueOnly: true }, dispatch)).toEqual({ dispatched: 1 });
    // The run is for now, and its platforms' runs are told so.
    expect(dispatch.sent).toEqual([{ platformId, scheduledTime: '2026-11-22T14:00:03.000Z' }]);
    expect(await handleDigestEvent(h.ctx, dispatch.sent[0], recorder())).toMatchObject({
      plans: [{ week: '2026-W47', planned: 1 }],
    });
    // And in place (no fan-out: `npm run digest`, or a schedule event handled locally).
    set('2026-11-22T14:30:00Z');
    expect(await handleDigestEvent(h.ctx, { dueOnly: true })).toMatchObject({
      plans: [{ week: '2026-W47', planned: 0, alreadyPlanned: 1 }],
    });
    await h.drain();
    expect((await h.mails(member.email)).filter(isDigest)).toHaveLength(1);
  });

  it('refuses a scheduled time that is not an ISO date-time, and plans nothing', async () => {
    const { h, platformId } = await sundayPlatform();
    await expect(
      handleDigestEvent(
        h.ctx,
        { dueOnly: true, scheduledTime: '<aws.scheduler.scheduled-time>' },
        recorder(),
      ),
    ).rejects.toMatchObject({ errors: [expect.objectContaining({ path: 'scheduledTime' })] });
    expect(await h.ctx.store.digestRuns.get(platformId, '2026-W47')).toBeUndefined();
  });
});

describe('a match run that starts late', () => {
  it('past midnight, still runs the round of the day its schedule fired', async () => {
    const { h, set, platformId } = await sundayPlatform();
    set(MONDAY_0020_TOKYO);
    const dispatch = recorder();
    expect(await handleMatchEvent(h.ctx, { scheduledTime: SUNDAY_23_TOKYO }, dispatch)).toMatchObject({
      roundId: '2026-11-22',
    });
    expect(dispatch.sent).toEqual(expect.arrayContaining([{ platformId, roundId: '2026-11-22' }]));
    // A platform's run named with the scheduled time alone (no round id) is that day's round too.
    await handleMatchEvent(h.ctx, { platformId, scheduledTime: SUNDAY_23_TOKYO });
    expect(await h.ctx.store.matches.latestRound(platformId)).toMatchObject({ roundId: '2026-11-22' });
  });
});
