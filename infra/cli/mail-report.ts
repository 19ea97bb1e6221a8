import type { SendReport } from '#mail';

// What a batch command (`npm run match`, `digest`, `send`) says about the mail it sent: in plain
// words, for each kind of outcome what happens to those messages next. "Waiting" is not a
// failure: another sender (npm start's mail loop, or a second `npm run send`) claimed them first
// and sends them within seconds.

const mails = (n: number) => `${n} mail${n === 1 ? '' : 's'}`;

/** The lines to print after sending what the outbox held; the first says whether all went well. */
export function describeSendReport(r: SendReport): string[] {
  const lines: string[] = [];
  if (r.sent > 0) lines.push(`${mails(r.sent)} sent.`);
  if (r.waiting > 0)
    lines.push(
      `${mails(r.waiting)} already being sent by the other sender that is running (npm start's mail loop, or npm run send): it sends ${r.waiting === 1 ? 'it' : 'them'} within seconds. Nothing failed.`,
    );
  if (r.retryLater > 0)
    lines.push(
      `${mails(r.retryLater)} put back in the outbox because SES was busy or unreachable: npm start's mail loop, or npm run send, tries again shortly.`,
    );
  if (r.skipped > 0)
    lines.push(
      `${mails(r.skipped)} not sent because the address is suppressed (it bounced or complained before).`,
    );
  if (r.failed > 0)
    lines.push(`${mails(r.failed)} could not be sent and were given up; the log above says why.`);
  if (r.stoppedBecause)
    lines.push(
      `Sending stopped early (${r.stoppedBecause}); the rest stays in the outbox for the next send.`,
    );
  if (lines.length === 0) lines.push('nothing to send.');
  return lines.map((line) => `mail: ${line}`);
}
