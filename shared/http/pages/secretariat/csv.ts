import type { Context } from 'hono';
import { type AuditAction, tokyoDate } from '#domain';
import { recordAudit } from '../../audit';
import type { AppEnv } from '../../env';
// CSV for the secretariat's spreadsheet: UTF-8 with a byte order mark (without it Excel reads
// Japanese as Shift_JIS mojibake), CRLF line endings and RFC 4180 quoting. Text that a
// spreadsheet would run as a formula gets a leading apostrophe, so a need titled "=HYPERLINK(…)"
// stays text (OWASP "CSV injection"): = + - @ first, their full-width forms ＝ ＋ － ＠ (a Japanese
// IME types those, and Excel for Japanese reads them as the ASCII signs), the same after leading
// spaces (ASCII, ideographic or no-break), and a tab, CR or LF first.

export type CsvCell = string | number | null | undefined;

const FORMULA_START = /^(?:[\s\u3000]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]|[\t\r\n])/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One cell: numbers as they are, text defused and quoted when it has to be. */
export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The whole file: BOM, then each row on its own CRLF-terminated line. */
export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  return `\uFEFF${rows.map((row) => `${row.map(csvCell).join(',')}\r\n`).join('')}`;
}

/**
 * A secretariat's CSV download: `tsunagu-<platform>-<name>-<YYYYMMDD>.csv`, recorded in the audit
 * log (`action`, the row count) before the file is handed out, so no export leaves without its
 * entry.
 */
export async function auditedCsv(
  c: Context<AppEnv>,
  platformId: string,
  download: {
    name: string;
    action: AuditAction;
    header: readonly CsvCell[];
    rows: readonly (readonly CsvCell[])[];
  },
): Promise<Response> {
  const day = tokyoDate(c.var.ctx.now()).replaceAll('-', '');
  const filename = `tsunagu-${platformId}-${download.name}-${day}.csv`;
  await recordAudit(c, platformId, {
    action: download.action,
    target: { kind: 'export', id: filename },
    detail: { rows: download.rows.length },
  });
  return c.body(toCsv([download.header, ...download.rows]), 200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${filename}"`,
    'cache-control': 'no-store',
  });
}
