import type { ListState } from './list-state';

/** The list's server-side filters, each a field of the filter bar (the search is not one of them). */
export const FILTER_KEYS = ['state', 'owner', 'tag', 'volume', 'from', 'to'] as const satisfies readonly (keyof ListState)[];

/** How many filters are on, for the phone's "Filters (n)" button: each set field counts once. */
export function activeFilterCount(view: Partial<ListState>): number {
  return FILTER_KEYS.filter((key) => Boolean(view[key])).length;
}
