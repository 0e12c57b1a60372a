/**
 * "Export the view": the rows that match the list's filters and search, as CSV with the visible columns (machine-
 * readable values: UTC ISO times, plain numbers) or as JSON (the raw OUTSCALE Snapshot objects). Loaded only when
 * the operator exports.
 */
import type { Snapshot } from '../../api/schemas';
import { COLUMNS, type ColumnKey } from './columns';
import type { Row } from './rows';

/** Each exported column's header and value. Owner is the account ID (the label, "Mine", depends on who looks). */
/** The columns that hold data (not the row's checkbox or its actions). */
type DataColumn = Exclude<ColumnKey, 'actions' | 'select'>;
const NOT_DATA: ReadonlySet<string> = new Set(['actions', 'select']);

const VALUE: Record<DataColumn, { header: string; value: (row: Row) => string }> = {
  id: { header: 'SnapshotId', value: (row) => row.snapshot.SnapshotId },
  name: { header: 'Name', value: (row) => row.name },
  description: { header: 'Description', value: (row) => row.snapshot.Description ?? '' },
  volume: { header: 'VolumeId', value: (row) => row.snapshot.VolumeId ?? '' },
  size: { header: 'VolumeSize (GiB)', value: (row) => String(row.snapshot.VolumeSize) },
  state: { header: 'State', value: (row) => row.snapshot.State },
  progress: { header: 'Progress (%)', value: (row) => String(row.snapshot.Progress) },
  owner: { header: 'AccountId', value: (row) => row.snapshot.AccountId },
  created: { header: 'CreationDate (UTC)', value: (row) => row.snapshot.CreationDate },
  tags: { header: 'Tags', value: (row) => row.snapshot.Tags.map((tag) => `${tag.Key}=${tag.Value}`).join('; ') },
};

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break. A text a spreadsheet would run as
 * a formula (it starts with =, +, -, @, tab or carriage return) gets a leading apostrophe (OWASP's advice).
 */
export function csvField(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The visible data columns in table order; the ID always (it cannot be hidden). */
export function exportColumns(hidden: readonly ColumnKey[]): DataColumn[] {
  return COLUMNS.map((column) => column.key).filter((key): key is DataColumn => !NOT_DATA.has(key) && (key === 'id' || !hidden.includes(key)));
}

export function toCsv(rows: readonly Row[], hidden: readonly ColumnKey[]): string {
  const columns = exportColumns(hidden).map((key) => VALUE[key]);
  const lines = [columns.map((column) => csvField(column.header)).join(',')];
  for (const row of rows) lines.push(columns.map((column) => csvField(column.value(row))).join(','));
  // A byte-order mark so that spreadsheets read UTF-8; CRLF line ends, as RFC 4180 says.
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export function toJson(rows: readonly Row[]): string {
  const snapshots: Snapshot[] = rows.map((row) => row.snapshot);
  return `${JSON.stringify(snapshots, null, 2)}\n`;
}

/** `snapshots-339215505907-20261126-0312.csv`: whose list, when (UTC). */
export function exportFileName(accountId: string, at: Date, kind: 'csv' | 'json'): string {
  const stamp = at.toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
  return `snapshots-${accountId}-${stamp}.${kind}`;
}

/** Hands the file to the browser's download. */
export function download(text: string, fileName: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
