/**
 * Whether a snapshot belongs in a list read with these FiltersSnapshot, judged in the page as OUTSCALE judges
 * it on the server: values in one list are OR'ed, filters are AND'ed, matching is exact; a Tags entry is
 * KEY=VALUE split at the first `=` (a key alone without one). A snapshot the page learns about without
 * re-reading a list (a new copy, a poll) goes only into the lists it matches. `undefined`: a filter this page
 * cannot judge (the caller re-reads that list instead). A list read as several reads (an array of
 * FiltersSnapshot, e.g. the default view: own, then shared with me) holds a snapshot that any of them matches.
 */
import type { FiltersSnapshot } from '../api/requests';
import type { Snapshot } from '../api/schemas';

const dayBound = (value: string, end: boolean) =>
  /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00.000Z`) + (end ? 86_400_000 - 1 : 0) : Date.parse(value);

export function matchesFilters(s: Snapshot, filters: FiltersSnapshot | readonly FiltersSnapshot[]): boolean | undefined {
  if (Array.isArray(filters)) {
    let unsure = false;
    for (const one of filters as readonly FiltersSnapshot[]) {
      const match = matchesFilters(s, one);
      if (match) return true;
      if (match === undefined) unsure = true;
    }
    return unsure ? undefined : false;
  }
  return matchesOne(s, filters as FiltersSnapshot);
}

function matchesOne(s: Snapshot, filters: FiltersSnapshot): boolean | undefined {
  const oneOf = <T>(list: T[] | undefined, value: T | undefined) => !list || (value !== undefined && list.includes(value));
  const anyOf = <T>(list: T[] | undefined, values: T[]) => !list || values.some((value) => list.includes(value));
  const created = Date.parse(s.CreationDate);
  for (const key of Object.keys(filters)) {
    const value = filters[key as keyof FiltersSnapshot];
    if (value === undefined) continue;
    switch (key as keyof FiltersSnapshot) {
      case 'AccountAliases': if (!oneOf(filters.AccountAliases, s.AccountAlias)) return false; break;
      case 'AccountIds': if (!oneOf(filters.AccountIds, s.AccountId)) return false; break;
      case 'ClientTokens': if (!oneOf(filters.ClientTokens, s.ClientToken)) return false; break;
      case 'Descriptions': if (!oneOf(filters.Descriptions, s.Description ?? '')) return false; break;
      case 'SnapshotIds': if (!oneOf(filters.SnapshotIds, s.SnapshotId)) return false; break;
      case 'States': if (!oneOf(filters.States, s.State)) return false; break;
      case 'Progresses': if (!oneOf(filters.Progresses, s.Progress)) return false; break;
      case 'VolumeIds': if (!oneOf(filters.VolumeIds, s.VolumeId)) return false; break;
      case 'VolumeSizes': if (!oneOf(filters.VolumeSizes, s.VolumeSize)) return false; break;
      case 'FromCreationDate': if (!(created >= dayBound(filters.FromCreationDate!, false))) return false; break;
      case 'ToCreationDate': if (!(created <= dayBound(filters.ToCreationDate!, true))) return false; break;
      case 'PermissionsToCreateVolumeGlobalPermission':
        if (s.PermissionsToCreateVolume.GlobalPermission !== filters.PermissionsToCreateVolumeGlobalPermission) return false;
        break;
      case 'PermissionsToCreateVolumeAccountIds':
        if (!anyOf(filters.PermissionsToCreateVolumeAccountIds, s.PermissionsToCreateVolume.AccountIds)) return false;
        break;
      case 'TagKeys': if (!anyOf(filters.TagKeys, s.Tags.map((t) => t.Key))) return false; break;
      case 'TagValues': if (!anyOf(filters.TagValues, s.Tags.map((t) => t.Value))) return false; break;
      case 'Tags': {
        const wanted = filters.Tags!;
        const hit = s.Tags.some((t) => wanted.some((entry) => (entry.includes('=') ? entry === `${t.Key}=${t.Value}` && entry.indexOf('=') === t.Key.length : entry === t.Key)));
        if (!hit) return false;
        break;
      }
      default:
        return undefined;
    }
  }
  return true;
}
