// The monthly AWS bill of one tsunagu deployment hosting P platforms, from list prices (Tokyo),
// per-operation counts measured against DynamoDB Local (measured.json, written by measure.ts) and a
// platform's traffic. Pure: no clock, no files, no network. docs/cost.md explains every number.
//
// Two steps: usageOf() turns a scenario into monthly quantities per price (WRU, GB-seconds, mails
// …), billOf() prices them. Free tiers are NOT subtracted: the figure holds for an account that
// already spends its free tier elsewhere. freeTierCredit() says what they would take off.
//
// prices.ts (list prices), services.ts (services and free tiers), measured-schema.ts (what
// measure.ts writes), traffic.ts (a platform's month and the assumptions), usage.ts (step one),
// bill.ts (step two), schedule.ts (invocations of a scheduler expression).
export * from './bill';
export * from './measured-schema';
export * from './prices';
export * from './schedule';
export * from './services';
export * from './traffic';
export * from './usage';
