import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../api/schemas';
import type { Job } from '../../lib/jobs-store';
import type { Sample } from './progress-math';
import type { BulkStatus } from '../../lib/bulk-status';
import { countJobs, jobNoun, jobSourceText, minutesLeft, trayHeading, traySummary, withBulk } from './tray-summary';

const T0 = 1_000_000;
const job = (id: string, state: string | undefined, samples: Sample[] = [], gone = false): Job => ({
  id,
  startedAt: T0,
  samples,
  ...(state ? { snapshot: { SnapshotId: id, State: state, Progress: samples.at(-1)?.progress ?? 0 } as Snapshot } : {}),
  ...(gone ? { gone } : {}),
});
/** A copy at 10 % per minute, at `to` % when last read, at T0. */
const moving = (to: number): Sample[] => [
  { at: T0 - 60_000, progress: to - 10, state: 'pending' },
  { at: T0, progress: to, state: 'pending' },
];

describe('the tray summary', () => {
  it('counts running, completed and failed copies, and gives the longest time left', () => {
    const jobs = [job('snap-1', 'pending', moving(70)), job('snap-2', 'pending', moving(40)), job('snap-3', 'completed'), job('snap-4', 'error'), job('snap-5', 'error')];
    const counts = countJobs(jobs, T0, false);
    // 40 % at 10 %/min: 6 minutes left, the longest of the two
    expect(counts).toEqual({ running: 2, completed: 1, failed: 2, left: 6 * 60_000 });
    expect(traySummary(counts)).toBe('2 running · 1 completed · 2 failed · about 6 min left');
  });

  it('says no time left while one running copy has no estimate yet, and "unknown" while throttled', () => {
    const jobs = [job('snap-1', 'pending', moving(70)), job('snap-2', 'in-queue', [{ at: T0, progress: 0, state: 'in-queue' }])];
    expect(traySummary(countJobs(jobs, T0, false))).toBe('2 running');
    const counts = countJobs([job('snap-1', 'pending', moving(70))], T0, true);
    expect(counts.left).toBe('unknown');
    expect(traySummary(counts, 7)).toBe('1 running · throttled, retrying in 7 s · time left unknown');
    expect(traySummary(counts, 0)).toBe('1 running · throttled, retrying now · time left unknown');
  });

  it('counts a copy not read yet as running, and neither a vanished one nor a finished one', () => {
    const counts = countJobs([job('snap-1', undefined), job('snap-2', undefined, [], true), job('snap-3', 'completed')], T0, false);
    expect(counts).toEqual({ running: 1, completed: 1, failed: 0, left: undefined });
    expect(traySummary(countJobs([job('snap-3', 'completed')], T0, false))).toBe('0 running · 1 completed');
  });

  it('words time left in minutes, rounded up, never abbreviated to letters', () => {
    expect(minutesLeft(59_000)).toBe('less than 1 min');
    expect(minutesLeft(60_000)).toBe('1 min');
    expect(minutesLeft(61_000)).toBe('2 min');
    expect(minutesLeft(59 * 60_000)).toBe('59 min');
    expect(minutesLeft(125 * 60_000)).toBe('2 h 05 min');
  });
});

describe('the tray summary with a bulk copy queued', () => {
  const bulk = (over: Partial<BulkStatus>): BulkStatus => ({ account: '1', state: 'running', queued: 0, created: 0, failed: 0, notSent: 0, startedAt: T0 - 120_000, createdAt: [], retryFailed: () => undefined, ...over });

  it('counts what is not confirmed as queued and what the API refused as failed, and paces the ETA on the creations so far', () => {
    // One copy running, 6 min left, started 4 min ago: a copy takes about 10 min here.
    const jobs = [{ ...job('snap-1', 'pending', moving(40)), startedAt: T0 - 240_000 }];
    // One creation every 20 s so far; 30 queued: 10 min to send them, then 10 min for the last copy.
    const status = bulk({ queued: 30, failed: 2, notSent: 1, createdAt: [T0 - 40_000, T0 - 20_000, T0] });
    const counts = withBulk(countJobs(jobs, T0, false), jobs, status, T0, false);
    expect(counts).toMatchObject({ running: 1, queued: 30, failed: 2, notSent: 1, left: 30 * 20_000 + 600_000 });
    expect(traySummary(counts)).toBe('1 running · 30 queued · 2 failed · 1 not sent · about 20 min left');
  });

  it('says no time yet before two creations, unknown while paused or throttled, and nothing of a queue that is done', () => {
    const jobs = [job('snap-1', 'pending', moving(40))];
    expect(withBulk(countJobs(jobs, T0, false), jobs, bulk({ queued: 5, createdAt: [T0] }), T0, false).left).toBeUndefined();
    const paused = withBulk(countJobs(jobs, T0, false), jobs, bulk({ state: 'paused', queued: 5, createdAt: [T0 - 1, T0] }), T0, false);
    expect(traySummary(paused)).toBe('1 running · 5 queued (paused) · time left unknown');
    expect(withBulk(countJobs(jobs, T0, true), jobs, bulk({ queued: 5, createdAt: [T0 - 1, T0] }), T0, true).left).toBe('unknown');
    const done = withBulk(countJobs(jobs, T0, false), jobs, bulk({ state: 'done', created: 9 }), T0, false);
    expect(traySummary(done)).toBe('1 running · about 6 min left');
  });
});

describe('what each job is', () => {
  it('names the tray by the kinds of job in it, Copies when there are only copies or none', () => {
    expect(trayHeading([])).toBe('Copies');
    expect(trayHeading([{}, { kind: 'copy' }])).toBe('Copies');
    expect(trayHeading([{ kind: 'volume' }])).toBe('Volume snapshots');
    expect(trayHeading([{ kind: 'import' }, { kind: 'copy' }])).toBe('Copies and imports');
    expect(trayHeading([{ kind: 'import' }, { kind: 'volume' }, {}])).toBe('Copies, volume snapshots and imports');
  });

  it('says a copy, a snapshot of a volume and an import each in its words', () => {
    expect([jobNoun({}), jobNoun({ kind: 'volume' }), jobNoun({ kind: 'import' })]).toEqual(['Copy', 'Snapshot', 'Import']);
    expect(jobSourceText({ kind: 'volume' }, 'vol-0000000a')).toBe(' · of vol-0000000a');
    expect(jobSourceText({ kind: 'copy' }, 'snap-0000000a')).toBe(' · from snap-0000000a');
    expect(jobSourceText({ kind: 'import' }, 'https://oos.eu-west-2.outscale.com/b/disk.gz')).toBe(' · from https://oos.eu-west-2.outscale.com/b/disk.gz');
    expect(jobSourceText({ kind: 'import' }, undefined)).toBe('');
  });
});
