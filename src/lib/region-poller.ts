/**
 * One poll scheduler per connected Region (issue 14's budget: polling stays one request per Region per interval).
 * Whoever watches something in flight registers here what it needs: snapshot IDs (the tray's copies, the lists'
 * in-flight rows, a cross-Region route's own copy or imported snapshot) and export task IDs (a route's export).
 * Each tick sends ONE request for the Region: ReadSnapshots with every watched snapshot ID, or, when export tasks are
 * watched too, ReadSnapshotExportTasks with every watched task ID, the two taking turns. Each watcher then gets the
 * part of the answer it asked for.
 *
 * The pace (poll-pace.ts): 2 s, backing off to 15 s while nothing moves, slower while the API throttles (429, 503, no
 * answer), back to 2 s when a new ID is watched. The next tick is counted from the end of the last request, so two
 * requests to a Region are never closer than the interval, however slow the signing or the network. No request while
 * the tab is hidden (document.visibilityState; not react-query's focusManager, whose code would then leave the first
 * chunk for a shared one), none while nothing is watched.
 */
import type { OscClient } from '../api/client';
import { isOscApiError } from '../api/errors';
import type { SnapshotExportTask } from '../api/export-schemas';
import type { Snapshot } from '../api/schemas';
import { nextPollInterval, POLL_MIN_MS, type PollOutcome } from './poll-pace';

export type PollKind = 'snapshots' | 'tasks';

/** One read, as one watcher sees it: the IDs it asked for, and what came back of them. */
export interface PollRead<T> {
  asked: string[];
  found: T[];
  at: number;
}

export interface PollWatcher {
  /** The snapshot IDs watched now (asked at each tick). */
  snapshotIds?(): readonly string[];
  /** The export task IDs watched now. */
  taskIds?(): readonly string[];
  /** What a ReadSnapshots answered of this watcher's IDs; true when something it watches moved. */
  onSnapshots?(read: PollRead<Snapshot>): boolean;
  onTasks?(read: PollRead<SnapshotExportTask>): boolean;
  /**
   * When what it watches should be done (from its progress rate), if it can tell: a tick due less than an interval
   * before then is postponed to then, so the end is seen at once rather than up to an interval later.
   */
  doneAt?(): number | undefined;
  /** A read that failed otherwise than by throttling (the next tick tries again). */
  onError?(error: unknown, kind: PollKind): void;
}

export interface PollStatus {
  intervalMs: number;
  /** The API throttled the last read: nothing was read, the next try is then. */
  throttledUntil?: number;
}

export interface RegionPoller {
  /** Starts watching; the function returned stops. */
  watch(watcher: PollWatcher): () => void;
  /** A watcher's IDs changed: a new one brings the pace back to the minimum and is read soon. */
  changed(): void;
  status(): PollStatus;
  subscribe(listener: () => void): () => void;
}

export interface PollerOptions {
  /** The pace rule (tests of the route engine pass one that does not wait). */
  next?: (previous: number, outcome: PollOutcome) => number;
  minMs?: number;
  /** Whether the page is hidden (the tab in the background): nothing is read then. */
  hidden?: () => boolean;
}

const tabHidden = () => globalThis.document?.visibilityState === 'hidden';

const THROTTLED = (error: unknown) => isOscApiError(error) && (error.status === 429 || error.status === 503 || error.kind === 'network');

export function createRegionPoller(client: OscClient, options: PollerOptions = {}): RegionPoller {
  const next = options.next ?? nextPollInterval;
  const minMs = options.minMs ?? POLL_MIN_MS;
  const hidden = options.hidden ?? tabHidden;
  const watchers = new Set<PollWatcher>();
  const listeners = new Set<() => void>();
  let status: PollStatus = { intervalMs: minMs };
  let pace = minMs;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let nextAt = Infinity;
  let busy = false;
  let freshWhileBusy = false;
  let lastEnd = -Infinity;
  let lastKind: PollKind = 'tasks';
  let known = new Set<string>();

  const wanted = (kind: PollKind) => {
    const ids = new Set<string>();
    for (const w of watchers) for (const id of (kind === 'snapshots' ? w.snapshotIds?.() : w.taskIds?.()) ?? []) ids.add(id);
    return [...ids].sort();
  };
  const setStatus = (value: PollStatus) => {
    status = value;
    for (const listener of [...listeners]) listener();
  };
  const schedule = (at: number) => {
    clearTimeout(timer);
    nextAt = at;
    timer = setTimeout(() => void tick(), Math.max(0, at - Date.now()));
  };
  const idle = () => {
    clearTimeout(timer);
    timer = undefined;
    pace = minMs;
    known = new Set();
  };

  // Both kinds watched: they take turns.
  const kindNext = (snapshots: number, tasks: number): PollKind => (!tasks ? 'snapshots' : !snapshots ? 'tasks' : lastKind === 'snapshots' ? 'tasks' : 'snapshots');
  const watches = (w: PollWatcher, kind: PollKind) => Boolean((kind === 'snapshots' ? w.snapshotIds : w.taskIds)?.().length);

  /** The next tick at `due`, or a little later when a watcher of the kind it reads expects its end within the interval. */
  function scheduleAfterRead(due: number) {
    const kind = kindNext(wanted('snapshots').length, wanted('tasks').length);
    const ends = [...watchers].filter((w) => watches(w, kind)).map((w) => w.doneAt?.() ?? NaN);
    const soon = ends.filter((end) => end > due && end < due + pace);
    schedule(soon.length ? Math.min(...soon) : due);
  }

  async function tick() {
    timer = undefined;
    const snapshots = wanted('snapshots');
    const tasks = wanted('tasks');
    if (!snapshots.length && !tasks.length) return idle();
    if (hidden()) return schedule(Date.now() + pace);
    const kind = kindNext(snapshots.length, tasks.length);
    const asked = kind === 'snapshots' ? snapshots : tasks;
    lastKind = kind;
    busy = true;
    freshWhileBusy = false;
    let outcome: PollOutcome | 'failed' = 'still';
    try {
      const found: (Snapshot | SnapshotExportTask)[] =
        kind === 'snapshots'
          ? (await client.call('ReadSnapshots', { Filters: { SnapshotIds: asked } })).Snapshots
          : (await client.call('ReadSnapshotExportTasks', { Filters: { TaskIds: asked } })).SnapshotExportTasks;
      const at = Date.now();
      // (ReadSnapshotExportTasks's answer schema is there: a route loads it before it watches a task.)
      const idOf = (item: Snapshot | SnapshotExportTask) => (kind === 'snapshots' ? (item as Snapshot).SnapshotId : (item as SnapshotExportTask).TaskId);
      for (const w of [...watchers]) {
        if (!watchers.has(w)) continue;
        const mine = new Set((kind === 'snapshots' ? w.snapshotIds?.() : w.taskIds?.()) ?? []);
        const read = { asked: asked.filter((id) => mine.has(id)), at };
        if (!read.asked.length) continue;
        const part = found.filter((item) => mine.has(idOf(item)));
        const moved = kind === 'snapshots' ? w.onSnapshots?.({ ...read, found: part as Snapshot[] }) : w.onTasks?.({ ...read, found: part as SnapshotExportTask[] });
        if (moved) outcome = 'moved';
      }
    } catch (error) {
      if (THROTTLED(error)) outcome = 'throttled';
      else {
        outcome = 'failed';
        for (const w of [...watchers]) if (watches(w, kind)) w.onError?.(error, kind);
      }
    }
    busy = false;
    const end = (lastEnd = Date.now());
    // Another error leaves the pace as it was: the next tick is the next try.
    if (outcome !== 'failed') pace = freshWhileBusy && outcome !== 'throttled' ? minMs : next(pace, outcome);
    setStatus(outcome === 'throttled' ? { intervalMs: pace, throttledUntil: end + pace } : { intervalMs: pace });
    if (!wanted('snapshots').length && !wanted('tasks').length) idle();
    else if (outcome === 'throttled') schedule(end + pace);
    else scheduleAfterRead(end + pace);
  }

  const changed = () => {
    const all = [...wanted('snapshots'), ...wanted('tasks')];
    if (!all.length) {
      if (!busy) idle();
      return;
    }
    const fresh = all.some((id) => !known.has(id));
    known = new Set(all);
    if (fresh) {
      pace = minMs;
      freshWhileBusy = busy;
    }
    if (busy) return; // the tick under way schedules the next one
    // Idle until now: read soon (never closer to the last read than the interval). Running: a new ID is read
    // within the minimum interval.
    if (timer === undefined) schedule(Math.max(Date.now(), lastEnd + minMs));
    else if (fresh && nextAt > Date.now() + minMs) schedule(Date.now() + minMs);
  };

  return {
    watch(watcher) {
      watchers.add(watcher);
      changed();
      return () => {
        if (watchers.delete(watcher)) changed();
      };
    },
    changed,
    status: () => status,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

const pollers = new Map<string, RegionPoller>();

/** The poll scheduler of a connected Region (its endpoint, Region and account): one, whoever asks. */
export function regionPoller(client: OscClient): RegionPoller {
  const key = `${client.endpoint} ${client.region} ${client.identity}`;
  let poller = pollers.get(key);
  if (!poller) pollers.set(key, (poller = createRegionPoller(client)));
  return poller;
}
