import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  ASSUMPTIONS,
  billOf,
  breakEvenPlatforms,
  freeTierCredit,
  HOURS_PER_MONTH,
  invocationsPerMonth,
  type Measured,
  measuredSchema,
  type PlatformTraffic,
  PRICES,
  platformTraffic,
  priceUsage,
  type Service,
  TARGET_PER_PLATFORM,
  usageOf,
} from '../../infra/cost/model';
import type { costJson } from '../../infra/cost/report';
import { shapeOf } from '../../infra/cost/shape';

const measured: Measured = measuredSchema.parse(
  JSON.parse(readFileSync(new URL('../../infra/cost/measured.json', import.meta.url), 'utf8')),
);
const docs = readFileSync(new URL('../../docs/cost.md', import.meta.url), 'utf8');

const line = (bill: ReturnType<typeof billOf>, service: Service) =>
  bill.lines.find((l) => l.service === service)!.usd;

const quiet: PlatformTraffic = {
  members: 0,
  introductionsPerMonth: 0,
  mailsPerIntroduction: 0,
  digestsPerMonth: 0,
  matchRoundsPerMonth: 0,
  apiRequestsPerMemberPerMonth: 0,
  signInsPerMemberPerMonth: 0,
};

describe('cost model', () => {
  it('doubles the SES line when a platform sends twice the mail', () => {
    const traffic = platformTraffic(300);
    const twice: PlatformTraffic = {
      ...traffic,
      digestsPerMonth: 2 * traffic.digestsPerMonth,
      introductionsPerMonth: 2 * traffic.introductionsPerMonth,
      signInsPerMemberPerMonth: 2 * traffic.signInsPerMemberPerMonth,
    };

    const once = billOf({ platforms: 1, traffic }, measured);
    const doubled = billOf({ platforms: 1, traffic: twice }, measured);

    expect(line(once, 'SES')).toBeGreaterThan(0);
    expect(line(doubled, 'SES')).toBeCloseTo(2 * line(once, 'SES'), 10);
  });

  it('prices mails at US$0.10 per 1,000', () => {
    const usage = usageOf({ platforms: 0, traffic: quiet }, measured);

    const ses = priceUsage({ ...usage, sesMessage: 1000, sesData: 0 }).SES;

    expect(ses).toBeCloseTo(0.1, 10);
  });

  it('leaves only the fixed costs of the deployment when platforms have no traffic', () => {
    const bill = billOf({ platforms: 1, traffic: quiet }, measured);

    // The schedules still list the platform and start its run: a fraction of a cent.
    expect(bill.total - bill.fixed).toBeLessThan(0.001);
    const paid = bill.lines.filter((l) => l.usd > 0.0005).map((l) => l.service);
    expect(paid).toEqual(expect.arrayContaining(['CloudWatch alarms', 'EventBridge Scheduler']));
    // Nothing is polled at a charge: Lambda reads the stream, and there are no SQS work queues.
    expect(paid).not.toContain('DynamoDB Streams (non-Lambda reads)');
    expect(paid).not.toContain('SQS');
    expect(paid).not.toContain('EventBridge Pipes');
    expect(paid).not.toContain('SES');
    expect(paid).not.toContain('API Gateway HTTP API');
  });

  it('charges every metric an alarm reads at US$0.10 a month, free tier or not', () => {
    const bill = billOf({ platforms: 1, traffic: quiet }, measured);

    expect(measured.deployment.alarmMetrics).toBeGreaterThan(0);
    expect(line(bill, 'CloudWatch alarms')).toBeCloseTo(measured.deployment.alarmMetrics * 0.1, 10);
    expect(freeTierCredit(bill.usage).always).toBeGreaterThanOrEqual(
      Math.min(10, measured.deployment.alarmMetrics) * 0.1,
    );
  });

  it('bills a metric-math alarm per metric in it, a composite alarm on top, a dashboard at US$3', () => {
    const stat = (name: string) => ({ Id: name.toLowerCase(), MetricStat: { Metric: { MetricName: name } } });
    const template = {
      Resources: {
        Plain: { Type: 'AWS::CloudWatch::Alarm', Properties: { MetricName: 'Errors' } },
        Math: {
          Type: 'AWS::CloudWatch::Alarm',
          Properties: { Metrics: [stat('A'), stat('B'), stat('C'), { Id: 'e', Expression: 'a+b+c' }] },
        },
        Both: { Type: 'AWS::CloudWatch::CompositeAlarm', Properties: {} },
        Board: { Type: 'AWS::CloudWatch::Dashboard', Properties: {} },
      },
    };
    const shape = shapeOf(template, 'full');
    expect(shape).toMatchObject({ alarmMetrics: 4, compositeAlarms: 1, dashboards: 1 });

    const bill = billOf({ platforms: 1, traffic: quiet }, { ...measured, deployment: shape });
    expect(line(bill, 'CloudWatch alarms')).toBeCloseTo(4 * 0.1 + 0.5, 10);
    expect(line(bill, 'CloudWatch metrics + dashboards')).toBeCloseTo(3, 10);
  });

  it('bills a log metric filter without a default value only in the hours something fails', () => {
    const filter = (DefaultValue?: number) => ({
      Type: 'AWS::Logs::MetricFilter',
      Properties: {
        MetricTransformations: [
          { MetricNamespace: 'tsunagu/prod', MetricName: 'Trouble', MetricValue: '1', DefaultValue },
        ],
      },
    });
    const price = (deployment: Measured['deployment']) =>
      line(
        billOf({ platforms: 1, traffic: quiet }, { ...measured, deployment }),
        'CloudWatch metrics + dashboards',
      );

    const onFailure = shapeOf({ Resources: { F: filter(), G: filter() } }, 'essential');
    expect(onFailure.customMetrics).toEqual([{ name: 'tsunagu/prod/Trouble', onFailureOnly: true }]);
    expect(price(onFailure)).toBeCloseTo((0.3 * ASSUMPTIONS.troubleHoursPerMonth) / HOURS_PER_MONTH, 10);
    // With a default value every log line publishes a data point: the metric has data all month.
    const always = shapeOf({ Resources: { F: filter(0) } }, 'essential');
    expect(price(always)).toBeCloseTo(0.3, 10);
  });

  it('meets the target for a lone 300-member platform (≤ US$0.50) and for 100 of them (≤ US$0.35 each)', () => {
    const traffic = platformTraffic(300);

    expect(billOf({ platforms: 1, traffic }, measured).perPlatform).toBeLessThanOrEqual(0.5);
    expect(billOf({ platforms: 100, traffic }, measured).perPlatform).toBeLessThanOrEqual(0.35);
  });

  it('divides the fixed costs among the platforms of one deployment', () => {
    const traffic = platformTraffic(300);

    const one = billOf({ platforms: 1, traffic }, measured);
    const hundred = billOf({ platforms: 100, traffic }, measured);

    expect(hundred.fixed).toBeCloseTo(one.fixed, 10);
    expect(hundred.perPlatform).toBeLessThan(one.perPlatform);
    // What the platforms do grows with their number (dispatch batches and listings a little less or more).
    const ratio = (hundred.total - hundred.fixed) / (100 * (one.total - one.fixed));
    expect(ratio).toBeGreaterThan(0.99);
    expect(ratio).toBeLessThan(1.01);
  });

  it('finds the fewest platforms that meet the target', () => {
    const traffic = platformTraffic(300);

    const p = breakEvenPlatforms(traffic, measured);

    expect(p).toBeDefined();
    expect(billOf({ platforms: p!, traffic }, measured).perPlatform).toBeLessThanOrEqual(TARGET_PER_PLATFORM);
    if (p! > 1)
      expect(billOf({ platforms: p! - 1, traffic }, measured).perPlatform).toBeGreaterThan(
        TARGET_PER_PLATFORM,
      );
  });

  it('counts invocations of the stack schedule expressions', () => {
    expect(invocationsPerMonth('rate(10 minutes)')).toBeCloseTo(6 * 24 * 30.44, 6);
    expect(invocationsPerMonth('cron(0 * * * ? *)')).toBeCloseTo(24 * 30.44, 6);
    expect(invocationsPerMonth('cron(0 6 * * ? *)')).toBeCloseTo(30.44, 6);
    expect(invocationsPerMonth('cron(0 8 ? * MON *)')).toBeCloseTo(30.44 / 7, 6);
  });

  it('names a source for every price and a Tokyo price wherever one was found', () => {
    for (const price of Object.values(PRICES)) expect(price.source).toMatch(/^https:\/\/aws\.amazon\.com\//);
    expect(PRICES.dynamoWrite.region).toBe('ap-northeast-1');
  });
});

describe('npm run cost -- --json', () => {
  it('prints one JSON line with the US$ per platform a month for 1 and for 100 platforms', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'infra/cli/cost.ts', '--json'], {
      cwd: new URL('../../', import.meta.url),
      encoding: 'utf8',
    });
    const lines = out.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    const parsed = JSON.parse(lines[0]!) as ReturnType<typeof costJson>;
    const traffic = platformTraffic(300);
    expect(Object.keys(parsed.usdPerPlatformMonth)).toEqual(['1', '100']);
    expect(parsed.usdPerPlatformMonth['1']).toBeCloseTo(
      billOf({ platforms: 1, traffic }, measured).perPlatform,
      3,
    );
    expect(parsed.usdPerPlatformMonth['100']).toBeCloseTo(
      billOf({ platforms: 100, traffic }, measured).perPlatform,
      3,
    );
    expect(parsed).toMatchObject({ alarms: 'essential', withinTarget: { '1': true, '100': true } });
  });
});

describe('docs/cost.md', () => {
  // The tables in the doc are the output of `npm run cost`; they must match measured.json.
  const row = (label: string) => {
    const found = docs.split('\n').find((l) => l.startsWith(`${label} `));
    if (!found) throw new Error(`docs/cost.md has no "${label}" row`);
    return found.slice(label.length).trim().split(/\s+/).map(Number);
  };

  it('shows the totals the model computes from measured.json', () => {
    const traffic = platformTraffic(300);
    const one = billOf({ platforms: 1, traffic }, measured);
    const hundred = billOf({ platforms: 100, traffic }, measured);

    const [totalOne, totalHundred, fixed] = row('total');
    const [perOne, perHundred] = row('per platform');

    expect(totalOne).toBeCloseTo(one.total, 2);
    expect(totalHundred).toBeCloseTo(hundred.total, 2);
    expect(fixed).toBeCloseTo(one.fixed, 2);
    expect(perOne).toBeCloseTo(one.perPlatform, 2);
    expect(perHundred).toBeCloseTo(hundred.perPlatform, 2);
  });
});
