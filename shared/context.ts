import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ulid } from 'ulid';
import type { Config } from '#config';
import { createMailer, createSesClient, type Mailer } from '#mail';
import { createDynamoClient, createStore, type Store } from '#store';
import { createLogger, type Logger } from './log';

// Everything a handler, a batch or a script needs, built once per process from Config.
export interface AppContext {
  config: Config;
  dynamo: DynamoDBClient;
  store: Store;
  mailer: Mailer;
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

export function createContext(
  config: Config,
  overrides: Partial<Omit<AppContext, 'config'>> = {},
): AppContext {
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
    mailer:
      overrides.mailer ??
      createMailer(
        createSesClient({ region: config.region, endpoint: config.sesEndpoint }),
        config.mailFrom,
        config.mail.configurationSet,
      ),
    log: overrides.log ?? createLogger(config.logLevel),
    now: overrides.now ?? (() => new Date()),
    newId: overrides.newId ?? (() => ulid()),
    wakeSender: overrides.wakeSender ?? (() => {}),
  };
}
