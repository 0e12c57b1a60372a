/** The bulk dialogs' frame: a native modal <dialog> (Escape closes it), a heading, the body and its buttons. */
import { useEffect, useRef, type ReactNode } from 'react';

export function BulkModal({ title, onClose, children, footer }: { title: string; onClose: () => void; children: ReactNode; footer: ReactNode }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    if (!dialog.current?.open) dialog.current?.showModal();
    dialog.current?.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    return () => opener?.focus?.();
  }, []);
  return (
    <dialog
      ref={dialog}
      aria-labelledby="bulk-heading"
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      className="m-auto w-[44rem] max-w-[calc(100vw-1rem)] rounded-lg bg-surface p-0 text-ink shadow-xl backdrop:bg-black/50"
    >
      <div className="max-h-[90vh] space-y-4 overflow-auto p-5">
        <h2 id="bulk-heading" className="text-heading">
          {title}
        </h2>
        {children}
        <div className="flex flex-wrap justify-end gap-2">{footer}</div>
      </div>
    </dialog>
  );
}

export const LIST = 'max-h-60 overflow-auto rounded-md border border-line text-sm';

/** One line of a per-item report. */
export function ReportLine({ id, ok, text }: { id: string; ok: boolean; text: string }) {
  return (
    <li className="flex gap-2 border-t border-line-soft px-2 py-1 first:border-t-0">
      <span className="font-mono">{id}</span>
      <span className={ok ? 'text-green-800 dark:text-green-300' : 'text-red-700 dark:text-red-300'}>{text}</span>
    </li>
  );
}
