/**
 * The Overview page (`/overview`, issue 15): where the snapshots pile up, as figures and bar charts whose every
 * number and bar opens the snapshots list filtered to exactly those rows. Computed in the page from the API only:
 * the list's default view (own and shared with me, every page of ReadSnapshots; the same cache as the list, so
 * a list already read costs nothing) and every volume of ReadVolumes. Loaded lazily, like every page but the list.
 */
import { hashKey, queryOptions, useQuery } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import type { OscClient } from '../../api/client';
import type { FiltersSnapshot } from '../../api/requests';
import type { Volume } from '../../api/schemas';
import { Button } from '../../components/ui/button';
import { ErrorPanel } from '../../components/ui/error-panel';
import { useConnection } from '../../lib/connection-provider';
import { useLoaded } from '../../lib/load-progress';
import { snapshotQueries } from '../../lib/snapshot-queries';
import { BarList, type Tone } from './bar-list';
import { Figures } from './figures';
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

const volumesQuery = (client: OscClient) =>
  queryOptions({ queryKey: ['osc', client.endpoint, client.identity, 'volumes', 'overview'] as const, queryFn: ({ signal }) => readAllVolumes(client, signal) });

const STATE_TONES: Record<string, Tone> = { completed: 'ok', error: 'error', deleting: 'warn' };

export default function OverviewPage() {
  const connection = useConnection();
  const me = connection.accountId;
  // The list's default view, as src/features/snapshots/list-state.ts reads it: the same query key, one cache.
  const reads = useMemo<FiltersSnapshot[]>(() => [{ AccountIds: [me] }, { PermissionsToCreateVolumeAccountIds: [me] }], [me]);
  const list = snapshotQueries.list(connection.client, reads);
  const snapshots = useQuery(list);
  const volumes = useQuery(volumesQuery(connection.client));
  // A first read streams its pages into the cache: the figures wait for the whole list (a refresh reads behind it).
  const progress = useLoaded(hashKey(list.queryKey));
  const streaming = progress?.streaming === true;
  const overview = useMemo(() => {
    if (!snapshots.data || !volumes.data || streaming) return undefined;
    performance.mark('overview:compute');
    // Ages as of the read, so that a bucket and its link (whole UTC days) agree.
    const readAt = Math.max(snapshots.dataUpdatedAt, volumes.dataUpdatedAt);
    return computeOverview(snapshots.data, new Set(volumes.data.map((v) => v.VolumeId)), me, readAt);
  }, [snapshots.data, snapshots.dataUpdatedAt, streaming, volumes.data, volumes.dataUpdatedAt, me]);
  useEffect(() => {
    if (!overview) return;
    // For bench/overview.ts: from the computation to the first frame drawn after it.
    const frame = requestAnimationFrame(() => {
      performance.mark('overview:drawn');
      performance.measure('overview:compute-and-draw', 'overview:compute', 'overview:drawn');
    });
    return () => cancelAnimationFrame(frame);
  }, [overview]);
  const refresh = () => {
    void snapshots.refetch();
    void volumes.refetch();
  };

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-baseline gap-x-4 gap-y-2">
        <h1 className="text-title">Overview</h1>
        <p className="text-sm text-soft">
          Your snapshots and those shared with you in {connection.region} (public snapshots are not counted).
        </p>
        <Button variant="secondary" className="ml-auto" onClick={refresh} disabled={snapshots.isFetching || volumes.isFetching}>
          Refresh
        </Button>
      </div>
      <p className="rounded-md border border-line bg-surface p-3 text-sm">
        <strong>About sizes:</strong> a size here is the sum of each snapshot&apos;s <code>VolumeSize</code>, the size of
        the volume it was taken from, not the bytes it stores. OUTSCALE snapshots are incremental, so the space they use
        is usually much less.
      </p>
      {snapshots.isError && <ErrorPanel error={snapshots.error} title="The snapshots could not be read" onRetry={() => void snapshots.refetch()} />}
      {volumes.isError && <ErrorPanel error={volumes.error} title="The volumes could not be read" onRetry={() => void volumes.refetch()} />}
      {!overview && !snapshots.isError && !volumes.isError && (
        <p role="status">Loading snapshots and volumes…{progress ? ` ${progress.loaded.toLocaleString('en')} snapshots so far.` : ''}</p>
      )}
      {overview && overview.total.count === 0 && (
        <p className="rounded-md border border-line bg-surface p-4 text-sm">No snapshots yet: the figures appear here once there are some.</p>
      )}
      {overview && overview.total.count > 0 && (
        <>
          <Figures overview={overview} volumeCount={volumes.data?.length ?? 0} />
          <div className="grid gap-4 lg:grid-cols-2">
            <BarList id="chart-age" title="Age" rows={overview.ages} tone={() => 'link'}>
              <p className="text-xs text-soft">By creation day (UTC), youngest first.</p>
            </BarList>
            <BarList id="chart-state" title="By state" rows={overview.states} tone={(row) => STATE_TONES[row.label] ?? 'neutral'} />
            <BarList id="chart-orphaned" title="Orphaned snapshots by age" rows={overview.orphaned.ages} tone={() => 'neutral'} empty="None: every own snapshot's volume still exists.">
              <p className="text-xs text-soft">
                Own snapshots whose volume no longer exists ({overview.orphaned.volumes.length.toLocaleString('en')} deleted{' '}
                {overview.orphaned.volumes.length === 1 ? 'volume' : 'volumes'}).
              </p>
            </BarList>
            <BarList id="chart-copies" title="Copies by source" rows={overview.copies.sources} mono empty="No copies.">
              <p className="text-xs text-soft">
                Snapshots tagged <code>copied-from</code>: {overview.copies.count.toLocaleString('en')} copies of{' '}
                {overview.copies.sourceCount.toLocaleString('en')} sources{overview.copies.sourceCount > 10 ? ' (the 10 most copied shown)' : ''}.
              </p>
            </BarList>
            <BarList id="chart-top-count" title="Top 10 volumes by number of snapshots" rows={overview.topByCount} mono />
            <BarList id="chart-top-size" title="Top 10 volumes by total size of their snapshots" rows={overview.topBySize} measure="size" mono />
          </div>
        </>
      )}
    </div>
  );
}
