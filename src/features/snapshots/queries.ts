import { queryOptions } from '@tanstack/react-query';
import type { OscClient } from '../../api/client';
import type { FiltersSnapshot, Snapshot } from '../../api/schemas';

const PAGE_SIZE = 1000;

/** Reads every page of ReadSnapshots (ResultsPerPage 1000, following NextPageToken). */
export async function readAllSnapshots(
  client: OscClient,
  filters: FiltersSnapshot | undefined,
  signal?: AbortSignal,
): Promise<Snapshot[]> {
  const all: Snapshot[] = [];
  let token: string | undefined;
  do {
    const page = await client.call(
      'ReadSnapshots',
      { Filters: filters, ResultsPerPage: PAGE_SIZE, NextPageToken: token },
      { signal },
    );
    all.push(...page.Snapshots);
    token = page.NextPageToken;
  } while (token);
  return all;
}

const scope = (client: OscClient) => ['osc', client.endpoint, client.accessKey] as const;

/** Every snapshot query key comes from here: all → lists → list(filters). */
export const snapshotQueries = {
  all: (client: OscClient) => [...scope(client), 'snapshots'] as const,
  lists: (client: OscClient) => [...snapshotQueries.all(client), 'list'] as const,
  list: (client: OscClient, filters?: FiltersSnapshot) =>
    queryOptions({
      queryKey: [...snapshotQueries.lists(client), filters ?? {}] as const,
      queryFn: ({ signal }) => readAllSnapshots(client, filters, signal),
    }),
};

export const accountQueries = {
  self: (client: OscClient) =>
    queryOptions({
      queryKey: [...scope(client), 'account'] as const,
      queryFn: async ({ signal }) => {
        const answer = await client.call('ReadAccounts', {}, { signal });
        return answer.Accounts[0] ?? null;
      },
      staleTime: Infinity,
    }),
};
