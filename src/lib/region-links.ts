/**
 * Links between Regions (issue 15: the Region the pages show is carried in the URL as `?region=NAME`; none is the
 * account's first Region). Used by the header's Region switch and the Overview, both loaded lazily: not part of
 * the first script. Carrying the Region shown into every in-page link is the router's (keepRegion).
 */
import { inRegion } from './router';
import { matchRoute } from './routes';

export { inRegion };

/** A path and query without its `region=`: the account's first Region. */
export function withoutRegion(pathname: string, search: string): string {
  const params = new URLSearchParams(search);
  params.delete('region');
  return params.size ? `${pathname}?${params}` : pathname;
}

const PAGE_PATHS = { list: '/', volumes: '/volumes', overview: '/overview' } as const;

/**
 * Where the Region switch goes: the same page in `region` (the list, the volumes or the overview, without their
 * filters, which name IDs of the Region left), or the list from a snapshot's page (its snapshot is in the other
 * Region). `first`: the account's first Region, which needs no `region=`.
 */
export function regionSwitchHref(pathname: string, region: string, first: string): string {
  const page = matchRoute(pathname).page;
  const path = page === 'volumes' || page === 'overview' ? PAGE_PATHS[page] : PAGE_PATHS.list;
  return region === first ? path : inRegion(path, region);
}
