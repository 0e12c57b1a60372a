import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { setup } from '../test-kit';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('persistence', () => {
  it('keeps every snapshot across a reopen and lets an in-flight copy go on where it was', () => {
    const dir = mkdtempSync(join(tmpdir(), 'snapshot-console-'));
    dirs.push(dir);
    const file = join(dir, 'sandbox.sqlite');

    const first = setup({ copyRateGiBPerSecond: 1, queueSeconds: 0 }, file);
    const source = first.snapshots({ States: ['completed'], VolumeSizes: [100] })[0]!;
    const made = first.call('CreateSnapshot', { SourceSnapshotId: source.SnapshotId, SourceRegionName: 'eu-west-2' }).Snapshot!;
    first.clock.advance(40_000);
    const before = first.snapshots();
    expect(before.find((s) => s.SnapshotId === made.SnapshotId)).toMatchObject({ State: 'pending', Progress: 40 });
    expect((first.store.db.pragma('journal_mode', { simple: true }) as string).toLowerCase()).toBe('wal');
    // no close(): like kill -9, the next process opens the file as it was left

    const second = setup({ copyRateGiBPerSecond: 1, queueSeconds: 0 }, file);
    second.clock.set(first.clock.now());
    expect(second.snapshots()).toEqual(before);
    second.clock.advance(30_000);
    expect(second.snapshots({ SnapshotIds: [made.SnapshotId] })[0]).toMatchObject({ State: 'pending', Progress: 70 });
    second.clock.advance(30_000);
    expect(second.snapshots({ SnapshotIds: [made.SnapshotId] })[0]).toMatchObject({ State: 'completed', Progress: 100 });
    // the page tokens of the first process still work in the second
    const token = first.call('ReadSnapshots', { ResultsPerPage: 10 }).NextPageToken!;
    expect(second.call('ReadSnapshots', { ResultsPerPage: 10, NextPageToken: token }).Snapshots).toHaveLength(10);
    first.store.close();
    second.store.close();
  });
});

describe('reset', () => {
  it('empties the store so it can be seeded again', () => {
    const kit = setup();
    expect(kit.store.isEmpty()).toBe(false);
    kit.store.reset();
    expect(kit.store.isEmpty()).toBe(true);
    expect(kit.count()).toBe(0);
  });
});
