/**
 * The list's first ReadSnapshots into React Query's cache, before React renders anything (src/main.tsx). Through
 * a distant cloud its round trip is most of "navigation → first rows". src/early-read.ts has usually sent it
 * already, before the app's scripts ran; the first read's client takes those answers (`early`) instead of asking
 * again, and sends the read itself when early-read.ts could not (another Region in the URL, say).
 *
 * Everything goes into the react-query cache under the keys the app uses (demoAccountsQuery, profilesQuery,
 * snapshotQueries.list), so the connection provider and the snapshots page find it there and send nothing
 * twice. The connection is the one the provider makes (resolveConnection, same choice from the tab's storage);
 * on another page, or with no connection yet, no list is read here and the app goes on as before.
 */
import type { QueryClient } from '@tanstack/react-query';
import { earlyRead, type EarlyRead } from './early-read';
import { parseListState, toFiltersSnapshot } from './features/snapshots/list-state';
import { demoAccountsQuery, initialChoice, profilesQuery, resolveConnection, type Choice } from './lib/connection';
import { showRegion } from './lib/connection-provider';
import { matchRoute } from './lib/routes';
import { snapshotQueries } from './lib/snapshot-queries';

/**
 * Resolves once the first read's request has been handed to fetch (signed) or sent early, to true, or to false when
 * there is nothing to read here; never rejects (a failed read is the list query's error, shown by the page). The demo
 * accounts and profiles are asked for on every page, from early-read.ts's answers: the connection provider needs them.
 */
export async function startFirstRead(
  queryClient: QueryClient,
  where: Pick<Location, 'origin' | 'pathname' | 'search'> = window.location,
  choice: Choice = initialChoice(),
  early: EarlyRead | undefined = earlyRead,
): Promise<boolean> {
  const { origin } = where;
  const [demo, profiles] = await Promise.all([
    queryClient.fetchQuery(demoAccountsQuery(origin, early?.take)).catch(() => null),
    queryClient.fetchQuery(profilesQuery(origin, early?.take)).catch(() => null),
  ]);
  if (matchRoute(where.pathname).page !== 'list') return false;
  const sentEarly = (await early?.sent) ?? 0;
  return new Promise((settle) => {
    // The mark shows in bench/first-rows-trace.ts's waterfall (the read handed to fetch, signed).
    const fetchAndTell: typeof fetch = (input, init) => (performance.mark('first-read:sent'), settle(true), fetch(input, init));
    const params = new URLSearchParams(where.search);
    // The Region shown (?region=), as useConnection() gives it to the page.
    const extras = { fetch: fetchAndTell, early: early?.take };
    const connection = showRegion(resolveConnection(choice, demo, profiles, origin, extras), params.get('region') ?? '');
    const view = parseListState(params);
    const options = connection && snapshotQueries.list(connection.client, toFiltersSnapshot(view, connection.accountId));
    if (!options || queryClient.getQueryState(options.queryKey)) return settle(false);
    void queryClient.prefetchQuery(options).finally(() => settle(false));
    // Sent by src/early-read.ts: the answers are on their way, as if sent now.
    if (sentEarly) settle(true);
  });
}
