import type { Measured } from './measured-schema';
import { PRICES, type PriceKey, type Prices } from './prices';
import { FREE_TIERS, SERVICE_OF, SERVICES, type Service } from './services';
import { ASSUMPTIONS, type Assumptions, type PlatformTraffic, type Scenario } from './traffic';
import { type Usage, usageOf } from './usage';

// Step two: the usage priced per service; what the free tiers would take off; the fewest platforms
// that reach the target per platform; the services that dominate.

export interface BillLine {
  service: Service;
  usd: number;
  /** Part of `usd` the deployment pays with no platform at all. */
  fixedUsd: number;
}

export interface Bill {
  scenario: Scenario;
  lines: BillLine[];
  total: number;
  fixed: number;
  perPlatform: number;
  usage: Usage;
}

/** US$ per service for these quantities. */
export function priceUsage(usage: Usage, prices: Prices = PRICES): Record<Service, number> {
  const out = Object.fromEntries(SERVICES.map((s) => [s, 0])) as Record<Service, number>;
  for (const key of Object.keys(prices) as PriceKey[]) {
    const p = prices[key];
    out[SERVICE_OF[key]] += (usage[key] / p.per) * p.usd;
  }
  return out;
}

export function billOf(
  scenario: Scenario,
  measured: Measured,
  options: { assumptions?: Assumptions; prices?: Prices } = {},
): Bill {
  const a = options.assumptions ?? ASSUMPTIONS;
  const usage = usageOf(scenario, measured, a);
  const all = priceUsage(usage, options.prices);
  const fixed = priceUsage(usageOf({ ...scenario, platforms: 0 }, measured, a), options.prices);
  const lines = SERVICES.map((service) => ({ service, usd: all[service], fixedUsd: fixed[service] }));
  const total = lines.reduce((n, l) => n + l.usd, 0);
  return {
    scenario,
    lines,
    total,
    fixed: lines.reduce((n, l) => n + l.fixedUsd, 0),
    perPlatform: scenario.platforms > 0 ? total / scenario.platforms : Number.NaN,
    usage,
  };
}

/** What the free tiers would take off this bill if the account uses them for nothing else. */
export function freeTierCredit(usage: Usage, prices: Prices = PRICES): { always: number; firstYear: number } {
  const credit = { always: 0, firstYear: 0 };
  for (const tier of FREE_TIERS) {
    const p = prices[tier.price];
    const usd = (Math.min(usage[tier.price], tier.amount) / p.per) * p.usd;
    if (tier.always) credit.always += usd;
    else credit.firstYear += usd;
  }
  return credit;
}

export const TARGET_PER_PLATFORM = 0.5;

/** The fewest platforms per deployment that bring the bill per platform to `target`; undefined if none can. */
export function breakEvenPlatforms(
  traffic: PlatformTraffic,
  measured: Measured,
  target = TARGET_PER_PLATFORM,
  options: { assumptions?: Assumptions; prices?: Prices } = {},
): number | undefined {
  const one = billOf({ platforms: 1, traffic }, measured, options);
  const variable = one.total - one.fixed;
  if (variable >= target) return undefined;
  let p = Math.max(1, Math.ceil(one.fixed / (target - variable)));
  // Listing platforms grows a little with their number: step up until it really holds.
  while (billOf({ platforms: p, traffic }, measured, options).perPlatform > target) p++;
  return p;
}

/** Services by cost, largest first, with their share of the total. */
export function dominant(bill: Bill, count = 3): { service: Service; usd: number; share: number }[] {
  return [...bill.lines]
    .sort((x, y) => y.usd - x.usd)
    .slice(0, count)
    .map((l) => ({ service: l.service, usd: l.usd, share: bill.total > 0 ? l.usd / bill.total : 0 }));
}
