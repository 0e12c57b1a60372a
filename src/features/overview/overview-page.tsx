/**
 * The Overview page (`/overview`, issue 15): where the snapshots pile up, as figures and bar charts whose every
 * number and bar opens the snapshots list filtered to exactly those rows. Computed in the page from the API only:
 * the list's default view (own and shared with me, every page of ReadSnapshots; the same cache as the list, so
 * a list already read costs nothing) and every volume of ReadVolumes (src/features/overview/use-overview.ts).
 * With several Regions connected, "All connected Regions" comes first (one row per Region, each read through its
 * own client), then the whole page for the Region shown (`?region=`). Loaded lazily, like every page but the list.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Button } from '../../components/ui/button';
import { ErrorPanel } from '../../components/ui/error-panel';
import { useConnection } from '../../lib/connection-provider';
import { BarList, type Tone } from './bar-list';
import { Figures } from './figures';
import { RegionsSummary } from './regions-summary';
import { overviewQueries, useOverview } from './use-overview';

const STATE_TONES: Record<string, Tone> = { completed: 'ok', error: 'error', deleting: 'warn' };

export default function OverviewPage() {
  const connection = useConnection();
  const queryClient = useQueryClient();
  const { overview, snapshots, volumes, progress, refresh, volumeCount } = useOverview(connection.client, connection.accountId, true);
  const several = connection.regions.length > 1;
  useEffect(() => {
    if (!overview) return;
    // For bench/overview.ts: from the computation to the first frame drawn after it.
    const frame = requestAnimationFrame(() => {
      performance.mark('overview:drawn');
      performance.measure('overview:compute-and-draw', 'overview:compute', 'overview:drawn');
    });
    return () => cancelAnimationFrame(frame);
  }, [overview]);
  const refreshAll = () => {
    refresh();
    // The other Regions' rows read again too (each its own account's reads).
    for (const other of connection.regions) {
      if (other.region === connection.region) continue;
      const queries = overviewQueries(other.client, other.accountId);
      void queryClient.refetchQueries({ queryKey: queries.list.queryKey, exact: true });
      void queryClient.refetchQueries({ queryKey: queries.volumes.queryKey, exact: true });
    }
  };

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-baseline gap-x-4 gap-y-2">
        <h1 className="text-title">Overview</h1>
        <p className="text-sm text-soft">
          {several
            ? `Your snapshots and those shared with you (public snapshots are not counted): each connected Region at a glance, then ${connection.region} in detail.`
            : `Your snapshots and those shared with you in ${connection.region} (public snapshots are not counted).`}
        </p>
        <Button variant="secondary" className="ml-auto" onClick={refreshAll} disabled={snapshots.isFetching || volumes.isFetching}>
          Refresh
        </Button>
      </div>
      <p className="rounded-md border border-line bg-surface p-3 text-sm">
        <strong>About sizes:</strong> a size here is the sum of each snapshot&apos;s <code>VolumeSize</code>, the size of
        the volume it was taken from, not the bytes it stores. OUTSCALE snapshots are incremental, so the space they use
        is usually much less.
      </p>
      {several && <RegionsSummary connection={connection} shown={{ overview, error: snapshots.error ?? volumes.error, onRetry: refresh }} />}
      {several && (
        <h2 className="text-heading" id="region-shown">
          {connection.region} <span className="text-sm font-normal text-soft">· {connection.label}</span>
        </h2>
      )}
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
          <Figures overview={overview} volumeCount={volumeCount} />
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
