import { createHash } from 'node:crypto';

// Every mail is first an outbox message with a deterministic key (PRODUCT.md "Email"), so a
// rerun or a retry finds the message it wrote before instead of writing a second one.

/**
 * introduction: proposals, reminders, follow-ups (an address can unsubscribe from them) ·
 * connection: the contact exchange after both accepted — asked for by the reader's own "accept",
 * so no unsubscribe stops it, only a bounce or complaint · digest: the weekly digest ·
 * link: a single-use link someone asked for a moment ago (sign-in, invitation, contact
 * confirmation). Link mails go first (their own lane of the pending index), their body is
 * encrypted at rest and removed once the mail is settled, and they are not sent after the link
 * stopped working (docs/mail.md) · membership: an application received, a receipt, approved,
 * declined, suspended, withdrawn — about the reader's own membership (or, to the secretariat, its
 * work), so no unsubscribe stops it, only a bounce or complaint.
 */
export const MAIL_CATEGORIES = ['introduction', 'connection', 'digest', 'link', 'membership'] as const;
export type MailCategory = (typeof MAIL_CATEGORIES)[number];

/** Mails that carry a credential and that someone waits for: sent first, kept briefly. */
export const isLinkMail = (category: MailCategory) => category === 'link';

/**
 * pending: waiting to be sent (maybe not before `notBefore`) · sending: claimed by a sender until
 * `leaseUntil`, the SES call may be under way · sent: SES accepted it (`messageId`) · skipped: the
 * address is suppressed · failed: SES refused it for good.
 */
export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'skipped', 'failed'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/** What SES later told us about a sent message; a later event never downgrades an earlier one. */
export const DELIVERY_STATES = ['delivered', 'bounced', 'complained'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

export interface OutboxMessage {
  /** Deterministic, e.g. `digest#saitama#2026-W48#<personId>`, `match#<id>#proposed#need`. */
  key: string;
  /** Short id derived from the key: the store's id and the SES message tag (tags allow [A-Za-z0-9_-]). */
  tag: string;
  category: MailCategory;
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  /**
   * The From display name (a platform's mail: its secretariat's name); the address stays the
   * configured MAIL_FROM. Absent: the service's own From (sign-in link, contact confirmation, and
   * every message stored before it existed).
   */
  fromName?: string | undefined;
  /** Reply-To addresses (a platform's mail: its secretariat's address). Absent: none. */
  replyTo?: string[] | undefined;
  status: OutboxStatus;
  attempts: number;
  /** A link mail's link stops working then: a mail not sent by then is skipped (`expired`). */
  validUntil?: string | undefined;
  notBefore?: string | undefined;
  leaseUntil?: string | undefined;
  claim?: string | undefined;
  messageId?: string | undefined;
  sentAt?: string | undefined;
  skippedReason?: string | undefined;
  lastError?: string | undefined;
  delivery?: DeliveryState | undefined;
  /** Read back without its body: a link mail's, removed once settled or sealed under another secret. */
  bodyGone?: boolean | undefined;
  createdAt: string;
  updatedAt: string;
}

export function outboxTag(key: string): string {
  return createHash('sha256').update(key).digest('base64url').slice(0, 32);
}

/** A new outbox message, not yet sent. */
export function outboxMessage(
  key: string,
  category: MailCategory,
  mail: {
    to: string;
    subject: string;
    text: string;
    html: string;
    headers?: Record<string, string> | undefined;
    fromName?: string | undefined;
    replyTo?: readonly string[] | undefined;
  },
  now: string,
  validUntil?: string,
): OutboxMessage {
  return {
    key,
    tag: outboxTag(key),
    category,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    headers: mail.headers ?? {},
    ...(mail.fromName ? { fromName: mail.fromName } : {}),
    ...(mail.replyTo && mail.replyTo.length > 0 ? { replyTo: [...mail.replyTo] } : {}),
    status: 'pending',
    attempts: 0,
    ...(validUntil ? { validUntil } : {}),
    createdAt: now,
    updatedAt: now,
  };
}

export const SUPPRESSION_REASONS = ['bounce', 'complaint', 'unsubscribed'] as const;
export type SuppressionReason = (typeof SUPPRESSION_REASONS)[number];

/** An address that is not mailed: for everything (bounce, complaint) or for one category. */
export interface Suppression {
  email: string;
  reason: SuppressionReason;
  /** Undefined = every category. */
  category?: MailCategory | undefined;
  since: string;
  /** The SES event (or unsubscribe) that added it. */
  source: string;
}

/** A change to an address's suppression that goes into another write's transaction. */
export type SuppressionChange =
  /** Adds it; the transaction fails if the address is already suppressed for any reason. */
  | { add: Suppression }
  /** Lifts an unsubscribe from one category; fails if the address has no such suppression. */
  | { lift: string };

/** One UTC day of sending as SES reported it: mails accepted, hard bounces, complaints (per recipient). */
export interface ReputationCounts {
  sends: number;
  bounces: number;
  complaints: number;
}

export interface ReputationDay extends ReputationCounts {
  /** YYYY-MM-DD, UTC. */
  day: string;
}

export function suppresses(s: Suppression | undefined, category: MailCategory): boolean {
  return s !== undefined && (s.category === undefined || s.category === category);
}

/** ISO week of a Tokyo date (YYYY-MM-DD), e.g. 2026-W48: the digest's week key. */
export function isoWeekOf(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  const weekday = (d.getUTCDay() + 6) % 7; // Monday = 0
  d.setUTCDate(d.getUTCDate() - weekday + 3); // the Thursday of this week decides the year
  const year = d.getUTCFullYear();
  const week = Math.floor((d.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}
