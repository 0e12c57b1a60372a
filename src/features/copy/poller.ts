/**
 * The tray's watcher for every snapshot in flight (the tray's copies and the in-queue/pending rows of the loaded
 * lists) in the account's own Region. It registers their IDs with that Region's poll scheduler
 * (src/lib/region-poller.ts), which reads them with everything else watched in the Region (a cross-Region route's
 * snapshots and export tasks): one request per Region per interval, whatever the number of watchers. What it read
 * goes into the jobs store (the tray) and, through src/lib/snapshot-cache.ts, into the list and detail caches, so
 * the list, the detail page and the tray show the same data. The pace is the scheduler's: 2 s, backing off to 15 s
 * while nothing moves, slower while throttled, back to 2 s when a snapshot starts being watched; nothing is read
 * when nothing is in flight or while the tab is hidden.
 */
import type { QueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { OscClient } from '../../api/client';
import type { Snapshot } from '../../api/schemas';
import { snapshotCache } from '../../lib/snapshot-cache';
import { FINAL_STATES, jobsStore, type Job } from '../../lib/jobs-store';
import type { PollStatus as RegionStatus } from '../../lib/region-poller';
import { POLL_MIN_MS } from '../../lib/poll-pace';

const noSubscription = () => () => {};
const FIRST: RegionStatus = { intervalMs: POLL_MIN_MS };
const firstStatus = () => FIRST;

let schedulers: typeof import('../../lib/region-poller') | undefined;
/** Loads the Regions' poll schedulers (done with the first snapshot in flight; the tests load it first). */
export const loadSchedulers = async () => (schedulers ??= await import('../../lib/region-poller'));

export interface PollStatus {
  watching: number;
  throttledUntil?: number;
  intervalMs: number;
}

/** Whether any watched copy's State or Progress differs from what the jobs store had. */
function jobsMoved(before: Job[], read: Snapshot[]): boolean {
  const old = new Map(before.map((job) => [job.id, job.snapshot]));
  return read.some((s) => {
    const was = old.get(s.SnapshotId);
    return was !== undefined && (was.State !== s.State || was.Progress !== s.Progress);
  });
}

/**
 * The query client comes from the page (app.tsx) rather than useQueryClient(): with no react-query import of its own,
 * the tray's chunk does not make the bundler split react-query's shared modules into a chunk of their own that the
 * first page then loads (+680 B of initial JS).
 */
export function useInFlightPoller(client: OscClient, onFinished: (jobs: Job[]) => void, queryClient: QueryClient): PollStatus {
  const ids = useSyncExternalStore(
    (listener) => {
      const a = queryClient.getQueryCache().subscribe(listener);
      const b = jobsStore.subscribe(listener);
      return () => {
        a();
        b();
      };
    },
    () => [...new Set([...jobsStore.watching(), ...snapshotCache.inFlightIds(queryClient, client)])].sort().join(' '),
  );
  const list = useMemo(() => (ids ? ids.split(' ') : []), [ids]);
  const watching = useRef(list);
  const finished = useRef(onFinished);
  useEffect(() => {
    watching.current = list;
    finished.current = onFinished;
  });
  // The scheduler loads with the first snapshot in flight: the first paint does without it.
  const [, setLoaded] = useState(false);
  const anything = list.length > 0;
  useEffect(() => {
    if (!anything || schedulers) return;
    let live = true;
    void loadSchedulers().then(() => live && setLoaded(true));
    return () => {
      live = false;
    };
  }, [anything]);
  const poller = schedulers?.regionPoller(client) ?? null;
  const status = useSyncExternalStore(poller?.subscribe ?? noSubscription, poller?.status ?? firstStatus);

  useEffect(
    () =>
      poller?.watch({
        snapshotIds: () => watching.current,
        onSnapshots: ({ asked, found: snapshots, at }) => {
          const before = jobsStore.get();
          const done = jobsStore.record(asked, snapshots, at);
          const cachesMoved = snapshotCache.update(queryClient, client, snapshots);
          if (done.length) finished.current(done);
          if (snapshots.some((s) => FINAL_STATES.has(s.State))) snapshotCache.settled(queryClient, client);
          return cachesMoved || jobsMoved(before, snapshots);
        },
      }),
    [poller, queryClient, client],
  );
  // A snapshot newly watched (a copy just made, a list that shows one more in flight) is read soon.
  useEffect(() => poller?.changed(), [poller, ids]);

  return { watching: list.length, throttledUntil: status.throttledUntil, intervalMs: status.intervalMs };
}
