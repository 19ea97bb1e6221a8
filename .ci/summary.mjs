// Prints CI's last line, "N passed, N failed", from vitest's JSON report.
// Usage: node .ci/summary.mjs <vitest.json> <exit code of the test command>
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * @typedef {{ status?: unknown, assertionResults?: unknown }} FileResult
 * @typedef {{ numPassedTests?: unknown, numFailedTests?: unknown, testResults?: unknown }} Report
 */

/**
 * @param {unknown} report parsed vitest JSON, or undefined when there is none
 * @param {number} exitCode exit code of the test command
 * @returns {string}
 */
export function summaryLine(report, exitCode) {
  const {
    numPassedTests: passed,
    numFailedTests: failedTests,
    testResults,
  } = /** @type {Report} */ (typeof report === 'object' && report !== null ? report : {});
  // No report: the run stopped before vitest (install, typecheck, lint); that is one failure.
  if (typeof passed !== 'number' || typeof failedTests !== 'number') return '0 passed, 1 failed';
  // A test file that does not even load has no failed test in it, but is a failure all the same.
  const files = /** @type {FileResult[]} */ (Array.isArray(testResults) ? testResults : []);
  const brokenFiles = files.filter(
    (file) =>
      file.status === 'failed' && Array.isArray(file.assertionResults) && file.assertionResults.length === 0,
  ).length;
  let failed = failedTests + brokenFiles;
  // Still red with nothing failed (an error outside any test): say so.
  if (exitCode !== 0 && failed === 0) failed = 1;
  return `${passed} passed, ${failed} failed`;
}

/** @param {string} path */
function readReport(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [path = '.ci/out/vitest.json', code = '1'] = process.argv.slice(2);
  console.log(summaryLine(readReport(path), Number(code)));
}
