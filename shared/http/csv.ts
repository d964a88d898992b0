// CSV exports of report tables (RFC 4180): a header row, CRLF line ends, fields quoted when they hold a comma,
// a quote or a line break. Cells are guarded against formula injection: a text cell that a spreadsheet would
// run as a formula (= + - @, tab, carriage return) is prefixed with a single quote. Numbers are never guarded.
import type { TextBody } from './response.ts';

export type CsvValue = string | number | boolean | null | undefined;

export interface CsvColumn<T> {
  header: string;
  value: (row: T) => CsvValue;
}

export const csvContentType = 'text/csv; charset=utf-8';

/** Excel and WPS read a UTF-8 file as the local code page unless it starts with a byte-order mark. */
const byteOrderMark = '\uFEFF';
const formulaStart = /^[=+\-@\t\r]/;
const needsQuotes = /[",\r\n]/;

export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const guarded = formulaStart.test(value) ? `'${value}` : value;
  return needsQuotes.test(guarded) ? `"${guarded.replaceAll('"', '""')}"` : guarded;
}

/** The whole table: byte-order mark, header row, one row per item, each line ended by CRLF. */
export function toCsv<T>(columns: readonly CsvColumn<T>[], rows: readonly T[]): string {
  const lines = [
    columns.map((column) => csvCell(column.header)).join(','),
    ...rows.map((row) => columns.map((column) => csvCell(column.value(row))).join(',')),
  ];
  return `${byteOrderMark}${lines.map((line) => `${line}\r\n`).join('')}`;
}

/** `?format=csv` wins; otherwise an `Accept` header that names text/csv asks for it. */
export function wantsCsv(request: { format?: string | undefined; accept?: string | undefined }): boolean {
  if (request.format !== undefined) return request.format === 'csv';
  return (request.accept ?? '')
    .split(',')
    .some((range) => range.split(';')[0]!.trim().toLowerCase() === 'text/csv');
}

/** A handler result carrying the CSV as a download named `filename` (letters, digits, '.', '_', '-'). */
export function csvResult(
  filename: string,
  csv: string,
): { text: TextBody; headers: Record<string, string> } {
  const safe = filename.replace(/[^A-Za-z0-9._-]/g, '_');
  return {
    text: { body: csv, contentType: csvContentType },
    headers: { 'content-disposition': `attachment; filename="${safe}"` },
  };
}
