/**
 * After DeleteSnapshot: the snapshot shows `deleting` in every list, detail and the tray, then leaves them when
 * OUTSCALE no longer lists it. One watch for every deletion of the tab: one ReadSnapshots by their IDs a second,
 * backing off to 5 s, until none is left.
 */
import type { QueryClient } from '@tanstack/react-query';
import type { OscClient } from '../../api/client';
import type { Snapshot } from '../../api/schemas';
import { jobsStore } from '../../lib/jobs-store';
import { snapshotCache } from '../../lib/snapshot-cache';

interface Watch {
  queryClient: QueryClient;
  client: OscClient;
  /** The snapshots being deleted, each with what to do once it is gone. */
  ids: Map<string, () => void>;
}

const watches = new Map<OscClient, Watch>();

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function run(watch: Watch) {
  let delay = 1000;
  while (watch.ids.size > 0) {
    await wait(delay);
    delay = Math.min(5000, delay * 1.5);
    let seen: Snapshot[];
    try {
      seen = (await watch.client.call('ReadSnapshots', { Filters: { SnapshotIds: [...watch.ids.keys()] } })).Snapshots;
    } catch {
      continue; // throttled or offline: try again later; the row keeps saying deleting
    }
    const present = new Set(seen.map((s) => s.SnapshotId));
    for (const s of seen) snapshotCache.put(watch.queryClient, watch.client, s);
    for (const [id, onGone] of [...watch.ids]) {
      if (present.has(id)) continue;
      watch.ids.delete(id);
      snapshotCache.remove(watch.queryClient, watch.client, id);
      jobsStore.dismiss(id);
      onGone();
    }
  }
  watches.delete(watch.client);
}

/** Shows `snapshot` as deleting now, and removes it everywhere once OUTSCALE no longer lists it. */
export function watchDeletion(queryClient: QueryClient, client: OscClient, snapshot: Snapshot, onGone: () => void) {
  snapshotCache.put(queryClient, client, { ...snapshot, State: 'deleting' });
  const existing = watches.get(client);
  if (existing) {
    existing.ids.set(snapshot.SnapshotId, onGone);
    return;
  }
  const watch: Watch = { queryClient, client, ids: new Map([[snapshot.SnapshotId, onGone]]) };
  watches.set(client, watch);
  void run(watch);
}
