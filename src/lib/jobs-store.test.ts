// @vitest-environment happy-dom
import { act, cleanup, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Snapshot } from '../api/schemas';
import { FINAL_STATES, jobsStore, useJobs } from './jobs-store';

let accounts = 0;
/** A fresh account for each test: the store is module state, as it is in the page. */
const freshAccount = () => {
  const account = `11112222${String(3000 + accounts++).padStart(4, '0')}`;
  jobsStore.load(account);
  return account;
};

const snap = (id: string, State: string, Progress: number, extra: Partial<Snapshot> = {}): Snapshot =>
  ({
    AccountId: '339215505907',
    CreationDate: '2026-11-24T12:00:00.000Z',
    Description: 'Copy of prod database',
    PermissionsToCreateVolume: { AccountIds: [], GlobalPermission: false },
    Progress,
    SnapshotId: id,
    State,
    Tags: [{ Key: 'owner', Value: 'alice@example.com' }],
    VolumeSize: 10,
    ...extra,
  }) as Snapshot;

/** The sessionStorage entry that holds this tab's jobs (found by content, whatever its key). */
function storedEntry(containing: string): [string, string] | undefined {
  for (let i = 0; i < sessionStorage.length; i++) {
    const key = sessionStorage.key(i)!;
    const value = sessionStorage.getItem(key)!;
    if (value.includes(containing)) return [key, value];
  }
  return undefined;
}

beforeEach(() => {
  sessionStorage.clear();
});
afterEach(() => {
  cleanup();
});

describe('jobs store', () => {
  it('watches a new copy, ignores adding it twice, and forgets it when dismissed', () => {
    freshAccount();
    const listener = vi.fn();
    const unsubscribe = jobsStore.subscribe(listener);
    jobsStore.add(snap('snap-0000aaaa', 'in-queue', 0), 'snap-1111bbbb', 1000);
    expect(listener).toHaveBeenCalledTimes(1);
    jobsStore.add(snap('snap-0000aaaa', 'pending', 5), 'snap-1111bbbb', 2000);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(jobsStore.get()).toEqual([
      {
        id: 'snap-0000aaaa',
        kind: 'copy',
        sourceId: 'snap-1111bbbb',
        startedAt: 1000,
        snapshot: snap('snap-0000aaaa', 'in-queue', 0),
        samples: [{ at: 1000, progress: 0, state: 'in-queue' }],
      },
    ]);
    expect(jobsStore.watching()).toEqual(['snap-0000aaaa']);
    jobsStore.add(snap('snap-0000bbbb', 'pending', 5), undefined, 2500);
    expect(listener).toHaveBeenCalledTimes(2);
    jobsStore.dismiss('snap-0000aaaa');
    expect(listener).toHaveBeenCalledTimes(3);
    expect(jobsStore.get().map((job) => job.id)).toEqual(['snap-0000bbbb']);
    expect(jobsStore.watching()).toEqual(['snap-0000bbbb']);
    jobsStore.dismiss('snap-0000bbbb');
    expect(jobsStore.get()).toEqual([]);
    expect(listener).toHaveBeenCalledTimes(4);
    unsubscribe();
    jobsStore.add(snap('snap-0000cccc', 'in-queue', 0), undefined, 3000);
    expect(listener).toHaveBeenCalledTimes(4);
  });

  it('keeps only snapshot IDs, sources and start times in sessionStorage, never the snapshot details', () => {
    freshAccount();
    jobsStore.add(snap('snap-0000aaaa', 'pending', 40), 'snap-1111bbbb', 1234);
    const [, stored] = storedEntry('snap-0000aaaa')!;
    expect(JSON.parse(stored)).toEqual([{ id: 'snap-0000aaaa', kind: 'copy', sourceId: 'snap-1111bbbb', startedAt: 1234 }]);
    expect(stored).not.toContain('alice@example.com');
    expect(stored).not.toContain('Copy of prod');
    jobsStore.dismiss('snap-0000aaaa');
    expect(storedEntry('snap-0000aaaa')).toBeUndefined();
  });

  it('remembers how each snapshot is being made: copy, snapshot of a volume, import', () => {
    const account = freshAccount();
    jobsStore.add(snap('snap-0000aaaa', 'pending', 40), 'vol-1111bbbb', 1, 'volume');
    jobsStore.add(snap('snap-0000cccc', 'pending', 40), 'https://oos.eu-west-2.outscale.com/bucket/disk.qcow2', 2, 'import');
    freshAccount();
    jobsStore.load(account);
    expect(jobsStore.get().map((job) => [job.id, job.kind, job.sourceId])).toEqual([
      ['snap-0000aaaa', 'volume', 'vol-1111bbbb'],
      ['snap-0000cccc', 'import', 'https://oos.eu-west-2.outscale.com/bucket/disk.qcow2'],
    ]);
  });

  it('survives a reload: each account gets back its own jobs, to be polled again', () => {
    const first = freshAccount();
    jobsStore.add(snap('snap-0000aaaa', 'pending', 40), 'snap-1111bbbb', 1234);
    const second = freshAccount();
    expect(jobsStore.get()).toEqual([]);
    jobsStore.add(snap('snap-0000dddd', 'in-queue', 0), undefined, 99);
    jobsStore.load(first);
    expect(jobsStore.get()).toEqual([{ id: 'snap-0000aaaa', kind: 'copy', sourceId: 'snap-1111bbbb', startedAt: 1234, samples: [] }]);
    expect(jobsStore.watching()).toEqual(['snap-0000aaaa']);
    jobsStore.load(second);
    expect(jobsStore.get()).toEqual([{ id: 'snap-0000dddd', kind: 'copy', sourceId: undefined, startedAt: 99, samples: [] }]);
  });

  it('loading the same account again keeps what this tab saw', () => {
    const account = freshAccount();
    jobsStore.add(snap('snap-0000aaaa', 'pending', 40), undefined, 1);
    const listener = vi.fn();
    const unsubscribe = jobsStore.subscribe(listener);
    jobsStore.load(account);
    expect(listener).not.toHaveBeenCalled();
    expect(jobsStore.get()[0]!.snapshot?.Progress).toBe(40);
    unsubscribe();
  });

  it('drops what it cannot trust in sessionStorage', () => {
    const account = freshAccount();
    jobsStore.add(snap('snap-0000aaaa', 'pending', 40), undefined, 1);
    const [key] = storedEntry('snap-0000aaaa')!;
    freshAccount();
    sessionStorage.setItem(
      key,
      JSON.stringify([
        { id: 'snap-0000aaaa', sourceId: 42, startedAt: 'yesterday' },
        { id: 'snap-0000BBBB' },
        { id: 'vol-0000aaaa' },
        { id: 'snap-0000aaaa0' },
        { id: 'xsnap-0000aaaa' },
        { id: 7 },
        { id: ['snap-0000eeee'] },
        {},
        { id: 'snap-0000cccc', sourceId: 'snap-0000dddd', startedAt: 5 },
        { id: 'snap-0000eeee', kind: 'volume', sourceId: 'vol-0000eeee', startedAt: 6 },
        { id: 'snap-0000ffff', kind: 'rm -rf', startedAt: 7 },
      ]),
    );
    vi.spyOn(Date, 'now').mockReturnValue(777);
    const listener = vi.fn();
    const unsubscribe = jobsStore.subscribe(listener);
    jobsStore.load(account);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(jobsStore.get()).toEqual([
      { id: 'snap-0000aaaa', sourceId: undefined, startedAt: 777, samples: [] },
      { id: 'snap-0000cccc', sourceId: 'snap-0000dddd', startedAt: 5, samples: [] },
      { id: 'snap-0000eeee', kind: 'volume', sourceId: 'vol-0000eeee', startedAt: 6, samples: [] },
      { id: 'snap-0000ffff', sourceId: undefined, startedAt: 7, samples: [] },
    ]);
    unsubscribe();
    vi.restoreAllMocks();
    freshAccount();
    jobsStore.add(snap('snap-0000ffff', 'pending', 1), undefined, 1);
    sessionStorage.setItem(key, '{not json');
    jobsStore.load(account);
    expect(jobsStore.get()).toEqual([]);
  });
});

describe('recording a poll', () => {
  it('updates the jobs asked for, keeps a sample per poll, and leaves the others alone', () => {
    freshAccount();
    jobsStore.add(snap('snap-0000aaaa', 'in-queue', 0), undefined, 0);
    jobsStore.add(snap('snap-0000bbbb', 'pending', 10), undefined, 0);
    const before = jobsStore.get()[1];
    const finished = jobsStore.record(['snap-0000aaaa'], [snap('snap-0000aaaa', 'pending', 20)], 2000);
    expect(finished).toEqual([]);
    const [a, b] = jobsStore.get();
    expect(a!.snapshot!.Progress).toBe(20);
    expect(a!.samples).toEqual([
      { at: 0, progress: 0, state: 'in-queue' },
      { at: 2000, progress: 20, state: 'pending' },
    ]);
    expect(b).toBe(before);
  });

  it('marks a job asked for but not answered as gone, and stops watching it', () => {
    freshAccount();
    jobsStore.add(snap('snap-0000aaaa', 'pending', 10), undefined, 0);
    jobsStore.add(snap('snap-0000bbbb', 'pending', 10), undefined, 0);
    jobsStore.record(['snap-0000aaaa', 'snap-0000bbbb'], [snap('snap-0000bbbb', 'pending', 30)], 2000);
    expect(jobsStore.get().map((job) => [job.id, job.gone ?? false])).toEqual([
      ['snap-0000aaaa', true],
      ['snap-0000bbbb', false],
    ]);
    expect(jobsStore.watching()).toEqual(['snap-0000bbbb']);
  });

  it('returns the jobs this tab saw finish, in completed or error, once', () => {
    freshAccount();
    jobsStore.add(snap('snap-0000aaaa', 'pending', 90), undefined, 0);
    jobsStore.add(snap('snap-0000bbbb', 'pending', 30), undefined, 0);
    jobsStore.add(snap('snap-0000cccc', 'pending', 30), undefined, 0);
    const answer = [snap('snap-0000aaaa', 'completed', 100), snap('snap-0000bbbb', 'error', 37), snap('snap-0000cccc', 'pending', 40)];
    const finished = jobsStore.record(['snap-0000aaaa', 'snap-0000bbbb', 'snap-0000cccc'], answer, 1000);
    expect(finished.map((job) => [job.id, job.snapshot?.State])).toEqual([
      ['snap-0000aaaa', 'completed'],
      ['snap-0000bbbb', 'error'],
    ]);
    expect(jobsStore.watching()).toEqual(['snap-0000cccc']);
    expect(jobsStore.record(['snap-0000aaaa', 'snap-0000bbbb'], answer.slice(0, 2), 2000)).toEqual([]);
  });

  it('does not announce a copy that finished before a reload', () => {
    const account = freshAccount();
    jobsStore.add(snap('snap-0000aaaa', 'pending', 90), undefined, 0);
    freshAccount();
    jobsStore.load(account);
    expect(jobsStore.record(['snap-0000aaaa'], [snap('snap-0000aaaa', 'completed', 100)], 1000)).toEqual([]);
    expect(jobsStore.get()[0]!.snapshot?.State).toBe('completed');
    expect(jobsStore.watching()).toEqual([]);
  });

  it('keeps a bounded history of samples', () => {
    freshAccount();
    jobsStore.add(snap('snap-0000aaaa', 'pending', 0), undefined, 0);
    for (let i = 1; i <= 300; i++) jobsStore.record(['snap-0000aaaa'], [snap('snap-0000aaaa', 'pending', i % 100)], i * 1000);
    const samples = jobsStore.get()[0]!.samples;
    expect(samples.length).toBeGreaterThanOrEqual(100);
    expect(samples.length).toBeLessThanOrEqual(200);
    expect(samples.at(-1)).toEqual({ at: 300_000, progress: 0, state: 'pending' });
  });

  it('tells its listeners only when a job changed', () => {
    freshAccount();
    jobsStore.add(snap('snap-0000aaaa', 'pending', 0), undefined, 0);
    const listener = vi.fn();
    const unsubscribe = jobsStore.subscribe(listener);
    jobsStore.record(['snap-0000ffff'], [], 1000);
    expect(listener).not.toHaveBeenCalled();
    jobsStore.record(['snap-0000aaaa'], [snap('snap-0000aaaa', 'pending', 5)], 2000);
    expect(listener).toHaveBeenCalledTimes(1);
    unsubscribe();
  });

  it('counts completed and error as final states, nothing else', () => {
    expect([...FINAL_STATES].sort()).toEqual(['completed', 'error']);
  });
});

describe('useJobs', () => {
  it('re-renders with the jobs as they change', () => {
    freshAccount();
    const { result } = renderHook(() => useJobs());
    expect(result.current).toEqual([]);
    act(() => jobsStore.add(snap('snap-0000aaaa', 'in-queue', 0), undefined, 0));
    expect(result.current.map((job) => job.id)).toEqual(['snap-0000aaaa']);
    act(() => {
      jobsStore.record(['snap-0000aaaa'], [snap('snap-0000aaaa', 'pending', 50)], 1000);
    });
    expect(result.current[0]!.snapshot?.Progress).toBe(50);
    act(() => jobsStore.dismiss('snap-0000aaaa'));
    expect(result.current).toEqual([]);
  });
});
