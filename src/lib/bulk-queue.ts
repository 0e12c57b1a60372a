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
 * - Persistence (storage adapter; sessionStorage in the app), IDs and tokens only: per item its kind, source ID,
 *   ClientToken, status, created snapshot ID and error code (StoredItem). No request, no description, no tag, no
 *   time; nothing once all is settled. A restored queue starts paused and its unconfirmed items have no request:
 *   the app first asks OUTSCALE what their tokens already made (`confirm`: ReadSnapshots by ClientTokens), then
 *   has the operator give the rest their requests again (`supply`, same tokens), then resumes. An item without a
 *   request is never sent; a queue left with only those pauses.
 */
import { isOscApiError } from '../api/errors';
import type { BulkItem, SendResult, ItemStatus, ItemView, QueueState, QueueSnapshot, BulkReport, QueueClock, QueueStorage, BulkQueueOptions, StoredItem, FoundByToken } from './bulk-queue-types';
export type { BulkItem, SendResult, ItemStatus, ItemView, QueueState, QueueSnapshot, BulkReport, QueueClock, QueueStorage, BulkQueueOptions, StoredItem, FoundByToken } from './bulk-queue-types';

export const DEFAULT_MAX_IN_FLIGHT = 3;
export const DEFAULT_PER_SOURCE = { max: 5, windowMs: 60_000 } as const;
const MAX_TRANSIENT_ATTEMPTS = 5;
const STORE_VERSION = 2;
const STATUSES = new Set<string>(['queued', 'sending', 'created', 'failed', 'not-sent']);
const systemClock: QueueClock = { now: () => Date.now(), after: (ms, fn) => clearTimeout.bind(null, setTimeout(fn, ms)) };

/** The app's storage: this tab's sessionStorage under `key` (one key per account and batch). */
export function sessionStorageAdapter(key: string): QueueStorage {
  return {
    load: () => sessionStorage.getItem(key),
    save: (value) => (value === null ? sessionStorage.removeItem(key) : sessionStorage.setItem(key, value)),
  };
}

function restore<R>(text: string | null): ItemView<R>[] {
  try {
    // Version 1 also kept unconfirmed requests and times: read its IDs and tokens only (the next save drops the rest).
    const parsed = JSON.parse(text ?? 'null') as { v?: number; items?: (Omit<StoredItem, 'e'> & { e?: string | { code?: string } })[] } | null;
    if ((parsed?.v !== STORE_VERSION && parsed?.v !== 1) || !Array.isArray(parsed.items)) return [];
    return parsed.items
      .filter((x) => typeof x.k === 'string' && typeof x.s === 'string' && typeof x.t === 'string' && STATUSES.has(x.st))
      .map((x): ItemView<R> => {
        const code = typeof x.e === 'string' ? x.e : x.e?.code;
        // Sent but unconfirmed when the page went away: queued, without its request (the app checks its token first).
        return { kind: x.k, source: x.s, clientToken: x.t, status: x.st === 'sending' ? 'queued' : x.st, attempts: 0, ...(typeof x.id === 'string' ? { snapshotId: x.id } : {}), ...(code ? { error: { status: 0, code, reason: '' } } : {}) };
      });
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
  const sendable = (i: ItemView<R>) => i.status === 'queued' && i.request !== undefined;

  function save() {
    if (!options.storage || disposed) return;
    const open = items.some((i) => i.status === 'queued' || i.status === 'sending');
    const stored = items.map((i): StoredItem => ({
      k: i.kind, s: i.source, t: i.clientToken, st: i.status,
      ...(i.snapshotId ? { id: i.snapshotId } : {}), ...(i.error?.code ? { e: i.error.code } : {}),
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
    if (!items.some((i) => i.status === 'sending' || sendable(i))) {
      // Only items waiting for their request (after a reload): paused until `supply` gives them.
      state = items.some((i) => i.status === 'queued') ? 'paused' : 'done';
      return changed();
    }
    const now = clock.now();
    let wakeAt = Infinity;
    if (globalRetryAt > now) wakeAt = globalRetryAt;
    else {
      for (const item of items) {
        if (sending >= Math.floor(limit)) break;
        if (!sendable(item)) continue;
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
    const { kind, source, clientToken } = item;
    options.send({ kind, source, clientToken, request: item.request as R }).then(
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
        awaiting: items.filter((i) => i.status === 'queued' && i.request === undefined).length,
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
    /**
     * What OUTSCALE says the tokens made (a reload's check: ReadSnapshots by ClientTokens): each such item is
     * created, with its snapshot, and counts in its source's window from its CreationDate. Not one in flight here.
     */
    confirm(found: readonly FoundByToken[]) {
      const byToken = new Map(found.map((f) => [f.clientToken, f]));
      let touched = false;
      items = items.map((i) => {
        const f = byToken.get(i.clientToken);
        if (!f || i.status === 'sending') return i;
        touched = true;
        const createdAt = i.createdAt ?? f.createdAt;
        if (i.createdAt === undefined && createdAt !== undefined) sourceOf(i.source).created.push(createdAt);
        return { ...i, status: 'created', snapshotId: f.snapshotId, ...(createdAt === undefined ? {} : { createdAt }), error: undefined, retryAt: undefined };
      });
      if (touched) changed();
    },
    /** The requests of items that have none (restored after a reload), by ClientToken: they may be sent again. */
    supply(requests: ReadonlyMap<string, R>) {
      items = items.map((i) => (i.request === undefined && requests.has(i.clientToken) ? { ...i, request: requests.get(i.clientToken) } : i));
      changed();
    },
    /** Queued items that will not be sent (their source was refused at the review): failed, with why. */
    fail(tokens: readonly string[], code: string, reason: string) {
      const which = new Set(tokens);
      items = items.map((i) => (i.status === 'queued' && which.has(i.clientToken) ? { ...i, status: 'failed', error: { status: 0, code, reason } } : i));
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
