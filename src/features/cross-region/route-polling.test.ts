/**
 * Issue 14's budget, "polling stays one request per Region per interval", on a fake clock: cross-Region routes
 * (route.ts) run beside copies in flight watched as the tray watches them, every Region's scheduler created as the
 * app's regionPoller creates it, and every request counted per Region and per action.
 *   (a) one route while 5 copies are in flight in the source Region;
 *   (b) two routes at once;
 *   (c) two routes, and 5 copies in flight in the destination Region too.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OscClient } from '../../api/client';
import { POLL_MIN_MS } from '../../lib/poll-pace';
import { createRegionPoller, type RegionPoller } from '../../lib/region-poller';
import { runRoute } from './route';
import { fakeOos, fakeRegion, memory } from './route-fakes';
import { currentStep, defaultBucket, newRoute, routeStorage } from './route-state';

type Region = ReturnType<typeof fakeRegion>;
type Timed = { at: number; action: string; filters: Record<string, unknown> };

/** Every call a Region's client makes, with its time. */
function timed(region: Region): Timed[] {
  const log: Timed[] = [];
  const call = region.client.call.bind(region.client);
  (region.client as { call: OscClient['call'] }).call = ((action: string, body?: { Filters?: Record<string, unknown> }, init?: unknown) => {
    log.push({ at: Date.now(), action, filters: body?.Filters ?? {} });
    return (call as (...a: unknown[]) => unknown)(action, body, init);
  }) as OscClient['call'];
  return log;
}

/** A polling request (the route's one-off look-ups by ClientToken or by snapshot ID are not). */
const isPoll = (t: Timed) => (t.action === 'ReadSnapshots' && 'SnapshotIds' in t.filters) || (t.action === 'ReadSnapshotExportTasks' && 'TaskIds' in t.filters);

/** Polls per POLL_MIN_MS window from the first poll to the last: max and mean, and the shortest gap. */
function perInterval(log: Timed[]) {
  const polls = log.filter(isPoll);
  const first = polls[0]!.at;
  const windows = Math.floor((polls.at(-1)!.at - first) / POLL_MIN_MS) + 1;
  const counts = Array<number>(windows).fill(0);
  for (const p of polls) counts[Math.floor((p.at - first) / POLL_MIN_MS)]!++;
  const gaps = polls.slice(1).map((p, i) => p.at - polls[i]!.at);
  return { polls: polls.length, max: Math.max(...counts), mean: polls.length / windows, minGap: Math.min(...gaps) };
}

/** 5 copies in flight (they stay pending), watched as the tray watches them. */
function trayCopies(region: Region, poller: RegionPoller, prefix: string) {
  const ids = Array.from({ length: 5 }, (_, i) => `snap-${prefix}${String(i).padStart(6, '0')}`);
  for (const id of ids) region.snapshots.set(id, { reads: -1000, VolumeSize: 10, Tags: [] });
  return poller.watch({ snapshotIds: () => ids, onSnapshots: () => false });
}

async function scenario(routes: number, destCopies: boolean) {
  const source = fakeRegion('eu-west-2', { polls: 6 });
  const dest = fakeRegion('us-east-2', { polls: 6 });
  source.snapshots.set('snap-bbbbbbbb', { reads: 99, VolumeSize: 8, Tags: [] });
  const logs = { 'eu-west-2': timed(source), 'us-east-2': timed(dest) };
  const pollers = new Map<OscClient, RegionPoller>([
    [source.client, createRegionPoller(source.client)],
    [dest.client, createRegionPoller(dest.client)],
  ]);
  const stops = [trayCopies(source, pollers.get(source.client)!, 'c0'), ...(destCopies ? [trayCopies(dest, pollers.get(dest.client)!, 'd0')] : [])];
  const storage = memory();
  const runs = ['snap-aaaaaaaa', 'snap-bbbbbbbb'].slice(0, routes).map((sourceId) => {
    const state = newRoute({ sourceId, sourceRegion: 'eu-west-2', destRegion: 'us-east-2', needsOwnCopy: false, bucket: defaultBucket('111122223333'), deleteObject: false, description: 'd' });
    const deps = { source: source.client, dest: dest.client, oos: fakeOos().api, accountId: '111122223333', save: (s: typeof state) => routeStorage.save(s, storage), onProgress: () => undefined, pollerFor: (c: OscClient) => pollers.get(c)! };
    return runRoute(state, deps);
  });
  let settled = false;
  const all = Promise.all(runs).finally(() => (settled = true));
  // The clock moves a second at a time; between, the real event loop turns (the export step loads its schemas).
  for (let s = 0; !settled && s < 600; s++) {
    await vi.advanceTimersByTimeAsync(1000);
    await new Promise((resolve) => setImmediate(resolve));
  }
  const ended = await all;
  stops.forEach((stop) => stop());
  expect(ended.map(currentStep)).toEqual(Array(routes).fill('done'));
  return { eu: perInterval(logs['eu-west-2']), us: perInterval(logs['us-east-2']), logs };
}

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-11-26T10:00:00.000Z'), toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('route polling budget: one request per Region per interval', () => {
  it('(a) one route while 5 copies are in flight in the source: the copies and the export task share the source Region’s ticks', async () => {
    const { eu, us, logs } = await scenario(1, false);
    expect(eu.max).toBe(1);
    expect(eu.minGap).toBeGreaterThanOrEqual(POLL_MIN_MS);
    expect(us.max).toBe(1);
    // The source's ReadSnapshots carries the tray's copies and, once the export is done, the route's own size read.
    const euPolls = logs['eu-west-2'].filter(isPoll);
    expect(euPolls.some((p) => p.action === 'ReadSnapshotExportTasks')).toBe(true);
    expect(euPolls.filter((p) => p.action === 'ReadSnapshots').some((p) => (p.filters.SnapshotIds as string[]).includes('snap-aaaaaaaa'))).toBe(true);
    console.log(`(a) eu-west-2 max ${eu.max} mean ${eu.mean.toFixed(2)}; us-east-2 max ${us.max} mean ${us.mean.toFixed(2)}`);
  });

  it('(b) two routes at once: their export tasks in one ReadSnapshotExportTasks, their imports in one ReadSnapshots', async () => {
    const { eu, us, logs } = await scenario(2, false);
    expect([eu.max, us.max]).toEqual([1, 1]);
    expect(Math.min(eu.minGap, us.minGap)).toBeGreaterThanOrEqual(POLL_MIN_MS);
    expect(logs['eu-west-2'].filter(isPoll).some((p) => p.action === 'ReadSnapshotExportTasks' && (p.filters.TaskIds as string[]).length === 2)).toBe(true);
    expect(logs['us-east-2'].filter(isPoll).some((p) => (p.filters.SnapshotIds as string[]).length === 2)).toBe(true);
    console.log(`(b) eu-west-2 max ${eu.max} mean ${eu.mean.toFixed(2)}; us-east-2 max ${us.max} mean ${us.mean.toFixed(2)}`);
  });

  it('(c) two routes with copies in flight in the destination too: the imports join the destination’s copies', async () => {
    const { eu, us, logs } = await scenario(2, true);
    expect([eu.max, us.max]).toEqual([1, 1]);
    expect(Math.min(eu.minGap, us.minGap)).toBeGreaterThanOrEqual(POLL_MIN_MS);
    expect(logs['us-east-2'].filter(isPoll).some((p) => (p.filters.SnapshotIds as string[]).length === 7)).toBe(true);
    console.log(`(c) eu-west-2 max ${eu.max} mean ${eu.mean.toFixed(2)}; us-east-2 max ${us.max} mean ${us.mean.toFixed(2)}`);
  });
});
