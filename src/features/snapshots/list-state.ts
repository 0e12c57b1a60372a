/**
 * The list page's view (filters, search, sort) as it lives in the URL, and its mapping to OUTSCALE's
 * FiltersSnapshot, so filters run on the server and a link reproduces the view.
 */
import type { FiltersSnapshot } from '../../api/requests';
import type { ListReads } from '../../lib/snapshot-queries';
import { VOLUME_ID_PATTERN } from '../../api/ids';
import { SNAPSHOT_STATES } from '../../api/states';

import { OWNER_KINDS, type OwnerKind } from '../../lib/owner';

export const SORT_KEYS = ['id', 'name', 'description', 'volume', 'size', 'state', 'progress', 'owner', 'created'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

/**
 * Whose snapshots the list shows. None (the default): mine and those shared with me, as the AWS console's
 * "Owned by me" default, without the public crowd of a Region (thousands of the publisher's OS images).
 */
export const OWNER_VIEWS = [...OWNER_KINDS, 'all'] as const;
export type OwnerView = OwnerKind | 'all';

export interface ListState {
  state?: string;
  owner?: OwnerView;
  /** `KEY=VALUE`, or `KEY` alone: any snapshot with that tag key (TagKeys) */
  tag?: string;
  /** One volume ID, or several separated by commas (the overview's orphaned snapshots) */
  volume?: string;
  /** YYYY-MM-DD, inclusive */
  from?: string;
  to?: string;
  /** instant text search, client side */
  q?: string;
  sort: SortKey;
  dir: 'asc' | 'desc';
}

export const DEFAULT_SORT: Pick<ListState, 'sort' | 'dir'> = { sort: 'created', dir: 'desc' };

/** A real calendar day as YYYY-MM-DD (not 2026-13-45). */
const DATE = { test: (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)) && new Date(value).toISOString().startsWith(value) };
/** One volume ID or several, comma-separated. */
const VOLUMES = { test: (value: string) => value.split(',').every((id) => VOLUME_ID_PATTERN.test(id)) };
const includes = <T extends string>(list: readonly T[], value: string | null): value is T =>
  value !== null && (list as readonly string[]).includes(value);

export function parseListState(params: URLSearchParams): ListState {
  const text = (name: string, pattern?: { test: (value: string) => boolean }) => {
    const value = params.get(name)?.trim();
    return value && (!pattern || pattern.test(value)) ? value : undefined;
  };
  const get = (name: string) => params.get(name)?.trim() ?? null;
  const [state, owner, sort, dir] = [get('state'), get('owner'), get('sort'), get('dir')];
  return {
    state: includes(SNAPSHOT_STATES, state) ? state : undefined,
    owner: includes(OWNER_VIEWS, owner) ? owner : undefined,
    tag: text('tag', /^[^=]+(=.*)?$/),
    volume: text('volume', VOLUMES),
    from: text('from', DATE),
    to: text('to', DATE),
    q: params.get('q') ?? undefined,
    sort: includes(SORT_KEYS, sort) ? sort : DEFAULT_SORT.sort,
    dir: dir === 'asc' || dir === 'desc' ? dir : DEFAULT_SORT.dir,
  };
}

/**
 * The view's parameters a link carries with a value that makes no sense (`state=bogus`): the page drops them
 * from the URL and says which, rather than showing a view the URL does not describe.
 */
export function invalidListParams(params: URLSearchParams, view = parseListState(params)): string[] {
  return (['state', 'owner', 'tag', 'volume', 'from', 'to', 'sort', 'dir'] as const).filter((name) => {
    const raw = params.get(name)?.trim();
    return raw && view[name] !== raw;
  });
}

/** The query string for a view; defaults are left out so links stay short. */
export function serializeListState(state: ListState): string {
  const params = new URLSearchParams();
  const set = (name: string, value: string | undefined) => {
    if (value) params.set(name, value);
  };
  set('state', state.state);
  set('owner', state.owner);
  set('tag', state.tag);
  set('volume', state.volume);
  set('from', state.from);
  set('to', state.to);
  set('q', state.q);
  if (state.sort !== DEFAULT_SORT.sort || state.dir !== DEFAULT_SORT.dir) {
    params.set('sort', state.sort);
    params.set('dir', state.dir);
  }
  const query = params.toString();
  return query ? `?${query}` : '';
}

/**
 * The server-side part of the view, as ReadSnapshots filters. `me` is the caller's account ID. The default
 * view is two reads side by side, own (AccountIds) and shared with me (PermissionsToCreateVolumeAccountIds):
 * both are answered by the server from what they select, so the cost is that of the operator's own snapshots
 * whatever the size of the public crowd, where one unfiltered read filtered in the page would fetch every public
 * snapshot of the Region first (OUTSCALE has no "not public" filter).
 */
export function toFiltersSnapshot(state: ListState, me: string): ListReads {
  const filters: FiltersSnapshot = {};
  if (state.state) filters.States = [state.state];
  if (state.owner === 'mine') filters.AccountIds = [me];
  if (state.owner === 'shared') filters.PermissionsToCreateVolumeAccountIds = [me];
  if (state.owner === 'public') filters.PermissionsToCreateVolumeGlobalPermission = true;
  if (state.tag) {
    if (state.tag.includes('=')) filters.Tags = [state.tag];
    else filters.TagKeys = [state.tag];
  }
  if (state.volume) filters.VolumeIds = state.volume.split(',');
  if (state.from) filters.FromCreationDate = `${state.from}T00:00:00.000Z`;
  if (state.to) filters.ToCreationDate = `${state.to}T23:59:59.999Z`;
  if (!state.owner) return [{ AccountIds: [me], ...filters }, { PermissionsToCreateVolumeAccountIds: [me], ...filters }];
  return filters;
}

/** Whose snapshot it is, from the caller's point of view. */
