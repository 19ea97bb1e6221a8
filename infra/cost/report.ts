import {
  type Bill,
  billOf,
  breakEvenPlatforms,
  dominant,
  freeTierCredit,
  type Measured,
  PRICES_TAKEN,
  platformTraffic,
  REFERENCE_MEMBERS,
  SERVICES,
  TARGET_PER_PLATFORM,
} from './model';

// The text `npm run cost` prints: one table of the monthly bill per service for each deployment
// size, then the verdict against the target in words. Pure: the CLI prints what this returns.

const usd = (x: number) => x.toFixed(3);
const count = (x: number) => Math.round(x).toLocaleString('en-US');
const percent = (x: number) => `${Math.round(x * 100)} %`;

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows
    .map((r) =>
      r
        .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
        .join('   ')
        .trimEnd(),
    )
    .join('\n');
}

function verdict(bill: Bill, target: number): string {
  const { platforms, traffic } = bill.scenario;
  const who = `${platforms} platform${platforms === 1 ? '' : 's'} × ${traffic.members} members`;
  const top = dominant(bill)
    .map((d) => `${d.service} ${usd(d.usd)} (${percent(d.share)})`)
    .join(', ');
  const fixedShare = bill.total > 0 ? bill.fixed / bill.total : 0;
  if (bill.perPlatform > target) {
    return [
      `${who}: US$${usd(bill.perPlatform)} per platform a month, OVER the US$${target.toFixed(2)} target by US$${usd(bill.perPlatform - target)}.`,
      `  ${percent(fixedShare)} of it is fixed per deployment, whatever the traffic. Largest: ${top}.`,
    ].join('\n');
  }
  return [
    `${who}: US$${usd(bill.perPlatform)} per platform a month, within the US$${target.toFixed(2)} target.`,
    `  Largest: ${top}; ${percent(fixedShare)} of the bill is fixed per deployment.`,
  ].join('\n');
}

export function costReport(
  measured: Measured,
  options: { members?: number; platforms?: number } = {},
): string {
  const traffic = platformTraffic(options.members);
  // The target is set for 300-member platforms; a platform of another size gets its share.
  const target = (TARGET_PER_PLATFORM * traffic.members) / REFERENCE_MEMBERS;
  const targetText =
    traffic.members === REFERENCE_MEMBERS
      ? `target ≤ ${target.toFixed(2)} per platform`
      : `target ≤ ${target.toFixed(2)} per platform (${TARGET_PER_PLATFORM.toFixed(2)} per ${REFERENCE_MEMBERS} members)`;
  const sizes = [...new Set([1, options.platforms ?? 100])];
  const bills = sizes.map((platforms) => billOf({ platforms, traffic }, measured));
  const one = bills[0]!;
  const o = measured.operations;
  const reach = o.digestPlan.planned / o.digestPlan.members;
  const digestMails = traffic.members * reach * traffic.digestsPerMonth;
  const introMails = traffic.introductionsPerMonth * traffic.mailsPerIntroduction;
  const signIns = traffic.members * traffic.signInsPerMemberPerMonth;
  const api = traffic.members * traffic.apiRequestsPerMemberPerMonth + 2 * signIns;

  const header = [
    'service (US$ per month)',
    ...bills.map((b) => `${b.scenario.platforms} × ${traffic.members}`),
    'fixed',
  ];
  const rows = SERVICES.map((service) => [
    service,
    ...bills.map((b) => usd(b.lines.find((l) => l.service === service)!.usd)),
    usd(one.lines.find((l) => l.service === service)!.fixedUsd),
  ]);
  const rule = header.map((h, i) => '-'.repeat(Math.max(h.length, ...rows.map((r) => r[i]!.length))));
  const totals = [
    ['total', ...bills.map((b) => usd(b.total)), usd(one.fixed)],
    ['per platform', ...bills.map((b) => usd(b.perPlatform)), ''],
    [targetText, ...bills.map((b) => (b.perPlatform > target ? 'OVER' : 'ok')), ''],
  ];

  const breakEven = breakEvenPlatforms(traffic, measured, target);
  const credits = bills.map((b) => freeTierCredit(b.usage));
  const d = measured.deployment;
  return [
    `tsunagu: monthly AWS bill in ap-northeast-1 (Tokyo), list prices of ${PRICES_TAKEN}, free tiers NOT subtracted`,
    `counts measured ${measured.takenAt.slice(0, 10)} against DynamoDB Local (infra/cost/measured.json)`,
    `one platform of ${traffic.members} members a month: ${count(digestMails)} digest mails, ${count(traffic.introductionsPerMonth)} introductions (${count(introMails)} mails), ${count(signIns)} sign-ins, ${count(api)} API requests, ${count(traffic.matchRoundsPerMonth)} match rounds`,
    `"fixed" = what one deployment costs with no platform at all (${[
      `alarms=${d.alarmLevel}: ${d.alarmMetrics} alarm metric${d.alarmMetrics === 1 ? '' : 's'}`,
      ...(d.compositeAlarms > 0 ? [`${d.compositeAlarms} composite alarms`] : []),
      ...(d.dashboards > 0 ? [`${d.dashboards} dashboards`] : []),
      ...(d.pipes > 0 ? ['stream polling by a Pipe'] : []),
      ...(d.eventSourceQueues > 0 ? ['idle queue polling'] : []),
      'schedules',
    ].join(', ')})`,
    '',
    table([header, rule, ...rows, rule, ...totals]),
    '',
    ...bills.map((b) => verdict(b, target)),
    breakEven === undefined
      ? `No number of platforms brings the bill under US$${target.toFixed(2)} per platform: traffic alone costs more.`
      : `From ${breakEven} platform${breakEven === 1 ? '' : 's'} of ${traffic.members} members per deployment, the bill per platform is within US$${target.toFixed(2)}.`,
    `Free tiers, if this account spends them on nothing else: always-free ones take off ${bills.map((b, i) => `US$${usd(credits[i]!.always)} (${b.scenario.platforms} × ${traffic.members})`).join(', ')}; first-year ones another ${bills.map((_, i) => `US$${usd(credits[i]!.firstYear)}`).join(' / ')}.`,
    `Always-on: ${d.natGateways} NAT gateways, ${d.provisionedTables} provisioned tables, no servers; everything else is billed per request.`,
  ].join('\n');
}

/**
 * `npm run cost -- --json`: the same bill as one JSON object, for scripts and CI. usdPerPlatformMonth
 * and usdPerMonth are keyed by the number of platforms (1 and P).
 */
export function costJson(measured: Measured, options: { members?: number; platforms?: number } = {}) {
  const traffic = platformTraffic(options.members);
  const target = (TARGET_PER_PLATFORM * traffic.members) / REFERENCE_MEMBERS;
  const sizes = [...new Set([1, options.platforms ?? 100])];
  const bills = sizes.map((platforms) => billOf({ platforms, traffic }, measured));
  const round = (x: number) => Math.round(x * 1000) / 1000;
  const bySize = (f: (b: Bill) => number | boolean) =>
    Object.fromEntries(bills.map((b) => [String(b.scenario.platforms), f(b)]));
  const d = measured.deployment;
  return {
    usdPerPlatformMonth: bySize((b) => round(b.perPlatform)),
    usdPerMonth: bySize((b) => round(b.total)),
    withinTarget: bySize((b) => b.perPlatform <= target),
    targetUsdPerPlatformMonth: round(target),
    membersPerPlatform: traffic.members,
    fixedUsdPerMonth: round(bills[0]!.fixed),
    breakEvenPlatforms: breakEvenPlatforms(traffic, measured, target) ?? null,
    largest: Object.fromEntries(dominant(bills[0]!).map((x) => [x.service, round(x.usd)])),
    alarms: d.alarmLevel,
    alarmMetrics: d.alarmMetrics,
    pricesTaken: PRICES_TAKEN,
    measuredAt: measured.takenAt,
  };
}
