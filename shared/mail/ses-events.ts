import * as z from 'zod';

// Reads what SES tells us about mail we sent (bounces, complaints, deliveries …) out of whichever
// envelope delivered it: EventBridge, SNS to Lambda, SQS carrying SNS or EventBridge, or the bare record.
// Formats: "Contents of event data that Amazon SES publishes to Amazon SNS" (configuration-set event
// publishing, `eventType`) and "Amazon SNS notification contents" (identity notifications,
// `notificationType`); EventBridge puts the same record in `detail`.

export type SesEventType =
  | 'send'
  | 'delivery'
  | 'bounce'
  | 'complaint'
  | 'reject'
  | 'delivery_delay'
  | 'rendering_failure'
  | 'open'
  | 'click'
  | 'subscription'
  | 'other';

export interface SesEvent {
  /** Stable id for idempotency: the SES feedbackId when present, else `${type}:${messageId}`; never random. */
  id: string;
  type: SesEventType;
  /** mail.messageId: the id SES returned when the mail was sent. */
  messageId: string;
  /** ISO: the event's own timestamp (bounce/complaint/delivery timestamp) or mail.timestamp. */
  timestamp: string;
  /** mail.tags flattened: first value of each tag. */
  tags: Record<string, string>;
  /** Addresses this event is about: bounced / complained / delivered recipients; for send/reject the destination. Lower-cased. */
  recipients: string[];
  /** Only for bounces. */
  bounceType?: 'Permanent' | 'Transient' | 'Undetermined';
  bounceSubType?: string;
  /** Whether the addresses must be added to the suppression list: permanent bounces and complaints. */
  suppress: boolean;
}

export interface ParsedSesEvents {
  events: SesEvent[];
  rejected: { index: number; reason: string }[];
}

type Outcome = { ok: true; event: SesEvent } | { ok: false; reason: string };

/** SES may report `Jane <jane@example.com>` (a display name given at send time); we keep the bare address. */
function bareAddress(raw: string): string {
  const angled = /<([^<>]*)>\s*$/.exec(raw);
  return (angled?.[1] ?? raw).trim().toLowerCase();
}

const address = z
  .string()
  .transform(bareAddress)
  .pipe(z.string().regex(/^[^\s@<>]+@[^\s@<>]+$/));

const timestamp = z.iso.datetime({ offset: true }).transform((text, ctx) => {
  const at = new Date(text);
  if (Number.isNaN(at.getTime())) {
    ctx.issues.push({ code: 'custom', message: 'invalid', input: text });
    return z.NEVER;
  }
  return at.toISOString();
});

const mail = z.looseObject({
  messageId: z.string().min(1),
  timestamp,
  destination: z.array(address).optional(),
  tags: z.record(z.string(), z.array(z.string())).optional(),
});
const mailWithDestination = mail.extend({ destination: z.array(address) });

const recipient = z.looseObject({ emailAddress: address });
const timed = z.looseObject({ timestamp: timestamp.optional() });

const bounceRecord = z.looseObject({
  mail,
  bounce: z.looseObject({
    bounceType: z.enum(['Permanent', 'Transient', 'Undetermined']),
    bounceSubType: z.string().optional(),
    bouncedRecipients: z.array(recipient).min(1),
    timestamp: timestamp.optional(),
    feedbackId: z.string().min(1).optional(),
  }),
});
const complaintRecord = z.looseObject({
  mail,
  complaint: z.looseObject({
    complainedRecipients: z.array(recipient).min(1),
    timestamp: timestamp.optional(),
    feedbackId: z.string().min(1).optional(),
    complaintFeedbackType: z.string().optional(),
  }),
});
const deliveryRecord = z.looseObject({
  mail,
  delivery: z.looseObject({ recipients: z.array(address).min(1), timestamp: timestamp.optional() }),
});
const deliveryDelayRecord = z.looseObject({
  mail,
  deliveryDelay: z.looseObject({
    delayedRecipients: z.array(recipient).min(1),
    timestamp: timestamp.optional(),
  }),
});
const addressedRecord = z.looseObject({ mail: mailWithDestination });
const openRecord = z.looseObject({ mail, open: timed.optional() });
const clickRecord = z.looseObject({ mail, click: timed.optional() });
const subscriptionRecord = z.looseObject({ mail, subscription: timed.optional() });
const mailRecord = z.looseObject({ mail });

const recordHead = z.looseObject({
  eventType: z.string().optional(),
  notificationType: z.string().optional(),
});
const eventBridgeEvent = z.looseObject({
  source: z.literal('aws.ses'),
  'detail-type': z.string(),
  detail: z.unknown(),
});
const snsNotification = z.looseObject({ Type: z.literal('Notification'), Message: z.string() });
const snsLambdaRecord = z.looseObject({
  EventSource: z.literal('aws:sns').optional(),
  Sns: z.looseObject({ Message: z.string() }),
});
const sqsLambdaRecord = z.looseObject({ body: z.string() });
const lambdaBatch = z.looseObject({ Records: z.array(z.unknown()) });

// Keyed by the name with spaces, dashes and underscores removed, lower-cased: SES spells the same type
// `Rendering Failure` in records and `RenderingFailure` elsewhere.
const typeByName = new Map<string, SesEventType>([
  ['send', 'send'],
  ['delivery', 'delivery'],
  ['bounce', 'bounce'],
  ['complaint', 'complaint'],
  ['reject', 'reject'],
  ['deliverydelay', 'delivery_delay'],
  ['renderingfailure', 'rendering_failure'],
  ['open', 'open'],
  ['click', 'click'],
  ['subscription', 'subscription'],
]);

const typeByDetailType = new Map<string, SesEventType>([
  ['Email Sent', 'send'],
  ['Email Delivered', 'delivery'],
  ['Email Bounced', 'bounce'],
  ['Email Complaint Received', 'complaint'],
  ['Email Rejected', 'reject'],
  ['Email Delivery Delayed', 'delivery_delay'],
  ['Email Rendering Failed', 'rendering_failure'],
  ['Email Opened', 'open'],
  ['Email Clicked', 'click'],
  ['Email Subscribed', 'subscription'],
]);

function eventTypeOf(name: string): SesEventType {
  return typeByName.get(name.replace(/[\s_-]/g, '').toLowerCase()) ?? 'other';
}

function joinPath(...parts: (string | number)[]): string {
  return parts.filter((part) => part !== '').join('.');
}

// Reasons name a field path and say whether it was missing or invalid; they never echo the input.
const describeIssue = (issue: { input?: unknown }) => (issue.input === undefined ? 'missing' : 'invalid');

type Parsed<T> = { ok: true; data: T } | { ok: false; reason: string };

function parseAt<T>(schema: z.ZodType<T>, value: unknown, at: string): Parsed<T> {
  const result = schema.safeParse(value, { error: describeIssue });
  if (result.success) return { ok: true, data: result.data };
  const issue = result.error.issues[0];
  const path = joinPath(at, ...(issue?.path ?? []).map(String)) || 'input';
  return { ok: false, reason: `${path}: ${issue?.message ?? 'invalid'}` };
}

function parseJson(text: string, at: string): Parsed<unknown> {
  try {
    return { ok: true, data: JSON.parse(text) };
  } catch {
    return { ok: false, reason: `${at}: not JSON` };
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function flattenTags(tags: Record<string, string[]> | undefined): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, values] of Object.entries(tags ?? {})) {
    const first = values[0];
    if (first !== undefined) flat[name] = first;
  }
  return flat;
}

type Mail = z.infer<typeof mail>;

interface EventFacts {
  type: SesEventType;
  mail: Mail;
  recipients: string[];
  at?: string | undefined;
  feedbackId?: string | undefined;
  suppress?: boolean;
  bounce?: { bounceType: NonNullable<SesEvent['bounceType']>; bounceSubType: string | undefined };
}

function toEvent({ type, mail, recipients, at, feedbackId, suppress = false, bounce }: EventFacts): Outcome {
  const event: SesEvent = {
    id: feedbackId ?? `${type}:${mail.messageId}`,
    type,
    messageId: mail.messageId,
    timestamp: at ?? mail.timestamp,
    tags: flattenTags(mail.tags),
    recipients: [...new Set(recipients)],
    suppress,
  };
  if (bounce) {
    event.bounceType = bounce.bounceType;
    if (bounce.bounceSubType !== undefined) event.bounceSubType = bounce.bounceSubType;
  }
  return { ok: true, event };
}

/** One SES event record (the `detail` of an EventBridge event, the `Message` of an SNS notification). */
function readRecord(value: unknown, at: string, fallbackType?: SesEventType): Outcome {
  const head = parseAt(recordHead, value, at);
  if (!head.ok) return head;
  const name = head.data.eventType ?? head.data.notificationType;
  const type = name === undefined ? fallbackType : eventTypeOf(name);
  if (type === undefined) return { ok: false, reason: `${joinPath(at, 'eventType')}: missing` };

  switch (type) {
    case 'bounce': {
      const record = parseAt(bounceRecord, value, at);
      if (!record.ok) return record;
      const { bounce } = record.data;
      return toEvent({
        type,
        mail: record.data.mail,
        recipients: bounce.bouncedRecipients.map((r) => r.emailAddress),
        at: bounce.timestamp,
        feedbackId: bounce.feedbackId,
        // Transient and Undetermined bounces may succeed later; SES itself only suppresses hard bounces.
        suppress: bounce.bounceType === 'Permanent',
        bounce: { bounceType: bounce.bounceType, bounceSubType: bounce.bounceSubType },
      });
    }
    case 'complaint': {
      const record = parseAt(complaintRecord, value, at);
      if (!record.ok) return record;
      const { complaint } = record.data;
      return toEvent({
        type,
        mail: record.data.mail,
        recipients: complaint.complainedRecipients.map((r) => r.emailAddress),
        at: complaint.timestamp,
        feedbackId: complaint.feedbackId,
        // An ISP's "this is not spam" report arrives as a complaint too; it is no reason to stop.
        suppress: complaint.complaintFeedbackType !== 'not-spam',
      });
    }
    case 'delivery': {
      const record = parseAt(deliveryRecord, value, at);
      if (!record.ok) return record;
      const { delivery } = record.data;
      return toEvent({
        type,
        mail: record.data.mail,
        recipients: delivery.recipients,
        at: delivery.timestamp,
      });
    }
    case 'delivery_delay': {
      const record = parseAt(deliveryDelayRecord, value, at);
      if (!record.ok) return record;
      const { deliveryDelay } = record.data;
      return toEvent({
        type,
        mail: record.data.mail,
        recipients: deliveryDelay.delayedRecipients.map((r) => r.emailAddress),
        at: deliveryDelay.timestamp,
      });
    }
    case 'send':
    case 'reject': {
      const record = parseAt(addressedRecord, value, at);
      if (!record.ok) return record;
      return toEvent({ type, mail: record.data.mail, recipients: record.data.mail.destination });
    }
    case 'open': {
      const record = parseAt(openRecord, value, at);
      if (!record.ok) return record;
      const { mail } = record.data;
      return toEvent({ type, mail, recipients: mail.destination ?? [], at: record.data.open?.timestamp });
    }
    case 'click': {
      const record = parseAt(clickRecord, value, at);
      if (!record.ok) return record;
      const { mail } = record.data;
      return toEvent({ type, mail, recipients: mail.destination ?? [], at: record.data.click?.timestamp });
    }
    case 'subscription': {
      const record = parseAt(subscriptionRecord, value, at);
      if (!record.ok) return record;
      const { mail } = record.data;
      return toEvent({
        type,
        mail,
        recipients: mail.destination ?? [],
        at: record.data.subscription?.timestamp,
      });
    }
    case 'rendering_failure':
    case 'other': {
      const record = parseAt(mailRecord, value, at);
      if (!record.ok) return record;
      const { mail } = record.data;
      return toEvent({ type, mail, recipients: mail.destination ?? [] });
    }
    default: {
      const unreachable: never = type;
      return unreachable;
    }
  }
}

/** A message as a queue or topic hands it over: an EventBridge event, an SNS notification, or a bare record. */
function readMessage(value: unknown, at: string): Outcome {
  if (isObject(value) && 'detail-type' in value) {
    const event = parseAt(eventBridgeEvent, value, at);
    if (!event.ok) return event;
    const fallback = typeByDetailType.get(event.data['detail-type']) ?? 'other';
    return readRecord(event.data.detail, joinPath(at, 'detail'), fallback);
  }
  if (isObject(value) && 'Type' in value) {
    const notification = parseAt(snsNotification, value, at);
    if (!notification.ok) return notification;
    const messageAt = joinPath(at, 'Message');
    const message = parseJson(notification.data.Message, messageAt);
    return message.ok ? readMessage(message.data, messageAt) : message;
  }
  return readRecord(value, at);
}

/** One entry of a Lambda batch from SNS (`Sns.Message`) or SQS (`body`). */
function readLambdaRecord(value: unknown, at: string): Outcome {
  if (isObject(value) && 'Sns' in value) {
    const record = parseAt(snsLambdaRecord, value, at);
    if (!record.ok) return record;
    const messageAt = joinPath(at, 'Sns', 'Message');
    const message = parseJson(record.data.Sns.Message, messageAt);
    return message.ok ? readMessage(message.data, messageAt) : message;
  }
  if (isObject(value) && 'body' in value) {
    const record = parseAt(sqsLambdaRecord, value, at);
    if (!record.ok) return record;
    const bodyAt = joinPath(at, 'body');
    const body = parseJson(record.data.body, bodyAt);
    return body.ok ? readMessage(body.data, bodyAt) : body;
  }
  return { ok: false, reason: `${at}: not an SNS or SQS record` };
}

// A poisoned record must be reported, not take down the batch: anything unforeseen is a rejection too.
function guarded(read: () => Outcome, at: string): Outcome {
  try {
    return read();
  } catch {
    return { ok: false, reason: `${at || 'input'}: unreadable` };
  }
}

/** Parses any of the accepted shapes into SES events; records that are not SES events are reported in `rejected`, never thrown. */
export function parseSesEvents(input: unknown): ParsedSesEvents {
  const parsed: ParsedSesEvents = { events: [], rejected: [] };
  const collect = (index: number, outcome: Outcome) => {
    if (outcome.ok) parsed.events.push(outcome.event);
    else parsed.rejected.push({ index, reason: outcome.reason });
  };

  if (!(isObject(input) && 'Records' in input)) {
    collect(
      0,
      guarded(() => readMessage(input, ''), ''),
    );
    return parsed;
  }
  const records = parseAt(lambdaBatch, input, '');
  if (!records.ok) {
    collect(0, records);
    return parsed;
  }
  records.data.Records.forEach((record, index) => {
    const at = `Records.${index}`;
    collect(
      index,
      guarded(() => readLambdaRecord(record, at), at),
    );
  });
  return parsed;
}
