/**
 * The dashboard's pages by path: no React here, so src/early-read.ts, which runs before the app's scripts, can
 * tell the list page (src/lib/router.ts is the router itself).
 */
export type Route = { page: 'list' } | { page: 'detail'; snapshotId: string } | { page: 'volumes' } | { page: 'overview' } | { page: 'not-found' };

export function matchRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '/snapshots' || pathname === '/snapshots/') return { page: 'list' };
  if (pathname === '/volumes' || pathname === '/volumes/') return { page: 'volumes' };
  if (pathname === '/overview' || pathname === '/overview/') return { page: 'overview' };
  const detail = /^\/snapshots\/([^/]+)\/?$/.exec(pathname);
  if (detail?.[1]) return { page: 'detail', snapshotId: decodeURIComponent(detail[1]) };
  return { page: 'not-found' };
}
