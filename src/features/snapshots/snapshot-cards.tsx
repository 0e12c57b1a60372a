/**
 * The snapshots on a phone (below Tailwind's `md`, 768 px): one card per snapshot with its ID (copy-ID button),
 * Name, size, state, progress, creation time and the row's actions, and no sideways scrolling. The same list as
 * the table: virtualized (cards of one height, only those in view rendered), one Tab stop with roving focus
 * (arrows, Page Up/Down, Home/End, → ← through the card's links and buttons), Enter opens the snapshot, `c`
 * copies it, `/` searches, `?` lists the shortcuts. Loaded only when the window is narrow (snapshot-table.tsx).
 */
import { lazy, Suspense, useDeferredValue, useMemo, useRef, useState, type MouseEvent } from 'react';
import { Link } from '../../lib/link';
import { navigate, snapshotHref } from '../../lib/router';
import { ProgressBar } from '../../components/ui/progress-bar';
import { StateBadge } from '../../components/ui/state-badge';
import { Time } from '../../components/ui/time';
import { useFixedRows } from '../../components/ui/use-fixed-rows';
import { roomBelow, useTopInPage } from '../../components/ui/use-top-in-page';
import { rowKeys, selectRow, useCopiedId, usePageKeys, useRowsPaintedMark } from './list-interaction';
import { selectionStore, useSelection } from '../../lib/selection-store';
import { SelectionBarSlot } from '../../lib/selection-bar-slot';
import type { SnapshotTableProps } from './rows';
import { searchWords } from './rows';
import { CopyId } from '../../components/ui/copy-id';
import { marked, RowAction } from './snapshot-cells';
import { useRovingRows } from '../../components/ui/use-roving-rows';

const ShortcutsDialog = lazy(() => import('./shortcuts-dialog'));

/** Every card is this tall (the virtualization's pitch), its gap included. */
export const CARD_HEIGHT = 104;
const OWNER_LABEL = { mine: '', shared: 'Shared with me', public: 'Public' } as const;
const MUTED = 'text-muted';

export default function SnapshotCards({ rows, view, now }: SnapshotTableProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const top = useTopInPage(scrollRef);
  // The list fills the window from where it starts down to the dock (copy-activity.tsx publishes its height):
  // the page itself does not scroll, the dock never covers a card, and a phone's toolbars are allowed for (dvh).
  const room = roomBelow(top);
  const { start, end, top: before, bottom: after } = useFixedRows(scrollRef, rows.length, CARD_HEIGHT, 3);
  const highlighted = useDeferredValue(view.q);
  const words = useMemo(() => searchWords(highlighted), [highlighted]);
  const [copiedId, setCopiedId] = useCopiedId();
  const [help, setHelp] = useState(false);
  const roving = useRovingRows(scrollRef, rows.length, CARD_HEIGHT, rowKeys(rows));
  useRowsPaintedMark(now);
  usePageKeys(roving.focusActive, () => setHelp(true));
  useSelection(); // the checkboxes follow the selection
  // A tap anywhere on a card (but on its links and buttons) opens the snapshot, as its ID link does.
  const open = (event: MouseEvent<HTMLElement>, id: string) => {
    if (!(event.target as Element).closest('a, button, input')) navigate(snapshotHref(id));
  };

  return (
    <>
      {help && (
        <Suspense fallback={null}>
          <ShortcutsDialog onClose={() => setHelp(false)} />
        </Suspense>
      )}
      <SelectionBarSlot />
      <div
        ref={scrollRef}
        role="region"
        aria-label="Snapshot list"
        style={{ height: room, minHeight: '14rem' }}
        className="overflow-x-hidden overflow-y-auto rounded-md border border-line bg-page px-1"
      >
        <ul aria-label="Snapshots" onKeyDown={roving.onKeyDown} onFocus={roving.onFocus} style={{ paddingTop: before, paddingBottom: after }}>
          {rows.slice(start, end).map((row, offset) => {
            const { snapshot: s, owner } = row;
            const index = start + offset;
            return (
              <li
                key={s.SnapshotId}
                data-row={index}
                tabIndex={roving.tabbable(index, start, end) ? 0 : -1}
                aria-setsize={rows.length}
                aria-posinset={index + 1}
                style={{ height: CARD_HEIGHT }}
                onClick={(event) => open(event, s.SnapshotId)}
                className="group cursor-pointer py-1 outline-none"
              >
                <div className="flex h-full min-w-0 flex-col justify-between rounded-md border border-line bg-surface px-3 py-1.5 text-sm group-hover:border-slate-400 group-focus-visible:outline-2 group-focus-visible:outline-blue-600">
                  <div className="flex min-w-0 items-center gap-1">
                    <input type="checkbox" tabIndex={-1} aria-label={`Select ${s.SnapshotId}`} checked={selectionStore.has(s.SnapshotId)} onChange={() => undefined} onClick={(event) => selectRow(rows, index, event.shiftKey)} className="h-4 w-4 shrink-0 accent-blue-700" />
                    <Link to={snapshotHref(s.SnapshotId)} tabIndex={-1} className="truncate py-0.5 font-mono text-link underline-offset-2 hover:underline">
                      {marked(s.SnapshotId, words)}
                    </Link>
                    <CopyId id={s.SnapshotId} copied={copiedId === s.SnapshotId} onCopied={setCopiedId} />
                    <span className="ml-auto shrink-0">
                      <RowAction s={s} />
                    </span>
                  </div>
                  <div className="flex min-w-0 items-baseline gap-2">
                    <span className="min-w-0 flex-1 truncate" title={row.name || undefined}>
                      {row.name ? marked(row.name, words) : <span className={MUTED}>No name</span>}
                    </span>
                    <span className={`shrink-0 text-xs tabular-nums ${MUTED}`}>{s.VolumeSize} GiB</span>
                  </div>
                  <div className="flex items-center gap-2">
                    <StateBadge state={s.State} />
                    <ProgressBar value={s.Progress} label={`Progress of ${s.SnapshotId}`} state={s.State} />
                    <span className={`w-9 shrink-0 text-right text-xs tabular-nums ${s.State === 'error' ? 'text-red-700 dark:text-red-300' : ''}`}>{s.Progress}%</span>
                  </div>
                  <div className={`truncate text-xs ${MUTED}`}>
                    <Time iso={s.CreationDate} now={now} />
                    {OWNER_LABEL[owner] && ` · ${OWNER_LABEL[owner]}`}
                  </div>
                </div>
              </li>
            );
          })}
        </ul>
      </div>
    </>
  );
}
