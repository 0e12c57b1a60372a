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
import { matchRoute } from './lib/router';
import { snapshotQueries } from './lib/snapshot-queries';

/**
 * Resolves once the first read's request has been handed to fetch (signed), or at once when there is nothing
 * to read here; never rejects (a failed read is the list query's error, shown by the page).
 */
export async function startFirstRead(
  queryClient: QueryClient,
  where: Pick<Location, 'origin' | 'pathname' | 'search'> = window.location,
  choice: Choice = initialChoice(),
): Promise<void> {
  if (matchRoute(where.pathname).page !== 'list' || choice.kind === 'none') return;
  const { origin } = where;
  const answer = <T>(work: Promise<T>) => work.catch(() => null);
  const [demo, profiles] =
    choice.kind === 'cloud'
      ? [undefined, undefined]
      : await Promise.all([answer(queryClient.fetchQuery(demoAccountsQuery(origin))), answer(queryClient.fetchQuery(profilesQuery(origin)))]);
  let sent = () => {};
  const handedOver = new Promise<void>((resolve) => (sent = resolve));
  const fetchAndTell: typeof fetch = (input, init) => {
    sent();
    return fetch(input, init);
  };
  const connection = resolveConnection(choice, demo, profiles, origin, { fetch: fetchAndTell });
  if (!connection) return;
  const view = parseListState(new URLSearchParams(where.search));
  const options = snapshotQueries.list(connection.client, toFiltersSnapshot(view, connection.accountId));
  if (queryClient.getQueryState(options.queryKey)) return;
  const read = queryClient.prefetchQuery(options);
  await Promise.race([handedOver, read]);
}
