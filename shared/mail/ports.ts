import type {
  DeliveryState,
  OutboxMessage,
  ReputationCounts,
  ReputationDay,
  StoredPreferences,
  Suppression,
} from '#domain';
import type { Mailer } from './sender';

// What mail needs from the rest of the service, said here, in mail's own terms: the parts of the
// store it reads and writes, a clock and a log. Mail imports nothing but the domain (biome.json
// holds it to that), so the arrows point one way: whoever calls mail passes what it has, and the
// AppContext of shared/context.ts (whose store is shared/store's) fits these shapes as it is.

export interface MailLog {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/** The outbox table's side of sending: reading what is due and moving a message through its states. */
export interface OutboxPort {
  get(tag: string): Promise<OutboxMessage | undefined>;
  /** Messages still to send or settle, oldest due first (link mails not among them). */
  pending(
    limit: number,
    start?: Record<string, unknown>,
  ): Promise<{ items: OutboxMessage[]; last?: Record<string, unknown> }>;
  /** Link mails still to send or settle, oldest due first. */
  pendingLinks(limit: number): Promise<OutboxMessage[]>;
  claim(tag: string, claim: string, now: string, leaseUntil: string, reclaimBefore: string): Promise<boolean>;
  markSent(tag: string, claim: string, messageId: string, now: string): Promise<boolean>;
  release(tag: string, claim: string, notBefore: string, error: string, now: string): Promise<boolean>;
  finish(
    tag: string,
    claim: string,
    status: 'skipped' | 'failed',
    reason: string,
    now: string,
  ): Promise<boolean>;
  confirmSent(tag: string, messageId: string, now: string): Promise<boolean>;
  recordDelivery(tag: string, state: DeliveryState, now: string): Promise<boolean>;
}

export interface SuppressionPort {
  get(email: string): Promise<Suppression | undefined>;
  /** Adds an address; false when it was suppressed already (a replay). */
  add(s: Suppression): Promise<boolean>;
}

export interface PreferencesPort {
  preferences(personId: string): Promise<StoredPreferences>;
  setPreferences(personId: string, prefs: StoredPreferences): Promise<void>;
}

export interface ReputationPort {
  add(day: string, counts: Partial<ReputationCounts>, expiresAt: number): Promise<void>;
  days(days: readonly string[]): Promise<ReputationDay[]>;
}

/** A clock and a log: what every part of mail that acts needs. */
export interface MailDeps {
  log: MailLog;
  now(): Date;
}

/** The sender: the outbox, the suppression list and a mailer (SES). */
export interface SenderDeps extends MailDeps {
  store: { outbox: OutboxPort; suppressions: Pick<SuppressionPort, 'get'> };
  mailer: Mailer;
}

/** SES's events: settling the outbox, suppressing addresses, counting the reputation. */
export interface SesEventsDeps extends MailDeps {
  store: {
    outbox: Pick<OutboxPort, 'confirmSent' | 'recordDelivery'>;
    suppressions: Pick<SuppressionPort, 'add'>;
    reputation: ReputationPort;
  };
}

/** An unsubscribe link: a person's digest preferences, or the suppression of an address. */
export interface UnsubscribeDeps extends MailDeps {
  store: { people: PreferencesPort; suppressions: Pick<SuppressionPort, 'add'> };
}

/** Reading an address's suppression (for a preferences page). */
export interface SuppressionReadDeps {
  store: { suppressions: Pick<SuppressionPort, 'get'> };
}

/** A clock and the suppression list, to work out a change to one's own address. */
export interface SuppressionChangeDeps extends SuppressionReadDeps {
  now(): Date;
}
