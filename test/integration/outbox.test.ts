import { ulid } from 'ulid';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { planDigest, runMatchRound, sweepIntroductions } from '#batch';
import { createContext } from '#context';
import { type MailCategory, type OutboxMessage, outboxMessage, outboxTag } from '#domain';
import { type Email, sesLocalStore } from '#local';
import {
  applySesEvents,
  createMailer,
  createSesClient,
  type Mailer,
  parseSesEvents,
  type SendReport,
  sendPending,
} from '#mail';
import { createHarness, type Harness, isLinkMail, isMembershipMail, uniqueEmail } from '#test/harness';
import { bounceEvent, complaintEvent, deliveryEvent, header, sendEvent, tagOf } from '#test/ses-events';

// The outbox and what SES tells us afterwards (PRODUCT.md "Email"): suppressed addresses are not
// mailed again, and a sender that is throttled and killed halfway loses no mail and sends none
// twice, once SES's Send events have come in.

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** A small mail for the outbox, with a key unique to this test run. */
function testMessage(
  to: string,
  label: string,
  now: string,
  category: MailCategory = 'digest',
): OutboxMessage {
  const key = `test#${label}#${ulid()}`;
  return outboxMessage(
    key,
    category,
    { to, subject: `テスト ${label}`, text: `本文 ${label}`, html: `<p>本文 ${label}</p>` },
    now,
  );
}

/** What the ses-events Lambda does with whatever EventBridge hands it. */
async function deliverEvents(h: Harness, ...events: unknown[]) {
  const parsed = events.map((e) => parseSesEvents(e));
  expect(parsed.flatMap((p) => p.rejected)).toEqual([]);
  return applySesEvents(
    h.ctx,
    parsed.flatMap((p) => p.events),
  );
}

// --- suppression -------------------------------------------------------------------------------

describe('bounces and complaints', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await createHarness();
  });

  /** Writes one mail to the outbox, sends everything due and returns the outbox item and what SES got. */
  async function send(to: string, label: string) {
    const message = testMessage(to, label, h.ctx.now().toISOString());
    expect(await h.ctx.store.outbox.enqueue([message])).toBe(1);
    await h.drain();
    const stored = (await h.mails(to)).filter((m) => tagOf(m) === message.tag);
    return { item: await h.ctx.store.outbox.get(message.tag), stored };
  }

  it('does not mail an address again after a permanent bounce', async () => {
    const to = uniqueEmail('bounced');
    const first = await send(to, 'first');
    expect(first.item).toMatchObject({ status: 'sent', messageId: first.stored[0]!.messageId });

    const report = await deliverEvents(h, bounceEvent(first.stored[0]!, 'Permanent'));
    const next = await send(to, 'after-bounce');

    expect(report).toMatchObject({ suppressed: 1, recorded: 1 });
    expect(await h.ctx.store.suppressions.get(to)).toMatchObject({ email: to, reason: 'bounce' });
    expect(await h.ctx.store.outbox.get(first.item!.tag)).toMatchObject({
      status: 'sent',
      delivery: 'bounced',
    });
    expect(next.item).toMatchObject({ status: 'skipped', skippedReason: 'suppressed: bounce' });
    expect(next.stored).toEqual([]);
    expect(await h.mails(to)).toHaveLength(1);
  });

  it('does not mail an address again after a complaint, whatever the kind of mail', async () => {
    const to = uniqueEmail('complained');
    const first = await send(to, 'first');

    await deliverEvents(h, complaintEvent(first.stored[0]!));
    const message = testMessage(
      to,
      'introduction-after-complaint',
      h.ctx.now().toISOString(),
      'introduction',
    );
    await h.ctx.store.outbox.enqueue([message]);
    await h.drain();

    expect(await h.ctx.store.suppressions.get(to)).toMatchObject({ reason: 'complaint' });
    expect(await h.ctx.store.outbox.get(first.item!.tag)).toMatchObject({ delivery: 'complained' });
    expect(await h.ctx.store.outbox.get(message.tag)).toMatchObject({ status: 'skipped' });
    expect(await h.mails(to)).toHaveLength(1);
  });

  it('keeps mailing an address after a transient bounce', async () => {
    const to = uniqueEmail('mailbox-full');
    const first = await send(to, 'first');

    const report = await deliverEvents(h, bounceEvent(first.stored[0]!, 'Transient'));
    const next = await send(to, 'after-soft-bounce');

    expect(report.suppressed).toBe(0);
    expect(await h.ctx.store.suppressions.get(to)).toBeUndefined();
    expect(next.item).toMatchObject({ status: 'sent' });
    expect(await h.mails(to)).toHaveLength(2);
  });

  it('changes nothing more when an event comes twice, or a delivery arrives after the bounce', async () => {
    const to = uniqueEmail('replayed');
    const { item, stored } = await send(to, 'first');
    const bounce = bounceEvent(stored[0]!, 'Permanent');
    await deliverEvents(h, bounce);
    const suppression = await h.ctx.store.suppressions.get(to);

    const replay = await deliverEvents(h, bounce, deliveryEvent(stored[0]!));

    expect(replay).toMatchObject({ suppressed: 0, recorded: 0, confirmed: 0 });
    expect(await h.ctx.store.suppressions.get(to)).toEqual(suppression);
    expect(await h.ctx.store.outbox.get(item!.tag)).toMatchObject({ status: 'sent', delivery: 'bounced' });
  });
});

describe('one-click unsubscribe from introduction mails', () => {
  it('stops introductions to that address, not its digest', async () => {
    let clock = Date.parse('2026-11-23T23:00:00Z');
    const h = await createHarness({}, { now: () => new Date(clock) });
    const secretariatEmail = uniqueEmail('intro-jimukyoku');
    const platformId = await h.platform({}, [secretariatEmail]);
    const secretariat = await h.signIn(secretariatEmail);
    // The NPO's contact is the person who signs in: introductions and digests reach one address.
    const npoEmail = uniqueEmail('npo-contact');
    const npo = await h.signIn(npoEmail);
    const npoOrg = await h.organization(npo, { contact: { name: '川口 花子', email: npoEmail } });
    await h.apply(npo, platformId, npoOrg.id);
    await h.approve(secretariat, platformId, npoOrg.id);
    const company = await h.member(platformId, secretariat, 'company', {
      contact: { name: '浦和 太郎', email: uniqueEmail('company-contact') },
    });
    await h.confirmContact(company.org);
    await h.postNeed(npo, platformId, npoOrg.id);
    await h.postOffer(company.session, platformId, company.org.id);
    clock += 60 * MINUTE;
    expect((await runMatchRound(h.ctx, platformId)).written).toBe(1);
    await h.drain();
    const [pair] = await h.ctx.store.matches.pairsOf(platformId);
    const proposalTag = outboxTag(`match#${pair!.matchId}#proposed#need`);
    const proposal = (await h.mails(npoEmail)).find((m) => tagOf(m) === proposalTag)!;
    expect(header(proposal, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');

    const url = new URL(header(proposal, 'List-Unsubscribe')!.replace(/^<|>$/g, ''));
    const res = await unsubscribe(h, url.pathname + url.search);
    expect(res.status).toBe(200);

    // Twelve days on (the reminder is due 3 days before the end of the 14th day in Japan): the
    // reminder to the NPO is not sent, the company's is; the digest still is.
    clock += 12 * DAY;
    expect((await sweepIntroductions(h.ctx, platformId)).reminded).toBe(1);
    const digest = await planDigest(h.ctx, platformId);
    await h.drain();

    expect(await h.ctx.store.suppressions.get(npoEmail)).toMatchObject({
      reason: 'unsubscribed',
      category: 'introduction',
    });
    const reminder = (side: 'need' | 'offer') =>
      h.ctx.store.outbox.get(outboxTag(`match#${pair!.matchId}#reminder#${side}`));
    expect(await reminder('need')).toMatchObject({
      status: 'skipped',
      skippedReason: 'suppressed: unsubscribed',
    });
    expect(await reminder('offer')).toMatchObject({ status: 'sent' });
    expect(digest.planned).toBe(2);
    const toNpo = await h.mails(npoEmail);
    expect(toNpo.filter((m) => m.subject.includes('今週のお知らせ'))).toHaveLength(1);
    expect(
      toNpo
        .filter((m) => !isLinkMail(m) && !isMembershipMail(m) && !m.subject.includes('今週のお知らせ'))
        .map(tagOf),
    ).toEqual([proposalTag]);
  });
});

function unsubscribe(h: Harness, path: string) {
  return h.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'List-Unsubscribe=One-Click',
  });
}

// --- throttling and a killed sender ------------------------------------------------------------

const throttling = () =>
  Object.assign(new Error('Maximum sending rate exceeded.'), {
    name: 'TooManyRequestsException',
    $metadata: { httpStatusCode: 429 },
  });

const never = <T>() => new Promise<T>(() => {});

/**
 * SES local behind a faulty line: every `throttleEvery`-th call is throttled. With `dieAt`, the
 * process dies during the `dieAt`-th call that gets through: SES accepts that mail but the answer
 * never comes back, and every later call hangs before it reaches SES (the other workers' calls in
 * flight when the process was killed).
 */
function faultySes(real: Mailer, plan: { throttleEvery: number; dieAt?: number }) {
  const state = { calls: 0, throttled: 0, forwarded: 0, dead: false, hung: 0, hungAfterSes: [] as string[] };
  const mailer: Mailer = {
    async send(mail) {
      state.calls++;
      if (state.dead) {
        state.hung++;
        return never();
      }
      if (state.calls % plan.throttleEvery === 0) {
        state.throttled++;
        throw throttling();
      }
      state.forwarded++;
      if (state.forwarded === plan.dieAt) {
        state.dead = true;
        await real.send(mail);
        state.hung++;
        state.hungAfterSes.push(mail.tags?.outbox ?? '');
        return never();
      }
      return real.send(mail);
    },
  };
  return { mailer, state };
}

describe('a sender throttled by SES and killed mid-batch', () => {
  const MESSAGES = 60;
  const CONCURRENCY = 4;
  const t0 = Date.parse('2026-11-24T00:00:00Z');
  let h: Harness;
  let sesLocal: Mailer;

  beforeAll(async () => {
    h = await createHarness();
    sesLocal = createMailer(
      createSesClient({ region: h.config.region, endpoint: h.config.sesEndpoint }),
      h.config.mailFrom,
    );
  });

  it('ends with every mail sent exactly once: 0 lost, 0 duplicates', async () => {
    const run = ulid();
    const messages = Array.from({ length: MESSAGES }, (_, i) =>
      outboxMessage(
        `test#kill#${run}#${i}`,
        'digest',
        {
          to: uniqueEmail(`bulk-${i}`),
          subject: `今週のお知らせ ${run} #${i}`,
          text: `本文 ${i}`,
          html: `<p>本文 ${i}</p>`,
        },
        new Date(t0).toISOString(),
      ),
    );
    const tags = new Set(messages.map((m) => m.tag));
    expect(await h.ctx.store.outbox.enqueue(messages)).toBe(MESSAGES);
    const ours = async () => (await sesLocalMails(h)).filter((m) => tags.has(tagOf(m) ?? ''));

    // The first sender is throttled now and then and dies during its 20th mail that gets through.
    const first = faultySes(sesLocal, { throttleEvery: 3, dieAt: 20 });
    const killed = createContext(h.config, {
      store: h.ctx.store,
      mailer: first.mailer,
      now: () => new Date(t0),
    });
    void sendPending(killed, { maxPerSecond: 1000, concurrency: CONCURRENCY, sleep: async () => {} });
    await vi.waitFor(() => expect(first.state.hung).toBe(CONCURRENCY), { timeout: 15_000, interval: 20 });
    expect(first.state.throttled).toBeGreaterThan(0);
    const [acceptedButUnmarked] = first.state.hungAfterSes;
    expect(await h.ctx.store.outbox.get(acceptedButUnmarked!)).toMatchObject({ status: 'sending' });
    const afterKill = await ours();
    expect(afterKill).toHaveLength(20);

    // (a) SES publishes a Send event for every mail it accepted; the ses-events function applies them.
    const confirmations = await applySesEvents(
      h.ctx,
      afterKill.flatMap((m) => parseSesEvents(sendEvent(m)).events),
    );
    expect(confirmations.confirmed).toBe(1);
    expect(await h.ctx.store.outbox.get(acceptedButUnmarked!)).toMatchObject({
      status: 'sent',
      messageId: afterKill.find((m) => tagOf(m) === acceptedButUnmarked)!.messageId,
    });

    // (b) The next scheduled senders, after the dead one's lease and the confirmation grace have passed.
    let clock = t0 + MINUTE + 15 * MINUTE;
    const second = faultySes(sesLocal, { throttleEvery: 3 });
    const next = createContext(h.config, {
      store: h.ctx.store,
      mailer: second.mailer,
      now: () => new Date(clock),
    });
    const reports: SendReport[] = [];
    for (let runs = 0; runs < 10 && (await h.ctx.store.outbox.pending(100)).items.length > 0; runs++) {
      clock += MINUTE;
      reports.push(
        await sendPending(next, { maxPerSecond: 1000, concurrency: CONCURRENCY, sleep: async () => {} }),
      );
    }

    // (c) Every mail reached SES exactly once and the outbox knows it.
    const mailed = await ours();
    const perTag = new Map<string, number>();
    for (const m of mailed) perTag.set(tagOf(m)!, (perTag.get(tagOf(m)!) ?? 0) + 1);
    expect([...tags].filter((tag) => perTag.get(tag) !== 1)).toEqual([]);
    expect(mailed).toHaveLength(MESSAGES);
    for (const message of messages) {
      const item = await h.ctx.store.outbox.get(message.tag);
      const got = mailed.find((m) => tagOf(m) === message.tag)!;
      expect(item, message.key).toMatchObject({ status: 'sent', messageId: got.messageId });
      expect(got.destination.to).toEqual([message.to]);
    }
    expect((await h.ctx.store.outbox.pending(100)).items).toEqual([]);
    expect(reports.reduce((n, r) => n + r.sent, 0)).toBe(MESSAGES - 20);
    expect(reports.reduce((n, r) => n + r.throttled, 0)).toBeGreaterThan(0);
    expect(reports.every((r) => r.failed === 0)).toBe(true);
  });
});

describe('SES errors that are not throttling', () => {
  let h: Harness;
  const t0 = Date.parse('2026-11-24T00:00:00Z');

  beforeAll(async () => {
    h = await createHarness();
  });

  /** A mailer that always fails with `error`, counting the calls that reach it. */
  function failing(error: () => unknown) {
    const calls = { count: 0 };
    const mailer: Mailer = {
      send: async () => {
        calls.count++;
        throw error();
      },
    };
    return { mailer, calls };
  }

  const at = (ms: number, mailer?: Mailer) =>
    createContext(h.config, { store: h.ctx.store, now: () => new Date(ms), mailer: mailer ?? h.ctx.mailer });

  it('marks a mail SES refuses for good as failed, without retrying it', async () => {
    const to = uniqueEmail('rejected');
    const message = testMessage(to, 'rejected', new Date(t0).toISOString());
    await h.ctx.store.outbox.enqueue([message]);
    const rejecting = failing(() =>
      Object.assign(new Error('Email address is not verified.'), {
        name: 'MessageRejected',
        $metadata: { httpStatusCode: 400 },
      }),
    );

    const report = await sendPending(at(t0, rejecting.mailer), { maxPerSecond: 1000, sleep: async () => {} });
    const later = await sendPending(at(t0 + DAY), { maxPerSecond: 1000, sleep: async () => {} });

    expect(report).toMatchObject({ failed: 1, sent: 0 });
    expect(rejecting.calls.count).toBe(1);
    expect(later.sent).toBe(0);
    expect(await h.ctx.store.outbox.get(message.tag)).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastError: expect.stringMatching(/^MessageRejected: /),
    });
    expect(await h.mails(to)).toEqual([]);
  });

  it('leaves a mail whose fate is unknown in sending, and does not send it again before the grace period', async () => {
    const to = uniqueEmail('unknown');
    const message = testMessage(to, 'unknown', new Date(t0).toISOString());
    await h.ctx.store.outbox.enqueue([message]);
    const hangingUp = failing(() => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));

    const report = await sendPending(at(t0, hangingUp.mailer), { maxPerSecond: 1000, sleep: async () => {} });
    // The lease (1 min) has run out, but SES's Send event could still come (15 min grace).
    const soon = await sendPending(at(t0 + 5 * MINUTE), { maxPerSecond: 1000, sleep: async () => {} });

    expect(report).toMatchObject({ waiting: 1, sent: 0, failed: 0, retryLater: 0 });
    expect(hangingUp.calls.count).toBe(1);
    expect(soon).toMatchObject({ waiting: 1, sent: 0 });
    expect(await h.ctx.store.outbox.get(message.tag)).toMatchObject({ status: 'sending', attempts: 1 });
    expect(await h.mails(to)).toEqual([]);

    // No confirmation came: after the grace period it is sent (at least once beats never).
    const afterGrace = await sendPending(at(t0 + 17 * MINUTE), { maxPerSecond: 1000, sleep: async () => {} });
    expect(afterGrace.sent).toBe(1);
    expect(await h.mails(to)).toHaveLength(1);
  });
});

const sesLocalMails = (h: Harness): Promise<Email[]> => sesLocalStore(h.config.sesEndpoint!).list();
