/** The table's Columns menu (loaded when first opened): show or hide columns, set their widths, reset. */
import { useEffect, useRef, useState } from 'react';
import { COLUMNS, DEFAULT_PREFS, MAX_WIDTH, resizeColumn, toggleColumn, type ColumnPrefs } from './columns';

export default function ColumnPrefsMenu({ prefs, onChange, onClose }: { prefs: ColumnPrefs; onChange: (prefs: ColumnPrefs) => void; onClose: () => void }) {
  const panel = useRef<HTMLDivElement>(null);
  const [resets, setResets] = useState(0);
  const close = useRef(onClose);
  useEffect(() => {
    close.current = onClose;
  });
  useEffect(() => {
    // focus moves in (the first control that can take it) and back to the opener when the menu closes
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    panel.current?.querySelector<HTMLElement>('input:not(:disabled)')?.focus();
    const onDown = (event: MouseEvent) => {
      if (panel.current && !panel.current.contains(event.target as Node) && !opener?.contains(event.target as Node)) close.current();
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') close.current();
    };
    document.addEventListener('mousedown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('keydown', onKey);
      opener?.focus();
    };
  }, []);
  return (
    <div
      ref={panel}
      role="dialog"
      aria-label="Columns"
      className="absolute top-full right-0 z-30 mt-1 w-72 rounded-md border border-control bg-surface p-3 text-sm shadow-lg"
    >
      <table key={resets} className="w-full">
        <thead>
          <tr>
            <th scope="col" className="text-left font-semibold">Column</th>
            <th scope="col" className="text-right font-semibold">Width (px)</th>
          </tr>
        </thead>
        <tbody>
          {COLUMNS.filter((column) => column.key !== 'actions').map((column) => (
            <tr key={column.key}>
              <td className="py-0.5">
                <label className="inline-flex items-center gap-2">
                  <input type="checkbox" checked={!prefs.hidden.includes(column.key)} disabled={column.fixed} onChange={() => onChange(toggleColumn(prefs, column.key))} />
                  {column.label}
                </label>
              </td>
              <td className="py-0.5 text-right">
                <input
                  type="number"
                  aria-label={`Width of ${column.label}`}
                  min={column.minWidth}
                  max={MAX_WIDTH}
                  step={10}
                  placeholder="auto"
                  defaultValue={prefs.widths[column.key] ?? column.width ?? ''}
                  onChange={(event) => {
                    // applied once in range, so typing "200" does not jump to the minimum at "2"
                    const width = event.target.valueAsNumber;
                    if (width >= column.minWidth && width <= MAX_WIDTH) onChange(resizeColumn(prefs, column.key, width));
                  }}
                  className="w-20 rounded border border-control bg-surface px-1 text-right"
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="mt-2 flex justify-between">
        <button type="button" onClick={() => {
            setResets((n) => n + 1);
            onChange(DEFAULT_PREFS);
          }} className="rounded px-2 py-1 text-link hover:bg-blue-50 dark:hover:bg-slate-800">
          Reset
        </button>
        <button type="button" onClick={onClose} className="rounded px-2 py-1 hover:bg-hover">
          Close
        </button>
      </div>
    </div>
  );
}
