import { CsvError, parse } from 'csv-parse/sync';
import { ValidationError } from '#domain';

// A member list as a secretariat has it: a CSV exported by Google Forms (UTF-8) or by Excel
// (Shift_JIS/CP932, or UTF-8 with a BOM, or "Unicode text": UTF-16 with tabs), or an .xlsx
// workbook. Read into one table of text cells: the first non-empty row is the header, every
// other row keeps its row number as the spreadsheet shows it, so errors can point at it.

export type SourceFormat = 'csv-utf8' | 'csv-cp932' | 'csv-utf16' | 'xlsx';

export interface SheetRow {
  /** The row number a spreadsheet program shows for this row (the header is usually 1). */
  line: number;
  /** One text per header column; '' where the row has no value. */
  cells: string[];
}

export interface SheetTable {
  format: SourceFormat;
  headers: string[];
  rows: SheetRow[];
}

/** What one upload may hold; beyond it the secretariat is asked to split the file. */
export const IMPORT_LIMITS = { bytes: 4 * 1024 * 1024, rows: 5000, columns: 100 } as const;

const fileError = (ja: string, en: string) => new ValidationError([{ path: 'file', message: `${ja} ${en}` }]);

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const startsWith = (bytes: Uint8Array, prefix: readonly number[]) => prefix.every((b, i) => bytes[i] === b);

/** Text of a CSV file and the encoding it was in: a BOM decides, else strict UTF-8, else CP932. */
function decode(bytes: Uint8Array): { text: string; format: SourceFormat } {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), format: 'csv-utf8' };
  }
  if (startsWith(bytes, [0xff, 0xfe])) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), format: 'csv-utf16' };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), format: 'csv-utf8' };
  } catch {
    // Excel's 「CSV（コンマ区切り）」 in Japanese Windows: CP932, which WHATWG calls Shift_JIS.
    try {
      return { text: new TextDecoder('shift_jis', { fatal: true }).decode(bytes), format: 'csv-cp932' };
    } catch {
      throw fileError(
        '文字コードを読み取れませんでした。UTF-8 か Shift_JIS の CSV、または Excel ファイル（.xlsx）で保存してください。',
        'The file is neither UTF-8 nor Shift_JIS text. Save it as CSV (UTF-8 or Shift_JIS) or as .xlsx.',
      );
    }
  }
}

function parseCsv(text: string): unknown[][] {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const delimiter = firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ',';
  try {
    return parse(text, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false });
  } catch (error) {
    if (error instanceof CsvError) {
      throw fileError(
        `CSV として読み取れませんでした（${error.message}）。`,
        `The file could not be read as CSV (${error.message}).`,
      );
    }
    throw error;
  }
}

async function parseXlsx(bytes: Uint8Array): Promise<unknown[][]> {
  // Loaded when an .xlsx arrives, so a CSV upload (and every other request) never pays for it.
  const { readSheet } = await import('read-excel-file/universal');
  try {
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    return await readSheet(buffer);
  } catch {
    throw fileError(
      'Excel ファイルを読み取れませんでした。.xlsx 形式で保存し直すか、CSV で保存してください。',
      'The workbook could not be read. Save it again as .xlsx, or as CSV.',
    );
  }
}

/** A cell as text: numbers as written (no exponent), dates as YYYY-MM-DD, spaces trimmed. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  if (typeof value === 'number') {
    return Number.isInteger(value) ? value.toFixed(0) : String(value);
  }
  return String(value).replace(/^[\s\u3000]+|[\s\u3000]+$/g, '');
}

/** Reads an uploaded member list; a 400 at `file` when it is not one this can read. */
export async function readTable(bytes: Uint8Array): Promise<SheetTable> {
  if (bytes.byteLength === 0) throw fileError('ファイルが空です。', 'The file is empty.');
  if (bytes.byteLength > IMPORT_LIMITS.bytes) {
    throw fileError(
      `ファイルが大きすぎます（${IMPORT_LIMITS.bytes / 1024 / 1024} MB まで）。分けて取り込んでください。`,
      `The file is too large (up to ${IMPORT_LIMITS.bytes / 1024 / 1024} MB). Split it and import each part.`,
    );
  }
  let format: SourceFormat;
  let grid: unknown[][];
  if (startsWith(bytes, ZIP)) {
    format = 'xlsx';
    grid = await parseXlsx(bytes);
  } else {
    const decoded = decode(bytes);
    format = decoded.format;
    grid = parseCsv(decoded.text);
  }
  const lines = grid.map((cells, i) => ({ line: i + 1, cells: cells.map(cellText) }));
  const filled = lines.filter((r) => r.cells.some((c) => c !== ''));
  const [header, ...rows] = filled;
  if (header === undefined || rows.length === 0) {
    throw fileError(
      '見出しの行と、1行以上の団体の行が必要です。',
      'The file needs a header row and at least one row.',
    );
  }
  if (rows.length > IMPORT_LIMITS.rows) {
    throw fileError(
      `行が多すぎます（${IMPORT_LIMITS.rows}行まで）。分けて取り込んでください。`,
      `Too many rows (up to ${IMPORT_LIMITS.rows}). Split the file and import each part.`,
    );
  }
  const width = header.cells.length;
  if (width > IMPORT_LIMITS.columns) {
    throw fileError(
      `列が多すぎます（${IMPORT_LIMITS.columns}列まで）。`,
      `Too many columns (up to ${IMPORT_LIMITS.columns}).`,
    );
  }
  const headers = header.cells.map((h, i) => h || `（${i + 1}列目）`);
  return {
    format,
    headers,
    rows: rows.map((r) => ({
      line: r.line,
      cells: headers.map((_, i) => r.cells[i] ?? ''),
    })),
  };
}
