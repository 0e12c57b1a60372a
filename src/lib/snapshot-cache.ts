/**
 * The one writer of the snapshot caches (the keys of `snapshotQueries`): what a poll read, a new copy, a copy a
 * ClientToken already made. Pages only read them (useQuery), and react-query fills them from the queryFns.
 * Lists stay true to their filters: a snapshot goes only into the lists it matches (src/lib/filter-match.ts),
 * leaves a list it no longer matches, and a list whose filters the page cannot judge is read again.
 */
import type { QueryClient } from '@tanstack/react-query';
import type { OscClient } from '../api/client';
import type { FiltersSnapshot } from '../api/requests';
import type { Snapshot } from '../api/schemas';
import { matchesFilters } from './filter-match';
import { snapshotQueries } from './snapshot-queries';

const IN_FLIGHT = new Set(['in-queue', 'pending']);

/** The FiltersSnapshot a cached list was read with (the last part of its key). */
const listFilters = (queryKey: readonly unknown[]) => (queryKey.at(-1) ?? {}) as FiltersSnapshot;

const cachedLists = (queryClient: QueryClient, client: OscClient) =>
  queryClient.getQueriesData<Snapshot[]>({ queryKey: snapshotQueries.lists(client) });

const moved = (before: Snapshot, after: Snapshot) => before.State !== after.State || before.Progress !== after.Progress;

/** The in-flight IDs of each list read (a list's data is replaced, never changed in place, so this stays true). */
const inFlightOf = new WeakMap<Snapshot[], string[]>();

export const snapshotCache = {
  /** The snapshots still in flight in the cached lists. */
  inFlightIds(queryClient: QueryClient, client: OscClient): string[] {
    const ids = new Set<string>();
    for (const [, data] of cachedLists(queryClient, client)) {
      if (!data) continue;
      let found = inFlightOf.get(data);
      if (!found) {
        found = data.filter((s) => IN_FLIGHT.has(s.State)).map((s) => s.SnapshotId);
        inFlightOf.set(data, found);
      }
      found.forEach((id) => ids.add(id));
    }
    return [...ids];
  },

  /**
   * Writes fresh snapshots into every cached list and detail that holds them; returns whether any State or
   * Progress moved. A snapshot that no longer matches a list's filters (a copy now completed, under
   * State = pending) leaves that list. A snapshot no cache holds is not added.
   */
  update(queryClient: QueryClient, client: OscClient, fresh: Snapshot[]): boolean {
    const byId = new Map(fresh.map((s) => [s.SnapshotId, s]));
    let anyMoved = false;
    for (const [queryKey, old] of cachedLists(queryClient, client)) {
      if (!old) continue;
      const filters = listFilters(queryKey);
      let changed = false;
      const next: Snapshot[] = [];
      for (const s of old) {
        const update = byId.get(s.SnapshotId);
        if (!update || !moved(s, update)) {
          next.push(s);
          continue;
        }
        changed = true;
        if (matchesFilters(update, filters) === false) continue;
        next.push(update);
      }
      if (changed) {
        anyMoved = true;
        queryClient.setQueryData(queryKey, next);
      }
    }
    for (const snapshot of fresh) {
      const key = snapshotQueries.detail(client, snapshot.SnapshotId).queryKey;
      const old = queryClient.getQueryData(key);
      if (old && moved(old, snapshot)) anyMoved = true;
      if (old !== undefined) queryClient.setQueryData(key, snapshot);
    }
    return anyMoved;
  },

  /** A snapshot the page just made joins the cached lists whose filters it matches, and gets its detail. */
  add(queryClient: QueryClient, client: OscClient, snapshot: Snapshot): void {
    for (const [queryKey, old] of cachedLists(queryClient, client)) {
      if (!old || old.some((s) => s.SnapshotId === snapshot.SnapshotId)) continue;
      const match = matchesFilters(snapshot, listFilters(queryKey));
      if (match) queryClient.setQueryData(queryKey, [...old, snapshot]);
      else if (match === undefined) void queryClient.invalidateQueries({ queryKey, exact: true });
    }
    queryClient.setQueryData(snapshotQueries.detail(client, snapshot.SnapshotId).queryKey, snapshot);
  },

  /**
   * An action changed this snapshot (its tags, who may use it, `deleting`): the new version replaces the old in
   * every cached list and detail that holds it, whatever changed; a list whose filters it no longer matches loses
   * it, and one it now matches gains it.
   */
  put(queryClient: QueryClient, client: OscClient, snapshot: Snapshot): void {
    for (const [queryKey, old] of cachedLists(queryClient, client)) {
      if (!old) continue;
      const at = old.findIndex((s) => s.SnapshotId === snapshot.SnapshotId);
      const match = matchesFilters(snapshot, listFilters(queryKey));
      if (at < 0) {
        // A list it now matches (a tag just added) gets it; one the page cannot judge is read again.
        if (match) queryClient.setQueryData(queryKey, [...old, snapshot]);
        else if (match === undefined) void queryClient.invalidateQueries({ queryKey, exact: true });
        continue;
      }
      const next = [...old];
      if (match === false) next.splice(at, 1);
      else next[at] = snapshot;
      queryClient.setQueryData(queryKey, next);
    }
    const key = snapshotQueries.detail(client, snapshot.SnapshotId).queryKey;
    if (queryClient.getQueryData(key) !== undefined) queryClient.setQueryData(key, snapshot);
  },

  /** A snapshot is gone (deleted): it leaves every cached list, and its detail says it is not found. */
  remove(queryClient: QueryClient, client: OscClient, snapshotId: string): void {
    for (const [queryKey, old] of cachedLists(queryClient, client)) {
      if (old?.some((s) => s.SnapshotId === snapshotId)) queryClient.setQueryData(queryKey, old.filter((s) => s.SnapshotId !== snapshotId));
    }
    const key = snapshotQueries.detail(client, snapshotId).queryKey;
    if (queryClient.getQueryData(key) !== undefined) queryClient.setQueryData(key, null);
  },

  /** A snapshot reached a final state: lists filtered by State may miss it, so each is read again when next shown. */
  settled(queryClient: QueryClient, client: OscClient): void {
    void queryClient.invalidateQueries({ queryKey: snapshotQueries.lists(client), refetchType: 'none' });
  },

  /** The copy a dialog's ClientToken made, found when its submit ran. */
  madeByToken(queryClient: QueryClient, client: OscClient, token: string, accountId: string, snapshot: Snapshot): void {
    queryClient.setQueryData(snapshotQueries.byClientToken(client, token, accountId).queryKey, snapshot);
  },
};
