import { hashKey, queryOptions, type QueryClient, type QueryKey } from '@tanstack/react-query';
import type { OscClient } from '../api/client';
import type { FiltersSnapshot } from '../api/requests';
import type { Snapshot } from '../api/schemas';
import { FIRST_PAGE_SIZE, PAGE_SIZE, pageRequest } from './list-pages';
import { rememberTotal, reportLoaded } from './load-progress';

/** While a list streams in, its rows are shown at the first page, then at most this often. */
const SHOW_EVERY_MS = 500;
/** The longest the second page waits for the first page's frame (none comes in a hidden tab). */
const FRAME_WAIT_MS = 100;

/**
 * Resolves in the task after the next frame, or FRAME_WAIT_MS later if no frame comes; at once with no frames at all
 * (not in a browser).
 */
function afterNextFrame(): Promise<void> {
  if (typeof requestAnimationFrame !== 'function') return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, FRAME_WAIT_MS);
    requestAnimationFrame(() => setTimeout(() => (clearTimeout(timer), resolve()), 0));
  });
}

/**
 * What a list reads: one FiltersSnapshot, or several reads whose union is the list (the default view: own
 * snapshots, and those shared with me, without the public crowd a single unfiltered read would bring).
 */
export type ListReads = FiltersSnapshot | readonly FiltersSnapshot[];

/** The pages of ReadSnapshots as they arrive (ResultsPerPage 1000, or `firstPageSize` for the first, following NextPageToken). */
export async function* snapshotPages(
  client: OscClient,
  filters: FiltersSnapshot | undefined,
  signal?: AbortSignal,
  firstPageSize = PAGE_SIZE,
): AsyncGenerator<Snapshot[]> {
  let token: string | undefined;
  do {
    const size = token ? PAGE_SIZE : firstPageSize;
    const page = await client.call('ReadSnapshots', pageRequest(filters, size, token), { signal });
    token = page.NextPageToken;
    yield page.Snapshots;
  } while (token);
}

/** Reads every page of ReadSnapshots. */
export async function readAllSnapshots(
  client: OscClient,
  filters: FiltersSnapshot | undefined,
  options: { signal?: AbortSignal; onPage?: (loaded: number) => void } = {},
): Promise<Snapshot[]> {
  const all: Snapshot[] = [];
  for await (const page of snapshotPages(client, filters, options.signal)) {
    all.push(...page);
    options.onPage?.(all.length);
  }
  return all;
}

let firstPageShown: () => void = () => {};
/** Resolves when a streamed list first puts a page in the cache (src/main.tsx waits for it before the first render). */
export const firstPage = new Promise<void>((resolve) => (firstPageShown = resolve));

/** Lists whose first read has not completed: their cached rows are a prefix, so a retry keeps streaming. */
const partial = new Set<string>();

/**
 * Reads a list's pages (its reads side by side) into the cache as they arrive: the first page is shown at once
 * and the rest behind it, appended to what the cache holds (a copy the page made meanwhile stays). A refresh of
 * a list already shown reads behind the old rows and replaces them when complete. Progress goes to
 * load-progress.ts under the query's key.
 */
export async function streamList(
  client: OscClient,
  reads: ListReads,
  context: { queryKey: QueryKey; client: QueryClient; signal?: AbortSignal },
  now: () => number = () => performance.now(),
): Promise<Snapshot[]> {
  const { queryKey, client: queryClient, signal } = context;
  const progressKey = hashKey(queryKey);
  const streaming = queryClient.getQueryData(queryKey) === undefined || partial.has(progressKey);
  const seen = new Set<string>();
  const all: Snapshot[] = [];
  let pending: Snapshot[] = [];
  let shownAt: number | undefined;
  // The pages behind the first are asked once its rows are painted: a 1000-snapshot page parsed and checked on the
  // main thread (and built by a sandbox on the same machine) would otherwise delay the first rows when it comes
  // back faster than they render (a near cloud, or no --latency).
  let firstPainted: Promise<void> | undefined;
  const show = () => {
    if (!streaming || !pending.length) return;
    const fresh = pending;
    pending = [];
    queryClient.setQueryData<Snapshot[]>(queryKey, (old = []) => {
      if (!old.length) return fresh;
      const held = new Set(old.map((s) => s.SnapshotId));
      return old.concat(fresh.filter((s) => !held.has(s.SnapshotId)));
    });
    if (shownAt === undefined) {
      performance.mark('snapshots:first-page');
      firstPageShown();
      firstPainted = afterNextFrame();
    }
    shownAt = now();
  };
  if (streaming) partial.add(progressKey);
  try {
    reportLoaded(progressKey, { loaded: 0, streaming });
    await Promise.all(
      (Array.isArray(reads) ? reads : [reads]).map(async (filters: FiltersSnapshot) => {
        for await (const page of snapshotPages(client, filters, signal, FIRST_PAGE_SIZE)) {
          for (const snapshot of page) {
            if (seen.has(snapshot.SnapshotId)) continue;
            seen.add(snapshot.SnapshotId);
            all.push(snapshot);
            pending.push(snapshot);
          }
          if (shownAt === undefined || now() - shownAt >= SHOW_EVERY_MS) show();
          reportLoaded(progressKey, { loaded: all.length, streaming });
          if (firstPainted) await firstPainted;
        }
      }),
    );
    show();
    partial.delete(progressKey);
    performance.mark('snapshots:data-arrived');
    rememberTotal(progressKey, all.length);
    return streaming ? (queryClient.getQueryData<Snapshot[]>(queryKey) ?? all) : all;
  } finally {
    reportLoaded(progressKey, undefined);
  }
}

const scope = (client: OscClient) => ['osc', client.endpoint, client.identity] as const;

/**
 * Every snapshot query key comes from here: all → lists → list(reads) → details → detail(id), plus the
 * ClientToken lookup and the poller's reads. Only src/lib/snapshot-cache.ts writes into them.
 */
export const snapshotQueries = {
  all: (client: OscClient) => [...scope(client), 'snapshots'] as const,
  lists: (client: OscClient) => [...snapshotQueries.all(client), 'list'] as const,
  /** A list, read page by page into the cache as the pages arrive (streamList). */
  list: (client: OscClient, reads: ListReads) => {
    const queryKey = [...snapshotQueries.lists(client), reads] as const;
    return queryOptions({
      queryKey,
      queryFn: (context): Promise<Snapshot[]> => streamList(client, reads, { queryKey, client: context.client, signal: context.signal }),
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
