import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { FilterCriteria, FilterRule, type IFunction, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import {
  ConfigurationSet,
  EmailSendingEvent,
  EventDestination,
  SuppressionReasons,
} from 'aws-cdk-lib/aws-ses';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { TimeZone } from 'aws-cdk-lib/core';
import { Construct } from 'constructs';
import { grantTableData } from './data';
import { type AppEnvironment, TsunaguFunction } from './function';
import { InvokeFunction } from './schedule';

export interface MailConstructProps {
  app: AppEnvironment;
  table: ITableV2;
  /**
   * Verified SES identity (domain or address); without it nothing is sent, but the rest deploys.
   * The operator creates it with its DKIM, MAIL FROM and DMARC records, not this stack: stages
   * share it, and it, its verification and its reputation outlive a stack (docs/deploy.md, 2).
   */
  identity?: string | undefined;
  /**
   * In the SES sandbox: the verified identities (addresses or domains) mail may go to. SES then
   * also checks the caller's permission on each recipient's identity.
   */
  sandboxRecipients?: readonly string[];
  /** The account's SES sending rate (mails per second) to stay under. */
  maxSendRate: number;
  /** Reserved concurrency of the send function; unset = none (docs/deploy.md, "Lambda quota"). */
  sendConcurrency?: number | undefined;
  /** Where what gave up goes (alarmed): stream batches, sweeps, SES events. */
  failures: IQueue;
}

// Mail on AWS (docs/mail.md): a new outbox item in the table's stream → (filter: outbox inserts)
// → send function, one batch per shard at a time, at half the allowed rate. A schedule sweeps the
// outbox every ten minutes for retries and lapsed claims.
// SES publishes send, delivery, bounce and complaint events of our configuration set to
// EventBridge; a rule hands them to ses-events (suppression list, outbox confirmations).
export class MailConstruct extends Construct {
  readonly send: TsunaguFunction;
  readonly sesEvents: TsunaguFunction;
  readonly configurationSet: ConfigurationSet;
  /**
   * Grants ses:SendEmail on the identity and the configuration set (SES checks both), and in the
   * sandbox on each allowed recipient's identity.
   */
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

    const identityArn = (identity: string) =>
      stack.formatArn({
        service: 'ses',
        resource: 'identity',
        resourceName: identity,
        arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
      });
    // In the sandbox SES authorises SendEmail against every recipient's identity as well as the
    // sender's ("not authorized to perform ses:SendEmail on resource …:identity/<recipient>"). The
    // narrowest grant is the list of verified recipients (`-c sandboxRecipients=…`), not
    // identity/*: once out of the sandbox the list goes, and with it the permission.
    const identities = props.identity
      ? [
          identityArn(props.identity),
          ...(props.sandboxRecipients ?? [])
            .filter((r) => r.toLowerCase() !== props.identity?.toLowerCase())
            .map(identityArn),
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
    // How many instances send at once, without reserved concurrency (a new account's quota of 10
    // cannot spare any: Lambda keeps 100 unreserved, and the stack would fail to create):
    // - the stream: ParallelizationFactor 1, so one batch per shard at a time; outbox inserts of a
    //   table this size come from one or two shards;
    // - the sweep: one every ten minutes, done within its five-minute timeout, so it never
    //   overlaps itself.
    // Each instance sends at half the account's rate. Should more run at once (more shards, a
    // sweep Lambda retries), SES answers with throttling, the sender halves its pace and puts the
    // message back for later (shared/mail/outbox-sender.ts): late, never lost, never sent twice,
    // because every message is claimed with a conditional write first. `-c sendConcurrency=N`
    // reserves N instances for a hard cap (the account needs N + 100 concurrency), each at 1/N.
    const instances = props.sendConcurrency ?? 2;
    const perInstance = Math.max(0.5, props.maxSendRate / instances);
    this.send = new TsunaguFunction(this, 'Send', {
      name: 'send',
      app: props.app,
      timeout: Duration.minutes(5),
      reservedConcurrentExecutions: props.sendConcurrency,
      asyncFailureQueue: props.failures,
      environment: {
        SES_MAX_SEND_RATE: String(perInstance),
        SES_CONFIGURATION_SET: this.configurationSet.configurationSetName,
      },
    });
    grantTableData(props.table, this.send);
    this.grantSend(this.send);

    // New outbox items straight from the table's stream: Lambda reads streams at no charge (a Pipe
    // polling it costs ~US$2.40 a month, an SQS event source ~US$0.26 per idle queue: docs/cost.md).
    this.send.addEventSource(
      new DynamoEventSource(props.table, {
        startingPosition: StartingPosition.LATEST,
        batchSize: 20,
        maxBatchingWindow: Duration.seconds(2),
        parallelizationFactor: 1,
        retryAttempts: 5,
        bisectBatchOnError: true,
        reportBatchItemFailures: false,
        onFailure: new SqsDlq(props.failures),
        filters: [
          FilterCriteria.filter({
            eventName: FilterRule.isEqual('INSERT'),
            dynamodb: { NewImage: { type: { S: FilterRule.isEqual('outbox') } } },
          }),
        ],
      }),
    );

    new Schedule(this, 'SweepSchedule', {
      description: 'Sends what the outbox still holds: retries that are due, claims that lapsed',
      schedule: ScheduleExpression.expression('rate(10 minutes)', TimeZone.ASIA_TOKYO),
      target: new InvokeFunction(this.send, { retryAttempts: 2, deadLetterQueue: props.failures }),
    });

    // --- SES events -----------------------------------------------------------------------------
    this.sesEvents = new TsunaguFunction(this, 'SesEvents', {
      name: 'ses-events',
      app: props.app,
      timeout: Duration.seconds(30),
      asyncFailureQueue: props.failures,
    });
    grantTableData(props.table, this.sesEvents);
    new Rule(this, 'SesEventsRule', {
      description: 'SES events of the tsunagu configuration set',
      eventPattern: {
        source: ['aws.ses'],
        detail: { mail: { tags: { 'ses:configuration-set': [this.configurationSet.configurationSetName] } } },
      },
      targets: [new LambdaFunction(this.sesEvents, { deadLetterQueue: props.failures, retryAttempts: 4 })],
    });
  }
}
