export function auditVerdict(
  exitCode: number | null,
  stdout: string,
  stderr: string,
): { verdict: 'clean' | 'vulnerable' | 'unreachable' | 'failed'; line: string };
