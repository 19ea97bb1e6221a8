import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseConfig } from '#config';
import { type AppContext, createContext } from '#context';
import { createApp } from '#http';

// The OpenAPI document exactly as the app serves it at /v1/openapi.json, and Redocly CLI's
// verdict on it under redocly.yaml (its recommended rules): for `npm run lint:api` and
// test/unit/openapi-lint.test.ts. Neither needs DynamoDB, SES or the network.

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const REDOCLY_CONFIG = join(ROOT, 'redocly.yaml');
const REDOCLY_BIN = join(
  dirname(createRequire(import.meta.url).resolve('@redocly/cli/package.json')),
  'bin',
  'cli.js',
);

/** Stands in for what the document never needs: any use of it is an error, not a connection. */
function unused<T>(what: string): T {
  return new Proxy({} as object, {
    get(_, property) {
      if (property === 'then') return undefined;
      throw new Error(`serving the OpenAPI document used the ${what} (${String(property)})`);
    },
  }) as T;
}

/** The document /v1/openapi.json serves, as its JSON text. */
export async function openApiDocument(): Promise<string> {
  const config = parseConfig({ STAGE: 'local', LOG_LEVEL: 'silent' });
  const ctx = createContext(config, {
    dynamo: unused<AppContext['dynamo']>('DynamoDB client'),
    store: unused<AppContext['store']>('store'),
  });
  const res = await createApp(ctx).request('/v1/openapi.json');
  if (res.status !== 200) throw new Error(`GET /v1/openapi.json: ${res.status} ${await res.text()}`);
  return res.text();
}

export interface LintProblem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  location: { pointer?: string }[];
}

export interface LintReport {
  totals: { errors: number; warnings: number; ignored: number };
  problems: LintProblem[];
}

/** Runs Redocly CLI on the files (no usage data, no update check; loopback only). */
export function redocly(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [REDOCLY_BIN, ...args],
      {
        cwd: ROOT,
        maxBuffer: 64 * 1024 * 1024,
        env: {
          ...process.env,
          REDOCLY_TELEMETRY: 'off',
          REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
          NO_COLOR: '1',
        },
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Lints an OpenAPI document (JSON text) with redocly.yaml's rules. */
export async function lintOpenApi(document: string): Promise<LintReport> {
  const dir = await mkdtemp(join(tmpdir(), 'tsunagu-openapi-'));
  try {
    const file = join(dir, 'openapi.json');
    await writeFile(file, document);
    const run = await redocly(['lint', '--config', REDOCLY_CONFIG, '--format', 'json', file]);
    try {
      return JSON.parse(run.stdout) as LintReport;
    } catch {
      throw new Error(`redocly lint exited ${run.code} without a JSON report:\n${run.stdout}\n${run.stderr}`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** One line per problem: severity, rule, where and what. */
export function describeProblems(report: LintReport): string[] {
  return report.problems.map(
    (p) => `${p.severity} ${p.ruleId} at ${p.location.map((l) => l.pointer ?? '?').join(', ')}: ${p.message}`,
  );
}
