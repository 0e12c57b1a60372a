/**
 * The list's first ReadSnapshots, started before React renders anything (src/main.tsx). Through a distant cloud
 * its round trip is most of "navigation → first rows": sent from the snapshots page's first render, it waited
 * for the app's first render, the connection provider's effects, the answers about demo accounts and profiles,
 * and the render of the page itself. Here it waits only for those two answers, which index.html asks for while
 * the scripts download (`<link rel="preload" as="fetch">`).
 *
 * Everything goes into the react-query cache under the keys the app uses (demoAccountsQuery, profilesQuery,
 * snapshotQueries.list), so the connection provider and the snapshots page find it there and send nothing
 * twice. The connection is the one the provider makes (resolveConnection, same choice from the tab's storage);
 * on another page, or with no connection yet, nothing is read here and the app goes on as before.
 */
import type { QueryClient } from '@tanstack/react-query';
import { parseListState, toFiltersSnapshot } from './features/snapshots/list-state';
import { demoAccountsQuery, initialChoice, profilesQuery, resolveConnection, type Choice } from './lib/connection';
import { showRegion } from './lib/connection-provider';
import { matchRoute } from './lib/router';
import { snapshotQueries } from './lib/snapshot-queries';

/**
 * Resolves once the first read's request has been handed to fetch (signed), to true, or at once, to false, when
 * there is nothing to read here; never rejects (a failed read is the list query's error, shown by the page). The demo accounts
 * and profiles are asked for whatever the choice: the connection provider asks for them anyway.
 */
export async function startFirstRead(
  queryClient: QueryClient,
  where: Pick<Location, 'origin' | 'pathname' | 'search'> = window.location,
  choice: Choice = initialChoice(),
): Promise<boolean> {
  if (matchRoute(where.pathname).page !== 'list') return false;
  const { origin } = where;
  const [demo, profiles] = await Promise.all([
    queryClient.fetchQuery(demoAccountsQuery(origin)).catch(() => null),
    queryClient.fetchQuery(profilesQuery(origin)).catch(() => null),
  ]);
  return new Promise((settle) => {
    // The mark shows in bench/first-rows-trace.ts's waterfall (the read handed to fetch, signed).
    const fetchAndTell: typeof fetch = (input, init) => (performance.mark('first-read:sent'), settle(true), fetch(input, init));
    const params = new URLSearchParams(where.search);
    // The Region shown (?region=), as useConnection() gives it to the page.
    const connection = showRegion(resolveConnection(choice, demo, profiles, origin, { fetch: fetchAndTell }), params.get('region') ?? '');
    const view = parseListState(params);
    const options = connection && snapshotQueries.list(connection.client, toFiltersSnapshot(view, connection.accountId));
    if (!options || queryClient.getQueryState(options.queryKey)) return settle(false);
    void queryClient.prefetchQuery(options).finally(() => settle(false));
  });
}
