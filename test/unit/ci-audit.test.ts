import { describe, expect, it } from 'vitest';
import { auditVerdict } from '../../.ci/audit.mjs';

// .ci/audit.mjs: `npm audit --omit=dev` in CI. Vulnerabilities fail; the audit endpoint being
// unreachable is a warning; anything else fails. The outputs are npm 11's, as it prints them.

const ENDPOINT_ERROR = 'npm warn audit …\nnpm error audit endpoint returned an error\n';

/** What this machine's registry proxy makes npm print: the bulk advisory endpoint refuses POST. */
const REFUSED = JSON.stringify({
  message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
  method: 'POST',
  uri: 'https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
  headers: { allow: ['GET,HEAD'] },
  statusCode: 405,
  body: '',
  error: { summary: '', detail: '' },
});

/** No network at all: no status, npm passes on the request's error. */
const OFFLINE = JSON.stringify({
  message:
    'request to https://registry.npmjs.org/-/npm/v1/security/advisories/bulk failed, reason: getaddrinfo ENOTFOUND registry.npmjs.org',
  method: 'POST',
  uri: 'https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
});

const report = (vulnerabilities: Record<string, { name: string; severity: string }>) => {
  const counts = { info: 0, low: 0, moderate: 0, high: 0, critical: 0, total: 0 };
  for (const v of Object.values(vulnerabilities)) {
    counts[v.severity as keyof typeof counts]++;
    counts.total++;
  }
  return JSON.stringify({
    auditReportVersion: 2,
    vulnerabilities,
    metadata: { vulnerabilities: counts, dependencies: { prod: 120, dev: 0, total: 120 } },
  });
};

describe('CI audit verdict', () => {
  it('passes a clean report', () => {
    expect(auditVerdict(0, report({}), '')).toEqual({
      verdict: 'clean',
      line: 'npm audit --omit=dev: no known vulnerabilities in runtime dependencies',
    });
  });

  it('fails on vulnerabilities, naming the packages and severities', () => {
    const found = report({
      hono: { name: 'hono', severity: 'high' },
      zod: { name: 'zod', severity: 'moderate' },
    });
    expect(auditVerdict(1, found, '')).toEqual({
      verdict: 'vulnerable',
      line:
        'npm audit --omit=dev: 2 vulnerabilities in runtime dependencies (1 high, 1 moderate): hono (high), ' +
        'zod (moderate); run npm audit --omit=dev for the advisories and fixes',
    });
  });

  it('only warns when the audit endpoint refuses or cannot be reached', () => {
    expect(auditVerdict(1, REFUSED, ENDPOINT_ERROR)).toEqual({
      verdict: 'unreachable',
      line: "warning: npm audit --omit=dev could not check (the registry's audit endpoint: 405 Method Not Allowed); not counted as a failure",
    });
    expect(auditVerdict(1, OFFLINE, ENDPOINT_ERROR).verdict).toBe('unreachable');
    expect(auditVerdict(1, OFFLINE, ENDPOINT_ERROR).line).toContain('ENOTFOUND');
  });

  it('fails on anything else rather than passing unchecked', () => {
    const noLock = JSON.stringify({
      error: { code: 'ENOLOCK', summary: 'This command requires an existing lockfile.' },
    });
    expect(
      auditVerdict(
        1,
        noLock,
        'npm error code ENOLOCK\nnpm error audit This command requires an existing lockfile.',
      ),
    ).toEqual({
      verdict: 'failed',
      line: 'npm audit --omit=dev failed (exit 1): npm error code ENOLOCK',
    });
    expect(auditVerdict(null, '', 'spawn npm ENOENT').verdict).toBe('failed');
    expect(auditVerdict(1, report({}), '').verdict).toBe('vulnerable');
  });
});
