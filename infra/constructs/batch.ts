import { Duration } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { TimeZone } from 'aws-cdk-lib/core';
import { Construct } from 'constructs';
import { grantTableData } from './data';
import { type AppEnvironment, TsunaguFunction } from './function';
import { deadLetterQueue, targetDeadLetterQueue, workQueue } from './queues';
import { InvokeFunction } from './schedule';

export interface BatchConstructProps {
  app: AppEnvironment;
  table: ITableV2;
  /** Hour of the daily matching round, Asia/Tokyo. */
  matchHour: number;
}

// The two scheduled batches (EventBridge Scheduler, Asia/Tokyo). Each schedule invokes its
// function with a dispatch event; the function sends one message per platform to its queue, and
// the queue feeds the same function one platform at a time (shared/batch/fan-out.ts). A platform
// that keeps failing ends in the queue's DLQ without holding up the others.
export class BatchConstruct extends Construct {
  readonly match: TsunaguFunction;
  readonly digest: TsunaguFunction;
  readonly queues: { name: string; queue: Queue }[] = [];
  readonly deadLetterQueues: { name: string; queue: Queue }[] = [];

  constructor(scope: Construct, id: string, props: BatchConstructProps) {
    super(scope, id);

    this.match = this.batch('Match', 'match', props, {
      description: 'Daily: reminders, expiries and follow-ups, then the matching round of every platform',
      schedule: ScheduleExpression.cron({
        minute: '0',
        hour: String(props.matchHour),
        timeZone: TimeZone.ASIA_TOKYO,
      }),
      input: {},
    });
    this.digest = this.batch('Digest', 'digest', props, {
      // Each platform has its own weekday and hour (Monday 08:00 by default); the function picks
      // the platforms due this hour.
      description: 'Hourly: the weekly digest of the platforms whose digest hour (Asia/Tokyo) it is',
      schedule: ScheduleExpression.cron({ minute: '0', timeZone: TimeZone.ASIA_TOKYO }),
      input: { dueOnly: true },
    });
  }

  private batch(
    id: string,
    name: 'match' | 'digest',
    props: BatchConstructProps,
    schedule: { description: string; schedule: ScheduleExpression; input: Record<string, unknown> },
  ): TsunaguFunction {
    const timeout = Duration.minutes(10);
    const dlq = deadLetterQueue(this, `${id}Dlq`);
    const queue = workQueue(this, `${id}Queue`, {
      // Six times the function timeout, as AWS advises for SQS event sources.
      visibilityTimeout: Duration.minutes(60),
      deadLetterQueue: { queue: dlq, maxReceiveCount: 3 },
    });
    const failed = targetDeadLetterQueue(
      this,
      `${id}FailedDlq`,
      `the ${name} function's asynchronous invocations`,
    );
    const fn = new TsunaguFunction(this, id, {
      name,
      app: props.app,
      timeout,
      asyncFailureQueue: failed,
      memorySize: 1024,
      environment: { [`${name.toUpperCase()}_QUEUE_URL`]: queue.queueUrl },
    });
    grantTableData(props.table, fn);
    queue.grantSendMessages(fn);
    fn.addEventSource(
      new SqsEventSource(queue, { batchSize: 1, maxConcurrency: 2, reportBatchItemFailures: true }),
    );

    const scheduleDlq = targetDeadLetterQueue(this, `${id}ScheduleDlq`, `the ${name} schedule's target`);
    new Schedule(this, `${id}Schedule`, {
      description: schedule.description,
      schedule: schedule.schedule,
      target: new InvokeFunction(fn, {
        input: ScheduleTargetInput.fromObject(schedule.input),
        retryAttempts: 2,
        maxEventAge: Duration.hours(1),
        deadLetterQueue: scheduleDlq,
      }),
    });
    this.queues.push({ name, queue });
    this.deadLetterQueues.push(
      { name, queue: dlq },
      { name: `${name}-failed`, queue: failed },
      { name: `${name}-schedule`, queue: scheduleDlq },
    );
    return fn;
  }
}
