import { describe, expect, it } from 'vitest';
import { describeSendReport } from '../../../infra/cli/mail-report';

// What `npm run digest`, `match` and `send` say about the mail they sent: each outcome in plain
// words with what happens next; mail another sender is sending is not reported as a failure.

const report = (r: Partial<Parameters<typeof describeSendReport>[0]> = {}) =>
  describeSendReport({ sent: 0, skipped: 0, failed: 0, retryLater: 0, waiting: 0, throttled: 0, ...r });

describe('what a batch command says about its mail', () => {
  it('says that mail npm start is sending will go within seconds, and that nothing failed', () => {
    const lines = report({ waiting: 9 });

    expect(lines).toEqual([
      "mail: 9 mails already being sent by the other sender that is running (npm start's mail loop, or npm run send): it sends them within seconds. Nothing failed.",
    ]);
    expect(lines.join('\n')).not.toMatch(/fail(ed)? *[1-9]|[1-9]\d* failed/);
  });

  it('names each outcome once, with what happens next, and only those that happened', () => {
    expect(report({ sent: 1, retryLater: 2, skipped: 1, failed: 3, stoppedBecause: 'daily quota' })).toEqual([
      'mail: 1 mail sent.',
      "mail: 2 mails put back in the outbox because SES was busy or unreachable: npm start's mail loop, or npm run send, tries again shortly.",
      'mail: 1 mail not sent because the address is suppressed (it bounced or complained before).',
      'mail: 3 mails could not be sent and were given up; the log above says why.',
      'mail: Sending stopped early (daily quota); the rest stays in the outbox for the next send.',
    ]);
    expect(report({ sent: 12 })).toEqual(['mail: 12 mails sent.']);
  });

  it('says so when there was nothing to send', () => {
    expect(report()).toEqual(['mail: nothing to send.']);
  });
});
