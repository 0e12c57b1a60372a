// @vitest-environment happy-dom
/**
 * The in-flight poller's pace, measured as a page would feel it: when ReadSnapshots calls happen (fake clock),
 * what each one asks for, and what the caches and the tray then show.
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OscClient } from '../../api/client';
import { OscApiError } from '../../api/errors';
import type { Snapshot } from '../../api/schemas';
import { snapshotQueries } from '../../lib/snapshot-queries';
import { jobsStore, type Job } from '../../lib/jobs-store';
import { snapshotCache } from '../../lib/snapshot-cache';
import { loadSchedulers, useInFlightPoller } from './poller';
import { nextPollInterval, POLL_MAX_MS, POLL_MIN_MS, THROTTLE_MIN_MS } from './progress-math';

const snap = (id: string, State: string, Progress: number): Snapshot =>
  ({
    AccountId: '339215505907',
    CreationDate: '2026-11-24T12:00:00.000Z',
    Description: '',
    PermissionsToCreateVolume: { AccountIds: [], GlobalPermission: false },
    Progress,
    SnapshotId: id,
    State,
    Tags: [],
    VolumeSize: 10,
  }) as Snapshot;

type Answer = (ids: string[]) => Snapshot[] | Error;

/** A stand-in OUTSCALE: records each call's time and IDs, answers with `answer`. */
function fakeCloud(answer: Answer) {
  const calls: { at: number; ids: string[] }[] = [];
  const client = {
    endpoint: 'https://api.test',
    region: 'eu-west-2',
    identity: `AK-${Math.random()}`,
    call: vi.fn(async (action: string, request?: { Filters?: { SnapshotIds?: string[] } }) => {
      if (action !== 'ReadSnapshots') throw new Error(`unexpected ${action}`);
      const ids = request?.Filters?.SnapshotIds ?? [];
      calls.push({ at: Date.now(), ids });
      const result = answer(ids);
      if (result instanceof Error) throw result;
      return { Snapshots: result };
    }),
  } as unknown as OscClient;
  return { client, calls };
}

const apiError = (status: number, kind: 'api' | 'network' = 'api') =>
  new OscApiError({ kind, action: 'ReadSnapshots', status, errors: [{ Code: status === 429 ? '25' : '', Type: 'Throttled', Details: '' }] });

let accounts = 0;
let queryClient: QueryClient;
const T0 = new Date('2026-11-24T12:00:00.000Z').getTime();

// The app loads the scheduler with the first snapshot in flight (a chunk of its own); here it is there at once.
beforeAll(() => loadSchedulers());

beforeEach(() => {
  vi.useFakeTimers({ now: T0 });
  sessionStorage.clear();
  jobsStore.load(`99990000${String(1000 + accounts++)}`);
  queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
});

afterEach(() => {
  cleanup();
  queryClient.clear();
  vi.useRealTimers();
});

/** What a submitted copy does (use-copy-mutation.ts): the jobs store watches it, the caches show it. */
function startCopy(client: OscClient, copy: Snapshot, sourceId: string | undefined) {
  jobsStore.add(copy, sourceId, Date.now());
  snapshotCache.add(queryClient, client, copy);
}

function mount(client: OscClient, onFinished: (jobs: Job[]) => void = () => {}) {
  const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
  return renderHook(() => useInFlightPoller(client, onFinished, queryClient), { wrapper });
}

async function advance(ms: number) {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(ms);
  });
}

const gaps = (calls: { at: number }[]) => calls.slice(1).map((call, i) => call.at - calls[i]!.at);

/** The schedule nextPollInterval gives for a sequence of outcomes, from a fresh start. */
function schedule(outcomes: ('moved' | 'still' | 'throttled')[]): number[] {
  let pace = POLL_MIN_MS;
  return outcomes.map((outcome) => (pace = nextPollInterval(pace, outcome)));
}

describe('in-flight poller', () => {
  it('makes no call while nothing is in flight', async () => {
    const { client, calls } = fakeCloud(() => []);
    const { result } = mount(client);
    await advance(60_000);
    expect(calls).toEqual([]);
    expect(result.current.watching).toBe(0);
  });

  it('polls every 2 s while copies move, in one call for all of them', async () => {
    let progress = 0;
    const { client, calls } = fakeCloud((ids) => ids.map((id) => snap(id, 'pending', Math.min(99, (progress += 1)))));
    startCopy(client, snap('snap-0000aaaa', 'in-queue', 0), undefined);
    startCopy(client, snap('snap-0000bbbb', 'in-queue', 0), undefined);
    const { result } = mount(client);
    await advance(10_500);
    expect(result.current.watching).toBe(2);
    expect(calls.length).toBeGreaterThanOrEqual(5);
    for (const call of calls) expect(call.ids).toEqual(['snap-0000aaaa', 'snap-0000bbbb']);
    expect(gaps(calls).every((gap) => gap === POLL_MIN_MS)).toBe(true);
    expect(result.current.intervalMs).toBe(POLL_MIN_MS);
  });

  it('sends one ReadSnapshots per interval for 200 copies in flight (issue 13 item 6)', async () => {
    let progress = 0;
    const { client, calls } = fakeCloud((ids) => ids.map((id) => snap(id, 'pending', Math.min(99, Math.floor((progress += 1) / 200)))));
    const ids = Array.from({ length: 200 }, (_, i) => `snap-${i.toString(16).padStart(8, '0')}`);
    for (const id of ids) startCopy(client, snap(id, 'in-queue', 0), 'snap-0000ffff');
    const { result } = mount(client);
    await advance(20_500);
    expect(result.current.watching).toBe(200);
    expect(calls).toHaveLength(11);
    for (const call of calls) expect(call.ids).toEqual([...ids].sort());
    expect(gaps(calls).every((gap) => gap === POLL_MIN_MS)).toBe(true);
  });

  it('backs off while nothing moves, up to 15 s, and speeds up again when a copy moves', async () => {
    let moving = false;
    let progress = 10;
    const { client, calls } = fakeCloud((ids) => ids.map((id) => snap(id, 'pending', moving ? (progress += 1) : progress)));
    startCopy(client, snap('snap-0000aaaa', 'pending', 10), undefined);
    const { result } = mount(client);
    await advance(120_000);
    const still = gaps(calls);
    expect(still.slice(0, 7)).toEqual(schedule(Array(7).fill('still')));
    expect(Math.max(...still)).toBe(POLL_MAX_MS);
    expect(still.at(-1)).toBe(POLL_MAX_MS);
    expect(result.current.intervalMs).toBe(POLL_MAX_MS);
    moving = true;
    const before = calls.length;
    for (let waited = 0; calls.length === before && waited <= POLL_MAX_MS; waited += 500) await advance(500);
    expect(calls.length).toBe(before + 1);
    expect(calls[before]!.at - calls[before - 1]!.at).toBe(POLL_MAX_MS);
    await advance(3 * POLL_MIN_MS + 100);
    expect(gaps(calls.slice(before))).toEqual([POLL_MIN_MS, POLL_MIN_MS, POLL_MIN_MS]);
  });

  it('slows down while throttled (429, 503, no answer), says until when, and recovers', async () => {
    const failures: Error[] = [apiError(429), apiError(503), apiError(0, 'network')];
    let progress = 0;
    const { client, calls } = fakeCloud((ids) => failures.shift() ?? ids.map((id) => snap(id, 'pending', (progress += 5))));
    startCopy(client, snap('snap-0000aaaa', 'pending', 0), undefined);
    const { result } = mount(client);
    await advance(1);
    expect(calls).toHaveLength(1);
    const expected = schedule(['throttled', 'throttled', 'throttled']);
    expect(expected[0]).toBe(THROTTLE_MIN_MS);
    expect(result.current.throttledUntil).toBe(T0 + expected[0]!);
    expect(result.current.intervalMs).toBe(expected[0]);
    await advance(expected[0]! + expected[1]! + expected[2]! + 100);
    expect(gaps(calls)).toEqual(expected);
    expect(result.current.throttledUntil).toBeUndefined();
    expect(result.current.intervalMs).toBe(POLL_MIN_MS);
  });

  it('does not take another error for throttling', async () => {
    let first = true;
    const { client, calls } = fakeCloud((ids) => {
      if (first) {
        first = false;
        return apiError(400);
      }
      return ids.map((id) => snap(id, 'pending', 1));
    });
    startCopy(client, snap('snap-0000aaaa', 'pending', 0), undefined);
    const { result } = mount(client);
    await advance(1);
    expect(calls).toHaveLength(1);
    expect(result.current.throttledUntil).toBeUndefined();
    expect(result.current.intervalMs).toBe(POLL_MIN_MS);
    // no quick retry of its own: the next call is the next poll
    await advance(POLL_MIN_MS - 2);
    expect(calls).toHaveLength(1);
  });

  it('counts a change of State alone, or of Progress alone, as movement, even for a copy no list shows', async () => {
    const answers = [
      ['pending', 0],
      ['pending', 0],
      ['pending', 5],
      ['pending', 5],
    ] as const;
    let n = 0;
    const { client, calls } = fakeCloud((ids) => ids.map((id) => snap(id, answers[Math.min(n, 3)]![0], answers[Math.min(n++, 3)]![1])));
    startCopy(client, snap('snap-0000aaaa', 'in-queue', 0), undefined);
    queryClient.removeQueries({ queryKey: snapshotQueries.detail(client, 'snap-0000aaaa').queryKey });
    mount(client);
    await advance(1 + POLL_MIN_MS + 3000 + POLL_MIN_MS + 100);
    // in-queue → pending: moved; pending 0 → 0: still; 0 → 5: moved
    expect(gaps(calls).slice(0, 3)).toEqual([POLL_MIN_MS, nextPollInterval(POLL_MIN_MS, 'still'), POLL_MIN_MS]);
  });

  it('starts polling when a copy is announced after the page is up, and lets state-filtered lists re-read when one finishes', async () => {
    let polls = 0;
    const { client, calls } = fakeCloud((ids) => ids.map((id) => (++polls >= 2 ? snap(id, 'completed', 100) : snap(id, 'pending', 50))));
    const pendingList = snapshotQueries.list(client, { States: ['pending'] }).queryKey;
    queryClient.setQueryData(pendingList, []);
    mount(client);
    await advance(5000);
    expect(calls).toEqual([]);
    act(() => startCopy(client, snap('snap-0000aaaa', 'pending', 10), undefined));
    await advance(1);
    expect(calls).toHaveLength(1);
    expect(queryClient.getQueryState(pendingList)!.isInvalidated).toBe(false);
    await advance(POLL_MIN_MS);
    expect(calls).toHaveLength(2);
    expect(queryClient.getQueryState(pendingList)!.isInvalidated).toBe(true);
  });

  it('asks for the IDs in a stable order, and keeps polling list rows that move', async () => {
    let progress = 0;
    const { client, calls } = fakeCloud((ids) => ids.map((id) => snap(id, 'pending', (progress += 1))));
    const key = snapshotQueries.list(client, {}).queryKey;
    queryClient.setQueryData(key, [snap('snap-0000eeee', 'pending', 0), snap('snap-0000cccc', 'in-queue', 0)]);
    startCopy(client, snap('snap-0000dddd', 'in-queue', 0), undefined);
    mount(client);
    await advance(1 + 3 * POLL_MIN_MS);
    expect(calls[0]!.ids).toEqual(['snap-0000cccc', 'snap-0000dddd', 'snap-0000eeee']);
    expect(gaps(calls)).toEqual([POLL_MIN_MS, POLL_MIN_MS, POLL_MIN_MS]);
  });

  it('pauses while the tab is hidden, and does not rush a call when it comes back', async () => {
    const { client, calls } = fakeCloud((ids) => ids.map((id) => snap(id, 'pending', 1)));
    startCopy(client, snap('snap-0000aaaa', 'pending', 1), undefined);
    mount(client);
    await advance(1);
    expect(calls).toHaveLength(1);
    const setHidden = (value: boolean) => Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (value ? 'hidden' : 'visible') });
    try {
      setHidden(true);
      await advance(60_000);
      expect(calls).toHaveLength(1);
      setHidden(false);
      await advance(1);
      expect(calls).toHaveLength(1);
      // The pace it had (nothing moved: 3 s) goes on once the tab is back.
      await advance(nextPollInterval(POLL_MIN_MS, 'still'));
      expect(calls).toHaveLength(2);
    } finally {
      delete (document as { visibilityState?: unknown }).visibilityState;
    }
  });

  it('announces a copy that finishes, and then stops polling', async () => {
    let polls = 0;
    const { client, calls } = fakeCloud((ids) => ids.map((id) => (++polls >= 3 ? snap(id, 'completed', 100) : snap(id, 'pending', polls * 30))));
    const onFinished = vi.fn();
    startCopy(client, snap('snap-0000aaaa', 'pending', 0), 'snap-1111bbbb');
    const { result } = mount(client, onFinished);
    await advance(60_000);
    expect(calls).toHaveLength(3);
    expect(onFinished).toHaveBeenCalledTimes(1);
    expect(onFinished.mock.calls[0]![0].map((job: Job) => [job.id, job.sourceId, job.snapshot?.State])).toEqual([
      ['snap-0000aaaa', 'snap-1111bbbb', 'completed'],
    ]);
    expect(result.current.watching).toBe(0);
  });

  it('also polls the in-flight rows of the loaded lists, and writes the answers into them', async () => {
    const listKey = snapshotQueries.list({ endpoint: 'x' } as OscClient, {}).queryKey;
    expect(listKey.length).toBeGreaterThan(0);
    const { client, calls } = fakeCloud((ids) => ids.map((id) => snap(id, 'pending', 50)));
    const key = snapshotQueries.list(client, {}).queryKey;
    queryClient.setQueryData(key, [snap('snap-0000cccc', 'pending', 10), snap('snap-0000dddd', 'completed', 100), snap('snap-0000eeee', 'in-queue', 0)]);
    const { result } = mount(client);
    await advance(1);
    expect(result.current.watching).toBe(2);
    expect(calls[0]!.ids).toEqual(['snap-0000cccc', 'snap-0000eeee']);
    expect(queryClient.getQueryData<Snapshot[]>(key)!.map((s) => [s.SnapshotId, s.State, s.Progress])).toEqual([
      ['snap-0000cccc', 'pending', 50],
      ['snap-0000dddd', 'completed', 100],
      ['snap-0000eeee', 'pending', 50],
    ]);
  });

  it('says what it watches and the pace its Region scheduler set, and writes what it read into the detail cache', async () => {
    const { client, calls } = fakeCloud((ids) => ids.map((id) => snap(id, 'pending', 40)));
    startCopy(client, snap('snap-0000aaaa', 'pending', 30), undefined);
    startCopy(client, snap('snap-0000bbbb', 'pending', 30), undefined);
    const { result } = mount(client);
    await advance(1);
    expect(calls).toEqual([{ at: T0, ids: ['snap-0000aaaa', 'snap-0000bbbb'] }]);
    expect(result.current).toEqual({ watching: 2, intervalMs: POLL_MIN_MS, throttledUntil: undefined });
    expect(queryClient.getQueryData<Snapshot>(snapshotQueries.detail(client, 'snap-0000bbbb').queryKey)).toEqual(snap('snap-0000bbbb', 'pending', 40));
  });

  it('a copy that fails is announced as failed, shown in error in the list and its detail, and no longer polled', async () => {
    let polls = 0;
    const { client, calls } = fakeCloud((ids) => ids.map((id) => (++polls >= 2 ? snap(id, 'error', 37) : snap(id, 'pending', 20))));
    const list = snapshotQueries.list(client, {}).queryKey;
    const pendingList = snapshotQueries.list(client, { States: ['pending'] }).queryKey;
    queryClient.setQueryData(list, []);
    queryClient.setQueryData(pendingList, []);
    const onFinished = vi.fn();
    startCopy(client, snap('snap-0000aaaa', 'in-queue', 0), 'snap-1111bbbb');
    const { result } = mount(client, onFinished);
    await advance(60_000);
    expect(calls).toHaveLength(2);
    expect(onFinished).toHaveBeenCalledTimes(1);
    expect(onFinished.mock.calls[0]![0].map((job: Job) => [job.id, job.snapshot?.State, job.snapshot?.Progress])).toEqual([['snap-0000aaaa', 'error', 37]]);
    expect(queryClient.getQueryData<Snapshot[]>(list)!.map((s) => [s.SnapshotId, s.State, s.Progress])).toEqual([['snap-0000aaaa', 'error', 37]]);
    expect(queryClient.getQueryData<Snapshot[]>(pendingList)).toEqual([]);
    expect(queryClient.getQueryData<Snapshot>(snapshotQueries.detail(client, 'snap-0000aaaa').queryKey)!.State).toBe('error');
    expect(jobsStore.watching()).toEqual([]);
    expect(result.current.watching).toBe(0);
  });

  it('a new copy brings a backed-off pace back to 2 s', async () => {
    const { client, calls } = fakeCloud((ids) => ids.map((id) => snap(id, 'pending', 10)));
    startCopy(client, snap('snap-0000aaaa', 'pending', 10), undefined);
    const { result } = mount(client);
    await advance(120_000);
    expect(result.current.intervalMs).toBe(POLL_MAX_MS);
    const before = calls.length;
    act(() => startCopy(client, snap('snap-0000bbbb', 'in-queue', 0), undefined));
    await advance(POLL_MIN_MS);
    expect(calls).toHaveLength(before + 1);
    expect(calls.at(-1)!.ids).toEqual(['snap-0000aaaa', 'snap-0000bbbb']);
  });

  it('keeps its pace to itself: a second page starts at 2 s whatever the first one reached', async () => {
    const { client, calls } = fakeCloud((ids) => ids.map((id) => snap(id, 'pending', 10)));
    startCopy(client, snap('snap-0000aaaa', 'pending', 10), undefined);
    const first = mount(client);
    await advance(120_000);
    expect(first.result.current.intervalMs).toBe(POLL_MAX_MS);
    first.unmount();
    queryClient.clear();
    const before = calls.length;
    const second = mount(client);
    await advance(1);
    expect(calls).toHaveLength(before + 1);
    const next = nextPollInterval(POLL_MIN_MS, 'still');
    expect(next).toBeLessThan(POLL_MAX_MS);
    expect(second.result.current.intervalMs).toBe(next);
    await advance(next);
    expect(calls).toHaveLength(before + 2);
  });
});
