/** The bulk queue's types (src/lib/bulk-queue.ts): its items, their statuses, its view, clock and storage. */
export interface BulkItem<R = unknown> {
  kind: string;
  /** What the per-source limit counts: the source snapshot or volume ID. */
  source: string;
  /** Made at review time; also the item's key. */
  clientToken: string;
  request: R;
}
export interface SendResult {
  snapshotId?: string;
}
export type ItemStatus = 'queued' | 'sending' | 'created' | 'failed' | 'not-sent';
export interface ItemView<R = unknown> extends Omit<BulkItem<R>, 'request'> {
  /**
   * What to send. Kept in memory only: an item restored after a reload has none until the operator gives it again
   * (`supply`); until then it is never sent.
   */
  request?: R;
  status: ItemStatus;
  attempts: number;
  snapshotId?: string;
  /** When its creation was confirmed (ms), or OUTSCALE's CreationDate after a reload: the per-source window counts it. */
  createdAt?: number;
  error?: { status: number; code: string; reason: string };
  /** While throttled: not before this time (ms). */
  retryAt?: number;
}
export type QueueState = 'running' | 'paused' | 'cancelled' | 'done';
export interface QueueSnapshot<R = unknown> {
  state: QueueState;
  items: readonly ItemView<R>[];
  counts: Record<ItemStatus, number>;
  /** The K in use now (AIMD), and the configured K. */
  limit: number;
  maxInFlight: number;
  throttled: number;
  /** Built from storage (a reload interrupted it) and not resumed since. */
  restored: boolean;
  /** Queued items without their request (restored, or failed ones retried after a reload): `supply` gives it. */
  awaiting: number;
}
/** One item as storage keeps it: IDs, the token, the status and an error code. No request, no time, no text. */
export interface StoredItem {
  /** kind */
  k: string;
  /** source snapshot (or volume) ID */
  s: string;
  /** ClientToken */
  t: string;
  st: ItemStatus;
  /** the created snapshot's ID */
  id?: string;
  /** OUTSCALE's error code */
  e?: string;
}
/** What a reload's check found for a token: the snapshot it made, and when (CreationDate, ms). */
export interface FoundByToken {
  clientToken: string;
  snapshotId: string;
  createdAt?: number;
}
export interface BulkReport {
  created: { clientToken: string; source: string; snapshotId?: string }[];
  failed: { clientToken: string; source: string; code: string; reason: string }[];
  notSent: { clientToken: string; source: string }[];
}
export interface QueueClock {
  now(): number;
  /** Calls `fn` after `ms`; returns a cancel function. */
  after(ms: number, fn: () => void): () => void;
}
export interface QueueStorage {
  load(): string | null;
  save(value: string | null): void;
}
export interface BulkQueueOptions<R> {
  send: (item: BulkItem<R>) => Promise<SendResult>;
  items?: BulkItem<R>[];
  maxInFlight?: number;
  perSource?: { max: number; windowMs: number };
  clock?: QueueClock;
  storage?: QueueStorage;
  /** Retry-After missing: wait this long (ms) before the first retry, doubling up to a minute. */
  backoffMs?: number;
}
