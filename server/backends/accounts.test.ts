import { describe, expect, it } from 'vitest';
import { expectOscError, OPERATOR, PARTNER, setup } from '../test-kit';

describe('ReadAccounts, ReadRegions, ReadSubregions, ReadVolumes', () => {
  const kit = setup();

  it('ReadAccounts answers the caller only', () => {
    expect(kit.call('ReadAccounts', {}).Accounts).toEqual([expect.objectContaining({ AccountId: OPERATOR, Email: 'demo-operator@example.com' })]);
    expect(kit.call('ReadAccounts', {}, PARTNER).Accounts![0]!.AccountId).toBe(PARTNER);
    expectOscError(() => kit.call('ReadAccounts', {}, null), 401, '1', 'AccessDenied');
  });

  it('ReadRegions lists the public Regions with their endpoints, without auth', () => {
    const regions = kit.call('ReadRegions', {}, null).Regions!;
    expect(regions).toContainEqual({ RegionName: 'eu-west-2', Endpoint: 'api.eu-west-2.outscale.com' });
    expect(regions.map((r) => r.RegionName)).toHaveLength(5);
  });

  it('ReadSubregions lists the Region a and b, filterable', () => {
    expect(kit.call('ReadSubregions', {}).Subregions!.map((s) => s.SubregionName)).toEqual(['eu-west-2a', 'eu-west-2b']);
    expect(kit.call('ReadSubregions', { Filters: { SubregionNames: ['eu-west-2b'] } }).Subregions).toEqual([
      { RegionName: 'eu-west-2', SubregionName: 'eu-west-2b', State: 'available', LocationCode: 'PAR4' },
    ]);
  });

  it('ReadSubregions pages like every Read call: ResultsPerPage is kept, a garbage or foreign token is 4117', () => {
    const first = kit.call('ReadSubregions', { ResultsPerPage: 1 });
    expect(first.Subregions!.map((s) => s.SubregionName)).toEqual(['eu-west-2a']);
    const rest = kit.call('ReadSubregions', { ResultsPerPage: 1, NextPageToken: first.NextPageToken! });
    expect(rest.Subregions!.map((s) => s.SubregionName)).toEqual(['eu-west-2b']);
    expect(rest.NextPageToken).toBeUndefined();
    expect(kit.call('ReadSubregions', { ResultsPerPage: 2 }).NextPageToken).toBeUndefined();
    expectOscError(() => kit.call('ReadSubregions', { ResultsPerPage: 1, NextPageToken: 'garbage' }), 400, '4117', 'InvalidParameterValue');
    expectOscError(() => kit.call('ReadSubregions', { ResultsPerPage: 1, NextPageToken: first.NextPageToken! }, PARTNER), 400, '4117', 'InvalidParameterValue');
    const volumeToken = kit.call('ReadVolumes', { ResultsPerPage: 1 }).NextPageToken!;
    expectOscError(() => kit.call('ReadSubregions', { ResultsPerPage: 1, NextPageToken: volumeToken }), 400, '4117', 'InvalidParameterValue');
    expectOscError(() => kit.call('ReadSubregions', { NextPageToken: first.NextPageToken! }), 400, '7000', 'MissingParameter');
  });

  it('ReadVolumes lists own volumes, with filters and paging', () => {
    const all = kit.call('ReadVolumes', {}).Volumes!;
    expect(all).toHaveLength(9);
    expect(new Set(all.map((v) => v.State))).toEqual(new Set(['in-use', 'available']));
    expect(all.filter((v) => v.State === 'in-use').every((v) => v.LinkedVolumes.length === 1)).toBe(true);
    const available = kit.call('ReadVolumes', { Filters: { VolumeStates: ['available'] } }).Volumes!;
    expect(available.map((v) => v.VolumeId).sort()).toEqual(all.filter((v) => v.State === 'available').map((v) => v.VolumeId).sort());
    const first = kit.call('ReadVolumes', { ResultsPerPage: 5 });
    const rest = kit.call('ReadVolumes', { ResultsPerPage: 5, NextPageToken: first.NextPageToken! });
    expect([...first.Volumes!, ...rest.Volumes!]).toEqual(all);
    expect(rest.NextPageToken).toBeUndefined();
    expect(kit.call('ReadVolumes', {}, PARTNER).Volumes).toHaveLength(3);
    expectOscError(() => kit.call('ReadVolumes', { Filters: { VolumeSizes: ['big'] } }), 400, '4108', 'InvalidParameterValue');
  });
});
