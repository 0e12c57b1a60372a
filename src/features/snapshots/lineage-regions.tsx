/**
 * The detail page's lineage across Regions (issue 14 item 6): a snapshot made by the cross-Region route carries
 * the copy's provenance tags (copied-from, copied-from-region), so the source's page lists its copies in every
 * other connected Region (one ReadSnapshots per Region, with that Region's client), and the copy's page reads its
 * source in the source's Region. A Region with no key connected is said, not read.
 */
import { useQueries, useQuery } from '@tanstack/react-query';
import { PROVENANCE_KEYS } from '../../api/copy-form';
import { StateBadge } from '../../components/ui/state-badge';
import type { Connection } from '../../lib/connection';

/** "Copied from SNAP in REGION (state)", the source read with that Region's client when it is connected. */
export function SourceInRegion({ connection, id, region }: { connection: Connection; id: string; region: string }) {
  const client = connection.clientFor(region);
  const source = useQuery({
    queryKey: ['lineage', 'source', client?.identity ?? region, id],
    queryFn: async ({ signal }) => (await client!.call('ReadSnapshots', { Filters: { SnapshotIds: [id] } }, { signal })).Snapshots[0] ?? null,
    enabled: Boolean(client),
  });
  return (
    <>
      Copied from <span className="font-mono">{id}</span> in {region}{' '}
      {!client ? (
        <span className="text-soft">({region} is not connected: connect a key for it to read the source)</span>
      ) : source.data ? (
        <StateBadge state={source.data.State} />
      ) : source.isFetched ? (
        <span className="text-soft">(not found there any more)</span>
      ) : null}
    </>
  );
}

/** "Copied to SNAP in REGION (state)" for each copy in the other connected Regions. */
export function CopiesInOtherRegions({ connection, id }: { connection: Connection; id: string }) {
  const others = connection.regions.filter((r) => r.region !== connection.region);
  const copies = useQueries({
    queries: others.map((other) => ({
      queryKey: ['lineage', 'copies', other.client.identity, id],
      queryFn: async ({ signal }: { signal: AbortSignal }) =>
        (
          await other.client.call(
            'ReadSnapshots',
            { Filters: { Tags: [`${PROVENANCE_KEYS.source}=${id}`] } },
            { signal },
          )
        ).Snapshots.filter((copy) => copy.Tags.some((t) => t.Key === PROVENANCE_KEYS.region && t.Value === connection.region)),
    })),
  });
  return (
    <>
      {others.flatMap((other, at) =>
        (copies[at]?.data ?? []).map((copy) => (
          <li key={`${other.region}:${copy.SnapshotId}`}>
            Copied to <span className="font-mono">{copy.SnapshotId}</span> in {other.region} <StateBadge state={copy.State} />
          </li>
        )),
      )}
    </>
  );
}
