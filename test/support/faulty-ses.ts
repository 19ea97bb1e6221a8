import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loopbackUrl } from '#local';
import { fraction } from './seeded';

// An HTTP proxy in front of SES local that answers some SendEmail calls the way SES does when it
// is busy or failing: 429 TooManyRequestsException (throttling) or a 5xx, decided by a seeded hash
// of (seed, the mail's outbox tag, which try of that mail it is), so the same mail meets the same
// faults on every run whatever the order of calls. Every other call goes through untouched.
//
// Two more behaviours SES has: refusing an address for good (400 MessageRejected, as the SES
// sandbox answers for an address nobody verified: `reject`), and throttling calls that come faster
// than the account's sending rate (429: `limit`). Every call SES accepted is logged with when it
// arrived, to whom and which outbox message it carried (`sent`).
//
// Two modes stand for a sender process dying mid-call, for the test to SIGKILL it in:
// - hold-requests: SendEmail calls are held and never reach SES (killed before SES got the mail);
// - swallow-responses: SES gets the mail and stores it, the answer never comes back (killed after
//   SES accepted the mail and before the sender could mark it sent).

export type SesLineMode = 'normal' | 'hold-requests' | 'swallow-responses';

export interface SentCall {
  /** When the call reached the proxy (ms since the epoch). */
  at: number;
  to: string;
  /** The outbox tag it carried. */
  tag: string;
}

export interface FaultySes {
  endpoint: string;
  mode(mode: SesLineMode): void;
  /** The share of calls answered 429 or 5xx from now on (0: SES is back). */
  faultRate(rate: number): void;
  /** Addresses SES refuses from now on with 400 MessageRejected (undefined: none). */
  reject(refused: ((to: string) => boolean) | undefined): void;
  /**
   * SES's sending rate from now on: a call that arrives sooner than 1/perSecond (less 10 % for
   * the jitter of the line) after the previous one is answered 429 (undefined: no limit).
   */
  limit(perSecond: number | undefined): void;
  /** The calls SES accepted, in the order they arrived. */
  readonly sent: SentCall[];
  readonly stats: {
    /** SendEmail calls that reached the proxy. */
    calls: number;
    /** Answered 429 TooManyRequestsException without reaching SES. */
    throttled: number;
    /** Of those, answered 429 because the call came faster than the `limit`. */
    overRate: number;
    /** Answered 400 MessageRejected (a `reject`ed address). */
    rejected: number;
    /** Answered 500 or 503 without reaching SES. */
    failed: number;
    /** Passed to SES, which answered 200. */
    accepted: number;
    /** Held in one of the dying modes (never answered). */
    held: number;
    /** Calls passed to SES that it has not answered yet. */
    forwarding: number;
  };
  close(): Promise<void>;
}

const SEND_EMAIL = /^\/v2\/email\/outbound-emails\/?$/;

export async function faultySes(target: string, plan: { seed: number; rate: number }): Promise<FaultySes> {
  // Loopback only: the proxy never connects anywhere else.
  const upstream = loopbackUrl(target);
  const stats = {
    calls: 0,
    throttled: 0,
    overRate: 0,
    rejected: 0,
    failed: 0,
    accepted: 0,
    held: 0,
    forwarding: 0,
  };
  const triesOf = new Map<string, number>();
  const open = new Set<http.ServerResponse>();
  const sent: SentCall[] = [];
  let mode: SesLineMode = 'normal';
  let rate = plan.rate;
  let refused: ((to: string) => boolean) | undefined;
  let perSecond: number | undefined;
  let lastPassedAt = Number.NEGATIVE_INFINITY;

  const answer = (res: http.ServerResponse, status: number, type: string, message: string) => {
    res.writeHead(status, {
      'content-type': 'application/json',
      'x-amzn-errortype': type,
      'x-amzn-requestid': `faulty-${stats.calls}`,
    });
    res.end(JSON.stringify({ message }));
  };

  const forward = (
    req: http.IncomingMessage,
    body: Buffer,
    onAnswer: (status: number, headers: http.IncomingHttpHeaders, data: Buffer) => void,
    onError: (error: Error) => void,
  ) => {
    const out = http.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: upstream.host, 'content-length': String(body.length) },
      },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (c: Buffer) => chunks.push(c));
        answer.on('end', () => onAnswer(answer.statusCode ?? 502, answer.headers, Buffer.concat(chunks)));
        answer.on('error', onError);
      },
    );
    out.on('error', onError);
    out.end(body);
  };

  const server = http.createServer(async (req, res) => {
    open.add(res);
    res.on('close', () => open.delete(res));
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of req) chunks.push(chunk as Buffer);
    } catch {
      return; // the caller died halfway through its request: nothing reaches SES
    }
    const body = Buffer.concat(chunks);
    const relay = (status: number, headers: http.IncomingHttpHeaders, data: Buffer) => {
      if (res.destroyed) return;
      const { 'transfer-encoding': _te, connection: _c, ...rest } = headers;
      res.writeHead(status, { ...rest, 'content-length': String(data.length) });
      res.end(data);
    };
    const broken = (_error?: Error) => {
      if (!res.destroyed) answer(res, 502, 'InternalFailure', 'SES local did not answer');
    };

    if (req.method !== 'POST' || !SEND_EMAIL.test(req.url ?? '')) {
      forward(req, body, relay, broken);
      return;
    }
    stats.calls++;
    const arrived = Date.now();
    let tag = '';
    let to = '';
    try {
      const parsed = JSON.parse(body.toString('utf8')) as {
        EmailTags?: { Name: string; Value: string }[];
        Destination?: { ToAddresses?: string[] };
      };
      tag = parsed.EmailTags?.find((t) => t.Name === 'outbox')?.Value ?? '';
      to = parsed.Destination?.ToAddresses?.[0] ?? '';
    } catch {}
    if (refused?.(to)) {
      stats.rejected++;
      answer(
        res,
        400,
        'MessageRejected',
        `Email address is not verified. The following identities failed the check in region AP-NORTHEAST-1: ${to}`,
      );
      return;
    }
    if (perSecond !== undefined && arrived - lastPassedAt < (1000 / perSecond) * 0.9) {
      stats.throttled++;
      stats.overRate++;
      answer(res, 429, 'TooManyRequestsException', 'Maximum sending rate exceeded.');
      return;
    }
    const tryNo = triesOf.get(tag) ?? 0;
    triesOf.set(tag, tryNo + 1);
    const x = fraction(plan.seed, tag, tryNo);
    if (x < rate / 2) {
      stats.throttled++;
      answer(res, 429, 'TooManyRequestsException', 'Maximum sending rate exceeded.');
      return;
    }
    if (x < rate) {
      stats.failed++;
      if (x < (rate * 3) / 4) answer(res, 500, 'InternalFailure', 'Internal failure.');
      else answer(res, 503, 'ServiceUnavailable', 'Service unavailable.');
      return;
    }
    lastPassedAt = arrived;
    if (mode === 'hold-requests') {
      stats.held++;
      return;
    }
    const held = mode === 'swallow-responses';
    stats.forwarding++;
    forward(
      req,
      body,
      (status, headers, data) => {
        stats.forwarding--;
        if (status === 200) {
          stats.accepted++;
          sent.push({ at: arrived, to, tag });
        }
        if (held) stats.held++;
        else relay(status, headers, data);
      },
      (error) => {
        stats.forwarding--;
        broken(error);
      },
    );
  });

  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    stats,
    sent,
    mode(next) {
      mode = next;
    },
    faultRate(next) {
      rate = next;
    },
    reject(next) {
      refused = next;
    },
    limit(next) {
      perSecond = next;
    },
    async close() {
      for (const res of open) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
