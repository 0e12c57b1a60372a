/**
 * The Volumes page (`/volumes`, issue 12 item 4): every volume of the account (ReadVolumes, all pages), with how
 * many snapshots each has and its latest one, from ONE ReadSnapshots filtered by all their IDs. State, type and
 * Subregion filter on the server, the search in the page; all of it, and the sort, lives in the URL. Each row
 * offers *Snapshot this volume*. Loaded lazily: the first screen of most visits is the snapshots list.
 */
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Button } from '../../components/ui/button';
import { ErrorPanel } from '../../components/ui/error-panel';
import { inputClass } from '../../components/ui/field';
import { useConnection } from '../../lib/connection-provider';
import { useDroppedParams } from '../../lib/dropped-params';
import IgnoredNote from '../../components/ui/ignored-note';
import { navigate, useLocation } from '../../lib/router';
import { snapshotQueries } from '../../lib/snapshot-queries';
import {
  countFilters,
  invalidVolumeParams,
  parseVolumeView,
  searchVolumeRows,
  serializeVolumeView,
  sortVolumeRows,
  statsByVolume,
  toFiltersVolume,
  VOLUME_STATES,
  VOLUME_TYPES,
  volumeRows,
  type VolumeView,
} from './volume-list';
import { volumeQueries } from './volume-queries';
import { VolumeTable } from './volume-table';

const count = (n: number) => n.toLocaleString('en');
const SELECT = `${inputClass} w-auto`;

export default function VolumesPage() {
  const connection = useConnection();
  const location = useLocation();
  const view = useMemo(() => parseVolumeView(location.searchParams), [location.search]); // eslint-disable-line react-hooks/exhaustive-deps
  const filters = useMemo(() => toFiltersVolume(view), [view]);
  const volumes = useQuery(volumeQueries.list(connection.client, filters));
  const ids = useMemo(() => (volumes.data ?? []).map((v) => v.VolumeId), [volumes.data]);
  const reads = useMemo(() => countFilters(ids, connection.accountId), [ids, connection.accountId]);
  // A snapshots list (the same cache the snapshots page uses): a snapshot made from here joins it at once.
  const counts = useQuery({ ...snapshotQueries.list(connection.client, reads ?? {}), enabled: reads !== undefined });
  const stats = useMemo(() => (reads === undefined ? new Map() : counts.data ? statsByVolume(counts.data) : undefined), [reads, counts.data]);

  // A link's values that make no sense are dropped from the URL, and the page says which.
  const { ignored, dismiss } = useDroppedParams(location, invalidVolumeParams(location.searchParams, view));

  const rows = useMemo(() => volumeRows(volumes.data ?? [], stats), [volumes.data, stats]);
  const sorted = useMemo(() => sortVolumeRows(rows, view.sort, view.dir), [rows, view.sort, view.dir]);
  const visible = useMemo(() => searchVolumeRows(sorted, view.q), [sorted, view.q]);
  const update = (patch: Partial<VolumeView>, replace = false) => navigate(`/volumes${serializeVolumeView({ ...view, ...patch })}`, { replace });
  const filtered = Boolean(view.state || view.type || view.subregion || view.q);
  const refresh = () => {
    void volumes.refetch();
    if (reads) void counts.refetch();
  };
  const subregions = ['a', 'b', 'c'].map((zone) => `${connection.region}${zone}`);

  return (
    <section aria-labelledby="volumes-heading" className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1 id="volumes-heading" className="text-title">
          Volumes
        </h1>
        <Button variant="secondary" onClick={refresh} disabled={volumes.isFetching || counts.isFetching}>
          {volumes.isPending ? 'Loading…' : volumes.isFetching || counts.isFetching ? 'Refreshing…' : 'Refresh'}
        </Button>
      </div>
      {ignored && <IgnoredNote text={ignored} onDismiss={dismiss} />}
      <div role="group" aria-label="Filters" className="flex flex-wrap items-end gap-3">
        <label className="flex w-full max-w-xs flex-col gap-1 text-sm">
          <span className="font-medium">Search</span>
          <input
            type="search"
            aria-label="Search volumes"
            placeholder="ID, Name, tags, VM…"
            className={inputClass}
            value={view.q ?? ''}
            onChange={(event) => update({ q: event.target.value || undefined }, true)}
          />
        </label>
        {(
          [
            ['state', 'State', VOLUME_STATES],
            ['type', 'Type', VOLUME_TYPES],
            ['subregion', 'Subregion', subregions],
          ] as const
        ).map(([key, label, options]) => (
          <div key={key} className="flex flex-col gap-1 text-sm">
            <label htmlFor={`volumes-${key}`} className="font-medium">
              {label}
            </label>
            <select id={`volumes-${key}`} className={SELECT} value={view[key] ?? ''} onChange={(event) => update({ [key]: event.target.value || undefined })}>
              <option value="">Any</option>
              {options.map((option) => (
                <option key={option} value={option}>
                  {option}
                </option>
              ))}
            </select>
          </div>
        ))}
      </div>
      <p role="status" className="text-sm text-soft">
        {volumes.data ? `Showing ${count(visible.length)} of ${count(rows.length)} volumes` : ''}
        {volumes.data && reads && counts.isPending ? '; counting their snapshots…' : ''}
      </p>
      {volumes.isPending && <p role="status">Loading volumes…</p>}
      {volumes.isError && <ErrorPanel error={volumes.error} onRetry={() => void volumes.refetch()} />}
      {counts.isError && <ErrorPanel error={counts.error} title="The snapshot counts could not be read" onRetry={() => void counts.refetch()} />}
      {volumes.data && visible.length === 0 && (
        <div className="rounded-md border border-dashed border-control p-6 text-center">
          {filtered ? (
            <>
              <p className="font-medium">No volume matches these filters.</p>
              <Button className="mt-2" variant="secondary" onClick={() => navigate('/volumes')}>
                Clear filters and search
              </Button>
            </>
          ) : (
            <p>
              <span className="font-medium">No volumes in this account.</span> Volumes are created with a VM or with CreateVolume; this console
              does not create them.
            </p>
          )}
        </div>
      )}
      {visible.length > 0 && (
        <>
          <VolumeTable rows={visible} view={view} now={counts.dataUpdatedAt || volumes.dataUpdatedAt} onSort={(key) => update({ sort: key, dir: view.sort === key && view.dir === 'asc' ? 'desc' : 'asc' })} />
          <p className="text-xs text-muted">
            Keyboard: the list is one Tab stop; arrows move between volumes, Enter opens a volume&apos;s snapshots, <kbd>s</kbd> snapshots it.
          </p>
        </>
      )}
    </section>
  );
}
