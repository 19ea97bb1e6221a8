import type { PriceKey } from './prices';

// The services of the bill, the service of each price, and the monthly free tiers (not applied to
// the bill; see freeTierCredit() in bill.ts).

export const SERVICES = [
  'DynamoDB requests',
  'DynamoDB storage + PITR',
  'DynamoDB Streams (non-Lambda reads)',
  'Lambda',
  'API Gateway HTTP API',
  'SES',
  'SQS',
  'EventBridge Scheduler',
  'EventBridge Pipes',
  'CloudWatch Logs',
  'CloudWatch alarms',
  'CloudWatch metrics + dashboards',
  'SNS',
  'Data transfer out',
] as const;
export type Service = (typeof SERVICES)[number];

export const SERVICE_OF: Record<PriceKey, Service> = {
  dynamoWrite: 'DynamoDB requests',
  dynamoRead: 'DynamoDB requests',
  dynamoStorage: 'DynamoDB storage + PITR',
  dynamoPitr: 'DynamoDB storage + PITR',
  dynamoStreamRead: 'DynamoDB Streams (non-Lambda reads)',
  lambdaRequest: 'Lambda',
  lambdaGbSecond: 'Lambda',
  httpApiRequest: 'API Gateway HTTP API',
  sesMessage: 'SES',
  sesData: 'SES',
  sqsRequest: 'SQS',
  schedulerInvocation: 'EventBridge Scheduler',
  pipesRequest: 'EventBridge Pipes',
  logsIngestion: 'CloudWatch Logs',
  logsStorage: 'CloudWatch Logs',
  alarm: 'CloudWatch alarms',
  compositeAlarm: 'CloudWatch alarms',
  customMetric: 'CloudWatch metrics + dashboards',
  dashboard: 'CloudWatch metrics + dashboards',
  snsEmail: 'SNS',
  dataTransferOut: 'Data transfer out',
};

export interface FreeTier {
  price: PriceKey;
  /** Units per month, in the price's unit. */
  amount: number;
  /** Always free, or only in the account's first 12 months. */
  always: boolean;
}

/** Monthly free tiers, per account and region. Not applied to the bill; see freeTierCredit(). */
export const FREE_TIERS: FreeTier[] = [
  { price: 'dynamoStorage', amount: 25, always: true },
  { price: 'dynamoStreamRead', amount: 2.5e6, always: true },
  { price: 'lambdaRequest', amount: 1e6, always: true },
  { price: 'lambdaGbSecond', amount: 400_000, always: true },
  { price: 'httpApiRequest', amount: 1e6, always: false },
  { price: 'sesMessage', amount: 3000, always: false },
  { price: 'sqsRequest', amount: 1e6, always: true },
  { price: 'schedulerInvocation', amount: 14e6, always: true },
  { price: 'logsIngestion', amount: 5, always: true },
  { price: 'alarm', amount: 10, always: true },
  { price: 'customMetric', amount: 10, always: true },
  { price: 'dashboard', amount: 3, always: true },
  { price: 'snsEmail', amount: 1000, always: true },
  { price: 'dataTransferOut', amount: 100, always: true },
];
