import type { TestProject } from 'vitest/node';
import { loadLocalConfig } from '#config';
import { freePort, LocalRuntimeError, type LocalService, startDynamoDbLocal, startSesLocal } from '#local';

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

/** Starts fresh stand-ins for the integration project; never reuses running ones. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const { javaHome } = loadLocalConfig();
  const started: LocalService[] = [];
  const teardown = async () => {
    await Promise.all(started.map((service) => service.stop()));
  };
  try {
    const dynamo = await onFreePort((port) => startDynamoDbLocal({ port, javaHome }));
    started.push(dynamo);
    const ses = await onFreePort((port) => startSesLocal({ port }));
    started.push(ses);
    project.provide('dynamoEndpoint', dynamo.endpoint);
    project.provide('sesEndpoint', ses.endpoint);
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
