/**
 * What the table (snapshot-table-body.tsx) and the phone's cards (snapshot-cards.tsx) share: the keys (Enter
 * on a row opens the snapshot, `c` opens the copy dialog for it (Retry for a failed copy), `a` or Shift+F10
 * its actions menu, Delete the delete confirmation, Space selects it (Shift+Space, Shift+↑↓ extend); page-wide, `/`
 * focuses the search, ↓ from the search enters the list, `?` lists the shortcuts) and the copy-ID feedback.
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { openCopyDialog } from '../../lib/copy-url';
import { openAction } from '../../lib/action-url';
import { navigate, snapshotHref } from '../../lib/router';
import type { Row } from './rows';
import { rowCopy } from './snapshot-cells';
import { selectionStore } from '../../lib/selection-store';

/** A checkbox click or Space on row `index`: toggles it; with Shift, the range from the anchor takes its new state. */
export function selectRow(rows: readonly Row[], index: number, shift: boolean) {
  const row = rows[index];
  if (!row) return;
  if (shift && selectionStore.anchor() !== undefined) selectionStore.extend(rows, index, !selectionStore.has(row.snapshot.SnapshotId));
  else selectionStore.toggle(row);
}

/** Shift+↓ / Shift+↑ on a row: selects it and the next (previous) one, extending from the anchor. */
export function shiftArrow(rows: readonly Row[], event: KeyboardEvent<HTMLElement>) {
  if (!event.shiftKey || (event.key !== 'ArrowDown' && event.key !== 'ArrowUp')) return;
  const at = (event.target as HTMLElement).closest<HTMLElement>('[data-row]');
  if (!at) return;
  const index = Number(at.dataset.row);
  const to = Math.max(0, Math.min(rows.length - 1, index + (event.key === 'ArrowDown' ? 1 : -1)));
  if (selectionStore.anchor() === undefined && rows[index]) selectionStore.toggle(rows[index], true);
  selectionStore.extend(rows, to, true);
}

/** What a key on row `index` does (for useRovingRows' onKey). */
export function rowKeys(rows: readonly Row[]) {
  return (index: number, event: KeyboardEvent<HTMLElement>) => {
    const s = rows[index]?.snapshot;
    if (!s) return;
    if (event.key === ' ' && (event.target as HTMLElement).dataset.row !== undefined) {
      // Space toggles the row's checkbox; Shift+Space extends from the anchor.
      event.preventDefault();
      selectRow(rows, index, event.shiftKey);
    } else if (event.key === 'Enter' && (event.target as HTMLElement).dataset.row !== undefined) {
      event.preventDefault();
      navigate(snapshotHref(s.SnapshotId));
    } else if ((event.key === 'a' && !event.shiftKey) || (event.key === 'F10' && event.shiftKey)) {
      // The row's actions menu (snapshot-cells.tsx RowAction), focus on its first item.
      const menu = (event.target as HTMLElement).closest('[data-row]')?.querySelector<HTMLElement>('[aria-haspopup="menu"]');
      if (menu) {
        event.preventDefault();
        menu.click();
      }
    } else if (event.key === 'Delete' && s.State !== 'deleting') {
      event.preventDefault();
      openAction('delete', s.SnapshotId);
    } else if (event.key === 'c' && !event.shiftKey) {
      const copy = rowCopy(s);
      if (copy) {
        event.preventDefault();
        openCopyDialog(copy.source, copy.retryOf);
      }
    }
  };
}

/** Page-wide keys while the list is shown: `/` to the search, ↓ from the search into the list, `?` for help. */
export function usePageKeys(focusList: () => void, openHelp: () => void) {
  const actions = useRef({ focusList, openHelp });
  useEffect(() => {
    actions.current = { focusList, openHelp };
  });
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
      const target = event.target as HTMLElement;
      if (target instanceof HTMLInputElement && target.type === 'search' && event.key === 'ArrowDown') {
        event.preventDefault();
        actions.current.focusList();
        return;
      }
      if (target.closest('input, textarea, select, [contenteditable="true"], [role="dialog"], dialog')) return;
      if (event.key === '/') {
        const search = document.querySelector<HTMLInputElement>('input[type="search"]');
        if (search) {
          event.preventDefault();
          search.focus();
          search.select();
        }
      } else if (event.key === '?') {
        event.preventDefault();
        actions.current.openHelp();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
}

/** The one ID just copied to the clipboard (its button says "Copied" for a moment): one state for the list. */
export function useCopiedId(): [string | undefined, (id: string | undefined) => void] {
  const [copiedId, setCopiedId] = useState<string>();
  useEffect(() => {
    if (!copiedId) return;
    const timer = setTimeout(() => setCopiedId(undefined), 1500);
    return () => clearTimeout(timer);
  }, [copiedId]);
  return [copiedId, setCopiedId];
}

/**
 * Marks `snapshots:rows-painted` when the rows (table or cards) are on screen: the task after the next frame, after
 * each change of `painted`. `npm run bench` times the first rows by it, and app.tsx loads the copy activity after it.
 */
export function useRowsPaintedMark(painted: unknown): void {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => performance.mark('snapshots:rows-painted'), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [painted]);
}
