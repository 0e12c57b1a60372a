/**
 * The running bulk queue as the jobs tray sees it (issue 13 item 4): the tray (src/features/copy) may not import
 * the bulk feature, so the bulk copy (src/features/bulk) publishes its counts here, with what the tray's
 * *Retry failed* calls. Counts only: no request, no token, nothing stored.
 */
import type { QueueState } from './bulk-queue';

export interface BulkStatus {
  account: string;
  state: QueueState;
  /** Not sent yet, and sent but not confirmed. */
  queued: number;
  created: number;
  /** Refused by the API (with a reason), and cancelled before they were sent. */
  failed: number;
  notSent: number;
  /** When the batch started, and when its creations were confirmed (ms): the tray's ETA paces the rest on them. */
  startedAt: number;
  createdAt: readonly number[];
  /** Puts the failed and not-sent items back in the queue, with their own ClientTokens. */
  retryFailed: () => void;
}

let status: BulkStatus | undefined;
const listeners = new Set<() => void>();

export const bulkStatus = {
  get: (): BulkStatus | undefined => status,
  set(next: BulkStatus | undefined) {
    status = next;
    listeners.forEach((listener) => listener());
  },
  subscribe(listener: () => void) {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  },
};
