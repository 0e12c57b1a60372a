import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../api/schemas';
import { ageFilters, computeOverview, listHref } from './overview-stats';

const ME = '111111111111';
const NOW = Date.parse('2026-11-26T10:00:00Z');
let n = 0;
function snap(over: Partial<Snapshot> & { daysAgo?: number } = {}): Snapshot {
  const { daysAgo = 0, ...rest } = over;
  n++;
  return {
    SnapshotId: `snap-${n.toString(16).padStart(8, '0')}`,
    AccountId: ME,
    CreationDate: new Date(NOW - daysAgo * 86_400_000).toISOString(),
    Description: '',
    PermissionsToCreateVolume: { AccountIds: [], GlobalPermission: false },
    Progress: 100,
    State: 'completed',
    Tags: [],
    VolumeId: 'vol-00000001',
    VolumeSize: 10,
    ...rest,
  } as Snapshot;
}
const query = (href: string) => Object.fromEntries(new URL(href, 'http://x').searchParams);

describe('computeOverview', () => {
  const rows = [
    snap({ daysAgo: 0, VolumeSize: 5 }),
    snap({ daysAgo: 6 }),
    snap({ daysAgo: 7, State: 'error', VolumeId: 'vol-0000dead' }),
    snap({ daysAgo: 400, VolumeId: 'vol-0000dead', VolumeSize: 100 }),
    snap({ daysAgo: 200, AccountId: '222222222222', PermissionsToCreateVolume: { AccountIds: [ME], GlobalPermission: false }, VolumeId: 'vol-0000beef' }),
    snap({ State: 'pending', Tags: [{ Key: 'copied-from', Value: 'snap-aaaaaaaa' }] }),
    snap({ Tags: [{ Key: 'copied-from', Value: 'snap-aaaaaaaa' }] }),
    snap({ Tags: [{ Key: 'copied-from', Value: 'snap-bbbbbbbb' }] }),
  ];
  const o = computeOverview(rows, new Set(['vol-00000001']), ME, NOW);

  it('totals, by owner and by state, each with its list link', () => {
    expect(o.total).toMatchObject({ count: 8, size: 165, href: '/' });
    expect(o.owner.mine).toMatchObject({ count: 7, size: 155, href: '/?owner=mine' });
    expect(o.owner.shared).toMatchObject({ count: 1, size: 10, href: '/?owner=shared' });
    expect(o.states.map((s) => [s.label, s.count])).toEqual([['completed', 6], ['pending', 1], ['error', 1]]);
    expect(o.errors).toMatchObject({ count: 1, href: '/?state=error' });
  });

  it('buckets ages by UTC day so that each bucket link selects the same rows', () => {
    expect(o.ages.map((a) => a.count)).toEqual([5, 1, 0, 0, 1, 1]);
    const today = Math.floor(NOW / 86_400_000);
    expect(ageFilters(today, 0)).toEqual({ from: '2026-11-20', to: undefined });
    expect(ageFilters(today, 1)).toEqual({ from: '2026-10-28', to: '2026-11-19' });
    expect(ageFilters(today, 5)).toEqual({ from: undefined, to: '2025-11-26' });
  });

  it('finds own snapshots whose volume is gone, not shared ones', () => {
    expect(o.orphaned).toMatchObject({ count: 2, size: 110, volumes: ['vol-0000dead'] });
    expect(query(o.orphaned.href)).toEqual({ owner: 'mine', volume: 'vol-0000dead' });
    expect(o.orphaned.ages.map((a) => a.count)).toEqual([0, 1, 0, 0, 0, 1]);
    expect(query(o.orphaned.ages[5]!.href)).toEqual({ owner: 'mine', volume: 'vol-0000dead', to: '2025-11-26' });
  });

  it('ranks volumes by count and by size', () => {
    expect(o.topByCount[0]).toMatchObject({ label: 'vol-00000001', count: 5, href: '/?volume=vol-00000001' });
    expect(o.topBySize[0]).toMatchObject({ label: 'vol-0000dead', size: 110 });
  });

  it('counts copies by source and copies in flight', () => {
    expect(o.copies).toMatchObject({ count: 3, sourceCount: 2, href: '/?tag=copied-from' });
    expect(o.copies.sources.map((s) => [s.label, s.count])).toEqual([['snap-aaaaaaaa', 2], ['snap-bbbbbbbb', 1]]);
    expect(query(o.copies.sources[0]!.href)).toEqual({ tag: 'copied-from=snap-aaaaaaaa' });
    expect(o.inFlight.map((f) => [f.label, f.count])).toEqual([['in-queue', 0], ['pending', 1]]);
    expect(query(o.inFlight[1]!.href)).toEqual({ state: 'pending', tag: 'copied-from' });
  });

  it('reads a date with an offset by its UTC day', () => {
    const o2 = computeOverview([snap({ CreationDate: '2025-11-27T01:00:00+02:00' }), snap({ CreationDate: 'not a date' })], new Set(['vol-00000001']), ME, NOW);
    expect(o2.ages.map((a) => a.count)).toEqual([0, 0, 0, 0, 0, 1]);
  });

  it('has no orphan link when nothing is orphaned', () => {
    expect(computeOverview([], new Set(), ME, NOW).orphaned.href).toBe('');
    expect(listHref({})).toBe('/');
  });
});
