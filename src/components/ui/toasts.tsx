/**
 * Short success and info messages (never errors: those are alerts where they happened). They stack in the
 * bottom-left dock, away from the header's buttons and the rows' actions; messages of one group merge
 * ("3 copies started"); from the second message on, only the newest shows under "N more". Each can be
 * dismissed; they go by themselves after a while, but never while the pointer or focus is on them. A message
 * may take focus (the new copy's link); when it goes, focus returns to the control that led to it.
 */
import { useEffect, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import { restoreFocus, type FocusTarget } from './focus-return';
import { pushEntry, visibleEntries, type StackEntry } from './toast-stack';

export interface ToastOptions {
  ttlMs?: number;
  /** Messages of one group merge into one entry; `summary(count)` words it. */
  group?: string;
  summary?: (count: number) => ReactNode;
  /** Move focus to the message's first link or button when it shows. */
  focus?: boolean;
  /** Where focus goes when the message goes while it has focus. */
  returnFocus?: FocusTarget | null;
}

interface Toast extends StackEntry<ReactNode> {
  tone: 'info' | 'success';
  focus: boolean;
  returnFocus: FocusTarget | null;
}

export const TOAST_TTL_MS = 10_000;
let toasts: Toast[] = [];
let next = 1;
let held = false;
const due = new Set<number>();
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((listener) => listener());

const elementOf = (id: number) => document.querySelector(`[data-toast="${id}"]`);
const hasFocus = (id: number) => Boolean(elementOf(id)?.contains(document.activeElement));

export function dismissToast(id: number) {
  const toast = toasts.find((t) => t.id === id);
  if (!toast) return;
  const focused = hasFocus(id);
  toasts = toasts.filter((t) => t !== toast);
  due.delete(id);
  emit();
  if (focused) restoreFocus(toast.returnFocus);
}

export function showToast(tone: Toast['tone'], message: ReactNode, options: ToastOptions = {}): number {
  const id = next++;
  const merged = options.group === undefined ? undefined : toasts.find((t) => t.group === options.group);
  const stack = pushEntry(toasts, id, message, options.group, options.summary);
  toasts = stack.map((entry) =>
    entry.id === id
      ? {
          ...entry,
          tone,
          // A merged message keeps the focus its predecessor had.
          focus: Boolean(options.focus) || (merged !== undefined && hasFocus(merged.id)),
          returnFocus: options.returnFocus ?? merged?.returnFocus ?? null,
        }
      : (entry as Toast),
  );
  emit();
  setTimeout(() => {
    if (held || hasFocus(id)) due.add(id);
    else dismissToast(id);
  }, options.ttlMs ?? TOAST_TTL_MS);
  return id;
}

/** While the pointer or focus is on the stack, nothing goes by itself; what was due goes after. */
function hold(on: boolean) {
  held = on;
  if (!on) for (const id of [...due]) if (!hasFocus(id)) dismissToast(id);
}

const TONES = {
  info: 'border-slate-400 bg-field dark:border-slate-500',
  success: 'border-green-700 bg-green-50 dark:border-green-500 dark:bg-green-950',
};

function ToastItem({ toast, clamped }: { toast: Toast; clamped: boolean }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (toast.focus) ref.current?.querySelector<HTMLElement>('a[href], button')?.focus();
  }, [toast.focus]);
  return (
    <div
      ref={ref}
      data-toast={toast.id}
      role="status"
      onKeyDown={(event) => {
        if (event.key === 'Escape') dismissToast(toast.id);
      }}
      // On a phone (below md) compact, at most two lines while the stack is folded: with the collapsed tray the
      // dock stays under a tenth of the screen (e2e/phone.spec.ts).
      className={`pointer-events-auto flex min-w-0 items-start gap-2 rounded-md border-l-4 p-3 text-sm shadow-md max-md:flex-1 max-md:px-2 max-md:py-1.5 max-md:text-xs ${TONES[toast.tone]}`}
    >
      <div className={`min-w-0 flex-1 ${clamped ? 'max-md:line-clamp-2' : ''}`}>{toast.message}</div>
      <button type="button" aria-label="Dismiss notification" onClick={() => dismissToast(toast.id)} className="rounded px-1 hover:bg-slate-200 focus-visible:outline-2 focus-visible:outline-blue-600 dark:hover:bg-slate-700">
        ×
      </button>
    </div>
  );
}

export function Toaster() {
  const list = useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => toasts,
  );
  const [expanded, setExpanded] = useState(false);
  // The message that has focus stays in view, whatever arrives after it.
  const [pinned, setPinned] = useState<number | null>(null);
  const { shown, folded } = visibleEntries(list, expanded, pinned);
  return (
    <div
      aria-live="polite"
      aria-label="Notifications"
      role="region"
      // On a phone the folded stack is one row: "+N" beside the newest message.
      className={`flex gap-2 ${expanded ? 'flex-col' : 'flex-col max-md:flex-row max-md:gap-1'}`}
      onMouseEnter={() => hold(true)}
      onMouseLeave={() => hold(false)}
      onFocus={(event) => {
        hold(true);
        setPinned(Number(event.target.closest('[data-toast]')?.getAttribute('data-toast')) || null);
      }}
      onBlur={(event) => {
        if (event.currentTarget.contains(event.relatedTarget)) return;
        hold(false);
        setPinned(null);
      }}
    >
      {(folded > 0 || (expanded && list.length > 1)) && (
        <button
          type="button"
          aria-expanded={expanded}
          onClick={() => setExpanded(!expanded)}
          className="pointer-events-auto shrink-0 self-start rounded-md border border-control bg-field px-2 py-1 text-xs font-medium shadow-sm hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-blue-600 max-md:self-stretch dark:hover:bg-slate-700"
        >
          {expanded ? (
            'Show only the newest notification'
          ) : (
            <>
              <span aria-hidden="true" className="md:hidden">
                +{folded}
              </span>
              <span className="max-md:sr-only">{`${folded} more notification${folded > 1 ? 's' : ''}`}</span>
            </>
          )}
        </button>
      )}
      {shown.map((toast) => (
        <ToastItem key={toast.id} toast={toast as Toast} clamped={!expanded} />
      ))}
    </div>
  );
}
