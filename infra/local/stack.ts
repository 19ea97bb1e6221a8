import { resolve } from 'node:path';
import type { Config, LocalConfig } from '#config';
import { type LocalService, startDynamoDbLocal } from './dynamodb-local';
import { type SesLocal, startSesLocal } from './ses-local';

export type LocalStack = {
  /** The app's configuration, pointed at the local stand-ins. */
  config: Config;
  dynamo: LocalService;
  ses: SesLocal;
  /** Absolute; holds DynamoDB Local's database file unless a running DynamoDB was reused. */
  dataDir: string;
  /** Stops what this call started; reused services keep running. */
  stop(): Promise<void>;
};

/** Starts DynamoDB Local (data kept in local.dataDir) and SES local, or reuses running ones. */
export async function startLocalStack(local: LocalConfig, base: Config): Promise<LocalStack> {
  const dataDir = resolve(local.dataDir);
  const dynamo = await startDynamoDbLocal({
    port: local.dynamoPort,
    dataDir,
    javaHome: local.javaHome,
    reuse: true,
  });
  let ses: SesLocal;
  try {
    ses = await startSesLocal({ port: local.sesPort, reuse: true });
  } catch (error) {
    await dynamo.stop();
    throw error;
  }
  const config: Config = {
    ...base,
    dynamoEndpoint: dynamo.endpoint,
    sesEndpoint: ses.endpoint,
    appUrl: localAppUrl(base.appUrl, local.port),
  };
  return {
    config,
    dynamo,
    ses,
    dataDir,
    stop: async () => {
      await Promise.all([ses.stop(), dynamo.stop()]);
    },
  };
}

// Links in mail must reach the app: a localhost APP_URL follows PORT.
export function localAppUrl(appUrl: string, port: number): string {
  const url = new URL(appUrl);
  if (url.hostname !== 'localhost' && url.hostname !== '127.0.0.1') return appUrl;
  url.port = String(port);
  return url.href.replace(/\/$/, '');
}

export type BannerInfo = {
  appUrl: string;
  stack: LocalStack;
  tableCreated: boolean;
  seed: { seeded: boolean; summary: string };
};

export function formatBanner({ appUrl, stack, tableCreated, seed }: BannerInfo): string {
  const { dynamo, ses, config } = stack;
  const origin = (service: { reused: boolean }) => (service.reused ? 'reused running instance' : 'started');
  const rows: [string, string][] = [
    ['App', appUrl],
    ['API health', `${appUrl}/health`],
    ['OpenAPI', `${appUrl}/v1/openapi.json`],
    ['Mail viewer', `${ses.viewerUrl}  (every mail arrives here; ${origin(ses)})`],
    [
      'DynamoDB',
      `${dynamo.endpoint}  (${origin(dynamo)}; table ${config.tableName}${tableCreated ? ' created' : ''})`,
    ],
    ['Data dir', dynamo.reused ? `${stack.dataDir} (not used: DynamoDB was already running)` : stack.dataDir],
    ['Demo data', seed.seeded ? `seeded: ${seed.summary}` : `not seeded: ${seed.summary}`],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return [
    `tsunagu is running locally (stage ${config.stage})`,
    ...rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`),
    'Press Ctrl-C to stop.',
  ].join('\n');
}
