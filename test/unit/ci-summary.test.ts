import { describe, expect, it } from 'vitest';
import { summaryLine } from '../../.ci/summary.mjs';

const file = (status: string, tests: number) => ({ status, assertionResults: Array(tests).fill({}) });

describe('CI summary line', () => {
  it('reports the counts of a vitest JSON report', () => {
    const report = {
      numPassedTests: 41,
      numFailedTests: 2,
      testResults: [file('passed', 41), file('failed', 3)],
    };

    expect(summaryLine(report, 1)).toBe('41 passed, 2 failed');
  });

  it('counts a run that never reached vitest as one failure', () => {
    expect(summaryLine(undefined, 2)).toBe('0 passed, 1 failed');
  });

  it('counts a test file that does not load as a failure', () => {
    const report = {
      numPassedTests: 10,
      numFailedTests: 1,
      testResults: [file('failed', 0), file('failed', 2)],
    };

    expect(summaryLine(report, 1)).toBe('10 passed, 2 failed');
  });

  it('does not call a red run green when no test failed', () => {
    const report = { numPassedTests: 10, numFailedTests: 0, testResults: [file('passed', 10)] };

    expect(summaryLine(report, 1)).toBe('10 passed, 1 failed');
  });

  it('reports a green run as it is', () => {
    const report = { numPassedTests: 10, numFailedTests: 0, testResults: [file('passed', 10)] };

    expect(summaryLine(report, 0)).toBe('10 passed, 0 failed');
  });
});
