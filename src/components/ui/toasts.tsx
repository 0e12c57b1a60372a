/** Short messages that announce themselves (aria-live) and go away after a while, or when dismissed. */
import { useSyncExternalStore, type ReactNode } from 'react';

export interface Toast {
  id: number;
  tone: 'info' | 'success' | 'error';
  message: ReactNode;
}

let toasts: Toast[] = [];
let next = 1;
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((listener) => listener());

export function dismissToast(id: number) {
  toasts = toasts.filter((toast) => toast.id !== id);
  emit();
}

export function showToast(tone: Toast['tone'], message: ReactNode, ttlMs = 10_000): number {
  const id = next++;
  toasts = [...toasts.slice(-4), { id, tone, message }];
  emit();
  setTimeout(() => dismissToast(id), ttlMs);
  return id;
}

const TONES = {
  info: 'border-slate-300 bg-white dark:border-slate-600 dark:bg-slate-800',
  success: 'border-green-600 bg-green-50 dark:border-green-500 dark:bg-green-950',
  error: 'border-red-600 bg-red-50 dark:border-red-500 dark:bg-red-950',
};

export function Toaster() {
  const list = useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => toasts,
  );
  return (
    <div aria-live="polite" aria-label="Notifications" role="region" className="fixed top-3 right-3 z-50 flex w-80 flex-col gap-2">
      {list.map((toast) => (
        <div key={toast.id} role={toast.tone === 'error' ? 'alert' : 'status'} className={`rounded-md border-l-4 p-3 text-sm shadow ${TONES[toast.tone]}`}>
          <div className="flex items-start gap-2">
            <div className="flex-1">{toast.message}</div>
            <button type="button" aria-label="Dismiss notification" onClick={() => dismissToast(toast.id)} className="rounded px-1 hover:bg-slate-200 dark:hover:bg-slate-700">
              ×
            </button>
          </div>
        </div>
      ))}
    </div>
  );
}
