/**
 * One poller for every snapshot in flight (the tray's copies and the in-queue/pending rows of the loaded
 * lists): one ReadSnapshots filtered by their IDs per interval, whatever their number. Its answer is written
 * into the list and detail caches, so the list, the detail page and the tray read the same data. Polling
 * stops when nothing is in flight and pauses while the tab is hidden (react-query's refetchInterval).
 */
import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useState, useSyncExternalStore } from 'react';
import type { OscClient } from '../../api/client';
import { isOscApiError } from '../../api/errors';
import type { FiltersSnapshot } from '../../api/requests';
import type { Snapshot } from '../../api/schemas';
import { matchesFilters } from '../../lib/filter-match';
import { snapshotQueries } from '../../lib/snapshot-queries';
import { FINAL_STATES, jobsStore, type Job } from './jobs-store';
import { nextPollInterval, POLL_MIN_MS } from './progress-math';

const IN_FLIGHT = new Set(['in-queue', 'pending']);
/** One poller per page, so its pace is module state: a new copy can reset it. */
let pace = POLL_MIN_MS;
const listIds = new WeakMap<Snapshot[], string[]>();

function inFlightInLists(queryClient: QueryClient, client: OscClient): string[] {
  const ids = new Set<string>();
  for (const [, data] of queryClient.getQueriesData<Snapshot[]>({ queryKey: snapshotQueries.lists(client) })) {
    if (!data) continue;
    let found = listIds.get(data);
    if (!found) {
      found = data.filter((s) => IN_FLIGHT.has(s.State)).map((s) => s.SnapshotId);
      listIds.set(data, found);
    }
    found.forEach((id) => ids.add(id));
  }
  return [...ids];
}

/** The FiltersSnapshot a cached list was read with (the last part of its key). */
const listFilters = (queryKey: readonly unknown[]) => (queryKey.at(-1) ?? {}) as FiltersSnapshot;

/**
 * Writes fresh snapshots into every cached list and detail; returns whether anything moved. A snapshot that no
 * longer matches a list's filters (a pending copy now completed, under State = pending) leaves that list.
 */
export function applyToCaches(queryClient: QueryClient, client: OscClient, fresh: Snapshot[]): boolean {
  const byId = new Map(fresh.map((s) => [s.SnapshotId, s]));
  let moved = false;
  for (const [queryKey, old] of queryClient.getQueriesData<Snapshot[]>({ queryKey: snapshotQueries.lists(client) })) {
    if (!old) continue;
    const filters = listFilters(queryKey);
    let changed = false;
    const next: Snapshot[] = [];
    for (const s of old) {
      const update = byId.get(s.SnapshotId);
      if (!update || (update.State === s.State && update.Progress === s.Progress)) {
        next.push(s);
        continue;
      }
      changed = true;
      if (matchesFilters(update, filters) === false) continue;
      next.push(update);
    }
    if (changed) {
      moved = true;
      queryClient.setQueryData(queryKey, next);
    }
  }
  for (const snapshot of fresh) {
    const key = snapshotQueries.detail(client, snapshot.SnapshotId).queryKey;
    const old = queryClient.getQueryData<Snapshot | null>(key);
    if (old && (old.State !== snapshot.State || old.Progress !== snapshot.Progress)) moved = true;
    if (old !== undefined) queryClient.setQueryData(key, snapshot);
  }
  return moved;
}

export interface PollStatus {
  watching: number;
  throttledUntil?: number;
  intervalMs: number;
}

export function useInFlightPoller(client: OscClient, onFinished: (jobs: Job[]) => void): PollStatus {
  const queryClient = useQueryClient();
  const [throttledUntil, setThrottledUntil] = useState<number | undefined>(undefined);
  const ids = useSyncExternalStore(
    (listener) => {
      const a = queryClient.getQueryCache().subscribe(listener);
      const b = jobsStore.subscribe(listener);
      return () => {
        a();
        b();
      };
    },
    () => [...new Set([...jobsStore.watching(), ...inFlightInLists(queryClient, client)])].sort().join(' '),
  );
  const watching = ids ? ids.split(' ') : [];

  useQuery({
    queryKey: [...snapshotQueries.all(client), 'in-flight'],
    enabled: watching.length > 0,
    retry: false,
    gcTime: 0,
    refetchInterval: () => (watching.length > 0 ? pace : false),
    refetchIntervalInBackground: false,
    refetchOnWindowFocus: false,
    queryFn: async ({ signal }) => {
      const asked = watching;
      try {
        const answer = await client.call('ReadSnapshots', { Filters: { SnapshotIds: asked } }, { signal });
        const at = Date.now();
        setThrottledUntil(undefined);
        const before = new Map(jobsStore.get().map((job) => [job.id, job.snapshot]));
        const finished = jobsStore.record(asked, answer.Snapshots, at);
        const jobMoved = answer.Snapshots.some((s) => {
          const old = before.get(s.SnapshotId);
          return old !== undefined && (old.State !== s.State || old.Progress !== s.Progress);
        });
        const moved = applyToCaches(queryClient, client, answer.Snapshots) || jobMoved;
        pace = nextPollInterval(pace, moved ? 'moved' : 'still');
        if (finished.length) onFinished(finished);
        if (answer.Snapshots.some((s) => FINAL_STATES.has(s.State))) {
          // A copy just finished: let lists filtered by state re-read.
          void queryClient.invalidateQueries({ queryKey: snapshotQueries.lists(client), refetchType: 'none' });
        }
        return at;
      } catch (error) {
        if (isOscApiError(error) && (error.status === 429 || error.status === 503 || error.kind === 'network')) {
          pace = nextPollInterval(pace, 'throttled');
          setThrottledUntil(Date.now() + pace);
          return Date.now();
        }
        throw error;
      }
    },
  });
  return { watching: watching.length, throttledUntil, intervalMs: pace };
}

/**
 * A new copy resets the pace (poll again soon), and joins the cached lists whose filters it matches; a list
 * whose filters the page cannot judge is read again.
 */
export function announceNewCopy(queryClient: QueryClient, client: OscClient, snapshot: Snapshot, sourceId: string | undefined) {
  jobsStore.add(snapshot, sourceId, Date.now());
  pace = POLL_MIN_MS;
  for (const [queryKey, old] of queryClient.getQueriesData<Snapshot[]>({ queryKey: snapshotQueries.lists(client) })) {
    if (!old || old.some((s) => s.SnapshotId === snapshot.SnapshotId)) continue;
    const match = matchesFilters(snapshot, listFilters(queryKey));
    if (match) queryClient.setQueryData(queryKey, [...old, snapshot]);
    else if (match === undefined) void queryClient.invalidateQueries({ queryKey, exact: true });
  }
  queryClient.setQueryData(snapshotQueries.detail(client, snapshot.SnapshotId).queryKey, snapshot);
}
