import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ulid } from 'ulid';
import type { Config } from '#config';
import type { Mailer } from '#mail';
import { createDynamoClient, createStore, type Store } from '#store';
import { createLogger, type Logger } from './log';

// Everything a handler, a batch or a script needs, built once per process from Config.
export interface AppContext {
  config: Config;
  dynamo: DynamoDBClient;
  store: Store;
  log: Logger;
  now(): Date;
  newId(): string;
  /**
   * Called after a link mail (sign-in, invitation, contact confirmation) was queued in the outbox.
   * On AWS nothing needs doing (the table's stream starts the sender within seconds); locally it
   * wakes the mail loop of `npm start` (infra/local/mail-loop.ts) so the link goes out at once.
   */
  wakeSender(): void;
}

/**
 * The context of a process that sends mail: functions/send.ts, `npm start`'s mail loop, the CLI,
 * the tests. Only those build a mailer (`sesMailer(config)` from #mail): everything else only
 * writes the outbox, so the SES SDK stays out of the other Lambda bundles.
 */
export interface SendingContext extends AppContext {
  mailer: Mailer;
}

type Overrides = Partial<Omit<AppContext, 'config'>>;

export function createContext(config: Config, overrides: Overrides & { mailer: Mailer }): SendingContext;
export function createContext(config: Config, overrides?: Overrides): AppContext;
export function createContext(
  config: Config,
  overrides: Overrides & { mailer?: Mailer } = {},
): AppContext | SendingContext {
  const dynamo =
    overrides.dynamo ??
    createDynamoClient({
      region: config.region,
      endpoint: config.dynamoEndpoint,
      timeoutMs: config.dynamoTimeoutMs,
    });
  return {
    config,
    dynamo,
    store: overrides.store ?? createStore(dynamo, config.tableName, config.secret),
    ...(overrides.mailer ? { mailer: overrides.mailer } : {}),
    log: overrides.log ?? createLogger(config.logLevel),
    now: overrides.now ?? (() => new Date()),
    newId: overrides.newId ?? (() => ulid()),
    wakeSender: overrides.wakeSender ?? (() => {}),
  };
}
