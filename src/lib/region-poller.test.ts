/**
 * The Region's poll scheduler (region-poller.ts) on a fake clock: one request per tick whatever the number of
 * watchers, snapshot and export task reads taking turns, a watcher that leaves, throttling, the hidden tab.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OscClient } from '../api/client';
import { OscApiError } from '../api/errors';
import { nextPollInterval, POLL_MAX_MS, POLL_MIN_MS, THROTTLE_MIN_MS } from './poll-pace';
import { createRegionPoller, regionPoller, type PollWatcher } from './region-poller';

type Sent = { at: number; action: string; ids: string[] };

/** A Region whose snapshots and tasks progress by 1 % at each read of them; `fail` answers the next calls. */
function fakeRegion(region = 'eu-west-2') {
  const sent: Sent[] = [];
  const fail: Error[] = [];
  let progress = 0;
  const call = vi.fn(async (action: string, request: { Filters: { SnapshotIds?: string[]; TaskIds?: string[] } }) => {
    const ids = request.Filters.SnapshotIds ?? request.Filters.TaskIds ?? [];
    sent.push({ at: Date.now(), action, ids });
    const error = fail.shift();
    if (error) throw error;
    progress++;
    if (action === 'ReadSnapshots') return { Snapshots: ids.map((SnapshotId) => ({ SnapshotId, State: 'pending', Progress: progress })) };
    return { SnapshotExportTasks: ids.map((TaskId) => ({ TaskId, State: 'active', Progress: progress })) };
  });
  const client = { endpoint: `https://api.${region}.test`, region, identity: `AK-${Math.random()}`, call } as unknown as OscClient;
  return { client, sent, fail };
}

const gaps = (sent: Sent[]) => sent.slice(1).map((s, i) => s.at - sent[i]!.at);
const moving = (): Partial<PollWatcher> => ({ onSnapshots: () => true, onTasks: () => true });
const throttled = (status: number) => new OscApiError({ kind: status ? 'api' : 'network', action: 'ReadSnapshots', status, errors: [{ Code: '', Type: 'Throttled', Details: '' }] });

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-11-26T10:00:00.000Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('Region poll scheduler', () => {
  it('sends one ReadSnapshots per tick for all its watchers, each getting its own part of the answer', async () => {
    const { client, sent } = fakeRegion();
    const poller = createRegionPoller(client);
    const got: string[][] = [];
    for (const ids of [['snap-3'], ['snap-1', 'snap-2'], ['snap-2', 'snap-4'], ['snap-5']]) {
      poller.watch({ snapshotIds: () => ids, onSnapshots: ({ asked, found }) => (got.push([...asked, '|', ...found.map((s) => s.SnapshotId)]), true) });
    }
    await vi.advanceTimersByTimeAsync(10 * POLL_MIN_MS - 1);
    expect(sent).toHaveLength(10);
    for (const s of sent) expect(s).toMatchObject({ action: 'ReadSnapshots', ids: ['snap-1', 'snap-2', 'snap-3', 'snap-4', 'snap-5'] });
    expect(gaps(sent).every((gap) => gap === POLL_MIN_MS)).toBe(true);
    expect(got.slice(0, 4)).toEqual([['snap-3', '|', 'snap-3'], ['snap-1', 'snap-2', '|', 'snap-1', 'snap-2'], ['snap-2', 'snap-4', '|', 'snap-2', 'snap-4'], ['snap-5', '|', 'snap-5']]);
  });

  it('gives the same scheduler to every caller of a Region (its endpoint, Region and account)', () => {
    const a = fakeRegion('eu-west-2');
    const b = fakeRegion('us-east-2');
    expect(regionPoller(a.client)).toBe(regionPoller({ ...a.client } as OscClient));
    expect(regionPoller(a.client)).not.toBe(regionPoller(b.client));
  });

  it('alternates fairly between ReadSnapshots and ReadSnapshotExportTasks (all task IDs in one call), one request per tick', async () => {
    const { client, sent } = fakeRegion();
    const poller = createRegionPoller(client);
    poller.watch({ snapshotIds: () => ['snap-1', 'snap-2'], ...moving() });
    poller.watch({ taskIds: () => ['snap-export-2'], ...moving() });
    poller.watch({ taskIds: () => ['snap-export-1'], snapshotIds: () => ['snap-3'], ...moving() });
    await vi.advanceTimersByTimeAsync(8 * POLL_MIN_MS - 1);
    expect(sent.map((s) => s.action)).toEqual(Array(4).fill(['ReadSnapshots', 'ReadSnapshotExportTasks']).flat());
    expect(sent[0]!.ids).toEqual(['snap-1', 'snap-2', 'snap-3']);
    expect(sent[1]!.ids).toEqual(['snap-export-1', 'snap-export-2']);
    expect(Math.min(...gaps(sent))).toBe(POLL_MIN_MS);
  });

  it('stops asking for what a watcher no longer watches, and stops when nothing is watched', async () => {
    const { client, sent } = fakeRegion();
    const poller = createRegionPoller(client);
    const stopA = poller.watch({ snapshotIds: () => ['snap-a'], ...moving() });
    const stopTask = poller.watch({ taskIds: () => ['snap-export-1'], ...moving() });
    await vi.advanceTimersByTimeAsync(POLL_MIN_MS - 1);
    stopTask();
    const stopB = poller.watch({ snapshotIds: () => ['snap-b'], ...moving() });
    await vi.advanceTimersByTimeAsync(2 * POLL_MIN_MS);
    expect(sent.map((s) => `${s.action} ${s.ids.join(',')}`)).toEqual(['ReadSnapshots snap-a', 'ReadSnapshots snap-a,snap-b', 'ReadSnapshots snap-a,snap-b']);
    stopA();
    stopB();
    const before = sent.length;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sent).toHaveLength(before);
  });

  it('backs off to 15 s while nothing moves, and a newly watched ID is read within 2 s', async () => {
    const { client, sent } = fakeRegion();
    const poller = createRegionPoller(client);
    poller.watch({ snapshotIds: () => ['snap-1'], onSnapshots: () => false });
    await vi.advanceTimersByTimeAsync(120_000);
    expect(poller.status().intervalMs).toBe(POLL_MAX_MS);
    expect(gaps(sent).slice(0, 3)).toEqual([nextPollInterval(POLL_MIN_MS, 'still'), 4500, 6750]);
    const before = sent.length;
    poller.watch({ taskIds: () => ['snap-export-1'], onTasks: () => false });
    await vi.advanceTimersByTimeAsync(POLL_MIN_MS);
    expect(sent).toHaveLength(before + 1);
  });

  it('slows down while throttled (5 s, 10 s…), says until when, and goes back to 2 s after an answer', async () => {
    const { client, sent, fail } = fakeRegion();
    fail.push(throttled(429), throttled(503), throttled(0));
    const poller = createRegionPoller(client);
    const statuses: unknown[] = [];
    poller.subscribe(() => statuses.push(poller.status()));
    poller.watch({ snapshotIds: () => ['snap-1'], ...moving() });
    poller.watch({ snapshotIds: () => ['snap-2'], ...moving() });
    await vi.advanceTimersByTimeAsync(1);
    expect(poller.status()).toEqual({ intervalMs: THROTTLE_MIN_MS, throttledUntil: Date.now() - 1 + THROTTLE_MIN_MS });
    await vi.advanceTimersByTimeAsync(5000 + 10_000 + 20_000);
    expect(gaps(sent)).toEqual([5000, 10_000, 20_000]);
    expect(sent).toHaveLength(4);
    expect(poller.status()).toEqual({ intervalMs: POLL_MIN_MS });
    expect(statuses).toHaveLength(4);
  });

  it('tells the watchers of that kind about another error, without changing the pace', async () => {
    const { client, sent, fail } = fakeRegion();
    fail.push(new Error('boom'));
    const poller = createRegionPoller(client);
    const errors: string[] = [];
    poller.watch({ snapshotIds: () => ['snap-1'], ...moving(), onError: (e, kind) => errors.push(`snap ${kind} ${String(e)}`) });
    poller.watch({ taskIds: () => ['snap-export-1'], ...moving(), onError: (e, kind) => errors.push(`task ${kind} ${String(e)}`) });
    await vi.advanceTimersByTimeAsync(2 * POLL_MIN_MS - 1);
    expect(errors).toEqual(['snap snapshots Error: boom']);
    expect(sent).toHaveLength(2);
    expect(poller.status().intervalMs).toBe(POLL_MIN_MS);
  });

  it('reads nothing while the tab is hidden, and does not rush a read when it comes back', async () => {
    const { client, sent } = fakeRegion();
    let hidden = false;
    const poller = createRegionPoller(client, { hidden: () => hidden });
    poller.watch({ snapshotIds: () => ['snap-1'], ...moving() });
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toHaveLength(1);
    hidden = true;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sent).toHaveLength(1);
    hidden = false;
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(POLL_MIN_MS);
    expect(sent).toHaveLength(2);
  });

  it('postpones a tick, never advances it, to a watcher’s expected end within the next interval', async () => {
    const { client, sent } = fakeRegion();
    const poller = createRegionPoller(client);
    const t0 = Date.now();
    let doneAt: number | undefined = t0 + POLL_MIN_MS + 700;
    poller.watch({ snapshotIds: () => ['snap-1'], ...moving(), doneAt: () => doneAt });
    // An end expected before the next tick, or an interval or more after it, changes nothing.
    poller.watch({ snapshotIds: () => ['snap-2'], ...moving(), doneAt: () => t0 + 1000 });
    poller.watch({ snapshotIds: () => ['snap-3'], ...moving(), doneAt: () => t0 + 10 * POLL_MIN_MS });
    await vi.advanceTimersByTimeAsync(POLL_MIN_MS + 699);
    expect(sent.map((s) => s.at - t0)).toEqual([0]);
    await vi.advanceTimersByTimeAsync(1);
    doneAt = undefined;
    await vi.advanceTimersByTimeAsync(POLL_MIN_MS);
    expect(sent.map((s) => s.at - t0)).toEqual([0, POLL_MIN_MS + 700, 2 * POLL_MIN_MS + 700]);
  });

  it('never reads a Region twice within the interval, even when a watcher comes back just after a read', async () => {
    const { client, sent } = fakeRegion();
    const poller = createRegionPoller(client);
    const stop = poller.watch({ snapshotIds: () => ['snap-1'], ...moving() });
    await vi.advanceTimersByTimeAsync(1);
    stop();
    poller.watch({ snapshotIds: () => ['snap-2'], ...moving() });
    await vi.advanceTimersByTimeAsync(POLL_MIN_MS - 2);
    expect(sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(2);
    expect(sent).toHaveLength(2);
  });
});
