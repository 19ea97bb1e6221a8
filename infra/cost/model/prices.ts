// List prices in Tokyo (ap-northeast-1), each with its unit and source: the one place to change
// them.

/** The day the prices below were taken. */
export const PRICES_TAKEN = '2026-11-24';

export interface Price {
  /** US$ per `per` units. */
  usd: number;
  per: number;
  unit: string;
  /** ap-northeast-1 (Tokyo) unless we found no Tokyo price. */
  region: 'ap-northeast-1' | 'us-east-1';
  source: string;
}

const DYNAMODB = 'https://aws.amazon.com/dynamodb/pricing/on-demand/';
const EVENTBRIDGE = 'https://aws.amazon.com/eventbridge/pricing/';
const CLOUDWATCH = 'https://aws.amazon.com/cloudwatch/pricing/';

export const PRICES = {
  dynamoWrite: {
    usd: 0.715,
    per: 1e6,
    unit: 'write request units',
    region: 'ap-northeast-1',
    source: DYNAMODB,
  },
  dynamoRead: {
    usd: 0.1425,
    per: 1e6,
    unit: 'read request units',
    region: 'ap-northeast-1',
    source: DYNAMODB,
  },
  dynamoStorage: {
    usd: 0.285,
    per: 1,
    unit: 'GB-month (table + indexes)',
    region: 'ap-northeast-1',
    source: DYNAMODB,
  },
  dynamoPitr: {
    usd: 0.228,
    per: 1,
    unit: 'GB-month of PITR backup',
    region: 'ap-northeast-1',
    source: DYNAMODB,
  },
  dynamoStreamRead: {
    usd: 0.0228,
    per: 1e5,
    unit: 'stream read requests (GetRecords by a non-Lambda consumer)',
    region: 'ap-northeast-1',
    source: DYNAMODB,
  },
  lambdaRequest: {
    usd: 0.2,
    per: 1e6,
    unit: 'Lambda requests',
    region: 'ap-northeast-1',
    source: 'https://aws.amazon.com/lambda/pricing/',
  },
  lambdaGbSecond: {
    usd: 0.0000133334,
    per: 1,
    unit: 'GB-seconds (arm64)',
    region: 'ap-northeast-1',
    source: 'https://aws.amazon.com/lambda/pricing/',
  },
  httpApiRequest: {
    usd: 1.29,
    per: 1e6,
    unit: 'HTTP API requests',
    region: 'ap-northeast-1',
    source: 'https://aws.amazon.com/api-gateway/pricing/',
  },
  sesMessage: {
    usd: 0.1,
    per: 1000,
    unit: 'mails',
    region: 'ap-northeast-1',
    source: 'https://aws.amazon.com/ses/pricing/',
  },
  sesData: {
    usd: 0.12,
    per: 1,
    unit: 'GB of mail sent (charged on attachments; applied to every byte as an upper bound)',
    region: 'ap-northeast-1',
    source: 'https://aws.amazon.com/ses/pricing/',
  },
  sqsRequest: {
    usd: 0.4,
    per: 1e6,
    unit: 'SQS requests (standard)',
    region: 'ap-northeast-1',
    source: 'https://aws.amazon.com/sqs/pricing/',
  },
  schedulerInvocation: {
    usd: 1.0,
    per: 1e6,
    unit: 'EventBridge Scheduler invocations',
    region: 'us-east-1',
    source: EVENTBRIDGE,
  },
  pipesRequest: {
    usd: 0.4,
    per: 1e6,
    unit: 'EventBridge Pipes requests (after filtering, per 64 KB)',
    region: 'us-east-1',
    source: EVENTBRIDGE,
  },
  logsIngestion: {
    usd: 0.76,
    per: 1,
    unit: 'GB of logs ingested',
    region: 'ap-northeast-1',
    source: CLOUDWATCH,
  },
  logsStorage: {
    usd: 0.033,
    per: 1,
    unit: 'GB-month of logs stored',
    region: 'ap-northeast-1',
    source: CLOUDWATCH,
  },
  alarm: {
    usd: 0.1,
    per: 1,
    unit: 'alarm metric-months (standard resolution; a metric-math alarm is billed per metric in it)',
    region: 'ap-northeast-1',
    source: CLOUDWATCH,
  },
  compositeAlarm: {
    usd: 0.5,
    per: 1,
    unit: 'composite alarm-months (on top of the alarms they combine)',
    region: 'ap-northeast-1',
    source: CLOUDWATCH,
  },
  customMetric: {
    usd: 0.3,
    per: 1,
    unit: 'custom metric-months (prorated by the hour: a metric is billed only in hours it has data)',
    region: 'ap-northeast-1',
    source: CLOUDWATCH,
  },
  dashboard: {
    usd: 3.0,
    per: 1,
    unit: 'dashboard-months',
    region: 'ap-northeast-1',
    source: CLOUDWATCH,
  },
  snsEmail: {
    usd: 2.0,
    per: 1e5,
    unit: 'SNS email notifications',
    region: 'us-east-1',
    source: 'https://aws.amazon.com/sns/pricing/',
  },
  dataTransferOut: {
    usd: 0.114,
    per: 1,
    unit: 'GB out to the internet (API responses)',
    region: 'ap-northeast-1',
    source: 'https://aws.amazon.com/ec2/pricing/on-demand/#Data_Transfer',
  },
} as const satisfies Record<string, Price>;

export type PriceKey = keyof typeof PRICES;
export type Prices = Record<PriceKey, Price>;
