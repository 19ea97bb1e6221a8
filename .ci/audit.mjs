// CI's check of the runtime dependencies against the npm registry's advisories:
// `npm audit --omit=dev` (what reaches Lambda; dev dependencies never run there), one line out.
// Vulnerabilities fail CI. The audit endpoint itself being unreachable or refusing (a registry
// proxy answering 405, no network) is a warning, not a failure: CI cannot tell either way then,
// and says so. Anything else npm does not explain fails, rather than passing unchecked.
// Usage: node .ci/audit.mjs   (exit 0: clean or endpoint unreachable; 1: vulnerable or failed)
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SEVERITIES = ['critical', 'high', 'moderate', 'low', 'info'];

/**
 * @param {number | null} exitCode npm audit's exit code
 * @param {string} stdout its output with --json
 * @param {string} stderr its messages
 * @returns {{ verdict: 'clean' | 'vulnerable' | 'unreachable' | 'failed', line: string }}
 */
export function auditVerdict(exitCode, stdout, stderr) {
  /** @type {any} */
  let report;
  try {
    report = JSON.parse(stdout);
  } catch {
    report = undefined;
  }
  const counts = report?.metadata?.vulnerabilities;
  if (counts && typeof counts.total === 'number') {
    if (counts.total === 0 && exitCode === 0) {
      return {
        verdict: 'clean',
        line: 'npm audit --omit=dev: no known vulnerabilities in runtime dependencies',
      };
    }
    const bySeverity = SEVERITIES.filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}`);
    const packages = Object.values(report.vulnerabilities ?? {})
      .map((v) => `${v.name} (${v.severity})`)
      .sort();
    return {
      verdict: 'vulnerable',
      line:
        `npm audit --omit=dev: ${counts.total} vulnerabilit${counts.total === 1 ? 'y' : 'ies'} in runtime ` +
        `dependencies (${bySeverity.join(', ') || `exit ${exitCode}`})${packages.length ? `: ${packages.join(', ')}` : ''}; ` +
        'run npm audit --omit=dev for the advisories and fixes',
    };
  }
  // npm's own answer when the advisories could not be fetched: the request it made and what came
  // back (an HTTP status, or a network error's message), then "audit endpoint returned an error".
  const endpoint =
    (typeof report?.uri === 'string' && report.uri.includes('/-/npm/v1/security/')) ||
    stderr.includes('audit endpoint returned an error');
  if (endpoint) {
    const why = report?.message
      ? String(report.message).split(' - ')[0]
      : (report?.statusCode ?? 'no answer');
    return {
      verdict: 'unreachable',
      line: `warning: npm audit --omit=dev could not check (the registry's audit endpoint: ${why}); not counted as a failure`,
    };
  }
  const reason = (
    stderr
      .trim()
      .split('\n')
      .find((l) => /error/i.test(l)) ?? stderr.trim()
  ).slice(0, 300);
  return {
    verdict: 'failed',
    line: `npm audit --omit=dev failed (exit ${exitCode}): ${reason || 'no report and no message'}`,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const run = spawnSync('npm', ['audit', '--omit=dev', '--json'], { encoding: 'utf8' });
  const { verdict, line } = auditVerdict(run.status, run.stdout ?? '', run.stderr ?? String(run.error ?? ''));
  console.log(line);
  process.exit(verdict === 'vulnerable' || verdict === 'failed' ? 1 : 0);
}
