/**
 * The JSON text of settled snapshots is kept between reads (querySnapshotJson): every kind of write, and a clock
 * set back, must show at once in the next read, exactly as the ReadSnapshots handler answers it.
 */
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/api/schemas';
import type { ActionOutput } from '../osc/context';
import { jsonCacheLimit, querySnapshotJson } from './snapshot-query';
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

describe('reads by IDs answered from the cache alone', () => {
  it('answer exactly what SQLite answers, whatever the writes, the callers, the clock and the ID lists', () => {
    const kit = setup({ speed: 1 });
    const all = slow(kit).map((s) => s.SnapshotId);
    const partnerOwn = slow(kit, {}, PARTNER).map((s) => s.SnapshotId);
    const ids = [...new Set([...all, ...partnerOwn, 'snap-00000000'])];
    let seed = 1;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]!;
    const tryCall = (action: Parameters<Kit['call']>[0], body: object, me: string = OPERATOR) => {
      try {
        kit.call(action, body, me);
      } catch {
        // a refused write (not the owner, wrong state…) is part of the mix
      }
    };
    const writes = [
      () => tryCall('CreateTags', { ResourceIds: [pick(ids)], Tags: [{ Key: 'k', Value: String(random()) }] }),
      () => tryCall('UpdateSnapshot', { SnapshotId: pick(ids), PermissionsToCreateVolume: { Additions: { AccountIds: [PARTNER] } } }),
      () => tryCall('UpdateSnapshot', { SnapshotId: pick(ids), PermissionsToCreateVolume: { Removals: { AccountIds: [PARTNER] } } }),
      () => tryCall('UpdateSnapshot', { SnapshotId: pick(ids), PermissionsToCreateVolume: { Additions: { GlobalPermission: random() < 0.5 } } }),
      () => tryCall('CreateSnapshot', { SourceSnapshotId: pick(ids), SourceRegionName: 'eu-west-2' }),
      () => tryCall('DeleteSnapshot', { SnapshotId: pick(ids) }),
      () => kit.clock.advance(Math.floor((random() - 0.3) * 120_000)),
    ];
    let compared = 0;
    for (let round = 0; round < 300; round++) {
      if (round % 3 === 0) pick(writes)();
      const list = Array.from({ length: 1 + Math.floor(random() * 6) }, () => pick(ids));
      const me = random() < 0.7 ? OPERATOR : PARTNER;
      for (let twice = 0; twice < 2; twice++) {
        expect(fast(kit, { SnapshotIds: list }, me), `round ${round}: ${list.join(' ')} as ${me}`).toEqual(slow(kit, { SnapshotIds: list }, me));
        compared += 1;
      }
    }
    expect(compared).toBe(600);
  });
});

describe('a full cache', () => {
  it('starts again empty without a hole in the read that filled it (every row keeps its text)', () => {
    const kit = setup({ speed: 1 });
    const limit = jsonCacheLimit.max;
    jsonCacheLimit.max = 10;
    try {
      const everything = slow(kit);
      expect(everything.length).toBeGreaterThan(20);
      for (let round = 0; round < 3; round++) {
        // Pages of 7 over a cache of 10: each page mixes cached texts and texts built now, and the cache empties.
        const pages: Snapshot[] = [];
        let after: { createdAt: number; id: string } | undefined;
        for (;;) {
          const rows = querySnapshotJson(kit.store, OPERATOR, kit.clock.now().getTime(), {}, after, 7);
          pages.push(...rows.slice(0, 7).map((row) => JSON.parse(row.json) as Snapshot));
          if (rows.length <= 7) break;
          after = { createdAt: rows[6]!.created_at, id: rows[6]!.snapshot_id };
        }
        expect(pages).toEqual(everything);
        expect(fast(kit)).toEqual(everything);
      }
    } finally {
      jsonCacheLimit.max = limit;
    }
  });
});
