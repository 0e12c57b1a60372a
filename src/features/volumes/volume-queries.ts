/**
 * The volume reads: every page of ReadVolumes for the page's filters, and one volume for the snapshot dialog.
 * Their keys sit under the connection's scope (`['osc', endpoint, identity]`), so switching accounts drops them.
 * The snapshot counts are a snapshots list (src/lib/snapshot-queries.ts), so a new snapshot joins them live.
 */
import { queryOptions } from '@tanstack/react-query';
import type { OscClient } from '../../api/client';
import type { Volume } from '../../api/schemas';
import type { FiltersVolume } from './volume-list';

const PAGE = 1000;

export async function readAllVolumes(client: OscClient, filters: FiltersVolume, signal?: AbortSignal): Promise<Volume[]> {
  const all: Volume[] = [];
  let token: string | undefined;
  do {
    const page = await client.call('ReadVolumes', { Filters: filters, ResultsPerPage: PAGE, ...(token ? { NextPageToken: token } : {}) }, { signal });
    all.push(...page.Volumes);
    token = page.NextPageToken;
  } while (token);
  return all;
}

const scope = (client: OscClient) => ['osc', client.endpoint, client.identity, 'volumes'] as const;

export const volumeQueries = {
  list: (client: OscClient, filters: FiltersVolume) =>
    queryOptions({ queryKey: [...scope(client), 'list', filters] as const, queryFn: ({ signal }) => readAllVolumes(client, filters, signal) }),
  one: (client: OscClient, volumeId: string) =>
    queryOptions({
      queryKey: [...scope(client), 'one', volumeId] as const,
      queryFn: async ({ signal }) => (await client.call('ReadVolumes', { Filters: { VolumeIds: [volumeId] } }, { signal })).Volumes[0] ?? null,
    }),
};
