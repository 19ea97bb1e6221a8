import { type AttributeValue, ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { outboxMessage } from '#domain';
import { startMailLoop } from '#local';
import { type FaultyProxy, faultyProxy } from '#test/faulty-proxy';
import { type FaultySes, faultySes } from '#test/faulty-ses';
import { createHarness, expectProblem, type Harness, magicTokenFrom, uniqueEmail } from '#test/harness';
import { createLogger } from '../../shared/log';

// Issue 26, items 2 and 9: the mails that carry a link someone is waiting for (sign-in, invitation,
// contact confirmation) go through the outbox like every other mail: written in the same
// transaction as their token, sent ahead of other mail within SES_MAX_SEND_RATE, sealed at rest.
// Whatever SES answers (a sandbox's MessageRejected for an unverified address, throttling), the
// request that asked for the link has already been answered 202; SES is reached through a proxy
// that refuses chosen addresses, throttles, or enforces a sending rate.

const SECOND = 1000;
const MINUTE = 60 * SECOND;

interface LogLine {
  level: string;
  msg: string;
  [field: string]: unknown;
}

let ses: FaultySes;
let dynamo: FaultyProxy;
let h: Harness;
let clock = Date.parse('2026-12-01T01:00:00Z');
const lines: LogLine[] = [];

beforeAll(async () => {
  ses = await faultySes(inject('sesEndpoint'), { seed: 1, rate: 0 });
  dynamo = await faultyProxy(inject('dynamoEndpoint'));
  h = await createHarness(
    { SES_ENDPOINT: ses.endpoint, DYNAMODB_ENDPOINT: dynamo.endpoint, DYNAMODB_TIMEOUT_MS: '1500' },
    {
      now: () => new Date(clock),
      log: createLogger('info', (line) => lines.push(JSON.parse(line) as LogLine)),
    },
  );
});

afterAll(async () => {
  await ses?.close();
  await dynamo?.close();
});

/** The table's items of one type for one address, as stored (raw attributes unmarshalled). */
async function stored(type: 'magic-token' | 'outbox', email: string): Promise<Record<string, unknown>[]> {
  const out: Record<string, AttributeValue>[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await h.ctx.dynamo.send(
      new ScanCommand({ TableName: h.config.tableName, ExclusiveStartKey: start }),
    );
    out.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return out
    .map((i) => unmarshall(i))
    .filter((i) => i.type === type && (type === 'outbox' ? i.to === email : i.email === email));
}

const askLink = (email: string) => h.request('/v1/auth/magic-link', { method: 'POST', json: { email } });

describe('SES refusing a link mail (the sandbox: an address nobody verified)', () => {
  it('answers the sign-in 202, keeps token and mail whole, ends the mail failed with an ERROR line, and mails the next address', async () => {
    const unverified = uniqueEmail('unverified');
    ses.reject((to) => to === unverified);
    try {
      expect((await askLink(unverified)).status).toBe(202);
      // One transaction: the token and its mail.
      expect(await stored('magic-token', unverified)).toHaveLength(1);
      expect(await stored('outbox', unverified)).toHaveLength(1);

      // The sender runs (mails() runs it as a person's inbox would be read): SES refuses.
      expect(await h.mails(unverified)).toEqual([]);
      expect(ses.stats.rejected).toBe(1);
      const [mail] = await stored('outbox', unverified);
      expect(mail).toMatchObject({
        status: 'failed',
        category: 'link',
        lastError: expect.stringMatching(/^MessageRejected: Email address is not verified/),
      });
      expect(mail).not.toHaveProperty('sealed');
      expect(lines).toContainEqual(
        expect.objectContaining({
          level: 'error',
          msg: 'mail refused by SES',
          tag: mail!.tag,
          reason: expect.stringMatching(/MessageRejected/),
        }),
      );
      // The sign-in form says "check your email" too: never an error page because of SES.
      const form = await h.app.request('/auth/sign-in', {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          cookie: `tsunagu_csrf=${'c'.repeat(43)}`,
        },
        body: new URLSearchParams({ email: unverified, _csrf: 'c'.repeat(43) }).toString(),
      });
      expect(form.status).toBe(202);
      expect(await form.text()).toContain('メールを確認してください');
      expect(await h.mails(unverified)).toEqual([]);
      expect(ses.stats.rejected).toBe(2);

      // One refused address holds up nobody else.
      const verified = uniqueEmail('verified');
      expect((await askLink(verified)).status).toBe(202);
      const [link] = await h.mails(verified);
      const signedIn = await h.request('/v1/auth/session', {
        method: 'POST',
        json: { token: magicTokenFrom(link!) },
      });
      expect(signedIn.status).toBe(201);
    } finally {
      ses.reject(undefined);
    }
  });

  it('registers the organisation and records the invitation (201, 202) when SES refuses their link mails', async () => {
    const owner = await h.signIn(uniqueEmail('owner'));
    const contact = uniqueEmail('contact-unverified');
    const invitee = uniqueEmail('invitee-unverified');
    ses.reject((to) => to === contact || to === invitee);
    try {
      const org = await h.organization(owner, { contact: { name: '連絡 花子', email: contact } });
      const invited = await h.request(`/v1/organizations/${org.id}/invitations`, {
        method: 'POST',
        as: owner,
        json: { email: invitee, role: 'editor' },
      });
      expect(invited.status).toBe(202);
      expect(await h.mails(contact)).toEqual([]);
      expect(await h.mails(invitee)).toEqual([]);
      for (const to of [contact, invitee]) {
        expect(await stored('outbox', to)).toEqual([
          expect.objectContaining({ status: 'failed', lastError: expect.stringMatching(/^MessageRejected/) }),
        ]);
      }
      const pending = await h.request(`/v1/organizations/${org.id}/invitations`, { as: owner });
      expect(((await pending.json()) as { items: { email: string }[] }).items).toEqual([
        expect.objectContaining({ email: invitee }),
      ]);
    } finally {
      ses.reject(undefined);
    }
  });
});

describe('a sign-in link and its token are written together', () => {
  it('writes neither when DynamoDB fails the transaction (503), and both on the retry', async () => {
    const email = uniqueEmail('whole');
    let strike = true;
    dynamo.onRequest((operation) => {
      if (strike && operation === 'TransactWriteItems') dynamo.stop();
    });
    try {
      await expectProblem(await askLink(email), 503, 'unavailable');
    } finally {
      strike = false;
      await dynamo.start();
    }
    expect(await stored('magic-token', email)).toEqual([]);
    expect(await stored('outbox', email)).toEqual([]);

    expect((await askLink(email)).status).toBe(202);
    expect(await stored('magic-token', email)).toHaveLength(1);
    expect(await stored('outbox', email)).toHaveLength(1);
    expect(await h.mails(email)).toHaveLength(1);
  });
});

describe('what a link mail leaves at rest', () => {
  it('keeps the link sealed while it waits, removes it once sent, and expires the item a day after the link', async () => {
    const email = uniqueEmail('sealed');
    expect((await askLink(email)).status).toBe(202);
    const [waiting] = await stored('outbox', email);
    expect(waiting).toMatchObject({ status: 'pending', category: 'link' });
    expect(waiting!.sealed).toBeInstanceOf(Uint8Array);
    expect(waiting).not.toHaveProperty('body');
    // Neither the link nor its token is readable in the item.
    expect(JSON.stringify(waiting)).not.toMatch(/token=|auth\/verify/);
    expect(Buffer.from(waiting!.sealed as Uint8Array).toString('latin1')).not.toMatch(/token=|verify/);

    const [mail] = await h.mails(email);
    const token = magicTokenFrom(mail!);
    expect(JSON.stringify(waiting)).not.toContain(token);
    const [sent] = await stored('outbox', email);
    expect(sent).toMatchObject({ status: 'sent' });
    expect(sent).not.toHaveProperty('sealed');
    // The link lives 15 minutes; the item (address and subject, no link) a day longer.
    expect(sent!.expiresAt).toBe(Math.floor(clock / 1000) + 15 * 60 + 86_400);
  });

  it('does not send a link that stopped working while SES was unavailable', async () => {
    const email = uniqueEmail('too-late');
    ses.faultRate(1); // SES answers every send with 429 or 5xx
    try {
      expect((await askLink(email)).status).toBe(202);
      expect(await h.mails(email)).toEqual([]);
    } finally {
      ses.faultRate(0);
    }
    clock += 16 * MINUTE;
    expect(await h.mails(email)).toEqual([]);
    expect(await stored('outbox', email)).toEqual([
      expect.objectContaining({ status: 'skipped', skippedReason: expect.stringMatching(/^expired/) }),
    ]);
  });

  it('fails a link mail sealed under another TSUNAGU_SECRET with an ERROR line, and goes on', async () => {
    const email = uniqueEmail('other-secret');
    expect((await askLink(email)).status).toBe(202);
    const rotated = await createHarness(
      {
        TABLE_NAME: h.config.tableName,
        SES_ENDPOINT: ses.endpoint,
        TSUNAGU_SECRET: 'another-secret-of-at-least-thirty-two-characters',
      },
      {
        now: () => new Date(clock),
        log: createLogger('info', (line) => lines.push(JSON.parse(line) as LogLine)),
      },
    );
    const report = await rotated.drain();
    expect(report.failed).toBeGreaterThanOrEqual(1);
    expect(await stored('outbox', email)).toEqual([
      expect.objectContaining({ status: 'failed', lastError: expect.stringMatching(/unreadable/) }),
    ]);
    expect(lines).toContainEqual(
      expect.objectContaining({ level: 'error', msg: 'mail failed: its body cannot be read' }),
    );
  });
});

/** Waits until `done()` holds, checking every 20 ms, for at most `ms`. */
async function until(done: () => boolean, ms = 30 * SECOND): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('sign-in links paced with the outbox at 1 mail a second (the SES sandbox rate)', () => {
  it('sends a sign-in link ahead of a digest backlog, never faster than 1 a second, and SES never throttles', async () => {
    const paced = await faultySes(inject('sesEndpoint'), { seed: 1, rate: 0 });
    paced.limit(1); // SES's sending rate: a call sooner than 0.9 s after the last is answered 429
    const p = await createHarness({ SES_ENDPOINT: paced.endpoint, SES_MAX_SEND_RATE: '1' });
    const BACKLOG = 8;
    const now = new Date().toISOString();
    const digests = Array.from({ length: BACKLOG }, (_, i) =>
      outboxMessage(
        `digest#pace#2026-W49#${i}`,
        'digest',
        { to: uniqueEmail(`digest-${i}`), subject: '今週のお知らせ', text: '本文', html: '<p>本文</p>' },
        now,
      ),
    );
    await p.ctx.store.outbox.enqueue(digests);
    // `npm start`'s sender: the loop, woken when a link mail is queued.
    const loop = startMailLoop(p.ctx);
    p.ctx.wakeSender = loop.wake;
    try {
      loop.wake();
      await until(() => paced.sent.length >= 2);
      const email = uniqueEmail('paced');
      const asked = Date.now();
      expect((await p.request('/v1/auth/magic-link', { method: 'POST', json: { email } })).status).toBe(202);
      await until(() => paced.sent.length === BACKLOG + 1);
      // Another link, asked for just as the backlog's last mail went out: a new run starts at
      // once, and waits for the turn the last run left (one pacer for every run of the loop).
      const second = uniqueEmail('paced-again');
      const askedAgain = Date.now();
      expect(
        (await p.request('/v1/auth/magic-link', { method: 'POST', json: { email: second } })).status,
      ).toBe(202);
      await until(() => paced.sent.length === BACKLOG + 2);
      expect(paced.sent.at(-1)!.to).toBe(second);

      const position = paced.sent.findIndex((c) => c.to === email);
      const link = paced.sent[position]!;
      const waited = link.at - asked;
      const gaps = paced.sent.slice(1).map((c, i) => c.at - paced.sent[i]!.at);
      console.info(
        `[link-mail] at 1 mail/s with ${BACKLOG} digests queued: the sign-in link went out ${waited} ms after it was asked for, as mail ${position + 1} of ${BACKLOG + 1}; a second link, asked for ${askedAgain - paced.sent[BACKLOG]!.at} ms after the last of them, ${paced.sent.at(-1)!.at - askedAgain} ms later; gaps between SES calls ${Math.min(...gaps)}–${Math.max(...gaps)} ms; SES throttled ${paced.stats.throttled}`,
      );
      // Ahead of the backlog: after the two sent before it was asked for, at most the mail
      // already in hand (and one more, should the request meet the sender between two looks).
      expect(position).toBeLessThanOrEqual(4);
      expect(paced.sent.slice(position + 1, BACKLOG + 1)).toHaveLength(BACKLOG - position);
      expect(waited).toBeLessThan(3 * SECOND);
      // Within the rate, every call: SES never had to throttle, nothing was retried.
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(900);
      expect(paced.stats.throttled).toBe(0);
      expect(paced.stats.calls).toBe(BACKLOG + 2);
    } finally {
      await loop.stop();
      await paced.close();
    }
  }, 60_000);
});
