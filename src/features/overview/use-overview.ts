/**
 * One Region's overview data, read through that Region's own client: the list's default view (own and shared with
 * its account, every page of ReadSnapshots; the same cache key as the list of that Region, so a list already read
 * costs nothing and the list opened from a figure is there at once) and every volume of ReadVolumes, computed
 * once both are whole.
 */
import { hashKey, queryOptions, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { OscClient } from '../../api/client';
import type { FiltersSnapshot } from '../../api/requests';
import type { Volume } from '../../api/schemas';
import { useLoaded } from '../../lib/load-progress';
import { snapshotQueries } from '../../lib/snapshot-queries';
import { computeOverview } from './overview-stats';

async function readAllVolumes(client: OscClient, signal?: AbortSignal): Promise<Volume[]> {
  const all: Volume[] = [];
  let token: string | undefined;
  do {
    const page = await client.call('ReadVolumes', { ResultsPerPage: 1000, ...(token ? { NextPageToken: token } : {}) }, { signal });
    all.push(...page.Volumes);
    token = page.NextPageToken;
  } while (token);
  return all;
}

/** The queries of one Region's overview: its account's default list view, and its volumes. */
export function overviewQueries(client: OscClient, me: string) {
  // The list's default view, as src/features/snapshots/list-state.ts reads it: the same query key, one cache.
  const reads: FiltersSnapshot[] = [{ AccountIds: [me] }, { PermissionsToCreateVolumeAccountIds: [me] }];
  return {
    list: snapshotQueries.list(client, reads),
    volumes: queryOptions({ queryKey: ['osc', client.endpoint, client.identity, 'volumes', 'overview'] as const, queryFn: ({ signal }) => readAllVolumes(client, signal) }),
  };
}

/**
 * A Region's overview: undefined until both reads are whole (a first read streams its pages into the cache, a
 * refresh reads behind the figures). `mark`: the page's own measure for bench/overview.ts starts here.
 */
export function useOverview(client: OscClient, me: string, mark = false) {
  const queries = useMemo(() => overviewQueries(client, me), [client, me]);
  const snapshots = useQuery(queries.list);
  const volumes = useQuery(queries.volumes);
  const progress = useLoaded(hashKey(queries.list.queryKey));
  const streaming = progress?.streaming === true;
  const overview = useMemo(() => {
    if (!snapshots.data || !volumes.data || streaming) return undefined;
    if (mark) performance.mark('overview:compute');
    // Ages as of the read, so that a bucket and its link (whole UTC days) agree.
    const readAt = Math.max(snapshots.dataUpdatedAt, volumes.dataUpdatedAt);
    return computeOverview(snapshots.data, new Set(volumes.data.map((v) => v.VolumeId)), me, readAt);
  }, [snapshots.data, snapshots.dataUpdatedAt, streaming, volumes.data, volumes.dataUpdatedAt, me, mark]);
  const refresh = () => {
    void snapshots.refetch();
    void volumes.refetch();
  };
  return { overview, snapshots, volumes, progress, refresh, volumeCount: volumes.data?.length ?? 0 };
}
