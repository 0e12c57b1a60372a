/**
 * The JSON text of settled snapshots is kept between reads (querySnapshotJson): every kind of write, and a clock
 * set back, must show at once in the next read, exactly as the ReadSnapshots handler answers it.
 */
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/api/schemas';
import type { ActionOutput } from '../osc/context';
import { querySnapshotJson } from './snapshot-query';
import { OPERATOR, PARTNER, setup } from '../test-kit';

type Kit = ReturnType<typeof setup>;

const fast = (kit: Kit, filters: object = {}, me: string = OPERATOR): Snapshot[] =>
  querySnapshotJson(kit.store, me, kit.clock.now().getTime(), filters).map((row) => JSON.parse(row.json) as Snapshot);
const slow = (kit: Kit, filters: object = {}, me: string = OPERATOR): Snapshot[] =>
  (kit.call('ReadSnapshots', { Filters: filters }, me) as ActionOutput<'ReadSnapshots'>).Snapshots ?? [];

function settledSnapshot(kit: Kit): Snapshot {
  return slow(kit, { States: ['completed'], AccountIds: [OPERATOR] })[0]!;
}

describe('the JSON of settled snapshots, kept between reads', () => {
  it('shows every write at once: tags, description-less copies, shares, public, deletion', () => {
    const kit = setup({ speed: 1 });
    const target = settledSnapshot(kit);
    const id = target.SnapshotId;
    const byId = { SnapshotIds: [id] };
    expect(fast(kit)).toEqual(slow(kit)); // fills the cache
    expect(fast(kit, byId)).toEqual([target]);

    kit.call('CreateTags', { ResourceIds: [id], Tags: [{ Key: 'cache', Value: 'one' }] });
    expect(fast(kit, byId)[0]!.Tags).toContainEqual({ Key: 'cache', Value: 'one' });
    kit.call('CreateTags', { ResourceIds: [id], Tags: [{ Key: 'cache', Value: 'two' }] });
    expect(fast(kit, byId)[0]!.Tags).toContainEqual({ Key: 'cache', Value: 'two' });
    kit.call('DeleteTags', { ResourceIds: [id], Tags: [{ Key: 'cache', Value: 'two' }] });
    expect(fast(kit, byId)[0]!.Tags.some((tag) => tag.Key === 'cache')).toBe(false);

    kit.call('UpdateSnapshot', { SnapshotId: id, PermissionsToCreateVolume: { Additions: { AccountIds: [PARTNER] } } });
    expect(fast(kit, byId)[0]!.PermissionsToCreateVolume.AccountIds).toEqual([PARTNER]);
    expect(fast(kit, byId, PARTNER).map((s) => s.SnapshotId)).toEqual([id]);
    kit.call('UpdateSnapshot', { SnapshotId: id, PermissionsToCreateVolume: { Additions: { GlobalPermission: true } } });
    expect(fast(kit, byId)[0]!.PermissionsToCreateVolume.GlobalPermission).toBe(true);
    expect(fast(kit)).toEqual(slow(kit));

    kit.call('DeleteSnapshot', { SnapshotId: id });
    expect(fast(kit, byId)[0]!.State).toBe('deleting');
    kit.clock.advance(60_000);
    expect(fast(kit, byId)).toEqual([]);
    expect(fast(kit)).toEqual(slow(kit));
  });

  it('keeps a copy in flight moving, and a clock set back makes a settled copy move again', () => {
    const kit = setup({ speed: 1 });
    const source = settledSnapshot(kit);
    const copy = (
      kit.call('CreateSnapshot', { SourceSnapshotId: source.SnapshotId, SourceRegionName: 'eu-west-2' }) as ActionOutput<'CreateSnapshot'>
    ).Snapshot!;
    const byId = { SnapshotIds: [copy.SnapshotId] };
    const seen: string[] = [];
    let elapsed = 0;
    for (let i = 0; i < 2_000 && seen.at(-1) !== 'completed:100'; i++) {
      const [now] = fast(kit, byId);
      expect(now).toEqual(slow(kit, byId)[0]);
      seen.push(`${now!.State}:${now!.Progress}`);
      kit.clock.advance(5_000);
      elapsed += 5_000;
    }
    expect(seen[0]).toBe('in-queue:0');
    expect(seen.at(-1)).toBe('completed:100');
    expect(new Set(seen).size).toBeGreaterThan(3);
    expect(fast(kit, byId)[0]!.State).toBe('completed'); // now cached

    kit.clock.advance(-elapsed / 2);
    expect(fast(kit, byId)).toEqual(slow(kit, byId));
    expect(fast(kit, byId)[0]!.State).not.toBe('completed');
  });
});
