import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { expect } from 'vitest';
import { settingsFromContext, TsunaguStack } from '../../infra/stack';

// The stack as `cdk synth` makes it, for the infra tests: the same feature flags, the settings
// from CDK context, cdk-nag on the app, and the bundled functions in the cloud assembly.

export const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
  context: Record<string, unknown>;
};
// Findings land in the assembly's validation-report.json and are asserted there, one test each,
// instead of failing app.synth() for every test at once.
export const REPORT_ONLY = { '@aws-cdk/core:failSynthOnValidationErrors': false };

export const functionFiles = readdirSync(new URL('../../functions/', import.meta.url))
  .filter((f) => f.endsWith('.ts'))
  .sort();

export type Resource = {
  Type: string;
  Properties: Record<string, unknown>;
  DeletionPolicy?: string;
};

export interface Synthesized {
  stack: TsunaguStack;
  template: Template;
  /** The cloud assembly (a fresh directory under the OS's temp directory). */
  assemblyDir: string;
}

export const DEV = { stage: 'dev' };
export const PROD = {
  stage: 'prod',
  senderDomain: 'tsunagu.example.jp',
  appUrl: 'https://tsunagu.example.jp',
  alarmEmail: 'ops@tsunagu.example.jp',
  sesMaxSendRate: '14',
  matchHour: '21',
  secretVersion: '1',
};

// Bundling five functions takes seconds: synthesise each context once per test file. Tests that
// only read the template may skip bundling (`bundle: false`: the functions' code is a placeholder).
const synthesized = new Map<string, Synthesized>();
export function synth(context: Record<string, string>, options: { bundle?: boolean } = {}): Synthesized {
  const bundle = options.bundle ?? true;
  const key = JSON.stringify({ context, bundle });
  const cached = synthesized.get(key);
  if (cached) return cached;
  // As infra/app.ts does it: settings from CDK context, AWS Solutions checks on the app.
  const app = new App({
    context: {
      ...cdkJson.context,
      ...REPORT_ONLY,
      ...(bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
      ...context,
    },
  });
  const settings = settingsFromContext(app);
  if (!settings.success) throw settings.error;
  const stack = new TsunaguStack(app, `Tsunagu-${settings.data.stage}`, { settings: settings.data });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  const assembly = app.synth();
  const result = { stack, template: Template.fromStack(stack), assemblyDir: assembly.directory };
  synthesized.set(key, result);
  return result;
}

export function all(template: Template, type: string): [string, Resource][] {
  return Object.entries(template.findResources(type)) as [string, Resource][];
}

export function only(template: Template, type: string): [string, Resource] {
  const found = all(template, type);
  expect(found, `exactly one ${type}`).toHaveLength(1);
  return found[0]!;
}

/** The function deployed from functions/<file> (its description names the file). */
export function functionFor(template: Template, file: string): [string, Resource] {
  const found = all(template, 'AWS::Lambda::Function').filter(([, fn]) =>
    String(fn.Properties.Description).startsWith(`functions/${file} `),
  );
  expect(found, `one function from functions/${file}`).toHaveLength(1);
  return found[0]!;
}

/** The directory of a function's bundled code in the cloud assembly. */
export function bundleOf(s: Synthesized, fn: Resource): string {
  const hash = (fn.Properties.Code as { S3Key: string }).S3Key.replace(/\.zip$/, '');
  return join(s.assemblyDir, `asset.${hash}`);
}
