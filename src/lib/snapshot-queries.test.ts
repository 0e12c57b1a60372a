/**
 * A list streams in: its first page is in the cache (and so on screen) before the next is asked for, pages of
 * several reads are merged without duplicates, a copy the page made meanwhile stays, and a refresh reads
 * behind the old rows and replaces them once complete.
 */
import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it, vi } from 'vitest';
import type { OscClient } from '../api/client';
import type { FiltersSnapshot } from '../api/requests';
import type { Snapshot } from '../api/schemas';
import { snapshotCache } from './snapshot-cache';
import { firstPage, snapshotQueries } from './snapshot-queries';

const ME = '339215505907';
const snap = (n: number, extra: Partial<Snapshot> = {}): Snapshot => ({
  SnapshotId: `snap-${n.toString(16).padStart(8, '0')}`, AccountId: ME, CreationDate: '2026-11-25T10:00:00.000Z',
  PermissionsToCreateVolume: { AccountIds: [], GlobalPermission: false }, Progress: 100, State: 'completed', Tags: [], VolumeSize: 10, ...extra,
});

/** A client whose ReadSnapshots answers are released one at a time by the test. */
function pagedClient(pages: Record<string, Snapshot[][]>) {
  const asked: { filters: FiltersSnapshot; token?: string; size: number; release: () => void }[] = [];
  const call = (_action: string, input: { Filters: FiltersSnapshot; NextPageToken?: string; ResultsPerPage: number }) => {
    const read = JSON.stringify(input.Filters);
    const index = input.NextPageToken ? Number(input.NextPageToken) : 0;
    const list = pages[read] ?? [[]];
    return new Promise((resolve) => {
      asked.push({
        filters: input.Filters,
        token: input.NextPageToken,
        size: input.ResultsPerPage,
        release: () => resolve({ Snapshots: list[index], NextPageToken: index + 1 < list.length ? String(index + 1) : undefined }),
      });
    });
  };
  const client = { endpoint: 'https://api.example', region: 'eu-west-2', identity: 'AK', call } as unknown as OscClient;
  return { client, asked };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const ids = (list: Snapshot[] | undefined) => (list ?? []).map((s) => s.SnapshotId);

describe('a list streams in page by page', () => {
  it('shows the first page before the second is read, then the rest', async () => {
    const own = { AccountIds: [ME] };
    const { client, asked } = pagedClient({ [JSON.stringify(own)]: [[snap(1), snap(2)], [snap(3)], [snap(4)]] });
    const queryClient = new QueryClient();
    const options = snapshotQueries.list(client, own);
    const done = queryClient.fetchQuery(options);
    await settle();
    expect(asked).toHaveLength(1);
    // main.tsx's first render waits for the first page in the cache (firstPage): not yet.
    const firstPageSeen = vi.fn();
    void firstPage.then(firstPageSeen);
    await settle();
    expect(firstPageSeen).not.toHaveBeenCalled();
    asked[0]!.release();
    await settle();
    expect(ids(queryClient.getQueryData(options.queryKey))).toEqual([snap(1).SnapshotId, snap(2).SnapshotId]);
    expect(firstPageSeen).toHaveBeenCalled();
    expect(asked).toHaveLength(2);
    expect(asked[1]!.token).toBe('1');
    // a small first page (its rows come sooner), full pages behind it
    expect(asked.map((a) => a.size)).toEqual([100, 1000]);
    // A copy made meanwhile joins the list and stays when the rest arrive.
    snapshotCache.add(queryClient, client, snap(99));
    asked[1]!.release();
    await settle();
    asked[2]!.release();
    const all = await done;
    expect(ids(all)).toEqual([1, 2, 99, 3, 4].map((n) => snap(n).SnapshotId));
    expect(queryClient.getQueryData(options.queryKey)).toBe(all);
  });

  it('asks for the pages behind the first once a frame has shown it', async () => {
    const frames: (() => void)[] = [];
    vi.stubGlobal('requestAnimationFrame', (callback: () => void) => frames.push(callback));
    try {
      const own = { AccountIds: [ME] };
      const { client, asked } = pagedClient({ [JSON.stringify(own)]: [[snap(1)], [snap(2)]] });
      const queryClient = new QueryClient();
      const options = snapshotQueries.list(client, own);
      const done = queryClient.fetchQuery(options);
      await settle();
      asked[0]!.release();
      await settle();
      await settle();
      expect(ids(queryClient.getQueryData(options.queryKey))).toEqual([snap(1).SnapshotId]);
      expect(asked).toHaveLength(1);
      expect(frames).toHaveLength(1);
      frames[0]!();
      await settle();
      await settle();
      expect(asked).toHaveLength(2);
      asked[1]!.release();
      expect(ids(await done)).toEqual([snap(1).SnapshotId, snap(2).SnapshotId]);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('merges several reads side by side, each snapshot once', async () => {
    const reads = [{ AccountIds: [ME] }, { PermissionsToCreateVolumeAccountIds: [ME] }];
    const shared = snap(7, { AccountId: '726094853215', PermissionsToCreateVolume: { AccountIds: [ME], GlobalPermission: false } });
    const { client, asked } = pagedClient({
      [JSON.stringify(reads[0])]: [[snap(1)], [snap(2)]],
      [JSON.stringify(reads[1])]: [[shared, snap(1)]],
    });
    const queryClient = new QueryClient();
    const options = snapshotQueries.list(client, reads);
    const done = queryClient.fetchQuery(options);
    await settle();
    expect(asked.map((a) => a.filters)).toEqual(reads);
    asked[1]!.release();
    await settle();
    expect(ids(queryClient.getQueryData(options.queryKey))).toEqual([shared.SnapshotId, snap(1).SnapshotId]);
    asked[0]!.release();
    await settle();
    asked[2]!.release();
    expect(ids(await done)).toEqual([shared, snap(1), snap(2)].map((s) => s.SnapshotId));
  });

  it('a refresh keeps the old rows until the new read is complete', async () => {
    const own = { AccountIds: [ME] };
    const { client, asked } = pagedClient({ [JSON.stringify(own)]: [[snap(5)], [snap(6)]] });
    const queryClient = new QueryClient();
    const options = snapshotQueries.list(client, own);
    queryClient.setQueryData(options.queryKey, [snap(1)]);
    const done = queryClient.fetchQuery({ ...options, staleTime: 0 });
    await settle();
    asked[0]!.release();
    await settle();
    expect(ids(queryClient.getQueryData(options.queryKey))).toEqual([snap(1).SnapshotId]);
    asked[1]!.release();
    expect(ids(await done)).toEqual([snap(5).SnapshotId, snap(6).SnapshotId]);
  });
});
