/**
 * The volumes, as the snapshots list shows snapshots: a table with sortable headers from Tailwind's `md` (768 px),
 * cards below it (a phone: no sideways scroll). Either is one Tab stop with roving focus (use-roving-rows): arrows,
 * PageUp/PageDown, Home/End between rows, ←/→ through a row's links and buttons, Enter opens the volume's
 * snapshots, `s` snapshots it. Rows have one height, so the hook scrolls a row into view below the header.
 */
import { useEffect, useRef, useState, useSyncExternalStore, type KeyboardEvent } from 'react';
import { useRovingRows } from '../../components/ui/use-roving-rows';
import { openAction } from '../../lib/action-url';
import { navigate } from '../../lib/router';
import { CopyId } from '../../components/ui/copy-id';
import { LatestSnapshot, MUTED, SnapshotAction, SnapshotCount, tagsText, VolumeState } from './volume-cells';
import { snapshotsOfVolumeHref, type VolumeRow, type VolumeSortKey, type VolumeView } from './volume-list';

const NARROW = '(max-width: 767.98px)';
const media = typeof window !== 'undefined' && typeof window.matchMedia === 'function' ? window.matchMedia(NARROW) : undefined;
const subscribe = (listener: () => void) => {
  media?.addEventListener('change', listener);
  return () => media?.removeEventListener('change', listener);
};
const useNarrow = () => useSyncExternalStore(subscribe, () => media?.matches ?? false, () => false);

/** The list's height: the window below the page's header and filters, less the dock (notifications, tray). */
const ROOM_ABOVE_DOCK = 'calc(100vh - 17rem - var(--dock-height, 0px))';
const ROW_HEIGHT = 48;
const CARD_HEIGHT = 136;

const COLUMNS: { key: VolumeSortKey | 'tags' | 'actions'; label: string; width: number; right?: boolean }[] = [
  { key: 'id', label: 'Volume ID', width: 150 },
  { key: 'name', label: 'Name', width: 130 },
  { key: 'size', label: 'Size (GiB)', width: 86, right: true },
  { key: 'type', label: 'Type', width: 86 },
  { key: 'state', label: 'State', width: 96 },
  { key: 'vm', label: 'Attached VM', width: 110 },
  { key: 'subregion', label: 'Subregion', width: 100 },
  { key: 'tags', label: 'Tags', width: 108 },
  { key: 'snapshots', label: 'Snapshots', width: 96, right: true },
  { key: 'latest', label: 'Latest snapshot', width: 170 },
  { key: 'actions', label: 'Actions', width: 92 },
];
const MIN_WIDTH = COLUMNS.reduce((sum, column) => sum + column.width, 0);

function useCopied(): [string | undefined, (id: string) => void] {
  const [copied, setCopied] = useState<string>();
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(undefined), 1500);
    return () => clearTimeout(timer);
  }, [copied]);
  return [copied, setCopied];
}

export interface VolumeTableProps {
  rows: readonly VolumeRow[];
  view: VolumeView;
  onSort: (key: VolumeSortKey) => void;
  now: number;
}

function rowKeys(rows: readonly VolumeRow[]) {
  return (index: number, event: KeyboardEvent<HTMLElement>) => {
    const row = rows[index];
    if (!row) return;
    if (event.key === 'Enter' && (event.target as HTMLElement).dataset.row !== undefined) {
      event.preventDefault();
      navigate(snapshotsOfVolumeHref(row.volume.VolumeId));
    } else if (event.key === 's' && !event.shiftKey) {
      event.preventDefault();
      openAction('snapshot-volume', row.volume.VolumeId);
    }
  };
}

export function VolumeTable(props: VolumeTableProps) {
  return useNarrow() ? <VolumeCards {...props} /> : <VolumeGrid {...props} />;
}

function VolumeGrid({ rows, view, onSort, now }: VolumeTableProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const roving = useRovingRows(scrollRef, rows.length, ROW_HEIGHT, rowKeys(rows));
  const [copied, setCopied] = useCopied();
  return (
    <div ref={scrollRef} role="region" aria-label="Volume list" style={{ maxHeight: ROOM_ABOVE_DOCK, minHeight: `min(12rem, ${ROOM_ABOVE_DOCK})` }} className="overflow-auto rounded-md border border-line bg-surface">
      <table aria-label="Volumes" aria-rowcount={rows.length + 1} className="w-full table-fixed border-collapse text-sm" style={{ minWidth: MIN_WIDTH }}>
        <colgroup>
          {COLUMNS.map((column) => (
            <col key={column.key} style={{ width: column.width }} />
          ))}
        </colgroup>
        <thead className="sticky top-0 z-10 bg-slate-100 dark:bg-slate-800">
          <tr aria-rowindex={1}>
            {COLUMNS.map(({ key, label, right }) => {
              const sortable = key !== 'tags' && key !== 'actions';
              const active = view.sort === key;
              return (
                <th key={key} scope="col" aria-sort={sortable ? (active ? (view.dir === 'asc' ? 'ascending' : 'descending') : 'none') : undefined} className={`px-2 py-2 text-left font-semibold ${right ? 'text-right' : ''}`}>
                  {key === 'actions' ? (
                    <span className="sr-only">{label}</span>
                  ) : sortable ? (
                    <button type="button" onClick={() => onSort(key)} className="inline-flex items-center gap-1 rounded text-left hover:underline focus-visible:outline-2 focus-visible:outline-blue-600">
                      {label}
                      <span aria-hidden="true" className="text-xs">
                        {active ? (view.dir === 'asc' ? '▲' : '▼') : '↕'}
                      </span>
                    </button>
                  ) : (
                    label
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody onKeyDown={roving.onKeyDown} onFocus={roving.onFocus}>
          {rows.map((row, index) => {
            const { volume: v } = row;
            const tags = tagsText(v);
            return (
              <tr
                key={v.VolumeId}
                data-row={index}
                tabIndex={roving.tabbable(index, 0, rows.length) ? 0 : -1}
                aria-rowindex={index + 2}
                style={{ height: ROW_HEIGHT }}
                className="border-t border-line-soft hover:bg-slate-50 focus:bg-blue-50 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-blue-600 dark:hover:bg-slate-800/60 dark:focus:bg-slate-800"
              >
                <td className="px-2">
                  <span className="flex items-center font-mono">
                    <span className="truncate">{v.VolumeId}</span>
                    <CopyId id={v.VolumeId} copied={copied === v.VolumeId} onCopied={setCopied} />
                  </span>
                </td>
                <td className="truncate px-2" title={row.name || undefined}>
                  {row.name || <span className={MUTED}>-</span>}
                </td>
                <td className="px-2 text-right tabular-nums">{v.Size}</td>
                <td className="truncate px-2">{v.VolumeType}</td>
                <td className="px-2">
                  <VolumeState state={v.State} />
                </td>
                <td className="truncate px-2 font-mono text-xs">{row.vm || <span className={MUTED}>-</span>}</td>
                <td className="truncate px-2">{v.SubregionName}</td>
                <td className="truncate px-2 text-xs" title={tags || undefined}>
                  {tags || <span className={MUTED}>-</span>}
                </td>
                <td className="px-2 text-right">
                  <SnapshotCount row={row} />
                </td>
                <td className="truncate px-2">
                  <LatestSnapshot row={row} now={now} />
                </td>
                <td className="px-2">
                  <SnapshotAction id={v.VolumeId} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** A phone: one card per volume, every field kept (label and value), the action at the bottom. */
function VolumeCards({ rows, now }: VolumeTableProps) {
  const scrollRef = useRef<HTMLUListElement>(null);
  const roving = useRovingRows(scrollRef, rows.length, CARD_HEIGHT, rowKeys(rows));
  const [copied, setCopied] = useCopied();
  return (
    <ul ref={scrollRef} aria-label="Volumes" style={{ maxHeight: ROOM_ABOVE_DOCK }} className="min-h-48 space-y-0 overflow-auto" onKeyDown={roving.onKeyDown} onFocus={roving.onFocus}>
      {rows.map((row, index) => {
        const { volume: v } = row;
        const tags = tagsText(v);
        return (
          <li
            key={v.VolumeId}
            data-row={index}
            tabIndex={roving.tabbable(index, 0, rows.length) ? 0 : -1}
            aria-label={`${v.VolumeId}${row.name ? `, ${row.name}` : ''}`}
            style={{ height: CARD_HEIGHT }}
            className="overflow-hidden border-b border-line bg-surface p-3 text-sm focus:bg-blue-50 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-blue-600 dark:focus:bg-slate-800"
          >
            <div className="flex items-center gap-2">
              <span className="font-mono font-medium">{v.VolumeId}</span>
              <CopyId id={v.VolumeId} copied={copied === v.VolumeId} onCopied={setCopied} />
              <span className="ml-auto">
                <VolumeState state={v.State} />
              </span>
            </div>
            <p className="truncate">{row.name || <span className={MUTED}>No name</span>}</p>
            <p className={`truncate text-xs ${MUTED}`}>
              {v.Size} GiB · {v.VolumeType} · {v.SubregionName}
              {row.vm ? ` · attached to ${row.vm}` : ' · not attached'}
            </p>
            <p className={`truncate text-xs ${MUTED}`} title={tags || undefined}>
              Tags: {tags || 'none'}
            </p>
            <div className="mt-1 flex items-start gap-3 text-xs">
              <span>
                Snapshots: <SnapshotCount row={row} />
              </span>
              <span className="min-w-0 flex-1">
                <LatestSnapshot row={row} now={now} />
              </span>
              <SnapshotAction id={v.VolumeId} />
            </div>
          </li>
        );
      })}
    </ul>
  );
}
