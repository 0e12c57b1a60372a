/**
 * "All connected Regions" (issue 15: the overview for the connected account and each connected Region): one row
 * per Region, each computed from that Region's own API through its own client (its account's snapshots, own and
 * shared with it, and its volumes), every number a link to that Region's list filtered to exactly those rows
 * (`region=` named in the link, whatever Region is shown). The Region shown reuses the page's own computation.
 */
import type { Connection, RegionConnection } from '../../lib/connection';
import { Link } from '../../lib/link';
import { inRegion } from '../../lib/region-links';
import { Button } from '../../components/ui/button';
import { count, formatSize } from './bar-list';
import type { Figure, Overview } from './overview-stats';
import { useOverview } from './use-overview';

const COLUMNS = [
  ['total', 'Snapshots', 'snapshots'],
  ['own', 'Own', 'own snapshots'],
  ['shared', 'Shared with you', 'snapshots shared with you'],
  ['error', 'In error', 'snapshots in error'],
  ['orphaned', 'Orphaned', 'orphaned snapshots'],
] as const;

const figuresOf = (o: Overview): Record<(typeof COLUMNS)[number][0], Figure> => ({ total: o.total, own: o.owner.mine, shared: o.owner.shared, error: o.errors, orphaned: o.orphaned });

/** `shown`: the page's own reads of the Region shown. */
export function RegionsSummary({ connection, shown }: { connection: Connection; shown: { overview: Overview | undefined; error: Error | null; onRetry: () => void } }) {
  return (
    <section aria-labelledby="regions-title" className="space-y-2">
      <h2 id="regions-title" className="text-heading">
        All connected Regions
      </h2>
      <p className="text-xs text-soft">Each Region read through its own account. Sizes: the sum of VolumeSize, as below.</p>
      <div className="relative overflow-x-auto rounded-md border border-line bg-surface">
        <table className="w-full text-sm" aria-labelledby="regions-title">
          <thead className="text-left text-xs text-soft">
            <tr>
              <th scope="col" className="px-2 py-1.5 font-medium">
                Region
              </th>
              {COLUMNS.map(([id, title]) => (
                <th key={id} scope="col" className="px-2 py-1.5 text-right font-medium">
                  {title}
                </th>
              ))}
              <th scope="col" className="px-2 py-1.5 text-right font-medium">
                Copies in flight
              </th>
            </tr>
          </thead>
          <tbody>
            {connection.regions.map((region) =>
              region.region === connection.region ? (
                <RegionRow key={region.region} region={region} {...shown} isShown />
              ) : (
                <OtherRegionRow key={region.region} region={region} />
              ),
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** A Region other than the one shown: read here, through its own client. */
function OtherRegionRow({ region }: { region: RegionConnection }) {
  const { overview, snapshots, volumes, refresh } = useOverview(region.client, region.accountId);
  const error = snapshots.error ?? volumes.error;
  return <RegionRow region={region} overview={overview} error={error} onRetry={refresh} />;
}

function RegionRow({ region, overview, isShown = false, error, onRetry }: { region: RegionConnection; overview: Overview | undefined; isShown?: boolean; error?: Error | null; onRetry?: () => void }) {
  const name = region.region;
  return (
    <tr className="border-t border-line-soft align-top" data-testid={`regions-row-${name}`}>
      <th scope="row" className="px-2 py-1.5 text-left font-normal">
        <Link to={inRegion('/overview', name)} className="font-medium whitespace-nowrap text-link underline" aria-current={isShown ? 'page' : undefined}>
          {name}
        </Link>
        <span className="block text-xs text-soft">
          {region.label}
          {isShown ? ' · shown below' : ''}
        </span>
      </th>
      {error ? (
        <td colSpan={COLUMNS.length + 1} className="px-2 py-1.5">
          <span role="alert">
            Could not read {name}: {error.message}
          </span>{' '}
          <Button variant="ghost" onClick={onRetry}>
            Retry
          </Button>
        </td>
      ) : !overview ? (
        <td colSpan={COLUMNS.length + 1} className="px-2 py-1.5 text-soft">
          Reading {name}…
        </td>
      ) : (
        <>
          {COLUMNS.map(([id, , what]) => (
            <td key={id} className="px-2 py-1.5 text-right tabular-nums" data-testid={`cell-${id}`}>
              <FigureLink figure={figuresOf(overview)[id]} region={name} what={what} />
            </td>
          ))}
          <td className="px-2 py-1.5 text-right tabular-nums whitespace-nowrap" data-testid="cell-in-flight">
            {overview.inFlight.map((row, i) => (
              <span key={row.label} className="block">
                {i > 0 && <span className="sr-only">, </span>}
                <Link to={inRegion(row.href, name)} className="text-link underline" data-testid={`in-flight-${row.label}`}>
                  {count(row.count)} {row.label}
                  <span className="sr-only"> copies in {name}</span>
                </Link>
              </span>
            ))}
          </td>
        </>
      )}
    </tr>
  );
}

/** A count and its size, one link to exactly its rows in `region` (a zero with no rows to show is plain text). */
function FigureLink({ figure, region, what }: { figure: Figure; region: string; what: string }) {
  const body = (
    <>
      <span data-testid="count">{count(figure.count)}</span>
      <span className="sr-only">
        {' '}
        {what} in {region},
      </span>
      <span className="block text-xs text-soft">{formatSize(figure.size)}</span>
    </>
  );
  if (!figure.href) return <span className="block">{body}</span>;
  return (
    <Link to={inRegion(figure.href, region)} className="block text-link underline">
      {body}
    </Link>
  );
}
