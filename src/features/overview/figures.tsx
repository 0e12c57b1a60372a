/**
 * The overview's headline numbers, each a link to the list filtered to exactly its snapshots (a zero that has
 * no rows to show is plain text).
 */
import { Link } from '../../lib/link';
import { count, formatSize } from './bar-list';
import type { Figure, Overview } from './overview-stats';

interface Tile {
  id: string;
  label: string;
  figure: Figure;
  note?: string;
  tone?: string;
}

export function Figures({ overview, volumeCount }: { overview: Overview; volumeCount: number }) {
  const inFlight = overview.inFlight.reduce((sum, row) => sum + row.count, 0);
  const tiles: Tile[] = [
    { id: 'total', label: 'Snapshots', figure: overview.total },
    { id: 'own', label: 'Own', figure: overview.owner.mine },
    { id: 'shared', label: 'Shared with you', figure: overview.owner.shared },
    { id: 'error', label: 'In error', figure: overview.errors, tone: overview.errors.count ? 'text-state-error' : undefined },
    {
      id: 'orphaned',
      label: 'Orphaned',
      figure: overview.orphaned,
      note: `volume deleted (${count(volumeCount)} volumes remain)`,
    },
    { id: 'copies', label: 'Copies', figure: overview.copies, note: `of ${count(overview.copies.sourceCount)} sources` },
  ];
  return (
    <section aria-labelledby="figures-title" className="space-y-2">
      <h2 id="figures-title" className="sr-only">
        Totals
      </h2>
      <ul className="grid grid-cols-2 gap-2 sm:grid-cols-3 lg:grid-cols-6">
        {tiles.map((tile) => (
          <li key={tile.id} className="min-w-0 rounded-md border border-line bg-surface" data-testid={`figure-${tile.id}`}>
            <TileBody tile={tile} />
          </li>
        ))}
      </ul>
      <p className="text-sm">
        Copies in flight:{' '}
        {overview.inFlight.map((row, i) => (
          <span key={row.label}>
            {i > 0 && ', '}
            <Link to={row.href} className="text-link underline" data-testid={`in-flight-${row.label}`}>
              {count(row.count)} {row.label}
            </Link>
          </span>
        ))}{' '}
        ({count(inFlight)} in all).
      </p>
    </section>
  );
}

function TileBody({ tile }: { tile: Tile }) {
  const body = (
    <>
      <span className="block text-xs text-soft">{tile.label}</span>
      <span className={`block text-title tabular-nums ${tile.tone ?? ''}`} data-testid="figure-count">
        {count(tile.figure.count)}
      </span>
      <span className="block text-xs text-soft">
        {formatSize(tile.figure.size)}
        {tile.note ? ` · ${tile.note}` : ''}
      </span>
    </>
  );
  if (!tile.figure.href) return <div className="p-3">{body}</div>;
  return (
    <Link to={tile.figure.href} className="block h-full rounded-md p-3 hover:bg-hover">
      {body}
    </Link>
  );
}
