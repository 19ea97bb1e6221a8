import { resolve } from 'node:path';
import type { Config, LocalConfig } from '#config';
import { type DynamoDbLocal, startDynamoDbLocal } from './dynamodb-local';
import { type SesLocal, startSesLocal } from './ses-local';
import type { OnLoss, Unwatch } from './watch';

export type LocalStack = {
  /** The app's configuration, pointed at the local stand-ins. */
  config: Config;
  dynamo: DynamoDbLocal;
  ses: SesLocal;
  /** Absolute; holds DynamoDB Local's database file unless a running DynamoDB was reused. */
  dataDir: string;
  /** Stops what this call started; reused services keep running. */
  stop(): Promise<void>;
  /**
   * Calls onLoss once when DynamoDB Local or SES local goes away without stop() (see
   * LocalService.watch), with one line saying what happened and what to do.
   */
  watch(onLoss: OnLoss): Unwatch;
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
    watch: (onLoss) => {
      let lost = false;
      const once = (what: string, advice: string) => {
        if (lost) return;
        lost = true;
        onLoss(`${what}; stopping everything else. ${advice}`);
      };
      const again = (service: { reused: boolean; endpoint: string }, name: string) =>
        service.reused
          ? `Start that ${name} again, or free port ${new URL(service.endpoint).port} so npm start runs its own; then run npm start.`
          : 'Run npm start again.';
      const unwatch = [
        dynamo.watch((what) =>
          once(
            what,
            `${again(dynamo, 'DynamoDB Local')}${dynamo.reused ? '' : ` The data in ${dataDir} is kept.`}`,
          ),
        ),
        ses.watch((what) => once(what, again(ses, 'SES local'))),
      ];
      return () => {
        for (const u of unwatch) u();
      };
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

const portOf = (url: string) => new URL(url).port;

/** What listens where: everything this command started is on 127.0.0.1 only. */
function listeningLine({ appUrl, stack }: Pick<BannerInfo, 'appUrl' | 'stack'>): string {
  const { dynamo, ses } = stack;
  const reused = (service: { reused: boolean; endpoint: string }, name: string) =>
    `${name} :${portOf(service.endpoint)} (reused, not started here)`;
  const parts = [
    `app 127.0.0.1:${portOf(appUrl)}`,
    ses.reused ? reused(ses, 'SES local') : `SES local 127.0.0.1:${portOf(ses.endpoint)} (in this process)`,
    dynamo.reused
      ? reused(dynamo, 'DynamoDB Local')
      : `DynamoDB Local 127.0.0.1:${portOf(dynamo.endpoint)} (Java, pid ${dynamo.pid})`,
  ];
  return `${parts.join(', ')}; nothing started here listens on any other address`;
}

export function formatBanner({ appUrl, stack, tableCreated, seed }: BannerInfo): string {
  const { dynamo, ses, config } = stack;
  const origin = (service: { reused: boolean }) => (service.reused ? 'reused running instance' : 'started');
  const dynamoLocal = dynamo.reused
    ? 'DynamoDB Local, reused running instance, version unknown'
    : `DynamoDB Local ${dynamo.version ?? '(version not printed)'}, started`;
  const rows: [string, string][] = [
    ['App', appUrl],
    ['API health', `${appUrl}/health`],
    ['OpenAPI', `${appUrl}/v1/openapi.json`],
    ['Mail viewer', `${ses.viewerUrl}  (every mail arrives here; ${origin(ses)})`],
    [
      'DynamoDB',
      `${dynamo.endpoint}  (${dynamoLocal}; table ${config.tableName}${tableCreated ? ' created' : ''})`,
    ],
    ['Data dir', dynamo.reused ? `${stack.dataDir} (not used: DynamoDB was already running)` : stack.dataDir],
    ['Listening', listeningLine({ appUrl, stack })],
    ['Demo data', seed.seeded ? `seeded: ${seed.summary}` : `not seeded: ${seed.summary}`],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return [
    `tsunagu is running locally (stage ${config.stage})`,
    ...rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`),
    'Press Ctrl-C to stop.',
  ].join('\n');
}
