/**
 * The bulk queue: sends many creations (copies, …) through an injected `send`, each with the ClientToken given at
 * review time, and stays under OUTSCALE's limits. No React here: the bulk UI subscribes (useSyncExternalStore).
 * - At most K in flight (default 3: OUTSCALE's own JS SDK sends at most 3 at once and 5 a second). AIMD on K: a
 *   throttled answer halves it (never below 1), each success adds 1/K back up to K.
 * - Per source pacing: at most 5 creations per source (or volume) per 60 s, the sandbox's and OUTSCALE's
 *   per-volume throttle, counted from each answer; a source that still gets a 429 waits its Retry-After alone
 *   (and its limit drops to what it was allowed in that window) while the other sources go on.
 * - A 503, a 429 code 24 (per account) or one without a source: everybody waits its Retry-After.
 * - Throttled items are retried until sent or cancelled; network errors and 5xx up to 5 times (the same
 *   ClientToken makes a resend safe); other errors fail the item with OUTSCALE's code and reason.
 * - Persistence (storage adapter; sessionStorage in the app): each item's kind, source ID, ClientToken and
 *   result; the request only while the item is unconfirmed (a resend must repeat it exactly, or OUTSCALE refuses
 *   the token). Nothing once all is settled. A restored queue starts paused; resuming resends unconfirmed items
 *   with their own tokens, so OUTSCALE answers with the snapshot already made: no duplicate.
 */
import { isOscApiError } from '../api/errors';
import type { BulkItem, SendResult, ItemStatus, ItemView, QueueState, QueueSnapshot, BulkReport, QueueClock, QueueStorage, BulkQueueOptions } from './bulk-queue-types';
export type { BulkItem, SendResult, ItemStatus, ItemView, QueueState, QueueSnapshot, BulkReport, QueueClock, QueueStorage, BulkQueueOptions } from './bulk-queue-types';

export const DEFAULT_MAX_IN_FLIGHT = 3;
export const DEFAULT_PER_SOURCE = { max: 5, windowMs: 60_000 } as const;
const MAX_TRANSIENT_ATTEMPTS = 5;
const STORE_VERSION = 1;
const systemClock: QueueClock = { now: () => Date.now(), after: (ms, fn) => clearTimeout.bind(null, setTimeout(fn, ms)) };

type Stored<R> = { k: string; s: string; t: string; st: ItemStatus; id?: string; at?: number; e?: ItemView['error']; r?: R };

/** The app's storage: this tab's sessionStorage under `key` (one key per account and batch). */
export function sessionStorageAdapter(key: string): QueueStorage {
  return {
    load: () => sessionStorage.getItem(key),
    save: (value) => (value === null ? sessionStorage.removeItem(key) : sessionStorage.setItem(key, value)),
  };
}

function restore<R>(text: string | null): ItemView<R>[] {
  try {
    const parsed = JSON.parse(text ?? 'null') as { v?: number; items?: Stored<R>[] } | null;
    if (parsed?.v !== STORE_VERSION || !Array.isArray(parsed.items)) return [];
    return parsed.items
      .filter((x) => typeof x.k === 'string' && typeof x.s === 'string' && typeof x.t === 'string' && (x.st !== 'queued' || 'r' in x))
      // Sent but unconfirmed when the page went away: the resend with the same token says what became of it.
      .map((x) => ({ kind: x.k, source: x.s, clientToken: x.t, request: x.r as R, status: x.st === 'sending' ? 'queued' : x.st, attempts: 0, ...(x.id ? { snapshotId: x.id } : {}), ...(typeof x.at === 'number' ? { createdAt: x.at } : {}), ...(x.e ? { error: x.e } : {}) }));
  } catch {
    return [];
  }
}

export function createBulkQueue<R>(options: BulkQueueOptions<R>) {
  const clock = options.clock ?? systemClock;
  const maxInFlight = Math.max(1, Math.floor(options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT));
  const perSource = options.perSource ?? DEFAULT_PER_SOURCE;
  const backoffMs = options.backoffMs ?? 2000;
  let items: ItemView<R>[] = options.items
    ? options.items.map((item) => ({ ...item, status: 'queued', attempts: 0 }))
    : restore<R>(options.storage?.load() ?? null);
  let state: QueueState = options.items ? 'running' : 'paused';
  let restored = !options.items;
  let limit = maxInFlight;
  let throttled = 0;
  let globalRetryAt = 0;
  let sending = 0;
  let disposed = false;
  let cancelTimer: (() => void) | undefined;
  const sources = new Map<string, { created: number[]; inFlight: number; max: number; retryAt: number }>();
  const listeners = new Set<() => void>();
  let view: QueueSnapshot<R> | undefined;

  const sourceOf = (id: string) => {
    let s = sources.get(id);
    if (!s) sources.set(id, (s = { created: [], inFlight: 0, max: perSource.max, retryAt: 0 }));
    return s;
  };
  // Creations confirmed before a reload still count in their source's window.
  for (const item of items) if (item.createdAt !== undefined) sourceOf(item.source).created.push(item.createdAt);
  const count = (status: ItemStatus) => items.filter((i) => i.status === status).length;

  function save() {
    if (!options.storage || disposed) return;
    const open = items.some((i) => i.status === 'queued' || i.status === 'sending');
    const stored: Stored<R>[] = items.map((i) => ({
      k: i.kind, s: i.source, t: i.clientToken, st: i.status,
      ...(i.snapshotId ? { id: i.snapshotId } : {}), ...(i.createdAt !== undefined ? { at: i.createdAt } : {}), ...(i.error ? { e: i.error } : {}),
      ...(i.status === 'queued' || i.status === 'sending' ? { r: i.request } : {}),
    }));
    options.storage.save(open ? JSON.stringify({ v: STORE_VERSION, items: stored }) : null);
  }

  function changed() {
    view = undefined;
    save();
    listeners.forEach((l) => l());
  }

  function update(token: string, patch: Partial<ItemView<R>>) {
    items = items.map((i) => (i.clientToken === token ? { ...i, ...patch } : i));
  }

  /** When `source` may take another creation (0: now). */
  function sourceFreeAt(id: string, now: number): number {
    const s = sourceOf(id);
    s.created = s.created.filter((at) => at > now - perSource.windowMs).sort((a, b) => a - b);
    const windowFull = s.created.length + s.inFlight >= s.max;
    const fullUntil = windowFull && s.created.length ? s.created[0]! + perSource.windowMs : windowFull ? Infinity : 0;
    return Math.max(s.retryAt, fullUntil);
  }

  function pump() {
    if (disposed) return;
    cancelTimer?.();
    cancelTimer = undefined;
    if (state !== 'running') return;
    if (!items.some((i) => i.status === 'queued' || i.status === 'sending')) {
      state = 'done';
      return changed();
    }
    const now = clock.now();
    let wakeAt = Infinity;
    if (globalRetryAt > now) wakeAt = globalRetryAt;
    else {
      for (const item of items) {
        if (sending >= Math.floor(limit)) break;
        if (item.status !== 'queued') continue;
        const at = Math.max(item.retryAt ?? 0, sourceFreeAt(item.source, now));
        if (at > now) {
          wakeAt = Math.min(wakeAt, at);
          continue;
        }
        start(item);
      }
    }
    if (wakeAt < Infinity) cancelTimer = clock.after(Math.max(1, wakeAt - now), pump);
  }

  function start(item: ItemView<R>) {
    const attempts = item.attempts + 1;
    sending++;
    sourceOf(item.source).inFlight++;
    update(item.clientToken, { status: 'sending', attempts, retryAt: undefined });
    changed();
    const { kind, source, clientToken, request } = item;
    options.send({ kind, source, clientToken, request }).then(
      (result) => settle(clientToken, source, attempts, result, undefined),
      (error: unknown) => settle(clientToken, source, attempts, undefined, error),
    );
  }

  function settle(token: string, source: string, attempts: number, result: SendResult | undefined, error: unknown) {
    if (disposed) return;
    const now = clock.now();
    const s = sourceOf(source);
    sending--;
    s.inFlight--;
    if (result) {
      s.created.push(now);
      limit = Math.min(maxInFlight, limit + 1 / limit);
      update(token, { status: 'created', ...(result.snapshotId ? { snapshotId: result.snapshotId } : {}), createdAt: now, error: undefined });
    } else if (isOscApiError(error) && (error.status === 429 || error.status === 503)) {
      throttled++;
      limit = Math.max(1, limit / 2);
      const waitMs = error.retryAfterSeconds !== undefined ? error.retryAfterSeconds * 1000 : Math.min(60_000, backoffMs * 2 ** (attempts - 1));
      if (error.status === 429 && error.code !== '24') {
        s.retryAt = now + waitMs;
        s.max = Math.max(1, Math.min(s.max, s.created.filter((at) => at > now - perSource.windowMs).length));
      } else globalRetryAt = Math.max(globalRetryAt, now + waitMs);
      update(token, { status: state === 'cancelled' ? 'not-sent' : 'queued', retryAt: now + waitMs });
    } else if (isOscApiError(error) && (error.status === 0 || error.status >= 500) && attempts < MAX_TRANSIENT_ATTEMPTS) {
      update(token, { status: state === 'cancelled' ? 'not-sent' : 'queued', retryAt: now + Math.min(60_000, backoffMs * 2 ** (attempts - 1)) });
    } else {
      const e = isOscApiError(error)
        ? { status: error.status, code: error.code || error.type, reason: error.details || error.message }
        : { status: 0, code: 'Error', reason: error instanceof Error ? error.message : String(error) };
      update(token, { status: 'failed', error: e });
    }
    changed();
    pump();
  }

  return {
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    getSnapshot(): QueueSnapshot<R> {
      view ??= {
        state,
        items,
        counts: { queued: count('queued'), sending: count('sending'), created: count('created'), failed: count('failed'), 'not-sent': count('not-sent') },
        limit: Math.floor(limit),
        maxInFlight,
        throttled,
        restored,
      };
      return view;
    },
    /** Stops starting new sends; those in flight still finish and are recorded. */
    pause() {
      if (state !== 'running') return;
      state = 'paused';
      cancelTimer?.();
      changed();
    },
    resume() {
      if (state !== 'paused') return;
      state = 'running';
      restored = false;
      changed();
      pump();
    },
    /** Sends nothing more: queued items become not sent; those in flight are recorded as they answer. */
    cancel() {
      if (state === 'cancelled' || state === 'done') return;
      state = 'cancelled';
      cancelTimer?.();
      items = items.map((i) => (i.status === 'queued' ? { ...i, status: 'not-sent' } : i));
      changed();
    },
    /** More items for this queue (a second review while it runs): queued behind the others; a token already here is ignored. */
    add(more: BulkItem<R>[]) {
      const known = new Set(items.map((i) => i.clientToken));
      const fresh = more.filter((i) => !known.has(i.clientToken)).map((i): ItemView<R> => ({ ...i, status: 'queued', attempts: 0 }));
      if (fresh.length === 0) return;
      items = [...items, ...fresh];
      if (state === 'done' || state === 'cancelled') state = 'running';
      changed();
      pump();
    },
    /** Failed (and not sent) items go back in the queue with their own tokens. */
    retryFailed() {
      items = items.map((i) => (i.status === 'failed' || i.status === 'not-sent' ? { ...i, status: 'queued', attempts: 0, error: undefined } : i));
      if (state === 'done' || state === 'cancelled') state = 'running';
      changed();
      pump();
    },
    report(): BulkReport {
      return {
        created: items.filter((i) => i.status === 'created').map((i) => ({ clientToken: i.clientToken, source: i.source, ...(i.snapshotId ? { snapshotId: i.snapshotId } : {}) })),
        failed: items.filter((i) => i.status === 'failed').map((i) => ({ clientToken: i.clientToken, source: i.source, code: i.error?.code ?? '', reason: i.error?.reason ?? '' })),
        notSent: items.filter((i) => i.status === 'queued' || i.status === 'not-sent').map((i) => ({ clientToken: i.clientToken, source: i.source })),
      };
    },
    /** Stops timers and writes nothing more (the page unmounts or goes away); answers still on the way are ignored. */
    dispose() {
      cancelTimer?.();
      disposed = true;
      listeners.clear();
    },
    /** Starts sending (a new queue runs at once; a restored one waits for resume). */
    start() {
      save();
      pump();
    },
  };
}

export type BulkQueue<R = unknown> = ReturnType<typeof createBulkQueue<R>>;
