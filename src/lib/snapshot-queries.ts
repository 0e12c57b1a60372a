import { hashKey, queryOptions } from '@tanstack/react-query';
import type { OscClient } from '../api/client';
import type { FiltersSnapshot } from '../api/requests';
import type { Snapshot } from '../api/schemas';
import { reportLoaded } from './load-progress';

const PAGE_SIZE = 1000;

/** Reads every page of ReadSnapshots (ResultsPerPage 1000, following NextPageToken). */
export async function readAllSnapshots(
  client: OscClient,
  filters: FiltersSnapshot | undefined,
  options: { signal?: AbortSignal; onPage?: (loaded: number) => void } = {},
): Promise<Snapshot[]> {
  const all: Snapshot[] = [];
  let token: string | undefined;
  do {
    const page = await client.call(
      'ReadSnapshots',
      { Filters: filters, ResultsPerPage: PAGE_SIZE, NextPageToken: token },
      { signal: options.signal },
    );
    all.push(...page.Snapshots);
    token = page.NextPageToken;
    if (token) options.onPage?.(all.length);
  } while (token);
  return all;
}

const scope = (client: OscClient) => ['osc', client.endpoint, client.identity] as const;

/**
 * Every snapshot query key comes from here: all → lists → list(filters) → details → detail(id), plus the
 * ClientToken lookup and the poller's reads. Only src/lib/snapshot-cache.ts writes into them.
 */
export const snapshotQueries = {
  all: (client: OscClient) => [...scope(client), 'snapshots'] as const,
  lists: (client: OscClient) => [...snapshotQueries.all(client), 'list'] as const,
  list: (client: OscClient, filters: FiltersSnapshot) => {
    const queryKey = [...snapshotQueries.lists(client), filters] as const;
    return queryOptions({
      queryKey,
      queryFn: async ({ signal }) => {
        const progressKey = hashKey(queryKey);
        try {
          const snapshots = await readAllSnapshots(client, filters, {
            signal,
            onPage: (count) => reportLoaded(progressKey, count),
          });
          performance.mark('snapshots:data-arrived');
          return snapshots;
        } finally {
          reportLoaded(progressKey, undefined);
        }
      },
    });
  },
  details: (client: OscClient) => [...snapshotQueries.all(client), 'detail'] as const,
  detail: (client: OscClient, snapshotId: string) =>
    queryOptions({
      queryKey: [...snapshotQueries.details(client), snapshotId] as const,
      queryFn: async ({ signal }) => {
        const answer = await client.call('ReadSnapshots', { Filters: { SnapshotIds: [snapshotId] } }, { signal });
        return answer.Snapshots[0] ?? null;
      },
    }),
  /** The copy a copy dialog's ClientToken made in this account, if any (a reloaded or resubmitted link). */
  byClientToken: (client: OscClient, token: string, accountId: string) =>
    queryOptions({
      queryKey: [...snapshotQueries.all(client), 'client-token', token] as const,
      queryFn: async ({ signal }) => {
        const answer = await client.call('ReadSnapshots', { Filters: { ClientTokens: [token], AccountIds: [accountId] } }, { signal });
        return answer.Snapshots[0] ?? null;
      },
    }),
  /** The in-flight poller's reads (src/features/copy/poller.ts). */
  inFlight: (client: OscClient) => [...snapshotQueries.all(client), 'in-flight'] as const,
};
