import type { TestProject } from 'vitest/node';
import { loadLocalConfig } from '#config';
import { startStandIns } from '#local';

/** Starts fresh stand-ins for the integration project; never reuses running ones. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const standIns = await startStandIns({ javaHome: loadLocalConfig().javaHome });
  project.provide('dynamoEndpoint', standIns.dynamoEndpoint);
  project.provide('sesEndpoint', standIns.sesEndpoint);
  return standIns.stop;
}
