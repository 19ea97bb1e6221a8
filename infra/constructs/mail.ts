import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { CfnPipe } from 'aws-cdk-lib/aws-pipes';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import {
  ConfigurationSet,
  EmailSendingEvent,
  EventDestination,
  SuppressionReasons,
} from 'aws-cdk-lib/aws-ses';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { TimeZone } from 'aws-cdk-lib/core';
import { Construct } from 'constructs';
import { grantTableData } from './data';
import { type AppEnvironment, TsunaguFunction } from './function';
import { deadLetterQueue, targetDeadLetterQueue, workQueue } from './queues';
import { InvokeFunction } from './schedule';

export interface MailConstructProps {
  app: AppEnvironment;
  table: ITableV2;
  /** Verified SES identity (domain or address); without it nothing is sent, but the rest deploys. */
  identity?: string | undefined;
  /** The account's SES sending rate (mails per second) to stay under. */
  maxSendRate: number;
}

// Mail on AWS (docs/mail.md): a new outbox item in the table's stream → EventBridge Pipe (only
// outbox inserts, only the tag) → send queue → send function, at most two at a time, each at half
// the allowed rate. A schedule sweeps the outbox every ten minutes for retries and lapsed claims.
// SES publishes send, delivery, bounce and complaint events of our configuration set to
// EventBridge; a rule hands them to ses-events (suppression list, outbox confirmations).
export class MailConstruct extends Construct {
  readonly send: TsunaguFunction;
  readonly sesEvents: TsunaguFunction;
  readonly configurationSet: ConfigurationSet;
  readonly queues: { name: string; queue: Queue }[] = [];
  readonly deadLetterQueues: { name: string; queue: Queue }[] = [];
  /** Grants ses:SendEmail on the identity and the configuration set (SES checks both). */
  readonly grantSend: (fn: IFunction) => void;

  constructor(scope: Construct, id: string, props: MailConstructProps) {
    super(scope, id);
    const stack = Stack.of(this);

    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: `tsunagu-${props.app.stage}`,
      reputationMetrics: true,
      // SES's account-level list as well as ours: bounces and complaints are never retried by SES.
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    this.configurationSet.addEventDestination('ToEventBridge', {
      // The default bus is the only one SES publishes to.
      destination: EventDestination.eventBus(EventBus.fromEventBusName(this, 'DefaultBus', 'default')),
      events: [
        EmailSendingEvent.SEND,
        EmailSendingEvent.DELIVERY,
        EmailSendingEvent.BOUNCE,
        EmailSendingEvent.COMPLAINT,
        EmailSendingEvent.REJECT,
      ],
    });

    const identities = props.identity
      ? [
          stack.formatArn({
            service: 'ses',
            resource: 'identity',
            resourceName: props.identity,
            arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
          }),
          stack.formatArn({
            service: 'ses',
            resource: 'configuration-set',
            resourceName: this.configurationSet.configurationSetName,
            arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
          }),
        ]
      : [];
    this.grantSend = (fn) => {
      if (identities.length === 0) return;
      fn.addToRolePolicy(new PolicyStatement({ actions: ['ses:SendEmail'], resources: identities }));
    };

    // --- sending --------------------------------------------------------------------------------
    const perInstance = Math.max(0.5, props.maxSendRate / 2);
    const sendFailed = targetDeadLetterQueue(this, 'SendFailedDlq', "the send function's scheduled sweeps");
    this.deadLetterQueues.push({ name: 'send-failed', queue: sendFailed });
    this.send = new TsunaguFunction(this, 'Send', {
      name: 'send',
      app: props.app,
      timeout: Duration.minutes(5),
      asyncFailureQueue: sendFailed,
      environment: {
        SES_MAX_SEND_RATE: String(perInstance),
        SES_CONFIGURATION_SET: this.configurationSet.configurationSetName,
      },
    });
    grantTableData(props.table, this.send);
    this.grantSend(this.send);

    const sendDlq = deadLetterQueue(this, 'SendDlq');
    const sendQueue = workQueue(this, 'SendQueue', {
      visibilityTimeout: Duration.minutes(30),
      deadLetterQueue: { queue: sendDlq, maxReceiveCount: 5 },
    });
    this.queues.push({ name: 'send', queue: sendQueue });
    this.deadLetterQueues.push({ name: 'send', queue: sendDlq });
    this.send.addEventSource(
      new SqsEventSource(sendQueue, {
        batchSize: 10,
        maxBatchingWindow: Duration.seconds(5),
        maxConcurrency: 2,
      }),
    );

    // The table's stream → only new outbox items → {tag} on the send queue.
    const pipeRole = new Role(this, 'OutboxPipeRole', {
      assumedBy: new ServicePrincipal('pipes.amazonaws.com'),
    });
    const streamArn = props.table.tableStreamArn;
    if (!streamArn) throw new Error('the table needs a stream (NEW_IMAGE) for the outbox pipe');
    pipeRole.addToPolicy(
      new PolicyStatement({
        actions: [
          'dynamodb:DescribeStream',
          'dynamodb:GetRecords',
          'dynamodb:GetShardIterator',
          'dynamodb:ListStreams',
        ],
        resources: [streamArn],
      }),
    );
    sendQueue.grantSendMessages(pipeRole);
    const pipeDlq = targetDeadLetterQueue(
      this,
      'OutboxPipeDlq',
      'the outbox pipe (stream records it gave up on)',
    );
    pipeDlq.grantSendMessages(pipeRole);
    this.deadLetterQueues.push({ name: 'outbox-pipe', queue: pipeDlq });
    new CfnPipe(this, 'OutboxPipe', {
      roleArn: pipeRole.roleArn,
      source: streamArn,
      sourceParameters: {
        dynamoDbStreamParameters: {
          startingPosition: 'LATEST',
          batchSize: 10,
          maximumRetryAttempts: 10,
          deadLetterConfig: { arn: pipeDlq.queueArn },
        },
        filterCriteria: {
          filters: [
            {
              pattern: JSON.stringify({
                eventName: ['INSERT'],
                dynamodb: { NewImage: { type: { S: ['outbox'] } } },
              }),
            },
          ],
        },
      },
      target: sendQueue.queueArn,
      // A string placeholder needs its quotes in the template: Pipes puts in the bare value.
      targetParameters: { inputTemplate: '{"tag": "<$.dynamodb.NewImage.tag.S>"}' },
    });

    const scheduleDlq = targetDeadLetterQueue(this, 'SweepScheduleDlq', "the sweep schedule's target");
    this.deadLetterQueues.push({ name: 'send-sweep-schedule', queue: scheduleDlq });
    new Schedule(this, 'SweepSchedule', {
      description: 'Sends what the outbox still holds: retries that are due, claims that lapsed',
      schedule: ScheduleExpression.expression('rate(10 minutes)', TimeZone.ASIA_TOKYO),
      target: new InvokeFunction(this.send, { retryAttempts: 2, deadLetterQueue: scheduleDlq }),
    });

    // --- SES events -----------------------------------------------------------------------------
    const eventsFailed = targetDeadLetterQueue(this, 'SesEventsFailedDlq', 'the ses-events function');
    this.deadLetterQueues.push({ name: 'ses-events-failed', queue: eventsFailed });
    this.sesEvents = new TsunaguFunction(this, 'SesEvents', {
      name: 'ses-events',
      app: props.app,
      timeout: Duration.seconds(30),
      asyncFailureQueue: eventsFailed,
    });
    grantTableData(props.table, this.sesEvents);
    const eventsDlq = targetDeadLetterQueue(this, 'SesEventsDlq', "the SES event rule's target");
    this.deadLetterQueues.push({ name: 'ses-events', queue: eventsDlq });
    new Rule(this, 'SesEventsRule', {
      description: 'SES events of the tsunagu configuration set',
      eventPattern: {
        source: ['aws.ses'],
        detail: { mail: { tags: { 'ses:configuration-set': [this.configurationSet.configurationSetName] } } },
      },
      targets: [new LambdaFunction(this.sesEvents, { deadLetterQueue: eventsDlq, retryAttempts: 4 })],
    });
  }
}
