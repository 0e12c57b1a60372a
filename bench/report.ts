/** Statistics and the summary table. Ratios are value / target: 1.00 or less meets the target. */

export interface Row {
  metric: string;
  value: string;
  target?: string;
  ratio?: number;
  /** A verdict for figures that are counts, not ratios. */
  note?: string;
}

/** Linear interpolation between closest ranks (the usual definition; the median of an even count is a mean). */
export function percentile(values: number[], p: number): number {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.min(low + 1, sorted.length - 1);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
}

export const kB = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
export const ms = (value: number) => `${Math.round(value)} ms`;

export function printTable(rows: Row[]): void {
  const width = Math.max(38, ...rows.map((row) => row.metric.length)) + 2;
  const valueWidth = Math.max(10, ...rows.map((row) => row.value.length)) + 2;
  const targetWidth = Math.max(12, ...rows.map((row) => (row.target ?? '').length)) + 2;
  const line = (metric: string, value: string, target: string, ratio: string, verdict: string) =>
    `${metric.padEnd(width)}${value.padStart(valueWidth)}${target.padStart(targetWidth)}${ratio.padStart(8)}  ${verdict}`.trimEnd();
  console.log(line('metric', 'value', 'target', 'ratio', ''));
  for (const row of rows) {
    const measured = row.ratio !== undefined && Number.isFinite(row.ratio);
    // The verdict uses the exact ratio: 1.004 prints as "1.00" but is over.
    const verdict = row.note ?? (!measured ? '' : row.ratio! <= 1 ? 'ok' : 'over');
    console.log(line(row.metric, row.value, row.target ?? '', measured ? row.ratio!.toFixed(2) : '', verdict));
  }
}
