import { Duration } from 'aws-cdk-lib';
import { type Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { FilterPattern, type IFilterPattern, type ILogGroup, MetricFilter } from 'aws-cdk-lib/aws-logs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { BOUNCE_RATE_LIMIT, COMPLAINT_RATE_LIMIT } from '#mail';
import type { AlarmLevel } from './alarm-levels';

export interface ObservabilityConstructProps {
  stage: string;
  alarms: AlarmLevel;
  /** Where alarms are mailed (an SNS email subscription, confirmed once by the recipient). */
  alarmEmail?: string | undefined;
  /** The HTTP API's access log: a line per request, with the status the caller got. */
  accessLogs: ILogGroup;
  /** Every function's log group, by function name (api, match, digest, send, ses-events). */
  functionLogs: Record<string, ILogGroup>;
  /** The one queue where everything asynchronous that gave up ends. */
  failures: IQueue;
  /** SES configuration set whose reputation (bounce and complaint rates) is watched (`full`). */
  configurationSetName: string;
}

// What pages someone, for as little as CloudWatch allows (docs/cost.md). An alarm costs US$0.10 a
// month per metric it reads (a metric-math alarm over four metrics costs as much as four alarms; a
// composite alarm US$0.50 on top of its children), which made four alarms 55 % of a lone
// platform's bill. So the signals are gathered before they reach an alarm:
//
// - Trouble (custom metric, tsunagu/<stage>): log metric filters, which are free, count every
//   answer ≥ 500 in the API's access log (what users saw, also when the app turned an exception
//   into a 500 from a successful invocation, so Lambda's Errors stays 0) and every ERROR line of
//   every function: the app's own error lines (the API's "unhandled error", a failed match round
//   or digest, a mail SES refused or that failed after retries, an SES bounce or complaint rate
//   over half SES's review threshold: shared/mail/reputation.ts), uncaught exceptions and
//   crashes at start, plus Lambda's own "Task timed out" and "Runtime exited" lines. The filters
//   publish no default value, so the metric has data, and costs (US$0.30 a metric-month, by the
//   hour), only in hours when something failed. One alarm on it. Unlike the alarms before it, a
//   batch run that fails once and succeeds on Lambda's retry pages too: its ERROR line says
//   something went wrong (a bug, an outage), which is worth a look even when the retry helped.
//   An info line that happens to contain the word ERROR would count as well: our lines are JSON
//   of our own fields, so none does today.
// - FailuresArrived: NumberOfMessagesSent of the failures queue, i.e. NEW messages (a schedule
//   that could not deliver, a batch run or an SES event given up after Lambda's retries, a stream
//   batch of the sender). Lambda, Scheduler and EventBridge put them there with SendMessage, which
//   this metric counts; it goes back to OK by itself, instead of staying in ALARM until someone
//   empties the queue. Most of these failures also logged ERROR lines first, but a schedule or
//   rule that cannot invoke its function logs nothing: this alarm is the only one that sees it.
//
// `full` adds alarms on SES's own Reputation.BounceRate and Reputation.ComplaintRate of the
// configuration set at the same half thresholds, for deployments where US$0.20 is nothing.
// Why half: SES puts an account under review at a bounce rate of 5 % or a complaint rate of
// 0.1 %, and may pause its sending at 10 % / 0.5 % (Amazon SES Developer Guide, "Reputation
// metrics messages": https://docs.aws.amazon.com/ses/latest/dg/reputationdashboardmessages.html).
// An alarm at those very rates would fire when AWS's review starts; at 2.5 % and 0.05 %
// (BOUNCE_RATE_LIMIT, COMPLAINT_RATE_LIMIT in shared/mail/reputation.ts) it fires while there is
// still time to find the list or the mail that causes it. No
// dashboard (US$3 a month each beyond the account's three free ones): docs/deploy.md has the Logs
// Insights query that lists what the Trouble metric counted.
export class ObservabilityConstruct extends Construct {
  /** Counts failures (5xx answers, error lines, timeouts, crashes); data only while something fails. */
  readonly trouble: Metric;
  readonly topic: Topic | undefined;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: ObservabilityConstructProps) {
    super(scope, id);
    const namespace = `tsunagu/${props.stage}`;
    this.trouble = new Metric({
      namespace,
      metricName: 'Trouble',
      statistic: 'Sum',
      period: Duration.minutes(5),
    });
    const count = (filterId: string, logGroup: ILogGroup, filterPattern: IFilterPattern) =>
      new MetricFilter(this, filterId, {
        logGroup,
        filterPattern,
        metricNamespace: namespace,
        metricName: this.trouble.metricName,
        metricValue: '1',
        // No defaultValue: a line that does not match publishes nothing, so a healthy stage has no
        // data points and pays nothing for the metric.
      });
    count('ApiServerErrors', props.accessLogs, FilterPattern.numberValue('$.status', '>=', 500));
    for (const [name, logGroup] of Object.entries(props.functionLogs)) {
      // Lambda's text log format marks console.error lines (shared/log.ts) and uncaught errors
      // with ERROR; a timeout and a crash are Lambda's own lines.
      count(
        `${pascal(name)}Errors`,
        logGroup,
        FilterPattern.anyTerm('ERROR', 'Task timed out', 'Runtime exited'),
      );
    }

    if (props.alarms === 'none') {
      this.topic = undefined;
      return;
    }
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
    const atLeastOnce = {
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    };

    alarm(
      this.trouble.createAlarm(this, 'Trouble', {
        alarmDescription:
          `tsunagu ${props.stage}: something failed — an answer ≥ 500, an ERROR line, a timeout or a crash ` +
          `(Logs Insights query in docs/deploy.md)`,
        ...atLeastOnce,
      }),
    );
    alarm(
      props.failures
        .metricNumberOfMessagesSent({ period: Duration.minutes(5), statistic: 'Sum' })
        .createAlarm(this, 'FailuresArrived', {
          alarmDescription: `tsunagu ${props.stage}: something gave up after its retries and was put in the failures queue`,
          ...atLeastOnce,
        }),
    );

    if (props.alarms !== 'full') return;
    const reputation = (metricName: string, threshold: number, what: string) =>
      alarm(
        new Metric({
          namespace: 'AWS/SES',
          metricName,
          dimensionsMap: { 'ses:configuration-set': props.configurationSetName },
          statistic: 'Maximum',
          period: Duration.hours(1),
        }).createAlarm(this, metricName.replace(/\W/g, ''), {
          alarmDescription: `tsunagu ${props.stage}: SES ${what} over ${threshold * 100} % (half SES's review threshold)`,
          threshold,
          evaluationPeriods: 1,
          comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      );
    reputation('Reputation.BounceRate', BOUNCE_RATE_LIMIT, 'bounce rate');
    reputation('Reputation.ComplaintRate', COMPLAINT_RATE_LIMIT, 'complaint rate');
  }
}

const pascal = (name: string) => name.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase());
