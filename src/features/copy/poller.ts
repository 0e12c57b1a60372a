/**
 * One poller for every snapshot in flight (the tray's copies and the in-queue/pending rows of the loaded
 * lists): one ReadSnapshots filtered by their IDs per interval, whatever their number. Its query returns what
 * it read; what it read goes into the jobs store (the tray) and, through src/lib/snapshot-cache.ts, into the
 * list and detail caches, so the list, the detail page and the tray show the same data. The pace lives here:
 * 2 s, backing off to 15 s while nothing moves, slower while throttled, back to 2 s when a snapshot starts
 * being watched. Polling stops when nothing is in flight and pauses while the tab is hidden (react-query's
 * refetchInterval).
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useSyncExternalStore } from 'react';
import type { OscClient } from '../../api/client';
import { isOscApiError } from '../../api/errors';
import type { Snapshot } from '../../api/schemas';
import { snapshotCache } from '../../lib/snapshot-cache';
import { snapshotQueries } from '../../lib/snapshot-queries';
import { FINAL_STATES, jobsStore, type Job } from '../../lib/jobs-store';
import { nextPollInterval, POLL_MIN_MS } from './progress-math';

/** One poll: the IDs it asked for, the snapshots OUTSCALE answered, and the pace it set for the next one. */
export interface InFlightRead {
  asked: string[];
  snapshots: Snapshot[];
  at: number;
  intervalMs: number;
  /** The API throttled this poll (429, 503, or no answer): nothing was read, the next try is then. */
  throttledUntil?: number;
}

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

export function useInFlightPoller(client: OscClient, onFinished: (jobs: Job[]) => void): PollStatus {
  const queryClient = useQueryClient();
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
  const watching = ids ? ids.split(' ') : [];

  const pace = useRef(POLL_MIN_MS);
  const known = useRef(new Set<string>());
  // A snapshot newly watched (a copy just made, a list that shows one more in flight) is polled again soon.
  // This runs before useQuery's own effect, which then reschedules the next poll with this pace.
  useEffect(() => {
    const now = ids ? ids.split(' ') : [];
    if (now.some((id) => !known.current.has(id))) pace.current = POLL_MIN_MS;
    known.current = new Set(now);
  }, [ids]);

  const query = useQuery({
    queryKey: snapshotQueries.inFlight(client),
    enabled: watching.length > 0,
    retry: false,
    gcTime: 0,
    refetchInterval: () => (watching.length > 0 ? pace.current : false),
    refetchIntervalInBackground: false,
    refetchOnWindowFocus: false,
    queryFn: async ({ signal }): Promise<InFlightRead> => {
      const asked = watching;
      let snapshots: Snapshot[];
      try {
        snapshots = (await client.call('ReadSnapshots', { Filters: { SnapshotIds: asked } }, { signal })).Snapshots;
      } catch (error) {
        if (isOscApiError(error) && (error.status === 429 || error.status === 503 || error.kind === 'network')) {
          pace.current = nextPollInterval(pace.current, 'throttled');
          const at = Date.now();
          return { asked, snapshots: [], at, intervalMs: pace.current, throttledUntil: at + pace.current };
        }
        throw error;
      }
      const at = Date.now();
      const before = jobsStore.get();
      const finished = jobsStore.record(asked, snapshots, at);
      const cachesMoved = snapshotCache.update(queryClient, client, snapshots);
      pace.current = nextPollInterval(pace.current, cachesMoved || jobsMoved(before, snapshots) ? 'moved' : 'still');
      if (finished.length) onFinished(finished);
      if (snapshots.some((s) => FINAL_STATES.has(s.State))) snapshotCache.settled(queryClient, client);
      return { asked, snapshots, at, intervalMs: pace.current };
    },
  });
  return { watching: watching.length, throttledUntil: query.data?.throttledUntil, intervalMs: query.data?.intervalMs ?? POLL_MIN_MS };
}
