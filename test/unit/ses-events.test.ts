import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSesEvents } from '#mail';
import {
  complaint,
  delivery,
  deliveryDelay,
  eventBridgeEvent,
  identityBounceNotification,
  permanentBounce,
  reject,
  renderingFailure,
  send,
  snsLambdaEvent,
  snsNotification,
  sqsLambdaEvent,
  topicValidationMessage,
  transientBounce,
} from './fixtures/ses-events';

const json = (value: unknown) => JSON.stringify(value);

/** Parses an input that must hold exactly one event, and returns it. */
function onlyEvent(input: unknown) {
  const { events, rejected } = parseSesEvents(input);
  expect(rejected).toEqual([]);
  expect(events).toHaveLength(1);
  return events[0]!;
}

describe('parseSesEvents', () => {
  describe('suppression', () => {
    it('asks to suppress the bounced addresses of a permanent bounce', () => {
      const event = onlyEvent(permanentBounce);

      expect(event).toMatchObject({
        type: 'bounce',
        id: permanentBounce.bounce.feedbackId,
        messageId: permanentBounce.mail.messageId,
        timestamp: '2017-08-05T00:41:02.669Z',
        recipients: ['recipient@example.com'],
        bounceType: 'Permanent',
        bounceSubType: 'General',
        suppress: true,
      });
    });

    it('does not suppress after a transient bounce', () => {
      const event = onlyEvent(transientBounce);

      expect(event).toMatchObject({ type: 'bounce', bounceType: 'Transient', bounceSubType: 'MailboxFull' });
      expect(event.suppress).toBe(false);
    });

    it('asks to suppress the complained addresses of a complaint', () => {
      const event = onlyEvent(complaint);

      expect(event).toMatchObject({
        type: 'complaint',
        id: complaint.complaint.feedbackId,
        timestamp: '2017-08-05T00:41:02.669Z',
        recipients: ['recipient@example.com'],
        suppress: true,
      });
      expect(event.bounceType).toBeUndefined();
    });

    it('reads identity notifications, which say notificationType and carry no tags', () => {
      const event = onlyEvent(identityBounceNotification);

      expect(event).toMatchObject({
        type: 'bounce',
        recipients: ['jane@example.com', 'richard@example.com'],
        tags: {},
        suppress: true,
      });
    });
  });

  describe('other event types', () => {
    it('reports a delivery to its recipients, with the tags flattened, and no suppression', () => {
      const event = onlyEvent(delivery);

      expect(event).toEqual({
        id: `delivery:${delivery.mail.messageId}`,
        type: 'delivery',
        messageId: delivery.mail.messageId,
        timestamp: '2016-10-19T23:21:04.133Z',
        tags: {
          'ses:configuration-set': 'ConfigSet',
          'ses:source-ip': '192.0.2.0',
          'ses:from-domain': 'example.com',
          'ses:caller-identity': 'ses_user',
          'ses:outgoing-ip': '192.0.2.0',
          myCustomTag1: 'myCustomTagValue1',
          myCustomTag2: 'myCustomTagValue2',
        },
        recipients: ['recipient@example.com'],
        suppress: false,
      });
    });

    it('reports a send to the destination at the time the mail was sent', () => {
      const event = onlyEvent(send);

      expect(event).toMatchObject({
        id: `send:${send.mail.messageId}`,
        type: 'send',
        timestamp: '2016-10-14T05:02:16.645Z',
        recipients: ['recipient@example.com'],
        suppress: false,
      });
      expect(event.tags).toMatchObject({
        myCustomTag1: 'myCustomTagValue1',
        'ses:configuration-set': 'ConfigSet',
      });
    });

    it('reports a rejection to the destination without suppressing it', () => {
      expect(onlyEvent(reject)).toMatchObject({
        type: 'reject',
        recipients: ['sender@example.com'],
        suppress: false,
      });
    });

    it('reports a delivery delay to the delayed recipients at the time of the delay', () => {
      expect(onlyEvent(deliveryDelay)).toMatchObject({
        type: 'delivery_delay',
        timestamp: '2020-06-16T00:25:40.095Z',
        recipients: ['recipient@example.com'],
        suppress: false,
      });
    });

    it('understands the spaced event type "Rendering Failure"', () => {
      expect(onlyEvent(renderingFailure)).toMatchObject({ type: 'rendering_failure', suppress: false });
    });

    it('keeps an unknown event type that names a message, as "other"', () => {
      const event = onlyEvent({ ...send, eventType: 'Teleport', send: undefined });

      expect(event).toMatchObject({ type: 'other', id: `other:${send.mail.messageId}`, suppress: false });
    });
  });

  describe('envelopes', () => {
    it.each([
      ['bounce', permanentBounce],
      ['complaint', complaint],
      ['delivery', delivery],
      ['send', send],
    ])(
      'gives the same %s event from EventBridge, SNS, SQS of SNS, SQS of EventBridge and the bare record',
      (_, record) => {
        const bare = onlyEvent(record);

        const wrapped = [
          eventBridgeEvent(record),
          snsLambdaEvent([json(record)]),
          sqsLambdaEvent([json(snsNotification(json(record)))]),
          sqsLambdaEvent([json(eventBridgeEvent(record))]),
          // SNS to SQS with raw message delivery, and EventBridge with an SNS target.
          sqsLambdaEvent([json(record)]),
          snsLambdaEvent([json(eventBridgeEvent(record))]),
        ].map(onlyEvent);

        for (const event of wrapped) expect(event).toEqual(bare);
      },
    );

    it('takes the type from the EventBridge detail-type when the detail does not name it', () => {
      const { eventType: _, ...untyped } = permanentBounce;

      const event = onlyEvent(eventBridgeEvent(permanentBounce, untyped));

      expect(event).toMatchObject({ type: 'bounce', suppress: true });
    });

    it('returns every event of a batch, in order', () => {
      const { events } = parseSesEvents(sqsLambdaEvent([json(send), json(delivery), json(permanentBounce)]));

      expect(events.map((e) => e.type)).toEqual(['send', 'delivery', 'bounce']);
    });
  });

  describe('ids', () => {
    it('gives the same ids when the same records are parsed twice', () => {
      const input = snsLambdaEvent([json(send), json(delivery), json(permanentBounce), json(complaint)]);

      const first = parseSesEvents(input).events.map((e) => e.id);
      const second = parseSesEvents(structuredClone(input)).events.map((e) => e.id);

      expect(second).toEqual(first);
    });

    it('gives distinct ids to the send, delivery and bounce of one message', () => {
      const ids = [send, delivery, permanentBounce].map((record) => onlyEvent(record).id);

      expect(send.mail.messageId).toBe(permanentBounce.mail.messageId);
      expect(new Set(ids).size).toBe(3);
    });
  });

  describe('addresses', () => {
    it('lower-cases addresses and strips display names', () => {
      const shouting = {
        ...permanentBounce,
        bounce: {
          ...permanentBounce.bounce,
          bouncedRecipients: [
            { emailAddress: 'Jane.Doe@Example.COM' },
            { emailAddress: 'jane.doe@example.com' },
          ],
        },
      };
      const named = { ...send, mail: { ...send.mail, destination: ['"Doe, Jane" <Jane.Doe@Example.COM>'] } };

      expect(onlyEvent(shouting).recipients).toEqual(['jane.doe@example.com']);
      expect(onlyEvent(named).recipients).toEqual(['jane.doe@example.com']);
    });
  });

  describe('malformed input', () => {
    it('rejects an SNS message that is not JSON, and still returns the valid records of the batch', () => {
      const input = snsLambdaEvent([json(permanentBounce), '{"eventType":"Bounce",', json(complaint)]);

      const { events, rejected } = parseSesEvents(input);

      expect(events.map((e) => e.type)).toEqual(['bounce', 'complaint']);
      expect(rejected).toEqual([{ index: 1, reason: 'Records.1.Sns.Message: not JSON' }]);
    });

    it('rejects a record without mail.messageId, and still returns the valid records of the batch', () => {
      const { messageId: _, ...anonymous } = permanentBounce.mail;
      const input = sqsLambdaEvent([
        json(snsNotification(json({ ...permanentBounce, mail: anonymous }))),
        json(send),
      ]);

      const { events, rejected } = parseSesEvents(input);

      expect(events.map((e) => e.type)).toEqual(['send']);
      expect(rejected).toEqual([{ index: 0, reason: 'Records.0.body.Message.mail.messageId: missing' }]);
    });

    it('rejects the topic validation message SES posts when a destination is created', () => {
      const { events, rejected } = parseSesEvents(snsLambdaEvent([topicValidationMessage]));

      expect(events).toEqual([]);
      expect(rejected).toEqual([{ index: 0, reason: 'Records.0.Sns.Message: not JSON' }]);
    });

    it('names the field but never repeats the input in a reason', () => {
      const secret = 'not-an-address-but-private';
      const input = eventBridgeEvent(permanentBounce, {
        ...permanentBounce,
        bounce: { ...permanentBounce.bounce, bouncedRecipients: [{ emailAddress: secret }] },
      });

      const { events, rejected } = parseSesEvents(input);

      expect(events).toEqual([]);
      expect(rejected).toEqual([
        { index: 0, reason: 'detail.bounce.bouncedRecipients.0.emailAddress: invalid' },
      ]);
    });

    it('rejects a bounce whose type it cannot rely on', () => {
      const vague = { ...permanentBounce, bounce: { ...permanentBounce.bounce, bounceType: 'Soft' } };

      expect(parseSesEvents(vague).rejected).toEqual([{ index: 0, reason: 'bounce.bounceType: invalid' }]);
    });

    it.each([
      ['null', null],
      ['a number', 42],
      ['a string', 'Bounce'],
      ['an empty object', {}],
      ['Records that are not a list', { Records: 'x' }],
      ['a Lambda record of neither SNS nor SQS', { Records: [{ eventSource: 'aws:s3' }] }],
      ['an SQS body that is not JSON', sqsLambdaEvent(['<xml/>'])],
      ['an SNS subscription confirmation', snsNotification('You have chosen to subscribe')],
      ['an EventBridge event from another service', { ...eventBridgeEvent(send), source: 'aws.s3' }],
      [
        'an SES account event with no mail',
        { ...eventBridgeEvent(send), 'detail-type': 'Sending Status Disabled', detail: {} },
      ],
    ])('rejects %s without throwing', (_, input) => {
      const { events, rejected } = parseSesEvents(input);

      expect(events).toEqual([]);
      expect(rejected).toHaveLength(1);
      expect(rejected[0]!.reason).not.toBe('');
    });

    it('never throws, and accounts for every record of a batch', () => {
      fc.assert(
        fc.property(fc.array(fc.oneof(fc.jsonValue(), fc.string())), (records) => {
          const sqs = parseSesEvents(
            sqsLambdaEvent(records.map((r) => (typeof r === 'string' ? r : json(r)))),
          );
          const raw = parseSesEvents({ Records: records });

          expect(sqs.events.length + sqs.rejected.length).toBe(records.length);
          expect(raw.events.length + raw.rejected.length).toBe(records.length);
        }),
      );
      fc.assert(fc.property(fc.jsonValue(), (value) => void parseSesEvents(value)));
    });
  });
});
