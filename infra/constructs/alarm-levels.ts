/**
 * How much alarming the stack brings (`-c alarms=…`; infra/constructs/observability.ts): `essential`
 * (default) pages on trouble and on anything that gave up, for US$0.20 a month; `full` adds SES's
 * own reputation metrics (US$0.20 more); `none` creates no alarm and no topic, for a deployment with
 * its own monitoring, which can alarm on the same Trouble metric. Its own module, without CDK, so
 * the cost CLI reads it without loading aws-cdk-lib.
 */
export const ALARM_LEVELS = ['none', 'essential', 'full'] as const;
export type AlarmLevel = (typeof ALARM_LEVELS)[number];
