import { lazy, memo, Suspense, useCallback, useEffect, useMemo, useRef, useState, type MouseEvent, type PointerEvent as ReactPointerEvent } from 'react';
import { currentZone } from '../../components/ui/time';
import { useFixedRows } from '../../components/ui/use-fixed-rows';
import { roomBelow, useTopInPage } from '../../components/ui/use-top-in-page';
import { regionParam } from '../../lib/router';
import type { ListState, SortKey } from './list-state';
import { searchWords, type Row } from './rows';
import { useRovingRows } from '../../components/ui/use-roving-rows';
import { layout, loadPrefs, resizeColumn, savePrefs, type Column, type ColumnKey, type ColumnPrefs } from './columns';
import { cell, SELECT_LABEL_ID, type CellContext } from './snapshot-cells';
import { rowKeys, selectRow, shiftArrow, useCopiedId, usePageKeys, useRowsPaintedMark } from './list-interaction';
import { selectionStore, useSelection } from '../../lib/selection-store';
import { SelectionBarSlot } from '../../lib/selection-bar-slot';


const ColumnPrefsMenu = lazy(() => import('./column-prefs'));
const ShortcutsDialog = lazy(() => import('./shortcuts-dialog'));

const ROW_HEIGHT = 44;
/** One object for every row and render: React compares it as equal and writes no style on a keystroke. */
const ROW_STYLE = { height: ROW_HEIGHT };

/**
 * A column's header. Given the sort's direction when the list is sorted by it (not the whole view), and stable
 * handlers, it is skipped on a search keystroke.
 */
const SortHeader = memo(function SortHeader({ column, sorted, zone, onSort, onResize }: { column: Column & { px: number | undefined }; sorted: ListState['dir'] | undefined; zone: string; onSort: (key: SortKey) => void; onResize: (key: ColumnKey, width: number, done: boolean) => void }) {
  const sort = column.sort;
  const active = sorted !== undefined;
  const label = column.key === 'created' ? `${column.label} (${zone})` : column.label;
  const startResize = (event: ReactPointerEvent<HTMLSpanElement>) => {
    const th = event.currentTarget.parentElement;
    if (!th) return;
    event.preventDefault();
    const from = event.clientX;
    const width = th.getBoundingClientRect().width;
    const move = (e: PointerEvent) => onResize(column.key, width + e.clientX - from, false);
    const up = (e: PointerEvent) => {
      onResize(column.key, width + e.clientX - from, true);
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  };
  return (
    <th
      scope="col"
      aria-sort={sort ? (active ? (sorted === 'asc' ? 'ascending' : 'descending') : 'none') : undefined}
      className={`relative px-2 py-2 text-left align-bottom font-semibold ${column.right ? 'text-right' : ''}`}
    >
      {column.key === 'actions' ? (
        <span className="sr-only">{label}</span>
      ) : sort ? (
        <button type="button" onClick={() => onSort(sort)} className="inline-flex items-center gap-1 rounded text-left hover:underline focus-visible:outline-2 focus-visible:outline-blue-600">
          {label}
          <span aria-hidden="true" className="text-xs">
            {active ? (sorted === 'asc' ? '▲' : '▼') : '↕'}
          </span>
        </button>
      ) : (
        label
      )}
      {column.key !== 'actions' && (
        // Pointer resizing; by keyboard, the widths are set in the Columns menu.
        <span aria-hidden="true" onPointerDown={startResize} className="absolute inset-y-1 right-0 w-2 cursor-col-resize border-r-2 border-control hover:border-blue-600" />
      )}
    </th>
  );
});

/** The header's checkbox: every row that matches (all of the virtualized list, not only those on screen). */
function SelectAllHeader({ rows }: { rows: Row[] }) {
  const { count, version } = useSelection();
  // Only while something is selected: no work per row on a keystroke otherwise.
  const all = useMemo(() => count > 0 && count >= rows.length && rows.every((row) => selectionStore.has(row.snapshot.SnapshotId)), [rows, count, version]); // eslint-disable-line react-hooks/exhaustive-deps
  const box = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (box.current) box.current.indeterminate = count > 0 && !all;
  }, [count, all]);
  return (
    <th scope="col" className="px-1.5 py-2 text-left align-bottom">
      <input
        ref={box}
        type="checkbox"
        aria-label={all ? `Unselect all ${rows.length} matching` : `Select all ${rows.length} matching`}
        title={all ? `Unselect all ${rows.length} matching` : `Select all ${rows.length} matching`}
        checked={all}
        disabled={rows.length === 0}
        onChange={() => selectionStore.set(rows, !all)}
        className="h-4 w-4 accent-blue-700"
      />
    </th>
  );
}

/** The snapshot table, virtualized so 50,000 rows scroll smoothly: only the rows in view are in the DOM. */
export default function SnapshotTableBody({ rows, view, onSort, now }: { rows: Row[]; view: ListState; onSort: (key: SortKey) => void; now: number }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // At most the window below where the list starts (the header may wrap), less the dock (copy-activity.tsx).
  const room = roomBelow(useTopInPage(scrollRef));
  // 3 rows beyond the view each way (132 px, more than a wheel notch): every rendered row is rebuilt, laid out and
  // painted on a search keystroke, so each overscan row costs every keystroke something.
  const { start, end, top, bottom } = useFixedRows(scrollRef, rows.length, ROW_HEIGHT, 3);
  const [prefs, setPrefs] = useState<ColumnPrefs>(loadPrefs);
  const [menuOpen, setMenuOpen] = useState(false);
  const { columns, minWidth } = useMemo(() => layout(prefs), [prefs]);
  // Highlights are marked in the keystroke's own render: one render, commit and paint per keystroke.
  const words = useMemo(() => searchWords(view.q), [view.q]);
  const tagsInline = prefs.hidden.includes('tags');
  // The browser's zone for the Created header, looked up when the list is read again, not on each keystroke.
  const zone = useMemo(() => currentZone(), [now]); // eslint-disable-line react-hooks/exhaustive-deps
  const [copiedId, setCopiedId] = useCopiedId();
  useSelection(); // the checkboxes follow the selection
  const context: CellContext = { words, now, tagsInline, copiedId, onCopied: setCopiedId, region: regionParam() };
  /** A row's checkbox (snapshot-cells.tsx) was clicked: with Shift, extend from the anchor. */
  const onClick = (event: MouseEvent<HTMLElement>) => {
    const target = event.target as HTMLElement;
    if (target.dataset.select === undefined) return;
    const place = target.closest<HTMLElement>('[data-row]')?.dataset.row;
    if (place !== undefined) selectRow(rows, Number(place), event.shiftKey);
  };
  const [help, setHelp] = useState(false);
  const roving = useRovingRows(scrollRef, rows.length, ROW_HEIGHT, rowKeys(rows));
  usePageKeys(roving.focusActive, () => setHelp(true));

  const update = (next: ColumnPrefs, save = true) => {
    setPrefs(next);
    if (save) savePrefs(next);
  };
  const onResize = useCallback((key: ColumnKey, width: number, done: boolean) => {
    const next = resizeColumn(prefs, key, width);
    setPrefs(next);
    if (done) savePrefs(next);
  }, [prefs]);

  useRowsPaintedMark(now);

  return (
    <div className="space-y-1">
      {/* The selection bar takes the toolbar's free room (its height is kept): the rows do not move when it shows. */}
      <div className="relative flex min-h-10 flex-wrap items-center justify-end gap-2">
        {/* With each row's ID link, the name of the row's checkbox ("Select snap-…"): snapshot-cells.tsx. */}
        <span id={SELECT_LABEL_ID} hidden>
          Select
        </span>
        <SelectionBarSlot />
        <button
          type="button"
          aria-haspopup="dialog"
          onClick={() => setHelp(true)}
          className="rounded-md px-2 py-1 text-sm text-slate-700 hover:bg-hover focus-visible:outline-2 focus-visible:outline-blue-600 dark:text-slate-200"
        >
          Keyboard shortcuts <kbd className="font-mono text-xs">?</kbd>
        </button>
        {help && (
          <Suspense fallback={null}>
            <ShortcutsDialog onClose={() => setHelp(false)} />
          </Suspense>
        )}
        <button
          type="button"
          aria-haspopup="dialog"
          aria-expanded={menuOpen}
          onClick={() => setMenuOpen((open) => !open)}
          className="rounded-md px-2 py-1 text-sm text-slate-700 hover:bg-hover focus-visible:outline-2 focus-visible:outline-blue-600 dark:text-slate-200"
        >
          ⚙ Columns
        </button>
        {menuOpen && (
          <Suspense fallback={null}>
            <ColumnPrefsMenu prefs={prefs} onChange={update} onClose={() => setMenuOpen(false)} />
          </Suspense>
        )}
      </div>
      <div
        ref={scrollRef}
        role="region"
        aria-label="Snapshot list"
        // Ends above the bottom-left dock (notifications, jobs tray), whose height copy-activity.tsx publishes:
        // the dock never covers a row. A layer of its own (will-change): a keystroke repaints the rows in it, not
        // the whole document, and the URL write after typing (which re-renders the filter bar) repaints no row. The
        // popups above it (Columns, Export, row menus, the dock) all have a z-index.
        style={{ maxHeight: room, minHeight: `min(16rem, ${room})` }}
        className="overflow-auto rounded-md border border-line bg-surface will-change-transform"
      >
        <table aria-label="Snapshots" aria-rowcount={rows.length + 1} className="w-full table-fixed border-collapse text-sm" style={{ minWidth }}>
          <colgroup>
            {columns.map((column) => (
              <col key={column.key} style={column.px ? { width: column.px } : undefined} />
            ))}
          </colgroup>
          <thead className="sticky top-0 z-10 bg-slate-100 dark:bg-slate-800">
            <tr aria-rowindex={1}>
              {columns.map((column) => column.key === 'select' ? <SelectAllHeader key="select" rows={rows} /> : (
                <SortHeader key={column.key} column={column} sorted={column.sort !== undefined && view.sort === column.sort ? view.dir : undefined} zone={zone} onSort={onSort} onResize={onResize} />
              ))}
            </tr>
          </thead>
          <tbody onKeyDown={(event) => { shiftArrow(rows, event); roving.onKeyDown(event); }} onFocus={roving.onFocus} onClick={onClick}>
            {top > 0 && <tr aria-hidden="true" style={{ height: top }} />}
            {rows.slice(start, end).map((row, offset) => (
              // Keyed by place, not by snapshot: a keystroke that changes the rows in view rewrites their cells'
              // text and attributes in place instead of removing ~14 rows and building new ones (no cell keeps
              // state of its own: cells are plain calls, snapshot-cells.tsx). A snapshot that stays at its place
              // gets the same elements for the cells the search does not mark, which React skips.
              <tr
                key={start + offset}
                data-row={start + offset}
                tabIndex={roving.tabbable(start + offset, start, end) ? 0 : -1}
                aria-rowindex={start + offset + 2}
                style={ROW_STYLE}
                className="border-t border-line-soft hover:bg-slate-50 focus:bg-blue-50 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-blue-600 dark:hover:bg-slate-800/60 dark:focus:bg-slate-800"
              >
                {columns.map((column) => cell(column.key, row, start + offset, context))}
              </tr>
            ))}
            {bottom > 0 && <tr aria-hidden="true" style={{ height: bottom }} />}
          </tbody>
        </table>
      </div>
    </div>
  );
}
