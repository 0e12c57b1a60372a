/**
 * A bar chart in plain SVG whose every row is one link to the snapshots list filtered to exactly that row's
 * snapshots. The text of each row (label, count, size) is its own text equivalent, read with the link; the SVG
 * bar only draws the proportion and is hidden from assistive technology. Rows stack at phone width.
 */
import type { ReactNode } from 'react';
import { Link } from '../../lib/link';
import type { Labelled } from './overview-stats';

/** A sum of VolumeSize (GiB) in words: GiB below a TiB, then TiB with one decimal. */
export function formatSize(gib: number): string {
  return gib >= 1024 ? `${(gib / 1024).toLocaleString('en', { maximumFractionDigits: 1 })} TiB` : `${gib.toLocaleString('en')} GiB`;
}

export const count = (n: number) => n.toLocaleString('en');
export const snapshotsWord = (n: number) => `${count(n)} ${n === 1 ? 'snapshot' : 'snapshots'}`;

/** Bar colours by meaning (tokens in src/index.css), light and dark; never the only carrier of meaning. */
export const TONES = {
  link: 'fill-link',
  ok: 'fill-state-ok',
  error: 'fill-state-error',
  neutral: 'fill-state-neutral',
  warn: 'fill-state-warn',
} as const;
export type Tone = keyof typeof TONES;

export interface BarListProps {
  /** Heading of the chart, also its accessible name. */
  title: string;
  id: string;
  rows: readonly Labelled[];
  /** What the bar's length shows. */
  measure?: 'count' | 'size';
  tone?: (row: Labelled) => Tone;
  /** Labels are IDs: shown in a monospace font. */
  mono?: boolean;
  empty?: string;
  children?: ReactNode;
}

export function BarList({ title, id, rows, measure = 'count', tone = () => 'link', mono = false, empty = 'None.', children }: BarListProps) {
  const max = Math.max(1, ...rows.map((row) => row[measure]));
  return (
    <section aria-labelledby={id} className="min-w-0 rounded-md border border-line bg-surface p-3">
      <h2 id={id} className="text-heading">
        {title}
      </h2>
      {children}
      {rows.length === 0 ? (
        <p className="mt-2 text-sm text-soft">{empty}</p>
      ) : (
        <ul className="mt-2 space-y-1" aria-label={title}>
          {rows.map((row) => (
            <li key={row.label}>
              <BarRow row={row} max={max} measure={measure} tone={tone(row)} mono={mono} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function BarRow({ row, max, measure, tone, mono }: { row: Labelled; max: number; measure: 'count' | 'size'; tone: Tone; mono: boolean }) {
  const width = (row[measure] / max) * 100;
  return (
    <Link
      to={row.href}
      className="grid grid-cols-[minmax(0,1fr)_auto] items-center gap-x-3 gap-y-0.5 rounded-md px-1 py-0.5 text-sm hover:bg-hover sm:grid-cols-[minmax(0,11rem)_minmax(0,1fr)_auto]"
    >
      <span className={`truncate text-link underline ${mono ? 'font-mono' : ''}`}>{row.label}</span>
      <svg aria-hidden="true" className="order-last col-span-2 h-3 w-full sm:order-none sm:col-span-1" viewBox="0 0 100 10" preserveAspectRatio="none">
        <rect width="100" height="10" rx="1" className="fill-line-soft" />
        {width > 0 && <rect width={Math.max(width, 0.75)} height="10" rx="1" className={TONES[tone]} />}
      </svg>
      <span className="text-right whitespace-nowrap tabular-nums">
        {snapshotsWord(row.count)} <span className="text-soft">· {formatSize(row.size)}</span>
      </span>
    </Link>
  );
}
