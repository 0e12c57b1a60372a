import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../api/schemas';
import { ownerKind } from '../../lib/owner';
import { invalidListParams, parseListState, serializeListState, toFiltersSnapshot, type ListState } from './list-state';

const ME = '339215505907';
const parse = (query: string) => parseListState(new URLSearchParams(query));

describe('list state in the URL', () => {
  it('round-trips every field and leaves defaults out', () => {
    const state: ListState = {
      state: 'completed', owner: 'shared', tag: 'env=prod', volume: 'vol-12345678', from: '2026-01-01',
      to: '2026-11-24', q: 'nightly backup', sort: 'size', dir: 'asc',
    };
    const query = serializeListState(state);
    expect(query).toBe('?state=completed&owner=shared&tag=env%3Dprod&volume=vol-12345678&from=2026-01-01&to=2026-11-24&q=nightly+backup&sort=size&dir=asc');
    expect(parse(query)).toEqual(state);
    expect(serializeListState(parse(''))).toBe('');
    expect(parse('')).toEqual({ sort: 'created', dir: 'desc', state: undefined, owner: undefined, tag: undefined, volume: undefined, from: undefined, to: undefined, q: undefined });
  });

  it('ignores values a hand-edited link may carry that make no sense', () => {
    const state = parse('owner=everyone&tag=%3Dnokey&from=yesterday&to=2026-13&sort=color&dir=up&state=%3Cscript%3E');
    expect(state).toMatchObject({ owner: undefined, tag: undefined, from: undefined, sort: 'created', dir: 'desc', state: undefined });
    expect(parse('tag=Name%3Ddb%3Dprimary').tag).toBe('Name=db=primary');
    expect(parse('tag=backup%3D').tag).toBe('backup=');
    expect(parse('volume=vol-12345678,disk1').volume).toBeUndefined();
  });

  it('takes a tag key alone (any value) and several volumes, for the overview\'s links', () => {
    const view = parse('tag=copied-from&volume=vol-12345678,vol-0000abcd');
    expect(view).toMatchObject({ tag: 'copied-from', volume: 'vol-12345678,vol-0000abcd' });
    expect(toFiltersSnapshot({ ...view, owner: 'mine' }, ME)).toEqual({ AccountIds: [ME], TagKeys: ['copied-from'], VolumeIds: ['vol-12345678', 'vol-0000abcd'] });
    expect(serializeListState(view)).toBe('?tag=copied-from&volume=vol-12345678%2Cvol-0000abcd');
  });

  it('names every parameter whose value it ignored, so the page can say so', () => {
    const invalid = (query: string) => invalidListParams(new URLSearchParams(query));
    expect(invalid('state=bogus')).toEqual(['state']);
    expect(invalid('state=completed&owner=mine&tag=a%3Db&volume=vol-12345678&from=2026-01-01&to=2026-01-02&sort=size&dir=asc&q=x')).toEqual([]);
    expect(invalid('owner=everyone&tag=%3Dnokey&volume=disk1&from=yesterday&to=2026-13&sort=color&dir=up&state=%3Cscript%3E')).toEqual([
      'state', 'owner', 'tag', 'volume', 'from', 'to', 'sort', 'dir',
    ]);
    expect(invalid('state=&q=')).toEqual([]);
    expect(invalid('from=2026-02-30&to=2026-13-01')).toEqual(['from', 'to']);
    expect(parse('state=pending ').state).toBe('pending');
    expect(invalid('state=pending ')).toEqual([]);
  });
});

describe('filters sent to ReadSnapshots', () => {
  it('maps each filter to FiltersSnapshot', () => {
    const base = parse('owner=all');
    expect(base.owner).toBe('all');
    expect(toFiltersSnapshot(base, ME)).toEqual({});
    expect(toFiltersSnapshot({ ...base, state: 'pending' }, ME)).toEqual({ States: ['pending'] });
    expect(toFiltersSnapshot({ ...base, owner: 'mine' }, ME)).toEqual({ AccountIds: [ME] });
    expect(toFiltersSnapshot({ ...base, owner: 'shared' }, ME)).toEqual({ PermissionsToCreateVolumeAccountIds: [ME] });
    expect(toFiltersSnapshot({ ...base, owner: 'public' }, ME)).toEqual({ PermissionsToCreateVolumeGlobalPermission: true });
    expect(toFiltersSnapshot({ ...base, tag: 'env=prod', volume: 'vol-1', from: '2026-01-01', to: '2026-01-31' }, ME)).toEqual({
      Tags: ['env=prod'], VolumeIds: ['vol-1'], FromCreationDate: '2026-01-01T00:00:00.000Z', ToCreationDate: '2026-01-31T23:59:59.999Z',
    });
  });

  it('keeps the text search and sort on the client', () => {
    expect(toFiltersSnapshot({ ...parse('owner=all'), q: 'abc', sort: 'size', dir: 'asc' }, ME)).toEqual({});
  });

  it('reads own and shared with me by default, two reads with the same other filters, and no public crowd', () => {
    expect(parse('').owner).toBeUndefined();
    expect(toFiltersSnapshot(parse(''), ME)).toEqual([{ AccountIds: [ME] }, { PermissionsToCreateVolumeAccountIds: [ME] }]);
    expect(toFiltersSnapshot(parse('state=completed&tag=env%3Dprod'), ME)).toEqual([
      { AccountIds: [ME], States: ['completed'], Tags: ['env=prod'] },
      { PermissionsToCreateVolumeAccountIds: [ME], States: ['completed'], Tags: ['env=prod'] },
    ]);
    expect(serializeListState(parse('owner=all'))).toBe('?owner=all');
    expect(invalidListParams(new URLSearchParams('owner=all'))).toEqual([]);
  });

  it('tells mine, shared with me and public apart', () => {
    const snap = (AccountId: string, AccountIds: string[], GlobalPermission: boolean) =>
      ({ AccountId, PermissionsToCreateVolume: { AccountIds, GlobalPermission } }) as unknown as Snapshot;
    expect(ownerKind(snap(ME, [], true), ME)).toBe('mine');
    expect(ownerKind(snap('726094853215', [ME], false), ME)).toBe('shared');
    expect(ownerKind(snap('726094853215', [], true), ME)).toBe('public');
  });
});
