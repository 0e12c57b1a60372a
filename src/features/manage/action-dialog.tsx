/**
 * The frame every operator action's dialog shares: a native modal <dialog> (Escape and Cancel close it, through
 * the URL), a heading, the Form / Command toggle, focus on the control marked `data-autofocus` when it opens,
 * and focus given back to what opened it when it closes.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { apiEndpoint } from '../../api/regions';
import { ViewToggle } from '../../components/ui/view-toggle';
import { captureOpener, restoreFocus } from '../../components/ui/focus-return';
import { closeAction } from '../../lib/action-url';
import type { Connection } from '../../lib/connection';

import type { DialogView as View } from '../../components/ui/view-toggle';

export type { View };

/** Where the commands send their calls, and with which profile: the real API, even when a profile signs here. */
export function commandTarget(connection: Connection) {
  return {
    region: connection.region,
    endpoint: connection.kind === 'profile' ? apiEndpoint(connection.region) : connection.client.endpoint,
    ...(connection.profile ? { profile: connection.profile } : {}),
  };
}

export function ActionDialog({ title, view, onView, children, footer }: { title: string; view?: View; onView?: (view: View) => void; children: ReactNode; footer: ReactNode }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [opener] = useState(() => captureOpener());
  useEffect(() => {
    if (!dialog.current?.open) dialog.current?.showModal();
    // The control marked data-autofocus takes focus (React's autoFocus runs before showModal moves focus).
    dialog.current?.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    return () => {
      restoreFocus(opener);
    };
  }, []); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <dialog
      ref={dialog}
      aria-labelledby="action-heading"
      onCancel={(event) => {
        event.preventDefault();
        closeAction();
      }}
      className="m-auto w-[40rem] max-w-[calc(100vw-1rem)] rounded-lg bg-surface p-0 text-ink shadow-xl backdrop:bg-black/50"
    >
      <div className="max-h-[90vh] space-y-4 overflow-auto p-5">
        <div className="flex items-center gap-2">
          <h2 id="action-heading" className="text-heading">
            {title}
          </h2>
          {view && onView && (
            <ViewToggle view={view} onView={onView} />
          )}
        </div>
        {children}
        <div className="flex flex-wrap items-center justify-end gap-2 border-t border-line pt-3">{footer}</div>
      </div>
    </dialog>
  );
}

/** A DryRun's answer, announced when it comes. */
export function DryRunPassed({ requestId, what }: { requestId: string | null; what: string }) {
  return (
    <div aria-live="polite">
      {requestId && (
        <p role="status" className="rounded-md bg-green-50 p-2 text-sm text-green-900 dark:bg-green-950 dark:text-green-100">
          Permission check passed: OUTSCALE would {what} (DryRun, nothing changed; RequestId {requestId}).
        </p>
      )}
    </div>
  );
}

export const WARNING_BOX = 'rounded-md border border-amber-400 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-600 dark:bg-amber-950 dark:text-amber-100';
export const INFO_BOX = 'rounded-md border border-blue-300 bg-blue-50 p-3 text-sm text-blue-950 dark:border-blue-700 dark:bg-blue-950 dark:text-blue-100';
