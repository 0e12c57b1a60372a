/**
 * The Volumes page's view as it lives in the URL (`/volumes?state=in-use&q=app&sort=snapshots&dir=desc`), its
 * mapping to ReadVolumes filters (state, type and Subregion run on the server, the search in the page), and the
 * rows: each volume with how many snapshots it has and its latest one, from ONE ReadSnapshots filtered by every
 * listed volume's ID (never one call per volume).
 */
import type { ActionRequest, FiltersSnapshot } from '../../api/requests';
import type { Snapshot, Volume } from '../../api/schemas';

export const VOLUME_STATES = ['creating', 'available', 'in-use', 'deleting', 'error'] as const;
export const VOLUME_TYPES = ['standard', 'gp2', 'io1'] as const;
const SUBREGION = /^[a-z]{2}-[a-z]+-\d[a-z]$/;

export const VOLUME_SORT_KEYS = ['id', 'name', 'size', 'type', 'state', 'vm', 'subregion', 'snapshots', 'latest'] as const;
export type VolumeSortKey = (typeof VOLUME_SORT_KEYS)[number];

export interface VolumeView {
  state?: string;
  type?: string;
  subregion?: string;
  /** Instant text search over ID, Name, tags and attached VM, in the page. */
  q?: string;
  sort: VolumeSortKey;
  dir: 'asc' | 'desc';
}

export const DEFAULT_VOLUME_SORT: Pick<VolumeView, 'sort' | 'dir'> = { sort: 'id', dir: 'asc' };

const oneOf = <T extends string>(list: readonly T[], value: string | undefined): value is T => value !== undefined && (list as readonly string[]).includes(value);

export function parseVolumeView(params: URLSearchParams): VolumeView {
  const get = (name: string) => params.get(name)?.trim() || undefined;
  const [state, type, subregion, sort, dir] = [get('state'), get('type'), get('subregion'), get('sort'), get('dir')];
  return {
    ...(oneOf(VOLUME_STATES, state) ? { state } : {}),
    ...(oneOf(VOLUME_TYPES, type) ? { type } : {}),
    ...(subregion && SUBREGION.test(subregion) ? { subregion } : {}),
    ...(params.get('q') ? { q: params.get('q')! } : {}),
    sort: oneOf(VOLUME_SORT_KEYS, sort) ? sort : DEFAULT_VOLUME_SORT.sort,
    dir: dir === 'asc' || dir === 'desc' ? dir : DEFAULT_VOLUME_SORT.dir,
  };
}

/** The link's parameters whose value makes no sense (`state=bogus`): dropped from the URL, and named. */
export function invalidVolumeParams(params: URLSearchParams, view = parseVolumeView(params)): string[] {
  return (['state', 'type', 'subregion', 'sort', 'dir'] as const).filter((name) => {
    const raw = params.get(name)?.trim();
    return raw && view[name] !== raw;
  });
}

/** The query string of a view (defaults left out, so links stay short). */
export function serializeVolumeView(view: VolumeView): string {
  const params = new URLSearchParams();
  for (const name of ['state', 'type', 'subregion', 'q'] as const) {
    const value = view[name];
    if (value) params.set(name, value);
  }
  if (view.sort !== DEFAULT_VOLUME_SORT.sort || view.dir !== DEFAULT_VOLUME_SORT.dir) {
    params.set('sort', view.sort);
    params.set('dir', view.dir);
  }
  const query = params.toString();
  return query ? `?${query}` : '';
}

export type FiltersVolume = NonNullable<ActionRequest<'ReadVolumes'>['Filters']>;

export function toFiltersVolume(view: VolumeView): FiltersVolume {
  return {
    ...(view.state ? { VolumeStates: [view.state] } : {}),
    ...(view.type ? { VolumeTypes: [view.type] } : {}),
    ...(view.subregion ? { SubregionNames: [view.subregion] } : {}),
  };
}

/**
 * The one ReadSnapshots that counts the snapshots of these volumes: the caller's own (AccountIds), filtered by
 * every volume's ID. Undefined when there is no volume to count for.
 */
export function countFilters(volumeIds: readonly string[], me: string): FiltersSnapshot | undefined {
  return volumeIds.length ? { AccountIds: [me], VolumeIds: [...volumeIds].sort() } : undefined;
}

/**
 * The snapshots list filtered by one volume: the same reads as the count (own snapshots of that volume), by its
 * URL (the list's `owner` and `volume` parameters), so the number and the list agree.
 */
export function snapshotsOfVolumeHref(volumeId: string): string {
  return `/?${new URLSearchParams({ owner: 'mine', volume: volumeId })}`;
}

export interface SnapshotStats {
  count: number;
  /** The most recently created snapshot (any state). */
  latest?: Snapshot;
}

export function statsByVolume(snapshots: readonly Snapshot[]): Map<string, SnapshotStats> {
  const stats = new Map<string, SnapshotStats>();
  for (const snapshot of snapshots) {
    if (!snapshot.VolumeId) continue;
    const entry = stats.get(snapshot.VolumeId) ?? { count: 0 };
    entry.count += 1;
    const latest = entry.latest;
    if (!latest || latest.CreationDate < snapshot.CreationDate || (latest.CreationDate === snapshot.CreationDate && latest.SnapshotId < snapshot.SnapshotId)) {
      entry.latest = snapshot;
    }
    stats.set(snapshot.VolumeId, entry);
  }
  return stats;
}

export interface VolumeRow {
  volume: Volume;
  name: string;
  /** The VM the volume is attached to, '' when none. */
  vm: string;
  /** undefined while the counts are being read. */
  stats: SnapshotStats | undefined;
  haystack: string;
}

export function volumeRows(volumes: readonly Volume[], stats: Map<string, SnapshotStats> | undefined): VolumeRow[] {
  return volumes.map((volume) => {
    const name = volume.Tags.find((tag) => tag.Key === 'Name')?.Value ?? '';
    const vm = volume.LinkedVolumes.find((link) => link.VmId)?.VmId ?? '';
    return {
      volume,
      name,
      vm,
      stats: stats ? (stats.get(volume.VolumeId) ?? { count: 0 }) : undefined,
      haystack: [volume.VolumeId, vm, ...volume.Tags.map((tag) => `${tag.Key}=${tag.Value}`)].join('\n').toLowerCase(),
    };
  });
}

const byText = (a: string, b: string) => a.localeCompare(b);
const compare: Record<VolumeSortKey, (a: VolumeRow, b: VolumeRow) => number> = {
  id: (a, b) => byText(a.volume.VolumeId, b.volume.VolumeId),
  name: (a, b) => byText(a.name, b.name),
  size: (a, b) => a.volume.Size - b.volume.Size,
  type: (a, b) => byText(a.volume.VolumeType, b.volume.VolumeType),
  state: (a, b) => byText(a.volume.State, b.volume.State),
  vm: (a, b) => byText(a.vm, b.vm),
  subregion: (a, b) => byText(a.volume.SubregionName, b.volume.SubregionName),
  snapshots: (a, b) => (a.stats?.count ?? 0) - (b.stats?.count ?? 0),
  latest: (a, b) => byText(a.stats?.latest?.CreationDate ?? '', b.stats?.latest?.CreationDate ?? ''),
};

/** Sorted by a column, ties by volume ID (always ascending), so the order is stable. */
export function sortVolumeRows(rows: readonly VolumeRow[], key: VolumeSortKey, dir: 'asc' | 'desc'): VolumeRow[] {
  const sign = dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => sign * compare[key](a, b) || compare.id(a, b));
}

/** Rows whose ID, Name, tags or attached VM contain every word of the search (case ignored). */
export function searchVolumeRows(rows: readonly VolumeRow[], q: string | undefined): readonly VolumeRow[] {
  const words = (q ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return rows;
  return rows.filter((row) => words.every((word) => row.haystack.includes(word)));
}
