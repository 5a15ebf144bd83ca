import Table from 'cli-table3';
import { UsageError } from '../errors.js';

export type RecordFormat = 'table' | 'json' | 'csv';

export function checkRecordFormat(value: string): RecordFormat {
  if (value === 'table' || value === 'json' || value === 'csv') return value;
  throw new UsageError(`--format must be table, json or csv, not ${JSON.stringify(value)}`);
}

/** Columns in order of first appearance; `@ptr` is internal to the service and left out. */
export function columnsOf(records: readonly Record<string, string>[]): string[] {
  const seen = new Set<string>();
  for (const record of records) for (const key of Object.keys(record)) seen.add(key);
  seen.delete('@ptr');
  return [...seen];
}

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** Query results as a terminal table, a JSON array or RFC 4180 CSV. */
export function renderRecords(
  records: readonly Record<string, string>[],
  format: RecordFormat,
  options: { colour?: boolean; columns?: string[] } = {},
): string {
  const columns = options.columns ?? columnsOf(records);
  if (format === 'json') {
    return JSON.stringify(
      records.map((r) => Object.fromEntries(columns.filter((k) => k in r).map((k) => [k, r[k]]))),
      null,
      2,
    );
  }
  if (format === 'csv') {
    const lines = [columns.map(csvCell).join(',')];
    for (const r of records) lines.push(columns.map((k) => csvCell(r[k] ?? '')).join(','));
    return lines.join('\r\n');
  }
  if (columns.length === 0) return '(no results)';
  const table = new Table({
    head: columns,
    // No rule between rows: a result table is read down its columns.
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    style: options.colour ? { head: ['cyan'] } : { head: [], border: [] },
  });
  for (const r of records) table.push(columns.map((k) => r[k] ?? ''));
  return table.toString();
}
