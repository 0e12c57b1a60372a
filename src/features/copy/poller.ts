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
import type { Snapshot } from '../../api/schemas';
import { snapshotQueries } from '../snapshots/queries';
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

/** Writes fresh snapshots into every cached list and detail; returns whether anything moved. */
export function applyToCaches(queryClient: QueryClient, client: OscClient, fresh: Snapshot[]): boolean {
  const byId = new Map(fresh.map((s) => [s.SnapshotId, s]));
  let moved = false;
  queryClient.setQueriesData<Snapshot[]>({ queryKey: snapshotQueries.lists(client) }, (old) => {
    if (!old) return old;
    let changed = false;
    const next = old.map((s) => {
      const update = byId.get(s.SnapshotId);
      if (!update || (update.State === s.State && update.Progress === s.Progress)) return s;
      changed = true;
      return update;
    });
    if (changed) moved = true;
    return changed ? next : old;
  });
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

/** A new copy resets the pace: poll again soon. */
export function announceNewCopy(queryClient: QueryClient, client: OscClient, snapshot: Snapshot, sourceId: string | undefined) {
  jobsStore.add(snapshot, sourceId, Date.now());
  pace = POLL_MIN_MS;
  queryClient.setQueriesData<Snapshot[]>({ queryKey: snapshotQueries.lists(client) }, (old) =>
    old && !old.some((s) => s.SnapshotId === snapshot.SnapshotId) ? [...old, snapshot] : old,
  );
  queryClient.setQueryData(snapshotQueries.detail(client, snapshot.SnapshotId).queryKey, snapshot);
}
