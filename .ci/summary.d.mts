export function summaryLine(report: unknown, exitCode: number): string;
