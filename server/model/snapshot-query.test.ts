import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/api/schemas';
import { expectOscError, OPERATOR, PARTNER, setup } from '../test-kit';

const ids = (list: Snapshot[]) => list.map((s) => s.SnapshotId).sort();

describe('ReadSnapshots visibility and filters', () => {
  const kit = setup();
  const all = kit.snapshots();
  const byHand = (keep: (s: Snapshot) => boolean) => ids(all.filter(keep));

  it('returns own, shared-with-me and public snapshots, sorted by creation date then ID', () => {
    const owners = new Set(all.map((s) => s.AccountId));
    expect(owners).toEqual(new Set([OPERATOR, PARTNER]));
    expect(all.filter((s) => s.AccountId === PARTNER)).toHaveLength(2);
    const order = all.map((s) => `${s.CreationDate} ${s.SnapshotId}`);
    expect([...order].sort()).toEqual(order);
    expect(all.filter((s) => s.AccountId === OPERATOR).length).toBeGreaterThanOrEqual(38);
    expect(new Set(all.map((s) => s.State))).toEqual(new Set(['completed', 'pending', 'in-queue', 'error']));
  });

  it.each([
    ['AccountIds', { AccountIds: [PARTNER] }, (s: Snapshot) => s.AccountId === PARTNER],
    ['AccountAliases', { AccountAliases: ['demo-partner'] }, (s: Snapshot) => s.AccountAlias === 'demo-partner'],
    ['States (OR)', { States: ['pending', 'error'] }, (s: Snapshot) => s.State === 'pending' || s.State === 'error'],
    ['Progresses', { Progresses: [100] }, (s: Snapshot) => s.Progress === 100],
    ['TagKeys', { TagKeys: ['backup'] }, (s: Snapshot) => s.Tags.some((t) => t.Key === 'backup')],
    ['TagValues', { TagValues: ['prod'] }, (s: Snapshot) => s.Tags.some((t) => t.Value === 'prod')],
    ['Tags KEY=VALUE', { Tags: ['env=prod', 'backup=daily'] }, (s: Snapshot) => s.Tags.some((t) => (t.Key === 'env' && t.Value === 'prod') || (t.Key === 'backup' && t.Value === 'daily'))],
    ['Tags needs the exact pair', { Tags: ['env=daily'] }, () => false],
    ['Descriptions', { Descriptions: ['Copy that failed'] }, (s: Snapshot) => s.Description === 'Copy that failed'],
    ['VolumeSizes', { VolumeSizes: [100, 200] }, (s: Snapshot) => s.VolumeSize === 100 || s.VolumeSize === 200],
    ['PermissionsToCreateVolumeGlobalPermission', { PermissionsToCreateVolumeGlobalPermission: true }, (s: Snapshot) => s.PermissionsToCreateVolume.GlobalPermission],
    ['PermissionsToCreateVolumeAccountIds', { PermissionsToCreateVolumeAccountIds: [OPERATOR] }, (s: Snapshot) => s.PermissionsToCreateVolume.AccountIds.includes(OPERATOR)],
    ['AND of filters', { States: ['completed'], TagKeys: ['env'], AccountIds: [OPERATOR] }, (s: Snapshot) => s.State === 'completed' && s.AccountId === OPERATOR && s.Tags.some((t) => t.Key === 'env')],
    ['unknown SnapshotIds: empty, not an error', { SnapshotIds: ['snap-00000000'] }, () => false],
  ])('filters by %s', (_name, filters, keep) => {
    expect(ids(kit.snapshots(filters))).toEqual(byHand(keep));
  });

  it('filters by SnapshotIds, VolumeIds and a creation date range (inclusive)', () => {
    const pick = all.slice(3, 6);
    expect(ids(kit.snapshots({ SnapshotIds: pick.map((s) => s.SnapshotId) }))).toEqual(ids(pick));
    const volume = all[0]!.VolumeId!;
    expect(ids(kit.snapshots({ VolumeIds: [volume] }))).toEqual(byHand((s) => s.VolumeId === volume));
    const from = all[5]!.CreationDate;
    const to = all[20]!.CreationDate;
    expect(ids(kit.snapshots({ FromCreationDate: from, ToCreationDate: to }))).toEqual(byHand((s) => s.CreationDate >= from && s.CreationDate <= to));
    expect(kit.snapshots({ ToCreationDate: '2026-11-24' }).length).toBe(all.length);
  });

  it('filters by ClientTokens', () => {
    const k = setup();
    const made = k.call('CreateSnapshot', { SourceSnapshotId: all.find((s) => s.State === 'completed')!.SnapshotId, SourceRegionName: 'eu-west-2', ClientToken: 'abc' }).Snapshot!;
    expect(ids(k.snapshots({ ClientTokens: ['abc', 'zzz'] }))).toEqual([made.SnapshotId]);
  });
});

describe('ReadSnapshots paging', () => {
  it('returns 2,500 snapshots once each, in order, through NextPageToken', () => {
    const paged = setup({}, ':memory:', { extraSnapshots: 2500 });
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = paged.call('ReadSnapshots', { ResultsPerPage: 1000, ...(token ? { NextPageToken: token } : {}) });
      seen.push(...page.Snapshots!.map((s) => `${s.CreationDate} ${s.SnapshotId}`));
      token = page.NextPageToken;
      pages++;
    } while (token);
    const everything = paged.call('ReadSnapshots', {}).Snapshots!.map((s) => `${s.CreationDate} ${s.SnapshotId}`);
    expect(pages).toBe(Math.ceil(everything.length / 1000));
    expect(seen).toEqual(everything);
    expect(new Set(seen).size).toBe(seen.length);
    expect(paged.call('ReadSnapshots', { ResultsPerPage: 1000, Filters: { SnapshotIds: ['snap-00000000'] } }).NextPageToken).toBeUndefined();
    // no token when ResultsPerPage covers what is left
    const partner = paged.call('ReadSnapshots', { ResultsPerPage: 2, Filters: { AccountIds: [PARTNER] } });
    expect(partner.Snapshots).toHaveLength(2);
    expect(partner.NextPageToken).toBeUndefined();
  });

  it('spells NextPageToken in standard padded base64 (OpenAPI format: byte), and accepts only that spelling', () => {
    const kit = setup({}, ':memory:', { extraSnapshots: 300 });
    const seen = new Set<string>();
    let token: string | undefined;
    do {
      const page = kit.call('ReadSnapshots', { ResultsPerPage: 7, ...(token ? { NextPageToken: token } : {}) });
      token = page.NextPageToken;
      if (!token) break;
      expect(token).toMatch(/^(?:[A-Za-z0-9+/]{4})+(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/);
      expect(Buffer.from(token, 'base64').toString('base64')).toBe(token);
      seen.add(token);
    } while (token);
    expect(seen.size).toBeGreaterThan(40);
    const special = [...seen].find((t) => /[+/]/.test(t));
    expect(special, 'some token uses + or /').toBeDefined();
    const urlSafe = special!.replace(/\+/g, '-').replace(/\//g, '_');
    for (const bad of [urlSafe, `${special}=`, special!.slice(0, -1), ` ${special}`, `${special}\n`]) {
      expectOscError(() => kit.call('ReadSnapshots', { ResultsPerPage: 7, NextPageToken: bad }), 400, '4117', 'InvalidParameterValue');
    }
    expectOscError(() => kit.call('ReadSnapshots', { ResultsPerPage: 7, NextPageToken: Buffer.from('x'.repeat(40)).toString('base64') }), 400, '4117', 'InvalidParameterValue');
  });

  it('refuses a garbage, tampered or foreign token with 4117', () => {
    const kit = setup();
    const first = kit.call('ReadSnapshots', { ResultsPerPage: 5 });
    const token = first.NextPageToken!;
    expect(token).toBeTruthy();
    expectOscError(() => kit.call('ReadSnapshots', { ResultsPerPage: 5, NextPageToken: 'garbage' }), 400, '4117', 'InvalidParameterValue');
    expectOscError(() => kit.call('ReadSnapshots', { ResultsPerPage: 5, NextPageToken: `x${token}` }), 400, '4117', 'InvalidParameterValue');
    expectOscError(() => kit.call('ReadSnapshots', { ResultsPerPage: 5, NextPageToken: token, Filters: { States: ['completed'] } }), 400, '4117', 'InvalidParameterValue');
    expectOscError(() => kit.call('ReadSnapshots', { ResultsPerPage: 5, NextPageToken: token }, PARTNER), 400, '4117', 'InvalidParameterValue');
    expectOscError(() => kit.call('ReadSnapshots', { NextPageToken: token }), 400, '7000', 'MissingParameter');
    expectOscError(() => kit.call('ReadSnapshots', { ResultsPerPage: 0 }), 400, '4047', 'InvalidParameterValue');
  });
});

