import { useEffect, useRef, useState } from 'react';
import { count } from '../../lib/count';
import { loadPrefs } from './columns';
import type { Row } from './rows';

const ITEM = 'block w-full rounded px-3 py-2 text-left text-sm hover:bg-hover focus-visible:outline-2 focus-visible:outline-blue-600 disabled:cursor-not-allowed disabled:text-slate-500 dark:disabled:text-slate-400';

/**
 * "Export": the rows the list shows (filters and search applied) as CSV with the visible columns, or as JSON
 * (the raw OUTSCALE objects). The file's code loads on first use. While the list is still streaming in, the
 * export waits, and says why: a file of the first pages would look complete and not be.
 */
export default function ExportButton({ rows, partial, accountId }: { rows: Row[]; partial: boolean; accountId: string }) {
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState('');
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (event: Event) => {
      if (event instanceof KeyboardEvent) {
        if (event.key !== 'Escape') return;
        event.preventDefault();
        button.current?.focus();
      } else if (panel.current?.contains(event.target as Node) || button.current?.contains(event.target as Node)) return;
      setOpen(false);
    };
    document.addEventListener('keydown', close);
    document.addEventListener('pointerdown', close);
    return () => {
      document.removeEventListener('keydown', close);
      document.removeEventListener('pointerdown', close);
    };
  }, [open]);
  const shown = count(rows.length);
  const run = async (kind: 'csv' | 'json') => {
    const file = await import('./export-view');
    const text = kind === 'csv' ? file.toCsv(rows, loadPrefs().hidden) : file.toJson(rows);
    const name = file.exportFileName(accountId, new Date(), kind);
    file.download(text, name, kind === 'csv' ? 'text/csv;charset=utf-8' : 'application/json');
    setDone(`Exported ${shown} snapshots to ${name}.`);
    setOpen(false);
    button.current?.focus();
  };
  return (
    <div className="relative">
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls="export-panel"
        onClick={() => setOpen((value) => !value)}
        className="rounded-md px-2 py-1 text-sm text-slate-700 hover:bg-hover focus-visible:outline-2 focus-visible:outline-blue-600 dark:text-slate-200"
      >
        Export <span aria-hidden="true">▾</span>
      </button>
      <span role="status" className="sr-only">
        {done}
      </span>
      {open && (
        <div ref={panel} id="export-panel" role="group" aria-label="Export the view" className="absolute right-0 z-30 mt-1 w-72 rounded-md border border-line bg-surface p-1 shadow-lg">
          {partial && (
            <p id="export-wait" className="px-3 py-2 text-xs text-soft">
              The list is still loading: export when every snapshot has arrived.
            </p>
          )}
          <button type="button" className={ITEM} disabled={partial} aria-describedby={partial ? 'export-wait' : undefined} onClick={() => void run('csv')}>
            CSV: {shown} rows, the visible columns
          </button>
          <button type="button" className={ITEM} disabled={partial} aria-describedby={partial ? 'export-wait' : undefined} onClick={() => void run('json')}>
            JSON: {shown} OUTSCALE Snapshot objects
          </button>
        </div>
      )}
    </div>
  );
}
