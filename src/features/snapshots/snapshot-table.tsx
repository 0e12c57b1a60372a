import { useEffect, useRef } from 'react';
import { Link } from '../../lib/link';
import { snapshotHref } from '../../lib/router';
import { ProgressBar } from '../../components/ui/progress-bar';
import { currentZone, Time } from '../../components/ui/time';
import { StateBadge } from '../../components/ui/state-badge';
import { useFixedRows } from '../../components/ui/use-fixed-rows';
import { openCopyDialog } from '../../lib/copy-url';
import type { Snapshot } from '../../api/schemas';
import type { ListState, SortKey } from './list-state';
import type { Row } from './rows';

const COLUMNS: { key: SortKey; label: string; className: string }[] = [
  { key: 'id', label: 'Snapshot ID', className: 'w-36' },
  { key: 'description', label: 'Description', className: 'min-w-48' },
  { key: 'volume', label: 'Volume', className: 'w-32' },
  { key: 'size', label: 'Size (GiB)', className: 'w-20 text-right' },
  { key: 'state', label: 'State', className: 'w-28' },
  { key: 'progress', label: 'Progress', className: 'w-32' },
  { key: 'owner', label: 'Owner', className: 'w-44' },
  { key: 'created', label: 'Created', className: 'w-32' },
];
const ROW_HEIGHT = 44;
const OWNER_LABEL = { mine: 'Mine', shared: 'Shared with me', public: 'Public' } as const;


function SortHeader({ column, view, onSort }: { column: (typeof COLUMNS)[number]; view: ListState; onSort: (key: SortKey) => void }) {
  const active = view.sort === column.key;
  return (
    <th
      scope="col"
      aria-sort={active ? (view.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
      className={`px-2 py-2 text-left font-semibold ${column.className}`}
    >
      <button type="button" onClick={() => onSort(column.key)} className="inline-flex items-center gap-1 rounded hover:underline focus-visible:outline-2 focus-visible:outline-blue-600">
        {column.key === 'created' ? `${column.label} (${currentZone()})` : column.label}
        <span aria-hidden="true" className="text-xs">
          {active ? (view.dir === 'asc' ? '▲' : '▼') : '↕'}
        </span>
      </button>
    </th>
  );
}

const ACTION = 'rounded px-2 py-1 text-xs font-medium text-blue-700 hover:bg-blue-50 focus-visible:outline-2 focus-visible:outline-blue-600 dark:text-blue-300 dark:hover:bg-slate-800';

/** Copy a completed snapshot; retry a failed copy whose source is known; nothing else can be copied. */
function RowAction({ s }: { s: Snapshot }) {
  const source = s.State === 'error' ? s.Tags.find((t) => t.Key === 'copied-from')?.Value : undefined;
  if (s.State !== 'completed' && !source) return null;
  return (
    <button type="button" className={ACTION} aria-label={`${source ? 'Retry copy' : 'Copy'} ${s.SnapshotId}`} onClick={() => openCopyDialog(source ?? s.SnapshotId, source && s.SnapshotId)}>
      {source ? 'Retry' : 'Copy'}
    </button>
  );
}

/** The snapshot table, virtualized so 50,000 rows scroll smoothly: only the rows in view are in the DOM. */
export function SnapshotTable({
  rows,
  view,
  onSort,
  now,
}: {
  rows: Row[];
  view: ListState;
  onSort: (key: SortKey) => void;
  now: number;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const { start, end, top, bottom } = useFixedRows(scrollRef, rows.length, ROW_HEIGHT, 12);

  useEffect(() => {
    // For `npm run bench`: when the first rows after a load are on screen (the task after the next frame).
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => performance.mark('snapshots:rows-painted'), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [now]);

  return (
    <div
      ref={scrollRef}
      role="region"
      aria-label="Snapshot list"
      tabIndex={0}
      className="max-h-[calc(100vh-18rem)] min-h-64 overflow-auto rounded-md border border-slate-200 bg-white dark:border-slate-700 dark:bg-slate-900"
    >
      <table aria-label="Snapshots" aria-rowcount={rows.length + 1} className="w-full table-fixed border-collapse text-sm">
        <thead className="sticky top-0 z-10 bg-slate-100 dark:bg-slate-800">
          <tr aria-rowindex={1}>
            {COLUMNS.map((column) => (
              <SortHeader key={column.key} column={column} view={view} onSort={onSort} />
            ))}
            <th scope="col" className="w-48 px-2 py-2 text-left font-semibold">
              Tags
            </th>
            <th scope="col" className="w-20 px-2 py-2 text-left font-semibold">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {top > 0 && <tr aria-hidden="true" style={{ height: top }} />}
          {rows.slice(start, end).map(({ snapshot: s, owner }, offset) => {
            return (
              <tr key={s.SnapshotId} aria-rowindex={start + offset + 2} style={{ height: ROW_HEIGHT }} className="border-t border-slate-100 hover:bg-slate-50 dark:border-slate-800 dark:hover:bg-slate-800/60">
                <td className="truncate px-2 font-mono">
                  <Link to={snapshotHref(s.SnapshotId)} className="text-blue-700 underline-offset-2 hover:underline dark:text-blue-300">
                    {s.SnapshotId}
                  </Link>
                </td>
                <td className="truncate px-2" title={s.Description}>
                  {s.Description || <span className="text-slate-500 dark:text-slate-400">—</span>}
                </td>
                <td className="truncate px-2 font-mono text-xs">{s.VolumeId ?? '—'}</td>
                <td className="px-2 text-right tabular-nums">{s.VolumeSize}</td>
                <td className="px-2">
                  <StateBadge state={s.State} />
                </td>
                <td className="px-2">
                  <div className="flex items-center gap-2">
                    <ProgressBar value={s.Progress} label={`Progress of ${s.SnapshotId}`} state={s.State} />
                    <span className={`w-9 text-right text-xs tabular-nums ${s.State === 'error' ? 'text-red-700 dark:text-red-300' : ''}`}>{s.Progress}%</span>
                  </div>
                </td>
                <td className="truncate px-2">
                  {OWNER_LABEL[owner]}
                  {owner !== 'mine' && <span className="block truncate text-xs text-slate-600 dark:text-slate-400">{s.AccountAlias ?? s.AccountId}</span>}
                </td>
                <td className="truncate px-2">
                  <Time iso={s.CreationDate} now={now} zone="header" stacked />
                </td>
                <td className="truncate px-2 text-xs" title={s.Tags.map((t) => `${t.Key}=${t.Value}`).join(', ')}>
                  {s.Tags.map((t) => `${t.Key}=${t.Value}`).join(', ')}
                </td>
                <td className="px-2">
                  <RowAction s={s} />
                </td>
              </tr>
            );
          })}
          {bottom > 0 && <tr aria-hidden="true" style={{ height: bottom }} />}
        </tbody>
      </table>
    </div>
  );
}
