/**
 * The one writer of the snapshot caches. The list caches stay true to their filters when a poll or a new copy
 * brings a snapshot the list did not read.
 */
import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import type { OscClient } from '../api/client';
import type { Snapshot } from '../api/schemas';
import { snapshotCache } from './snapshot-cache';
import { snapshotQueries } from './snapshot-queries';

const client = { endpoint: 'https://api.example', region: 'eu-west-2', identity: 'AK', call: () => Promise.reject(new Error('no call expected')) } as unknown as OscClient;
const snap = (id: string, State: string, Progress: number, extra: Partial<Snapshot> = {}): Snapshot => ({
  SnapshotId: id, AccountId: '339215505907', CreationDate: '2026-11-25T10:00:00.000Z', PermissionsToCreateVolume: { AccountIds: [], GlobalPermission: false },
  Progress, State, Tags: [], VolumeSize: 10, ...extra,
});
const list = (queryClient: QueryClient, filters: object) => queryClient.getQueryData<Snapshot[]>(snapshotQueries.list(client, filters).queryKey);

describe('list caches follow their filters', () => {
  it('a poll moves a finished copy out of a State = pending list and updates it elsewhere', () => {
    const queryClient = new QueryClient();
    const pending = snap('snap-0000000a', 'pending', 40);
    queryClient.setQueryData(snapshotQueries.list(client, { States: ['pending'] }).queryKey, [pending, snap('snap-0000000b', 'pending', 10)]);
    queryClient.setQueryData(snapshotQueries.list(client, {}).queryKey, [pending]);
    expect(snapshotCache.update(queryClient, client, [snap('snap-0000000a', 'completed', 100)])).toBe(true);
    expect(list(queryClient, { States: ['pending'] })!.map((s) => s.SnapshotId)).toEqual(['snap-0000000b']);
    expect(list(queryClient, {})).toEqual([snap('snap-0000000a', 'completed', 100)]);
  });

  it('a new copy joins only the lists whose filters it matches; a list it cannot judge is read again', () => {
    const queryClient = new QueryClient();
    const keys = {
      completed: snapshotQueries.list(client, { States: ['completed'] }).queryKey,
      all: snapshotQueries.list(client, {}).queryKey,
      mine: snapshotQueries.list(client, { AccountIds: ['339215505907'] }).queryKey,
      shared: snapshotQueries.list(client, { PermissionsToCreateVolumeAccountIds: ['339215505907'] }).queryKey,
      copiesOfSource: snapshotQueries.list(client, { Tags: ['copied-from=snap-00000001'] }).queryKey,
      copiesOfOther: snapshotQueries.list(client, { Tags: ['copied-from=snap-00000002'] }).queryKey,
      unknown: snapshotQueries.list(client, { Colour: ['blue'] } as object).queryKey,
    };
    for (const key of Object.values(keys)) queryClient.setQueryData(key, []);
    const copy = snap('snap-0000000c', 'pending', 0, { Tags: [{ Key: 'copied-from', Value: 'snap-00000001' }] });
    snapshotCache.add(queryClient, client, copy);
    const ids = (key: readonly unknown[]) => queryClient.getQueryData<Snapshot[]>(key)!.map((s) => s.SnapshotId);
    expect(ids(keys.completed)).toEqual([]);
    expect(ids(keys.shared)).toEqual([]);
    expect(ids(keys.copiesOfOther)).toEqual([]);
    expect(ids(keys.all)).toEqual(['snap-0000000c']);
    expect(ids(keys.mine)).toEqual(['snap-0000000c']);
    expect(ids(keys.copiesOfSource)).toEqual(['snap-0000000c']);
    expect(queryClient.getQueryState(keys.unknown)!.isInvalidated).toBe(true);
    expect(queryClient.getQueryState(keys.all)!.isInvalidated).toBe(false);
  });
});

describe('snapshotCache.update', () => {
  it('updates lists and cached details, leaves the rest, and tells whether anything moved', () => {
    const queryClient = new QueryClient();
    const all = snapshotQueries.list(client, {}).queryKey;
    const rows = [snap('snap-0000aaaa', 'pending', 10), snap('snap-0000bbbb', 'pending', 20)];
    queryClient.setQueryData(all, rows);
    queryClient.setQueryData(snapshotQueries.detail(client, 'snap-0000aaaa').queryKey, rows[0]);
    expect(snapshotCache.update(queryClient, client, [snap('snap-0000aaaa', 'pending', 10)])).toBe(false);
    expect(queryClient.getQueryData(all)).toBe(rows);
    expect(snapshotCache.update(queryClient, client, [snap('snap-0000aaaa', 'pending', 30), snap('snap-0000ffff', 'pending', 1)])).toBe(true);
    const listed = queryClient.getQueryData<Snapshot[]>(all)!;
    expect(listed.map((s) => s.Progress)).toEqual([30, 20]);
    expect(listed[1]).toBe(rows[1]);
    expect(queryClient.getQueryData<Snapshot>(snapshotQueries.detail(client, 'snap-0000aaaa').queryKey)!.Progress).toBe(30);
    expect(queryClient.getQueryData(snapshotQueries.detail(client, 'snap-0000ffff').queryKey)).toBeUndefined();
  });

  it('counts a moved detail page as movement, by State or by Progress', () => {
    const queryClient = new QueryClient();
    const detail = snapshotQueries.detail(client, 'snap-0000aaaa').queryKey;
    queryClient.setQueryData(detail, snap('snap-0000aaaa', 'pending', 10));
    expect(snapshotCache.update(queryClient, client, [snap('snap-0000aaaa', 'pending', 10)])).toBe(false);
    expect(snapshotCache.update(queryClient, client, [snap('snap-0000aaaa', 'pending', 11)])).toBe(true);
    expect(snapshotCache.update(queryClient, client, [snap('snap-0000aaaa', 'error', 11)])).toBe(true);
    expect(queryClient.getQueryData<Snapshot>(detail)!.State).toBe('error');
  });

  it('updates a list row whose State alone changed', () => {
    const queryClient = new QueryClient();
    const all = snapshotQueries.list(client, {}).queryKey;
    queryClient.setQueryData(all, [snap('snap-0000aaaa', 'in-queue', 0)]);
    expect(snapshotCache.update(queryClient, client, [snap('snap-0000aaaa', 'pending', 0)])).toBe(true);
    expect(queryClient.getQueryData<Snapshot[]>(all)![0]!.State).toBe('pending');
  });
});

describe('snapshotCache.add', () => {
  it('shows a new copy at once, once, in the lists and as its detail', () => {
    const queryClient = new QueryClient();
    const all = snapshotQueries.list(client, {}).queryKey;
    queryClient.setQueryData(all, [snap('snap-0000bbbb', 'completed', 100)]);
    const copy = snap('snap-0000aaaa', 'in-queue', 0);
    snapshotCache.add(queryClient, client, copy);
    snapshotCache.add(queryClient, client, copy);
    expect(queryClient.getQueryData<Snapshot[]>(all)!.map((s) => s.SnapshotId)).toEqual(['snap-0000bbbb', 'snap-0000aaaa']);
    expect(queryClient.getQueryData(snapshotQueries.detail(client, 'snap-0000aaaa').queryKey)).toEqual(copy);
  });

  it('re-reads only a list whose filters the page cannot judge', () => {
    const queryClient = new QueryClient();
    const odd = snapshotQueries.list(client, { FutureFilter: ['x'] } as never).queryKey;
    const other = snapshotQueries.list(client, { States: ['completed'] }).queryKey;
    queryClient.setQueryData(odd, []);
    queryClient.setQueryData(other, []);
    snapshotCache.add(queryClient, client, snap('snap-0000aaaa', 'in-queue', 0));
    expect(queryClient.getQueryState(odd)!.isInvalidated).toBe(true);
    expect(queryClient.getQueryState(other)!.isInvalidated).toBe(false);
    expect(queryClient.getQueryData(other)).toEqual([]);
  });
});

describe('snapshotCache.inFlightIds, settled, madeByToken', () => {
  it('finds the in-queue and pending rows of every cached list of this connection, once each', () => {
    const queryClient = new QueryClient();
    const otherClient = { ...client, identity: 'AK2' } as OscClient;
    queryClient.setQueryData(snapshotQueries.list(client, {}).queryKey, [snap('snap-0000000a', 'pending', 1), snap('snap-0000000b', 'completed', 100), snap('snap-0000000c', 'in-queue', 0)]);
    queryClient.setQueryData(snapshotQueries.list(client, { States: ['pending'] }).queryKey, [snap('snap-0000000a', 'pending', 1)]);
    queryClient.setQueryData(snapshotQueries.list(otherClient, {}).queryKey, [snap('snap-0000000d', 'pending', 1)]);
    expect(snapshotCache.inFlightIds(queryClient, client).sort()).toEqual(['snap-0000000a', 'snap-0000000c']);
    snapshotCache.update(queryClient, client, [snap('snap-0000000a', 'completed', 100)]);
    expect(snapshotCache.inFlightIds(queryClient, client)).toEqual(['snap-0000000c']);
  });

  it('marks the lists stale without reading them now, and records the copy a ClientToken made', () => {
    const queryClient = new QueryClient();
    const pending = snapshotQueries.list(client, { States: ['pending'] }).queryKey;
    const detail = snapshotQueries.detail(client, 'snap-0000000a').queryKey;
    queryClient.setQueryData(pending, []);
    queryClient.setQueryData(detail, snap('snap-0000000a', 'pending', 1));
    snapshotCache.settled(queryClient, client);
    expect(queryClient.getQueryState(pending)!.isInvalidated).toBe(true);
    expect(queryClient.getQueryState(detail)!.isInvalidated).toBe(false);
    const made = snap('snap-0000000e', 'pending', 3);
    snapshotCache.madeByToken(queryClient, client, 'token-1', '339215505907', made);
    expect(queryClient.getQueryData(snapshotQueries.byClientToken(client, 'token-1', '339215505907').queryKey)).toBe(made);
  });
});

describe('snapshotCache.put and remove (operator actions)', () => {
  it('put replaces the snapshot whatever changed, leaves lists it no longer matches, joins those it now matches', () => {
    const queryClient = new QueryClient();
    const all = snapshotQueries.list(client, {}).queryKey;
    const tagged = snapshotQueries.list(client, { Tags: ['env=prod'] }).queryKey;
    const staging = snapshotQueries.list(client, { Tags: ['env=staging'] }).queryKey;
    const before = snap('snap-0000000d', 'completed', 100, { Tags: [{ Key: 'env', Value: 'staging' }] });
    queryClient.setQueryData(all, [snap('snap-0000000e', 'completed', 100), before]);
    queryClient.setQueryData(tagged, []);
    queryClient.setQueryData(staging, [before]);
    queryClient.setQueryData(snapshotQueries.detail(client, before.SnapshotId).queryKey, before);
    const after = { ...before, Tags: [{ Key: 'env', Value: 'prod' }] };
    snapshotCache.put(queryClient, client, after);
    expect(queryClient.getQueryData<Snapshot[]>(all)!.map((s) => s.Tags)).toEqual([[], after.Tags]);
    expect(queryClient.getQueryData<Snapshot[]>(tagged)).toEqual([after]);
    expect(queryClient.getQueryData<Snapshot[]>(staging)).toEqual([]);
    expect(queryClient.getQueryData(snapshotQueries.detail(client, before.SnapshotId).queryKey)).toEqual(after);
  });

  it('remove takes the snapshot out of every list and marks its detail not found', () => {
    const queryClient = new QueryClient();
    const all = snapshotQueries.list(client, {}).queryKey;
    const gone = snap('snap-0000000f', 'deleting', 100);
    queryClient.setQueryData(all, [gone, snap('snap-00000010', 'completed', 100)]);
    queryClient.setQueryData(snapshotQueries.detail(client, gone.SnapshotId).queryKey, gone);
    snapshotCache.remove(queryClient, client, gone.SnapshotId);
    expect(queryClient.getQueryData<Snapshot[]>(all)!.map((s) => s.SnapshotId)).toEqual(['snap-00000010']);
    expect(queryClient.getQueryData(snapshotQueries.detail(client, gone.SnapshotId).queryKey)).toBeNull();
  });
});
