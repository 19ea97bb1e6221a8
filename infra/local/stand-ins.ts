import { startDynamoDbLocal } from './dynamodb-local';
import { LocalRuntimeError } from './errors';
import { freePort } from './ports';
import { startSesLocal } from './ses-local';

// Fresh DynamoDB Local and SES local on free ports of 127.0.0.1, never reused: for test runs, the digest
// benchmark and the cost measurement. `npm start` uses startLocalStack instead (fixed ports, data
// kept, a running one reused).

export interface StandIns {
  dynamoEndpoint: string;
  /** DynamoDB Local's version, as its start-up banner said. */
  dynamoVersion: string | undefined;
  sesEndpoint: string;
  /** Stops both; safe to call twice. */
  stop(): Promise<void>;
}

// A free port can be taken between picking it and binding it; pick again then.
async function onFreePort<T>(start: (port: number) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start(await freePort());
    } catch (error) {
      if (attempt >= 3 || !(error instanceof LocalRuntimeError && error.code === 'PORT_IN_USE')) throw error;
    }
  }
}

export async function startStandIns(options: { javaHome?: string | undefined } = {}): Promise<StandIns> {
  const started: { stop(): Promise<void> }[] = [];
  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= Promise.all(started.map((s) => s.stop())).then(() => undefined);
    return stopped;
  };
  try {
    const dynamo = await onFreePort((port) =>
      startDynamoDbLocal({ port, ...(options.javaHome ? { javaHome: options.javaHome } : {}) }),
    );
    started.push(dynamo);
    const ses = await onFreePort((port) => startSesLocal({ port }));
    started.push(ses);
    return {
      dynamoEndpoint: dynamo.endpoint,
      dynamoVersion: dynamo.version,
      sesEndpoint: ses.endpoint,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
