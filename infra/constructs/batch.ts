import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import {
  ContextAttribute,
  Schedule,
  ScheduleExpression,
  ScheduleTargetInput,
} from 'aws-cdk-lib/aws-scheduler';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { TimeZone } from 'aws-cdk-lib/core';
import { Construct } from 'constructs';
import { grantTableData } from './data';
import { type AppEnvironment, TsunaguFunction } from './function';
import { InvokeFunction } from './schedule';

export interface BatchConstructProps {
  app: AppEnvironment;
  table: ITableV2;
  /** Hour of the daily matching round, Asia/Tokyo. */
  matchHour: number;
  /** Where what gave up goes: failed deliveries of the schedules and failed runs (alarmed). */
  failures: IQueue;
}

// The two scheduled batches (EventBridge Scheduler, Asia/Tokyo). Each schedule invokes its
// function with a dispatch event that carries the time it fired (Scheduler substitutes
// <aws.scheduler.scheduled-time>), so a late or retried run plans for that time, not its own.
// The function invokes itself asynchronously once per platform, passing that time on
// (shared/batch/fan-out.ts), and Lambda retries a failing platform twice before handing it to the
// failures queue, without holding up the others. Nothing is polled while nothing happens.
export class BatchConstruct extends Construct {
  readonly match: TsunaguFunction;
  readonly digest: TsunaguFunction;

  constructor(scope: Construct, id: string, props: BatchConstructProps) {
    super(scope, id);

    this.match = this.batch('Match', 'match', props, {
      description: 'Daily: reminders, expiries and follow-ups, then the matching round of every platform',
      schedule: ScheduleExpression.cron({
        minute: '0',
        hour: String(props.matchHour),
        timeZone: TimeZone.ASIA_TOKYO,
      }),
      input: { scheduledTime: ContextAttribute.scheduledTime },
    });
    this.digest = this.batch('Digest', 'digest', props, {
      // Each platform has its own weekday and hour (Monday 08:00 by default); the function picks
      // the platforms due this hour.
      description: 'Hourly: the weekly digest of the platforms whose digest hour (Asia/Tokyo) it is',
      schedule: ScheduleExpression.cron({ minute: '0', timeZone: TimeZone.ASIA_TOKYO }),
      input: { dueOnly: true, scheduledTime: ContextAttribute.scheduledTime },
    });
  }

  private batch(
    id: string,
    name: 'match' | 'digest',
    props: BatchConstructProps,
    schedule: { description: string; schedule: ScheduleExpression; input: Record<string, unknown> },
  ): TsunaguFunction {
    // A known name, so the function may invoke itself without a reference to itself (a cycle).
    const functionName = `tsunagu-${props.app.stage}-${name}`;
    const fn = new TsunaguFunction(this, id, {
      name,
      functionName,
      app: props.app,
      timeout: Duration.minutes(10),
      asyncFailureQueue: props.failures,
      memorySize: 1024,
    });
    grantTableData(props.table, fn);
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: [
          Stack.of(this).formatArn({
            service: 'lambda',
            resource: 'function',
            resourceName: functionName,
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        ],
      }),
    );
    new Schedule(this, `${id}Schedule`, {
      description: schedule.description,
      schedule: schedule.schedule,
      target: new InvokeFunction(fn, {
        input: ScheduleTargetInput.fromObject(schedule.input),
        retryAttempts: 2,
        maxEventAge: Duration.hours(1),
        deadLetterQueue: props.failures,
      }),
    });
    return fn;
  }
}
