import { Duration } from 'aws-cdk-lib';
import { type Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface ObservabilityConstructProps {
  stage: string;
  /** Where alarms are mailed (an SNS email subscription, confirmed once by the recipient). */
  alarmEmail?: string | undefined;
  /** The one synchronous function: its errors are answered to a person right away. */
  api: IFunction;
  /** The one queue where everything asynchronous that gave up ends. */
  failures: IQueue;
  /** SES configuration set whose reputation (bounce and complaint rates) is watched. */
  configurationSetName: string;
}

// Everything that can go wrong without anyone asking, in four alarms (each costs US$0.10 a month,
// the largest fixed cost of a small deployment: docs/cost.md): the API failing; anything
// asynchronous that gave up after its retries (a schedule that could not deliver, a batch run, a
// stream batch of the sender, an SES event: all end in one failures queue, whose messages say
// which); and a sender reputation that would get the account paused by SES (bounce rate over 5 %,
// complaint rate over 0.1 %: half of SES's own review thresholds). Batch runs that fail and then
// succeed on a retry raise nothing.
export class ObservabilityConstruct extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: ObservabilityConstructProps) {
    super(scope, id);
    this.topic = new Topic(this, 'Alarms', {
      displayName: `tsunagu ${props.stage} alarms`,
      enforceSSL: true,
    });
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
    const action = new SnsAction(this.topic);
    const alarm = (a: Alarm) => {
      a.addAlarmAction(action);
      this.alarms.push(a);
    };

    alarm(
      props.api.metricErrors({ period: Duration.minutes(5) }).createAlarm(this, 'ApiErrors', {
        alarmDescription: `tsunagu ${props.stage}: the API function failed`,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
    alarm(
      props.failures
        .metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) })
        .createAlarm(this, 'FailuresNotEmpty', {
          alarmDescription: `tsunagu ${props.stage}: something gave up after its retries and waits in the failures queue`,
          threshold: 1,
          evaluationPeriods: 1,
          comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
    );
    const reputation = (metricName: string, threshold: number, what: string) =>
      alarm(
        new Metric({
          namespace: 'AWS/SES',
          metricName,
          dimensionsMap: { 'ses:configuration-set': props.configurationSetName },
          statistic: 'Maximum',
          period: Duration.hours(1),
        }).createAlarm(this, metricName.replace(/\W/g, ''), {
          alarmDescription: `tsunagu ${props.stage}: ${what} over ${threshold * 100} %`,
          threshold,
          evaluationPeriods: 1,
          comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      );
    reputation('Reputation.BounceRate', 0.05, 'bounce rate');
    reputation('Reputation.ComplaintRate', 0.001, 'complaint rate');
  }
}
