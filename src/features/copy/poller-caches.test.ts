/** The list caches stay true to their filters when a poll or a new copy brings a snapshot the list did not read. */
import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import type { OscClient } from '../../api/client';
import type { Snapshot } from '../../api/schemas';
import { snapshotQueries } from '../../lib/snapshot-queries';
import { announceNewCopy, applyToCaches } from './poller';

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
    expect(applyToCaches(queryClient, client, [snap('snap-0000000a', 'completed', 100)])).toBe(true);
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
    announceNewCopy(queryClient, client, copy, 'snap-00000001');
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
