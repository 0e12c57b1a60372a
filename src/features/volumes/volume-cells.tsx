/**
 * What a volume's row shows, for the table and the phone's cards alike: the copy-ID button, the state (icon and
 * word, never colour alone), the snapshot count (a link to the snapshots list filtered by the volume), the latest
 * snapshot (a link to its page), and the row's action, *Snapshot this volume*.
 */
import type { Volume } from '../../api/schemas';
import { formatDateTime, formatRelative } from '../../components/ui/time';
import { openAction } from '../../lib/action-url';
import { Link } from '../../lib/link';
import { snapshotHref } from '../../lib/router';
import { snapshotsOfVolumeHref, type VolumeRow } from './volume-list';

export const MUTED = 'text-muted';
export const LINK = 'text-link underline-offset-2 hover:underline';

const LOOKS: Record<string, { icon: string; className: string }> = {
  available: { icon: '✓', className: 'text-state-ok' },
  'in-use': { icon: '●', className: 'text-state-ok' },
  creating: { icon: '◔', className: 'text-state-neutral' },
  deleting: { icon: '−', className: 'text-state-warn' },
  error: { icon: '✕', className: 'text-state-error' },
};

export function VolumeState({ state }: { state: string }) {
  const look = LOOKS[state] ?? { icon: '○', className: 'text-state-neutral' };
  return (
    <span className={`inline-flex items-center gap-1 text-xs font-medium whitespace-nowrap ${look.className}`}>
      <span aria-hidden="true">{look.icon}</span>
      <span>{state}</span>
    </span>
  );
}

export const tagsText = (volume: Volume) =>
  volume.Tags.filter((tag) => tag.Key !== 'Name')
    .map((tag) => `${tag.Key}=${tag.Value}`)
    .join(', ');

/** "3 snapshots", a link to the list of them; "…" while the counts are read. */
export function SnapshotCount({ row }: { row: VolumeRow }) {
  if (!row.stats) return <span className={MUTED}>…</span>;
  const { count } = row.stats;
  return (
    <Link to={snapshotsOfVolumeHref(row.volume.VolumeId)} tabIndex={-1} className={`${LINK} underline tabular-nums`} aria-label={`${count} snapshot${count === 1 ? '' : 's'} of ${row.volume.VolumeId}`}>
      {count}
    </Link>
  );
}

export function LatestSnapshot({ row, now }: { row: VolumeRow; now: number }) {
  const latest = row.stats?.latest;
  if (!row.stats) return <span className={MUTED}>…</span>;
  if (!latest) return <span className={MUTED}>none yet</span>;
  const date = new Date(latest.CreationDate);
  return (
    <span className="block leading-tight">
      <Link to={snapshotHref(latest.SnapshotId)} tabIndex={-1} className={`${LINK} font-mono text-xs`} aria-label={`Latest snapshot of ${row.volume.VolumeId}: ${latest.SnapshotId}`}>
        {latest.SnapshotId}
      </Link>
      <time dateTime={latest.CreationDate} title={formatDateTime(date)} className={`block text-xs ${MUTED}`}>
        {formatRelative(date, now)}
        {latest.State !== 'completed' ? ` · ${latest.State}` : ''}
      </time>
    </span>
  );
}

export const ACTION =
  'rounded px-2 py-1 text-xs font-medium text-link hover:bg-blue-50 focus-visible:outline-2 focus-visible:outline-blue-600 dark:hover:bg-slate-800';

export function SnapshotAction({ id }: { id: string }) {
  return (
    <button type="button" tabIndex={-1} className={ACTION} aria-label={`Snapshot ${id}`} title="Snapshot this volume" onClick={() => openAction('snapshot-volume', id)}>
      Snapshot
    </button>
  );
}
