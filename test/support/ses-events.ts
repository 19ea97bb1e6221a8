import { randomUUID } from 'node:crypto';
import type { Email } from '#local';

// SES events for mails SES local received, shaped as SES publishes them through EventBridge
// (configuration-set event publishing), for the ses-events code path to read.

export const header = (m: Email, name: string) =>
  m.headers?.find((x) => x.name.toLowerCase() === name.toLowerCase())?.value;

/** The outbox tag a mail carries (X-Tsunagu-Message), the key to count mails per outbox message. */
export const tagOf = (m: Email) => header(m, 'X-Tsunagu-Message');

export function sesMail(stored: Email) {
  const to = stored.destination.to[0]!;
  const tag = tagOf(stored)!;
  return {
    timestamp: new Date(stored.at * 1000).toISOString(),
    source: stored.from,
    sourceArn: 'arn:aws:ses:ap-northeast-1:123456789012:identity/tsunagu.example',
    sendingAccountId: '123456789012',
    messageId: stored.messageId,
    destination: [to],
    headersTruncated: false,
    headers: [
      { name: 'From', value: stored.from },
      { name: 'To', value: to },
      { name: 'Subject', value: stored.subject },
      { name: 'X-Tsunagu-Message', value: tag },
    ],
    commonHeaders: { from: [stored.from], to: [to], messageId: stored.messageId, subject: stored.subject },
    tags: {
      'ses:configuration-set': ['tsunagu'],
      'ses:from-domain': ['tsunagu.example'],
      outbox: [tag],
      category: ['digest'],
    },
  };
}

export function eventBridge<D extends { mail: { timestamp: string } }>(detailType: string, detail: D) {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': detailType,
    source: 'aws.ses',
    account: '123456789012',
    time: detail.mail.timestamp,
    region: 'ap-northeast-1',
    resources: ['arn:aws:ses:ap-northeast-1:123456789012:configuration-set/tsunagu'],
    detail,
  };
}

const later = (stored: Email, seconds: number) => new Date((stored.at + seconds) * 1000).toISOString();

export const bounceEvent = (stored: Email, bounceType: 'Permanent' | 'Transient') =>
  eventBridge('Email Bounced', {
    eventType: 'Bounce',
    bounce: {
      bounceType,
      bounceSubType: bounceType === 'Permanent' ? 'General' : 'MailboxFull',
      bouncedRecipients: [
        {
          emailAddress: stored.destination.to[0]!,
          action: 'failed',
          status: bounceType === 'Permanent' ? '5.1.1' : '4.2.2',
          diagnosticCode:
            bounceType === 'Permanent' ? 'smtp; 550 5.1.1 user unknown' : 'smtp; 452 4.2.2 mailbox full',
        },
      ],
      timestamp: later(stored, 60),
      feedbackId: `0100019-${stored.messageId}-bounce`,
      reportingMTA: 'dsn; mta.example.jp',
    },
    mail: sesMail(stored),
  });

export const complaintEvent = (stored: Email) =>
  eventBridge('Email Complaint Received', {
    eventType: 'Complaint',
    complaint: {
      complainedRecipients: [{ emailAddress: stored.destination.to[0]! }],
      timestamp: later(stored, 3600),
      feedbackId: `0100019-${stored.messageId}-complaint`,
      complaintFeedbackType: 'abuse',
      arrivalDate: later(stored, 3600),
    },
    mail: sesMail(stored),
  });

export const deliveryEvent = (stored: Email) =>
  eventBridge('Email Delivered', {
    eventType: 'Delivery',
    delivery: {
      timestamp: later(stored, 5),
      processingTimeMillis: 5000,
      recipients: [stored.destination.to[0]!],
      smtpResponse: '250 2.6.0 Message received',
      reportingMTA: 'mta.example.jp',
    },
    mail: sesMail(stored),
  });

/** The Send event SES publishes for every mail it accepted (carrying our outbox tag), as a bare record. */
export const sendEvent = (stored: Email) => ({ eventType: 'Send', mail: sesMail(stored), send: {} });

/** The same Send event as it arrives through EventBridge. */
export const sentEvent = (stored: Email) => eventBridge('Email Sent', sendEvent(stored));
